// The script of the catalogue benchmark's pages (scripts/bench/catalogue.mjs): the .wasm is
// fetched and compiled first (the same cost however relations are shipped), then the clock runs
// from `start()` (config read from the page) to every widget in its order.
import { init, start } from '/pkg/shelfwise.js';
import { withNonce } from '/bench-wasm.js';

try {
  const bytes = withNonce(new Uint8Array(await (await fetch('/pkg/shelfwise_wasm_bg.wasm')).arrayBuffer()));
  const t0 = performance.now();
  await init(bytes);
  const t1 = performance.now();
  const sw = await start({ wasm: bytes });
  const t2 = performance.now();
  window.shelfwise = sw;
  const widgets = [...document.querySelectorAll('[data-sw-widget]')];
  window.catalogueResult = {
    init: t1 - t0,
    start: t2 - t1,
    running: sw.running,
    ready: widgets.every((w) => w.getAttribute('data-sw-ready') === 'personalized'),
    companions: [...document.querySelectorAll('[data-sw-widget="companions"] > [data-sw-item]')].map((e) => e.dataset.swItem),
  };
} catch (e) {
  window.catalogueResult = { error: String(e?.stack ?? e) };
}
