// Types of `shelfwise/panel`: the "what this shop knows about you" element.
import type { Shelfwise } from './index.js';

/** `<shelfwise-privacy>`: segments, interests and what is kept, in plain words, with an erase button. */
export declare class ShelfwisePrivacy extends HTMLElement {
  /** The engine whose data the panel shows (what `start()` returned). */
  engine: Shelfwise | null;
  /** Erases everything kept about the shopper (what the button does); fires `shelfwise-privacy:erased`. */
  erase(): void;
  /** Draws the panel again from what the engine knows now. */
  render(): void;
}

/** Defines the element under `name` (default `shelfwise-privacy`; done once on import). */
export declare function definePrivacyPanel(name?: string): typeof ShelfwisePrivacy;

declare global {
  interface HTMLElementTagNameMap {
    'shelfwise-privacy': ShelfwisePrivacy;
  }
  /** Fired (bubbling) by the panel after the shopper erased their data. */
  interface HTMLElementEventMap {
    'shelfwise-privacy:erased': CustomEvent<null>;
  }
}
