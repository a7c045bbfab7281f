// What the React and Vue entries share: recognizing an engine, following its events, and laying
// out the caller's items in the ranked order.

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

const stores = new WeakMap();

/**
 * One engine's events as a store: `version(widgetId)` grows when the ranking of that widget may
 * have changed (and may be shown now), `segments()` is the visitor's current segments.
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
  store = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    version: (widgetId) => versions.get(String(widgetId)) ?? 0,
    segments: () => segments,
  };
  stores.set(sw, store);
  return store;
}
