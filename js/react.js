// Shelfwise for React: a provider that holds the page's one engine, and hooks that render a shelf
// in the order ranked for the visitor. Server renders, and the client render that hydrates them,
// show the shop's order; the visitor's order follows before the first paint.
import { createContext, createElement, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { start } from 'shelfwise';
import { arranged, engineOf, factsKey, kept, onScreen, shownBy, storeOf, veil } from './frameworks.js';

const EngineContext = createContext(null);
const NONE = [];
const never = () => () => {};
// Layout effects run before paint in the browser; on the server nothing runs.
const useBeforePaint = typeof document === 'undefined' ? useEffect : useLayoutEffect;

/**
 * Holds the page's engine for the hooks below: `engine` is the engine or the promise `start()`
 * returned; without it, the provider starts one with `options` once mounted (a second mount, under
 * StrictMode or after a hot reload, gets the same engine). Unmounting does not stop the engine.
 */
export function ShelfwiseProvider({ engine, options, children }) {
  const [sw, setSw] = useState(() => engineOf(engine));
  useEffect(() => {
    let live = true;
    const given = engineOf(engine);
    if (given) setSw(given);
    else Promise.resolve(engine ?? start(options)).then((e) => live && setSw(engineOf(e)), () => {});
    return () => {
      live = false;
    };
    // `options` is read once, like start()'s: an engine runs for the page's whole life.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [engine]);
  return createElement(EngineContext.Provider, { value: sw }, children);
}

/** The engine of the nearest provider, or null while it starts (and on the server). */
export function useShelfwise() {
  return useContext(EngineContext);
}

/** False on the server and in the client render that hydrates its HTML; true from the next render, before paint. */
function useClientRender() {
  const hydrating = useSyncExternalStore(never, () => false, () => true);
  const [client, setClient] = useState(!hydrating);
  useBeforePaint(() => setClient(true), []);
  return client;
}

/** What a store of the engine says now, followed through its changes. */
function useStore(sw, read) {
  const store = sw ? storeOf(sw) : null;
  const snapshot = () => (store ? read(store) : undefined);
  // The same on the server: what is rendered before hydration is gated by useClientRender().
  return useSyncExternalStore(store ? store.subscribe : never, snapshot, snapshot);
}

/**
 * `items` in the order ranked for the visitor by the widget `widgetId`'s strategy, as
 * `{ items, ref, personalized, pending }`. Put `ref` on the element that holds the shelf: the shelf
 * is then exposed when seen, and while it is on screen it keeps its order until it leaves the
 * viewport; items added meanwhile ("load more") come after the ones shown, best first among
 * themselves. While the engine waits for the visitor's decision on storage, a shelf not shown yet
 * is `pending`: its element stays invisible, and shows once in the order the decision gives.
 */
export function useRanking(widgetId, items) {
  const sw = useContext(EngineContext);
  const client = useClientRender();
  const version = useStore(sw, (s) => s.version(widgetId));
  const waiting = useStore(sw, (s) => s.waiting()) === true;
  const [element, ref] = useState(null);
  // What the shelf last showed (set once committed), for a shelf on screen whose items change.
  const shown = useRef(null);
  // Whether the shelf has been shown on this page (the server's HTML, hydrated, has): a wait
  // never hides what the shopper has seen.
  const seen = useRef(false);
  const pending = client && waiting && !seen.current;
  const list = Array.isArray(items) ? items : NONE;
  const key = factsKey(list);
  const ranking = useMemo(() => {
    if (!client || !sw) return null;
    const ranked = sw.rank(widgetId, list);
    const last = shown.current;
    // Not ranked anew since it was shown, and on screen: what the shopper sees stays where it is.
    const still = last !== null && last.sw === sw && last.widgetId === widgetId && last.version === version && onScreen(element);
    return still ? kept(last, list, ranked) : ranked;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sw, client, widgetId, key, version, pending]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const ordered = useMemo(() => arranged(list, ranking), [ranking, key]);
  useBeforePaint(() => {
    // A pending shelf is invisible: it has shown nothing yet.
    shown.current = ranking && !pending ? { sw, widgetId, version, ...shownBy(list, ranking) } : null;
    if (!pending) seen.current = true;
    veil(element, pending);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ranking, pending, element]);
  // Observed once shown: exposed when the shopper can see it, with the order the decision gave.
  useEffect(() => (sw && element && !pending ? sw.observe(element, widgetId) : undefined), [sw, element, widgetId, pending]);
  return { items: ordered, ref, personalized: ranking?.personalized === true, pending };
}

/** The visitor's segment ids, kept current (empty on the server, while hydrating and until the engine runs). */
export function useSegments() {
  const sw = useContext(EngineContext);
  const client = useClientRender();
  const segments = useStore(sw, (s) => s.segments());
  return client && segments ? segments : NONE;
}
