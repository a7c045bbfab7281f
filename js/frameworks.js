// What the React and Vue entries share: recognizing an engine, following its events, laying out
// the caller's items in the ranked order, and keeping a shelf on screen still as items arrive.

/** `value` when it is an engine (what `start()` resolves to), else null. */
export function engineOf(value) {
  return value !== null && typeof value === 'object' && typeof value.rank === 'function' && typeof value.on === 'function' ? value : null;
}

const isObject = (i) => i !== null && typeof i === 'object';
const idOf = (i) => String(isObject(i) ? i.id : i);

/** A text that changes when the ids or facts of `items` change (what ranking reads of them). */
export function factsKey(items) {
  try {
    return JSON.stringify(items.map((i) => (isObject(i) ? [i.id, i.category, i.brand, i.price, i.tags, i.related] : i)));
  } catch {
    return items.map(idOf).join('\n');
  }
}

/** The caller's `items` in the order of `ranking` (their own order without one); hidden items are left out. */
export function arranged(items, ranking) {
  if (!ranking || !Array.isArray(ranking.order)) return items;
  const byId = new Map();
  for (const i of items) {
    const id = idOf(i);
    if (byId.has(id)) byId.get(id).push(i);
    else byId.set(id, [i]);
  }
  const out = [];
  for (const id of ranking.order) {
    const item = byId.get(id)?.shift();
    if (item !== undefined) out.push(item);
  }
  return out;
}

/** Whether any part of `el` is in the viewport (the engine's own test for a shelf on screen). */
export function onScreen(el) {
  if (!el || typeof el.getBoundingClientRect !== 'function' || typeof innerHeight !== 'number') return false;
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.bottom > 0 && r.top < innerHeight;
}

/** How many times each id is among `ids`. */
function counts(ids) {
  const n = new Map();
  for (const id of ids) n.set(id, (n.get(id) ?? 0) + 1);
  return n;
}

/**
 * `ranking` of a shelf's `items` as a shelf on screen shows it when its items changed ("load
 * more", infinite scroll) but its widget was not ranked anew: `before` is what it showed
 * (`{ items, order }`: the ids it had and the ids it showed, in order). The items it showed keep
 * their order (those gone leave); the ones that arrived come after them, best first among
 * themselves as `ranking` orders them (those it hides stay out, as do the hidden ones before).
 */
export function kept(before, items, ranking) {
  if (!ranking || !Array.isArray(ranking.order)) return ranking;
  const now = counts(items.map(idOf));
  const had = counts(before.items);
  const order = [];
  const take = (left, id) => {
    const n = left.get(id) ?? 0;
    if (n > 0) {
      left.set(id, n - 1);
      order.push(id);
    }
  };
  const present = new Map(now);
  for (const id of before.order) take(present, id);
  const arrived = new Map([...now].map(([id, n]) => [id, n - (had.get(id) ?? 0)]));
  for (const id of ranking.order) take(arrived, id);
  return { ...ranking, order };
}

/** What a shelf shows, for `kept()`: the ids of its `items` and the ids of `ranking`'s order. */
export function shownBy(items, ranking) {
  return { items: items.map(idOf), order: Array.isArray(ranking?.order) ? ranking.order.map(String) : items.map(idOf) };
}

// Shelves `veil()` made invisible (their own inline visibility, if any, is not ours to clear).
const veiled = new WeakSet();

/**
 * Keeps `el` invisible while `hidden`, its space kept (as the first-paint snippet keeps a marked
 * widget), so that a shelf waiting for its order moves nothing on the page when it shows.
 */
export function veil(el, hidden) {
  if (!el?.style) return;
  if (hidden && !veiled.has(el)) {
    veiled.add(el);
    el.style.visibility = 'hidden';
  } else if (!hidden && veiled.delete(el)) {
    el.style.visibility = '';
  }
}

const stores = new WeakMap();

/**
 * One engine's events as a store: `version(widgetId)` grows when the ranking of that widget may
 * have changed (and may be shown now), `segments()` is the visitor's current segments, and
 * `waiting()` says whether the engine holds the page's widgets back for the visitor's decision on
 * storage (`<html class="sw-wait">`, which it takes off when the decision comes, at
 * `storage.maxWaitForConsentMs` at the latest, or when it stops).
 */
export function storeOf(sw) {
  let store = stores.get(sw);
  if (store) return store;
  const versions = new Map();
  const listeners = new Set();
  let segments = [];
  try {
    segments = sw.segments();
  } catch {
    // an engine that cannot say has none
  }
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  sw.on('ranking', ({ widgets }) => {
    for (const w of widgets) versions.set(w, (versions.get(w) ?? 0) + 1);
    notify();
  });
  sw.on('segments', (change) => {
    segments = change.segments;
    notify();
  });
  const html = typeof document === 'object' ? document.documentElement : null;
  const waiting = () => !!(sw.running && html?.classList.contains('sw-wait'));
  // An engine waits once, from its start: what follows the store needs to know when that ends.
  if (waiting()) {
    const mo = new MutationObserver(() => {
      if (waiting()) return;
      mo.disconnect();
      notify();
    });
    mo.observe(html, { attributes: true, attributeFilter: ['class'] });
  }
  store = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    version: (widgetId) => versions.get(String(widgetId)) ?? 0,
    segments: () => segments,
    waiting,
  };
  stores.set(sw, store);
  return store;
}
