// Shelfwise benchmarks in the browser, driven by `npm run bench` (scripts/bench.mjs), which
// reads `window.benchResult`. Everything goes through the public API (`start`, `sw.*`); times
// are per operation in milliseconds, one entry per sample, each sample long enough
// (≥ ~20 ms, or a single long operation) for the timer's resolution not to matter.
import { init, start } from '/pkg/shelfwise.js';
import * as fx from '/bench-lib/fixtures.mjs';
import { forGrowthBook, toJsonLogic } from '/bench-lib/peers.mjs';
import { evalCondition as growthbookEval } from '/vendor/@growthbook/growthbook/dist/bundles/esm.min.js';
import { withNonce } from '/bench-wasm.js';

const MODES = { micro, compile, storage };
const mode = new URLSearchParams(location.search).get('mode') ?? 'micro';
const status = document.getElementById('status');
const say = (msg) => {
  status.textContent += `\n${msg}`;
};
const now = () => performance.now();
const realDateNow = Date.now;
const HOUR = 3_600_000;

async function wasmBytes() {
  const res = await fetch('/pkg/shelfwise_wasm_bg.wasm');
  return new Uint8Array(await res.arrayBuffer());
}

/** How many repetitions of `fn` last about `targetMs` (the calibration rounds warm it up). */
function calibrate(fn, targetMs) {
  for (let k = 1; ; k *= 4) {
    const t0 = now();
    for (let i = 0; i < k; i++) fn();
    const dt = now() - t0;
    if (dt >= targetMs / 2 || k >= 1 << 20) return Math.max(1, Math.round((k * targetMs) / Math.max(dt, 0.005)));
  }
}

/**
 * Times each of `fns` (name → function) over `runs` samples of ~`targetMs`, taking one sample
 * of each in turn, so that a busy machine slows them all alike and their ratios stay fair.
 * Returns per-operation times (ms), one per sample, by name.
 */
function measure(fns, { runs = 31, targetMs = 20 } = {}) {
  const names = Object.keys(fns);
  const repeat = Object.fromEntries(names.map((n) => [n, calibrate(fns[n], targetMs)]));
  const out = Object.fromEntries(names.map((n) => [n, { perOp: [], repeat: repeat[n] }]));
  for (let r = 0; r < runs; r++) {
    for (const n of names) {
      const fn = fns[n];
      const k = repeat[n];
      const t0 = now();
      for (let i = 0; i < k; i++) fn();
      out[n].perOp.push((now() - t0) / k);
    }
  }
  return out;
}

/** Runs `fn` with `Date.now` reading `clock.t` (the engine's only clock), then restores it. */
async function simulated(clock, fn) {
  Date.now = () => clock.t;
  try {
    return await fn();
  } finally {
    Date.now = realDateNow;
  }
}

/** An engine whose visitor has a history: `primer` replayed over past days, preferences set. */
async function primedEngine(config, primer) {
  const end = realDateNow() - HOUR;
  const clock = { t: end + primer[0].t - 60_000 };
  return simulated(clock, async () => {
    const sw = await start({ config });
    for (const e of primer) {
      clock.t = end + e.t;
      sw.track(e.name, e.params);
    }
    sw.setPreferences(fx.PREFERENCES);
    return sw;
  });
}

/** Segment ids a condition names under `segments`. */
function namedSegments(condition) {
  const out = [];
  const walk = (v, key) => {
    if (typeof v === 'string' && key === 'segments') out.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k.startsWith('$') ? key : k);
  };
  walk(condition, '');
  return out;
}

