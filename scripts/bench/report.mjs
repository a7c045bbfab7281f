// The results document → bench/REPORT.md, keeping the offline evaluation's block (written by
// `npm run eval` between its markers) verbatim at the end.
import { existsSync, readFileSync } from 'node:fs';
import { buildSettingsSection } from './build-settings-report.mjs';
import { describeCosts } from './costs.mjs';
import { firstPaintSection } from './first-paint-report.mjs';
import { journeySection } from './journeys-report.mjs';
import { catalogueSection } from './report-catalogue.mjs';
import { returningSection } from './returning-report.mjs';
import { SHOP_ATTRIBUTES } from './fixtures.mjs';
import { kb, spread, time } from './format.mjs';
import { WASM_OPT } from '../build.mjs';

const EVAL = /<!-- eval:start -->[\s\S]*?<!-- eval:end -->/;
// A hand-written record of earlier figures (before and after a change), kept from run to run.
const HISTORY = /<!-- history:start -->[\s\S]*?<!-- history:end -->/;

const int = (n) => Math.round(n).toLocaleString('en-US');
const pct = (x) => `${(x * 100).toFixed(1)} %`;
const ratio = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a');

function value(b) {
  switch (b.unit) {
    case 'bytes':
      return kb(b.value);
    case 'ms':
      return time(b.value);
    case 'ratio':
      return ratio(b.value);
    case 'events/s':
      return `${int(b.value)} events/s`;
    case 'loads':
      return `${b.value} of ${b.of}`;
    default:
      return String(Math.round(b.value * 1000) / 1000);
  }
}

function budgetText(b) {
  const target = { bytes: () => `≤ ${kb(b.budget)}`, ms: () => `≤ ${time(b.budget)}`, ratio: () => `≤ ${ratio(b.budget)}`, 'events/s': () => `≥ ${int(b.budget)} events/s` }[b.unit];
  return target ? target() : b.unit === 'loads' ? 'none' : String(b.budget);
}

function verdict(b) {
  if (b.met) return 'met';
  if (b.factor === null) return 'missed';
  const over = b.unit === 'bytes' ? ` (+${kb(b.value - b.budget)})` : '';
  return `missed: ${b.factor.toFixed(b.factor >= 10 ? 0 : 1)}× the budget${over}`;
}

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** The table of what a .wasm's code is made of, by owner. */
function breakdownText(bd, files, title, level = 3) {
  if (!bd?.rows) return `(No breakdown of the .wasm: ${bd?.skipped ?? 'not measured'}.)\n`;
  return `${'#'.repeat(level)} ${title}

A copy built like the shipped one but keeping function names (wasm-bindgen, then \`wasm-opt${WASM_OPT.map((p) => ` ${p}`).join('')}
-g\`): ${kb(bd.total - bd.names)} without its name section (shipped: ${kb(files.find((f) => f.file.endsWith('.wasm')).raw)}), of which
code ${kb(bd.code)} in ${int(bd.functions)} functions, data (string constants, tables) ${kb(bd.data)}, and
${kb(bd.other)} of types, imports, exports and tables. Code by the crate (or Shelfwise module) each
function's name belongs to; generic code lands where it is defined (a \`Vec\` of our own type
counts as std). "gzip alone" compresses that code by itself, a rough guide to its share of the download.

${table(
  ['owner', 'functions', 'code', 'share', 'gzip alone', 'largest function'],
  bd.rows.slice(0, 16).map((x) => [x.owner, int(x.functions), kb(x.bytes), pct(x.share), kb(x.gzipAlone), `\`${x.largest[0].name.slice(0, 70)}\` (${kb(x.largest[0].bytes)})`]),
)}

Largest functions: ${bd.top.slice(0, 8).map((t) => `\`${t.name.slice(0, 60)}\` ${kb(t.bytes)}`).join(', ')}.
`;
}

/** The whole report. `previous` is the current REPORT.md text (its eval block is kept). */
export function markdown(r, previous = '') {
  const day = r.date.slice(0, 10);
  const files = r.size.files;
  const total = files.find((f) => f.file === 'total');
  const bd = r.size.breakdown;
  const s = r.start;
  const p = r.peers;
  const nb = r.native.benchmarks ?? {};
  const out = [];
  out.push(`# Performance report

