// Privacy as a shopper and a privacy-minded merchant can check it: nothing leaves the browser,
// nothing is kept without consent, Global Privacy Control is honoured, the shopper can see,
// export and erase what is kept, old data goes, and only product and page facts are stored.
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { describe, test } from 'node:test';
import { demo, engines, engineWarnings, newPage, open, pkg, root, useDemo } from './helpers.mjs';

const WWW = join(root, 'www');
const FIXTURES = join(root, 'tests/e2e/fixtures');
const KEY = 'shelfwise:profile';
const DAY = 86_400_000;

/** The test page's config: three shoe views make a shoe lover, who sees shoes first. */
const LAB = {
  version: 1,
  features: { shoeViews: { events: 'view_item', where: { category: 'Shoes' }, window: '30d' } },
  segments: [{ id: 'shoe-lover', name: 'Shoe lover', if: { 'features.shoeViews': { $gte: 3 } } }],
  strategy: { rules: [{ rule: 'affinity', weight: 10 }], reorderWhileVisible: true },
  content: { hero: { variants: [{ show: 'shoes', segments: ['shoe-lover'] }], default: 'default' } },
};
const withStorage = (storage) => ({ ...LAB, storage });
/** A policy that allows the shop's own files only (inline scripts and styles and the .wasm too). */
const ONLY_SELF = "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";

let server;
let browser;

/** Records every Storage call the page makes (after this script is installed). */
function spyOnStorage() {
  window.__storage = [];
  const area = (s) => (s === window.localStorage ? 'local' : 'session');
  for (const m of ['getItem', 'setItem', 'removeItem', 'key', 'clear']) {
    const orig = Storage.prototype[m];
    Storage.prototype[m] = function (...args) {
      window.__storage.push(`${area(this)}.${m}(${args.length ? String(args[0]) : ''})`);
      return orig.apply(this, args);
    };
  }
  const length = Object.getOwnPropertyDescriptor(Storage.prototype, 'length');
  Object.defineProperty(Storage.prototype, 'length', {
    configurable: true,
    get() {
      window.__storage.push(`${area(this)}.length`);
      return length.get.call(this);
    },
  });
}

/**
 * Opens the test page in a fresh context. `seed`: localStorage entries written once before the
 * first page loads (a previous visit); `gpc`: navigator.globalPrivacyControl; `spy`: record
 * Storage calls; `prelude`: a script run before the page's own (e.g. Consent Mode defaults).
 */
async function lab({ config = LAB, options, seed, gpc, spy, prelude, context } = {}) {
  const page = context ? await context.newPage() : await newPage(browser);
  if (seed) {
    await page.addInitScript((entries) => {
      if (sessionStorage.getItem('test-seeded')) return;
      sessionStorage.setItem('test-seeded', '1');
      for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
    }, seed);
  }
  if (gpc !== undefined) {
    await page.addInitScript((on) => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => on }), gpc);
  }
  if (spy) await page.addInitScript(spyOnStorage);
  await page.addInitScript(([c, o]) => {
    window.labConfig = c;
    window.labOptions = o;
  }, [config, options ?? null]);
  if (prelude) await page.addInitScript(prelude);
  await page.goto(`${server.base}/fixtures/lab.html`);
  await page.waitForFunction(() => window.sw !== undefined, null, { timeout: 10_000 });
  return page;
}

/** Views products on the test page through the JS API. */
function view(page, ...ids) {
  return page.evaluate((ids) => {
    for (const id of ids) window.sw.track('view_item', { items: [{ item_id: id, item_category: 'Shoes', item_category2: 'Running', item_brand: 'Stride', price: 120 }] });
  }, ids);
}

/** Writes pending changes and waits until the write is done. */
function flush(page) {
  return page.evaluate(async () => {
    window.sw.flush();
    await navigator.locks.request('shelfwise:profile', () => {});
  });
}

/** Every `shelfwise:` key in local and session storage, with its text. */
function engineKeys(page) {
  return page.evaluate(() => {
    const out = {};
    for (const [name, s] of [['local', localStorage], ['session', sessionStorage]]) {
      for (let i = 0; i < s.length; i++) {
        const k = s.key(i);
        if (k.startsWith('shelfwise:')) out[`${name}:${k}`] = s.getItem(k);
      }
    }
    return out;
  });
}

