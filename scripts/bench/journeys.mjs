// Shoppers' journeys on the storefront test page (tests/e2e/fixtures/storefront/, served at
// /fixtures/): how many returning visitors whose consent banner re-applies their earlier "accept"
// 0, 200, 500 and 1,000 ms after the start of the load see their shelf personalized the first
// time it shows; and the layout shift of a content slot choosing its variant, with the
// first-paint snippet's style as the docs have it now and as it was before slots kept their
// tallest variant's place.
import os from 'node:os';

/** When the consent platform re-applies the earlier choice, in ms after the start of the load. */
export const BANNER_DELAYS = [0, 200, 500, 1000];

// The storefront's own config, requiring consent (its Consent Mode default asks tags to wait
// 500 ms for the update); widgets on screen do not move after the first paint.
const CONFIG = {
  version: 1,
  segments: [{ id: 'runner', name: 'Runner', if: { 'affinity.top.category': 'Shoes/Running' } }],
  storage: { consent: 'required' },
  strategy: { rules: [{ rule: 'affinity', by: ['brand'], weight: 10 }] },
  content: { 'collection-promo': { variants: [{ show: 'runners', segments: ['runner'] }], default: 'default' } },
};
const PREVIOUS_STYLE = '<style>[data-sw-widget]:not([data-sw-ready]),[data-sw-slot]:not([data-sw-ready]){visibility:hidden}html.sw-off [data-sw-widget],html.sw-off [data-sw-slot]{visibility:visible}</style>';
/** The collection grid in the theme's order. */
const SHOP_ORDER = ['NP-RUN-1', 'NP-RUN-2', 'NP-TRL-1', 'NP-RUN-3'];

const url = (base, params) => `${base}/fixtures/storefront/collection.html?${new URLSearchParams(params)}`;

/** A browser context's storage after an earlier visit: consent given, `items` viewed. */
async function earlierVisit(browser, base, params, items) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url(base, params));
    await page.waitForFunction(() => window.storefront?.ready === true, null, { timeout: 30_000 });
    if (await page.isVisible('#consent-accept')) await page.click('#consent-accept');
    await page.waitForFunction(() => window.sw.storage() === 'local', null, { timeout: 10_000 });
    await page.evaluate((list) => {
      window.sw.track('view_item', { items: list });
      window.sw.flush();
    }, items);
    await page.waitForFunction(() => localStorage.getItem('shelfwise:profile') !== null);
    return await context.storageState();
  } finally {
    await context.close();
  }
}

/** One load by the returning visitor: the grid's order when first seen, and its order once all is settled. */
async function consentLoad(browser, base, storageState, delay) {
  const context = await browser.newContext({ storageState, viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url(base, { consent: 'required', cmp: delay, config: JSON.stringify(CONFIG) }));
    await page.waitForFunction(() => window.storefront?.ready === true && window.storefront.firstSeen !== undefined && window.cmp?.answeredAt !== undefined, null, { timeout: 30_000 });
    await page.waitForTimeout(300);
    const r = await page.evaluate((shop) => {
      // What the visitor is shown once storage is read: the engine's ranking of the shop's order.
      const items = shop.map((id) => ({ id, brand: document.querySelector(`[data-sw-item="${id}"]`).dataset.swBrand }));
      const s = window.storefront;
      return { seen: s.firstSeen, startCalledAt: s.startCalledAt, answeredAt: window.cmp.answeredAt, storage: window.sw.storage(), want: window.sw.rank('collection-grid', items).order };
    }, SHOP_ORDER);
    if (errors.length) throw new Error(`storefront: ${errors.join('; ')}`);
    const personalized = r.want.join() !== SHOP_ORDER.join() && r.seen.order.join() === r.want.join();
    return { delay, seenAt: r.seen.at, startCalledAt: r.startCalledAt, answeredAt: r.answeredAt, storage: r.storage, personalizedOnScreen: personalized };
  } finally {
    await context.close();
  }
}

/** One load by a returning runner; the layout shift it recorded, with `style` the first-paint style. */
async function slotLoad(browser, base, storageState, previous) {
  const context = await browser.newContext({ storageState, viewport: { width: 1280, height: 800 } });
  try {
    if (previous) {
      await context.route(/collection\.html/, async (route) => {
        const res = await route.fetch();
        const html = (await res.text()).replace(/<style>\[data-sw-widget\][^\n]*<\/style>/, PREVIOUS_STYLE);
        await route.fulfill({ response: res, body: html });
      });
    }
    const page = await context.newPage();
    await page.goto(url(base, {}));
    await page.waitForFunction(() => document.querySelector('[data-sw-slot][data-sw-ready]') !== null, null, { timeout: 30_000 });
    await page.waitForTimeout(500);
    return page.evaluate(() => {
      const list = (window.storefront.shifts ?? []).filter((s) => !s.recentInput);
      const variant = document.querySelector('[data-sw-slot] > [data-sw-variant]:not([hidden])')?.dataset.swVariant;
      return { variant, shift: list.reduce((sum, s) => sum + s.value, 0), moved: Math.max(0, ...list.flatMap((s) => s.moved.map((m) => Math.abs(m.dy)))) };
    });
  } finally {
    await context.close();
  }
}

/** Runs both measurements, `loads` loads per cell; `log` reports progress. */
export async function journeys(browser, base, { loads = 10, log = () => {} } = {}) {
  const loadBefore = os.loadavg()[0];
  const ridgeback = [
    { item_id: 'NP-TRL-1', item_brand: 'Ridgeback', item_category: 'Shoes', item_category2: 'Trail' },
    { item_id: 'NP-TRL-2', item_brand: 'Ridgeback', item_category: 'Shoes', item_category2: 'Trail' },
  ];
  const accepted = await earlierVisit(browser, base, { consent: 'required', config: JSON.stringify(CONFIG) }, ridgeback);
  const consent = [];
  for (const delay of BANNER_DELAYS) {
    log(`journeys: the banner answers ${delay} ms after the start of the load (${loads} loads)`);
    for (let i = 0; i < loads; i++) consent.push(await consentLoad(browser, base, accepted, delay));
  }
  const running = [1, 2, 3].map((i) => ({ item_id: `NP-RUN-${i}`, item_category: 'Shoes', item_category2: 'Running' }));
  const runner = await earlierVisit(browser, base, {}, running);
  const slots = [];
  for (const previous of [false, true]) {
    log(`journeys: a content slot's variant, first-paint style ${previous ? 'before' : 'now'} (${loads} loads)`);
    for (let i = 0; i < loads; i++) slots.push({ previous, ...(await slotLoad(browser, base, runner, previous)) });
  }
  return { consent, slots, wait: 500, bound: 1000, load: [loadBefore, os.loadavg()[0]] };
}
