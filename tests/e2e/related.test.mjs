// "Goes with your cart" on a storefront whose pages carry only the relations of what they show:
// the product page renders its product's related ids (from `shelfwise relations --csv`), the
// shop's Tag Manager push adds it to the cart, and the cart page — no relation in its markup,
// none in its config — still puts the product's companions first, through the visitor's profile.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_MOUNTS } from '../../scripts/serve.mjs';
import { engines, engineWarnings, newPage, open, order, root, useDemo } from './helpers.mjs';

engines(() => {
  let server;
  let browser;
  useDemo((s, b) => ([server, browser] = [s, b]), { mounts: { ...DEFAULT_MOUNTS, '/fixtures/': join(root, 'tests/e2e/fixtures') } });

  const SHELF = 'cart-companions';
  /** The cart page's shelf as its HTML lists it. */
  const PAGE_ORDER = ['SOCK-1', 'LAMP-200', 'BOTTLE-1', 'MAT-SELF-1', 'SLP-BAG-1'];
  /** The tent's relations as its product page lists them, strongest first. */
  const TENT_RELATED = ['SLP-BAG-1', 'MAT-SELF-1', 'LAMP-200'];

  const stored = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('shelfwise:profile') ?? 'null'));
  const shelfReady = (page) => page.waitForFunction((w) => document.querySelector(`[data-sw-widget="${w}"][data-sw-ready]`), SHELF);

  test('a tent added to the cart on its product page puts its companions first on a cart page that ships no relations', async () => {
    const page = await newPage(browser);
    const cartUrl = `${server.base}/fixtures/related/cart.html`;

    // Before: the cart page knows no relation at all and keeps its own order.
    await open(page, cartUrl);
    await shelfReady(page);
    assert.equal(await page.$$eval('[data-sw-related]', (els) => els.length), 0, 'no relation in the markup');
    assert.deepEqual(await order(page, SHELF), PAGE_ORDER);

    // The product page: nothing is kept until the consent banner is answered, late.
    await open(page, `${server.base}/fixtures/related/product.html`);
    assert.equal(await stored(page), null, 'nothing stored before consent');
    await page.click('#accept');
    await page.click('#add');
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('shelfwise:profile') ?? '{}').cart?.some((l) => l[0] === 'TENT-2P'));
    // The profile keeps the tent's relations as its page showed them.
    assert.deepEqual((await stored(page)).rel, [['TENT-2P', TENT_RELATED.join(' ')]]);

    // The cart page: the tent's companions first, strongest first; the rest in the page's order.
    await open(page, cartUrl);
    await shelfReady(page);
    const expected = [...TENT_RELATED, ...PAGE_ORDER.filter((id) => !TENT_RELATED.includes(id))];
    assert.deepEqual(await order(page, SHELF), expected);
    // And again after a reload (read back from storage, not from memory).
    await page.reload();
    await page.waitForFunction(() => window.shelfwise !== undefined);
    await shelfReady(page);
    assert.deepEqual(await order(page, SHELF), expected);
    assert.deepEqual(engineWarnings(page), []);
    assert.deepEqual(page.errors, []);
  });
});
