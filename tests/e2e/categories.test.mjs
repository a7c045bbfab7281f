// Categories as shops push them, on pages built like their themes (product pages whose Tag
// Manager or Google tag pushes GA4 ecommerce events, then a collection shelf): the most specific
// interest comes first (docs/attributes.md, "In ranking"), and the category shapes of common
// platforms (tests/fixtures/datalayer/) are read as `tracking.itemCategories` says (docs/config.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { attributes, engines, engineWarnings, newPage, openShop, order, root, shopPage, useDemo } from './helpers.mjs';

/** A dataLayer shape of tests/fixtures/datalayer/ (`pushes`, the `itemCategories` that reads it, what must be read). */
const shape = (name) => JSON.parse(readFileSync(join(root, 'tests/fixtures/datalayer', `${name}.json`), 'utf8'));

/**
 * Script that hands `pushes` to the page's data layer as the set-up sends them: an array is the
 * arguments of a `gtag()` call (the Google tag pushes its `arguments`), an object a Tag Manager push.
 */
const pushing = (pushes) => `for (const p of ${JSON.stringify(pushes)}) Array.isArray(p) ? gtag(...p) : dataLayer.push(p);`;

/** A theme's product card in a collection grid (`cls`: the theme's class names for the card). */
const card = ({ id, name, brand, category, price }, cls = 'grid__item') =>
  `<li class="${cls}" data-sw-item="${id}" data-sw-brand="${brand}" data-sw-category="${category}" data-sw-price="${price}">
    <div class="card"><h3 class="card__heading"><a href="/products/${id}">${name}</a></h3><span class="price">€${price}</span></div></li>`;

