// Raw benchmark numbers → the results document (bench/results.json): every figure as median
// and spread over its samples, and every budget as met or missed by how much.
import { gzipSync } from 'node:zlib';
import { journeySummary } from './journeys-report.mjs';
import { returningSummary } from './returning-report.mjs';

/** Median, p10, p90, min and max of `values` (linear interpolation between samples). */
export function stats(values) {
  const a = values.filter(Number.isFinite).sort((x, y) => x - y);
  const q = (p) => {
    if (!a.length) return null;
    const i = (a.length - 1) * p;
    const lo = Math.floor(i);
    const hi = Math.ceil(i);
    return a[lo] + (a[hi] - a[lo]) * (i - lo);
  };
  return { n: a.length, median: q(0.5), p10: q(0.1), p90: q(0.9), min: a[0] ?? null, max: a[a.length - 1] ?? null };
}

const KB = 1024;

/** The budgets of the design, each with the figure it judges. */
function budgets(r) {
  const total = r.size.files.find((f) => f.file === 'total');
  const list = [
    { id: 'size', label: 'Shipped total, gzip -9', value: total.gzip, unit: 'bytes', budget: 40 * KB, better: 'lower' },
    { id: 'start', label: 'Start to ordered (median, after fetch)', value: r.start.total.median, unit: 'ms', budget: 5, better: 'lower' },
    { id: 'longTasks', label: 'Loads with a long task (> 50 ms) during start', value: r.start.longTasksDuringStart.loadsWith, unit: 'loads', budget: 0, better: 'lower', of: r.start.loads },
    { id: 'shift', label: 'Layout shift after start (worst load)', value: r.start.shiftAfterStart.max, unit: 'score', budget: 0, better: 'lower' },
    { id: 'segments', label: 'Segment evaluation, Shelfwise ÷ GrowthBook', value: r.peers.ratio.growthbook, unit: 'ratio', budget: 1, better: 'lower' },
    { id: 'ingest', label: 'Ingest through sw.track (median)', value: r.ingest.eventsPerSecond.median, unit: 'events/s', budget: 100_000, better: 'higher' },
    { id: 'rank', label: 'Rank 1,000 items, 6 rules (median)', value: r.rank.items1000.median, unit: 'ms', budget: 0.5, better: 'lower' },
    ...(r.event ? [{ id: 'event', label: 'One event on a page with a 200-item grid, re-ordered (median)', value: r.event.reorder.median, unit: 'ms', budget: 1, better: 'lower' }] : []),
    { id: 'profile', label: 'Stored profile after 10,000 events over 90 days', value: r.storage.profileBytes, unit: 'bytes', budget: 16 * KB, better: 'lower' },
  ];
  return list.map((b) => {
    const met = b.better === 'lower' ? b.value <= b.budget : b.value >= b.budget;
    const factor = b.budget === 0 ? null : b.better === 'lower' ? b.value / b.budget : b.budget / b.value;
    return { ...b, met, factor };
  });
}

/** The first-paint race per visitor and CPU rate: shares, times and page health over its loads. */
export function firstPaint(cells) {
  return cells.map(({ visitor, rate, samples }) => {
    const ordered = samples.filter((l) => l.ordered);
    return {
      visitor,
      rate,
      loads: samples.length,
      guardFirst: samples.filter((l) => l.guardFirst).length,
      neverOrdered: samples.length - ordered.length,
      notRunning: samples.filter((l) => l.running !== true).length,
      orderedAt: stats(ordered.map((l) => l.orderedAt)),
      guardAt: stats(samples.map((l) => l.guardAt)),
      lead: stats(ordered.filter((l) => l.guardAt !== null).map((l) => l.guardAt - l.orderedAt)),
      firstContentfulPaint: stats(samples.map((l) => l.firstContentfulPaint)),
      loadsWithLongTask: samples.filter((l) => l.longTasks > 0).length,
      longTasks: stats(samples.map((l) => l.longTasks)),
      longestTask: stats(samples.map((l) => l.longestTask)),
      blockingTime: stats(samples.map((l) => l.blockingTime)),
      cls: stats(samples.map((l) => l.cls)),
      loadsWithShift: samples.filter((l) => l.cls > 0).length,
      observerErrors: [...new Set(samples.map((l) => l.observerError).filter(Boolean))],
      raw: samples,
    };
  });
}