/** Segments, peers, ranking, DOM and ingest, in one page. */
async function micro() {
  await init(await wasmBytes());
  const products = fx.catalog(5000);
  // Profile history and ingest stream use different products, so no view is a repeat.
  const primer = fx.events(products.slice(0, 2500), { count: 400, days: 60, seed: 3, uniqueViews: true });
  const logic = new Map(fx.SEGMENTS.map(([id, c]) => [id, toJsonLogic(c, fx.GROUPS)]));
  const missing = new Set(fx.SEGMENTS.filter(([id]) => !logic.get(id).rule).map(([id]) => id));
  for (const [id, c] of fx.SEGMENTS) if (namedSegments(c).some((s) => missing.has(s))) missing.add(id);
  const subset = fx.SEGMENTS.filter(([id]) => !missing.has(id));

  // A page has one engine at a time: the engines with fewer segments are measured first, each
  // with the same visitor history, then the one with them all is kept for the rest.
  say('building three engines with the same visitor history, one at a time…');
  const primed = async (segments) => {
    const sw = await primedEngine(fx.benchConfig(segments), primer);
    if (!sw.running) throw new Error('an engine did not start (see the console)');
    sw.setAttributes(fx.SHOP_ATTRIBUTES);
    return sw;
  };
  const alone = async (segments, name) => {
    const sw = await primed(segments);
    const members = sw.segments();
    const timing = measure({ [name]: () => sw.setAttributes(fx.SHOP_ATTRIBUTES) })[name];
    sw.stop();
    return { members, timing };
  };
  const some = await alone(subset, 'subset');
  const none = await alone([], 'none');
  const all = await primed();

  say('segments and peers: setAttributes vs GrowthBook and JSON Logic on the same document…');
  const doc = all.attributes();
  const gbAll = fx.SEGMENTS.map(([id, c]) => [id, forGrowthBook(c).condition]);
  const gbSubset = gbAll.filter(([id]) => !missing.has(id));
  const jlSubset = subset.map(([id]) => [id, logic.get(id).rule]);
  const run = (conds, evaluate) => () => {
    const member = [];
    doc.segments = member;
    for (const [id, c] of conds) if (evaluate(c)) member.push(id);
    return member;
  };
  const gb = (c) => growthbookEval(doc, c, fx.GROUPS);
  const jl = (rule) => jsonLogic.truthy(jsonLogic.apply(rule, doc));
  const agree = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const ours = { all: all.segments(), subset: some.members };
  const theirs = { gbAll: run(gbAll, gb)(), gbSubset: run(gbSubset, gb)(), jlSubset: run(jlSubset, jl)() };
  const t = measure({
    all: () => all.setAttributes(fx.SHOP_ATTRIBUTES),
    growthbookAll: run(gbAll, gb),
    growthbookSubset: run(gbSubset, gb),
    jsonLogicSubset: run(jlSubset, jl),
  });
  const segments = { all: t.all, subset: some.timing, none: none.timing };
  const peers = {
    growthbookAll: t.growthbookAll,
    growthbookSubset: t.growthbookSubset,
    jsonLogicSubset: t.jsonLogicSubset,
    conditions: fx.SEGMENTS.length,
    expressibleInJsonLogic: subset.length,
    notExpressible: fx.SEGMENTS.filter(([id]) => missing.has(id)).map(([id]) => ({ id, operator: logic.get(id).missing ?? 'names a segment that is not expressible' })),
    rewrittenForGrowthBook: fx.SEGMENTS.reduce((n, [, c]) => n + forGrowthBook(c).rewritten, 0),
    members: { ours: ours.all, growthbook: theirs.gbAll },
    agreement: {
      growthbook: agree(ours.all, theirs.gbAll),
      growthbookSubset: agree(ours.subset, theirs.gbSubset),
      jsonLogic: agree(ours.subset, theirs.jlSubset),
    },
    documentChars: JSON.stringify(doc).length,
  };
  doc.segments = ours.all;

  say('ranking: 1,000 items, 6 rules…');
  const rank1000 = products.slice(0, 1000).map(fx.rankItem);
  const rank200 = products.slice(1000, 1200).map(fx.rankItem);
  const check = all.rank('bench-rank', rank1000);
  const ranked = measure(
    {
      items1000: () => all.rank('bench-rank', rank1000),
      items200: () => all.rank('bench-rank', rank200),
      plain1000: () => all.rank('bench-plain', rank1000),
    },
    { runs: 21 },
  );
  const rank = {
    ...ranked,
    personalized: check.personalized,
    moved: check.order.filter((id, i) => id !== rank1000[i].id).length,
  };

  say('DOM: ordering a 200-item widget…');
  const dom = await domOrder(all, products.slice(1000, 1200));

  say('ingest: events through sw.track…');
  const stream = fx.events(products.slice(2500), { count: 4250, days: 1, seed: 5, uniqueViews: true });
  let cursor = 0;
  let failed = 0;
  const batch = 250;
  const ingest = { perOp: [], batch, config: { segments: fx.SEGMENTS.length, features: Object.keys(fx.FEATURES).length } };
  for (let b = 0; cursor + batch <= stream.length; b++) {
    const t0 = now();
    for (let i = 0; i < batch; i++) {
      const e = stream[cursor++];
      if (!all.track(e.name, e.params).ok) failed += 1;
    }
    const dt = (now() - t0) / batch;
    if (b > 0) ingest.perOp.push(dt); // the first batch warms up
  }
  ingest.failed = failed;
  ingest.mix = stream.slice(batch, cursor).reduce((m, e) => ((m[e.name] = (m[e.name] ?? 0) + 1), m), {});
  return { segments, peers, rank, dom, ingest, segmentsNow: all.segments() };
}

