// Pure functions over the loaded WebAssembly: condition evaluation and config checks.
import { evalConditionJson, validateConfigJson } from './shelfwise_wasm.js';

let loaded = false;
let warned = false;

/** Marks the WebAssembly as instantiated (called by the entry points). */
export function markLoaded() {
  loaded = true;
}

function notLoaded() {
  if (!warned) {
    warned = true;
    console.warn('[shelfwise] the engine is not loaded yet: `await init()` (or `await start()`) once before calling it');
  }
}

/** JSON text of `value`, or undefined when it cannot be serialized (cycles, BigInt). */
export function toJson(value) {
  try {
    return JSON.stringify(value === undefined ? null : value);
  } catch {
    return undefined;
  }
}

/**
 * Evaluates a GrowthBook-style condition against an attributes object.
 * An unknown operator makes the condition false, as in GrowthBook's SDKs.
 */
export function evalCondition(condition, attributes, savedGroups) {
  if (!loaded) return notLoaded(), false;
  const c = toJson(condition);
  const a = toJson(attributes);
  if (c === undefined || a === undefined) return false;
  return evalConditionJson(c, a, toJson(savedGroups ?? {}) ?? '{}');
}

/** Checks a config (object or JSON text); returns every error as `{ path, message }`. */
export function validateConfig(config) {
  if (!loaded) {
    notLoaded();
    return [{ path: '', message: 'the engine is not loaded yet: `await init()` first' }];
  }
  const text = typeof config === 'string' ? config : toJson(config);
  if (text === undefined) return [{ path: '', message: 'the config cannot be turned into JSON (does it contain a cycle?)' }];
  return JSON.parse(validateConfigJson(text));
}