/** The catalogue benchmark: per shop size and way of shipping relations, bytes and start. */
export function catalogue(raw) {
  return (raw ?? []).map(({ start, init, ...rest }) => ({ ...rest, start: stats(start), init: stats(init), raw: { start, init } }));
}

/** Assembles everything measured into the results document. */
export function assemble({ env, size, sizeLimit, breakdown, onDemand, browser, native, nativeProfile, buildSettings }) {
  const S = stats;
  const loads = browser.start;
  const m = browser.micro;
  const st = browser.storage;
  const ready = (l) => l.widgets.every((w) => w.ready === 'personalized');
  const r = {
    ...env,
    size: { files: size, limit: sizeLimit, breakdown, onDemand },
    start: {
      loads: loads.length,
      total: S(loads.map((l) => l.total)),
      init: S(loads.map((l) => l.init)),
      engine: S(loads.map((l) => l.engine)),
      warm: S(loads.map((l) => l.warm)),
      fetch: S(loads.map((l) => l.fetch)),
      scriptStart: S(loads.map((l) => l.scriptStart)),
      profileEvents: browser.profileEvents,
      profileVisits: browser.profileVisits,
      allOrdered: loads.filter(ready).length,
      widgets: loads[0]?.widgets ?? [],
      segments: loads[0]?.segments ?? [],
      guardReleasedEarly: loads.filter((l) => l.guardReleasedEarly).length,
      longTasksDuringStart: { loadsWith: loads.filter((l) => l.longTasksDuringStart.length).length, durations: S(loads.flatMap((l) => l.longTasksDuringStart)) },
      longTasksInLoad: { loadsWith: loads.filter((l) => l.longTasksInLoad.length).length, durations: S(loads.flatMap((l) => l.longTasksInLoad)) },
      shiftAfterStart: S(loads.map((l) => l.shiftAfterStart)),
      shiftAfterStartWhenGuardHeld: S(loads.filter((l) => !l.guardReleasedEarly).map((l) => l.shiftAfterStart)),
      shiftInLoad: S(loads.map((l) => l.shiftInLoad)),
      shiftProbe: browser.shiftProbe,
      trace: browser.startTrace?.length
        ? {
            loads: browser.startTrace.length,
            total: S(browser.startTrace.map((l) => l.total)),
            lazyFunctions: S(browser.startTrace.map((l) => l.lazyFunctions)),
            lazy: S(browser.startTrace.map((l) => l.lazy)),
            lazyBytes: S(browser.startTrace.map((l) => l.lazyBytes ?? 0)),
            lazyMedian: S(browser.startTrace.map((l) => l.lazyMedian ?? 0)),
            lazyLongest5: S(browser.startTrace.map((l) => l.lazyLongest5 ?? 0)),
            baseline: S(browser.startTrace.map((l) => l.baseline)),
            topTier: S(browser.startTrace.map((l) => l.topTier)),
            byOwner: ownersMedian(browser.startTrace),
            raw: browser.startTrace,
          }
        : null,
      raw: loads,
    },
    firstPaint: browser.firstPaint ? firstPaint(browser.firstPaint) : null,
    returning: returningSummary(browser.returning),
    buildSettings,
    compile: {
      compile: S(browser.compile.map((c) => c.compile)),
      init: S(browser.compile.map((c) => c.init)),
      bytes: browser.compile[0]?.bytes,
      raw: browser.compile,
    },
    ingest: {
      perEvent: S(m.ingest.perOp),
      eventsPerSecond: S(m.ingest.perOp.map((x) => 1000 / x)),
      batch: m.ingest.batch,
      events: m.ingest.perOp.length * m.ingest.batch,
      failed: m.ingest.failed,
      mix: m.ingest.mix,
      config: m.ingest.config,
      raw: m.ingest.perOp,
    },
    segments: {
      all: S(m.segments.all.perOp),
      subset: S(m.segments.subset.perOp),
      none: S(m.segments.none.perOp),
      counts: { all: m.peers.conditions, subset: m.peers.expressibleInJsonLogic, none: 0 },
      members: m.peers.members.ours.length,
      raw: m.segments,
    },
    peers: {
      growthbookAll: S(m.peers.growthbookAll.perOp),
      growthbookSubset: S(m.peers.growthbookSubset.perOp),
      jsonLogicSubset: S(m.peers.jsonLogicSubset.perOp),
      conditions: m.peers.conditions,
      expressibleInJsonLogic: m.peers.expressibleInJsonLogic,
      notExpressible: m.peers.notExpressible,
      rewrittenForGrowthBook: m.peers.rewrittenForGrowthBook,
      agreement: m.peers.agreement,
      documentChars: m.peers.documentChars,
      raw: { growthbookAll: m.peers.growthbookAll, growthbookSubset: m.peers.growthbookSubset, jsonLogicSubset: m.peers.jsonLogicSubset },
    },
    rank: { items1000: S(m.rank.items1000.perOp), items200: S(m.rank.items200.perOp), plain1000: S(m.rank.plain1000.perOp), moved: m.rank.moved, personalized: m.rank.personalized, raw: m.rank },
    dom: { refreshAndLayout: S(m.dom.perOp), refresh: S(m.dom.refresh), layout: S(m.dom.layout), items: m.dom.items, moved: m.dom.moved, raw: m.dom },
    event: m.event ? { reorder: S(m.event.perOp), layout: S(m.event.layout), items: m.event.items, events: m.event.events, moves: m.event.moves, raw: m.event } : undefined,
    storage: {
      events: st.events,
      sessions: st.sessions,
      days: st.days,
      catalog: st.catalog,
      profileChars: st.text.length,
      profileBytes: Buffer.byteLength(st.text),
      profileGzip: gzipSync(st.text, { level: 9 }).length,
      parts: st.parts.sort((a, b) => b.chars - a.chars),
      loadDuring: S(st.load),
      saveDuring: S(st.save),
      loadFull: S(st.full.load),
      loadEmpty: S(st.full.loadEmpty),
      saveFull: S(st.full.save),
      nativeProfileBytes: native?.notes.profileBytes ?? null,
    },
    catalogue: catalogue(browser.catalogue),
    native: native
      ? { profile: nativeProfile, benchmarks: Object.fromEntries(Object.entries(native.benchmarks).map(([k, v]) => [k, S(v.perOp)])), raw: native.benchmarks }
      : { skipped: true },
  };
  // Ratios sample by sample: the page took one sample of each in turn, so pairs share conditions.
  const paired = (a, b, f = (x, y) => x / y) => S(a.perOp.map((x, i) => f(x, b.perOp[i])));
  const seg = m.segments;
  const peer = m.peers;
  r.peers.ratios = {
    growthbook: paired(seg.all, peer.growthbookAll),
    growthbookSubset: paired(seg.subset, peer.growthbookSubset),
    jsonLogic: paired(seg.subset, peer.jsonLogicSubset),
    growthbookEvaluationOnly: S(seg.all.perOp.map((x, i) => (x - seg.none.perOp[i]) / peer.growthbookAll.perOp[i])),
  };
  r.peers.ratio = Object.fromEntries(Object.entries(r.peers.ratios).map(([k, v]) => [k, v.median]));
  const nb = r.native.benchmarks;
  if (nb?.['segments/eval']) r.peers.ratio.nativeEvaluation = nb['segments/eval'].median / r.peers.growthbookAll.median;
  r.journeys = journeySummary(browser.journeys);
  r.budgets = budgets(r);
  return r;
}

/** Per owner, the median number of its functions compiled lazily at start over the traced loads; most first. */
function ownersMedian(loads) {
  if (!loads.every((l) => l.byOwner)) return null;
  const owners = new Set(loads.flatMap((l) => Object.keys(l.byOwner)));
  const rows = [...owners].map((owner) => ({ owner, functions: stats(loads.map((l) => l.byOwner[owner] ?? 0)).median }));
  return rows.sort((a, b) => b.functions - a.functions);
}
