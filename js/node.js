// Shelfwise in Node (config validation, tests, server-side rendering): the pure functions are
// ready right after import; `start` has no page to personalize and returns an idle engine.
import { readFileSync } from 'node:fs';
import * as tools from './shelfwise_tools.js';
import { markLoaded, original, useTools } from './pure.js';

export { evalCondition, validateConfig } from './pure.js';

// Node has no page to keep light: it loads the engine with its checking and explaining part.
tools.initSync({ module: readFileSync(new URL('./shelfwise_tools_bg.wasm', import.meta.url)) });
markLoaded(tools);
useTools(() => Promise.resolve(tools));

/** Already loaded in Node; kept so code can `await init()` everywhere. */
export async function init() {}

/** Already loaded in Node; kept so code can `await loadTools()` everywhere. */
export async function loadTools() {}

/** Personalization happens in the browser; in Node, ranking keeps the original order. */
export async function start() {
  return {
    running: false,
    track: () => ({ ok: false, error: 'no browser: personalization happens in the shopper\'s browser' }),
    rank: (_widget, items) => original(items),
    segments: () => [],
    segmentNames: () => [],
    attributes: () => ({}),
    explainRank: async (_widget, items) => original(items),
    explainSegment: async () => null,
    explainWidget: async () => null,
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
