// Types of `shelfwise/vue`.
import type { App, ComponentPublicInstance, ComputedRef, MaybeRefOrGetter, Ref, ShallowRef } from 'vue';
import type { RankItem, Shelfwise, StartOptions } from './index.js';

/** Options of `createShelfwise()`. */
export interface ShelfwisePluginOptions {
  /** The engine, or the promise `start()` returned. Without it, the plugin starts one with `options` in the browser. */
  engine?: Shelfwise | Promise<Shelfwise>;
  /** Options of `start()`, when no `engine` is given. */
  options?: StartOptions;
}

/** The plugin `createShelfwise()` returns, for `app.use()`. */
export interface ShelfwisePlugin {
  install(app: App): void;
}

/** What `useRanking()` returns. */
export interface ShelfRanking<T> {
  /** The items in the visitor's order (the given order on the server, until mounted, before the engine runs and for held-out visitors); items hidden by a hide rule are left out. */
  items: ComputedRef<T[]>;
  /** Bind it as the template ref of the element (or component) that holds the shelf: the shelf is exposed when seen, and keeps its order while on screen. */
  el: Ref<Element | ComponentPublicInstance | null>;
  /** False until ranked by a running engine, and for held-out visitors. */
  personalized: ComputedRef<boolean>;
  /**
   * True while the engine waits for the visitor's decision on storage (a consent banner that
   * answers late) and the shelf has not been shown yet: the order may still change. Meanwhile the
   * element bound to `el` is kept invisible (its space kept) and not exposed; it shows once the
   * decision comes or the wait is over (`storage.maxWaitForConsentMs` at the latest). A shelf
   * already shown (rendered before the engine ran, or hydrated) is never pending.
   */
  pending: ComputedRef<boolean>;
}

/** The plugin that holds the page's engine for the composables. */
export function createShelfwise(options?: ShelfwisePluginOptions): ShelfwisePlugin;

/** The engine: null while it starts, on the server and outside the plugin. */
export function useShelfwise(): Readonly<ShallowRef<Shelfwise | null>>;

/** Items (objects with an `id` and the facts ranking reads, or bare ids) in the order ranked for the visitor by the widget's strategy. */
export function useRanking<T extends RankItem | string>(widgetId: MaybeRefOrGetter<string>, items: MaybeRefOrGetter<readonly T[]>): ShelfRanking<T>;

/** The visitor's current segment ids (empty on the server, until mounted and until the engine runs). */
export function useSegments(): ComputedRef<string[]>;