const segments = (page) => page.evaluate(() => window.sw.segments());
const storageState = (page) => page.evaluate(() => window.sw.storage());

/** The profile a visit at `time` (ms; default now) stored: three shoes viewed, so a shoe lover. */
async function visitAt(time) {
  const page = await newPage(browser);
  if (time !== undefined) await page.clock.install({ time });
  await page.addInitScript((c) => (window.labConfig = c), LAB);
  await page.goto(`${server.base}/fixtures/lab.html`);
  await page.waitForFunction(() => window.sw !== undefined);
  await view(page, 'SH-1', 'SH-2', 'SH-3');
  await flush(page);
  const stored = (await engineKeys(page))[`local:${KEY}`];
  await page.context().close();
  assert.ok(stored, 'the visit stored a profile');
  return stored;
}

const previousVisits = new Map();
/** What a previous visit (in this browser) stored. */
async function previous() {
  if (!previousVisits.has(browser)) previousVisits.set(browser, await visitAt());
  return previousVisits.get(browser);
}

function gtagPrelude(commands) {
  return `window.dataLayer = window.dataLayer || [];
    window.gtag = function () { window.dataLayer.push(arguments); };
    ${commands}`;
}

engines(() => {
  useDemo((s, b) => ([server, browser] = [s, b]), { mounts: { '/pkg/': pkg, '/fixtures/': FIXTURES, '/': WWW } });

  describe('no network request, no cookie', () => {
    test('a whole visit (home, category, product, add to cart, cart, checkout, home) requests only the shop\'s own files and the package\'s .js and .wasm', async () => {
      // The shop's server says, without enforcing it, that the page may load nothing from any
      // other host: the browser then reports every request the page makes elsewhere (in
      // page.violations), while the server sees every request made to the shop itself.
      const shop = await demo({ mounts: { '/pkg/': pkg, '/fixtures/': FIXTURES, '/': WWW }, headers: { 'Content-Security-Policy-Report-Only': ONLY_SELF } });
      const page = await newPage(browser);
      const context = page.context();
      const requests = context.requests; // { url, method, dest (Sec-Fetch-Dest) }
      const server = shop;

      await open(page, `${server.base}/`);
      await page.click('nav.nav a[data-cat="Shoes"]');
      await page.waitForURL(/category\.html/);
      await page.waitForFunction(() => window.shelfwise !== undefined);
      await page.click('[data-sw-widget] [data-sw-item] a.card-link');
      await page.waitForURL(/product\.html/);
      await page.waitForFunction(() => window.shelfwise !== undefined);
      await page.click('form button[type="submit"]');
      await page.waitForFunction(() => Number(document.querySelector('[data-cart-count]').textContent) > 0);
      await page.click('a.cart-link');
      await page.waitForURL(/cart\.html/);
      await page.waitForFunction(() => window.shelfwise !== undefined);
      await page.click('#privacy > summary');
      await page.click('#checkout');
      await page.waitForSelector('#thanks');
      await page.click('#thanks a.btn');
      await page.waitForURL(`${server.base}/`);
      await page.waitForFunction(() => window.shelfwise !== undefined);
      await page.evaluate(() => window.shelfwise.flush());
      await page.evaluate(() => new Promise((r) => setTimeout(r, 600)));

      const stray = requests.filter(({ url, method, dest }) => {
        const u = new URL(url);
        if (u.origin !== server.base || method !== 'GET') return true;
        const path = decodeURIComponent(u.pathname);
        if (path.startsWith('/pkg/')) {
          const file = path.slice('/pkg/'.length);
          return !/^[\w.-]+\.(js|wasm)$/.test(file) || !existsSync(join(pkg, file));
        }
        const file = normalize(join(WWW, path));
        if (!file.startsWith(WWW) || !existsSync(file)) return true;
        if (statSync(file).isDirectory() && !existsSync(join(file, 'index.html'))) return true;
        // The engine fetches nothing but its own .wasm (fetch, XHR, beacons, event streams and
        // pings all have the destination "empty").
        return ['empty', 'websocket'].includes(dest) && !path.endsWith('.wasm');
      });
      assert.deepEqual(stray, [], 'every request is the shop\'s own file or the package\'s .js/.wasm');
      assert.deepEqual(page.violations, [], 'no request for another host');
      assert.ok(requests.some((r) => r.url.endsWith('/pkg/shelfwise_wasm_bg.wasm')), 'the visit did load the engine');
      assert.ok(requests.some((r) => r.url.includes('/cart.html')), 'the visit reached the cart');
      assert.deepEqual(await context.cookies(), [], 'no cookie');
      assert.equal(await page.evaluate(() => document.cookie), '');
      assert.deepEqual(await page.evaluate(async () => (await navigator.serviceWorker?.getRegistrations?.())?.length ?? 0), 0, 'no service worker');
      assert.ok((await engineKeys(page))[`local:${KEY}`], 'what the visit taught is kept in this browser');
      assert.deepEqual(page.errors, []);
      assert.deepEqual(engineWarnings(page), []);
      // A control: a request for another host is seen.
      await page.evaluate(() => new Promise((reported) => {
        document.addEventListener('securitypolicyviolation', reported, { once: true });
        fetch('http://tracker.example/collect').catch(() => {});
      }));
      assert.match(page.violations.join('\n'), /^connect-src http:\/\/tracker\.example/, 'a request for another host would be seen');
      await context.close();
      await shop.close();
    });
  });

  describe('consent', () => {
    test('storage.consent "required": nothing is read or written until consent, yet this page is personalized in memory', async () => {
      const stored = await previous();
      const page = await lab({ config: withStorage({ consent: 'required' }), seed: { [KEY]: stored }, spy: true });
      assert.equal(await storageState(page), 'consent-pending');
      assert.deepEqual(await segments(page), [], 'the stored shoe lover is not read');
      await view(page, 'SH-4', 'SH-5', 'SH-6');
      assert.deepEqual(await segments(page), ['shoe-lover'], 'what happens on this page counts at once');
      await page.waitForFunction(() => document.querySelector('[data-sw-item]').dataset.swItem.startsWith('SH-'));
      // The hero slot is on screen: its new variant waits until it leaves the viewport.
      assert.equal(await page.$eval('[data-sw-slot=hero]', (e) => e.hasAttribute('data-sw-stale')), true);
      await flush(page);
      await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide')));
      assert.deepEqual(await page.evaluate(() => window.__storage), [], 'no storage call at all');
      assert.deepEqual(await engineKeys(page), { [`local:${KEY}`]: stored }, 'the stored profile is untouched and nothing was added');
      assert.deepEqual(await page.evaluate(() => window.sw.exportData().storedKeys), []);
      await page.context().close();
    });

    test('sw.consent(true) reads what was stored, merges this page into it and keeps it', async () => {
      const stored = await previous();
      const page = await lab({ config: withStorage({ consent: 'required' }), seed: { [KEY]: stored } });
      await view(page, 'SH-4');
      assert.deepEqual(await segments(page), []);
      const entered = page.evaluate(() => new Promise((r) => window.sw.on('segments', r)));
      await page.evaluate(() => window.sw.consent(true));
      assert.deepEqual((await entered).entered, ['shoe-lover'], 'the stored history counts once consent is given');
      assert.equal(await storageState(page), 'local');
      await flush(page);
      const kept = JSON.parse((await engineKeys(page))[`local:${KEY}`]);
      assert.deepEqual(kept.viewed.map(([id]) => id).sort(), ['SH-1', 'SH-2', 'SH-3', 'SH-4']);
      await page.context().close();
    });

    test('Consent Mode commands already in window.dataLayer count before anything is read', async () => {
      const stored = await previous();
      const granted = await lab({
        config: withStorage({ consent: 'required' }),
        seed: { [KEY]: stored },
        prelude: gtagPrelude(`gtag('consent', 'default', { personalization_storage: 'denied', ad_storage: 'denied' });
          gtag('consent', 'update', { personalization_storage: 'granted' });`),
      });
      assert.equal(await storageState(granted), 'local');
      assert.deepEqual(await segments(granted), ['shoe-lover'], 'the stored profile is read at start');
      await granted.context().close();

      const denied = await lab({
        config: withStorage({ consent: 'required' }),
        seed: { [KEY]: stored },
        spy: true,
        prelude: gtagPrelude(`gtag('consent', 'default', { personalization_storage: 'denied' });`),
      });
      assert.equal(await storageState(denied), 'consent-denied');
      assert.deepEqual(await segments(denied), []);
      await view(denied, 'SH-4');
      await flush(denied);
      assert.deepEqual(await denied.evaluate(() => window.__storage), [], 'a default denial reads and writes nothing');
      assert.deepEqual(await engineKeys(denied), { [`local:${KEY}`]: stored }, 'and erases nothing: it is not the visitor\'s decision');
      await denied.context().close();

      // Where consent is not required, a denial pushed before start still comes before any read.
      const notRequired = await lab({
        seed: { [KEY]: stored },
        spy: true,
        prelude: gtagPrelude(`gtag('consent', 'default', { personalization_storage: 'denied' });`),
      });
      assert.equal(await storageState(notRequired), 'consent-denied');
      assert.deepEqual(await segments(notRequired), [], 'the stored profile was not read');
      assert.deepEqual(await notRequired.evaluate(() => window.__storage), []);
      await notRequired.context().close();
    });

    test('a Consent Mode update pushed after start grants storage on the spot', async () => {
      const stored = await previous();
      const page = await lab({
        config: withStorage({ consent: 'required' }),
        seed: { [KEY]: stored },
        prelude: gtagPrelude(`gtag('consent', 'default', { personalization_storage: 'denied' });`),
      });
      assert.deepEqual(await segments(page), []);
      await page.evaluate(() => window.gtag('consent', 'update', { personalization_storage: 'granted' }));
      assert.equal(await storageState(page), 'local');
      assert.deepEqual(await segments(page), ['shoe-lover']);
      assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-sw-segments')), false, 'segments stay out of the markup unless the config asks');
      await page.context().close();
    });

    test('a shop that defaults to denied and updates to granted on every page keeps the visitor\'s profile', async () => {
      const stored = await previous();
      const page = await lab({
        config: withStorage({ consent: 'not-required' }),
        seed: { [KEY]: stored },
        spy: true,
        prelude: gtagPrelude(`gtag('consent', 'default', { personalization_storage: 'denied' });`),
      });
      await page.evaluate(() => window.gtag('consent', 'update', { personalization_storage: 'granted' }));
      assert.deepEqual(await segments(page), ['shoe-lover']);
      assert.deepEqual(await page.evaluate(() => window.__storage.filter((c) => c.includes('removeItem'))), [], 'nothing was erased on the way');
      await view(page, 'SH-4');
      await flush(page);
      const kept = JSON.parse((await engineKeys(page))[`local:${KEY}`]);
      assert.equal(kept.viewed.length, 4, 'the default denial erased nothing');
      await page.context().close();
    });

    test('withdrawing consent (a call or a Consent Mode update) erases every stored key, also on a later page', async () => {
      const stored = await previous();
      const extra = { 'shelfwise:other': 'x', 'demo-cart': '[]' };
      for (const withdraw of [() => window.sw.consent(false), () => window.gtag('consent', 'update', { personalization_storage: 'denied' })]) {
        const page = await lab({ config: withStorage({ consent: 'required' }), seed: { [KEY]: stored, ...extra }, prelude: gtagPrelude('') });
        await page.evaluate(() => sessionStorage.setItem('shelfwise:tab', '1'));
        await page.evaluate(() => window.sw.consent(true));
        assert.deepEqual(await segments(page), ['shoe-lover']);
        await page.evaluate(withdraw);
        assert.deepEqual(await engineKeys(page), {}, 'every shelfwise: key is gone from local and session storage');
        assert.equal(await page.evaluate(() => localStorage.getItem('demo-cart')), '[]', 'the shop\'s own keys stay');
        assert.equal(await storageState(page), 'consent-denied');
        assert.deepEqual(await segments(page), [], 'what was read from storage is dropped too');
        await view(page, 'SH-7');
        await flush(page);
        assert.deepEqual(await engineKeys(page), {}, 'and nothing is written afterwards');
        await page.context().close();
      }
      // A refusal on a page where consent was never given erases what earlier pages stored.
      const later = await lab({ config: withStorage({ consent: 'required' }), seed: { [KEY]: stored } });
      await later.evaluate(() => window.sw.consent(false));
      assert.deepEqual(await engineKeys(later), {});
      await later.context().close();
    });
  });

  describe('Global Privacy Control', () => {
    test('navigator.globalPrivacyControl refuses storage: nothing read or written, until the visitor says yes', async () => {
      const stored = await previous();
      const page = await lab({
        seed: { [KEY]: stored },
        gpc: true,
        spy: true,
        prelude: gtagPrelude(`gtag('consent', 'default', { personalization_storage: 'granted' });`),
      });
      assert.equal(await storageState(page), 'gpc', 'a Consent Mode default does not override the browser\'s signal');
      assert.deepEqual(await segments(page), []);
      await view(page, 'SH-4', 'SH-5', 'SH-6');
      assert.deepEqual(await segments(page), ['shoe-lover'], 'personalized in memory');
      await flush(page);
      assert.deepEqual(await page.evaluate(() => window.__storage), []);
      assert.deepEqual(await engineKeys(page), { [`local:${KEY}`]: stored });
      await page.evaluate(() => window.sw.consent(true));
      assert.equal(await storageState(page), 'local', 'the visitor\'s own decision does');
      await page.context().close();
    });

    test('a shop may opt out with storage.honorGlobalPrivacyControl: false', async () => {
      const stored = await previous();
      const page = await lab({ config: withStorage({ honorGlobalPrivacyControl: false }), seed: { [KEY]: stored }, gpc: true });
      assert.equal(await page.evaluate(() => navigator.globalPrivacyControl), true);
      assert.equal(await storageState(page), 'local');
      assert.deepEqual(await segments(page), ['shoe-lover']);
      await view(page, 'SH-4');
      await flush(page);
      assert.equal(JSON.parse((await engineKeys(page))[`local:${KEY}`]).viewed.length, 4);
      await page.context().close();
    });
  });

  describe('the shopper\'s rights', () => {
    test('exportData() returns everything stored, as JSON', async () => {
      const page = await lab();
      await view(page, 'SH-1', 'SH-2');
      await page.evaluate(() => window.sw.track('search', { search_term: 'trail shoes' }));
      await flush(page);
      const data = await page.evaluate(() => JSON.parse(JSON.stringify(window.sw.exportData())));
      const kept = await engineKeys(page);
      assert.deepEqual(data.storedKeys, [KEY]);
      assert.deepEqual(data.profile, JSON.parse(kept[`local:${KEY}`]), 'the export is exactly what is stored');
      assert.deepEqual(data.profile.searches.map(([t]) => t), ['trail shoes']);
      assert.equal(data.storage, 'local');
      await page.context().close();
    });

    test('forget() erases every shelfwise: key, the memory, and what other open tabs hold', async () => {
      const context = await browser.newContext();
      const a = await lab({ context });
      await view(a, 'SH-1', 'SH-2', 'SH-3');
      await flush(a);
      const b = await lab({ context });
      assert.deepEqual(await segments(b), ['shoe-lover'], 'the second tab reads what the first stored');
      await b.evaluate(() => {
        localStorage.setItem('shelfwise:other', 'x');
        localStorage.setItem('demo-cart', '[]');
      });
      await a.evaluate(() => sessionStorage.setItem('shelfwise:tab', '1'));
      await b.evaluate(() => sessionStorage.setItem('shelfwise:tab', '1'));

      await a.evaluate(() => window.sw.forget());
      assert.deepEqual(await engineKeys(a), {});
      assert.equal(await a.evaluate(() => localStorage.getItem('demo-cart')), '[]');
      assert.deepEqual(await segments(a), []);
      await b.waitForFunction(() => window.sw.segments().length === 0);
      assert.deepEqual(await b.evaluate(() => window.sw.exportData().profile.viewed), [], 'the other tab forgot too');
      await flush(b);
      assert.deepEqual(await engineKeys(b), {}, 'the other tab writes nothing back');
      await context.close();
    });

    test('the demo\'s "What this shop knows about you" panel shows segments, interests and what is kept, and erases it', async () => {
      const page = await newPage(browser);
      for (const id of ['SH-RUN-001', 'SH-RUN-003', 'SH-RUN-005']) await open(page, `${server.base}/product.html?id=${id}`);
      await open(page, `${server.base}/cart.html`);
      await page.click('#privacy > summary');
      const panel = page.locator('shelfwise-privacy');
      await panel.locator('li', { hasText: 'Shoe lover' }).waitFor();
      const lines = await panel.locator('li').allTextContents();
      assert.ok(lines.includes('Runner'), lines.join(' | '));
      assert.ok(lines.includes('Shoes › Running'), `interests in plain words: ${lines.join(' | ')}`);
      assert.ok(lines.some((l) => l.endsWith('(brand)')), lines.join(' | '));
      assert.ok(lines.includes('3 products viewed'), lines.join(' | '));
      assert.match(await panel.locator('[data-storage]').textContent(), /kept in this browser only/);
      assert.match(await panel.locator('section').textContent(), /Stored under: shelfwise:profile/);
      const shown = JSON.parse(await panel.locator('[data-export]').textContent());
      assert.deepEqual(shown.viewed.map(([id]) => id).sort(), ['SH-RUN-001', 'SH-RUN-003', 'SH-RUN-005']);
      assert.equal(await page.evaluate(() => document.querySelector('shelfwise-privacy').shadowRoot.mode), 'open');

      await panel.getByRole('button', { name: 'Erase everything' }).click();
      await panel.getByRole('status').waitFor();
      assert.deepEqual(await engineKeys(page), {});
      assert.deepEqual(await page.evaluate(() => window.shelfwise.segments()), []);
      assert.match(await panel.locator('section').textContent(), /Nothing yet: no group fits you/);
      assert.ok((await panel.locator('li').allTextContents()).includes('0 products viewed'));
      await open(page, `${server.base}/`);
      assert.deepEqual(await page.evaluate(() => window.shelfwise.segments()), [], 'the next page knows nothing');
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });
  });

  describe('retention', () => {
    const RETAIN = withStorage({ retentionDays: 30 });

    /** Every time (ms) anywhere in a stored profile, found by walking it. */
    function times(v, out = []) {
      if (typeof v === 'number' && v > 1e12) out.push(v);
      else if (v && typeof v === 'object') for (const x of Object.values(v)) times(x, out);
      return out;
    }

    test('data older than storage.retentionDays is purged at start and while the page stays open', async () => {
      const t0 = Date.UTC(2026, 0, 10, 12);
      const page = await newPage(browser);
      await page.clock.install({ time: t0 });
      await page.clock.resume();
      const context = page.context();
      await context.addInitScript((c) => {
        window.labConfig = c;
      }, RETAIN);
      await page.goto(`${server.base}/fixtures/lab.html`);
      await page.waitForFunction(() => window.sw !== undefined);
      await view(page, 'SH-1', 'SH-2', 'SH-3');
      await flush(page);
      assert.deepEqual(await segments(page), ['shoe-lover']);

      // 29 days later the visit is still remembered.
      await page.clock.setSystemTime(t0 + 29 * DAY);
      await page.reload();
      await page.waitForFunction(() => window.sw !== undefined);
      assert.deepEqual(await page.evaluate(() => window.sw.attributes().history.viewed.length), 3);

      // 31 days after it, at start: gone from memory and, at the next write, from storage.
      await page.clock.setSystemTime(t0 + 31 * DAY);
      await page.reload();
      await page.waitForFunction(() => window.sw !== undefined);
      assert.deepEqual(await page.evaluate(() => window.sw.attributes().history.viewed), []);
      assert.deepEqual(await segments(page), []);
      await page.evaluate(() => window.sw.track('page_view_test'));
      await flush(page);
      let kept = JSON.parse((await engineKeys(page))[`local:${KEY}`]);
      assert.deepEqual([kept.viewed, kept.items, kept.categories], [[], {}, {}]);
      assert.deepEqual(times(kept).filter((t) => t < t0 + DAY), [], 'no date older than the retention is left');

      // While a page stays open: what it learned ages out as the clock moves on.
      await view(page, 'SH-4', 'SH-5', 'SH-6');
      assert.deepEqual(await segments(page), ['shoe-lover']);
      await page.clock.setSystemTime(t0 + 63 * DAY);
      await page.evaluate(() => window.sw.track('page_view_test'));
      assert.deepEqual(await segments(page), []);
      assert.deepEqual(await page.evaluate(() => window.sw.attributes().history.viewed), []);
      await flush(page);
      kept = JSON.parse((await engineKeys(page))[`local:${KEY}`]);
      assert.deepEqual(kept.viewed, []);
      assert.deepEqual(times(kept).filter((t) => t < t0 + 33 * DAY), [], 'no date older than the retention is left');
      await context.close();
    });

    test('a stored profile whose every timestamp is older than the retention is not used', async () => {
      const aged = await visitAt(Date.now() - 120 * DAY);
      assert.equal(JSON.parse(aged).viewed.length, 3);
      const page = await lab({ seed: { [KEY]: aged } });
      assert.deepEqual(await segments(page), []);
      assert.deepEqual(await page.evaluate(() => window.sw.attributes().history.viewed), []);
      assert.equal(await page.evaluate(() => window.sw.attributes().visit.count), 1, 'a first visit again');
      await flush(page);
      const kept = JSON.parse((await engineKeys(page))[`local:${KEY}`]);
      assert.deepEqual([kept.viewed, kept.items, kept.starts.length], [[], {}, 1]);
      await page.context().close();
    });
  });

  describe('only product and page facts are stored', () => {
    const PERSONAL = ['Jane Doe', 'jane.doe@example.com', '221B Baker Street', '+44 20 7946 0958', 'Tempo 3 Road Running Shoe', 'my secret note'];

    async function trackPersonal(page) {
      await page.evaluate(() => {
        const sw = window.sw;
        const item = { item_id: 'SH-1', item_name: 'Tempo 3 Road Running Shoe', item_category: 'Shoes', item_brand: 'Stride', price: 120, customer_email: 'jane.doe@example.com', note: 'my secret note' };
        sw.track('view_item', { items: [item], user_email: 'jane.doe@example.com', user_name: 'Jane Doe' });
        sw.track('add_to_cart', { items: [item], shipping_address: '221B Baker Street', phone: '+44 20 7946 0958' });
        sw.track('sign_up', { method: 'email', email: 'jane.doe@example.com', name: 'Jane Doe' });
        sw.track('purchase', { transaction_id: 'T-1', value: 120, items: [item], customer: { name: 'Jane Doe', email: 'jane.doe@example.com', address: '221B Baker Street' } });
        sw.track('search', { search_term: 'jane.doe@example.com' });
        sw.track('search', { search_term: 'waterproof boots' });
        window.dataLayer.push({ event: 'add_to_wishlist', user_data: { email: 'jane.doe@example.com' }, ecommerce: { items: [item] } });
      });
      await flush(page);
      return (await engineKeys(page))[`local:${KEY}`];
    }

    test('names, emails, addresses, phone numbers and item names in event parameters are never stored', async () => {
      const page = await lab();
      const blob = await trackPersonal(page);
      for (const s of PERSONAL) assert.ok(!blob.includes(s), `"${s}" is not stored: ${blob}`);
      const kept = JSON.parse(blob);
      assert.deepEqual(kept.searches.map(([t]) => t), ['waterproof boots'], 'a search for an email address is not kept');
      assert.ok(kept.items['SH-1'], 'the product facts are');
      assert.deepEqual(kept.orders.map((o) => o[2]), ['T-1']);
      await page.context().close();
    });

    test('storage.keepSearchTerms: false keeps no search term', async () => {
      const page = await lab({ config: withStorage({ keepSearchTerms: false }) });
      const blob = await trackPersonal(page);
      assert.ok(!blob.includes('waterproof boots'));
      assert.deepEqual(JSON.parse(blob).searches, []);
      await page.context().close();
    });

    test('a campaign tag holding an email address is not kept', async () => {
      const page = await newPage(browser);
      await page.addInitScript((c) => (window.labConfig = c), LAB);
      await page.goto(`${server.base}/fixtures/lab.html?utm_source=newsletter&utm_content=jane.doe%40example.com`);
      await page.waitForFunction(() => window.sw !== undefined);
      await flush(page);
      const kept = JSON.parse((await engineKeys(page))[`local:${KEY}`]);
      assert.deepEqual(kept.session.utm, { source: 'newsletter' });
      await page.context().close();
    });
  });
});
