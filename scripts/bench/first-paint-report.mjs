// The report's section on the first-paint race (scripts/bench/first-paint.mjs measures it).
import { spread, time } from './format.mjs';

const pct = (k, n) => (n ? `${Math.round((k / n) * 100)} %` : 'n/a');
const score = (x) => (x === null || x === undefined ? 'n/a' : x.toFixed(3));
const signed = (ms) => (Number.isFinite(ms) && ms < 0 ? `−${time(-ms)}` : time(ms));
const count = (x) => (x === null || x === undefined ? 'n/a' : String(Math.round(x * 10) / 10));

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** One sentence per CPU rate: how often the guard let go first, for each visitor. */
function reading(cells) {
  const rates = [...new Set(cells.map((c) => c.rate))];
  return rates
    .map((rate) => {
      const parts = cells
        .filter((c) => c.rate === rate)
        .map((c) => `${c.guardFirst} of ${c.loads} loads (${pct(c.guardFirst, c.loads)}) for a ${c.visitor} visitor`);
      return `At CPU ${rate}× the guard let go before every shelf was ordered in ${parts.join(' and ')}.`;
    })
    .join(' ');
}

/** How much longer the 4× loads took to order the shelves than the 1× loads, per visitor. */
function slowdown(cells) {
  const out = [];
  for (const visitor of new Set(cells.map((c) => c.visitor))) {
    const one = cells.find((c) => c.visitor === visitor && c.rate === 1)?.orderedAt.median;
    const four = cells.find((c) => c.visitor === visitor && c.rate === 4)?.orderedAt.median;
    if (one && four) out.push(`${(four / one).toFixed(1)} times as long as at 1× for a ${visitor} visitor`);
  }
  return out.length ? `At 4×, ordering every shelf took ${out.join(' and ')}: throttling` : 'Throttling';
}

/** The section, numbered `n`; '' when the run did not measure the race. */
export function firstPaintSection(r, n) {
  const cells = r.firstPaint;
  if (!cells?.length) return '';
  const loads = cells[0].loads;
  const row = (c) => [c.visitor, `${c.rate}×`];
  const problems = cells
    .filter((c) => c.neverOrdered || c.notRunning || c.observerErrors.length)
    .map((c) => `${c.visitor} visitor at ${c.rate}×: ${[c.neverOrdered && `${c.neverOrdered} loads never ordered every shelf`, c.notRunning && `${c.notRunning} loads without a running engine`, ...c.observerErrors].filter(Boolean).join(', ')}`);
  return `## ${n}. First paint: the 300 ms guard race

The demo home page as a shopper's browser meets it: the page itself, with the first-paint snippet
of the README in its \`<head>\` (marked shelves and the hero slot hidden until the engine has
ordered them, shown anyway 300 ms after the snippet runs), and the demo's own engine script
(\`start({ config })\`), nothing replaced. Every load is cold: a fresh browser context, so an empty
HTTP cache and no compiled code from an earlier visit. CPU 1× is this machine; 4× is DevTools CPU
throttling (\`Emulation.setCPUThrottlingRate { rate: 4 }\` through a CDP session), the slowdown of
Lighthouse's mobile profile. No network throttling (the server is local); viewport 1280×800. A
new visitor has nothing stored; a returning visitor has the stored profile of §2 (and nothing
cached), so their shelves do move. ${loads} loads per row; times from the start of navigation.
These are figures, not pass/fail thresholds.

${table(
  ['visitor', 'CPU', 'guard let go before the shelves were ordered', 'every shelf and the slot ordered', 'guard let go', 'guard − ordered (negative: the engine was late)', 'first contentful paint'],
  cells.map((c) => [...row(c), `**${c.guardFirst} of ${c.loads}** (${pct(c.guardFirst, c.loads)})`, spread(c.orderedAt), spread(c.guardAt), spread(c.lead, signed), spread(c.firstContentfulPaint)]),
)}

${reading(cells)}

When the guard lets go first, the shopper sees those shelves in the shop's own order. The engine
then orders at once only the shelves off screen; those on screen keep that order until they have
left the viewport (released with \`data-sw-stale\`, which the first table counts as ordered), so a
late engine should add no layout shift to the next table. The guard's 300 ms run from its
\`<script>\` in the \`<head>\`, not from navigation, so it lets go at about 300 ms plus the time
the page takes to reach that script.
${slowdown(cells)} multiplies the page's own CPU time, not time spent waiting for the network or for a busy
machine's cores.

${table(
  ['visitor', 'CPU', 'loads with a long task (> 50 ms)', 'long tasks per load', 'longest task', 'total blocking time', 'CLS', 'worst CLS', 'loads with any shift'],
  cells.map((c) => [
    ...row(c),
    `${c.loadsWithLongTask} of ${c.loads}`,
    spread(c.longTasks, count),
    spread(c.longestTask),
    spread(c.blockingTime),
    spread(c.cls, score),
    score(c.cls.max),
    `${c.loadsWithShift} of ${c.loads}`,
  ]),
)}

Long tasks and layout shifts of the whole load (until a second after the last shelf was
ordered), from \`PerformanceObserver\`s installed before any page script. Total blocking time is
Lighthouse's: the sum over long tasks of their time beyond 50 ms. CLS is the web-vitals figure:
the largest session window of layout shifts.${problems.length ? `\n\n**Incomplete loads:** ${problems.join('; ')}.` : ''}
`;
}
