// The in-browser benchmarks: headless Chromium through playwright-core against a local server
// that adds the peers (`/vendor/` → node_modules) and the shared fixtures (`/bench-lib/`).
import { copyFileSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../serve.mjs';
import { root } from '../setup.mjs';
import { SETTINGS_DIR, settingsStartCost } from './build-settings.mjs';
import { firstPaintRace } from './first-paint.mjs';
import { catalogueBenchmark } from './catalogue.mjs';
import { events } from './fixtures.mjs';
import { journeys } from './journeys.mjs';
import { returningVisits } from './returning.mjs';
import { NAMED_WASM, functionNames, functionSizes, owner } from './wasm-size.mjs';

/** Chromium's flags for every browser benchmark. */
export const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const HOME_SCRIPT = join(root, 'scripts/bench/home.js');
const DAY = 86_400_000;

// Installed before any page script: long tasks and layout shifts, kept for the runner.
function observe() {
  const perf = (window.benchPerf = { longtasks: [], shifts: [] });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) perf.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) perf.shifts.push({ start: e.startTime, value: e.value, recentInput: e.hadRecentInput });
    }).observe({ type: 'layout-shift', buffered: true });
  } catch (e) {
    perf.error = String(e);
  }
}

/** Runs `fn` again once if it fails (a page can catch pkg/ mid-rebuild on a shared checkout). */
async function twice(fn) {
  try {
    return await fn();
  } catch {
    return fn();
  }
}

const frames = (page, ms) =>
  page.evaluate((wait) => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, wait)))), ms);

/** What the benchmarks' server serves. */
export const MOUNTS = {
  '/pkg/': join(root, 'pkg'),
  '/settings/': SETTINGS_DIR,
  '/vendor/': join(root, 'node_modules'),
  '/bench-lib/': join(root, 'scripts/bench'),
  '/fixtures/': join(root, 'tests/e2e/fixtures'),
  '/catalogue/': join(root, 'bench/out/catalogue'),
  '/': join(root, 'www'),
};

// Cross-origin isolation gives performance.now() 5 µs resolution instead of 100 µs.
const HEADERS = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