engines(() => {
  let server;
  let browser;
  useDemo((s, b) => ([server, browser] = [s, b]));

  const closePage = (page) => page.context().close();
  /** Waits until the visitor's stored profile mentions `id` (written within half a second of a change). */
  const stored = (page, id) => page.waitForFunction((id) => (localStorage.getItem('shelfwise:profile') ?? '').includes(id), id);
  /** Opens a page with a shelf and resolves, once the shelf is in its order, to its `data-sw-ready`. */
  async function openShelf(page, url) {
    await openShop(page, url);
    await page.waitForFunction(() => document.querySelector('[data-sw-widget]')?.hasAttribute('data-sw-ready'));
    return page.evaluate(() => document.querySelector('[data-sw-widget]').dataset.swReady);
  }

  describe('the most specific interest first', () => {
    const HIKING = { item_category: 'Footwear', item_category2: 'Hiking Boots' };
    /** The hiking boots the shopper looks at, one product page each. */
    const VIEWED = [
      { item_id: 'HB-1', item_name: 'Cairn Ridge GTX', item_brand: 'Cairn', price: 189, ...HIKING },
      { item_id: 'HB-2', item_name: 'Alpwise Scout Mid', item_brand: 'Alpwise', price: 169, ...HIKING },
      { item_id: 'HB-3', item_name: 'Alpwise Traverse', item_brand: 'Alpwise', price: 209, ...HIKING },
    ];
    /** The footwear collection as the theme orders it. */
    const SHELF = [
      { id: 'TR-1', name: 'Cairn Fleetfoot', brand: 'Cairn', category: 'Footwear/Trail Runners', price: 139 },
      { id: 'SD-1', name: 'Fellstone River Sandal', brand: 'Fellstone', category: 'Footwear/Sandals', price: 69 },
      { id: 'HB-5', name: 'Fellstone Granite Mid', brand: 'Fellstone', category: 'Footwear/Hiking Boots', price: 179 },
      { id: 'HB-4', name: 'Alpwise Summit', brand: 'Alpwise', category: 'Footwear/Hiking Boots', price: 199 },
    ];
    const config = { version: 1, strategy: { rules: [{ rule: 'affinity', by: ['category', 'brand'], weight: 10 }] } };

    test('after three hiking boots, the hiking boots of a footwear shelf come before a trail runner of a viewed boot\'s brand', async () => {
      const page = await newPage(browser);
      try {
        for (const boot of VIEWED) {
          // The product page: the theme's Tag Manager integration pushes the product view.
          const view = [{ ecommerce: null }, { event: 'view_item', ecommerce: { currency: 'EUR', value: boot.price, items: [boot] } }];
          await openShop(page, await shopPage(page, server.base, `products-${boot.item_id}`, {
            config,
            head: pushing(view),
            body: `<main id="MainContent"><section class="product"><h1 class="product__title">${boot.item_name}</h1><div class="price">€${boot.price}</div>
              <form method="post" action="/cart/add" class="product-form"><button type="submit" class="product-form__submit button">Add to cart</button></form></section></main>`,
          }));
          await stored(page, boot.item_id);
        }
        const list = { event: 'view_item_list', ecommerce: { item_list_id: 'footwear', items: SHELF.map((s) => ({ item_id: s.id, item_brand: s.brand, item_category: 'Footwear' })) } };
        const ready = await openShelf(page, await shopPage(page, server.base, 'collections-footwear', {
          config,
          head: pushing([{ ecommerce: null }, list]),
          body: `<main id="MainContent"><h1 class="collection-hero__title">Footwear</h1>
            <ul id="product-grid" class="grid product-grid" data-sw-widget="footwear-grid">${SHELF.map((s) => card(s)).join('')}</ul></main>`,
        }));
        assert.equal(ready, 'personalized');
        // By hand, from docs/attributes.md ("In ranking"): three views give Footwear 3,
        // Footwear/Hiking Boots 3, Alpwise 2, Cairn 1 (the strongest category 3, brand 2), so with
        // points = 10 × (part_category + part_brand) / 2:
        //   HB-4 Alpwise hiking boot   category 3/3 + 3/3 = 2, brand 2/2 = 1    → 15
        //   HB-5 Fellstone hiking boot category 2,               brand 0      → 10
        //   TR-1 Cairn trail runner    category 3/3 + 0 = 1,     brand 1/2    → 7.5
        //   SD-1 Fellstone sandal      category 1,               brand 0      → 5
        // (The best level alone would give both boots and the runner a category part of 1 and put
        // the runner, 7.5, before the Fellstone boot, 5: between the two hiking boots.)
        assert.deepEqual(await order(page, 'footwear-grid'), ['HB-4', 'HB-5', 'TR-1', 'SD-1']);
        assert.equal((await attributes(page)).affinity.top.category, 'Footwear/Hiking Boots');
        assert.deepEqual(engineWarnings(page), []);
        assert.deepEqual(page.errors, []);
      } finally {
        await closePage(page);
      }
    });
  });

  describe('category shapes of common platforms', () => {
    /**
     * A product page of the platform with the set-up's dataLayer pushes of `fixture`: the ones
     * before its add to cart as the page loads, the add to cart when the shopper clicks the
     * button (`button`: the theme's markup of it). Resolves once the cart holds the product.
     */
    async function buyOnProductPage(page, config, fixture, button) {
      const at = fixture.pushes.findIndex((p) => (Array.isArray(p) ? p[1] : p.event) === 'add_to_cart');
      const cut = at > 0 && fixture.pushes[at - 1].ecommerce === null ? at - 1 : at;
      await openShop(page, await shopPage(page, server.base, `product-${fixture.expect.item}`, {
        config,
        head: pushing(fixture.pushes.slice(0, cut)),
        body: `<main id="main" class="site-main"><div class="product type-product"><h1 class="product_title entry-title">${fixture.expect.item}</h1>${button}</div></main>
          <script>document.querySelector('main button').addEventListener('click', (e) => { e.preventDefault(); ${pushing(fixture.pushes.slice(cut))} });</script>`,
      }));
      await page.click('main button');
      await page.waitForFunction((id) => window.sw.attributes().cart.ids.includes(id), fixture.expect.item);
      await stored(page, fixture.expect.item);
    }

    /**
     * The visit of a platform's tests: a config reading `fixture`'s categories as it says, with
     * the segment `segment` and an affinity rule `by`; the product bought on its page (`button`);
     * then the shop's shelf `shelf` (cards with the theme's class `cls`) in `main`, the theme's
     * markup around a `<ul>` whose attributes are `list`. Resolves to the visitor's attributes.
     */
    async function buyThenShelf(page, fixture, { segment, by, button, shelf, cls, name, main, list }) {
      const config = { version: 1, tracking: { itemCategories: fixture.itemCategories }, segments: [segment], strategy: { rules: [{ rule: 'affinity', by, weight: 10 }] } };
      await buyOnProductPage(page, config, fixture, button);
      await openShelf(page, await shopPage(page, server.base, name, {
        config,
        body: main.replace('<ul>', `<ul ${list}>${shelf.map((s) => card(s, cls)).join('')}`),
      }));
      return attributes(page);
    }

    test('WooCommerce with Google Analytics for WooCommerce ("separate"): a hoodie on sale counts for Hoodies and for Sale, a segment on Sale matches and the shop\'s shelf puts both categories first', async () => {
      const woo = shape('woocommerce-google-analytics');
      assert.equal(woo.itemCategories, 'separate', 'the fixture says how its categories are read');
      const page = await newPage(browser);
      try {
        // The shop page, as WooCommerce's product loop renders it; each product in its category.
        const doc = await buyThenShelf(page, woo, {
          segment: { id: 'sale-shopper', if: { 'cart.categories': 'Sale' } },
          by: ['category'],
          button: '<form class="cart" method="post"><button type="submit" name="add-to-cart" value="37" class="single_add_to_cart_button button alt">Add to cart</button></form>',
          shelf: [
            { id: 'woo-tshirt', name: 'T-Shirt', brand: 'Woo', category: 'Tshirts', price: 18 },
            { id: 'woo-beanie', name: 'Beanie', brand: 'Woo', category: 'Accessories', price: 18 },
            { id: 'woo-sunglasses', name: 'Sunglasses', brand: 'Woo', category: 'Sale', price: 90 },
            { id: 'woo-hoodie-zipper', name: 'Hoodie with Zipper', brand: 'Woo', category: 'Hoodies', price: 45 },
          ],
          cls: 'product type-product',
          name: 'shop',
          main: '<main id="main" class="site-main"><h1 class="woocommerce-products-header__title page-title">Shop</h1><ul></ul></main>',
          list: 'class="products columns-4" data-sw-widget="shop-loop"',
        });
        assert.deepEqual(Object.keys(doc.affinity.category).sort(), woo.expect.categories.slice().sort(), 'two categories, no "Hoodies/Sale"');
        assert.deepEqual(doc.cart.categories.slice().sort(), ['Hoodies', 'Sale']);
        assert.deepEqual(await page.evaluate(() => window.sw.segments()), ['sale-shopper']);
        // Hoodies and Sale score alike (one view and one cart add each): both products of those
        // categories get the rule's whole weight, the others none; ties keep the theme's order.
        assert.deepEqual(await order(page, 'shop-loop'), ['woo-sunglasses', 'woo-hoodie-zipper', 'woo-tshirt', 'woo-beanie']);
        assert.deepEqual(engineWarnings(page), []);
        assert.deepEqual(page.errors, []);
      } finally {
        await closePage(page);
      }
    });

    for (const [name, plugin] of [['gtm4wp-woocommerce', 'Google Tag Manager for WordPress'], ['gtm-kit-woocommerce', 'GTM Kit']]) {
      test(`WooCommerce with ${plugin} ("levels"): the product's category path is read as one path, and the shelf puts its subcategory first`, async () => {
        const fixture = shape(name);
        assert.equal(fixture.itemCategories, 'levels', 'the fixture says how its categories are read');
        const [top, path] = fixture.expect.categories; // e.g. Clothing, Clothing/Hoodies
        const page = await newPage(browser);
        try {
          const doc = await buyThenShelf(page, fixture, {
            segment: { id: 'in-subcategory', if: { 'cart.categories': path } },
            by: ['category'],
            button: '<form class="cart" method="post"><button type="submit" name="add-to-cart" class="single_add_to_cart_button button alt">Add to cart</button></form>',
            shelf: [
              { id: 'woo-vase', name: 'Vase', brand: 'Woo', category: 'Decor', price: 30 },
              { id: 'woo-polo', name: 'Polo', brand: 'Woo', category: `${top}/Polos`, price: 20 },
              { id: 'woo-other', name: 'Another one', brand: 'Woo', category: path, price: 25 },
            ],
            cls: 'product type-product',
            name: 'shop',
            main: '<main id="main" class="site-main"><ul></ul></main>',
            list: 'class="products columns-3" data-sw-widget="shop-loop"',
          });
          assert.deepEqual(Object.keys(doc.affinity.category).sort(), fixture.expect.categories.slice().sort());
          assert.deepEqual(await page.evaluate(() => window.sw.segments()), ['in-subcategory']);
          // docs/attributes.md: the product of the same subcategory matches both levels (category
          // part 2, 20 points), the other one of the top category only the top (1, 10), the vase none.
          assert.deepEqual(await order(page, 'shop-loop'), ['woo-other', 'woo-polo', 'woo-vase']);
          assert.deepEqual(engineWarnings(page), []);
        } finally {
          await closePage(page);
        }
      });
    }

    test('a Shopify theme with Tag Manager ("levels"): the variant id, vendor and product type are read, a segment on the product type matches and the collection puts the shopper\'s type and vendor first', async () => {
      const shopify = shape('shopify-theme-gtm');
      assert.equal(shopify.itemCategories, 'levels', 'the fixture says how its categories are read');
      const page = await newPage(browser);
      try {
        const doc = await buyThenShelf(page, shopify, {
          segment: { id: 'shirt-shopper', if: { 'cart.categories': 'Shirts' } },
          by: ['category', 'brand'],
          button: '<form method="post" action="/cart/add" class="product-form"><button type="submit" name="add" class="product-form__submit button">Add to cart</button></form>',
          shelf: [
            { id: '44012345670001', name: 'Harbour Chino', brand: 'Harbour', category: 'Trousers', price: 59 },
            { id: '44012345670002', name: 'Harbour Oxford Shirt', brand: 'Harbour', category: 'Shirts', price: 49 },
            { id: '44012345670003', name: 'Northwind Wool Scarf', brand: 'Northwind', category: 'Accessories', price: 35 },
            { id: '44012345670004', name: 'Northwind Flannel Shirt', brand: 'Northwind', category: 'Shirts', price: 45 },
          ],
          name: 'collections-all',
          main: '<main id="MainContent"><ul></ul></main>',
          list: 'id="product-grid" class="grid product-grid" data-sw-widget="collection-grid"',
        });
        assert.deepEqual(doc.cart.ids, [shopify.expect.item], 'the variant id, a number in the push, as text');
        assert.deepEqual(doc.cart.categories, shopify.expect.categories);
        assert.deepEqual(doc.cart.brands, ['Northwind']);
        assert.equal(doc.cart.value, 29.95, 'the price pushed as text counts');
        assert.deepEqual(await page.evaluate(() => window.sw.segments()), ['shirt-shopper']);
        // Shirts and Northwind are the only category and brand (one view and one cart add), so
        // with points = 10 × (part_category + part_brand) / 2: the Northwind shirt 10, the other
        // shirt and the Northwind scarf 5 each (the theme's order between them), the chino 0.
        assert.deepEqual(await order(page, 'collection-grid'), ['44012345670004', '44012345670002', '44012345670003', '44012345670001']);
        assert.deepEqual(engineWarnings(page), []);
        assert.deepEqual(page.errors, []);
      } finally {
        await closePage(page);
      }
    });
  });
});
