// Shelfwise in Node (config validation, tests, server-side rendering): the pure functions are
// ready right after import; `start` has no page to personalize and returns an idle engine.
import { readFileSync } from 'node:fs';
import { initSync } from './shelfwise_wasm.js';
import { markLoaded } from './pure.js';

export { evalCondition, validateConfig } from './pure.js';

initSync({ module: readFileSync(new URL('./shelfwise_wasm_bg.wasm', import.meta.url)) });
markLoaded();

/** Already loaded in Node; kept so code can `await init()` everywhere. */
export async function init() {}

/** Personalization happens in the browser; in Node, ranking keeps the original order. */
export async function start() {
  return {
    running: false,
    track: () => ({ ok: false, error: 'no browser: personalization happens in the shopper\'s browser' }),
    rank: (_widget, items) => ({
      order: (items ?? []).map((i) => String(typeof i === 'object' && i !== null ? i.id : i)),
      hidden: [],
      personalized: false,
    }),
    segments: () => [],
    segmentNames: () => [],
    attributes: () => ({}),
    explainSegment: () => null,
    explainWidget: () => null,
    setAttributes() {},
    setPreferences() {},
    consent() {},
    storage: () => 'off',
    exportData: () => ({ storage: 'off', storedKeys: [], profile: null, segments: [], attributes: {} }),
    forget() {},
    report: () => ({
      inHoldout: false,
      personalized: { exposures: 0, clicks: 0, addToCarts: 0 },
      holdout: { exposures: 0, clicks: 0, addToCarts: 0 },
    }),
    observe: () => () => {},
    refresh() {},
    flush() {},
    on: () => () => {},
    stop() {},
  };
}
