// What the app hands to the tests on `window`.
import type { Shelfwise } from 'shelfwise';

declare global {
  interface Window {
    sw: Shelfwise;
    shelfwise: Shelfwise;
    frame: number;
    commits: Array<{ shelf: string; order: string; frame: number }>;
    remount: () => void;
    dataLayer: unknown[];
  }
}
