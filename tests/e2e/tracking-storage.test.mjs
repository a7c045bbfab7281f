// The visitor's profile across reloads and tabs, and on storage that fails: batched saves
// flushed when the page is left or hidden, tabs that merge their writes, a profile the browser
// deletes (WebKit's tracking prevention), and storage that throws, is full or holds garbage.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { attributes, engines, engineWarnings, newPage, open, openShop, order, root, shopPage as page0, useDemo } from './helpers.mjs';

const RUNNING_SHOES = ['SH-RUN-001', 'SH-RUN-003', 'SH-RUN-005'];
/** The home page's trending shelf in the order of its HTML. */
const TRENDING = (() => {
  const html = readFileSync(join(root, 'www/index.html'), 'utf8');
  const start = html.indexOf('data-sw-widget="home-trending"');
  return [...html.slice(start, html.indexOf('<aside', start)).matchAll(/data-sw-item="([^"]+)"/g)].map((m) => m[1]);
})();
/** The stored profile, once the page's pending changes are written. */
const storedAfterFlush = (page) =>
  page.evaluate(async () => {
    window.shelfwise.flush();
    await navigator.locks.request('shelfwise:profile', () => {});
    return JSON.parse(localStorage.getItem('shelfwise:profile'));
  });

let server;
let browser;
const shopPage = (page, name, options) => page0(page, server.base, name, options);

