// Shoppers' journeys on a storefront built like real shop themes (tests/e2e/fixtures/storefront/):
// a returning visitor whose consent platform re-applies their earlier "accept" a few hundred
// milliseconds after the page started loading sees personalized shelves; cards that "Load more"
// appends are ordered without moving the ones on screen; a content slot's variant shifts nothing
// and never changes on screen; a visitor whose id cannot be kept is never held out. (Single-page
// apps: spa.test.mjs.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FIXTURE_MOUNTS, GRID, MORE, PAGE_CONFIG, firstSeen, openStorefront, storefront } from './fixtures/storefront.mjs';
import { engines, engineWarnings, newPage, order, useDemo } from './helpers.mjs';

engines((engine) => {
  let server;
  let browser;
  useDemo((s, b) => ([server, browser] = [s, b]), { mounts: FIXTURE_MOUNTS });

  const closePage = (page) => page.context().close();
  const sleep = (page, ms) => page.evaluate((ms) => new Promise((r) => setTimeout(r, ms)), ms);
  /** Ridgeback cards the visitor looked at on an earlier page: the brand the affinity rule puts first. */
  const RIDGEBACK_VIEWS = [
    { item_id: 'NP-TRL-1', item_brand: 'Ridgeback', item_category: 'Shoes', item_category2: 'Trail' },
    { item_id: 'NP-TRL-2', item_brand: 'Ridgeback', item_category: 'Shoes', item_category2: 'Trail' },
  ];
  /** The grid for a visitor whose strongest brand is Ridgeback: the affinity rule (by brand, weight 10) lifts NP-TRL-1; equal scores keep the theme's order. */
  const GRID_FOR_RIDGEBACK = ['NP-TRL-1', 'NP-RUN-1', 'NP-RUN-2', 'NP-RUN-3'];

  /**
   * A returning visitor: on an earlier page of the storefront (`storefront()` with `options`: its
   * consent set-up) they accepted the banner and looked at two Ridgeback shoes. Resolves once that
   * page's profile is stored; the page stays open in the same browser context (the same origin:
   * its address is known once the page is) for the next load.
   */
  async function returningVisitor(options) {
    const page = await newPage(browser);
    await openStorefront(page, storefront(server.base, options));
    await page.click('#consent-accept');
    await page.waitForFunction(() => window.sw.storage() === 'local');
    await page.evaluate((items) => {
      window.sw.track('view_item', { items });
      window.sw.flush();
    }, RIDGEBACK_VIEWS);
    await page.waitForFunction(() => (localStorage.getItem('shelfwise:profile') ?? '').includes('NP-TRL-2'));
    return page;
  }

  describe('a consent banner that re-applies a returning visitor\'s "accept" late', () => {
    // The shop requires consent; Consent Mode's default denies storage and asks tags to wait 500 ms
    // for an update (tags.js), as the usual set-up does.
    const config = { ...PAGE_CONFIG, storage: { consent: 'required' } };

    test('with Consent Mode (wait_for_update 500), an update 400 ms after the start of the load: the shelf is first seen personalized, and nothing is read before the update', async () => {
      const page = await returningVisitor({ config, consent: 'required' });
      try {
        await openStorefront(page, storefront(server.base, { config, consent: 'required', cmp: 400, spy: true }));
        const seen = await firstSeen(page);
        const answeredAt = await page.evaluate(() => window.cmp.answeredAt);
        assert.ok(answeredAt !== undefined, 'the consent platform re-applied the earlier choice');
        assert.deepEqual(seen.order, GRID_FOR_RIDGEBACK, 'the shelf the shopper first saw is personalized');
        assert.ok(seen.at >= answeredAt, 'the shelf stayed hidden until the decision arrived');
        assert.equal(await page.evaluate(() => window.sw.storage()), 'local');
        const reads = await page.evaluate(() => window.storefront.storage);
        assert.ok(reads.length > 0, 'storage is read once consent is given');
        assert.deepEqual(reads.filter((r) => r.at < answeredAt), [], 'nothing is read from storage before the decision');
        assert.equal(await page.evaluate(() => document.documentElement.classList.contains('sw-wait')), false);
        assert.deepEqual(engineWarnings(page), []);
      } finally {
        await closePage(page);
      }
    });

    test('without Consent Mode, the banner\'s callback calling sw.consent() 400 ms after the start of the load (storage.waitForConsentMs 800): the shelf is first seen personalized', async () => {
      const callback = { ...config, storage: { consent: 'required', waitForConsentMs: 800 } };
      const page = await returningVisitor({ config: callback, consent: 'callback' });
      try {
        await openStorefront(page, storefront(server.base, { config: callback, consent: 'callback', cmp: 400 }));
        const seen = await firstSeen(page);
        assert.ok(seen.at >= (await page.evaluate(() => window.cmp.answeredAt)), 'the shelf stayed hidden until the decision arrived');
        assert.deepEqual(seen.order, GRID_FOR_RIDGEBACK);
        assert.equal(await page.evaluate(() => window.sw.storage()), 'local');
      } finally {
        await closePage(page);
      }
    });

    test('the shelf on screen while it waits for the decision is exposed once, when it is shown', async () => {
      const page = await returningVisitor({ config, consent: 'required' });
      try {
        await page.addInitScript(() => {
          window.exposedAt = [];
          document.addEventListener('shelfwise:exposure', (e) => window.exposedAt.push({ widget: e.detail.widget, personalized: e.detail.personalized, at: performance.now() }));
        });
        await openStorefront(page, storefront(server.base, { config, consent: 'required', cmp: 400 }));
        const seen = await firstSeen(page);
        await page.waitForFunction(() => window.exposedAt.some((e) => e.widget === 'collection-grid'), null, { timeout: 5_000 });
        await sleep(page, 300);
        const grid = (await page.evaluate(() => window.exposedAt)).filter((e) => e.widget === 'collection-grid');
        assert.equal(grid.length, 1, 'exposed once');
        assert.equal(grid[0].personalized, true);
        assert.ok(grid[0].at >= seen.at, 'not before the shelf was shown');
      } finally {
        await closePage(page);
      }
    });

    test('a decision later than the shop\'s bound (maxWaitForConsentMs) never keeps the shelf hidden: it shows first, in the shop\'s order, and the decision still counts when it comes', async () => {
      const bounded = { ...config, storage: { consent: 'required', maxWaitForConsentMs: 300 } };
      const page = await returningVisitor({ config: bounded, consent: 'required' });
      try {
        await openStorefront(page, storefront(server.base, { config: bounded, consent: 'required', cmp: 2500 }));
        const seen = await firstSeen(page);
        assert.equal(await page.evaluate(() => window.cmp.answeredAt), undefined, 'the shelf showed before the decision');
        assert.deepEqual(seen.order, GRID, 'without the stored profile, the shop\'s order');
        await page.waitForFunction(() => window.cmp.answeredAt !== undefined, null, { timeout: 5_000 });
        assert.equal(await page.evaluate(() => window.sw.storage()), 'local', 'the late decision still counts');
        assert.deepEqual(await order(page, 'collection-grid'), GRID_FOR_RIDGEBACK, 'the widget takes the personalized order (reorderWhileVisible)');
      } finally {
        await closePage(page);
      }
    });

    test('a new visitor who has not answered the banner sees the shelf once the wait asked for is over, and nothing is read', async () => {
      const page = await newPage(browser);
      try {
        await openStorefront(page, storefront(server.base, { config, consent: 'required', spy: true }));
        const seen = await firstSeen(page);
        assert.deepEqual(seen.order, GRID);
        assert.equal(await page.evaluate(() => window.sw.storage()), 'consent-denied');
        assert.deepEqual(await page.evaluate(() => window.storefront.storage), [], 'nothing read or written without consent');
        assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('consent-banner')).display), 'block', 'the banner asks');
      } finally {
        await closePage(page);
      }
    });

    test('sw.stop() while widgets wait for the decision shows them at once and leaves nothing behind', async () => {
      const page = await newPage(browser);
      try {
        await openStorefront(page, storefront(server.base, { config: { ...config, storage: { consent: 'required', waitForConsentMs: 5000, maxWaitForConsentMs: 5000 } }, consent: 'callback', monitor: true }));
        assert.equal(await page.evaluate(() => document.documentElement.classList.contains('sw-wait')), true, 'the widgets wait');
        await page.evaluate(() => window.sw.stop());
        assert.equal(await page.evaluate(() => document.documentElement.classList.contains('sw-wait')), false);
        assert.deepEqual(await page.evaluate(() => window.monitor.live()), []);
        assert.deepEqual((await firstSeen(page)).order, GRID);
      } finally {
        await closePage(page);
      }
    });
  });

  describe('a shop with a holdout, for a visitor whose id cannot be kept', () => {
    // Half the visitors held out; the shelf's exposures go to the dataLayer (group per visitor).
    const config = { ...PAGE_CONFIG, holdout: { percent: 50 } };
    /** A quick view of a Ridgeback shoe, as the theme's Tag Manager integration pushes it. */
    const QUICK_VIEW = [{ ecommerce: null }, { event: 'view_item', ecommerce: { currency: 'EUR', items: [RIDGEBACK_VIEWS[0]] } }];

    /**
     * One page of the visit (the storefront at `url`, opened; `before(page)` runs once it has
     * started): the grid's `data-sw-ready`, its order after the shopper's quick view of a
     * Ridgeback shoe, the groups its exposures were pushed with, how storage is used, and the
     * `shelfwise:` keys in storage.
     */
    async function load(page, url, before) {
      await openStorefront(page, url);
      await before?.(page);
      await page.waitForFunction(() => document.getElementById('product-grid').hasAttribute('data-sw-ready'));
      const ready = await page.evaluate(() => document.getElementById('product-grid').dataset.swReady);
      await page.evaluate((pushes) => pushes.forEach((p) => window.dataLayer.push(p)), QUICK_VIEW);
      // Personalized, the grid takes the Ridgeback-first order (reorderWhileVisible); held out, it keeps the theme's.
      await page.waitForFunction((want) => [...document.querySelectorAll('#product-grid > [data-sw-item]')].map((e) => e.dataset.swItem).join() === want.join(), GRID_FOR_RIDGEBACK, { timeout: 2_000 }).catch(() => {});
      await page.waitForFunction(() => window.dataLayer.some((e) => e?.event === 'shelfwise_exposure' && e.shelfwise?.widget === 'collection-grid'), null, { timeout: 5_000 });
      return page.evaluate(() => ({
        ready: document.getElementById('product-grid').dataset.swReady,
        order: [...document.querySelectorAll('#product-grid > [data-sw-item]')].map((e) => e.dataset.swItem),
        groups: window.dataLayer.filter((e) => e?.event === 'shelfwise_exposure' && e.shelfwise?.widget === 'collection-grid').map((e) => e.shelfwise.group),
        storage: window.sw.storage(),
        keys: Object.keys(localStorage).filter((k) => k.startsWith('shelfwise:')),
      })).then((seen) => ({ ...seen, readyAtStart: ready }));
    }

    /** What every page of a visit refused storage must show (docs/personalization.md, "Holdout and exposure"). */
    function assertNeverHeldOut(pages, storage) {
      pages.forEach((seen, i) => {
        const at = `page ${i + 1} of the visit`;
        assert.equal(seen.storage, storage, at);
        assert.deepEqual(seen.keys, [], `${at}: nothing kept`);
        assert.equal(seen.readyAtStart, 'personalized', `${at}: not held out`);
        assert.equal(seen.ready, 'personalized', `${at}: not held out`);
        assert.deepEqual(seen.order, GRID_FOR_RIDGEBACK, `${at}: the shelf is personalized`);
        assert.deepEqual(seen.groups, ['unassigned'], `${at}: exposed once, in no group`);
      });
    }

    test('consent denied: on every page of the visit the shelf is personalized and its exposure is "unassigned"', async () => {
      const page = await newPage(browser);
      try {
        const url = () => storefront(server.base, { config, consent: 'required' });
        // The shopper rejects the banner on the first page; the consent platform re-applies the choice on the next ones.
        const pages = [await load(page, url(), (p) => p.click('#consent-reject'))];
        for (let i = 0; i < 4; i++) pages.push(await load(page, url()));
        assertNeverHeldOut(pages, 'consent-denied');
        assert.deepEqual(engineWarnings(page), []);
      } finally {
        await closePage(page);
      }
    });

    test('Global Privacy Control: on every page of the visit the shelf is personalized and its exposure is "unassigned"', async () => {
      const page = await newPage(browser);
      try {
        await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => true }));
        const pages = [];
        for (let i = 0; i < 4; i++) pages.push(await load(page, storefront(server.base, { config })));
        assertNeverHeldOut(pages, 'gpc');
        assert.deepEqual(engineWarnings(page), []);
      } finally {
        await closePage(page);
      }
    });
  });

  describe('"Load more" on a grid already in order', () => {
    test('the appended cards are ordered among themselves after the ones on screen, which do not move', async () => {
      const page = await newPage(browser);
      try {
        await openStorefront(page, storefront(server.base));
        await page.evaluate((items) => window.sw.track('view_item', { items }), RIDGEBACK_VIEWS);
        await page.waitForFunction((want) => [...document.querySelectorAll('#product-grid > [data-sw-item]')].map((e) => e.dataset.swItem).join() === want.join(), GRID_FOR_RIDGEBACK);
        /** Where each card of the grid is, from the top of the viewport. */
        const tops = () => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#product-grid > [data-sw-item]')].map((e) => [e.dataset.swItem, e.getBoundingClientRect().top])));
        const before = await tops();
        await page.click('#load-more');
        // Ridgeback first among the new cards (affinity); the others keep the theme's order.
        const want = [...GRID_FOR_RIDGEBACK, 'NP-TRL-3', MORE[0], MORE[1]];
        await page.waitForFunction((n) => document.querySelectorAll('#product-grid > [data-sw-item]').length === n, want.length);
        await sleep(page, 50);
        assert.deepEqual(await order(page, 'collection-grid'), want);
        const after = await tops();
        for (const id of GRID_FOR_RIDGEBACK) assert.equal(after[id], before[id], `${id} did not move`);
        assert.deepEqual(engineWarnings(page), []);
      } finally {
        await closePage(page);
      }
    });

    test('held out, the appended cards keep the theme\'s order', async () => {
      const page = await newPage(browser);
      try {
        await openStorefront(page, storefront(server.base, { config: { ...PAGE_CONFIG, holdout: { percent: 100 } } }));
        await page.evaluate((items) => window.sw.track('view_item', { items }), RIDGEBACK_VIEWS);
        await page.click('#load-more');
        await page.waitForFunction((n) => document.querySelectorAll('#product-grid > [data-sw-item]').length === n, GRID.length + MORE.length);
        await sleep(page, 50);
        assert.deepEqual(await order(page, 'collection-grid'), [...GRID, ...MORE]);
      } finally {
        await closePage(page);
      }
    });
  });

  describe('a content slot above the main content', () => {
    /** Layout shifts the page recorded (none with recent input), and how far the main content moved. */
    const shifts = (page) =>
      page.evaluate(() => {
        const list = window.storefront.shifts.filter((s) => !s.recentInput);
        return { total: list.reduce((sum, s) => sum + s.value, 0), moved: list.flatMap((s) => s.moved) };
      });

    // The Layout Instability API (layout-shift entries) exists in Chromium only.
    if (engine === 'chromium') test('a returning runner gets the runners\' promotion, and picking it shifts nothing on the page (Chromium only: the Layout Instability API)', async () => {
      const page = await newPage(browser);
      try {
        await openStorefront(page, storefront(server.base));
        const run = [1, 2, 3].map((i) => ({ item_id: `NP-RUN-${i}`, item_category: 'Shoes', item_category2: 'Running' }));
        await page.evaluate((items) => {
          window.sw.track('view_item', { items });
          window.sw.flush();
        }, run);
        await page.waitForFunction(() => (localStorage.getItem('shelfwise:profile') ?? '').includes('NP-RUN-3'));
        await openStorefront(page, storefront(server.base));
        await page.waitForFunction(() => document.querySelector('[data-sw-slot]').hasAttribute('data-sw-ready'));
        await sleep(page, 300); // layout shifts are reported after the frame that shows them
        const shown = await page.$$eval('[data-sw-slot] > [data-sw-variant]:not([hidden])', (els) => els.map((e) => e.dataset.swVariant));
        assert.deepEqual(shown, ['runners']);
        const { total, moved } = await shifts(page);
        assert.deepEqual(moved, [], 'nothing moved');
        assert.equal(total, 0, 'no layout shift');
      } finally {
        await closePage(page);
      }
    });

    test('a segment entered while the slot is on screen changes it only once it has left the viewport', async () => {
      const page = await newPage(browser, { viewport: { width: 1280, height: 400 } });
      try {
        await openStorefront(page, storefront(server.base));
        const variant = () => page.$$eval('[data-sw-slot] > [data-sw-variant]:not([hidden])', (els) => els.map((e) => e.dataset.swVariant));
        assert.deepEqual(await variant(), ['default']);
        const run = [1, 2, 3].map((i) => ({ item_id: `NP-RUN-${i}`, item_category: 'Shoes', item_category2: 'Running' }));
        await page.evaluate((items) => window.sw.track('view_item', { items }), run);
        assert.deepEqual(await page.evaluate(() => window.sw.segments()), ['runner']);
        await sleep(page, 100);
        assert.deepEqual(await variant(), ['default'], 'on screen, the slot keeps what the shopper is looking at');
        assert.equal(await page.evaluate(() => document.querySelector('[data-sw-slot]').hasAttribute('data-sw-stale')), true);
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        await page.waitForFunction(() => !document.querySelector('[data-sw-slot]').hasAttribute('data-sw-stale'));
        assert.deepEqual(await variant(), ['runners'], 'off screen, it changed');
        await page.evaluate(() => window.scrollTo(0, 0));
        assert.deepEqual(await variant(), ['runners']);
      } finally {
        await closePage(page);
      }
    });
  });
});
