// Behaviour tracking as a shop and a shopper meet it: the track() API, window.dataLayer in both
// shapes, automatic tracking from markup, rejected events, sessions from the URL, the attributes
// document, and the documentation's examples (reloads, tabs and storage: tracking-storage).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { attributes, engines, engineWarnings, newPage, open, openShop, root, shopPage as page0, useDemo } from './helpers.mjs';

const SHOE = {
  item_id: 'SH-1', item_name: 'Tempo 3', item_brand: 'Stridewell', item_category: 'Shoes', item_category2: 'Running',
  item_category3: 'Road', item_category4: 'Neutral', item_category5: 'Men', item_variant: 'blue/44', price: 129.95,
  quantity: 1, item_list_name: 'Home', color: 'blue',
};
const SOCKS = { item_id: 'SK-1', item_brand: 'Cushy', item_category: 'Accessories/Socks', price: '14.50' };

let server;
let browser;
const shopPage = (page, name, options) => page0(page, server.base, name, options);

engines(() => {
  useDemo((s, b) => ([server, browser] = [s, b]));

  describe('events in', () => {
    test('track() takes the GA4 ecommerce vocabulary and every event shows in the profile', async () => {
      const page = await newPage(browser);
      const url = await shopPage(page, 'vocabulary', {
        config: {
          version: 1,
          features: {
            lists: { events: 'view_item_list', window: 'session' },
            checkouts: { events: 'begin_checkout', window: '7d' },
            signups: { events: 'newsletter_signup', window: 'all' },
          },
        },
      });
      await openShop(page, url);
      const results = await page.evaluate(({ shoe, socks }) => {
        const two = { ...shoe, quantity: 2 };
        return [
          ['view_item_list', { item_list_id: 'home', items: [shoe, socks] }],
          ['select_item', { item_list_id: 'home', items: [shoe] }],
          ['view_item', { currency: 'EUR', value: 129.95, items: [shoe] }],
          ['add_to_wishlist', { items: [socks] }],
          ['add_to_cart', { currency: 'EUR', value: 259.9, items: [two] }],
          ['add_to_cart', { items: [socks] }],
          ['remove_from_cart', { items: [socks] }],
          ['begin_checkout', { currency: 'EUR', value: 259.9, items: [two] }],
          ['search', { search_term: 'trail shoes' }],
          ['purchase', { transaction_id: 'T-1', currency: 'EUR', value: 259.9, tax: 41.5, items: [two] }],
          ['newsletter_signup', { method: 'footer' }],
          ['page_view', undefined],
        ].map(([name, params]) => {
          // A page view counts once per page: the app moves to another route first.
          if (name === 'page_view') history.pushState(null, '', '?step=checkout-done');
          return [name, window.sw.track(name, params)];
        });
      }, { shoe: SHOE, socks: SOCKS });
      for (const [name, r] of results) assert.deepEqual(r, { ok: true }, name);
      const a = await attributes(page);
      assert.deepEqual(a.activity.item['SH-1'], { views: 1, clicks: 1, carts: 1, wishlists: 0, purchases: 1 });
      assert.deepEqual(a.activity.item['SK-1'], { views: 0, clicks: 0, carts: 1, wishlists: 1, purchases: 0 });
      assert.equal(a.activity.category['Shoes/Running/Road/Neutral/Men'].views, 1, 'five category levels');
      assert.equal(a.activity.category.Accessories.wishlists, 1, 'a category path in item_category is split');
      assert.equal(a.activity.brand.Stridewell.purchases, 1);
      assert.equal(a.activity.priceBand['0-25'].carts, 1, 'a price given as text counts');
      assert.deepEqual([a.orders.count, a.orders.revenue, a.orders.averageValue], [1, 259.9, 259.9]);
      assert.deepEqual([a.cart.items, a.cart.value], [0, 0], 'the purchase emptied the cart');
      assert.deepEqual(a.history, { viewed: ['SH-1'], purchased: ['SH-1'], searches: ['trail shoes'] });
      assert.deepEqual(a.features, { lists: 1, checkouts: 1, signups: 1 });
      assert.equal(a.session.pageViews, 2, "the page load and the new route's page_view");
      assert.deepEqual(engineWarnings(page), []);
    });

    test('a malformed event is rejected on its own with a clear message; the next one counts', async () => {
      const page = await newPage(browser);
      await openShop(page, await shopPage(page, 'malformed'));
      const out = await page.evaluate(() => {
        const cyclic = { items: [{ item_id: 'A' }] };
        cyclic.self = cyclic;
        const bad = [
          [42, {}],
          ['view_item', 'not an object'],
          ['view_item', { items: [{ item_name: 'no id' }] }],
          ['view_item', { items: 'SH-1' }],
          ['add_to_cart', { items: [{ item_id: 'A', price: 'cheap' }] }],
          ['add_to_cart', { items: [{ item_id: 'A', price: -5 }] }],
          ['add_to_cart', { items: [{ item_id: 'A', quantity: 1e12 }] }],
          ['purchase', { transaction_id: 'T', value: 1e15, items: [{ item_id: 'A' }] }],
          ['search', { search_term: 'x'.repeat(5000) }],
          ['view_item', { items: Array.from({ length: 500 }, (_, i) => ({ item_id: `I${i}` })) }],
          ['view_item', cyclic],
          ['bad name!', {}],
          ['search', {}],
        ];
        return bad.map(([name, params], i) => ({
          bad: window.sw.track(name, params),
          next: window.sw.track('view_item', { items: [{ item_id: `OK-${i}` }] }),
        }));
      });
      for (const { bad, next } of out) {
        assert.equal(bad.ok, false);
        assert.match(bad.error, /^event "[^"]*" rejected: /);
        assert.deepEqual(next, { ok: true });
      }
      const errors = out.map((o) => o.bad.error);
      assert.ok(errors.includes('event "(unnamed)" rejected: the event name must be a string, got 42'), errors.join('\n'));
      assert.ok(errors.includes('event "view_item" rejected: items[0].item_id: is missing; every item needs an id'));
      assert.ok(errors.includes('event "add_to_cart" rejected: items[0].price: must be a number from 0 to 10000000, got "cheap"'));
      assert.ok(errors.includes('event "search" rejected: search_term: is 5000 characters long; at most 200 are accepted'));
      assert.ok(errors.some((e) => e.startsWith('event "view_item" rejected: its parameters cannot be turned into JSON')));
      const warnings = engineWarnings(page);
      assert.equal(warnings.length, out.length, warnings.join('\n'));
      assert.ok(warnings.every((w) => w.startsWith('warning: [shelfwise] event "') && w.endsWith('The event is ignored; tracking goes on.')), warnings.join('\n'));
      const a = await attributes(page);
      assert.equal(a.history.viewed.length, out.length, 'every good event after a bad one counted');
      assert.deepEqual(Object.keys(a.activity.item).sort(), out.map((_, i) => `OK-${i}`).sort(), 'nothing of a bad event counted');
      assert.deepEqual(page.errors, []);
    });

    test('window.dataLayer is read in gtag and Tag Manager shapes, pushed before and after start', async () => {
      const head = `
        gtag('event', 'view_item', { items: [{ item_id: 'G1', item_category: 'Shoes' }] });
        dataLayer.push({ ecommerce: null });
        dataLayer.push({ event: 'view_item', ecommerce: { items: [{ item_id: 'M1', item_category: 'Shoes' }] } });
        dataLayer.push({ event: 'gtm.js', 'gtm.start': 1 }, { event: 'Form Submit' }, ['config', 'G-TEST']);`;
      const afterStart = `
        gtag('event', 'add_to_cart', { currency: 'EUR', items: [{ item_id: 'G2', price: 10 }] });
        dataLayer.push({ ecommerce: null });
        dataLayer.push({ event: 'add_to_cart', ecommerce: { currency: 'EUR', items: [{ item_id: 'M2', price: 5, quantity: 2 }] } });`;
      const page = await newPage(browser);
      await openShop(page, await shopPage(page, 'datalayer', { head, afterStart }));
      let a = await attributes(page);
      assert.deepEqual(a.history.viewed, ['M1', 'G1']);
      assert.deepEqual([a.cart.ids, a.cart.value], [['G2', 'M2'], 20]);
      // A push after start is read at once, and so is a GTM purchase repeated by a reload.
      await page.evaluate(() => {
        for (let i = 0; i < 2; i++) {
          dataLayer.push({ event: 'purchase', ecommerce: { transaction_id: 'T-9', value: 20, items: [{ item_id: 'G2' }] } });
        }
      });
      a = await attributes(page);
      assert.deepEqual([a.orders.count, a.orders.revenue, a.cart.lines], [1, 20, 0]);
      assert.deepEqual(engineWarnings(page), [], 'the shop\'s own tag events are not warned about');

      const off = await newPage(browser);
      await openShop(off, await shopPage(off, 'datalayer-off', { head, afterStart, config: { version: 1, tracking: { dataLayer: false } } }));
      a = await attributes(off);
      assert.deepEqual([a.history.viewed, a.cart.lines], [[], 0], 'tracking.dataLayer: false reads nothing');
      assert.deepEqual(await off.evaluate(() => window.sw.track('view_item', { items: [{ item_id: 'X' }] })), { ok: true });
      assert.deepEqual((await attributes(off)).history.viewed, ['X'], 'track() still works');
    });
  });

  describe('automatic tracking from markup', () => {
    test('clicking a product card tracks select_item once, a button inside it does not', async () => {
      const body = `
        <ul data-sw-widget="shelf">
          <li data-sw-item="p1" data-sw-category="Shoes/Running" data-sw-brand="Acme" data-sw-price="99">
            <a href="#p1">Acme runner</a> <button type="button">Add to cart</button></li>
          <li data-sw-item="p2" data-sw-category="Shoes/Trail" data-sw-brand="Zenith"><span>Zenith trail</span></li>
        </ul>
        <p data-sw-item="outside">Not in a widget</p>
        <script>
          // The shop reports the same click to GA4 itself.
          document.addEventListener('click', (e) => {
            const card = e.target.closest('[data-sw-item]');
            if (card?.parentElement.matches('[data-sw-widget]') && !e.target.closest('button')) gtag('event', 'select_item', { items: [{ item_id: card.dataset.swItem }] });
          });
        </script>`;
      const page = await newPage(browser);
      await openShop(page, await shopPage(page, 'cards', { body }));
      await page.click('[data-sw-item=p1] a');
      await page.click('[data-sw-item=p1] button');
      await page.click('[data-sw-item=p2] span');
      await page.click('[data-sw-item=outside]');
      const a = await attributes(page);
      assert.equal(a.activity.item.p1.clicks, 1, 'the markup and the shop reported one click');
      assert.equal(a.activity.item.p2.clicks, 1);
      assert.equal(a.activity.category['Shoes/Running'].clicks, 1, 'the card\'s data-sw-* facts are used');
      assert.equal(a.activity.brand.Zenith.clicks, 1);
      assert.equal(a.activity.item.outside, undefined, 'only items of a widget are cards');
    });

    test('on the demo, a card click and the product page it opens count one click and one view', async () => {
      const page = await newPage(browser);
      await open(page, `${server.base}/`);
      const id = await page.$eval('[data-sw-widget=home-trending] > [data-sw-item]', (e) => e.dataset.swItem);
      await page.click(`[data-sw-widget=home-trending] > [data-sw-item="${id}"] a`);
      await page.waitForURL(/product\.html/);
      await page.waitForFunction(() => window.shelfwise !== undefined);
      let a = await attributes(page);
      // The product page declares its product (data-sw-product) and the shop also pushes view_item.
      assert.deepEqual(a.activity.item[id], { views: 1, clicks: 1, carts: 0, wishlists: 0, purchases: 0 });
      assert.equal(a.history.viewed[0], id);
      assert.equal(a.page.type, 'product');
      // "Add to cart" on a card of the related shelf: an add, not a click.
      const related = await page.$eval('[data-sw-widget=product-related] > [data-sw-item]:not([hidden])', (e) => e.dataset.swItem);
      await page.click(`[data-sw-widget=product-related] > [data-sw-item="${related}"] button.add`);
      a = await attributes(page);
      assert.deepEqual(a.activity.item[related], { views: 0, clicks: 0, carts: 1, wishlists: 0, purchases: 0 });
      assert.deepEqual(engineWarnings(page), []);
    });
  });

  describe('sessions and the attributes document', () => {
    test('campaign, referrer and landing page come from the URL; a new campaign starts a session', async () => {
      const page = await newPage(browser);
      await open(page, `${server.base}/?utm_source=news&utm_medium=email&utm_campaign=spring`);
      let a = await attributes(page);
      assert.deepEqual(a.utm, { source: 'news', medium: 'email', campaign: 'spring' });
      assert.deepEqual([a.session.source, a.session.landingPage, a.visit.count], ['campaign', '/', 1]);
      await open(page, `${server.base}/category.html`);
      a = await attributes(page);
      assert.deepEqual([a.visit.count, a.session.pageViews, a.utm.campaign], [1, 2, 'spring']);
      await open(page, `${server.base}/?utm_source=news&utm_campaign=summer`);
      a = await attributes(page);
      assert.deepEqual([a.visit.count, a.session.pageViews, a.utm.campaign, a.visit.returning], [2, 1, 'summer', true]);

      const searcher = await newPage(browser);
      // Arriving by a search result's link (http, like the test shop: from https to http a
      // browser would send no referrer at all).
      await searcher.goto(`${server.base}/category.html`, { referer: 'http://www.google.com/search?q=trail+shoes' });
      await searcher.waitForFunction(() => window.shelfwise !== undefined);
      a = await attributes(searcher);
      assert.deepEqual([a.referrer.host, a.session.source, a.session.landingPage], ['www.google.com', 'search', '/category.html']);
    });

    test('sw.attributes() returns every documented group', async () => {
      // 600 px: narrower than 768 px (mobile, as docs/attributes.md says), and a window every
      // engine's desktop build can show (Firefox's and WebKitGTK's cannot be narrower than ~500 px).
      const page = await newPage(browser, { viewport: { width: 600, height: 800 } });
      await open(page, `${server.base}/product.html?id=SH-RUN-001`);
      const a = await attributes(page);
      const groups = ['visit', 'session', 'device', 'page', 'utm', 'referrer', 'time', 'orders', 'cart', 'affinity', 'activity', 'history', 'prefs', 'attrs', 'features', 'segments'];
      assert.deepEqual(Object.keys(a).sort(), groups.sort());
      assert.deepEqual([a.device.type, a.device.width], ['mobile', 600]);
      assert.deepEqual([a.page.type, a.page.path], ['product', '/product.html']);
      assert.ok(Number.isInteger(a.time.hour) && a.time.hour >= 0 && a.time.hour < 24);
      assert.equal(a.affinity.top.category, 'Shoes/Running');
      assert.equal(a.features.shoeViews30d, 1);
      assert.ok(Array.isArray(a.segments));
    });
  });

  describe('the documentation', () => {
    const doc = (name) => readFileSync(join(root, 'docs', name), 'utf8');
    const blocks = (text, lang) => [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);

    test('every JavaScript example of docs/events.md runs as written', async () => {
      const examples = blocks(doc('events.md'), 'js');
      assert.ok(examples.length >= 5, `${examples.length} examples`);
      for (const code of examples) {
        const page = await newPage(browser);
        await openShop(page, await shopPage(page, 'example'));
        const threw = await page.evaluate(async (js) => {
          try {
            await new Function('sw', `return (async () => {\n${js}\n})();`)(window.sw);
            return null;
          } catch (e) {
            return String(e);
          }
        }, code);
        assert.equal(threw, null, code);
        assert.deepEqual(page.errors, [], code);
        // Only the examples about rejected events may warn.
        if (!/rejected|cyclic/.test(code)) assert.deepEqual(engineWarnings(page), [], code);
        else assert.ok(engineWarnings(page).length > 0, code);
        await page.context().close();
      }
    });

    test('every attribute of docs/attributes.md is in the document, and every example condition is valid', async () => {
      const text = doc('attributes.md');
      const { validateConfig } = await import('../../pkg/node.js');
      const features = JSON.parse(blocks(text, 'json')[0]).features;
      const rows = text.split('\n').filter((l) => l.startsWith('| `'));
      const names = [];
      const conditions = [];
      for (const row of rows) {
        const cells = row.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim().replaceAll('\\|', '|'));
        names.push(...[...cells[0].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
        conditions.push(JSON.parse(cells.at(-1).replace(/^`|`$/g, '')));
      }
      assert.ok(names.length >= 55, `${names.length} attributes documented`);
      const config = {
        version: 1,
        features,
        segments: [{ id: 'runner', if: { 'visit.count': { $gte: 1 } } }, ...conditions.map((c, i) => ({ id: `example-${i}`, if: c }))],
      };
      assert.deepEqual(await validateConfig(config), []);

      const page = await newPage(browser);
      const url = await shopPage(page, 'attrs', { config });
      await openShop(page, `${url}?utm_source=news&utm_medium=email&utm_campaign=spring&utm_term=shoes&utm_content=hero`);
      const concrete = {
        'affinity.category.<path>': 'affinity.category.Shoes/Running',
        'activity.category.<path>.<count>': 'activity.category.Shoes.views',
        'activity.item.<id>.<count>': 'activity.item.SH-RUN-001.carts',
        'features.<id>': 'features.spend90d',
        'prefs.<key>': 'prefs.size',
        'attrs.<key>': 'attrs.tier',
      };
      const paths = names.map((n) => concrete[n] ?? n.replace('<brand>', 'Stridewell').replace('<tag>', 'road').replace('<band>', '100-250').replace('<count>', 'purchases'));
      const missing = await page.evaluate((list) => {
        const sw = window.sw;
        const shoe = { item_id: 'SH-RUN-001', item_brand: 'Stridewell', item_category: 'Shoes/Running', item_tags: ['road'], price: 129.95 };
        sw.track('view_item', { items: [shoe] });
        sw.track('add_to_cart', { items: [shoe] });
        sw.track('purchase', { transaction_id: 'T', items: [shoe] });
        sw.track('add_to_cart', { items: [shoe] });
        sw.track('search', { search_term: 'road shoes' });
        sw.setPreferences({ size: '44' });
        sw.setAttributes({ tier: 'gold' });
        const a = sw.attributes();
        const has = (path) => {
          let v = a;
          for (const k of path.split('.')) {
            if (v === null || typeof v !== 'object' || !(k in v)) return false;
            v = v[k];
          }
          return true;
        };
        return list.filter((p) => !has(p));
      }, paths);
      assert.deepEqual(missing, []);
    });
  });
});
