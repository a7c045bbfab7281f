// The specification suite in a browser: runs every case of ../cases/ (listed in
// ../cases/index.json; the format is in ../README.md) through the engine's public JS API, each
// case in a fresh same-origin iframe (frame.html) with storage cleared before it and a clock the
// harness moves. A reload is a new page load in the same iframe: storage is kept. At the end of a
// case its page is stopped (sw.stop() writes what is pending) before storage is cleared.
//
// Results: `window.specResults` (`{ done, total, passed, failed, seconds, cases: [{ file, name,
// ok, failures, ms }] }`, plain JSON) and the promise `window.specDone`. `?file=<name>.json`
// and `?case=<words>` run a part. Nothing here knows the engine's internals: a case's steps go
// to frame.js, which calls `start`, `track`, `rank`, … and reads back what the page shows.

const DEFAULT_CLOCK = '2026-03-02T12:00:00Z';
const STEP_KINDS = ['track', 'dataLayer', 'setAttributes', 'setPreferences', 'consent', 'forget', 'see', 'click', 'advance', 'navigate', 'append', 'reload', 'expect'];
const LOAD_TIMEOUT_MS = 15_000;
/** How long to wait before loading a page again that WebKit did not let take its address (frame.js). */
const THROTTLE_RETRY_MS = 1_000;

const harness = (window.specHarness = { clock: { now: 0 }, current: null, loaded: null, failed: null, throttled: null, sendModule: null });
// The engine's WebAssembly, compiled once and handed to every page (start({ wasm })).
const compiled = WebAssembly.compileStreaming(fetch('/pkg/shelfwise_wasm_bg.wasm')).catch(() => undefined);
harness.sendModule = (win) => compiled.then((m) => win.postMessage(m ?? null, location.origin));
window.specResults = { done: false, total: 0, passed: 0, failed: 0, seconds: 0, cases: [] };
let frame = null;
let loads = 0;

