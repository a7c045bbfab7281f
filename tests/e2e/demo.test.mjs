// The demo shop as a shopper sees it: widgets in order, segments and banner changing as they browse.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { engines, engineWarnings, newPage, open, order, useDemo } from './helpers.mjs';

engines(() => {
  let server;
  let browser;
  useDemo((s, b) => ([server, browser] = [s, b]));

  const RUNNING = /^SH-RUN-/;

  describe('demo shop', () => {
    test('a first visit shows every shelf in its original order, with no warning', async () => {
      const page = await newPage(browser);
      await open(page, `${server.base}/`);
      const widgets = await page.$$eval('[data-sw-widget]', (els) => els.map((e) => [e.dataset.swWidget, e.getAttribute('data-sw-ready')]));
      assert.ok(widgets.length >= 3, 'at least three shelves');
      for (const [id, ready] of widgets) assert.equal(ready, 'personalized', `${id} is released`);
      const html = await page.content();
      const original = [...html.matchAll(/data-sw-item="([^"]+)"/g)].map((m) => m[1]);
      const trending = await order(page, 'home-trending');
      assert.deepEqual(trending, original.slice(0, trending.length), 'no signal: original order');
      assert.deepEqual(engineWarnings(page), []);
      assert.deepEqual(page.errors, []);
      assert.equal(await page.$eval('[data-sw-slot=hero] > :not([hidden])', (e) => e.dataset.swVariant), 'default');
    });

    test('viewing three running shoes makes the visitor a shoe lover and puts running shoes first at home', async () => {
      const page = await newPage(browser);
      await open(page, `${server.base}/`);
      const before = await order(page, 'home-trending');
      assert.ok(!RUNNING.test(before[0]), 'a running shoe is not first to begin with');
      const segmentsAfter = [];
      for (const id of ['SH-RUN-001', 'SH-RUN-003', 'SH-RUN-005']) {
        await open(page, `${server.base}/product.html?id=${id}`);
        segmentsAfter.push(await page.evaluate(() => window.shelfwise.segments().join(' ')));
      }
      assert.ok(!segmentsAfter[1].split(' ').includes('shoe-lover'), 'two shoes are not enough');
      assert.ok(segmentsAfter[2].split(' ').includes('shoe-lover'), 'the third shoe view makes a shoe lover at once');
      await open(page, `${server.base}/`);
      const after = await order(page, 'home-trending');
      const runningAtTop = after.slice(0, 3).filter((id) => RUNNING.test(id));
      assert.ok(runningAtTop.length >= 2, `running shoes lead the trending shelf: ${after.join(' ')}`);
      assert.equal(await page.$eval('[data-sw-slot=hero] > :not([hidden])', (e) => e.dataset.swVariant), 'runners');
      // Explanations are a download of their own: none until the shopper asks why.
      await page.waitForTimeout(1500);
      const toolsLoaded = () => page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('shelfwise_tools')).length);
      assert.equal(await toolsLoaded(), 0, 'a page view downloads no explanations');
      await page.click('aside[data-why="home-trending"] button');
      await page.waitForFunction(() => document.querySelector('aside[data-why="home-trending"]').textContent.includes('Why this order:'));
      const why = await page.$eval('aside[data-why="home-trending"]', (e) => e.textContent);
      assert.match(why, /affinity/);
      assert.ok((await toolsLoaded()) > 0, 'asking loaded them');
      // Every shelf explains itself once asked.
      await page.waitForFunction(() => document.querySelector('aside[data-why="home-deals"]').textContent.includes('order'));
    });

    test('a product in the cart moves its companions up, on the same page without a reload', async () => {
      const page = await newPage(browser);
      await open(page, `${server.base}/`);
      const before = await order(page, 'home-trending');
      // The Tempo 3 shoe's companions (people also bought) include the Cushion Run socks.
      assert.ok(before.indexOf('AC-SCK-001') > 6);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.evaluate(() => window.shelfwise.track('add_to_cart', { items: [{ item_id: 'SH-RUN-001', item_category: 'Shoes', item_category2: 'Running', item_brand: 'Stridewell', price: 129.95 }] }));
      await page.waitForFunction(() => [...document.querySelectorAll('[data-sw-widget="home-trending"] > [data-sw-item]')].findIndex((e) => e.dataset.swItem === 'AC-SCK-001') < 4);
      assert.deepEqual(page.errors, []);
    });
  });
});
