// Deterministic inputs of the benchmarks, shared by the browser page (served at /bench-lib/),
// the Node runner and (as JSON files) the native criterion benchmarks: a generated catalog,
// a config of 50 segments over 30 features, the attributes a shop supplies, and realistic
// GA4 event streams. No imports: it runs unchanged in Node and in the browser.

/** A small seeded PRNG (mulberry32): the same seed gives the same numbers everywhere. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (list) => list[Math.floor(next() * list.length)];
  next.chance = (p) => next() < p;
  return next;
}

const CATEGORIES = [
  ['Shoes', ['Running', 'Trail', 'Sneakers', 'Boots', 'Sandals']],
  ['Apparel', ['Jackets', 'Tees', 'Fleece', 'Pants', 'Shorts']],
  ['Outdoor', ['Backpacks', 'Tents', 'Sleep', 'Cooking', 'Climbing']],
  ['Accessories', ['Socks', 'Bottles', 'Headlamps', 'Hats', 'Gloves']],
  ['Kids', ['Shoes', 'Apparel', 'Outdoor']],
];
const BRANDS = [
  'Northpeak', 'Stridewell', 'Kestrel', 'Cairnline', 'Bluefjord', 'Mossback', 'Ember & Ash', 'Little Summit',
  'Ridgeway', 'Altura', 'Fennec', 'Granite Co', 'Larkspur', 'Tidewater', 'Summit Kids', 'Vantage',
];
const TAGS = [
  'waterproof', 'breathable', 'cushioned', 'lightweight', 'ultralight', 'insulated', 'packable', 'reflective',
  'merino', 'vegan', 'organic', 'recycled', 'rechargeable', 'family', 'racing', 'kids', 'warm', 'windproof',
  'durable', 'grippy', 'freestanding', 'quick-dry', 'stretch', 'wide-fit',
];

/** A catalog of `n` products: `{ id, category: [top, sub], brand, price, tags, related }`. */
export function catalog(n = 5000, seed = 7) {
  const r = rng(seed);
  const items = [];
  for (let i = 0; i < n; i++) {
    const [top, subs] = CATEGORIES[i % CATEGORIES.length];
    const sub = subs[Math.floor(i / CATEGORIES.length) % subs.length];
    const code = `${top.slice(0, 2).toUpperCase()}-${sub.slice(0, 3).toUpperCase()}-${String(i + 1).padStart(4, '0')}`;
    const tags = [];
    for (let k = 1 + r.int(3); k > 0; k--) {
      const t = r.pick(TAGS);
      if (!tags.includes(t)) tags.push(t);
    }
    const base = { Shoes: 110, Apparel: 80, Outdoor: 180, Accessories: 25, Kids: 40 }[top];
    items.push({ id: code, category: [top, sub], brand: r.pick(BRANDS), price: Math.round(base * (0.3 + r() * 2.2) * 100) / 100, tags, related: [] });
  }
  for (const it of items) {
    for (let k = r.int(4); k > 0; k--) {
      const other = r.pick(items).id;
      if (other !== it.id && !it.related.includes(other)) it.related.push(other);
    }
  }
  return items;
}

/** A product as a GA4 event item. */
export function gaItem(p, quantity = 1) {
  return {
    item_id: p.id,
    item_brand: p.brand,
    item_category: p.category[0],
    item_category2: p.category[1],
    price: p.price,
    quantity,
    item_tags: p.tags,
  };
}

/** A product as `sw.rank` takes it. */
export function rankItem(p) {
  return { id: p.id, category: p.category.join('/'), brand: p.brand, price: p.price, tags: p.tags, related: p.related };
}

