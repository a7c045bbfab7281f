// A single-page storefront (tests/apps/spa/: React Router, a tag manager that wraps
// history.pushState before any app, GA4 ecommerce pushes), built by Vite from the packed package
// as a shop would build it. A route is a page: page.path, page.type and the campaign follow it,
// a product viewed again on another route counts again, the widgets of the new route are ordered
// for it; on page_view, or by itself on history navigation with tracking.history.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp } from './apps.mjs';
import { attributes, demo, engines, engineWarnings, launch, newPage, order } from './helpers.mjs';

/** The app, built once for every engine. */
let built;

engines((engine) => {
  let server;
  let browser;
  before(async () => {
    // A production build, as a shop ships it.
    built ??= buildApp('spa', { mode: 'production' }).client;
    server = await demo({ mounts: { '/': built } });
    browser = await launch(engine);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens the app at `path` and waits until it has rendered with Shelfwise started. */
  async function openApp(path = '/') {
    const page = await newPage(browser);
    await page.goto(`${server.base}${path}`);
    await page.waitForFunction(() => window.appReady === true && document.querySelector('[data-sw-widget][data-sw-ready]') !== null, null, { timeout: 15_000 });
    return page;
  }

  /** Clicks a link of the app and waits until the route's widget `widget` is in order. */
  async function go(page, selector, widget) {
    await page.click(selector);
    await page.waitForFunction((w) => document.querySelector(`[data-sw-widget="${w}"][data-sw-ready]`) !== null, widget);
  }

  const at = (doc, path) => path.split('.').reduce((v, k) => v?.[k], doc);
  const closePage = (page) => page.context().close();

  describe('routes tracked with page_view (the app tracks one on every route)', () => {
    test('page.path and page.type follow the route, and the new route\'s widget is ordered for it', async () => {
      const page = await openApp();
      try {
        assert.equal(at(await attributes(page), 'page.type'), 'home');
        await go(page, '#nav-trail', 'collection-grid');
        const doc = await attributes(page);
        assert.equal(at(doc, 'page.path'), '/collections/trail');
        assert.equal(at(doc, 'page.type'), 'collection');
        assert.deepEqual(await page.evaluate(() => window.sw.segments()), ['trail-page']);
        // On trail pages waterproof shoes come first (a boost for the trail-page segment).
        assert.deepEqual(await order(page, 'collection-grid'), ['NP-TRL-4', 'NP-TRL-1', 'NP-TRL-5']);
        await page.waitForFunction(() => window.sw.attributes().session.pageViews === 2);
        await go(page, '#nav-running', 'collection-grid');
        assert.equal(at(await attributes(page), 'page.path'), '/collections/running');
        assert.deepEqual(await page.evaluate(() => window.sw.segments()), []);
        await page.waitForFunction(() => window.sw.attributes().session.pageViews === 3);
        assert.deepEqual(engineWarnings(page), []);
        assert.deepEqual(page.errors, []);
      } finally {
        await closePage(page);
      }
    });

    test('a product viewed again on another route counts again; on its own route, once', async () => {
      const page = await openApp();
      try {
        await go(page, '#nav-trail', 'collection-grid');
        await go(page, '[data-sw-item="NP-TRL-1"] a', 'related');
        await page.waitForFunction(() => window.sw.attributes().activity?.item?.['NP-TRL-1']?.views === 1);
        const doc = await attributes(page);
        assert.equal(at(doc, 'page.type'), 'product');
        assert.deepEqual(doc.history.viewed, ['NP-TRL-1']);
        await go(page, '#nav-trail', 'collection-grid');
        await go(page, '[data-sw-item="NP-TRL-1"] a', 'related');
        await page.waitForFunction(() => window.sw.attributes().activity.item['NP-TRL-1'].views === 2);
        // The markup's product, the app's dataLayer push and its page_view on the same route: one view.
        await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
        assert.equal(at(await attributes(page), 'activity.item.NP-TRL-1.views'), 2);
      } finally {
        await closePage(page);
      }
    });

    test('a route reached through a campaign link brings its campaign', async () => {
      const page = await openApp();
      try {
        await go(page, '#promo', 'collection-grid');
        await page.waitForFunction(() => window.sw.attributes().utm?.campaign === 'spring');
        const doc = await attributes(page);
        assert.equal(at(doc, 'utm.source'), 'banner');
        assert.equal(at(doc, 'visit.count'), 2, 'a new campaign starts a new visit');
        assert.deepEqual((await page.evaluate(() => window.sw.segments())).sort(), ['spring-campaign', 'trail-page']);
      } finally {
        await closePage(page);
      }
    });
  });

  describe('framework shelves and widgets that stay from one route to the next', () => {
    test('a route change names a framework shelf in a ranking event, and a shelf in the layout is exposed again once seen on the new route', async () => {
      const page = await openApp();
      try {
        // Two shelves outside the app's routes (a layout's): one on screen, one above the viewport.
        await page.evaluate(() => {
          window.named = [];
          window.exposed = [];
          window.sw.on('ranking', ({ widgets }) => window.named.push(...widgets));
          // The exposures of these two shelves (the app's own shelves are exposed too, whenever the engine sees them).
          document.addEventListener('shelfwise:exposure', (e) => ['layout-shelf', 'hidden-shelf'].includes(e.detail.widget) && window.exposed.push(e.detail.widget));
          const shelf = (id, style) => {
            const el = document.createElement('div');
            el.style.cssText = style;
            el.textContent = id;
            document.body.append(el);
            window.sw.rank(id, ['NP-TRL-1', 'NP-RUN-1']);
            window.sw.observe(el, id);
          };
          shelf('layout-shelf', 'position: fixed; top: 0; left: 0; width: 200px; height: 100px');
          shelf('hidden-shelf', 'position: absolute; top: -1000px; left: 0; width: 200px; height: 100px');
        });
        await page.waitForFunction(() => window.exposed.includes('layout-shelf'));
        assert.deepEqual(await page.evaluate(() => window.exposed), ['layout-shelf'], 'seen on screen once; the shelf above the viewport is not');
        await go(page, '#nav-trail', 'collection-grid');
        // The route's context (page.path, the trail-page segment) may rank it otherwise: the shelf off screen is told at once.
        await page.waitForFunction(() => window.named.includes('hidden-shelf'));
        await page.waitForFunction(() => window.exposed.filter((w) => w === 'layout-shelf').length === 2);
        await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
        assert.deepEqual(await page.evaluate(() => window.exposed.filter((w) => w === 'layout-shelf').length), 2, 'once per route');
        assert.deepEqual(engineWarnings(page), []);
        assert.deepEqual(page.errors, []);
      } finally {
        await closePage(page);
      }
    });
  });

  describe('routes followed by themselves (tracking.history: true; the app tracks no page_view)', () => {
    test('pushState and the back button each count a page view of the route the browser shows', async () => {
      const page = await openApp('/?history');
      try {
        await go(page, '#nav-trail', 'collection-grid');
        await page.waitForFunction(() => window.sw.attributes().session.pageViews === 2);
        assert.deepEqual(await order(page, 'collection-grid'), ['NP-TRL-4', 'NP-TRL-1', 'NP-TRL-5']);
        await go(page, '#nav-running', 'collection-grid');
        await page.waitForFunction(() => window.sw.attributes().session.pageViews === 3);
        await page.evaluate(() => history.back());
        await page.waitForFunction(() => window.sw.attributes().page.path === '/collections/trail');
        assert.equal(at(await attributes(page), 'session.pageViews'), 4);
        assert.deepEqual(await page.evaluate(() => window.sw.segments()), ['trail-page']);
        assert.equal(await page.evaluate(() => window.tagManager.historyChanges), 2, "the tag manager's own pushState wrapper still runs");
        assert.deepEqual(page.errors, []);
      } finally {
        await closePage(page);
      }
    });

    test('sw.stop() gives the tag manager its pushState back, and leaves a wrapper added later in place', async () => {
      const page = await openApp('/?history');
      try {
        assert.equal(await page.evaluate(() => history.pushState === window.tagManager.pushState), false, 'Shelfwise follows the history');
        await page.evaluate(() => window.sw.stop());
        assert.equal(await page.evaluate(() => history.pushState === window.tagManager.pushState), true);
        assert.equal(await page.evaluate(() => Object.hasOwn(history, 'replaceState')), false, 'replaceState is the browser\'s own again');
      } finally {
        await closePage(page);
      }
      const later = await openApp('/?history');
      try {
        const result = await later.evaluate(() => {
          const inner = history.pushState;
          window.analytics = { seen: 0 };
          const wrapper = function (...args) {
            window.analytics.seen += 1;
            return inner.apply(this, args);
          };
          history.pushState = wrapper;
          window.sw.stop();
          return { kept: history.pushState === wrapper };
        });
        assert.equal(result.kept, true, "the other script's wrapper stays");
        await later.click('#nav-trail');
        await later.waitForFunction(() => document.querySelector('[data-sw-widget="collection-grid"] [data-sw-item="NP-TRL-4"]') !== null);
        assert.equal(await later.evaluate(() => window.analytics.seen), 1, 'navigation still goes through every wrapper');
        assert.equal(await later.evaluate(() => window.tagManager.historyChanges), 1);
        assert.equal(await later.evaluate(() => location.pathname), '/collections/trail', 'the app navigated');
        assert.deepEqual(later.errors, []);
      } finally {
        await closePage(later);
      }
    });
  });
});
