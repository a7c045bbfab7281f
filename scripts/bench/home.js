// Served in place of the demo's /personalize.js during the start benchmark: the .wasm is
// fetched first (network is not the engine's cost), then the clock runs from `start()` to
// every widget of the home page in its personalized order. The copy of the .wasm gets a
// random custom section so no compiled-code cache can help: every load is a cold compile.
import { init, start } from '/pkg/shelfwise.js';
import config from '/shelfwise.config.json' with { type: 'json' };
import { withNonce } from '/bench-wasm.js';

const scriptStart = performance.now();
const ids = (w) => [...w.querySelectorAll(':scope > [data-sw-item]:not([hidden])')].map((e) => e.dataset.swItem);
const bytes = withNonce(new Uint8Array(await (await fetch('/pkg/shelfwise_wasm_bg.wasm')).arrayBuffer()));
const fetched = performance.now();
const widgets = [...document.querySelectorAll('[data-sw-widget]')];
const before = widgets.map(ids);

const t0 = performance.now();
await init(bytes);
const t1 = performance.now();
const sw = await start({ config, wasm: bytes });
const t2 = performance.now();

window.shelfwise = sw;
const after = widgets.map(ids);
window.startBench = {
  scriptStart,
  fetched,
  t0,
  t1,
  t2,
  init: t1 - t0,
  engine: t2 - t1,
  total: t2 - t0,
  running: sw.running,
  widgets: widgets.map((w, i) => ({
    id: w.dataset.swWidget,
    ready: w.getAttribute('data-sw-ready'),
    items: after[i].length,
    moved: after[i].filter((id, k) => id !== before[i][k]).length,
  })),
  segments: sw.segments(),
  guardReleasedEarly: document.documentElement.classList.contains('sw-off'),
};

/** A second start on the same page (code already compiled and run once): the warm cost. */
window.warmStart = async () => {
  sw.stop();
  for (const w of widgets) w.removeAttribute('data-sw-ready');
  const t = performance.now();
  const again = await start({ config, wasm: bytes });
  const dt = performance.now() - t;
  again.stop();
  return dt;
};
