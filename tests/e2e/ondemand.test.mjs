// What a page downloads: only what personalizes it. Checking and explaining (every config error
// with its message and suggestion, explanations of segments and orders) are a second module the
// page loads the first time something asks for them (docs/api.md, `loadTools`), on a page built
// like a theme's collection page.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { engines, engineWarnings, newPage, openShop, order, shopPage, useDemo } from './helpers.mjs';

/** A theme's product card in a collection grid. */
const card = ({ id, brand, category }) =>
  `<li class="grid__item" data-sw-item="${id}" data-sw-brand="${brand}" data-sw-category="${category}"><div class="card"><h3 class="card__heading">${id}</h3></div></li>`;

const SHELF = [
  { id: 'A-1', brand: 'Acme', category: 'Footwear/Sandals' },
  { id: 'B-1', brand: 'Brio', category: 'Footwear/Trail' },
  { id: 'Z-1', brand: 'Zenith', category: 'Footwear/Trail' },
  { id: 'Z-2', brand: 'Zenith', category: 'Footwear/Hiking' },
];
const body = `<main class="collection"><ul class="grid" data-sw-widget="collection-grid">${SHELF.map(card).join('')}</ul></main>`;
const config = {
  version: 1,
  segments: [{ id: 'zenith-fan', name: 'Zenith fan', if: { 'affinity.brand.Zenith': { $gt: 0 } } }],
  strategy: { rules: [{ rule: 'affinity', by: ['brand'], weight: 10 }] },
};

/** The page's resource loads whose URL contains `part`. */
const loads = (page, part) => page.evaluate((part) => performance.getEntriesByType('resource').filter((e) => e.name.includes(part)).length, part);