/** Milliseconds of a duration: a number of ms, or text `<n>ms|s|m|h|d`. */
function duration(v) {
  if (typeof v === 'number') return v;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(String(v));
  if (!m) throw new Error(`"${v}" is not a duration like "30m"`);
  return Math.round(Number(m[1]) * { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[m[2]]);
}

/** Why `actual` is not `expected` (undefined when it is): numbers to a billionth, arrays in order, objects with the same keys. */
function differ(expected, actual) {
  const same = (e, a) => {
    if (typeof e === 'number' && typeof a === 'number') return Math.abs(e - a) <= 1e-9 * Math.max(Math.abs(e), 1);
    if (Array.isArray(e)) return Array.isArray(a) && e.length === a.length && e.every((x, i) => same(x, a[i]));
    if (e !== null && typeof e === 'object') {
      if (a === null || typeof a !== 'object' || Array.isArray(a)) return false;
      const ka = Object.keys(a);
      return Object.keys(e).length === ka.length && Object.keys(e).every((k) => k in a && same(e[k], a[k]));
    }
    return e === a;
  };
  return same(expected, actual) ? undefined : `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual === undefined ? null : actual)}`;
}

const sorted = (list) => [...(list ?? [])].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
/** The value at a dotted path (`cart.value`, `history.viewed.0`: a number indexes a list), undefined when absent. */
const atPath = (doc, path) =>
  path.split('.').reduce((v, k) => {
    if (Array.isArray(v)) return /^\d+$/.test(k) ? v[Number(k)] : undefined;
    return v !== null && typeof v === 'object' && Object.hasOwn(v, k) ? v[k] : undefined;
  }, doc);
const widgetExpectation = (w) => (Array.isArray(w) ? { order: w, hidden: [] } : { order: w.order, hidden: w.hidden ?? [] });

/** Every way `seen` falls short of `expect`, one line each. */
function check(expect, seen) {
  const out = [];
  const diff = (what, e, a) => {
    const d = differ(e, a);
    if (d) out.push(`${what}: ${d}`);
  };
  for (const [key, want] of Object.entries(expect)) {
    if (key === 'segments') diff('segments', sorted(want), sorted(seen.segments));
    else if (key === 'widgets') {
      for (const [id, w] of Object.entries(want)) {
        const s = seen.widgets?.[id] ?? {};
        const e = widgetExpectation(w);
        diff(`widgets.${id}.order`, e.order, s.order);
        diff(`widgets.${id}.hidden`, sorted(e.hidden), sorted(s.hidden));
      }
    } else if (key === 'slots') {
      for (const [id, v] of Object.entries(want)) diff(`slots.${id}`, v, seen.slots?.[id]);
    } else if (key === 'attributes') {
      for (const [path, v] of Object.entries(want)) {
        const a = atPath(seen.attributes, path);
        diff(`attributes ${path}`, v, a === undefined ? '(absent)' : a);
      }
    } else if (key === 'absent') {
      for (const path of want) {
        const a = atPath(seen.attributes, path);
        if (a !== undefined) out.push(`attributes ${path}: expected absent, got ${JSON.stringify(a)}`);
      }
    } else if (key === 'rank') {
      want.forEach((r, i) => {
        const s = seen.rank?.[i] ?? {};
        const e = widgetExpectation(r);
        diff(`rank[${i}].order`, e.order, s.order);
        diff(`rank[${i}].hidden`, sorted(e.hidden), sorted(s.hidden));
        if ('personalized' in r) diff(`rank[${i}].personalized`, r.personalized, s.personalized);
      });
    } else diff(key, want, seen[key]);
  }
  return out;
}

/** Loads `setup` (`{ page, config }`) as a new page in the case's iframe; resolves to the page's API. */
function load(setup) {
  harness.current = JSON.stringify(setup);
  return new Promise((resolve, reject) => {
    let timer;
    const go = () => {
      clearTimeout(timer);
      timer = setTimeout(() => reject(new Error(`the page did not start within ${LOAD_TIMEOUT_MS / 1000} s`)), LOAD_TIMEOUT_MS);
      loads += 1;
      frame.src = `./frame.html?load=${loads}`;
    };
    // The tab changed its address too often for WebKit (frame.js): the same load again, a bit later.
    harness.throttled = () => {
      clearTimeout(timer);
      setTimeout(go, THROTTLE_RETRY_MS);
    };
    harness.loaded = (api) => {
      clearTimeout(timer);
      resolve(api);
    };
    harness.failed = (why) => {
      clearTimeout(timer);
      reject(new Error(why));
    };
    frame.style.width = `${setup.page.width ?? 1280}px`;
    go();
  });
}

/** A fresh iframe and empty storage for the next case. */
function freshFrame() {
  frame?.remove(); // the case's page was stopped (close()): nothing more reaches storage
  localStorage.clear();
  sessionStorage.clear();
  frame = document.createElement('iframe');
  frame.title = 'shop page under test';
  document.getElementById('frames').append(frame);
}

/** Runs one case; every expectation that does not hold, one line each. */
async function run(file, c) {
  const failures = [];
  const stepKind = (s) => Object.keys(s).find((k) => k !== 'params' && k !== 'result');
  freshFrame();
  harness.clock.now = Date.parse(c.clock ?? DEFAULT_CLOCK);
  let config = c.config ?? file.config;
  let page = c.page ?? file.page ?? {};
  let api;
  try {
    if (config === undefined) throw new Error('no config (in the case or the file)');
    api = await load({ page, config });
  } catch (e) {
    return [`start: ${e.message}`];
  }
  for (const [i, s] of (c.steps ?? []).entries()) {
    const kind = stepKind(s);
    const at = (what, e) => `step ${i + 1} (${what}): ${e}`;
    try {
      if (!STEP_KINDS.includes(kind)) throw new Error(`unknown step "${kind}"`);
      if (kind === 'advance') harness.clock.now += duration(s.advance);
      else if (kind === 'reload') {
        const { config: next, ...changes } = s.reload;
        if (next !== undefined) config = next;
        page = { ...page, ...changes };
        api = await load({ page, config });
      } else if (kind === 'expect') {
        const seen = JSON.parse(await api.observe(JSON.stringify(s.expect)));
        failures.push(...check(s.expect, seen).map((e) => at('expect', e)));
      } else {
        if (kind === 'navigate') {
          // The new address and the new route's markup (what a reload then loads).
          const { pageType, product, widgets, slots, ...rest } = page;
          page = { ...rest, ...s.navigate };
        }
        const answer = JSON.parse(await api.step(JSON.stringify(s)));
        if (kind === 'track') {
          const d = differ(s.result ?? { ok: true }, answer);
          if (d) failures.push(at(`track "${s.track}"`, `result: ${d}`));
        }
      }
    } catch (e) {
      failures.push(at(kind, e.message));
      break;
    }
  }
  if (failures.length) {
    const said = JSON.parse((await api.warnings?.()) ?? '[]');
    if (said.length) failures.push(`the engine said: ${said.join(' | ')}`);
  }
  try {
    api.close();
  } catch {
    // a page that failed to load has nothing to close
  }
  return failures;
}

function show(r) {
  const li = document.createElement('li');
  li.className = r.ok ? 'pass' : 'fail';
  li.textContent = `${r.ok ? 'ok' : 'FAILED'} ${r.file} › ${r.name} (${r.ms} ms)`;
  if (!r.ok) {
    const pre = document.createElement('pre');
    pre.textContent = r.failures.join('\n');
    li.append(pre);
  }
  document.getElementById('results').append(li);
}

async function main() {
  const started = performance.now();
  const params = new URLSearchParams(location.search);
  const only = { file: params.get('file'), case: params.get('case') };
  const results = window.specResults;
  try {
    const index = await (await fetch('../cases/index.json', { cache: 'no-store' })).json();
    for (const name of index.files) {
      if (only.file && name !== only.file) continue;
      const file = await (await fetch(`../cases/${name}`, { cache: 'no-store' })).json();
      for (const c of file.cases) {
        if (only.case && !`${name} › ${c.name}`.includes(only.case)) continue;
        const t0 = performance.now();
        const failures = await run(file, c);
        const r = { file: name, name: c.name, ok: failures.length === 0, failures, ms: Math.round(performance.now() - t0) };
        results.cases.push(r);
        results.total += 1;
        results[r.ok ? 'passed' : 'failed'] += 1;
        show(r);
      }
    }
  } catch (e) {
    results.error = `the suite could not run: ${e.message}`;
  }
  frame?.remove();
  localStorage.clear();
  results.seconds = Math.round((performance.now() - started) / 100) / 10;
  results.done = true;
  document.getElementById('summary').textContent = results.error ?? `${results.passed} of ${results.total} cases passed in ${results.seconds} s`;
  return results;
}

window.specDone = main();
