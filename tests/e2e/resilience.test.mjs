// Nothing breaks the shop's page: hostile arguments, a panic inside the engine, a .wasm that
// does not load, a strict Content-Security-Policy, hostile strings, and broken storage.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { demo, engines, engineWarnings, newPage, open, order, pkg, root, useDemo } from './helpers.mjs';

const WWW = join(root, 'www');
const FIXTURES = join(root, 'tests/e2e/fixtures');
const PANIC_PKG = join(root, 'target/pkg-panic');
const KEY = 'shelfwise:profile';

const LAB = {
  version: 1,
  features: { shoeViews: { events: 'view_item', where: { category: 'Shoes' }, window: '30d' } },
  segments: [{ id: 'shoe-lover', name: 'Shoe lover', if: { 'features.shoeViews': { $gte: 3 } } }],
  strategy: { rules: [{ rule: 'affinity', weight: 10 }], reorderWhileVisible: true },
};

let server;
let browser;

/** Opens the test page with `init` scripts run before the page's own. */
async function lab(page, ...init) {
  await page.addInitScript((c) => (window.labConfig = c), LAB);
  for (const script of init) await page.addInitScript(script);
  await page.goto(`${server.base}/fixtures/lab.html`);
  await page.waitForFunction(() => window.sw !== undefined, null, { timeout: 10_000 });
}

/** Views three shoes; the shelf then starts with them (the engine works). */
async function viewShoes(page, ids = ['SH-1', 'SH-2', 'SH-3']) {
  await page.evaluate((ids) => {
    for (const id of ids) window.sw.track('view_item', { items: [{ item_id: id, item_category: 'Shoes', item_brand: 'Stride' }] });
  }, ids);
  await page.waitForFunction(() => document.querySelector('[data-sw-widget] > [data-sw-item]').dataset.swItem.startsWith('SH-'));
}

function flush(page) {
  return page.evaluate(async () => {
    window.sw.flush();
    await navigator.locks.request('shelfwise:profile', () => {});
  });
}

/** Keeps the 300 ms first-paint timer from ever firing, so only the engine can release the guard. */
function stubGuardTimer() {
  const setTimeoutOrig = window.setTimeout;
  window.__guardTimers = 0;
  window.setTimeout = function (fn, ms, ...rest) {
    if (ms === 300) {
      window.__guardTimers++;
      return 0;
    }
    return setTimeoutOrig.call(this, fn, ms, ...rest);
  };
}

