// For every missed budget, what the measurements say costs it (derived from the figures of
// the same run, so it stays true as the engine changes).
import { kb, spread, time } from './format.mjs';

const pct = (x) => `${Math.round(x * 100)} %`;
const share = (rows, test) => rows.filter((x) => test(x.owner)).reduce((s, x) => s + x.share, 0);

function sizeOf(files, bd, label) {
  const wasm = files.find((f) => f.file.endsWith('.wasm'));
  const total = files.find((f) => f.file === 'total');
  let text = `**${label}.** The .wasm is ${kb(wasm.gzip)} of the ${kb(total.gzip)} gzip total; the JS around it ${kb(total.gzip - wasm.gzip)}.`;
  if (bd?.rows) {
    const ours = share(bd.rows, (o) => o.startsWith('shelfwise'));
    const std = share(bd.rows, (o) => o.startsWith('Rust std'));
    const json = share(bd.rows, (o) => o === 'serde_json' || o === 'serde');
    const mods = bd.rows.filter((x) => x.owner.startsWith('shelfwise')).slice(0, 4);
    const stdTop = bd.rows.find((x) => x.owner.startsWith('Rust std'))?.largest ?? [];
    text += ` Of its code, the Rust standard library is ${pct(std)} (largest: ${stdTop.map((f) => `\`${f.name.slice(0, 70)}\``).join(', ')}), serde/serde_json ${pct(json)}, Shelfwise's own modules ${pct(ours)} (${mods.map((m) => `${m.owner.replace('shelfwise::', '')} ${kb(m.bytes)}`).join(', ')}), the exported entry points with what was inlined into them ${pct(share(bd.rows, (o) => o.startsWith('exported')))}; data is ${kb(bd.data)} more.`;
  }
  return text;
}

const size = (r) => sizeOf(r.size.files, r.size.breakdown, 'Size');

function start(r) {
  const s = r.start;
  const first = s.engine.median - s.warm.median;
  return `**Start to ordered.** ${time(s.total.median)} = init ${time(s.init.median)} (compile + instantiate) + engine ${time(s.engine.median)}. Run again on the same page the engine work takes ${time(s.warm.median)}, so about ${time(first)} is the first run of the code in the page. Most of it is compiling: the browser compiles each WebAssembly function lazily, on its first call, and start calls a large share of them (config compiler, profile decoder, attribute slots, conditions, ranking, DOM); the rest is the JS glue's and the DOM's own first runs.${s.trace ? ` Measured in ${s.trace.loads} more loads with V8's trace events on (slower: start to ordered ${time(s.trace.total.median)}): V8 compiled ${Math.round(s.trace.lazyFunctions.median)} functions${s.trace.lazyBytes?.median ? ` (${kb(s.trace.lazyBytes.median)} of code)` : ''} on their first call, on the page's main thread, in ${time(s.trace.lazy.median)}, ${time(s.trace.lazy.median / Math.max(1, s.trace.lazyFunctions.median))} each on average${s.trace.lazyMedian?.median ? ` (median ${time(s.trace.lazyMedian.median)}; the five longest took ${time(s.trace.lazyLongest5.median)} together: the largest functions, and the main thread kept waiting on this shared machine)` : ''}: the baseline compiler's own work is ${time(s.trace.baseline.median)} of it, the rest is stopping at each function and putting its code in place; optimizing compiles ran in the background (${time(s.trace.topTier.median)}). So each function on the path of start costs about its median compile whatever its size, and its bytes on top.${owners(s.trace)} Fewer, larger functions on the path of start cut the count.` : ''}`;
}

function longTasks(r) {
  const s = r.start;
  return `**Long tasks.** The long task is the start itself, ${spread(s.longTasksDuringStart.durations)} long: init and the engine's first run happen in one task, so whatever of §2 exceeds 50 ms is one long task.`;
}

function shift(r) {
  const s = r.start;
  const held = s.shiftAfterStartWhenGuardHeld;
  return `**Layout shift.** In ${s.guardReleasedEarly} of ${s.loads} loads the first-paint guard (300 ms after the page's head) let go before the engine had ordered: the engine script started ${time(s.scriptStart.median)} after navigation on this machine, plus the fetch and start. The shelves were then visible in their original order and reordering them shifted the layout. ${held.n ? `In the ${held.n} loads where the guard still hid them, the shift was ${held.max === 0 ? '0' : spread(held, (x) => x.toFixed(3))}.` : 'No load ordered within the guard, so the zero-shift path was not observed.'}`;
}

