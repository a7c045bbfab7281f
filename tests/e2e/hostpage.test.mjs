// Shelfwise never harms the page it runs on, checked on a storefront built like real shop themes
// (tests/e2e/fixtures/storefront/): a tag manager's hook survives, a hostile link cannot hang the
// tab, the page's listeners may call the engine, customer ids are not shipped in plain text,
// storage() tells the truth, a second start() makes no second engine, and stop() or an internal
// error leave nothing behind.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FIXTURE_MOUNTS, PAGE_CONFIG, openStorefront, storefront } from './fixtures/storefront.mjs';
import { demo, engines, engineWarnings, newPage, order, root, useDemo } from './helpers.mjs';

const PANIC_PKG = join(root, 'target/pkg-panic');
const GRID = ['NP-RUN-1', 'NP-RUN-2', 'NP-TRL-1', 'NP-RUN-3']; // the collection grid as the theme renders it
const CLI = join(root, 'bin/shelfwise.js');

/** A server whose /pkg/ is the build that panics on request (an internal error, on purpose). */
async function panicServer() {
  assert.ok(existsSync(join(PANIC_PKG, 'shelfwise_wasm_bg.wasm')), 'the panic-test build is missing: run `node scripts/build.mjs --panic-test` (`npm test` builds it)');
  return demo({ mounts: { ...FIXTURE_MOUNTS, '/pkg/': PANIC_PKG } });
}

/** Runs the command line; resolves to { status, out } (stdout and stderr together). */
function cli(...args) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}

/** Closes a page made by `newPage` (its own browser context). */
const closePage = (page) => (typeof page.context === 'function' ? page.context().close() : page.close());
const withSegment = (segment, more = {}) => ({ ...PAGE_CONFIG, ...more, segments: [...PAGE_CONFIG.segments, segment] });
const sleep = (page, ms) => page.evaluate((ms) => new Promise((r) => setTimeout(r, ms)), ms);
const stored = (page) => page.evaluate(() => localStorage.getItem('shelfwise:profile'));
/** A segment whose $regex could backtrack catastrophically, and the link that would set it off. */
const hostile = withSegment({ id: 'campaign-a', if: { 'utm.campaign': { $regex: '^(a+)+$' } } });
const link = { utm_campaign: `${'a'.repeat(40)}!` };

describe('a $regex that can backtrack catastrophically (no browser)', () => {
  test('`shelfwise validate` refuses it with its path and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-regex-'));
    writeFileSync(join(dir, 'hostile.json'), JSON.stringify(hostile));
    const r = cli('validate', join(dir, 'hostile.json'));
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /segments\[2\]\.if\.utm\.campaign\.\$regex: regular expression "\^\(a\+\)\+\$" is refused/);
  });
});

