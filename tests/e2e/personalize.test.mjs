// Personalization as a shopper sees it: shelves in their order for this visitor from the first
// frame, without flicker or layout shift, never moving under the shopper's eyes; held-out
// visitors and exposure measurement; a framework page that renders the ranked order itself;
// and the debug overlay.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_MOUNTS } from '../../scripts/serve.mjs';
import { products } from '../../www/catalog.js';
import { engines, engineWarnings, newPage, open, openShop, order, root, shopPage, useDemo } from './helpers.mjs';

let server;
let browser;

const HOME_SHELVES = ['home-trending', 'home-new', 'home-deals'];
/** Three Cairnline products (a backpack, a sleeping mat, boots), none of them on the home page. */
const CAIRNLINE_VIEWS = ['OD-BPK-002', 'OD-SLP-003', 'SH-BOT-002'];
const HOME_HTML = readFileSync(join(root, 'www/index.html'), 'utf8');
const DEMO_CONFIG = JSON.parse(readFileSync(join(root, 'www/shelfwise.config.json'), 'utf8'));

/** Item ids of a shelf as written in the home page's HTML. */
function originalOrder(widget) {
  const start = HOME_HTML.indexOf(`data-sw-widget="${widget}"`);
  const end = HOME_HTML.indexOf('<aside', start);
  return [...HOME_HTML.slice(start, end).matchAll(/data-sw-item="([^"]+)"/g)].map((m) => m[1]);
}

/** Brands of a shelf's shown items, in order. */
function brands(page, widget) {
  return page.$$eval(`[data-sw-widget="${widget}"] > [data-sw-item]:not([hidden])`, (els) => els.map((e) => e.dataset.swBrand));
}

/** Opens each product page in turn, as a shopper browsing would. */
async function viewProducts(page, ids) {
  for (const id of ids) await open(page, `${server.base}/product.html?id=${id}`);
}

/**
 * The first-paint guard of the demo pages shows shelves anyway after 300 ms. These checks are
 * about what the shopper sees when the engine is in time, not about the speed of the machine
 * running them, so the fallback is given all the time it needs here.
 */
async function patientGuard(page) {
  await page.route((url) => url.pathname === '/' || url.pathname.endsWith('.html'), async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    const patched = html.replace("classList.add('sw-off')},300)", "classList.add('sw-off')},600000)");
    await route.fulfill({ response, body: patched });
  });
}

/** Serves the demo config with `change` applied (e.g. a holdout of 100 %). */
async function demoConfig(page, change) {
  await page.route('**/shelfwise.config.json', (route) => route.fulfill({ json: { ...DEMO_CONFIG, ...change } }));
}

/** Scrolls each shelf into view in turn, as a shopper reading the page would, waiting until it has been seen. */
async function scrollThrough(page, ids) {
  for (const id of ids) {
    await page.evaluate((id) => document.querySelector(`[data-sw-widget="${id}"]`).scrollIntoView({ block: 'center' }), id);
    await page.waitForFunction((id) => window.exposures.some((e) => e.widget === id), id);
  }
}

/** Records every `shelfwise:exposure` DOM event from the start of each page. */
async function recordExposures(page) {
  await page.addInitScript(() => {
    window.exposures = [];
    document.addEventListener('shelfwise:exposure', (e) => window.exposures.push({ ...e.detail, on: e.target.dataset?.swWidget }));
  });
}

