// The returning visitor's browser (scripts/bench/returning.mjs measures it): figures per visit
// and the report's section, next to the cold loads of the first-paint race.
import { kb, spread, time } from './format.mjs';
import { stats } from './results.mjs';

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** The first WebAssembly compile or instantiation of a load, with its duration. */
const first = (l) => l.page?.calls?.[0] ?? null;
/** The entries of compiled WebAssembly in a listing of the profile's code cache (files `<key>_0`). */
const entries = (files) => (files ?? []).filter((f) => /_0$/.test(f.name));
const cacheBytes = (files) => entries(files).reduce((sum, f) => sum + f.bytes, 0);

/** The visits' figures: the first (cold) visit of each profile against the later ones. */
export function returningSummary(samples) {
  if (!samples?.length) return null;
  const group = (loads) => {
    const ordered = loads.filter((l) => l.ordered);
    const wasm = loads.map(first).filter(Boolean);
    return {
      loads: loads.length,
      neverOrdered: loads.length - ordered.length,
      notRunning: loads.filter((l) => l.running !== true).length,
      orderedAt: stats(ordered.map((l) => l.orderedAt)),
      instantiate: stats(wasm.map((c) => c.end - c.start)),
      afterInstance: stats(ordered.filter(first).map((l) => l.orderedAt - first(l).end)),
      streaming: wasm.filter((c) => c.name === 'instantiateStreaming' && !c.failed).length,
      apis: [...new Set(wasm.map((c) => c.name))],
      transferSize: stats(loads.map((l) => l.page?.transferSize)),
      loadsWithLongTask: loads.filter((l) => l.longTasks > 0).length,
      longestTask: stats(loads.map((l) => l.longestTask)),
      blockingTime: stats(loads.map((l) => l.blockingTime)),
      cls: stats(loads.map((l) => l.cls)),
      keptAfter: loads.filter((l) => entries(l.codeCache).length > 0).length,
      codeCacheBytes: stats(loads.filter((l) => entries(l.codeCache).length > 0).map((l) => cacheBytes(l.codeCache))),
    };
  };
  const profiles = new Set(samples.map((s) => s.profile)).size;
  const visits = Math.max(...samples.map((s) => s.visit));
  return {
    profiles,
    visits,
    lingerMs: samples[0].lingerMs,
    cold: group(samples.filter((s) => s.visit === 1)),
    returning: group(samples.filter((s) => s.visit > 1)),
    withCode: group(samples.filter((s) => s.visit > 1 && entries(s.codeCacheBefore).length > 0)),
    withoutCode: group(samples.filter((s) => s.visit > 1 && entries(s.codeCacheBefore).length === 0)),
    raw: samples,
  };
}