Measured ${day} by \`npm run bench\` (commit ${r.commit ?? 'unknown'}${r.uncommittedChanges ? ', with uncommitted changes' : ''}). Every
figure is the median over repeated runs with its spread (p10–p90); the raw samples are in
[results.json](results.json). Browser figures come from headless Chromium driven through
the public API (\`start\`, \`sw.*\`); native ones from criterion (\`benches/core.rs\`).

**Machine:** ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, ${r.machine.os}.
Load average (1/5/15 min) ${r.machine.loadAverage.before.join(' / ')} before the run and ${r.machine.loadAverage.after.join(' / ')} after${r.machine.loadAverage.before[0] > r.machine.cores ? ': the machine was shared and busy, so absolute times are inflated and noisy' : ''}.
**Versions:** Node ${r.versions.node}, Chromium ${r.versions.chromium}, ${r.versions.rustc}${r.versions.rustcNightly ? ` (the engine pages download: ${r.versions.rustcNightly})` : ''}, ${r.versions.wasmBindgen}, ${r.versions.wasmOpt ?? 'wasm-opt unknown'}.

## Against the budgets

${table(
  ['figure', 'measured', 'budget', 'verdict'],
  r.budgets.map((b) => [b.label, value(b), budgetText(b), verdict(b)]),
)}

${describeCosts(r)}
${previous.match(HISTORY)?.[0] ? `\n${previous.match(HISTORY)[0]}\n` : ''}
## 1. Bytes shipped

What a browser downloads for the engine (\`npm run size\` prints the same table). Anchors:
Optimizely's JS SDK 45.3 KB gzip, its React SDK ~30 KB, GrowthBook's JS SDK 6.9 KB (which tracks
and ranks nothing).${r.size.limit ? ` \`npm test\` fails when the gzip total grows past the ${r.size.limit.toLocaleString('en-US')} bytes committed in
[size-limit.json](size-limit.json) (\`npm run size -- --set-limit\` moves that figure to the current total).` : ''}

${table(
  ['file', 'raw', 'gzip -9', 'brotli'],
  files.map((f) => [f.file === 'total' ? '**total**' : `\`${f.file}\``, kb(f.raw), f.file === 'total' ? `**${kb(f.gzip)}**` : kb(f.gzip), kb(f.brotli)]),
)}
`);
  out.push(breakdownText(bd, files, 'What the .wasm is made of'));
  const od = r.size.onDemand;
  if (od) {
    out.push(`### Loaded on demand

What a page downloads only when something asks for it: \`validateConfig()\`, \`explainSegment\`,
\`explainWidget\`, \`explainRank\` and the debug overlay load the checking and explaining part of
the engine (every config error with its message and suggestion, explanations), a second build of
the crate with its \`tooling\` feature. A page that never asks downloads none of it.

${table(
  ['file', 'raw', 'gzip -9', 'brotli'],
  od.map((f) => [f.file === 'total' ? '**total**' : `\`${f.file}\``, kb(f.raw), f.file === 'total' ? `**${kb(f.gzip)}**` : kb(f.gzip), kb(f.brotli)]),
)}
`);
  }
  const moved = s.widgets.map((w) => `${w.id} ${w.moved} of ${w.items} items moved`).join(', ');
  out.push(`## 2. Start to ordered