/** Orders a fresh 200-item widget with `sw.refresh(widget)`, then forces layout; per sample. */
async function domOrder(sw, products) {
  const stage = document.getElementById('stage');
  const build = () => {
    const w = document.createElement('section');
    w.className = 'shelf';
    w.dataset.swWidget = 'bench-rank';
    for (const p of products) {
      const a = document.createElement('article');
      Object.assign(a.dataset, { swItem: p.id, swCategory: p.category.join('/'), swBrand: p.brand, swPrice: String(p.price), swTags: p.tags.join(' ') });
      if (p.related.length) a.dataset.swRelated = p.related.join(' ');
      const b = document.createElement('b');
      b.textContent = p.id;
      a.append(b, `${p.brand} · €${p.price}`);
      w.append(a);
    }
    return w;
  };
  const ids = (w) => [...w.children].map((c) => c.dataset.swItem);
  const perOp = [];
  const refresh = [];
  const layout = [];
  let moved = 0;
  for (let r = 0; r < 23; r++) {
    const w = build();
    stage.append(w);
    void w.offsetHeight; // lay out the original order first
    const before = ids(w);
    const t0 = now();
    sw.refresh(w);
    const t1 = now();
    void w.offsetHeight; // the style and layout work the new order causes
    const t2 = now();
    moved = ids(w).filter((id, i) => id !== before[i]).length;
    w.remove();
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (r >= 2) {
      perOp.push(t2 - t0);
      refresh.push(t1 - t0);
      layout.push(t2 - t1);
    }
  }
  return { perOp, refresh, layout, items: products.length, moved };
}

/** Cold compile of the .wasm, and `init` (compile + instantiate) of another cold copy. */
async function compile() {
  const bytes = await wasmBytes();
  const a = withNonce(bytes);
  const t0 = now();
  await WebAssembly.compile(a);
  const t1 = now();
  const b = withNonce(bytes);
  const t2 = now();
  await init(b);
  const t3 = now();
  return { compile: t1 - t0, init: t3 - t2, bytes: bytes.length };
}

/**
 * 10,000 events over 90 days on the demo config, with storage on: one page load (a new
 * engine, loading the stored profile) per session, saved when it ends (`stop` flushes).
 */
async function storage() {
  const config = await (await fetch('/shelfwise.config.json')).json();
  await init(await wasmBytes());
  localStorage.clear();
  const products = fx.catalog(5000);
  const stream = fx.events(products, { count: 10_000, days: 90, seed: 11 });
  const sessions = [];
  for (const e of stream) (sessions[e.session] ??= []).push(e);
  const end = realDateNow() - HOUR;
  const clock = { t: 0 };
  const load = [];
  const save = [];
  await simulated(clock, async () => {
    for (const s of sessions.filter(Boolean)) {
      clock.t = end + s[0].t - 1000;
      const t0 = now();
      const sw = await start({ config });
      load.push(now() - t0);
      if (!sw.running) throw new Error('the engine did not start (see the console)');
      for (const e of s) {
        clock.t = end + e.t;
        sw.track(e.name, e.params);
      }
      clock.t += 1000;
      const t1 = now();
      sw.stop();
      save.push(now() - t1);
    }
  });
  const text = localStorage.getItem('shelfwise:profile') ?? '';
  const parts = Object.entries(JSON.parse(text || '{}')).map(([key, v]) => ({ key, chars: JSON.stringify(v).length }));
  // At the final size: start with the profile stored vs with nothing stored, and the save.
  const full = { load: [], save: [], loadEmpty: [] };
  for (let r = 0; r < 21; r++) {
    localStorage.setItem('shelfwise:profile', text);
    let t0 = now();
    const sw = await start({ config });
    full.load.push(now() - t0);
    t0 = now();
    sw.stop();
    full.save.push(now() - t0);
    localStorage.removeItem('shelfwise:profile');
    t0 = now();
    const fresh = await start({ config });
    full.loadEmpty.push(now() - t0);
    fresh.stop();
  }
  localStorage.setItem('shelfwise:profile', text);
  return { events: stream.length, sessions: sessions.filter(Boolean).length, days: 90, catalog: products.length, text, parts, load, save, full };
}

try {
  window.benchResult = { mode, ...(await MODES[mode]()) };
  say('done');
} catch (e) {
  window.benchResult = { mode, error: `${e?.message ?? e}\n${e?.stack ?? ''}` };
  say(`failed: ${e?.message ?? e}`);
}