/** The 30 features of the benchmark config. */
export const FEATURES = {
  shoeViews30d: { events: 'view_item', where: { category: 'Shoes' }, window: '30d' },
  runningViews30d: { events: 'view_item', where: { category: 'Running' }, window: '30d' },
  trailViews30d: { events: 'view_item', where: { category: 'Trail' }, window: '30d' },
  outdoorViews30d: { events: 'view_item', where: { category: 'Outdoor' }, window: '30d' },
  tentViews90d: { events: 'view_item', where: { category: 'Outdoor/Tents' }, window: '90d' },
  kidsViews90d: { events: ['view_item', 'select_item'], where: { category: 'Kids' }, window: '90d' },
  apparelViews7d: { events: 'view_item', where: { category: 'Apparel' }, window: '7d' },
  accessoryViews30d: { events: 'view_item', where: { category: 'Accessories' }, window: '30d' },
  sessionViews: { events: 'view_item', window: 'session' },
  viewsToday: { events: 'view_item', window: '1d' },
  views24h: { events: 'view_item', window: '24h' },
  cartAdds7d: { events: 'add_to_cart', window: '7d' },
  cartAddsSession: { events: 'add_to_cart', window: 'session' },
  cartRemoves30d: { events: 'remove_from_cart', window: '30d' },
  wishlist30d: { events: 'add_to_wishlist', window: '30d' },
  checkouts30d: { events: 'begin_checkout', window: '30d' },
  orders90d: { events: 'purchase', window: '90d' },
  spend90d: { events: 'purchase', sum: 'value', window: '90d' },
  spend30d: { events: 'purchase', sum: 'value', window: '30d' },
  spendAll: { events: 'purchase', sum: 'value', window: 'all' },
  unitsBought90d: { events: 'purchase', sum: 'quantity', window: '90d' },
  premiumViews30d: { events: 'view_item', where: { price: { min: 200 } }, window: '30d' },
  budgetViews30d: { events: 'view_item', where: { price: { max: 30 } }, window: '30d' },
  stridewellViews30d: { events: 'view_item', where: { brand: 'Stridewell' }, window: '30d' },
  kestrelCarts30d: { events: 'add_to_cart', where: { brand: 'Kestrel' }, window: '30d' },
  waterproofViews30d: { events: 'view_item', where: { tag: 'waterproof' }, window: '30d' },
  ultralightViews90d: { events: ['view_item', 'add_to_cart'], where: { tag: ['ultralight', 'packable'] }, window: '90d' },
  searches7d: { events: 'search', window: '7d' },
  clicks7d: { events: 'select_item', window: '7d' },
  events1d: { window: '1d' },
};

/**
 * The 50 segments of the benchmark config: features, affinities, cart, orders, visit,
 * session, device, time, campaign, history and shop-supplied attributes, with $and/$or/$nor/
 * $not/$in/$regex/$elemMatch/$size/$all/$inGroup/$vgte/$type/$exists. A segment refers only
 * to segments listed before it, so config order is evaluation order.
 */