engines(() => {
  let server;
  let browser;
  useDemo((s, b) => ([server, browser] = [s, b]), { mounts: FIXTURE_MOUNTS });

  describe("a tag manager's dataLayer.push wrapper", () => {
    test('added after Shelfwise started, it keeps receiving every push after sw.stop(), and Shelfwise reads none', async () => {
      const page = await newPage(browser);
      await openStorefront(page, storefront(server.base, { gtm: 'manual' }));
      await page.evaluate(() => window.tagManager.install());
      await page.evaluate(() => window.sw.stop());
      assert.equal(await page.evaluate(() => window.dataLayer.push === window.tagManager.push), true, "the tag manager's wrapper is still dataLayer.push");
      const before = await stored(page);
      const seen = await page.evaluate(() => {
        const n = window.dataLayer.push({ event: 'add_to_cart', ecommerce: { items: [{ item_id: 'NP-RUN-2', price: 99 }] } });
        window.gtag('event', 'sign_up', { method: 'email' });
        return { returned: n, length: window.dataLayer.length, last: window.tagManager.seen.slice(-2).map((e) => e.event ?? Array.from(e)[1]) };
      });
      assert.deepEqual(seen.last, ['add_to_cart', 'sign_up']);
      assert.equal(seen.returned, seen.length - 1, 'push still returns the new length');
      await sleep(page, 700);
      assert.equal(await stored(page), before, 'Shelfwise read nothing after stop()');
      assert.deepEqual(engineWarnings(page), []);
      await closePage(page);
    });

    test("installed before Shelfwise, it is dataLayer.push again after sw.stop()", async () => {
      const page = await newPage(browser);
      await openStorefront(page, storefront(server.base, { gtm: 'early' }));
      assert.notEqual(await page.evaluate(() => window.dataLayer.push === window.tagManager.push), true, 'Shelfwise hooked in on top');
      await page.evaluate(() => window.sw.stop());
      assert.equal(await page.evaluate(() => window.dataLayer.push === window.tagManager.push), true);
      await closePage(page);
    });

    test('added after Shelfwise started, it keeps receiving every push after the engine stopped on an internal error', async () => {
      const panic = await panicServer();
      const page = await newPage(browser);
      try {
        await openStorefront(page, storefront(panic.base, { gtm: 'manual' }));
        await page.evaluate(() => window.tagManager.install());
        await page.evaluate(() => window.sw.track('shelfwise_test_panic'));
        assert.equal(await page.evaluate(() => window.sw.running), false, 'the engine stopped itself');
        assert.equal(await page.evaluate(() => window.dataLayer.push === window.tagManager.push), true, "the tag manager's wrapper is still dataLayer.push");
        const last = await page.evaluate(() => {
          window.dataLayer.push({ event: 'purchase', ecommerce: { transaction_id: 'T-1', value: 99, items: [{ item_id: 'NP-RUN-2' }] } });
          return window.tagManager.seen.at(-1).event;
        });
        assert.equal(last, 'purchase');
      } finally {
        await closePage(page);
        await panic.close();
      }
    });
  });

  describe('a $regex that can backtrack catastrophically', () => {
    test('is refused at load with its path: the link that would hang the tab leaves the page in its order, responsive', async () => {
      const page = await newPage(browser);
      try {
        // A hung tab cannot even time out a wait inside it: the test keeps its own clock.
        let timer;
        const opened = openStorefront(page, storefront(server.base, { config: hostile, query: link }), 15_000);
        opened.catch(() => {});
        await Promise.race([opened, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('start() had not returned after 10 s: the tab hangs')), 10_000)))]);
        clearTimeout(timer);
        assert.equal(await page.evaluate(() => window.sw.running), false);
        const warnings = engineWarnings(page);
        assert.equal(warnings.length, 1, warnings.join('\n'));
        // The page's engine names where; validateConfig() (loaded on demand) says what.
        assert.match(warnings[0], /the config is invalid at segments\[2\]\.if\.utm\.campaign\.\$regex; the page keeps its original order until it is fixed/);
        assert.deepEqual(await order(page, 'collection-grid'), GRID);
        assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('[data-sw-widget]')).visibility), 'visible');
        const errors = await page.evaluate(async (c) => (await import('/pkg/shelfwise.js')).validateConfig(c), hostile);
        assert.deepEqual(errors.map((e) => e.path), ['segments[2].if.utm.campaign.$regex']);
        assert.match(errors[0].message, /regular expression "\^\(a\+\)\+\$" is refused: "\(a\+\)\+" repeats a group/);
      } finally {
        await closePage(page);
      }
    });

    test('a safe pattern for the same campaign matches that link', async () => {
      const page = await newPage(browser);
      await openStorefront(page, storefront(server.base, { config: withSegment({ id: 'campaign-a', if: { 'utm.campaign': { $regex: '^a+!?$' } } }), query: link }));
      assert.deepEqual(await page.evaluate(() => window.sw.segments()), ['campaign-a']);
      await closePage(page);
    });
  });

  describe('calls made from the page while the engine works', () => {
    test('an exposure listener and an on("segments") callback call sw.track() and get real results; exposure pushes are read back without error', async () => {
      const page = await newPage(browser);
      await openStorefront(page, storefront(server.base));
      await page.evaluate(() => {
        window.results = [];
        document.addEventListener('shelfwise:exposure', (e) => {
          if (e.detail.widget !== 'recommendations') return;
          window.results.push(['exposure', window.sw.track('view_item', { items: [{ item_id: 'NP-RUN-4', item_brand: 'Aerolite', item_category: 'Shoes' }] })]);
        });
        window.sw.on('segments', (d) => {
          if (d.entered.includes('cart-builder')) window.results.push(['segments', window.sw.track('view_cart', { items: [{ item_id: 'NP-RUN-2' }] }), window.sw.segments()]);
        });
        window.theme.renderRecommendations();
        // Exposed once the shopper sees it.
        document.getElementById('recommendations-slot').scrollIntoView();
      });
      await page.waitForFunction(() => window.results.length === 1);
      await page.click('[data-sw-item="NP-RUN-2"] .product-form__submit');
      await page.waitForFunction(() => window.results.length === 2);
      const results = await page.evaluate(() => window.results);
      assert.deepEqual(results[0], ['exposure', { ok: true }]);
      assert.deepEqual(results[1].slice(0, 2), ['segments', { ok: true }]);
      assert.ok(results[1][2].includes('cart-builder'));
      const attrs = await page.evaluate(() => window.sw.attributes());
      assert.ok(attrs.history.viewed.includes('NP-RUN-4'), 'the view tracked from the exposure listener counted');
      assert.equal(attrs.cart.items, 1);
      const pushed = await page.evaluate(() => window.dataLayer.filter((e) => e.event === 'shelfwise_exposure').map((e) => e.shelfwise.widget));
      assert.deepEqual(pushed.sort(), ['collection-grid', 'recommendations', 'related']);
      assert.deepEqual(engineWarnings(page), []);
      assert.deepEqual(page.errors, []);
      await closePage(page);
    });

    test("a theme's custom element that calls sw.track() while the engine moves it: the call waits and runs right after", async () => {
      const page = await newPage(browser);
      await openStorefront(page, storefront(server.base, { config: { ...PAGE_CONFIG, features: { cards: { events: 'card_connected', window: 'session' } } } }));
      await page.evaluate(() => {
        window.results = [];
        // Stridewell first: the recommendations will be reordered, moving their cards.
        for (const id of ['NP-RUN-1', 'NP-RUN-3']) window.sw.track('view_item', { items: [{ item_id: id, item_brand: 'Stridewell' }] });
        window.theme.onCardConnected = (card) => window.results.push([card.dataset.id, window.sw.track('card_connected', { items: [{ item_id: card.dataset.id }] })]);
        window.theme.renderRecommendations();
      });
      await page.waitForFunction(() => document.querySelector('[data-sw-widget="recommendations"][data-sw-ready]'));
      await page.waitForFunction(() => window.results.some(([, r]) => r.queued));
      assert.equal((await order(page, 'recommendations'))[0], 'NP-RUN-5', 'the cards were moved');
      const results = await page.evaluate(() => window.results);
      assert.ok(results.every(([, r]) => r.ok), JSON.stringify(results));
      assert.ok(results.some(([, r]) => r.queued) && results.some(([, r]) => !r.queued), JSON.stringify(results));
      assert.equal(await page.evaluate(() => window.sw.attributes().features.cards), results.length, 'every call was recorded, the queued ones too');
      assert.deepEqual(engineWarnings(page), []);
      assert.deepEqual(page.errors, []);
      await closePage(page);
    });
  });

  describe('customer ids in groups', () => {
    const salt = 'npk-7f3e9a';
    const digest = (id) => createHash('sha256').update(`${salt}${id}`).digest('hex');
    const vip = { id: 'vip', name: 'VIP customer', if: { 'attrs.customerId': { $inGroup: 'vip' } } };

    test('a hashed group recognizes its members, the page never lists them, and <html data-sw-segments> is off by default', async () => {
      const config = withSegment(vip, { groups: { vip: { salt, sha256: ['C-1001', 'C-1002'].map(digest) } } });
      const page = await newPage(browser);
      await openStorefront(page, storefront(server.base, { config }));
      assert.equal(await page.evaluate(() => window.sw.running), true, engineWarnings(page).join('\n'));
      const member = (id) => page.evaluate((id) => (window.sw.setAttributes({ customerId: id }), window.sw.segments().includes('vip')), id);
      assert.equal(await member('C-1002'), true);
      assert.equal(await member('C-1003'), false);
      assert.equal(await member('C-1001'), true);
      assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-sw-segments')), false, 'no script of the page can read the segments from the markup');
      assert.equal(await page.evaluate(() => `${location.href} ${document.documentElement.outerHTML}`.includes('C-100')), false);
      await closePage(page);
    });

    test('with "segmentsAttribute": true, <html data-sw-segments> lists the segments', async () => {
      const page = await newPage(browser);
      await openStorefront(page, storefront(server.base, { config: { ...PAGE_CONFIG, segmentsAttribute: true } }));
      await page.click('[data-sw-item="NP-RUN-1"] .product-form__submit');
      await page.waitForFunction(() => document.documentElement.getAttribute('data-sw-segments')?.includes('cart-builder'));
      await closePage(page);
    });

    test('`shelfwise validate` warns about plain ids (exit 0); `shelfwise hash-groups` hashes them into a config the engine reads', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sw-groups-'));
      const plain = join(dir, 'plain.json');
      writeFileSync(plain, JSON.stringify(withSegment(vip, { groups: { vip: ['C-1001', 'C-1002'], countries: ['FR', 'DE'] } })));
      const checked = cli('validate', plain);
      assert.equal(checked.status, 0, checked.out);
      assert.match(checked.out, /warning: groups\.vip: 2 ids in plain text/);
      assert.doesNotMatch(checked.out, /groups\.countries/, 'a list of country codes is not a list of ids');

      const hashed = cli('hash-groups', plain, '--salt', salt);
      assert.equal(hashed.status, 0, hashed.out);
      const config = JSON.parse(hashed.stdout);
      assert.deepEqual(config.groups.vip, { salt, sha256: ['C-1001', 'C-1002'].map(digest) });
      assert.deepEqual(config.groups.countries, { salt, sha256: ['FR', 'DE'].map(digest) });
      const out = join(dir, 'hashed.json');
      writeFileSync(out, hashed.stdout);
      const again = cli('validate', out);
      assert.equal(again.status, 0, again.out);
      assert.doesNotMatch(again.out, /warning/);

      const page = await newPage(browser);
      await openStorefront(page, storefront(server.base, { config }));
      assert.equal(await page.evaluate(() => (window.sw.setAttributes({ customerId: 'C-1001' }), window.sw.segments().includes('vip'))), true);
      await closePage(page);
    });
  });

  describe('storage that cannot be used', () => {
    test('storage() says "unavailable", not "local", also once the consent banner is accepted', async () => {
      const page = await newPage(browser);
      await openStorefront(page, storefront(server.base, { storage: 'blocked' }));
      assert.equal(await page.evaluate(() => window.sw.running), true);
      assert.equal(await page.evaluate(() => window.sw.storage()), 'unavailable');
      assert.equal(await page.evaluate(() => window.sw.exportData().storage), 'unavailable');
      await closePage(page);

      const late = await newPage(browser);
      await openStorefront(late, storefront(server.base, { storage: 'blocked', consent: 'required', config: { ...PAGE_CONFIG, storage: { consent: 'required' } } }));
      assert.equal(await late.evaluate(() => window.sw.storage()), 'consent-denied', 'the Consent Mode default denies storage until the banner is answered');
      await late.click('#consent-accept');
      assert.equal(await late.evaluate(() => window.sw.storage()), 'unavailable');
      await closePage(late);
    });
  });

  describe('start() called twice', () => {
    test('two bundles: one engine, the second start() refused with one warning; widgets exposed once', async () => {
      const page = await newPage(browser);
      await openStorefront(page, storefront(server.base, { bundles: 2 }));
      // Exposures are counted once the widgets have been seen, which the viewport observer reports after start.
      await page.waitForFunction(() => window.storefront.exposures.length >= 2);
      await sleep(page, 300); // a second engine's exposures would arrive by now
      const state = await page.evaluate(() => ({ first: window.sw.running, second: window.sw2.running, exposures: window.storefront.exposures.slice().sort() }));
      assert.deepEqual(state, { first: true, second: false, exposures: ['collection-grid', 'related'] });
      const warnings = engineWarnings(page);
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0], /another copy of Shelfwise already runs on this page/);
      assert.equal(await page.evaluate(() => window.dataLayer.filter((e) => e.event === 'shelfwise_exposure').length), 2);
      await closePage(page);
    });

    test('one bundle (a framework that mounts twice): start() resolves to the running engine', async () => {
      const page = await newPage(browser);
      await openStorefront(page, storefront(server.base, { start: 'manual' }));
      const same = await page.evaluate(async () => {
        const { start } = await import('/pkg/shelfwise.js');
        const [a, b] = await Promise.all([start(), start()]);
        const c = await start();
        c.stop();
        const d = await start();
        return { ab: a === b, ac: a === c, fresh: d !== a && d.running };
      });
      assert.deepEqual(same, { ab: true, ac: true, fresh: true });
      // The first engine stopped before the shelves were painted: the shopper saw them while the
      // engine started after stop() ran, and it exposes each once.
      await page.waitForFunction(() => window.storefront.exposures.length >= 2);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      assert.deepEqual(await page.evaluate(() => window.storefront.exposures.slice().sort()), ['collection-grid', 'related']);
      assert.deepEqual(engineWarnings(page), []);
      await closePage(page);
    });
  });

  describe('nothing is left behind', () => {
    /** Stops the engine with `how`, then checks that the page behaves as if Shelfwise had never started. */
    async function leavesNothing(base, how) {
      const page = await newPage(browser);
      try {
        await openStorefront(page, storefront(base, { monitor: true, gtm: 'manual' }));
        await page.evaluate(() => {
          window.sw.on('segments', () => {});
          window.sw.track('view_item', { items: [{ item_id: 'NP-TRL-1', item_brand: 'Ridgeback' }] }); // a write is pending
        });
        assert.ok((await page.evaluate(() => window.monitor.live())).length >= 6, 'the ledger saw Shelfwise set things up');
        await page.evaluate(how);
        assert.equal(await page.evaluate(() => window.sw.running), false);
        assert.deepEqual(await page.evaluate(() => window.monitor.live()), [], 'every listener, observer and timer of Shelfwise is gone');
        const warningsBefore = engineWarnings(page).length;
        const storedBefore = await stored(page);
        const exposuresBefore = await page.evaluate(() => window.storefront.exposures.length);
        const order0 = await order(page, 'collection-grid');
        await page.evaluate(() => {
          window.dataLayer.push({ event: 'add_to_cart', ecommerce: { items: [{ item_id: 'NP-RUN-3', price: 89 }] } });
          window.theme.renderRecommendations();
          document.dispatchEvent(new Event('visibilitychange'));
          window.dispatchEvent(new Event('pagehide'));
          window.dispatchEvent(new StorageEvent('storage', { key: null }));
        });
        await page.click('[data-sw-item="NP-RUN-3"] .price');
        await sleep(page, 700);
        assert.equal(await stored(page), storedBefore, 'nothing more is written');
        assert.equal(await page.evaluate(() => window.storefront.exposures.length), exposuresBefore, 'no exposure announced');
        assert.equal(await page.evaluate(() => document.querySelector('[data-sw-widget="recommendations"]').attributes.length), 2, 'a widget added later is left as the theme rendered it');
        assert.deepEqual(await order(page, 'collection-grid'), order0);
        assert.equal(engineWarnings(page).length, warningsBefore, 'nothing more is said');
        assert.deepEqual(page.errors, []);
      } finally {
        await closePage(page);
      }
    }

    test('after sw.stop()', () => leavesNothing(server.base, () => window.sw.stop()));

    test('after an internal error', async () => {
      const panic = await panicServer();
      try {
        await leavesNothing(panic.base, () => window.sw.track('shelfwise_test_panic'));
      } finally {
        await panic.close();
      }
    });
  });
});