engines(() => {
  useDemo((s, b) => ([server, browser] = [s, b]), { mounts: { '/pkg/': pkg, '/fixtures/': FIXTURES, '/': WWW } });

  describe('no exception escapes into the page', () => {
    test('every method, given hostile values, returns without throwing and the engine keeps working', async () => {
      const page = await newPage(browser);
      await lab(page);
      const throws = await page.evaluate(async () => {
        const sw = window.sw;
        const mod = await import('/pkg/shelfwise.js');
        const trap = () => {
          throw new Error('hostile trap');
        };
        const handler = Object.fromEntries(['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'apply', 'construct', 'set', 'defineProperty', 'deleteProperty', 'isExtensible', 'preventExtensions', 'setPrototypeOf'].map((t) => [t, trap]));
        const cyclic = { a: 1 };
        cyclic.self = cyclic;
        let deep = {};
        for (let i = 0; i < 20_000; i++) deep = { items: [deep] };
        const hostile = [
          undefined, null, true, 0, -0, NaN, Infinity, -1, 1e308, '', 'x'.repeat(2_000_000), '<img src=x onerror=window.__pwned=1>',
          Symbol('s'), 10n, cyclic, [cyclic], new Proxy({}, handler), new Proxy([], handler), new Proxy(() => {}, handler),
          { get items() { throw new Error('getter'); } }, { toJSON() { throw new Error('toJSON'); } }, { toString: trap, valueOf: trap },
          { [Symbol.toPrimitive]: trap }, document.body, document, window, () => {}, new Date(NaN), /re/g, new Uint8Array(4),
          Object.create(null), new Map([[1, 2]]), new Error('e'), deep, { items: new Array(5_000).fill({ item_id: 'a' }) },
          { items: [{ item_id: 'x'.repeat(1_000_000) }] }, { items: [null, 1, 'a', []] }, [['event', 'view_item']],
        ];
        const methods = ['track', 'rank', 'segments', 'segmentNames', 'attributes', 'explainSegment', 'explainWidget', 'explainRank', 'setAttributes', 'setPreferences', 'consent', 'storage', 'exportData', 'report', 'refresh', 'flush', 'on'];
        const out = [];
        const starts = [];
        // What answers later (explanations, validateConfig) must not reject either.
        const answers = [];
        const attempt = (what, fn) => {
          try {
            const r = fn();
            if (r instanceof Promise) answers.push(r.catch((e) => out.push(`${what} rejected: ${e}`)));
          } catch (e) {
            out.push(`${what}: ${e}`);
          }
        };
        for (const [i, v] of hostile.entries()) {
          for (const m of methods) {
            attempt(`${m}(#${i})`, () => sw[m](v));
            attempt(`${m}(#${i}, #${i}, #${i})`, () => sw[m](v, v, v));
          }
          attempt(`track('view_item', #${i})`, () => sw.track('view_item', v));
          attempt(`track(#${i}, items)`, () => sw.track(v, { items: [{ item_id: 'a' }] }));
          attempt(`rank('shelf', #${i}, #${i})`, () => sw.rank('shelf', v, v));
          attempt(`rank('shelf', [#${i}])`, () => sw.rank('shelf', [v, { id: v }]));
          attempt(`setAttributes({ a: #${i} })`, () => sw.setAttributes({ a: v }));
          attempt(`dataLayer.push(#${i})`, () => window.dataLayer.push(v, ['event', 'view_item', v], { event: v, ecommerce: v }));
          attempt(`evalCondition(#${i})`, () => mod.evalCondition(v, v, v));
          attempt(`validateConfig(#${i})`, () => mod.validateConfig(v));
          // While the page's engine runs, start() resolves to it, whatever it is given.
          attempt(`start(#${i})`, () => starts.push(mod.start(v).then((s) => s === sw || out.push(`start(#${i}) made a second engine`))));
        }
        await Promise.all(starts);
        await Promise.all(answers);
        return out;
      });
      assert.deepEqual(throws, []);
      await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
      assert.deepEqual(page.errors, [], 'no uncaught error or rejection');
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      assert.equal(await page.evaluate(() => window.sw.running), true, 'the engine is still running');
      assert.equal(await page.$eval('#shop-script', (e) => e.textContent), 'the shop script ran');
      assert.equal(await page.evaluate(() => window.dataLayer.push({ event: 'shop_event' })), await page.evaluate(() => window.dataLayer.length), 'dataLayer.push still returns the length');
      await page.evaluate(() => window.sw.forget());
      await viewShoes(page);
      assert.deepEqual(await page.evaluate(() => window.sw.segments()), ['shoe-lover']);
      await page.context().close();
    });
  });

  describe('a panic inside the engine', () => {
    test('is caught: the engine stops, the shelves are released in their order, one warning says why, the shop works on', async () => {
      const wasm = join(PANIC_PKG, 'shelfwise_wasm_bg.wasm');
      assert.ok(existsSync(wasm), `the build that panics on request is missing (${wasm}): build it with \`node scripts/build.mjs --panic-test\` (\`npm test\` does in its build and e2e stages)`);
      const panicServer = await demo({ mounts: { '/pkg/': PANIC_PKG, '/': WWW } });
      const page = await newPage(browser);
      try {
        await open(page, `${panicServer.base}/`);
        assert.equal(await page.evaluate(() => window.shelfwise.running), true);
        const before = await order(page, 'home-trending');
        const push = await page.evaluate(() => window.dataLayer.push.toString());
        const result = await page.evaluate(() => window.shelfwise.track('shelfwise_test_panic'));
        assert.equal(result.ok, false);
        assert.equal(await page.evaluate(() => window.shelfwise.running), false, 'the engine disabled itself');
        assert.equal(await page.evaluate(() => document.documentElement.classList.contains('sw-off')), true, 'the first-paint guard is released');
        assert.deepEqual(await order(page, 'home-trending'), before, 'the shelf stays as it was');
        for (const w of await page.$$('[data-sw-widget]')) assert.equal(await w.evaluate((e) => getComputedStyle(e).visibility), 'visible');
        // Every later call is harmless and silent.
        await page.evaluate(async () => {
          const sw = window.shelfwise;
          sw.track('view_item', { items: [{ item_id: 'SH-RUN-001' }] });
          sw.rank('home-trending', ['a', 'b']);
          sw.segments();
          sw.exportData();
          sw.consent(true);
          sw.forget();
          sw.refresh();
          sw.flush();
          window.dataLayer.push({ event: 'view_item', ecommerce: { items: [{ item_id: 'SH-RUN-001' }] } });
          const { evalCondition } = await import('/pkg/shelfwise.js');
          evalCondition({ a: 1 }, { a: 1 });
        });
        assert.notEqual(await page.evaluate(() => window.dataLayer.push.toString()), push, 'the dataLayer hook is removed');
        const cart = Number(await page.$eval('[data-cart-count]', (e) => e.textContent));
        await page.click('[data-sw-widget="home-trending"] button[data-add]');
        await page.waitForFunction((n) => Number(document.querySelector('[data-cart-count]').textContent) === n + 1, cart);
        assert.deepEqual(page.errors, []);
        const warnings = engineWarnings(page);
        assert.equal(warnings.length, 1, warnings.join('\n'));
        assert.match(warnings[0], /^warning: \[shelfwise\] stopped after an internal error .*the page keeps working with its original order/);
      } finally {
        await page.context().close();
        await panicServer.close();
      }
    });
  });

  describe('a .wasm that does not load', () => {
    for (const [how, fail] of [
      ['is missing (404)', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' })],
      ['is blocked', (route) => route.abort('blockedbyclient')],
      ['is not WebAssembly', (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: 'this is not wasm' })],
    ]) {
      test(`${how}: the shelves show at once in their original order, before the guard's timer, and the shop works`, async () => {
        const page = await newPage(browser);
        await page.route('**/shelfwise_wasm_bg.wasm', fail);
        await page.addInitScript(stubGuardTimer);
        await page.goto(`${server.base}/`);
        await page.waitForFunction(() => window.shelfwise !== undefined);
        assert.equal(await page.evaluate(() => window.__guardTimers), 1, 'the page set its guard timer, which never fires here');
        assert.equal(await page.evaluate(() => document.documentElement.classList.contains('sw-off')), true, 'the engine released the guard itself');
        for (const w of await page.$$('[data-sw-widget], [data-sw-slot]')) assert.equal(await w.evaluate((e) => getComputedStyle(e).visibility), 'visible');
        const html = await (await fetch(`${server.base}/`)).text();
        const original = [...html.matchAll(/data-sw-item="([^"]+)"/g)].map((m) => m[1]);
        const trending = await order(page, 'home-trending');
        assert.deepEqual(trending, original.slice(0, trending.length));
        assert.equal(await page.evaluate(() => window.shelfwise.running), false);
        await page.click('[data-sw-widget="home-trending"] button[data-add]');
        await page.waitForFunction(() => Number(document.querySelector('[data-cart-count]').textContent) === 1);
        assert.deepEqual(page.errors, []);
        const warnings = engineWarnings(page);
        assert.equal(warnings.length, 1, warnings.join('\n'));
        assert.match(warnings[0], /\[shelfwise\] could not load its WebAssembly .*the page keeps its original order/);
        await page.context().close();
      });
    }
  });

  describe('strict Content-Security-Policy', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const snippet = readme.match(/<script>(setTimeout\(function\(\)\{document\.documentElement\.classList\.add\('sw-off'\)\},300\))<\/script>/)?.[1];
    const hash = snippet && createHash('sha256').update(snippet).digest('base64');
    const csp = `script-src 'self' 'wasm-unsafe-eval' 'sha256-${hash}'`;

    test('the README states the exact policy, with the hash of its own first-paint snippet, used as is by the demo', () => {
      assert.ok(snippet, 'the README shows the first-paint snippet');
      assert.ok(readme.includes(`Content-Security-Policy: ${csp}`), `the README states: Content-Security-Policy: ${csp}`);
      for (const f of ['index.html', 'category.html', 'product.html', 'cart.html']) {
        const inline = [...readFileSync(join(WWW, f), 'utf8').matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
        assert.deepEqual(inline, [snippet], `${f}: its only inline script is the README's snippet`);
      }
    });

    test('the demo runs under it: personalized, no violation, no error', async () => {
      const strict = await demo({ headers: { 'Content-Security-Policy': csp } });
      const page = await newPage(browser);
      try {
        await page.addInitScript(() => {
          window.__violations = [];
          document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
        });
        await open(page, `${strict.base}/`);
        for (const id of ['SH-RUN-001', 'SH-RUN-003']) await open(page, `${strict.base}/product.html?id=${id}`);
        await page.click('form button[type="submit"]');
        await open(page, `${strict.base}/cart.html`);
        await page.click('#privacy > summary');
        await page.locator('shelfwise-privacy').locator('li', { hasText: 'Runner' }).waitFor();
        await open(page, `${strict.base}/`);
        assert.equal(await page.evaluate(() => window.shelfwise.running), true);
        assert.ok((await page.evaluate(() => window.shelfwise.segments())).includes('runner'));
        assert.equal(await page.$eval('[data-sw-widget="home-trending"]', (e) => e.dataset.swReady), 'personalized');
        await page.waitForFunction(() => document.documentElement.classList.contains('sw-off'));
        assert.deepEqual(await page.evaluate(() => window.__violations), []);
        assert.deepEqual(page.violations, [], 'no violation on any page of the visit');
        assert.deepEqual(page.errors, []);
        assert.deepEqual(engineWarnings(page), []);
      } finally {
        await page.context().close();
        await strict.close();
      }
    });

    test('the shipped JavaScript has no eval, no new Function, no string timers', () => {
      const files = readdirSync(pkg).filter((f) => f.endsWith('.js'));
      assert.ok(files.includes('shelfwise_wasm.js') && files.includes('panel.js'));
      for (const f of files) {
        const src = readFileSync(join(pkg, f), 'utf8');
        assert.doesNotMatch(src, /\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(|set(Timeout|Interval)\s*\(\s*['"`]/, f);
      }
    });
  });

  describe('no string is ever inserted as HTML', () => {
    const X = '<img src=x onerror="window.__pwned=1">';
    const Q = '"><img src=x onerror=window.__pwned=2>';
    const esc = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const page = `<!doctype html><html><head><meta charset="utf-8"><title>hostile</title></head><body>
  <ul data-sw-widget="shelf">
    <li data-sw-item="plain" data-sw-brand="Acme">plain</li>
    <li data-sw-item="${esc(X)}" data-sw-category="${esc(X)}/${esc(Q)}" data-sw-brand="${esc(X)}" data-sw-tags="${esc(X)} ${esc(Q)}" data-sw-related="${esc(Q)}">x</li>
    <li data-sw-item="${esc(Q)}" data-sw-brand="${esc(Q)}" data-sw-price="${esc(X)}">q</li>
  </ul>
  <div data-sw-slot="hero"><p data-sw-variant="default">default</p><p data-sw-variant="${esc(X)}" hidden>hostile variant</p></div>
  <div data-sw-product="${esc(Q)}" data-sw-category="${esc(X)}" data-sw-brand="${esc(X)}"></div>
  <shelfwise-privacy></shelfwise-privacy>
  <script type="module">
    import { start } from '/pkg/shelfwise.js';
    import { definePrivacyPanel } from '/pkg/panel.js';
    definePrivacyPanel();
    window.sw = await start({ config: window.hostileConfig, debug: true });
    document.querySelector('shelfwise-privacy').engine = window.sw;
  </script>
  </body></html>`;
    const config = {
      version: 1,
      groups: { g: [X, Q] },
      related: { [X]: [Q, 'plain'] },
      segments: [
        { id: 'fan', name: X, if: { 'affinity.top.brand': X } },
        { id: 'grouped', name: Q, if: { 'attrs.name': { $inGroup: 'g' } } },
      ],
      widgets: { shelf: { rules: [{ rule: 'boost', match: { brand: X }, weight: 5 }, { rule: 'pin', item: Q, position: 3 }, { rule: 'affinity', weight: 10 }] } },
      content: { hero: { variants: [{ show: X, segments: ['fan'] }], default: 'default' } },
    };

    test('hostile strings in config, markup, events, attributes, preferences, the panel and explanations never run', async () => {
      const p = await newPage(browser);
      await p.route(`${server.base}/fixtures/hostile.html`, (r) => r.fulfill({ contentType: 'text/html', body: page }));
      await p.addInitScript((c) => (window.hostileConfig = c), config);
      await p.goto(`${server.base}/fixtures/hostile.html`);
      await p.waitForFunction(() => window.sw !== undefined);
      assert.equal(await p.evaluate(() => window.sw.running), true, 'the config with hostile strings is valid');
      const seen = await p.evaluate(async ([X, Q]) => {
        const sw = window.sw;
        for (const id of [X, Q, 'plain']) sw.track('view_item', { items: [{ item_id: id, item_category: X, item_category2: Q, item_brand: X, item_tags: [X, Q] }] });
        sw.track('search', { search_term: X });
        sw.track('purchase', { transaction_id: Q, value: 5, items: [{ item_id: Q, item_brand: X }] });
        sw.track(X, { x: X });
        window.dataLayer.push({ event: X, ecommerce: { items: [{ item_id: X }] } });
        window.dataLayer.push(['event', 'add_to_cart', { items: [{ item_id: X, item_brand: X, item_category: Q }] }]);
        sw.setAttributes({ name: X, [X]: Q });
        sw.setPreferences({ brand: X, category: Q, [Q]: X });
        return {
          segments: sw.segmentNames(),
          explainSegment: await sw.explainSegment('fan'),
          explainUnknown: await sw.explainSegment(X),
          explainWidget: await sw.explainWidget('shelf'),
          explainHostile: await sw.explainWidget(X),
          rank: await sw.explainRank(X, [{ id: X, brand: X }, { id: Q }]),
          exported: sw.exportData(),
        };
      }, [X, Q]);
      assert.deepEqual(seen.segments.map((s) => s.name).sort(), [Q, X].sort(), 'hostile names come back as plain text');
      assert.ok(JSON.stringify(seen.explainWidget).includes('onerror'));
      await p.waitForFunction((X) => document.querySelector('[data-sw-slot] > :not([hidden])').dataset.swVariant === X, X);
      await p.waitForFunction((X) => document.querySelector('shelfwise-privacy').shadowRoot.textContent.includes(X), X);

      // A control: markup inserted as HTML does run, so the check below could see it.
      await p.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img id="control" src="x" onerror="window.__control=1">'));
      await p.waitForFunction(() => window.__control === 1);
      assert.equal(await p.evaluate(() => window.__pwned), undefined, 'nothing hostile ran');
      assert.equal(await p.evaluate(() => document.querySelectorAll('img').length), 1, 'the only image is the control');
      assert.equal(await p.evaluate(() => document.querySelector('shelfwise-privacy').shadowRoot.querySelectorAll('img').length), 0);
      assert.deepEqual(p.errors, []);
      await p.context().close();
    });

    test('a hostile segment id is a config error: the page keeps its order and nothing runs', async () => {
      const p = await newPage(browser);
      await p.route(`${server.base}/fixtures/hostile.html`, (r) => r.fulfill({ contentType: 'text/html', body: page }));
      await p.addInitScript((c) => (window.hostileConfig = c), { version: 1, segments: [{ id: X, name: X, if: {} }], widgets: { [X]: {} } });
      await p.goto(`${server.base}/fixtures/hostile.html`);
      await p.waitForFunction(() => window.sw !== undefined);
      assert.equal(await p.evaluate(() => window.sw.running), false);
      assert.equal(engineWarnings(p).length, 1);
      await p.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src="x" onerror="window.__control=1">'));
      await p.waitForFunction(() => window.__control === 1);
      assert.equal(await p.evaluate(() => window.__pwned), undefined);
      await p.context().close();
    });
  });

  describe('storage that fails on a real page', () => {
    /** The page is intact, the engine runs in memory, and exactly `warnings` engine warnings were said. */
    async function intact(page, warnings) {
      assert.equal(await page.$eval('#shop-script', (e) => e.textContent), 'the shop script ran');
      assert.equal(await page.evaluate(() => window.sw.running), true);
      await viewShoes(page);
      assert.deepEqual(await page.evaluate(() => window.sw.segments()), ['shoe-lover']);
      await flush(page);
      assert.deepEqual(page.errors, []);
      const said = engineWarnings(page);
      assert.equal(said.length, warnings, said.join('\n'));
    }

    const breakStorage = (method, name) =>
      `window.__orig = window.__orig || { getItem: Storage.prototype.getItem, setItem: Storage.prototype.setItem, removeItem: Storage.prototype.removeItem, key: Storage.prototype.key };
       Storage.prototype.${method} = function (k) { if (String(k).startsWith('shelfwise:') || '${method}' === 'key') throw new DOMException('injected', '${name}'); return window.__orig.${method}.apply(this, arguments); };`;
    const restore = () => Object.assign(Storage.prototype, window.__orig);
    const stored = (page) => page.evaluate(() => localStorage.getItem('shelfwise:profile'));

    test('storage that is absent or throws on access: the engine runs in memory with one warning', async () => {
      for (const absent of [
        `Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });
         Object.defineProperty(window, 'sessionStorage', { get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });`,
        `Object.defineProperty(window, 'localStorage', { value: null }); Object.defineProperty(window, 'sessionStorage', { value: null });`,
      ]) {
        const page = await newPage(browser);
        await lab(page, absent);
        await intact(page, 1);
        assert.match(engineWarnings(page)[0], /\[shelfwise\] localStorage cannot be used .*carrying on in memory/);
        await page.evaluate(() => window.sw.forget());
        assert.deepEqual(page.errors, []);
        await page.context().close();
      }
    });

    test('every storage call throwing: one warning; once storage works again the next write keeps everything', async () => {
      const page = await newPage(browser);
      await lab(page, breakStorage('getItem', 'SecurityError') + breakStorage('setItem', 'SecurityError') + breakStorage('removeItem', 'SecurityError') + breakStorage('key', 'SecurityError'));
      await intact(page, 1);
      await page.evaluate(() => window.sw.forget());
      await viewShoes(page, ['SH-4', 'SH-5', 'SH-6']);
      await page.evaluate(restore);
      await flush(page);
      assert.deepEqual(JSON.parse(await stored(page)).viewed.map(([id]) => id).sort(), ['SH-4', 'SH-5', 'SH-6']);
      assert.equal(engineWarnings(page).length, 1);
      await page.context().close();
    });

    test('a full storage (QuotaExceededError) never loses what was stored, and the next good write adds what is new', async () => {
      const page = await newPage(browser);
      await lab(page);
      await viewShoes(page);
      await flush(page);
      const good = await stored(page);
      await page.evaluate(breakStorage('setItem', 'QuotaExceededError'));
      await page.evaluate(() => window.sw.track('view_item', { items: [{ item_id: 'SH-4', item_category: 'Shoes' }] }));
      await flush(page);
      assert.equal(await stored(page), good, 'what was stored is intact');
      const said = engineWarnings(page);
      assert.equal(said.length, 1, said.join('\n'));
      assert.match(said[0], /QuotaExceededError/);
      await page.evaluate(restore);
      await flush(page);
      assert.deepEqual(JSON.parse(await stored(page)).viewed.map(([id]) => id).sort(), ['SH-1', 'SH-2', 'SH-3', 'SH-4']);
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });

    test('when what is stored cannot be read, it is not overwritten: the next write merges into it', async () => {
      const page = await newPage(browser);
      await lab(page);
      await viewShoes(page);
      await flush(page);
      await page.reload();
      await page.waitForFunction(() => window.sw !== undefined);
      await page.evaluate(breakStorage('getItem', 'SecurityError'));
      const good = await page.evaluate(() => window.__orig.getItem.call(localStorage, 'shelfwise:profile'));
      await page.evaluate(() => window.sw.track('view_item', { items: [{ item_id: 'SH-4', item_category: 'Shoes' }] }));
      await flush(page);
      assert.equal(await page.evaluate(() => window.__orig.getItem.call(localStorage, 'shelfwise:profile')), good, 'not overwritten by a page that could not read it');
      await page.evaluate(restore);
      await flush(page);
      assert.deepEqual(JSON.parse(await stored(page)).viewed.map(([id]) => id).sort(), ['SH-1', 'SH-2', 'SH-3', 'SH-4']);
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });

    const seeded = (text) => `if (!sessionStorage.getItem('test-seeded')) { sessionStorage.setItem('test-seeded', '1'); localStorage.setItem('shelfwise:profile', ${JSON.stringify(text)}); }`;

    test('a corrupt or truncated profile: one warning, the page runs afresh, the next write repairs it', async () => {
      const valid = JSON.stringify({ v: 2, id: 'x', first: Date.now() - 1000, last: Date.now() - 1000, viewed: [['OLD-1', Date.now() - 1000]] });
      for (const blob of [valid.slice(0, valid.length / 2), 'not json at all', '[]', '{"v":"2"}', '', '\u0000\uffff']) {
        const page = await newPage(browser);
        await lab(page, seeded(blob));
        await intact(page, 1);
        const kept = JSON.parse(await stored(page));
        assert.deepEqual(kept.viewed.map(([id]) => id).sort(), ['SH-1', 'SH-2', 'SH-3'], `repaired from ${JSON.stringify(blob)}`);
        await page.context().close();
      }
    });

    test('a damaged field costs only itself: the rest of the profile is kept', async () => {
      const now = Date.now();
      const page = await newPage(browser);
      await lab(page, seeded(JSON.stringify({ v: 2, id: 'x', first: now - 5000, last: now - 5000, viewed: 42, searches: [['boots', now - 5000]] })));
      await intact(page, 0);
      const kept = JSON.parse(await stored(page));
      assert.deepEqual(kept.searches.map(([t]) => t), ['boots']);
      assert.equal(kept.id, 'x');
      await page.context().close();
    });

    test('a profile from a newer version is left untouched; this page runs in memory with one warning', async () => {
      const future = JSON.stringify({ v: 99, id: 'future', something: 'new' });
      const page = await newPage(browser);
      await lab(page, seeded(future));
      await intact(page, 1);
      assert.match(engineWarnings(page)[0], /format 99, newer than this engine's/);
      assert.equal(await stored(page), future);
      await page.context().close();
    });

    test('absurd hand-edited values are brought back into bounds, silently, and stay small', async () => {
      const now = Date.now();
      const absurd = {
        v: 2,
        id: 'i'.repeat(10_000),
        first: -5,
        last: 9e15,
        session: { n: 4_294_967_295, start: 9e15, last: 9e15, pages: 4_294_967_295, events: 4_294_967_295 },
        items: { a: [[1, 0, 0, 0, 0], 1e300, 9e15], '': [[1, 0, 0, 0, 0], 1, now] },
        viewed: Array.from({ length: 5000 }, (_, i) => [`V-${i}`, now]),
        cart: [['a', -3, 10, '', ''], ['b', 1e300, -5, '', ''], ['c', 1, 10, '', '']],
        orders: [[now, -100, 'T'], [now, 50, 'U']],
        prefs: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`p${i}`, i])),
      };
      const page = await newPage(browser);
      await lab(page, seeded(JSON.stringify(absurd)));
      await intact(page, 0);
      const text = await stored(page);
      const kept = JSON.parse(text);
      assert.ok(text.length < 8_000, `the repaired profile is small (${text.length} characters)`);
      assert.equal(kept.viewed.length, 20);
      assert.ok(kept.last <= Date.now());
      assert.deepEqual(kept.cart.map((l) => l[0]), ['c']);
      assert.deepEqual(kept.orders.map((o) => o[2]), ['U']);
      assert.equal(kept.id.length, 64);
      assert.ok(kept.session.events > 1 && kept.session.events <= 10_000_100, `counting on from a huge count neither wraps nor grows absurd: ${kept.session.events}`);
      await page.context().close();
    });
  });
});