export const SEGMENTS = [
  ['shoe-lover', { 'features.shoeViews30d': { $gte: 3 } }],
  ['runner', { $or: [{ 'features.runningViews30d': { $gte: 2 } }, { 'affinity.top.category': 'Shoes/Running' }] }],
  ['trail-runner', { 'features.trailViews30d': { $gte: 2 }, segments: 'runner' }],
  ['camper', { $or: [{ 'features.outdoorViews30d': { $gte: 2 } }, { 'features.tentViews90d': { $gte: 1 } }] }],
  ['returning', { 'visit.returning': true }],
  ['frequent', { 'visit.sessions30d': { $gte: 4 } }],
  ['lapsed', { 'visit.daysSinceLast': { $gt: 21 } }],
  ['new-visitor', { 'visit.count': 1 }],
  ['bargain-hunter', { 'affinity.top.priceBand': { $in: ['0-25', '25-50'] } }],
  ['premium', { $or: [{ 'affinity.top.priceBand': '250+' }, { 'features.premiumViews30d': { $gte: 3 } }] }],
  ['big-spender', { 'features.spend90d': { $gte: 300 } }],
  ['vip', { 'attrs.customerId': { $inGroup: 'vip' } }],
  ['staff', { 'attrs.email': { $regex: '@trailhead-outfitters\\.example$' } }],
  ['gold-member', { 'attrs.loyalty': { $in: ['gold', 'platinum'] } }],
  ['young-adult', { 'attrs.age': { $gte: 18, $lt: 30 } }],
  ['parent', { $or: [{ 'attrs.kids': { $size: { $gt: 0 } } }, { 'features.kidsViews90d': { $gte: 2 } }] }],
  ['parent-young-kids', { 'attrs.kids': { $elemMatch: { age: { $lt: 8 } } } }],
  ['newsletter', { 'attrs.newsletter': true }],
  ['app-user', { 'attrs.appVersion': { $vgte: '4.0.0' } }],
  ['dach', { 'attrs.country': { $in: ['DE', 'AT', 'CH'] } }],
  ['cart-abandoner', { 'cart.value': { $gt: 0 }, 'features.checkouts30d': { $lt: 1 }, 'visit.returning': true }],
  ['full-cart', { 'cart.value': { $gte: 100 } }],
  ['gear-up-runner', { segments: 'runner', 'cart.value': { $gte: 100 } }],
  ['cart-has-shoes', { 'cart.categories': { $elemMatch: { $regex: '^Shoes' } } }],
  ['cart-brand-mix', { 'cart.brands': { $size: { $gte: 2 } } }],
  ['one-time-buyer', { 'orders.count': 1 }],
  ['repeat-buyer', { 'orders.count': { $gte: 2 } }],
  ['high-aov', { 'orders.averageValue': { $gt: 150 } }],
  ['recent-buyer', { 'orders.daysSinceLast': { $lte: 14 } }],
  ['winback', { 'orders.count': { $gte: 1 }, 'orders.daysSinceLast': { $gt: 60 } }],
  ['mobile-shopper', { 'device.type': 'mobile' }],
  ['desktop-evening', { 'device.type': 'desktop', 'time.hour': { $gte: 18 } }],
  ['weekend-browser', { 'time.weekend': true }],
  ['from-search', { 'session.source': 'search' }],
  ['from-newsletter', { 'utm.medium': 'email' }],
  ['campaign-autumn', { 'utm.campaign': { $regex: '^autumn' } }],
  ['deep-session', { 'session.pageViews': { $gte: 8 } }],
  ['wishlister', { 'features.wishlist30d': { $gte: 2 } }],
  ['stridewell-fan', { 'affinity.top.brand': 'Stridewell' }],
  ['kestrel-curious', { 'affinity.brand.Kestrel': { $gt: 5 } }],
  ['waterproof-seeker', { $or: [{ 'affinity.tag.waterproof': { $gt: 3 } }, { 'features.waterproofViews30d': { $gte: 2 } }] }],
  ['ultralight-hiker', { $and: [{ 'features.ultralightViews90d': { $gte: 2 } }, { $or: [{ segments: 'camper' }, { 'affinity.category.Outdoor': { $gt: 5 } }] }] }],
  ['seen-flagship', { 'history.viewed': { $in: ['SH-RUN-0001', 'SH-TRA-0006', 'OU-TEN-0008'] } }],
  ['bought-tent', { 'history.purchased': { $elemMatch: { $regex: '^OU-TEN' } } }],
  ['searcher', { 'features.searches7d': { $gte: 2 } }],
  ['no-purchase-yet', { $nor: [{ 'orders.count': { $gt: 0 } }], 'visit.count': { $gte: 3 } }],
  ['not-bargain', { $not: { segments: 'bargain-hunter' }, 'orders.count': { $gte: 1 } }],
  ['has-prefs', { 'prefs.price': { $exists: true } }],
  ['explorer', { 'affinity.category': { $type: 'object' }, 'activity.category.Shoes.views': { $gte: 5 }, 'activity.category.Outdoor.views': { $gte: 5 } }],
  ['loyal-runner', { segments: { $all: ['runner', 'returning'] }, 'attrs.loyalty': { $ne: 'none' } }],
];

/** The group `$inGroup: "vip"` reads (customer ids the shop supplies). */
export const GROUPS = { vip: Array.from({ length: 40 }, (_, i) => `C-${1000 + i * 7}`) };

/** The 6-rule strategy ranked in the ranking benchmark. */
export const RANK_RULES = [
  { rule: 'preferences', weight: 20 },
  { rule: 'affinity', weight: 10 },
  { rule: 'related', to: 'both', weight: 8 },
  { rule: 'recentlyViewed', action: 'bury', weight: 3 },
  { rule: 'purchased', action: 'bury', weight: 12 },
  { rule: 'boost', match: { price: { max: 50 } }, weight: 6, segments: ['bargain-hunter'] },
];

/**
 * The benchmark config: 30 features, `segments` (default all 50), widget `bench-rank` with the
 * 6-rule strategy (5 when the segment its boost targets is left out). Storage needs consent that is never given, so benchmarks keep nothing.
 */
export function benchConfig(segments = SEGMENTS) {
  return {
    version: 1,
    storage: { consent: 'required', retentionDays: 90 },
    affinity: { halfLifeDays: 30 },
    groups: GROUPS,
    features: FEATURES,
    segments: segments.map(([id, cond], i) => ({ id, name: id.replace(/-/g, ' '), if: cond, priority: 50 - i })),
    strategy: { rules: [{ rule: 'affinity', weight: 10 }, { rule: 'purchased', action: 'bury', weight: 12 }] },
    // A rule targeted at a segment the config lacks would be a config error.
    // `bench-plain` has no rule: ranking with it costs only getting the items in and the order out.
    widgets: {
      'bench-rank': { rules: RANK_RULES.filter((r) => (r.segments ?? []).every((id) => segments.some(([s]) => s === id))) },
      'bench-plain': { rules: [] },
    },
  };
}