/** The browser benchmarks' server (of `mounts`) and browser for `run(browser, base)`; both closed after. */
async function withBrowser(chrome, run, mounts = MOUNTS) {
  const server = await serve({ headers: HEADERS, mounts });
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: chrome, args: ARGS });
  try {
    return await run(browser, base);
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Only the journeys on the storefront page (`npm run bench -- --only-journeys`). */
export function journeyBenchmarks({ chrome, log = () => {} }) {
  return withBrowser(chrome, (browser, base) => journeys(browser, base, { log }));
}

/**
 * The cold start cost of every build setting in `rows` (scripts/bench/build-settings.mjs), and
 * start to ordered on the demo home with each of `homeRows`. Returns { cold, home }.
 */
export function buildSettingsBenchmarks({ chrome, rows, homeRows = [], log = () => {} }) {
  // Each setting's loads serve /pkg/ from a copy of the package with that setting's .wasm.
  const mounts = { ...MOUNTS };
  return withBrowser(
    chrome,
    async (browser, base) => ({
      cold: await settingsStartCost(browser, base, rows, { log }),
      home: await settingsHomeStart(browser, base, mounts, homeRows, { log }),
    }),
    mounts,
  );
}

/**
 * Start to ordered on the demo home (as `homeLoad`, a new visitor) with the .wasm and glue of each
 * of `rows` in the package as built: `loads` cold loads per setting, taken in turn so that a busy
 * machine weighs on each alike. V8 compiles each function on its first call, so a setting's count
 * of functions shows here and not in a cold `WebAssembly.compile`. Returns { [id]: [{ total, init, engine }] }.
 */
async function settingsHomeStart(browser, base, mounts, rows, { loads = 12, warmup = 1, log = () => {} } = {}) {
  if (!rows.length) return {};
  log(`build settings: start to ordered on the demo home with ${rows.length} builds (${loads} loads each)`);
  const dirs = {};
  for (const r of rows) {
    const dir = join(SETTINGS_DIR, `pkg-${r.id}`);
    rmSync(dir, { recursive: true, force: true });
    cpSync(join(root, 'pkg'), dir, { recursive: true });
    for (const f of ['shelfwise_wasm.js', 'shelfwise_wasm_bg.wasm']) copyFileSync(join(SETTINGS_DIR, r.id, f), join(dir, f));
    dirs[r.id] = dir;
  }
  const out = Object.fromEntries(rows.map((r) => [r.id, []]));
  const pkg = mounts['/pkg/'];
  try {
    for (let i = 0; i < loads + warmup; i++) {
      for (const r of rows) {
        mounts['/pkg/'] = dirs[r.id];
        const x = await homeLoad(browser, base, undefined);
        if (i >= warmup) out[r.id].push({ total: x.total, init: x.init, engine: x.engine });
      }
    }
  } finally {
    mounts['/pkg/'] = pkg;
  }
  return out;
}

/** Only the returning visitor's loads (`npm run bench -- --only-returning`), with a profile built first. */
export function returningBenchmarks({ chrome, log = () => {} }) {
  return withBrowser(chrome, async (browser, base) => {
    const { storageState } = await returningVisitor(browser, base);
    return returningVisits({ chrome, args: ARGS, headers: HEADERS, mounts: MOUNTS, storageState, log });
  });
}

/** Runs every browser benchmark (`only`: just the named ones); `log` reports progress. Returns the raw results. */
export function browserBenchmarks({ chrome, log = () => {}, loads = 25, only }) {
  return withBrowser(chrome, async (browser, base) => {
    const out = { chromium: browser.version() };
    if (only === 'catalogue') {
      out.catalogue = await catalogueBenchmark({ browser, base, log });
      return out;
    }
    log('cold compile of the .wasm');
    out.compile = [];
    for (let i = 0; i < loads + 2; i++) {
      const r = await twice(() => benchPage(browser, `${base}/bench.html?mode=compile`, 60_000));
      if (i >= 2) out.compile.push(r);
    }
    log('returning visitor: building a profile over earlier visits');
    const { storageState, tracked, visits } = await returningVisitor(browser, base);
    out.profileEvents = tracked;
    out.profileVisits = visits;
    log(`start to ordered on the demo home page (${loads} loads)`);
    out.start = [];
    for (let i = 0; i < loads + 2; i++) {
      const r = await twice(() => homeLoad(browser, base, storageState));
      if (i >= 2) out.start.push(r);
    }
    out.shiftProbe = await homeLoad(browser, base, storageState, { probe: true });
    log('start to ordered, traced: what V8 compiles on the main thread (5 loads)');
    out.startTrace = [];
    const names = functionNames(NAMED_WASM);
    const sizes = functionSizes(NAMED_WASM);
    for (let i = 0; i < 5; i++) out.startTrace.push(await twice(() => tracedLoad(browser, base, storageState, names, sizes)));
    log('first paint: the real demo home and its 300 ms guard, cold, CPU 1× and 4×');
    out.firstPaint = await firstPaintRace(browser, base, { loads: 20, storageState, log });
    out.returning = await returningVisits({ chrome, args: ARGS, headers: HEADERS, mounts: MOUNTS, storageState, log });
    log('segments, peers, ranking, DOM and ingest');
    out.micro = await benchPage(browser, `${base}/bench.html?mode=micro`, 300_000);
    log('storage: 10,000 events over 90 days');
    out.storage = await benchPage(browser, `${base}/bench.html?mode=storage`, 300_000);
    out.journeys = await journeys(browser, base, { log });
    log('relations at the scale of the catalogue: 1,000, 20,000 and 100,000 products');
    out.catalogue = await catalogueBenchmark({ browser, base, log });
    return out;
  });
}

async function benchPage(browser, url, timeout) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(url);
    await page.waitForFunction(() => window.benchResult !== undefined, null, { timeout, polling: 200 });
    const r = await page.evaluate(() => window.benchResult);
    if (r.error || errors.length) throw new Error(`${url}: ${r.error ?? errors.join('; ')}`);
    return r;
  } finally {
    await context.close();
  }
}

// V8's trace events of a WebAssembly function compiled on its first call (on the page's main
// thread), of the baseline compiler's work inside it, and of optimizing compiles (in the background).
const LAZY = 'wasm.CompileLazy';
const BASELINE = 'wasm.CompileBaseline';
const TOP_TIER = 'wasm.TopTierCompilation';

/**
 * The demo home as in `homeLoad`, with V8's WebAssembly trace events recorded (tracing slows the
 * load, so these loads are apart from the timed ones): how many functions start compiled lazily
 * on the main thread and how long that took, inside the start-to-ordered interval. With `names`
 * (the function names of the shipped .wasm's named copy, when `wasmBreakdown()` built it) the
 * page gets that copy (the same code), so that each function compiled is counted for its owner
 * (`owner()`), and with `sizes` (its functions' code bytes) for the bytes compiled.
 */
async function tracedLoad(browser, base, storageState, names, sizes = new Map()) {
  const context = await homeContext(browser, storageState);
  if (names.size) await context.route('**/pkg/shelfwise_wasm_bg.wasm', (route) => route.fulfill({ path: NAMED_WASM, contentType: 'application/wasm' }));
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const events = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['v8.wasm', 'disabled-by-default-v8.wasm.detailed'] }, transferMode: 'ReportEvents' });
    await page.goto(`${base}/`);
    await page.waitForFunction(() => window.startBench !== undefined, null, { timeout: 30_000 });
    const r = await page.evaluate(() => window.startBench);
    await cdp.send('Tracing.end');
    await complete;
    const sum = (name) => events.filter((e) => e.name === name && e.ph === 'X').reduce((t, e) => t + (e.dur ?? 0) / 1000, 0);
    const lazy = events.filter((e) => e.name === LAZY && e.ph === 'X');
    const byOwner = {};
    for (const e of lazy) {
      const o = names.size ? owner(names.get(e.args?.func_index)) : '(no names)';
      byOwner[o] = (byOwner[o] ?? 0) + 1;
    }
    const each = lazy.map((e) => (e.dur ?? 0) / 1000).sort((a, b) => a - b);
    return {
      total: r.total,
      engine: r.engine,
      lazyFunctions: lazy.length,
      // The bytes of code compiled, the median compile, and the five longest compiles together
      // (the largest functions, or the main thread kept from running on a busy machine).
      lazyBytes: lazy.reduce((n, e) => n + (sizes.get(e.args?.func_index) ?? 0), 0),
      lazyMedian: each[each.length >> 1] ?? 0,
      lazyLongest5: each.slice(-5).reduce((t, d) => t + d, 0),
      byOwner,
      lazy: sum(LAZY),
      baseline: sum(BASELINE),
      topTier: sum(TOP_TIER),
    };
  } finally {
    await context.close();
  }
}