engines((engine) => {
  useDemo((s, b) => ([server, browser] = [s, b]), { mounts: { ...DEFAULT_MOUNTS, '/fixtures/': join(root, 'tests/e2e/fixtures') } });

  describe('personalized shelves on the demo shop', () => {
    test('a shopper who views several items of one brand sees that brand first in every home shelf on the next page; pins hold', async () => {
      const page = await newPage(browser);
      await open(page, `${server.base}/`);
      assert.notEqual((await brands(page, 'home-trending'))[0], 'Cairnline');
      assert.notEqual((await brands(page, 'home-new'))[1], 'Cairnline');
      assert.notEqual((await brands(page, 'home-deals'))[0], 'Cairnline');
      await viewProducts(page, CAIRNLINE_VIEWS);
      await open(page, `${server.base}/`);
      assert.equal((await brands(page, 'home-trending'))[0], 'Cairnline', (await order(page, 'home-trending')).join(' '));
      assert.equal((await brands(page, 'home-deals'))[0], 'Cairnline', (await order(page, 'home-deals')).join(' '));
      // home-new pins SH-RUN-002 at position 1: the brand comes right after it.
      const fresh = await order(page, 'home-new');
      assert.equal(fresh[0], 'SH-RUN-002');
      assert.equal((await brands(page, 'home-new'))[1], 'Cairnline', fresh.join(' '));
      const why = await page.evaluate(async () => (await window.shelfwise.explainWidget('home-new')).items[0].reasons);
      assert.deepEqual(why.map((r) => r.note).filter(Boolean), ['pinned at position 1']);
      assert.deepEqual(engineWarnings(page), []);
      assert.deepEqual(page.errors, []);
    });

    test('items the shopper bought fall back to the end of the shelves', async () => {
      const page = await newPage(browser);
      await open(page, `${server.base}/`);
      assert.equal((await order(page, 'home-trending'))[0], 'AP-JKT-001');
      await page.click('[data-sw-widget="home-trending"] button[data-add="AP-JKT-001"]');
      await open(page, `${server.base}/cart.html`);
      await page.click('#checkout');
      await page.waitForSelector('#thanks');
      await open(page, `${server.base}/`);
      const after = await order(page, 'home-trending');
      assert.equal(after.at(-1), 'AP-JKT-001', after.join(' '));
      const reasons = await page.evaluate(async () => (await window.shelfwise.explainWidget('home-trending')).items.find((i) => i.id === 'AP-JKT-001').reasons);
      assert.ok(reasons.some((r) => r.rule === 'purchased' && r.points < 0), JSON.stringify(reasons));
    });

    test('the shopper never sees a shelf in its original order: hidden until ready, first shown already personalized', async () => {
      const page = await newPage(browser);
      await viewProducts(page, CAIRNLINE_VIEWS);
      await patientGuard(page);
      // Sample every frame from the first one: rAF callbacks run right before each paint.
      await page.addInitScript(() => {
        window.frames_ = [];
        const sample = () => {
          window.frames_.push([...document.querySelectorAll('[data-sw-widget]')].map((w) => ({
            id: w.dataset.swWidget,
            visible: getComputedStyle(w).visibility === 'visible',
            ready: w.getAttribute('data-sw-ready'),
            order: [...w.children].filter((c) => c.dataset.swItem && !c.hidden).map((c) => c.dataset.swItem),
          })));
          if (window.frames_.length < 2000) requestAnimationFrame(sample);
        };
        requestAnimationFrame(sample);
      });
      // The engine's code arrives only once the shelves have been painted (hidden) at least once:
      // the case where the shopper could see them first.
      await page.route('**/shelfwise_wasm_bg.wasm', async (route) => {
        await page.waitForFunction(() => (window.frames_ ?? []).some((f) => f.length >= 3 && f.every((w) => w.order.length > 0)));
        await route.continue();
      });
      await open(page, `${server.base}/`);
      await page.waitForFunction(() => window.frames_.some((f) => f.length >= 3 && f.every((w) => w.visible)));
      const frames = await page.evaluate(() => window.frames_);
      for (const id of HOME_SHELVES) {
        const seen = frames.map((f) => f.find((w) => w.id === id)).filter(Boolean);
        const first = seen.findIndex((w) => w.visible);
        assert.ok(first >= 0, `${id} is shown`);
        assert.ok(seen.every((w) => !w.visible || w.ready !== null), `${id} stays hidden until data-sw-ready`);
        assert.ok(seen.slice(0, first).some((w) => w.order.length > 0), `${id} was in the page, hidden, before`);
        assert.equal(seen[first].ready, 'personalized');
        assert.deepEqual(seen[first].order, await order(page, id), `${id}: the first order shown is the final one`);
      }
      const trending = frames.at(-1).find((w) => w.id === 'home-trending').order;
      assert.notDeepEqual(trending, originalOrder('home-trending'), 'the personalized order differs from the original');
    });

    // The Layout Instability API (layout-shift entries) exists in Chromium only.
    if (engine === 'chromium') test('reordering adds no layout shift, at load and after events (Chromium only: the Layout Instability API)', async () => {
      const page = await newPage(browser);
      await viewProducts(page, CAIRNLINE_VIEWS);
      await patientGuard(page);
      await page.addInitScript(() => {
        window.shifts = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            const widgets = e.sources.map((s) => {
              const el = s.node?.nodeType === 1 ? s.node : s.node?.parentElement;
              return el?.closest('[data-sw-widget]')?.dataset.swWidget ?? null;
            });
            window.shifts.push({ value: e.value, widgets });
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await open(page, `${server.base}/`);
      const before = await order(page, 'home-deals');
      // An event that reorders a shelf off screen (home-deals lists Cairnline boots' companions).
      await page.evaluate(() => window.shelfwise.track('add_to_cart', { items: [{ item_id: 'OD-TNT-004', item_brand: 'Ember & Ash', item_category: 'Outdoor', item_category2: 'Tents', price: 599 }] }));
      await page.waitForFunction((b) => {
        const now = [...document.querySelectorAll('[data-sw-widget="home-deals"] > [data-sw-item]:not([hidden])')].map((e) => e.dataset.swItem);
        return now.join() !== b.join();
      }, before);
      // Let any pending layout-shift entry arrive.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const shifts = await page.evaluate(() => window.shifts);
      const fromShelves = shifts.filter((s) => s.widgets.some(Boolean));
      assert.deepEqual(fromShelves, [], 'no layout shift from moving shelf items');
      const cls = shifts.reduce((sum, s) => sum + s.value, 0);
      assert.equal(cls, 0, JSON.stringify(shifts));
    });

    /**
     * Opens the demo home for a returning visitor while the engine's code is held back until the
     * shopper has seen the trending shelf in the shop's order: the engine starts after the
     * first-paint guard let go. Nothing on screen may move.
     */
    async function startLate({ guardGone = false } = {}) {
      const page = await newPage(browser);
      await viewProducts(page, CAIRNLINE_VIEWS);
      // The guard let go before the page called start() (`sw-off` on <html> from the start).
      if (guardGone) await page.addInitScript(() => document.documentElement.classList.add('sw-off'));
      // What the shopper sees in every frame, and the layout shifts the browser scores (where it
      // has the Layout Instability API: Chromium).
      await page.addInitScript(() => {
        window.frames_ = [];
        const sample = () => {
          const trending = document.querySelector('[data-sw-widget="home-trending"]');
          if (trending) {
            window.frames_.push({
              visible: getComputedStyle(trending).visibility === 'visible',
              order: [...trending.children].filter((c) => c.dataset.swItem && !c.hidden).map((c) => c.dataset.swItem),
            });
          }
          if (window.frames_.length < 2000) requestAnimationFrame(sample);
        };
        requestAnimationFrame(sample);
        window.shifts = [];
        if (PerformanceObserver.supportedEntryTypes.includes('layout-shift')) {
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) if (!e.hadRecentInput) window.shifts.push({ value: e.value, at: e.startTime });
          }).observe({ type: 'layout-shift', buffered: true });
        }
      });
      // Held back until the guard has let go and the shopper has seen the shelf in the shop's order.
      await page.route('**/shelfwise_wasm_bg.wasm', async (route) => {
        await page.waitForFunction(() => (window.frames_ ?? []).some((f) => f.visible && f.order.length > 0));
        // Shifts of the page's own load (the shelves shown while it loads) are not the engine's.
        await page.evaluate(() => (window.engineFrom = performance.now()));
        await route.continue();
      });
      await open(page, `${server.base}/`);
      const shopOrder = originalOrder('home-trending');
      const firstSeen = await page.evaluate(() => window.frames_.find((f) => f.visible).order);
      assert.deepEqual(firstSeen, shopOrder, 'the shopper saw the shelf in the shop\'s order before the engine started');
      const state = () => page.evaluate(() => {
        const el = (sel) => document.querySelector(sel);
        const onScreen = (e) => {
          const r = e.getBoundingClientRect();
          return r.bottom > 0 && r.top < innerHeight;
        };
        return {
          trending: { onScreen: onScreen(el('[data-sw-widget="home-trending"]')), ready: el('[data-sw-widget="home-trending"]').getAttribute('data-sw-ready'), stale: el('[data-sw-widget="home-trending"]').hasAttribute('data-sw-stale') },
          deals: { onScreen: onScreen(el('[data-sw-widget="home-deals"]')), stale: el('[data-sw-widget="home-deals"]').hasAttribute('data-sw-stale'), brands: [...document.querySelectorAll('[data-sw-widget="home-deals"] > [data-sw-item]:not([hidden])')].map((e) => e.dataset.swBrand) },
          hero: { onScreen: onScreen(el('[data-sw-slot="hero"]')), stale: el('[data-sw-slot="hero"]').hasAttribute('data-sw-stale'), shows: [...document.querySelectorAll('[data-sw-slot="hero"] > [data-sw-variant]:not([hidden])')].map((v) => v.dataset.swVariant) },
        };
      });
      const atStart = await state();
      // Layout shifts are reported after the frame that shows them.
      const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await frames();
      const shifted = () => page.evaluate(() => window.shifts.filter((s) => s.at >= window.engineFrom).reduce((sum, s) => sum + s.value, 0));
      assert.equal(await shifted(), 0, 'no layout shift when the engine started');
      assert.equal(atStart.trending.onScreen, true, 'the trending shelf is on screen');
      assert.equal(atStart.hero.onScreen, true, 'the banner is on screen');
      assert.equal(atStart.deals.onScreen, false, 'the deals shelf is below the fold');
      // Below the fold: in the visitor's order as soon as the engine has started.
      assert.equal(atStart.deals.brands[0], 'Cairnline', atStart.deals.brands.join(' '));
      assert.equal(atStart.deals.stale, false);
      // On screen: what the shopper sees stays; the new order and banner wait.
      assert.deepEqual(await order(page, 'home-trending'), shopOrder, 'the shelf on screen did not move');
      assert.deepEqual(atStart.trending, { onScreen: true, ready: 'personalized', stale: true });
      assert.deepEqual(atStart.hero.shows, ['default'], 'the banner on screen did not change');
      assert.equal(atStart.hero.stale, true);
      // Once scrolled out of view, they take the visitor's order and banner.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForFunction(() => !document.querySelector('[data-sw-widget="home-trending"][data-sw-stale], [data-sw-slot="hero"][data-sw-stale]'));
      assert.equal((await brands(page, 'home-trending'))[0], 'Cairnline', (await order(page, 'home-trending')).join(' '));
      assert.deepEqual((await state()).hero.shows, ['campers'], 'the banner for a visitor who viewed outdoor gear');
      await frames();
      assert.equal(await shifted(), 0, 'no layout shift when the shelf and the banner changed off screen');
      assert.deepEqual(engineWarnings(page), []);
      assert.deepEqual(page.errors, []);
    }

    test('an engine that starts after the first-paint guard let go moves nothing the shopper sees: shelves and the banner on screen keep the shop\'s, those below the fold are ordered at once, the rest once scrolled away', async () => {
      // start() is called at once, and the engine's code arrives late (a slow network or CPU).
      await startLate();
    });

    test('a page that calls start() after the first-paint guard let go sees the same: nothing on screen moves', async () => {
      await startLate({ guardGone: true });
    });

    test('a shelf on screen does not move after an event; it reorders once it leaves the viewport', async () => {
      const page = await newPage(browser);
      await open(page, `${server.base}/`);
      const before = await order(page, 'home-trending');
      // The Tempo 3 shoe's companions include the Cushion Run socks, last but one on the shelf.
      assert.ok(before.indexOf('AC-SCK-001') > 6);
      await page.click('[data-sw-widget="home-trending"] button[data-add="SH-RUN-001"]');
      await page.waitForSelector('[data-sw-widget="home-trending"][data-sw-stale]');
      assert.deepEqual(await order(page, 'home-trending'), before, 'nothing moved under the shopper');
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForFunction(() => !document.querySelector('[data-sw-widget="home-trending"]').hasAttribute('data-sw-stale'));
      const after = await order(page, 'home-trending');
      assert.ok(after.indexOf('AC-SCK-001') < 4, after.join(' '));
    });

    test('a shelf inserted later (lazy loading, single-page apps) is ordered once, before it is first painted', async () => {
      const page = await newPage(browser);
      await recordExposures(page);
      await viewProducts(page, CAIRNLINE_VIEWS);
      await open(page, `${server.base}/`);
      const ids = ['AP-JKT-001', 'AC-BTL-001', 'OD-TNT-003', 'SH-SNK-001'];
      const firstFrame = await page.evaluate((ids) => new Promise((resolve) => {
        const shelf = document.createElement('section');
        shelf.setAttribute('data-sw-widget', 'late-shelf');
        for (const id of ids) {
          const p = document.querySelector(`[data-sw-item="${id}"]`).cloneNode(true);
          shelf.append(p);
        }
        window.lateMoves = 0;
        new MutationObserver(() => (window.lateMoves += 1)).observe(shelf, { childList: true });
        document.querySelector('main').prepend(shelf);
        requestAnimationFrame(() => resolve({
          ready: shelf.getAttribute('data-sw-ready'),
          order: [...shelf.children].map((c) => c.dataset.swItem),
        }));
      }), ids);
      assert.equal(firstFrame.ready, 'personalized', 'ordered before its first frame');
      assert.equal(firstFrame.order[0], 'OD-TNT-003', `the Cairnline tent leads: ${firstFrame.order.join(' ')}`);
      // Another event and a few frames later: no second ordering, one exposure.
      await page.evaluate(() => window.shelfwise.track('view_item_list', { item_list_id: 'late-shelf' }));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      assert.deepEqual(await order(page, 'late-shelf'), firstFrame.order);
      assert.equal(await page.evaluate(() => window.lateMoves), 1, 'the shelf was reordered exactly once');
      const exposures = await page.evaluate(() => window.exposures.filter((e) => e.widget === 'late-shelf'));
      assert.deepEqual(exposures, [{ widget: 'late-shelf', personalized: true, on: 'late-shelf' }]);
    });
  });

  describe('a shelf whose items hold form controls', () => {
    const brandOf = (page) => page.$$eval('#live > li', (els) => els.map((e) => e.dataset.swItem));
    const likeZenith = (page) => page.evaluate(() => window.shelfwise.track('view_item', { items: [{ item_id: 'z9', item_brand: 'Zenith' }] }));

    // Element.moveBefore keeps a moved node's focus; where a browser lacks it (WebKit), the
    // engine keeps the item with the focused field in place and moves the others around it.
    const withoutMoveBefore = () => delete Element.prototype.moveBefore;
    for (const [how, init] of [['', null], [' (without Element.moveBefore, as in WebKit)', withoutMoveBefore]]) {
      test(`with reorderWhileVisible, it reorders on screen at once; moved items keep listeners, focus and typed values${how}`, async () => {
        const page = await newPage(browser);
        if (init) await page.addInitScript(init);
        await open(page, `${server.base}/fixtures/live-shelf.html?live`);
        if (init) assert.equal(await page.evaluate(() => 'moveBefore' in Element.prototype), false);
        assert.deepEqual(await brandOf(page), ['a1', 'z1', 'z2']);
        await page.evaluate(() => (document.querySelector('[data-sw-item="a1"]').marker = 'same node'));
        await page.fill('input[name="qty-a1"]', '3');
        await page.focus('input[name="qty-a1"]');
        await page.evaluate(() => {
          window.blurs = 0;
          document.querySelector('input[name="qty-a1"]').addEventListener('blur', () => (window.blurs += 1));
        });
        await likeZenith(page);
        await page.waitForFunction(() => document.querySelector('#live > li').dataset.swItem === 'z1');
        assert.deepEqual(await brandOf(page), ['z1', 'z2', 'a1']);
        const state = await page.evaluate(() => ({
          marker: document.querySelector('[data-sw-item="a1"]').marker,
          focused: document.activeElement?.name,
          blurs: window.blurs,
          value: document.querySelector('input[name="qty-a1"]').value,
        }));
        assert.deepEqual(state, { marker: 'same node', focused: 'qty-a1', blurs: 0, value: '3' });
        await page.keyboard.type('1');
        assert.equal(await page.inputValue('input[name="qty-a1"]'), '31', 'typing goes on in the moved field');
        await page.click('text=Add a1');
        assert.deepEqual(await page.evaluate(() => window.clicks), ['Add a1'], 'its listener still fires');
        assert.deepEqual(page.errors, []);
      });
    }

    test('ranking always starts from the shop\'s order: a forgotten visitor gets it back, a re-sort by the shop is kept', async () => {
      const page = await newPage(browser);
      await open(page, `${server.base}/fixtures/live-shelf.html?live`);
      await likeZenith(page);
      await page.waitForFunction(() => document.querySelector('#live > li').dataset.swItem === 'z1');
      assert.equal((await page.evaluate(async () => (await window.shelfwise.explainWidget('live')).items.find((i) => i.id === 'a1'))).originalPosition, 1);
      await page.evaluate(() => window.shelfwise.forget());
      await page.waitForFunction(() => document.querySelector('#live > li').dataset.swItem === 'a1');
      assert.deepEqual(await brandOf(page), ['a1', 'z1', 'z2'], 'no signal left: the original order');
      // The shop sorts its shelf itself (say, by name, descending): that is the page's order now.
      await page.evaluate(() => {
        const live = document.getElementById('live');
        for (const li of [...live.children].reverse()) live.append(li);
        window.shelfwise.refresh();
      });
      assert.deepEqual(await brandOf(page), ['z2', 'z1', 'a1']);
      await page.evaluate(() => window.shelfwise.track('view_item', { items: [{ item_id: 'a9', item_brand: 'Acme' }] }));
      await page.waitForFunction(() => document.querySelector('#live > li').dataset.swItem === 'a1');
      assert.deepEqual(await brandOf(page), ['a1', 'z2', 'z1'], 'ties keep the order the shop chose');
    });

    test('without it, the shelf waits while on screen and reorders once scrolled away', async () => {
      const page = await newPage(browser);
      await open(page, `${server.base}/fixtures/live-shelf.html`);
      await likeZenith(page);
      await page.waitForSelector('#live[data-sw-stale]');
      assert.deepEqual(await brandOf(page), ['a1', 'z1', 'z2']);
      await page.evaluate(() => window.scrollTo(0, 2000));
      await page.waitForFunction(() => !document.getElementById('live').hasAttribute('data-sw-stale'));
      assert.deepEqual(await brandOf(page), ['z1', 'z2', 'a1']);
    });
  });

  describe('holdout and exposure', () => {
    test('every shelf seen fires shelfwise:exposure and pushes shelfwise_exposure; report() counts exposures, clicks and add-to-carts', async () => {
      const page = await newPage(browser);
      await recordExposures(page);
      await open(page, `${server.base}/`);
      // The shelves start below the hero: none has been seen yet.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      assert.deepEqual(await page.evaluate(() => window.exposures), [], 'nothing exposed before it is seen');
      assert.equal(await page.evaluate(() => window.shelfwise.report().personalized.exposures), 0);
      await scrollThrough(page, HOME_SHELVES);
      const exposures = await page.evaluate(() => window.exposures);
      assert.deepEqual(exposures.map((e) => e.widget).sort(), [...HOME_SHELVES].sort());
      assert.ok(exposures.every((e) => e.personalized === true && e.on === e.widget), JSON.stringify(exposures));
      const pushed = await page.evaluate(() => window.dataLayer.filter((e) => e?.event === 'shelfwise_exposure').map((e) => e.shelfwise));
      assert.deepEqual(pushed.map((s) => s.widget).sort(), [...HOME_SHELVES].sort());
      assert.ok(pushed.every((s) => s.group === 'personalized'));
      const zero = { exposures: 0, clicks: 0, addToCarts: 0 };
      assert.deepEqual(await page.evaluate(() => window.shelfwise.report()), {
        inHoldout: false,
        personalized: { exposures: 3, clicks: 0, addToCarts: 0 },
        holdout: zero,
      });
      // The shopper scrolls each card to the middle of the screen (clear of the sticky header) and clicks.
      const clickCentered = async (selector) => {
        await page.evaluate((sel) => document.querySelector(sel).scrollIntoView({ block: 'center' }), selector);
        await page.click(selector);
      };
      await clickCentered('[data-sw-widget="home-trending"] button[data-add="AC-BTL-001"]');
      assert.equal(await page.evaluate(() => window.shelfwise.report().personalized.addToCarts), 1);
      await clickCentered('[data-sw-widget="home-new"] [data-sw-item="AP-JKT-002"] a');
      await page.waitForURL(/product\.html/);
      await page.waitForFunction(() => window.shelfwise !== undefined);
      // The product page's shelf, once scrolled to, is one more exposure; the click on the card was counted.
      await scrollThrough(page, ['product-related']);
      assert.deepEqual(await page.evaluate(() => window.shelfwise.report()), {
        inHoldout: false,
        personalized: { exposures: 4, clicks: 1, addToCarts: 1 },
        holdout: zero,
      });
    });

    test('a widget is exposed once half of it is in the viewport; one taller than the viewport, once it covers half of the viewport', async () => {
      const page = await newPage(browser, { viewport: { width: 1000, height: 800 } });
      const items = (n) => Array.from({ length: n }, (_, i) => `<li data-sw-item="i${i}" style="height:96px">Item ${i}</li>`).join('');
      // Below the fold: a shelf 300 px high, then a grid 3,000 px high (more than twice the viewport:
      // half of it can never be in view at once).
      const body = `<div style="height:1600px">Hero</div><ul data-sw-widget="shelf" style="height:300px;margin:0;overflow:hidden">${items(3)}</ul>
        <div style="height:1600px">Story</div><ul data-sw-widget="grid" style="height:3000px;margin:0;overflow:hidden">${items(30)}</ul><div style="height:1600px"></div>`;
      const url = await shopPage(page, server.base, 'exposure-rule', { body, head: 'window.exposures = []; document.addEventListener("shelfwise:exposure", (e) => window.exposures.push(e.detail.widget));' });
      await openShop(page, url);
      const exposed = async () => {
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50)))));
        return page.evaluate(() => window.exposures);
      };
      /** Scrolls so that the top of `widget` is `top` px below the top of the viewport. */
      const place = (widget, top) => page.evaluate(([w, top]) => scrollTo(0, scrollY + document.querySelector(`[data-sw-widget="${w}"]`).getBoundingClientRect().top - top), [widget, top]);
      assert.deepEqual(await exposed(), [], 'nothing seen at the top of the page');
      await place('shelf', 800 - 120); // 120 of 300 px in view: 40 %
      assert.deepEqual(await exposed(), [], 'less than half of the shelf was seen');
      await place('shelf', 800 - 180); // 60 %
      await page.waitForFunction(() => window.exposures.includes('shelf'));
      await place('grid', 800 - 240); // the grid covers 30 % of the viewport
      assert.deepEqual(await exposed(), ['shelf'], 'the grid covers less than half of the viewport');
      await place('grid', 800 - 480); // 60 % of the viewport, 16 % of the grid
      await page.waitForFunction(() => window.exposures.includes('grid'));
      await place('shelf', 0);
      await place('grid', 0);
      assert.deepEqual(await exposed(), ['shelf', 'grid'], 'each once');
      assert.equal(await page.evaluate(() => window.sw.report().personalized.exposures), 2);
      assert.deepEqual(engineWarnings(page), []);
    });

    test('a held-out visitor sees the original order everywhere and the default banner, and is tracked the same way', async () => {
      const page = await newPage(browser);
      await demoConfig(page, { holdout: { percent: 100 } });
      await recordExposures(page);
      await viewProducts(page, CAIRNLINE_VIEWS);
      await open(page, `${server.base}/`);
      await scrollThrough(page, HOME_SHELVES);
      for (const id of HOME_SHELVES) {
        assert.deepEqual(await order(page, id), originalOrder(id), id);
        assert.equal(await page.getAttribute(`[data-sw-widget="${id}"]`, 'data-sw-ready'), 'holdout');
      }
      // Tracked as anyone else: segments (two outdoor views make a camper), profile, counters.
      const segments = await page.evaluate(() => window.shelfwise.segments());
      assert.ok(segments.includes('camper'), segments.join(' '));
      assert.equal(await page.$eval('[data-sw-slot=hero] > :not([hidden])', (e) => e.dataset.swVariant), 'default');
      const kept = await page.evaluate(() => JSON.stringify(window.shelfwise.exportData().profile));
      for (const id of CAIRNLINE_VIEWS) assert.ok(kept.includes(id), `${id} is in the profile`);
      const exposures = await page.evaluate(() => window.exposures);
      assert.deepEqual(exposures.map((e) => e.widget).sort(), [...HOME_SHELVES].sort());
      assert.ok(exposures.every((e) => e.personalized === false));
      const pushed = await page.evaluate(() => window.dataLayer.filter((e) => e?.event === 'shelfwise_exposure').map((e) => e.shelfwise.group));
      assert.deepEqual(pushed, ['holdout', 'holdout', 'holdout']);
      await page.click('[data-sw-widget="home-deals"] button[data-add="SH-BOT-002"]');
      const report = await page.evaluate(() => window.shelfwise.report());
      assert.equal(report.inHoldout, true);
      assert.deepEqual(report.personalized, { exposures: 0, clicks: 0, addToCarts: 0 });
      // The home page's three shelves (the product pages' shelves, below the fold, were not seen).
      assert.deepEqual(report.holdout, { exposures: 3, clicks: 0, addToCarts: 1 });
      // A category page keeps the catalog's order too.
      await open(page, `${server.base}/category.html?c=Outdoor`);
      const catalog = products.filter((p) => p.category[0] === 'Outdoor').map((p) => p.id);
      assert.deepEqual(await order(page, 'category-grid'), catalog);
      assert.deepEqual(engineWarnings(page), []);
    });
  });

  describe('the framework page (Preact)', () => {
    test('renders the personalized order on its first and only render, with no warning or error', async () => {
      const page = await newPage(browser);
      await viewProducts(page, CAIRNLINE_VIEWS);
      // The order of the cards when the list first reaches the DOM.
      await page.addInitScript(() => {
        new MutationObserver((_, mo) => {
          const cards = document.querySelectorAll('#picks article');
          if (!cards.length) return;
          window.firstCards = [...cards].map((c) => c.querySelector('button[data-add]').dataset.add);
          mo.disconnect();
        }).observe(document, { childList: true, subtree: true });
      });
      page.messages.length = 0;
      await open(page, `${server.base}/framework.html`);
      await page.waitForFunction(() => window.firstCards && window.pickRenders > 0);
      const seen = await page.evaluate(() => ({
        first: window.firstCards,
        now: [...document.querySelectorAll('#picks article button[data-add]')].map((b) => b.dataset.add),
        renders: window.pickRenders,
        ranked: window.shelfwise.rank('framework-picks', []).personalized,
        marked: document.querySelectorAll('#picks [data-sw-widget], #picks [data-sw-item]').length,
      }));
      assert.equal(seen.renders, 1, 'one render');
      assert.deepEqual(seen.first, seen.now, 'the first render is the final order');
      assert.equal(seen.first.length, 12);
      assert.notDeepEqual(seen.first, products.slice(0, 12).map((p) => p.id), 'not the catalog order');
      const byId = new Map(products.map((p) => [p.id, p]));
      assert.equal(byId.get(seen.first[0]).brand, 'Cairnline', seen.first.join(' '));
      assert.equal(seen.ranked, true);
      assert.equal(seen.marked, 0, 'the framework list is not engine markup');
      const noisy = page.messages.filter((m) => m.startsWith('warning') || m.startsWith('error'));
      assert.deepEqual(noisy, []);
      assert.deepEqual(page.errors, []);
    });
  });

  describe('ranking by id alone', () => {
    test('a bare id takes the facts an event on the page carried; an item given with facts keeps its own; the next page knows nothing of it', async () => {
      const page = await newPage(browser);
      const config = { version: 1, strategy: { rules: [{ rule: 'affinity', by: ['brand'], weight: 10 }] } };
      const url = await shopPage(page, server.base, 'bare-ids', { config });
      await openShop(page, url);
      // The order as rank() gives it, with the reasons explainRank() gives for the same items.
      const rank = (items) =>
        page.evaluate(async (items) => {
          const [ranked, explained] = [window.sw.rank('picks', items), await window.sw.explainRank('picks', items)];
          if (JSON.stringify(ranked.order) !== JSON.stringify(explained.order)) throw new Error(`rank() ${ranked.order} but explainRank() ${explained.order}`);
          return explained;
        }, items);
      // The visitor likes Zenith; the page's list event says which products are Zenith's.
      await page.evaluate(() => {
        window.sw.track('view_item', { items: [{ item_id: 'z-1', item_brand: 'Zenith' }] });
        window.sw.track('view_item_list', { item_list_id: 'picks', items: [{ item_id: 'z-2', item_brand: 'Zenith' }, { item_id: 'a-1', item_brand: 'Acme' }] });
      });
      const bare = await rank(['a-1', 'unknown', 'z-2']);
      assert.deepEqual(bare.order, ['z-2', 'a-1', 'unknown']);
      assert.ok(bare.items[0].reasons.some((r) => r.rule === 'affinity' && r.points > 0), JSON.stringify(bare.items[0]));
      assert.deepEqual(bare.items.find((i) => i.id === 'unknown').reasons, [], 'an id no event carried gets no affinity');
      // `{ id }` alone is a bare id too; an item with any fact is ranked with what it was given.
      assert.deepEqual((await rank([{ id: 'a-1' }, { id: 'z-2', brand: 'Acme' }, { id: 'z-2b', brand: 'Zenith' }])).order, ['z-2b', 'a-1', 'z-2']);
      await page.evaluate(() => window.sw.flush());
      await openShop(page, url);
      assert.deepEqual((await rank(['a-1', 'unknown', 'z-2'])).order, ['a-1', 'unknown', 'z-2'], 'facts are not kept from one page to the next');
      assert.ok((await rank([{ id: 'z-2', brand: 'Zenith' }, 'a-1'])).items[0].score > 0, 'the interest itself is kept');
      assert.deepEqual(engineWarnings(page), []);
    });
  });

  describe('ranking the same items on every render', () => {
    test('items given again are ranked with the facts they have now: a new brand, an array changed in place, a bare id', async () => {
      const page = await newPage(browser);
      const config = { version: 1, strategy: { rules: [{ rule: 'boost', match: { brand: 'Zenith' }, weight: 5 }, { rule: 'boost', match: { tag: 'sale' }, weight: 7 }] } };
      const url = await shopPage(page, server.base, 'rank-again', { config });
      await openShop(page, url);
      const seen = await page.evaluate(() => {
        const items = [{ id: 'a', brand: 'Acme', tags: [] }, { id: 'b', brand: 'Acme', tags: [] }, { id: 'c', brand: 'Zenith', tags: [] }];
        const order = () => window.sw.rank('picks', items).order;
        const out = { first: order(), again: order() };
        // New objects, same facts (a framework re-rendering): the same order.
        out.copies = window.sw.rank('picks', items.map((i) => ({ ...i, tags: [...i.tags] }))).order;
        items[0] = { id: 'a', brand: 'Zenith', tags: [] };
        out.newBrand = order();
        items[1].tags.push('sale');
        out.inPlace = order();
        window.sw.track('view_item_list', { item_list_id: 'picks', items: [{ item_id: 'd', item_brand: 'Zenith' }] });
        out.bare = window.sw.rank('picks', [{ id: 'b' }, { id: 'd' }]).order;
        return out;
      });
      // docs/config.md: boost adds its weight to matching items; ties keep the order given.
      assert.deepEqual(seen.first, ['c', 'a', 'b']);
      assert.deepEqual(seen.again, ['c', 'a', 'b']);
      assert.deepEqual(seen.copies, ['c', 'a', 'b']);
      assert.deepEqual(seen.newBrand, ['a', 'c', 'b']);
      assert.deepEqual(seen.inPlace, ['b', 'a', 'c'], 'b on sale (7) before the Zenith items (5)');
      // docs/api.md, bare ids: `{ id }` alone takes the facts an event on the page carried.
      assert.deepEqual(seen.bare, ['d', 'b']);
      assert.deepEqual(engineWarnings(page), []);
    });
  });

  describe('shelves rendered by hand, observed', () => {
    test('the ranking event names a shelf on screen once it leaves the viewport, at once with "reorderWhileVisible" or once no longer observed', async () => {
      const page = await newPage(browser);
      const config = {
        version: 1,
        strategy: { rules: [{ rule: 'affinity', by: ['brand'], weight: 10 }] },
        widgets: { live: { reorderWhileVisible: true } },
      };
      const body = '<ul id="still"></ul><ul id="live"></ul><div style="height:3000px"></div>';
      const afterStart = `window.named = [];
        window.sw.on('ranking', ({ widgets }) => window.named.push(widgets.join(' ')));
        window.sw.rank('still', ['a']);
        window.sw.rank('live', ['a']);
        window.unobserve = window.sw.observe(document.getElementById('still'), 'still');
        window.sw.observe(document.getElementById('live'), 'live');
        window.sw.observe('not an element', 'x');`;
      const url = await shopPage(page, server.base, 'observed', { config, body, afterStart });
      await openShop(page, url);
      let views = 0;
      /** The names in `ranking` events after a view of a new item (each product view counts once per page). */
      const named = async () => {
        views += 1;
        await page.evaluate((id) => {
          window.named = [];
          window.sw.track('view_item', { items: [{ item_id: id, item_brand: 'Zenith' }] });
        }, `z-${views}`);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        return page.evaluate(() => window.named);
      };
      assert.deepEqual(await named(), ['live'], 'the shelf on screen that may move is named; the other waits');
      await page.evaluate(() => scrollTo(0, 2000));
      await page.waitForFunction(() => window.named.includes('still'));
      assert.deepEqual(await named(), ['still live'], 'off screen: both at once');
      await page.evaluate(() => scrollTo(0, 0));
      await page.evaluate(() => window.unobserve());
      assert.deepEqual(await named(), ['still live'], 'no longer observed: named at once');
      assert.deepEqual(engineWarnings(page), ['warning: [shelfwise] observe() takes an element and a widget id; nothing is observed']);
    });
  });

  describe('the debug overlay', () => {
    test('?sw-debug shows segments, affinities and each item\'s score and reasons', async () => {
      const page = await newPage(browser);
      await viewProducts(page, CAIRNLINE_VIEWS);
      await open(page, `${server.base}/?sw-debug`);
      // Each widget's reasons fill in once the explaining part of the engine has loaded.
      await page.waitForFunction(() => {
        const text = document.getElementById('shelfwise-debug')?.shadowRoot?.textContent ?? '';
        return text.includes('home-deals') && !text.includes('explaining…');
      });
      const text = await page.evaluate(() => document.getElementById('shelfwise-debug').shadowRoot.textContent);
      assert.match(text, /Segments/);
      assert.match(text, /Camper \(camper\)/);
      assert.match(text, /brand: Cairnline/);
      assert.match(text, /affinity \+\d/);
      assert.match(text, /pin: pinned at position 1/);
      assert.equal(await page.$('#shelfwise-debug [data-sw-widget]'), null);
    });

    test('showDebug(sw) draws on any page, in a shadow root, never reading engine strings as HTML', async () => {
      const page = await newPage(browser);
      await open(page, `${server.base}/fixtures/live-shelf.html`);
      assert.equal(await page.$('#shelfwise-debug'), null, 'nothing without ?sw-debug or a call');
      await page.evaluate(() => {
        const li = document.createElement('li');
        li.dataset.swItem = '<img src=x onerror=alert(1)>';
        document.getElementById('live').append(li);
      });
      await page.evaluate(async () => (await import('/pkg/debug.js')).showDebug(window.shelfwise));
      // Each widget's reasons fill in once the explaining part of the engine has loaded.
      await page.waitForFunction(() => document.getElementById('shelfwise-debug').shadowRoot.querySelector('li'));
      const overlay = await page.evaluate(() => {
        const shadow = document.getElementById('shelfwise-debug').shadowRoot;
        return {
          text: shadow.textContent,
          images: shadow.querySelectorAll('img').length,
          // The page styles `li { height: 40px }`; the panel's list items are its own.
          liHeight: getComputedStyle(shadow.querySelector('li')).height,
        };
      });
      assert.match(overlay.text, /live · personalized/);
      assert.match(overlay.text, /<img src=x onerror=alert\(1\)>/);
      assert.equal(overlay.images, 0);
      assert.notEqual(overlay.liHeight, '40px');
      await page.evaluate(async () => (await import('/pkg/debug.js')).hideDebug());
      assert.equal(await page.$('#shelfwise-debug'), null);
    });
  });
});