The demo home page (${s.widgets.length} widgets and the hero slot) loaded ${s.loads} times by a returning visitor whose
profile was built over ${s.profileVisits} earlier visits spanning 8 weeks (${s.profileEvents} tracked events, each visit flushed
to storage); every load starts from that same stored profile. The engine's script fetches the .wasm first (network is not the engine's cost), then the
clock runs from \`start()\` until every widget is in personalized order. Each load compiles a fresh
copy of the .wasm (a random custom section defeats every code cache), so this is the cold case.

${table(
  ['phase', 'median (p10–p90)'],
  [
    ['**start to ordered** (init + engine)', `**${spread(s.total)}**`],
    ['init: compile + instantiate the .wasm', spread(s.init)],
    ['engine: config, stored profile, segments, order the widgets and the slot (first run of this code)', spread(s.engine)],
    ['the same engine work again on the same page (code already run once)', spread(s.warm)],
    ['fetching the .wasm before the clock starts (not counted)', spread(s.fetch)],
    ['page navigation to the engine script starting (not counted)', spread(s.scriptStart)],
  ],
)}

Every widget ordered and marked \`data-sw-ready="personalized"\` in ${s.allOrdered} of ${s.loads} loads (${moved};
segments: ${s.segments.join(', ') || 'none'}). Anchors: anti-flicker snippets hide the page for up to
4000 ms (Google Optimize), 3000 ms (Adobe Target), 3500 ms (GrowthBook) and 2000 ms (VWO).

Cold compile of the .wasm alone (${kb(r.compile.bytes)}, fresh page each time, ${r.compile.compile.n} runs):
\`WebAssembly.compile\` ${spread(r.compile.compile)}; \`init()\` (compile + instantiate) ${spread(r.compile.init)}.

## 3. Ingest

${int(r.ingest.events)} events through the public \`sw.track(name, params)\` (JSON crossing into the .wasm,
event checks, profile update, the 50 segments re-evaluated after each event, the result crossing
back), in batches of ${r.ingest.batch}; config of ${r.ingest.config.segments} segments over ${r.ingest.config.features} features; a visitor with
400 events of history; mix: ${Object.entries(r.ingest.mix).map(([k, v]) => `${k} ${v}`).join(', ')}${r.ingest.failed ? `; ${r.ingest.failed} rejected` : ''}. Widgets on the page would
add their re-ordering (§5); this page has none.

**${spread(r.ingest.eventsPerSecond, (x) => `${int(x)} events/s`)}**, i.e. ${spread(r.ingest.perEvent)} per event.

## 4. Segments

\`sw.setAttributes(attrs)\` with the shop's attributes of a signed-in customer (${Object.keys(SHOP_ATTRIBUTES).length} keys): the
call crosses into the .wasm as JSON, the attributes are checked, the engine computes again the
attribute slots that read \`attrs.*\` and evaluates the segments whose slots (or earlier segments)
changed, and the change crosses back. Every call here passes the same attributes, so no slot
changes and no segment is evaluated again: this is the call's cost without evaluation, not the cost
of evaluating ${r.segments.counts.all} segments (for that, see \`segments/eval\` in the native section). The whole attributes
document (what \`sw.attributes()\` returns) is ${int(p.documentChars)} characters as JSON. ${r.segments.members} of ${r.segments.counts.all} segments hold for this visitor.

${table(
  ['engine config', 'per call'],
  [
    [`${r.segments.counts.all} segments`, `**${spread(r.segments.all)}**`],
    [`${r.segments.counts.subset} segments (those JSON Logic can express)`, spread(r.segments.subset)],
    ['no segments (what the call costs without segments to evaluate)', spread(r.segments.none)],
  ],
)}
`);
  out.push(`## 5. Ranking and the DOM

\`sw.rank('bench-rank', items)\` with 6 rules (preferences, affinity, related to cart and viewed,
recently viewed buried, purchased buried, a boost for one segment); items carry id, category,
brand, price, tags and related ids. The same items are ranked again and again (a framework
ranking on every render): the engine keeps them by id, so after the first call only their numbers
cross in and their places come back; items new or changed since cross as JSON rows.

${table(
  ['operation', 'median (p10–p90)'],
  [
    ['**rank 1,000 items**', `**${spread(r.rank.items1000)}**`],
    ['rank 200 items', spread(r.rank.items200)],
    ['the 1,000 items with a strategy of no rules (the items\' numbers in, places out)', spread(r.rank.plain1000)],
    [`**order a fresh ${r.dom.items}-item widget in the page**, then force style and layout`, `**${spread(r.dom.refreshAndLayout)}**`],
    ['… of which `sw.refresh(widget)`: read the markup, rank, move the nodes', spread(r.dom.refresh)],
    ['… of which the style and layout the new order causes (read `offsetHeight`)', spread(r.dom.layout)],
    ...(r.event
      ? [
          [`**one event on a page with an ordered ${r.event.items}-item grid**: \`sw.track\` and the re-order it queues`, `**${spread(r.event.reorder)}**`],
          ['… then the style and layout it causes', spread(r.event.layout)],
        ]
      : []),
  ],
)}

${r.rank.moved} of 1,000 items changed place; ${r.dom.moved} of ${r.dom.items} widget items moved in the DOM.${r.event ? ` Of ${r.event.events} events (views, clicks, adds to cart, purchases of the grid's items), ${r.event.moves} moved the grid.` : ''}