engines(() => {
  useDemo((s, b) => ([server, browser] = [s, b]));

  describe('the profile across reloads and tabs', () => {
    test('saves are batched, and flushed when the page is left or hidden', async () => {
      const page = await newPage(browser);
      await page.addInitScript(() => {
        const set = Storage.prototype.setItem;
        window.__writes = 0;
        Storage.prototype.setItem = function (k, v) {
          if (k === 'shelfwise:profile') window.__writes++;
          return set.call(this, k, v);
        };
      });
      const url = await shopPage(page, 'batched');
      await openShop(page, url);
      const writes = await page.evaluate(() => {
        const before = window.__writes;
        for (let i = 0; i < 20; i++) window.sw.track('view_item', { items: [{ item_id: `V${i}` }] });
        return window.__writes - before;
      });
      assert.equal(writes, 0, 'twenty events, no write yet');
      await openShop(page, url); // leaving the page flushes at once, well before the batch timer
      let a = await attributes(page);
      assert.equal(a.history.viewed.length, 20);
      assert.equal(a.session.pageViews, 2);
      const stored = await page.evaluate(() => {
        window.sw.track('view_item', { items: [{ item_id: 'HIDDEN' }] });
        Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
        return JSON.parse(localStorage.getItem('shelfwise:profile')).viewed[0][0];
      });
      assert.equal(stored, 'HIDDEN', 'a hidden tab has written what it knows');
    });

    test('the same purchase confirmed again after a reload counts once', async () => {
      const page = await newPage(browser);
      const order = { transaction_id: 'ORD-1', currency: 'EUR', value: 89.9, items: [{ item_id: 'SH-1', price: 89.9 }] };
      const url = await shopPage(page, 'thanks', { afterStart: `window.sw.track('purchase', ${JSON.stringify(order)});` });
      await openShop(page, url);
      await openShop(page, url);
      await page.reload();
      await page.waitForFunction(() => window.ready === true);
      const a = await attributes(page);
      assert.deepEqual([a.orders.count, a.orders.revenue, a.activity.item['SH-1'].purchases], [1, 89.9, 1]);
    });

    // WebKit's tracking prevention deletes every storage a site's scripts wrote after 7 days of
    // browser use without a visit to it (docs/privacy.md, "When the browser deletes what is kept").
    test('a visitor whose stored profile the browser deleted between visits starts afresh, quietly', async () => {
      const context = await browser.newContext();
      const first = await context.newPage();
      for (const id of RUNNING_SHOES) await open(first, `${server.base}/product.html?id=${id}`);
      assert.ok((await first.evaluate(() => window.shelfwise.segments())).includes('shoe-lover'));
      const before = await storedAfterFlush(first);
      // Deleted as the browser does it: no page of the shop is open, none is told.
      await first.goto(`${server.base}/robots.txt`);
      await first.evaluate(() => localStorage.clear());
      await first.close();

      const later = await context.newPage();
      await open(later, `${server.base}/`);
      const a = await attributes(later);
      assert.deepEqual([a.visit.count, a.visit.returning, a.segments, a.history.viewed], [1, false, [], []], 'a first visit');
      assert.deepEqual(await order(later, 'home-trending'), TRENDING, 'the shelf in the shop\'s order');
      assert.deepEqual(await later.evaluate(() => document.querySelector('[data-sw-widget="home-trending"]').dataset.swReady), 'personalized');
      assert.deepEqual([engineWarnings(later), later.errors], [[], []], 'nothing to warn about');
      const after = await storedAfterFlush(later);
      assert.notEqual(after.id, before.id, 'kept from now on as a new visitor');
      assert.deepEqual(after.viewed, []);
      await context.close();
    });

    test('a page open while the browser deletes the stored profile keeps what it knows and writes it back', async () => {
      const page = await newPage(browser);
      for (const id of RUNNING_SHOES) await open(page, `${server.base}/product.html?id=${id}`);
      await storedAfterFlush(page);
      // Deleted behind the page's back: a page gets no storage event for its own removals.
      await page.evaluate(() => localStorage.removeItem('shelfwise:profile'));
      assert.ok((await page.evaluate(() => window.shelfwise.segments())).includes('shoe-lover'), 'the page still knows');
      await page.evaluate(() => window.shelfwise.track('view_item', { items: [{ item_id: 'SH-RUN-002', item_category: 'Shoes', item_category2: 'Running' }] }));
      const kept = await storedAfterFlush(page);
      assert.deepEqual(kept.viewed.map(([id]) => id).sort(), [...RUNNING_SHOES, 'SH-RUN-002'].sort(), 'nothing this page knew is lost');
      assert.deepEqual([engineWarnings(page), page.errors], [[], []]);
    });

    // The engine writes under a Web Lock where the browser has navigator.locks; without it (a
    // page served over plain http, Safari before 15.4) each tab merges and writes on its own.
    const withoutLocks = () => Object.defineProperty(Navigator.prototype, 'locks', { configurable: true, get: () => undefined });
    for (const [how, init] of [['', null], [' (without navigator.locks, as on a plain-http page)', withoutLocks]]) {
      test(`two tabs tracking interleaved events lose none and count none twice${how}`, async () => {
        const context = await browser.newContext();
        if (init) await context.addInitScript(init);
        const [a, b] = [await context.newPage(), await context.newPage()];
        const url = await shopPage(a, 'tabs', { config: { version: 1, features: { views: { events: 'view_item', window: 'all' } } } });
        await openShop(a, url);
        await openShop(b, url);
        if (init) assert.equal(await a.evaluate(() => navigator.locks), undefined);
        const view = (tab, id) => tab.evaluate((i) => window.sw.track('view_item', { items: [{ item_id: i, item_category: 'Shoes' }] }), id);
        const ids = [];
        for (let i = 0; i < 16; i++) {
          await view(a, `A${i}`);
          await view(b, `B${i}`);
          ids.push(`A${i}`, `B${i}`);
          // Writes at random moments: explicit flushes here, the batch timer in between.
          if (i % 2 === 0) await a.evaluate(() => window.sw.flush());
          if (i % 3 === 1) await b.evaluate(() => window.sw.flush());
          if (i % 5 === 2) await a.waitForTimeout(600);
        }
        const order = { transaction_id: 'T-2TABS', value: 10, items: [{ item_id: 'A0' }] };
        await a.evaluate((o) => window.sw.track('purchase', o), order);
        await b.evaluate((o) => window.sw.track('purchase', o), order);
        await a.evaluate(() => window.sw.flush());
        await b.evaluate(() => window.sw.flush());
        // Each tab hears of the other's writes and ends up knowing everything, exactly once.
        for (const tab of [a, b]) {
          await tab.waitForFunction((n) => window.sw.attributes().features.views === n, ids.length, { timeout: 5_000 });
        }
        const c = await context.newPage();
        await openShop(c, url);
        for (const tab of [a, b, c]) {
          const attrs = await attributes(tab);
          assert.equal(attrs.activity.category.Shoes.views, ids.length);
          assert.deepEqual(ids.filter((id) => attrs.activity.item[id]?.views !== 1), [], 'every view counted once');
          assert.equal(attrs.orders.count, 1);
        }
        assert.equal((await attributes(c)).session.pageViews, 3, 'three page loads in one session');
        await context.close();
      });
    }
  });

  describe('storage that fails', () => {
    /** Breaks localStorage (and sessionStorage) before any script of the page runs. */
    const breakStorage = (page, how) =>
      page.addInitScript((mode) => {
        const proto = Storage.prototype;
        const saved = { getItem: proto.getItem, setItem: proto.setItem, removeItem: proto.removeItem, key: proto.key, clear: proto.clear };
        window.__repairStorage = () => Object.assign(proto, saved);
        const fail = (name) =>
          function () {
            throw new DOMException('refused by the test', name);
          };
        if (mode === 'full') proto.setItem = fail('QuotaExceededError');
        else for (const m of Object.keys(saved)) proto[m] = fail('SecurityError');
      }, how);

    for (const how of ['throwing', 'full']) {
      test(`${how} storage: the demo works in memory, warns once, and recovers on the next good write`, async () => {
        const page = await newPage(browser);
        await breakStorage(page, how);
        await open(page, `${server.base}/`);
        const ready = await page.$$eval('[data-sw-widget]', (els) => els.map((e) => e.getAttribute('data-sw-ready')));
        assert.ok(ready.length >= 3 && ready.every((r) => r === 'personalized'), `widgets released: ${ready}`);
        for (const id of ['SH-RUN-001', 'SH-RUN-003', 'SH-RUN-005']) {
          await page.evaluate((i) => window.shelfwise.track('view_item', { items: [{ item_id: i, item_category: 'Shoes', item_category2: 'Running' }] }), id);
        }
        await page.evaluate(() => window.shelfwise.flush());
        await page.click('[data-sw-widget=home-trending] > [data-sw-item] button.add');
        const segments = await page.evaluate(() => window.shelfwise.segments());
        assert.ok(segments.includes('shoe-lover'), `segments in memory: ${segments}`);
        // The page's console messages reach the test a moment after they are written.
        for (let i = 0; i < 20 && engineWarnings(page).length === 0; i++) await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
        const warnings = engineWarnings(page);
        assert.equal(warnings.length, 1, warnings.join('\n'));
        assert.match(warnings[0], /^warning: \[shelfwise\] localStorage cannot be used \(.*(SecurityError|QuotaExceededError).*carrying on in memory/);
        assert.deepEqual(page.errors, []);
        // Storage works again: the next write stores everything, with no further warning.
        await page.evaluate(() => {
          window.__repairStorage();
          window.shelfwise.track('view_item', { items: [{ item_id: 'AP-JKT-001' }] });
          window.shelfwise.flush();
        });
        await page.waitForFunction(() => (localStorage.getItem('shelfwise:profile') ?? '').includes('AP-JKT-001'));
        const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('shelfwise:profile')));
        assert.equal(stored.categories['Shoes/Running'][0][0], 3);
        assert.equal(stored.viewed[0][0], 'AP-JKT-001');
        assert.equal(engineWarnings(page).length, 1);
      });
    }

    test('garbage in storage: the demo works, warns once, and the next write repairs it', async () => {
      const page = await newPage(browser);
      await page.goto(`${server.base}/robots.txt`);
      await page.evaluate(() => localStorage.setItem('shelfwise:profile', '{"v":2,"items":{"SH-'));
      await open(page, `${server.base}/product.html?id=SH-RUN-001`);
      const warnings = engineWarnings(page);
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0], /the stored profile is not valid JSON/);
      await page.evaluate(() => window.shelfwise.flush());
      await page.waitForFunction(() => {
        try {
          const p = JSON.parse(localStorage.getItem('shelfwise:profile'));
          return p.v === 2 && typeof p.id === 'string' && p.viewed.length === 1;
        } catch {
          return false;
        }
      });
      await open(page, `${server.base}/`);
      const a = await attributes(page);
      assert.deepEqual([a.history.viewed, a.visit.count, a.session.pageViews], [['SH-RUN-001'], 1, 2]);
      assert.equal(engineWarnings(page).length, 1, 'no warning on the next page');
      assert.deepEqual(page.errors, []);
    });
  });
});