/**
 * A visitor comes 8 times over 8 weeks (a fake clock), browsing the demo shop:
 * a few hundred events (views, clicks, cart, wishlist, searches, checkouts, purchases), each
 * visit flushed to storage. Returns the context's storage state for the measured loads.
 */
export async function returningVisitor(browser, base) {
  const context = await browser.newContext();
  const now = Date.now();
  await context.clock.install({ time: now - 60 * DAY });
  const page = await context.newPage();
  await page.goto(`${base}/`);
  const products = await page.evaluate(async () => (await import('/catalog.js')).products);
  const stream = events(products, { count: 360, days: 56, sessionEvents: 45, seed: 21 });
  const sessions = [];
  for (const e of stream) (sessions[e.session] ??= []).push(e);
  let tracked = 0;
  for (const s of sessions.filter(Boolean)) {
    await context.clock.setSystemTime(now - DAY + s[0].t);
    await twice(async () => {
      await page.goto(`${base}/`);
      await page.waitForFunction(() => window.shelfwise?.running === true, null, { timeout: 15_000 });
    });
    tracked += await page.evaluate((list) => {
      let ok = 0;
      for (const e of list) if (window.shelfwise.track(e.name, e.params).ok) ok += 1;
      window.shelfwise.flush();
      return ok;
    }, s);
    await page.waitForTimeout(100);
  }
  const storageState = await context.storageState();
  await context.close();
  return { storageState, tracked, visits: sessions.filter(Boolean).length };
}

/** A browser context for the demo home page as the returning visitor, its engine script replaced by home.js. */
async function homeContext(browser, storageState) {
  const context = await browser.newContext({ storageState, viewport: { width: 1280, height: 800 } });
  await context.route('**/personalize.js', (route) => route.fulfill({ path: HOME_SCRIPT, contentType: 'text/javascript; charset=utf-8' }));
  return context;
}

/** One load of the demo home page by the returning visitor, engine script replaced by home.js. */
export async function homeLoad(browser, base, storageState, { probe = false } = {}) {
  const context = await homeContext(browser, storageState);
  try {
    await context.addInitScript(observe);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/`);
    await page.waitForFunction(() => window.startBench !== undefined, null, { timeout: 30_000 });
    await frames(page, 500);
    if (probe) {
      // Checks the instrument: reversing a visible shelf by hand must register as a shift. It
      // moves nodes as the engine does (moveBefore): Chrome scores a node moved that way, but
      // takes one removed and inserted again for a new node, which never counts as a shift.
      await page.evaluate(() => document.querySelector('[data-sw-widget="home-trending"]').scrollIntoView());
      await frames(page, 300);
      const at = await page.evaluate(() => {
        const w = document.querySelector('[data-sw-widget="home-trending"]');
        const t = performance.now();
        for (const c of [...w.children].reverse()) (w.moveBefore ? w.moveBefore(c, null) : w.append(c));
        return t;
      });
      await frames(page, 300);
      return page.evaluate((t) => window.benchPerf.shifts.filter((s) => s.start >= t).reduce((sum, s) => sum + s.value, 0), at);
    }
    const r = await page.evaluate(() => ({ ...window.startBench, perf: window.benchPerf }));
    if (errors.length) throw new Error(`home page: ${errors.join('; ')}`);
    const warm = await page.evaluate(() => window.warmStart());
    const during = (e) => e.start < r.t2 && e.start + e.duration > r.t0;
    return {
      total: r.total,
      warm,
      scriptStart: r.scriptStart,
      fetch: r.fetched - r.scriptStart,
      init: r.init,
      engine: r.engine,
      running: r.running,
      widgets: r.widgets,
      segments: r.segments,
      guardReleasedEarly: r.guardReleasedEarly,
      longTasksDuringStart: r.perf.longtasks.filter(during).map((e) => e.duration),
      longTasksInLoad: r.perf.longtasks.map((e) => e.duration),
      shiftAfterStart: r.perf.shifts.filter((s) => s.start >= r.t0 && !s.recentInput).reduce((sum, s) => sum + s.value, 0),
      shiftInLoad: r.perf.shifts.filter((s) => !s.recentInput).reduce((sum, s) => sum + s.value, 0),
      observerError: r.perf.error,
    };
  } finally {
    await context.close();
  }
}
