// Shared set-up of the end-to-end tests: the engines they run in, the demo server, the browser
// (through the driver layer of driver.mjs) and page helpers.
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { selectedEngines } from '../../scripts/engines.mjs';
import { root } from '../../scripts/setup.mjs';
import { launch, testServer } from './driver.mjs';

export { root, launch };

let defining = null;

/**
 * Defines the tests of `define(engine)` once per engine (all three, or those SHELFWISE_ENGINES
 * names), each in a suite named after its engine.
 */
export function engines(define) {
  for (const engine of selectedEngines()) {
    describe(engine, () => {
      defining = engine;
      try {
        define(engine);
      } finally {
        defining = null;
      }
    });
  }
}

/** Starts the demo server (and optionally other mounts or headers); returns { base, close }. */
export function demo(options = {}) {
  return testServer(options);
}

/**
 * Starts the demo server (with `options`, as for `demo()`) and the browser of the enclosing
 * `engines()` suite before its tests, hands both to `use`, and stops them after.
 */
export function useDemo(use, options = {}) {
  const engine = defining;
  if (!engine) throw new Error('useDemo() belongs inside engines((engine) => { … })');
  let server;
  let browser;
  before(async () => {
    server = await demo(options);
    browser = await launch(engine);
    use(server, browser);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
}

/**
 * A new page in a fresh context (its own origin and storage) that records console messages
 * and page errors: `page.messages` lists `type: text`; `page.errors` lists uncaught errors.
 */
export function newPage(browser, options = {}) {
  return browser.newPage(options);
}

/** Opens a demo page and waits until the engine has started (or given up). */
export async function open(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.shelfwise !== undefined, null, { timeout: 10_000 });
}

/** Item ids of a widget, in page order (hidden ones left out). */
export function order(page, widget) {
  return page.$$eval(`[data-sw-widget="${widget}"] > [data-sw-item]:not([hidden])`, (els) => els.map((e) => e.dataset.swItem));
}

/** Warnings and errors the engine printed. */
export function engineWarnings(page) {
  return page.messages.filter((m) => m.includes('[shelfwise]') && !m.startsWith('info'));
}

/**
 * A page of a test shop served at `/t/<name>.html` (any query string) to this page's browser
 * context, with `window.sw` the started engine: `head` runs before the engine starts (a gtag stub
 * is there), `afterStart` right after `start()` resolved. Resolves to the page's URL.
 */
export async function shopPage(page, base, name, { config = { version: 1 }, head = '', body = '', afterStart = '' } = {}) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title>
<script>window.dataLayer = window.dataLayer || []; function gtag() { dataLayer.push(arguments); }
${head}</script></head><body>${body}
<script type="module">
import { start } from '/pkg/shelfwise.js';
window.sw = await start({ config: ${JSON.stringify(config)} });
${afterStart}
window.ready = true;
</script></body></html>`;
  await page.context().route((u) => u.pathname === `/t/${name}.html`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  return `${base}/t/${name}.html`;
}

/** Opens a `shopPage` URL and waits until its engine has started. */
export async function openShop(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 10_000 });
}

/** The attributes document the page's engine (`window.sw` or the demo's `window.shelfwise`) shows now. */
export function attributes(page) {
  return page.evaluate(() => (window.sw ?? window.shelfwise).attributes());
}

/** Path of the built package. */
export const pkg = join(root, 'pkg');