## 6. Storage

${int(r.storage.events)} events over ${r.storage.days} days (catalog of ${int(r.storage.catalog)} products, demo config), one page load per session
(${r.storage.sessions} sessions), each saved when it ends.

${table(
  ['figure', 'value'],
  [
    ['**stored profile** (UTF-8)', `**${kb(r.storage.profileBytes)}** (${int(r.storage.profileBytes)} bytes; gzip ${kb(r.storage.profileGzip)})`],
    ['same history replayed natively (`Engine::track`)', r.storage.nativeProfileBytes ? kb(r.storage.nativeProfileBytes) : 'n/a'],
    ['start with the full profile stored (load)', spread(r.storage.loadFull)],
    ['start with nothing stored', spread(r.storage.loadEmpty)],
    ['save at the end of a page (`stop()` flushes: read, merge, write)', spread(r.storage.saveFull)],
    [`load / save over the ${r.storage.sessions} sessions as the profile grew`, `${spread(r.storage.loadDuring)} / ${spread(r.storage.saveDuring)}`],
  ],
)}

Largest parts of the stored profile: ${r.storage.parts.slice(0, 6).map((x) => `${x.key} ${kb(x.chars)}`).join(', ')}.

## 7. Page health

Observed with \`PerformanceObserver\` (long tasks, layout shifts) installed before any page script,
on the ${s.loads} loads of §2.

${table(
  ['figure', 'value'],
  [
    ['loads with a long task (> 50 ms) during start', `${s.longTasksDuringStart.loadsWith} of ${s.loads}${s.longTasksDuringStart.durations.n ? `; their length ${spread(s.longTasksDuringStart.durations)}` : ''}`],
    ['loads with a long task anywhere in the load', `${s.longTasksInLoad.loadsWith} of ${s.loads}`],
    ['layout shift after the engine started', `${spread(s.shiftAfterStart, (x) => x.toFixed(3))}, worst ${s.shiftAfterStart.max?.toFixed(3)}`],
    ['… in loads where the first-paint guard still hid the widgets', s.shiftAfterStartWhenGuardHeld.n ? `${spread(s.shiftAfterStartWhenGuardHeld, (x) => x.toFixed(3))} (${s.shiftAfterStartWhenGuardHeld.n} loads)` : 'none: the guard had already let go in every load'],
    ['loads where the 300 ms guard let go before the engine ordered', `${s.guardReleasedEarly} of ${s.loads}`],
    ['cumulative layout shift of the whole load', spread(s.shiftInLoad, (x) => x.toFixed(3))],
  ],
)}

Instrument check: reversing a visible shelf by hand afterwards, moving nodes as the engine does
(\`moveBefore\`), scored a shift of ${Number(s.shiftProbe).toFixed(3)}${s.shiftProbe > 0 ? '' : ' (the observer did not see it, so read the zeros above with care)'}. (Chrome scores nodes moved with
\`moveBefore\`; a node removed and inserted again counts as new, not as shifted, so the same
reorder done with \`insertBefore\` would read 0 here while looking the same to the shopper.)
`);
  let section = 8;
  const race = firstPaintSection(r, section);
  if (race) {
    out.push(race);
    section += 1;
  }
  const returning = returningSection(r, section);
  if (returning) {
    out.push(returning);
    section += 1;
  }
  const journeys = journeySection(r, section);
  if (journeys) {
    out.push(journeys);
    section += 1;
  }
  out.push(`## ${section}. Peers

The same ${p.conditions} conditions on the same attributes document, in the same page and browser:
GrowthBook's JavaScript SDK (\`evalCondition\` of @growthbook/growthbook) and json-logic-js. Their time
is evaluation only (a ready JS object, nothing to build or cross); ours is the whole
\`setAttributes\` call of §4, which since the engine evaluates only what changed re-evaluates none of
the segments (the attributes are the same each call): **the ratio below is not a comparison of
evaluators**; the native \`segments/eval\` (all compiled conditions over ready slots) is the
closest to one. ${p.rewrittenForGrowthBook} conditions use a plain value against an array attribute
(\`segments: "runner"\`), which Shelfwise matches against any element and GrowthBook 1.8 compares with
the whole array; GrowthBook gets them as \`$in: [value]\`, the same meaning.
JSON Logic can express ${p.expressibleInJsonLogic} of ${p.conditions}; not: ${p.notExpressible.map((x) => `${x.id} (${x.operator})`).join(', ')}.

${table(
  ['evaluator', 'conditions', 'per evaluation of all', 'Shelfwise ÷ it', 'same segments as Shelfwise'],
  [
    ['Shelfwise `setAttributes`', p.conditions, spread(r.segments.all), '', ''],
    ['GrowthBook `evalCondition`', p.conditions, spread(p.growthbookAll), `**${spread(p.ratios.growthbook, ratio)}**`, p.agreement.growthbook ? 'yes' : '**no**'],
    ['Shelfwise `setAttributes`', p.expressibleInJsonLogic, spread(r.segments.subset), '', ''],
    ['GrowthBook `evalCondition`', p.expressibleInJsonLogic, spread(p.growthbookSubset), spread(p.ratios.growthbookSubset, ratio), p.agreement.growthbookSubset ? 'yes' : '**no**'],
    ['json-logic-js `apply`', p.expressibleInJsonLogic, spread(p.jsonLogicSubset), spread(p.ratios.jsonLogic, ratio), p.agreement.jsonLogic ? 'yes' : '**no**'],
  ],
)}

Ratios are taken sample by sample (the page times one sample of each evaluator in turn), then
summarized. Evaluation alone: Shelfwise's call with 50 segments minus the same call with none is
${spread(p.ratios.growthbookEvaluationOnly, ratio)} GrowthBook's time${p.ratio.nativeEvaluation !== undefined ? `; the same 50 compiled conditions evaluated natively on a ready document (criterion) take ${time(nb['segments/eval'].median)}, ${ratio(p.ratio.nativeEvaluation)} GrowthBook's time in the browser` : ''}.
`);
  if (!r.native.skipped) {
    const row = (name, what) => [what, `\`${name}\``, spread(nb[name])];
    out.push(`## ${section + 1}. Native core (criterion)

Built with ${r.native.profile}; short measurement (the whole run stays under 10 minutes), so
spreads are wider than criterion's defaults. Same fixtures as the browser.

${table(
  ['what', 'benchmark', 'median (p10–p90)'],
  [
    row('segments/eval', '50 compiled conditions over ready attribute slots'),
    row('segments/attributes', 'build the whole attributes document from the profile'),
    row('segments/set_attributes', 'Engine::set_attributes, the same attributes again (slots computed, nothing changed)'),
    row('segments/set_attributes_none', 'Engine::set_attributes with no segments'),
    row('ingest/track', 'Engine::track: record, re-evaluate the segments whose inputs changed'),
    row('ingest/track_json', 'the same from the event\'s JSON text (parse, check, record, segments)'),
    row('page/event200', 'one event, then the 200-item grid re-ordered if its strategy reads what changed'),
    row('rank/items1000', 'rank 1,000 items, 6 rules'),
    row('rank/items200', 'rank 200 items, 6 rules'),
    row('rank/plain1000', 'rank 1,000 items with no rules'),
    row('rank/explain1000', 'rank 1,000 items, 6 rules, with every score\'s explanation (tooling)'),
    row('rank/json1000', '1,000 items from JSON text, no rules, order to JSON text (the shell\'s share)'),
    row('profile/encode', 'encode the 10,000-event profile'),
    row('profile/decode', 'decode (check, repair) it'),
    row('profile/flush_own', 'an event and a flush whose storage still holds this tab\'s last write'),
  ].filter((x) => x[2] !== 'n/a'),
)}
`);
  }
  section += r.native.skipped ? 1 : 2;
  const catalogue = catalogueSection(r.catalogue, section);
  if (catalogue) {
    out.push(catalogue);
    section += 1;
  }
  const settings = buildSettingsSection(r, section);
  if (settings) out.push(settings);
  const kept = previous.match(EVAL)?.[0];
  out.push(`## Does it help? Offline evaluation

${kept ?? '<!-- eval:start -->\n(`npm run eval` writes this section.)\n<!-- eval:end -->'}
`);
  return out.join('\n');
}

/** The current report's text, or '' when there is none. */
export function previousReport(path) {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}