/** What a shop supplies about a signed-in customer (`sw.setAttributes`). */
export const SHOP_ATTRIBUTES = {
  customerId: 'C-1007',
  loyalty: 'gold',
  ageBand: '35-44',
  age: 38,
  country: 'DE',
  newsletter: true,
  email: 'jana.k@example.com',
  appVersion: '4.12.1',
  signupDays: 412,
  interests: ['running', 'camping'],
  kids: [{ age: 7 }, { age: 4 }],
};

/** The shopper's stated preferences (`sw.setPreferences`). */
export const PREFERENCES = { categories: ['Shoes/Running'], tags: ['waterproof'], price: { max: 150 } };

const DAY = 86_400_000;

/**
 * A realistic stream of `count` GA4 events `{ name, params, t }` over `days` days ending at
 * offset 0 (t is ms relative to the end, so ≤ 0): sessions of page views, lists, product
 * views (each product viewed at most once per page load, or at most once in all with
 * `uniqueViews`, as one long-lived page counts it), clicks, cart changes, wishlists,
 * searches, checkouts and purchases. `session` on each event numbers its page load.
 */
export function events(products, { count, days, seed = 11, sessionEvents = 25, uniqueViews = false }) {
  const r = rng(seed);
  const out = [];
  const sessions = Math.max(1, Math.round(count / sessionEvents));
  const span = days * DAY;
  let cart = [];
  let orders = 0;
  const shared = uniqueViews ? new Set() : null;
  // A visitor with interests: most views fall in a few categories and brands.
  const favourite = products.filter((p) => p.category[0] === 'Shoes' || p.category[1] === 'Tents' || p.brand === 'Stridewell');
  for (let s = 0; s < sessions && out.length < count; s++) {
    let t = -span + Math.floor((s / sessions) * span) + r.int(3_600_000);
    const seen = shared ?? new Set();
    const n = Math.min(count - out.length, s === sessions - 1 ? count - out.length : Math.max(3, Math.round(sessionEvents * (0.5 + r()))));
    for (let k = 0; k < n; k++) {
      t += 5_000 + r.int(60_000);
      const at = Math.min(t, -1);
      const roll = r();
      let p = r.chance(0.6) ? r.pick(favourite) : r.pick(products);
      for (let tries = 0; seen.has(p.id) && tries < 20; tries++) p = r.chance(0.6) ? r.pick(favourite) : r.pick(products);
      for (let tries = 0; seen.has(p.id) && tries < 500; tries++) p = r.pick(products);
      let e;
      if (roll < 0.1) e = { name: 'page_view', params: {} };
      else if (roll < 0.18) e = { name: 'view_item_list', params: { item_list_id: 'home-trending', items: [gaItem(p)] } };
      else if (roll < 0.58) {
        seen.add(p.id);
        e = { name: 'view_item', params: { currency: 'EUR', value: p.price, items: [gaItem(p)] } };
      } else if (roll < 0.7) e = { name: 'select_item', params: { item_list_id: 'home-trending', items: [gaItem(p)] } };
      else if (roll < 0.8) {
        cart.push(p);
        e = { name: 'add_to_cart', params: { currency: 'EUR', value: p.price, items: [gaItem(p)] } };
      } else if (roll < 0.83 && cart.length) {
        const gone = cart.shift();
        e = { name: 'remove_from_cart', params: { currency: 'EUR', value: gone.price, items: [gaItem(gone)] } };
      } else if (roll < 0.87) e = { name: 'add_to_wishlist', params: { currency: 'EUR', value: p.price, items: [gaItem(p)] } };
      else if (roll < 0.93) e = { name: 'search', params: { search_term: r.pick(['trail shoes', 'tent', 'rain jacket', 'merino socks', 'headlamp', 'kids boots']) } };
      else if (roll < 0.97 || !cart.length) {
        const lines = cart.length ? cart : [p];
        e = { name: 'begin_checkout', params: { currency: 'EUR', value: total(lines), items: lines.map((x) => gaItem(x)) } };
      } else {
        orders += 1;
        e = { name: 'purchase', params: { currency: 'EUR', transaction_id: `T-${seed}-${orders}`, value: total(cart), items: cart.map((x) => gaItem(x)) } };
        cart = [];
      }
      out.push({ ...e, t: at, session: s });
    }
  }
  return out;
}

function total(lines) {
  return Math.round(lines.reduce((sum, p) => sum + p.price, 0) * 100) / 100;
}
