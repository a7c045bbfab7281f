// Shelfwise for Vue: a plugin that holds the page's one engine, and composables that render a
// shelf in the order ranked for the visitor. Server renders, and the client render that hydrates
// them, show the shop's order; the visitor's order follows once mounted, before the first paint.
import { computed, getCurrentInstance, inject, onMounted, ref, shallowRef, toValue, watch } from 'vue';
import { start } from 'shelfwise';
import { arranged, engineOf, kept, onScreen, shownBy, storeOf, veil } from './frameworks.js';

const ENGINE = Symbol('shelfwise engine');
const inBrowser = typeof window !== 'undefined';

/**
 * The plugin: `app.use(createShelfwise({ engine }))` with the engine or the promise `start()`
 * returned; without one, it starts the engine with `options` in the browser (a second start gets
 * the same engine).
 */
export function createShelfwise({ engine, options } = {}) {
  return {
    install(app) {
      const current = shallowRef(engineOf(engine));
      app.provide(ENGINE, current);
      if (!current.value && inBrowser) {
        Promise.resolve(engine ?? start(options)).then((e) => (current.value = engineOf(e)), () => {});
      }
    },
  };
}

/** The engine as a ref: null while it starts, on the server, and outside the plugin. */
export function useShelfwise() {
  return inject(ENGINE, shallowRef(null));
}

/** A counter that grows with every event of the engine's store (so computed values read again). */
function useChanges(engine) {
  const changes = ref(0);
  watch(
    engine,
    (sw, _, onCleanup) => {
      if (sw) onCleanup(storeOf(sw).subscribe(() => changes.value++));
    },
    { immediate: true },
  );
  return changes;
}

/** False on the server and until the component is mounted (so hydration meets the server's HTML). */
function useMounted() {
  const mounted = ref(false);
  onMounted(() => (mounted.value = true));
  return mounted;
}

/**
 * `items` in the order ranked for the visitor by the widget `widgetId`'s strategy, as
 * `{ items, el, personalized, pending }` (refs). Bind `el` as the template ref of the element that
 * holds the shelf: it is then exposed when seen, and keeps its order while on screen; items added
 * meanwhile ("load more") come after the ones shown, best first among themselves. While the
 * engine waits for the visitor's decision on storage, a shelf not shown yet is `pending`: its
 * element stays invisible, and shows once in the order the decision gives.
 */
export function useRanking(widgetId, items) {
  const engine = useShelfwise();
  const mounted = useMounted();
  const changes = useChanges(engine);
  const el = ref(null);
  const version = computed(() => {
    changes.value;
    return engine.value ? storeOf(engine.value).version(toValue(widgetId)) : 0;
  });
  // Whether the shelf has been shown on this page: a component that hydrates the server's HTML
  // has (its node is there before it mounts). A wait never hides what the shopper has seen.
  let seen = inBrowser && getCurrentInstance()?.vnode.el != null;
  const pending = computed(() => {
    changes.value;
    return mounted.value && !seen && engine.value !== null && storeOf(engine.value).waiting();
  });
  const list = () => {
    const l = toValue(items);
    return Array.isArray(l) ? l : [];
  };
  // What the shelf last showed, for a shelf on screen whose items change.
  let shown = null;
  const ranking = computed(() => {
    const v = version.value;
    const sw = engine.value;
    const id = String(toValue(widgetId));
    const l = list();
    const hidden = pending.value;
    if (!mounted.value || !sw) return (shown = null);
    const ranked = sw.rank(id, l);
    // Not ranked anew since it was shown, and on screen: what the shopper sees stays where it is.
    const still = shown !== null && shown.sw === sw && shown.id === id && shown.version === v && onScreen(el.value?.$el ?? el.value);
    const r = still ? kept(shown, l, ranked) : ranked;
    // A pending shelf is invisible: it has shown nothing yet.
    shown = hidden ? null : { sw, id, version: v, ...shownBy(l, r) };
    return r;
  });
  // After the DOM is patched, before paint.
  watch(
    [el, pending, mounted],
    ([target, hidden, isMounted]) => {
      veil(target?.$el ?? target, hidden);
      if (isMounted && !hidden) seen = true;
    },
    { flush: 'post' },
  );
  // Observed once shown: exposed when the shopper can see it, with the order the decision gave.
  watch(
    [engine, el, () => toValue(widgetId), mounted, pending],
    ([sw, target, id, isMounted, hidden], _, onCleanup) => {
      const node = target?.$el ?? target;
      if (sw && isMounted && !hidden && inBrowser && node instanceof Element) onCleanup(sw.observe(node, String(id)));
    },
    { immediate: true },
  );
  return {
    items: computed(() => arranged(list(), ranking.value)),
    el,
    personalized: computed(() => ranking.value?.personalized === true),
    pending,
  };
}

/** The visitor's segment ids (a ref), kept current; empty on the server, until mounted and until the engine runs. */
export function useSegments() {
  const engine = useShelfwise();
  const mounted = useMounted();
  const changes = useChanges(engine);
  return computed(() => {
    changes.value;
    return mounted.value && engine.value ? storeOf(engine.value).segments() : [];
  });
}
