// The visitor's profile across reloads and tabs, and on storage that fails: batched saves
// flushed when the page is left or hidden, tabs that merge their writes, and storage that throws,
// is full or holds garbage.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { attributes, engineWarnings, newPage, open, openShop, shopPage as page0, useDemo } from './helpers.mjs';

let server;
let browser;
useDemo((s, b) => ([server, browser] = [s, b]));

const shopPage = (page, name, options) => page0(page, server.base, name, options);

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

  test('two tabs tracking interleaved events lose none and count none twice', async () => {
    const context = await browser.newContext();
    const [a, b] = [await context.newPage(), await context.newPage()];
    const url = await shopPage(a, 'tabs', { config: { version: 1, features: { views: { events: 'view_item', window: 'all' } } } });
    await openShop(a, url);
    await openShop(b, url);
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
