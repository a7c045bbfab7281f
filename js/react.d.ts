// Types of `shelfwise/react`.
import type { ReactElement, ReactNode, RefCallback } from 'react';
import type { RankItem, Shelfwise, StartOptions } from './index.js';

/** Props of `<ShelfwiseProvider>`. */
export interface ShelfwiseProviderProps {
  /** The engine, or the promise `start()` returned. Without it, the provider starts one with `options` once mounted. */
  engine?: Shelfwise | Promise<Shelfwise>;
  /** Options of `start()`, when no `engine` is given (read once: the engine runs for the page's whole life). */
  options?: StartOptions;
  children?: ReactNode;
}

/** What `useRanking()` returns. */
export interface ShelfRanking<T> {
  /** The items in the visitor's order (the given order on the server, while hydrating, before the engine runs and for held-out visitors); items hidden by a hide rule are left out. */
  items: T[];
  /** Put it on the element that holds the shelf: the shelf is exposed when seen, and keeps its order while on screen. */
  ref: RefCallback<Element>;
  /** False until ranked by a running engine, and for held-out visitors. */
  personalized: boolean;
  /**
   * True while the engine waits for the visitor's decision on storage (a consent banner that
   * answers late) and the shelf has not been shown yet: the order may still change. Meanwhile the
   * element with `ref` is kept invisible (its space kept) and not exposed; it shows once the
   * decision comes or the wait is over (`storage.maxWaitForConsentMs` at the latest). A shelf
   * already shown (rendered before the engine ran, or hydrated) is never pending.
   */
  pending: boolean;
}

/** Holds the page's engine for the hooks; starts it once when not given one (StrictMode and hot reloads get the same engine). */
export function ShelfwiseProvider(props: ShelfwiseProviderProps): ReactElement;

/** The engine of the nearest provider, or null while it starts, on the server and outside a provider. */
export function useShelfwise(): Shelfwise | null;

/** Items (objects with an `id` and the facts ranking reads, or bare ids) in the order ranked for the visitor by the widget's strategy. */
export function useRanking<T extends RankItem | string>(widgetId: string, items: readonly T[]): ShelfRanking<T>;

/** The visitor's current segment ids (empty on the server, while hydrating and until the engine runs). */
export function useSegments(): string[];