/** The section (a subsection of the first-paint race); '' when the run did not measure it. */
export function returningSection(r, n) {
  const v = r.returning;
  if (!v) return '';
  const race = r.firstPaint?.find((c) => c.visitor === 'returning' && c.rate === 1);
  const row = (label, g) => [
    label,
    String(g.loads),
    `**${spread(g.orderedAt)}**`,
    spread(g.instantiate),
    spread(g.afterInstance),
    `${g.streaming} of ${g.loads}`,
    spread(g.transferSize, (x) => (x === null ? 'n/a' : x >= 1024 ? kb(x) : `${Math.round(x)} B`)),
    `${g.loadsWithLongTask} of ${g.loads}; longest ${spread(g.longestTask)}`,
    spread(g.blockingTime),
  ];
  const problems = [
    ['first visits', v.cold],
    ['later visits', v.returning],
  ]
    .filter(([, g]) => g.neverOrdered || g.notRunning || g.streaming < g.loads)
    .map(([what, g]) => `${what}: ${[g.neverOrdered && `${g.neverOrdered} loads never ordered every shelf`, g.notRunning && `${g.notRunning} loads without a running engine`, g.streaming < g.loads && `${g.loads - g.streaming} loads did not compile by streaming (${g.apis.join(', ')})`].filter(Boolean).join(', ')}`);
  const all = { loads: v.raw.length, keptAfter: v.cold.keptAfter + v.returning.keptAfter, codeCacheBytes: stats(v.raw.filter((l) => entries(l.codeCache).length > 0).map((l) => cacheBytes(l.codeCache))) };
  const speedup = v.cold.orderedAt.median && v.returning.orderedAt.median ? v.cold.orderedAt.median - v.returning.orderedAt.median : null;
  return `## ${n}. Returning visitor: the browser keeps the .wasm and its compiled code

The demo home page (the page of §8, its own engine script, nothing replaced) visited ${v.visits} times in each of
${v.profiles} browser profiles kept on disk, the browser closed and started again between visits (a shopper
coming back another day: nothing left in memory, only what the profile keeps). The server answers
as \`npm start\` does: the .wasm as \`application/wasm\` with \`Cache-Control: no-cache\` and an \`ETag\`, 304
while unchanged, so the browser keeps its copy and checks it on each visit. The engine's glue
compiles by streaming (\`WebAssembly.instantiateStreaming\` on the response), the path on which
Chrome keeps the code V8 compiled (for a module of 128 KB or more, once V8 has optimized its hot
functions) and hands it back for the same response. Each visit stays ${time(v.lingerMs)} on the page after the
shelves are ordered (a shopper reading it; time for V8 to optimize and the cache to be written).
The first visit of each profile is cold (the profile itself, and the stored visitor profile of §2 in
it, were written in a launch of their own before). CPU 1×; times from the start of navigation, as in §8.

${table(
  ['visits', 'loads', 'every shelf and the slot ordered', 'instantiateStreaming: call to instance', 'instance to every shelf ordered', 'compiled by streaming', '.wasm over the network', 'loads with a long task (> 50 ms)', 'total blocking time'],
  [
    row('first visit (cold)', v.cold),
    row(`visits 2 to ${v.visits} (returning)`, v.returning),
    // Split only when some returning visits found compiled code kept and some did not.
    ...(v.withCode?.loads && v.withoutCode?.loads
      ? [row('… of which found compiled code kept by the visit before', v.withCode), row('… of which found none kept', v.withoutCode)]
      : []),
  ],
)}

${race ? `Next to it, the cold loads of §8 (a fresh context each, nothing cached, same visitor profile, CPU 1×) ordered every shelf at ${spread(race.orderedAt)}, with a long task in ${race.loadsWithLongTask} of ${race.loads} loads; §2's start to ordered counts from \`init()\` instead of from navigation. ` : ''}Compiled WebAssembly in the profile (Chrome's \`Code Cache/wasm\`): after ${all.keptAfter} of ${all.loads} visits${all.keptAfter ? `, ${kb(all.codeCacheBytes.median)} when there was any` : ''}. V8 compiles each function lazily on its first call and keeps only code it has optimized (functions that ran hot), so even a kept entry spares only part of the compiling${all.keptAfter ? '' : ": V8 writes the cache once 1,000 bytes of optimized code exist and no function was compiled for 2 s (`wasm_caching_threshold`, `wasm_caching_timeout_ms` in V8's src/flags/flag-definitions.h), and optimizes a function only after it has run about 13 MB of code (`wasm_tiering_budget`), which the few milliseconds of engine work on a page never reach, so there is nothing to keep"}. ${speedup !== null ? `Returning visits ordered every shelf ${time(Math.abs(speedup))} ${speedup >= 0 ? 'sooner' : 'later'} than first visits (medians); the streaming compile took ${time(v.returning.instantiate.median)} against ${time(v.cold.instantiate.median)}, and the engine's first run after it ${time(v.returning.afterInstance.median)} against ${time(v.cold.afterInstance.median)}.` : ''}${problems.length ? `\n\n**Incomplete loads:** ${problems.join('; ')}.` : ''}
`;
}
