// The report's section on shoppers' journeys (scripts/bench/journeys.mjs measures them).
import { stats } from './results.mjs';
import { spread, time } from './format.mjs';

const pct = (k, n) => (n ? `${Math.round((k / n) * 100)} %` : 'n/a');

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** The journeys' figures from their samples (bench/results.json keeps the samples too). */
export function journeySummary(j) {
  if (!j) return null;
  const delays = [...new Set(j.consent.map((x) => x.delay))];
  return {
    wait: j.wait,
    bound: j.bound,
    load: j.load,
    consent: delays.map((delay) => {
      const s = j.consent.filter((x) => x.delay === delay);
      return {
        delay,
        loads: s.length,
        personalized: s.filter((x) => x.personalizedOnScreen).length,
        local: s.filter((x) => x.storage === 'local').length,
        lateStart: s.filter((x) => x.startCalledAt > 300).length,
        seenAt: stats(s.map((x) => x.seenAt)),
      };
    }),
    slots: [false, true].map((previous) => {
      const s = j.slots.filter((x) => x.previous === previous);
      return { previous, loads: s.length, variants: [...new Set(s.map((x) => x.variant))], loadsWithShift: s.filter((x) => x.shift > 0).length, shift: stats(s.map((x) => x.shift)), moved: stats(s.map((x) => x.moved)) };
    }),
    raw: j,
  };
}

/** The section, numbered `n`; '' when the run did not measure the journeys. */
export function journeySection(r, n) {
  const j = r.journeys;
  if (!j) return '';
  const now = j.slots.find((s) => !s.previous);
  const before = j.slots.find((s) => s.previous);
  return `## ${n}. Journeys on a storefront: a late consent banner, a content slot

The storefront test page (\`tests/e2e/fixtures/storefront/\`: a theme's collection grid, the Google
tag, a tag manager, a consent platform), loaded cold by a returning visitor in a fresh browser
context each time${j.load ? ` (the machine's load average was ${j.load.map((x) => x.toFixed(1)).join(' before, ')} after: shared with other builds, so times are long)` : ''}.

**A consent banner that answers late.** The shop requires consent; Consent Mode's \`default\`
denies storage and asks tags to wait ${j.wait} ms for an update (\`wait_for_update\`); the visitor
accepted on an earlier visit, and the consent platform re-applies that choice the given time after
the start of the load. Personalized on screen: the grid the shopper first saw (its order the frame
it became visible) is the visitor's personalized order. The wait is bounded by
\`storage.maxWaitForConsentMs\` (${j.bound} ms).

${table(
  ['banner answers after', 'loads', 'personalized on screen', 'storage local after the answer', 'start() called after the 300 ms timer', 'grid first shown at (median, p10–p90)'],
  j.consent.map((c) => [`${c.delay} ms`, c.loads, `**${c.personalized} (${pct(c.personalized, c.loads)})**`, c.local, c.lateStart ?? 'n/a', spread(c.seenAt, time)]),
)}

Reading: an answer within the wait the page asks for is waited for; a later one still counts
(storage is read, and widgets off screen take the personalized order), but the shelves on screen
were already shown in the shop's order and do not move under the shopper. When the browser paints
a frame between the first-paint snippet's 300 ms timer and the \`start()\` call, the shelves are
shown in the shop's order there, and the engine never hides them again: on a busy main thread
(module loading) no frame came in between in these loads.

**A content slot above the main content.** A returning runner (the slot shows its \`runners\`
variant, taller than \`default\`), with the first-paint snippet's style as the docs have it now
(the slot keeps the place of its tallest variant) and as it was before (variants not shown are
removed from the layout).

${table(
  ['first-paint style', 'loads', 'variant shown', 'loads with a layout shift', 'layout shift per load', 'content moved (px, largest)'],
  [now, before].map((s) => [s.previous ? 'before' : 'now', s.loads, s.variants.join(', '), s.loadsWithShift, spread(s.shift, (x) => x.toFixed(3)), spread(s.moved, (x) => String(Math.round(x)))]),
)}
`;
}
