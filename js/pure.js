// Pure functions: condition evaluation over the loaded engine, config checks over the checking
// part of the engine (loaded on demand in the browser).

// The functions of the loaded engine (evalConditionJson).
let engine;
// A function that resolves to the checking and explaining part (validateConfigJson, explain…).
let tools;
let warned = false;

/** Marks the WebAssembly as instantiated, with its functions (called by the entry points). */
export function markLoaded(functions) {
  engine = functions;
}

/** Tells the pure functions how to get the checking and explaining part of the engine. */
export function useTools(load) {
  tools = load;
}

function notLoaded() {
  if (!warned) {
    warned = true;
    console.warn('[shelfwise] the engine is not loaded yet: `await init()` (or `await start()`) once before calling it');
  }
}

/** Text of any value, even one that throws when converted. */
export function text(v) {
  try {
    return typeof v === 'string' ? v : String(v?.message ?? v);
  } catch {
    return '(a value that cannot be shown)';
  }
}

/** The ranking that keeps `items` in the order given (what any problem falls back to). */
export function original(items) {
  try {
    return { order: Array.isArray(items) ? items.map((i) => text(typeof i === 'object' && i !== null ? i.id : i)) : [], hidden: [], personalized: false };
  } catch {
    return { order: [], hidden: [], personalized: false };
  }
}

/**
 * Where the browser is, read in one call from the engine (see `Here` in src/web/context.rs):
 * JSON text of the address, referrer, user agent, language, time zone offset, viewport width,
 * whether an element declares the page's product, and the page type `<html>` declares.
 */
export function here() {
  const d = document;
  return JSON.stringify([d.URL, d.referrer, navigator.userAgent, navigator.language, new Date().getTimezoneOffset(), innerWidth, !!d.querySelector('[data-sw-product]'), d.documentElement?.getAttribute('data-sw-page') ?? null]);
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
  if (!engine) return notLoaded(), false;
  const c = toJson(condition);
  const a = toJson(attributes);
  if (c === undefined || a === undefined) return false;
  return engine.evalConditionJson(c, a, toJson(savedGroups ?? {}) ?? '{}');
}

/** Checks a config (object or JSON text); resolves to every error as `{ path, message }`. */
export async function validateConfig(config) {
  const text = typeof config === 'string' ? config : toJson(config);
  if (text === undefined) return [{ path: '', message: 'the config cannot be turned into JSON (does it contain a cycle?)' }];
  let checker;
  try {
    checker = await tools();
  } catch (e) {
    return [{ path: '', message: `the config checker could not be loaded (${e?.message ?? e}): serve shelfwise_tools.js and shelfwise_tools_bg.wasm next to shelfwise.js, or call loadTools(url)` }];
  }
  return JSON.parse(checker.validateConfigJson(text));
}
