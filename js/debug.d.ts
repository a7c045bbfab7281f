// Types of `shelfwise/debug`: the debug overlay.
import type { RankReason, Shelfwise } from './index.js';

/** The shown overlay. */
export interface DebugOverlay {
  /** Draws the panel again from what the engine knows now. */
  update(): void;
  /** Removes the panel and stops following the engine. */
  close(): void;
}

/** Shows the overlay for `sw` (what `start()` returned), or refreshes it when already shown. */
export declare function showDebug(sw: Shelfwise): DebugOverlay;

/** Removes the overlay if it is shown. */
export declare function hideDebug(): void;

/** Shows the overlay when the page's URL has `?sw-debug`; returns whether it did. */
export declare function autoDebug(sw: Shelfwise): boolean;

/** Whether the page's URL asks for the overlay (`?sw-debug`). */
export declare function debugRequested(): boolean;

/** One reason as a line of text: `affinity +6.667`, `boost +5 for vip`, `pin: pinned at position 1`. */
export declare function describeReason(reason: RankReason): string;