engines(() => {
  let server;
  let browser;
  useDemo((s, b) => ([server, browser] = [s, b]));

  describe('checking and explaining load on demand', () => {
    test('a page that never asks downloads none of it; asking loads it once, and the explanations agree with the page', async () => {
      const page = await newPage(browser);
      try {
        // The shopper viewed a Zenith product (its page's Tag Manager push), then opens the collection.
        const product = await shopPage(page, server.base, 'product', { config, head: "dataLayer.push({ event: 'view_item', ecommerce: { items: [{ item_id: 'Z-9', item_brand: 'Zenith' }] } });" });
        await openShop(page, product);
        await page.waitForFunction(() => (localStorage.getItem('shelfwise:profile') ?? '').includes('Zenith'));
        const url = await shopPage(page, server.base, 'collection', { config, body });
        await openShop(page, url);
        await page.waitForFunction(() => document.querySelector('[data-sw-widget]').hasAttribute('data-sw-ready'));
        const shown = await order(page, 'collection-grid');
        assert.deepEqual(shown.slice(0, 2).sort(), ['Z-1', 'Z-2'], shown.join(' '));
        await page.evaluate(() => window.sw.rank('picks', ['A-1', 'Z-1']));
        assert.equal(await loads(page, 'shelfwise_wasm_bg.wasm'), 1, 'the engine itself was loaded');
        assert.equal(await loads(page, 'shelfwise_tools'), 0, 'nothing of the checking and explaining part before it is asked for');

        const asked = await page.evaluate(async () => {
          const sw = window.sw;
          const items = [{ id: 'A-1', brand: 'Acme' }, { id: 'Z-1', brand: 'Zenith' }, 'Z-2'];
          return {
            widget: await sw.explainWidget('collection-grid'),
            segment: await sw.explainSegment('zenith-fan'),
            unknown: await sw.explainSegment('nobody'),
            ranked: sw.rank('picks', items),
            explained: await sw.explainRank('picks', items),
          };
        });
        assert.deepEqual(asked.widget.order, shown, 'the explained order is the order the page shows');
        assert.ok(asked.widget.items[0].reasons.some((r) => r.rule === 'affinity' && r.points > 0), JSON.stringify(asked.widget.items[0]));
        assert.equal(asked.widget.items.find((i) => i.id === 'A-1').originalPosition, 1, 'the shop\'s order is known to the explanation');
        assert.equal(asked.segment.member, true);
        assert.equal(asked.segment.explanation.pass, true);
        assert.equal(asked.segment.explanation.path, 'affinity.brand.Zenith');
        assert.equal(asked.unknown, null);
        // 'Z-2' is a bare id: both take its facts from the page's events… of which it has none.
        assert.deepEqual(asked.explained.order, asked.ranked.order);
        assert.equal(asked.explained.order[0], 'Z-1');
        assert.equal(await loads(page, 'shelfwise_tools_bg.wasm'), 1, 'loaded once for every explanation');
        assert.deepEqual(engineWarnings(page), []);
        assert.deepEqual(page.errors, []);
      } finally {
        await page.context().close();
      }
    });

    test('an invalid config: the page names the first problem\'s path and how to see them all; validateConfig then lists each with its message', async () => {
      const page = await newPage(browser);
      try {
        const broken = { version: 1, segments: [{ id: 'a', if: { 'cart.value': { $gtt: 5 } } }], widgets: { 'collection-grid': { rules: [{ rule: 'bost' }] } } };
        const url = await shopPage(page, server.base, 'broken', { config: broken, body });
        await openShop(page, url);
        assert.equal(await page.evaluate(() => window.sw.running), false);
        assert.deepEqual(await order(page, 'collection-grid'), SHELF.map((i) => i.id), 'the shop\'s order');
        const warnings = engineWarnings(page);
        assert.equal(warnings.length, 1, warnings.join('\n'));
        assert.match(warnings[0], /the config is invalid at segments\[0\]\.if\.cart\.value; the page keeps its original order until it is fixed \(`npx shelfwise validate <file>` or validateConfig\(\) lists every problem\)/);
        assert.equal(await loads(page, 'shelfwise_tools'), 0);
        const errors = await page.evaluate(async (c) => (await import('/pkg/shelfwise.js')).validateConfig(c), broken);
        assert.deepEqual(
          errors.map((e) => e.path),
          ['segments[0].if.cart.value', 'widgets.collection-grid.rules[0].rule'],
        );
        assert.match(errors[0].message, /unknown operator "\$gtt" \(did you mean "\$gt"\?\)/);
        assert.match(errors[1].message, /unknown rule "bost".*did you mean "boost"/);
      } finally {
        await page.context().close();
      }
    });

    test('when that part cannot be downloaded, explanations resolve to nothing and say why, validateConfig says why, and the page carries on', async () => {
      const page = await newPage(browser);
      try {
        await page.context().route((u) => u.pathname.includes('shelfwise_tools'), (r) => r.fulfill({ status: 404, contentType: 'text/plain', body: 'not here' }));
        const url = await shopPage(page, server.base, 'no-tools', { config, body });
        await openShop(page, url);
        const out = await page.evaluate(async () => ({
          widget: await window.sw.explainWidget('collection-grid'),
          rank: await window.sw.explainRank('picks', ['A-1', 'Z-1']),
          errors: await (await import('/pkg/shelfwise.js')).validateConfig({ version: 1 }),
          tracked: window.sw.track('view_item', { items: [{ item_id: 'Z-1', item_brand: 'Zenith' }] }),
        }));
        assert.equal(out.widget, null);
        assert.deepEqual(out.rank, { order: ['A-1', 'Z-1'], hidden: [], personalized: false }, 'the order given');
        assert.equal(out.errors.length, 1);
        assert.match(out.errors[0].message, /the config checker could not be loaded \(.+\): serve shelfwise_tools\.js and shelfwise_tools_bg\.wasm next to shelfwise\.js, or call loadTools\(url\)/);
        assert.deepEqual(out.tracked, { ok: true });
        // The warning comes once the page is still there a second later (a page being left cancels downloads).
        const said = (w) => /explainWidget: the explaining part of the engine could not load \(.+\); serve shelfwise_tools\.js and shelfwise_tools_bg\.wasm next to shelfwise\.js, or call loadTools\(url\)/.test(w);
        for (let waited = 0; waited < 10_000 && !engineWarnings(page).some(said); waited += 100) await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
        assert.ok(engineWarnings(page).some(said), engineWarnings(page).join('\n'));
        assert.equal(await page.evaluate(() => window.sw.running), true, engineWarnings(page).join('\n'));
        assert.deepEqual(page.errors, []);
      } finally {
        await page.context().close();
      }
    });
  });
});