function segments(r) {
  const nb = r.native.benchmarks ?? {};
  const seg = r.segments;
  const fixed = seg.none.median;
  const evalPart = Math.max(0, seg.all.median - fixed);
  let text = `**Segment evaluation.** Our ${time(seg.all.median)} per \`setAttributes\` against GrowthBook's ${time(r.peers.growthbookAll.median)} (which gets a ready document): the same call on an engine without segments takes ${time(fixed)}, a difference of ${time(evalPart)}; the attributes are the same on every call, so no segment is evaluated again and this is not an evaluation time.`;
  if (nb['segments/eval'] && nb['segments/attributes']) {
    text += ` Natively, building the whole attributes document (what tools and \`sw.attributes()\` see, not what segments read) takes ${time(nb['segments/attributes'].median)} and evaluating the 50 compiled conditions over ready slots ${time(nb['segments/eval'].median)}; \`Engine::set_attributes\` with 50 segments ${time(nb['segments/set_attributes']?.median)} vs ${time(nb['segments/set_attributes_none']?.median)} with none.`;
  }
  return text;
}

function ingest(r) {
  const nb = r.native.benchmarks ?? {};
  const track = nb['ingest/track'];
  const json = nb['ingest/track_json'];
  let text = `**Ingest.** An event costs ${time(r.ingest.perEvent.median)} through \`sw.track\`: the event crosses the wasm boundary as JSON text, is checked and recorded, the attribute slots whose parts of the visitor's data it changed are computed again and only the segments reading them are evaluated; the JS side then queues a re-order and a flush.`;
  if (track) text += ` Natively \`Engine::track\` takes ${time(track.median)} (${Math.round(1000 / track.median).toLocaleString('en-US')} events/s)${json ? ` and the same from the event's JSON text ${time(json.median)}` : ''}, so the rest of the browser figure is the boundary (string copies both ways, the JS glue) and the shell's bookkeeping.`;
  return text;
}

function event(r) {
  const nb = r.native.benchmarks ?? {};
  const e = r.event;
  const n = nb['page/event200'];
  return `**One event, 200-item grid.** ${time(e.reorder.median)} for the event and the re-order it queues (${e.moves} of ${e.events} events moved the grid)${n ? `; natively the event with the grid ordered again when its strategy reads what changed takes ${time(n.median)}` : ''}. The rest is the shell's DOM work: reading the grid's items again, moving the nodes.`;
}

function rank(r) {
  const nb = r.native.benchmarks ?? {};
  const n = nb['rank/items1000'];
  const plain = r.rank.plain1000.median;
  return `**Ranking.** ${time(r.rank.items1000.median)} for 1,000 items through \`sw.rank\`. The same call with a strategy of no rules takes ${time(plain)} (the items, kept by id since the first call, crossing in as numbers, their places crossing back), so the 6 rules cost about ${time(Math.max(0, r.rank.items1000.median - plain))}${n ? `; natively \`Engine::rank\` with them takes ${time(n.median)}` : ''}${nb['rank/plain1000'] && nb['rank/json1000'] ? `, with no rules ${time(nb['rank/plain1000'].median)}, and with no rules from JSON text to JSON text ${time(nb['rank/json1000'].median)}` : ''}. 200 items take ${time(r.rank.items200.median)}: ${r.rank.items1000.median / r.rank.items200.median > 6 ? 'more than linear in the number of items' : 'about linear in the number of items'}.`;
}

function profile(r) {
  return `**Profile.** ${kb(r.storage.profileBytes)}; largest parts: ${r.storage.parts.slice(0, 4).map((x) => `${x.key} ${kb(x.chars)}`).join(', ')}.`;
}

/** Whose functions V8 compiled at start (the traced loads' medians), largest owners first. */
function owners(trace) {
  const rows = trace.byOwner?.filter((r) => r.owner !== '(no names)' && r.functions > 0);
  if (!rows?.length) return '';
  const total = rows.reduce((n, r) => n + r.functions, 0);
  const std = rows.find((r) => r.owner.startsWith('Rust std'));
  const top = rows.slice(0, 8).map((r) => `${r.owner} ${Math.round(r.functions)}`).join(', ');
  return ` By owner (the names of the shipped code's named copy): ${top}.${std ? ` ${Math.round((100 * std.functions) / total)} % of them are Rust std's generic code instantiated for the engine's types (a \`Vec\`'s push, growth and drop for each type of element, iterator adapters), compiled one by one like the engine's own.` : ''}`;
}

const WHY = { size, start, longTasks, shift, segments, ingest, event, rank, profile };

/** "What costs it" for every missed budget, as Markdown paragraphs ('' when all are met). */
export function describeCosts(r) {
  const missed = r.budgets.filter((b) => !b.met && WHY[b.id]);
  if (!missed.length) return 'Every budget is met.';
  return `### What costs it where a budget is missed\n\n${missed.map((b) => WHY[b.id](r)).join('\n\n')}`;
}
