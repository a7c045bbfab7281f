// Shelfwise in the browser: loads the engine, wires it to the page, and makes sure nothing
// it does can ever break the page (every call into the engine is guarded).
import initWasm, { RawEngine } from './shelfwise_wasm.js';
import { markLoaded, toJson } from './pure.js';

export { evalCondition, validateConfig } from './pure.js';

const PROFILE_KEY = 'shelfwise:profile';
// What an engine that is not running reports: the usual shapes, empty.
const IDLE_REPORT = '{"inHoldout":false,"personalized":{"exposures":0,"clicks":0,"addToCarts":0},"holdout":{"exposures":0,"clicks":0,"addToCarts":0}}';
const IDLE_EXPORT = '{"storage":"off","storedKeys":[],"profile":null,"segments":[],"attributes":{}}';
let loading;

/** Loads the WebAssembly once (optionally from a given URL, Response, bytes or Module). */
export function init(wasm) {
  loading ??= Promise.resolve()
    .then(() => initWasm(wasm === undefined ? undefined : { module_or_path: wasm }))
    .then(() => markLoaded())
    .catch((e) => {
      loading = undefined; // a later call may try again
      throw e;
    });
  return loading;
}

const warn = (msg) => console.warn(`[shelfwise] ${msg}`);

/** Text of any value, even one that throws when converted. */
function text(v) {
  try {
    return typeof v === 'string' ? v : String(v?.message ?? v);
  } catch {
    return '(a value that cannot be shown)';
  }
}

/** gtag's `arguments` entries as arrays. */
function plainEntry(entry) {
  return Object.prototype.toString.call(entry) === '[object Arguments]' ? Array.from(entry) : entry;
}

/** The Consent Mode commands already in window.dataLayer, applied before storage is touched. */
function consentCommands() {
  try {
    const dl = window.dataLayer;
    if (!Array.isArray(dl)) return [];
    return dl
      .map(plainEntry)
      .filter((e) => Array.isArray(e) && e[0] === 'consent')
      .map((e) => toJson(e))
      .filter((json) => json !== undefined)
      .map((json) => JSON.parse(json));
  } catch {
    return [];
  }
}

/** The options of `start()` as plain values (anything else is ignored). */
function startOptions(options) {
  try {
    if (options === null || typeof options !== 'object') return {};
    const { config, wasm, consent, debug } = options;
    return { config, wasm, consent: typeof consent === 'boolean' ? consent : undefined, debug: debug === undefined ? undefined : debug === true };
  } catch {
    return {};
  }
}

/** Whether any part of `el` is in the viewport. */
function onScreen(el) {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.bottom > 0 && r.top < innerHeight;
}

/** Shows every widget in its original order at once (releases the first-paint guard). */
function release() {
  document.documentElement.classList.add('sw-off');
}

function configText(config) {
  if (typeof config === 'string') return config;
  if (config !== undefined) {
    const text = toJson(config);
    if (text === undefined) throw new Error('the config cannot be turned into JSON (does it contain a cycle?); pass a plain JSON object or JSON text. The page keeps its original order');
    return text;
  }
  const tag = document.querySelector('script[type="application/json"][data-sw-config]');
  if (!tag) throw new Error('no config: pass start({ config }) or add <script type="application/json" data-sw-config>; the page keeps its original order');
  return tag.textContent;
}

function debugFromUrl() {
  try {
    return new URLSearchParams(location.search).has('sw-debug');
  } catch {
    return false;
  }
}

/**
 * Starts personalization on this page. Never throws: when anything goes wrong (the .wasm
 * cannot load, the config has errors) it warns once, shows the original order at once, and
 * resolves to an engine whose calls do nothing harmful.
 */
export async function start(startWith) {
  const options = startOptions(startWith);
  try {
    await init(options.wasm);
  } catch (e) {
    return new Shelfwise(
      null,
      `could not load its WebAssembly (${text(e)}); the page keeps its original order. Serve shelfwise_wasm_bg.wasm next to shelfwise.js as application/wasm, or pass start({ wasm: url }) (a strict CSP also needs 'wasm-unsafe-eval')`,
    );
  }
  let raw;
  try {
    const opts = {
      consent: options.consent,
      debug: options.debug ?? debugFromUrl(),
      gpc: navigator.globalPrivacyControl === true,
      dataLayer: consentCommands(),
    };
    raw = new RawEngine(configText(options.config), JSON.stringify(opts));
  } catch (e) {
    return new Shelfwise(null, text(e));
  }
  return new Shelfwise(raw);
}

/** One page's engine. Methods never throw into the page. */
export class Shelfwise {
  #raw;
  #off = [];
  #refreshQueued = false;
  #flushTimer = 0;
  #io;
  #seenBy = [];
  // Observed shelves: element -> { id, waiting } (waiting: a new ranking held back while on screen).
  #shelves = new Map();
  // Widget ids to name in the next `ranking` event.
  #rerank = new Set();

  constructor(raw, whyNot) {
    this.#raw = raw;
    if (!raw) {
      warn(whyNot);
      release();
      return;
    }
    try {
      this.#call((r) => r.refresh(undefined, true));
      this.#readDataLayer();
      this.#listen();
      this.#flushSoon();
    } catch (e) {
      this.#die(e);
    }
  }

  /** Whether the engine is running (false after a failed start or an internal error). */
  get running() {
    return this.#raw !== null;
  }

  #call(fn, fallback) {
    if (!this.#raw) return fallback;
    try {
      return fn(this.#raw);
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError || !(e instanceof Error)) {
        this.#die(e);
      } else {
        warn(e.message);
      }
      return fallback;
    }
  }

  /** Runs a public method's body; whatever it meets (hostile arguments included), nothing throws. */
  #safe(what, fn, fallback) {
    try {
      return fn();
    } catch (e) {
      warn(`${what}: ${text(e)}; the call is ignored`);
      return fallback;
    }
  }

  #die(e) {
    this.#raw = null;
    for (const off of this.#off) {
      try {
        off();
      } catch {
        // keep releasing the rest
      }
    }
    this.#off = [];
    release();
    warn(`stopped after an internal error (${text(e)}); the page keeps working with its original order. Reload to start again; if it happens again, report this message with the steps that led to it`);
  }

  #on(target, type, fn, opts) {
    target.addEventListener(type, fn, opts);
    this.#off.push(() => target.removeEventListener(type, fn, opts));
  }

  #emit(type, detail) {
    document.dispatchEvent(new CustomEvent(`shelfwise:${type}`, { detail }));
  }

  #changed(json) {
    let r;
    try {
      r = JSON.parse(json ?? '{}');
    } catch {
      return {};
    }
    if (r.entered?.length || r.left?.length) {
      this.#emit('segments', { segments: r.segments, entered: r.entered, left: r.left });
    }
    if (r.ok) {
      for (const id of r.widgets ?? []) this.#rerank.add(id);
      this.#refreshSoon();
      this.#flushSoon();
    }
    return r;
  }

  #refreshSoon() {
    if (this.#refreshQueued) return;
    this.#refreshQueued = true;
    queueMicrotask(() => {
      this.#refreshQueued = false;
      this.#call((r) => r.refresh(undefined, false));
      this.#observeWidgets();
      const ids = [...this.#rerank];
      this.#rerank.clear();
      this.#rankingChanged(ids);
    });
  }

  /** Emits `ranking` for `ids`, but for those on screen that keep still: they come when they leave the viewport. */
  #rankingChanged(ids) {
    const now = ids.filter((id) => {
      let hold = !!document.querySelector(`[data-sw-widget="${CSS.escape(id)}"][data-sw-stale]`);
      for (const [el, shelf] of this.#shelves) {
        if (shelf.id === id && onScreen(el) && !this.#call((r) => r.moveWhileVisible(id), false)) hold = shelf.waiting = true;
      }
      return !hold;
    });
    if (now.length) this.#emit('ranking', { widgets: now });
  }

  /** A widget or shelf was seen: its exposure counts (once per page). */
  #seen(el) {
    for (const o of this.#seenBy) o.unobserve(el);
    this.#call((r) => r.seen(el, this.#shelves.get(el)?.id));
  }

  /** An element left the viewport: a widget takes the order it waited for, a shelf that waited is named. */
  #left(el) {
    const shelf = this.#shelves.get(el);
    if (!shelf) {
      const stale = el.hasAttribute('data-sw-stale');
      this.#call((r) => r.widgetLeft(el));
      if (stale) this.#rankingChanged([el.getAttribute('data-sw-widget')]);
    } else if (shelf.waiting) {
      shelf.waiting = false;
      this.#rankingChanged([shelf.id]);
    }
  }

  #flushSoon() {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = setTimeout(() => this.flush(), 500);
  }

  #readDataLayer() {
    const dl = (window.dataLayer = window.dataLayer || []);
    if (!Array.isArray(dl)) {
      warn('window.dataLayer is not an array, so it is not read; track events with sw.track()');
      return;
    }
    const read = (entry) => {
      // A push is the shop's call: nothing in it may make the push throw.
      try {
        const plain = plainEntry(entry);
        if (plain === null || typeof plain !== 'object') return;
        const json = toJson(plain);
        if (json !== undefined) this.#changed(this.#call((r) => r.dataLayer(json)));
      } catch {
        // an entry that cannot be read is not the engine's business
      }
    };
    for (const entry of dl.slice()) read(entry);
    const push = dl.push;
    dl.push = function (...args) {
      const result = push.apply(this, args);
      for (const a of args) read(a);
      return result;
    };
    this.#off.push(() => {
      if (dl.push !== push) dl.push = push;
    });
  }

  #listen() {
    this.#on(document, 'click', (e) => e.target instanceof Element && this.#changed(this.#call((r) => r.click(e.target))), true);
    this.#on(window, 'pagehide', () => this.#call((r) => r.flush()));
    this.#on(document, 'visibilitychange', () => document.visibilityState === 'hidden' && this.#call((r) => r.flush()));
    this.#on(window, 'storage', (e) => {
      if (e.key !== PROFILE_KEY && e.key !== null) return;
      this.#changed(this.#call((r) => r.storageChanged(e.newValue ?? undefined)));
    });
    const mo = new MutationObserver((records) => {
      for (const rec of records) {
        for (const n of rec.addedNodes) {
          if (n instanceof Element && (n.matches('[data-sw-widget],[data-sw-slot]') || n.querySelector('[data-sw-widget],[data-sw-slot]'))) {
            this.#call((r) => r.refresh(n, false));
          }
        }
      }
      this.#observeWidgets();
    });
    mo.observe(document.documentElement, { childList: true, subtree: true });
    this.#off.push(() => mo.disconnect());
    this.#io = new IntersectionObserver((entries) => {
      for (const e of entries) if (!e.isIntersecting) this.#left(e.target);
    });
    // Seen: half of it in the viewport, or across its middle line (covering half of it, when taller).
    this.#seenBy = [
      new IntersectionObserver((entries) => entries.forEach((e) => e.intersectionRatio >= 0.5 && this.#seen(e.target)), { threshold: 0.5 }),
      new IntersectionObserver((entries) => entries.forEach((e) => e.isIntersecting && this.#seen(e.target)), { rootMargin: '-50% 0px -50% 0px' }),
    ];
    this.#off.push(() => {
      this.#io.disconnect();
      for (const o of this.#seenBy) o.disconnect();
      this.#shelves.clear();
    });
    this.#observeWidgets();
  }

  #observeWidgets() {
    if (!this.#io) return;
    for (const w of document.querySelectorAll('[data-sw-widget]:not([data-sw-observed])')) {
      w.setAttribute('data-sw-observed', '');
      this.#io.observe(w);
      for (const o of this.#seenBy) o.observe(w);
    }
  }

  /** Tracks a GA4 event (`track('add_to_cart', { items: [...] })`); returns `{ ok, error? }`. */
  track(name, params) {
    return this.#safe('track', () => {
      const p = toJson(params ?? null);
      if (p === undefined && this.#raw) {
        const error = `event "${text(name).slice(0, 40)}" rejected: its parameters cannot be turned into JSON (do they contain a cycle or a BigInt?)`;
        warn(`${error}. The event is ignored; tracking goes on.`);
        return { ok: false, error };
      }
      const r = this.#changed(this.#call((raw) => raw.track(toJson(name) ?? 'null', p ?? '"(cannot be serialized)"'), '{"ok":false,"error":"the engine is not running"}'));
      return r.ok ? { ok: true } : { ok: false, error: r.error };
    }, { ok: false, error: 'the event cannot be read' });
  }

  /**
   * Ranks items for a widget without touching the page (for React, Vue, Svelte…).
   * Returns `{ order, hidden, personalized, items? }`; on any problem, the original order.
   */
  rank(widgetId, items, options) {
    const fallback = () =>
      this.#safe('rank', () => ({
        order: Array.isArray(items) ? items.map((i) => text(typeof i === 'object' && i !== null ? i.id : i)) : [],
        hidden: [],
        personalized: false,
      }), { order: [], hidden: [], personalized: false });
    return this.#safe('rank', () => {
      // Items travel as rows [id, category, brand, price, tags, related]: much less to parse.
      const rows = Array.isArray(items)
        ? items.map((i) => (i !== null && typeof i === 'object' && !Array.isArray(i) ? [i.id, i.category, i.brand, i.price, i.tags, i.related] : i))
        : items;
      const json = toJson(rows);
      if (json === undefined) return fallback();
      const explain = options !== null && typeof options === 'object' && options.explain === true;
      const out = this.#call((r) => r.rank(text(widgetId), json, explain));
      return out === undefined ? fallback() : JSON.parse(out);
    }, fallback());
  }

  /** Current segment ids. */
  segments() {
    return JSON.parse(this.#call((r) => r.segments(), '[]'));
  }

  /** Current segments with their human names: `[{ id, name }]`. */
  segmentNames() {
    return JSON.parse(this.#call((r) => r.segmentNames(), '[]'));
  }

  /** The attributes document segment conditions see. */
  attributes() {
    return JSON.parse(this.#call((r) => r.attributes(), '{}'));
  }

  /** Which parts of a segment's condition held, with the values seen (null if unknown). */
  explainSegment(id) {
    return this.#safe('explainSegment', () => {
      const out = this.#call((r) => r.explainSegment(text(id)));
      return out ? JSON.parse(out) : null;
    }, null);
  }

  /** Every item's score and reasons for a widget on the page (element or id). */
  explainWidget(widget) {
    return this.#safe('explainWidget', () => {
      const el = typeof widget === 'string' ? document.querySelector(`[data-sw-widget="${CSS.escape(widget)}"]`) : widget;
      if (!(el instanceof Element)) return null;
      const out = this.#call((r) => r.explainWidget(el));
      return out ? JSON.parse(out) : null;
    }, null);
  }

  /** Sets what the shop knows about the visitor (`attrs.*` in conditions; not stored). */
  setAttributes(attrs) {
    this.#safe('setAttributes', () => this.#changed(this.#call((r) => r.setAttributes(toJson(attrs) ?? 'null'))));
  }

  /** Sets the shopper's stated preferences (`prefs.*`; weighs above inferred interest). */
  setPreferences(prefs) {
    this.#safe('setPreferences', () => this.#changed(this.#call((r) => r.setPreferences(toJson(prefs) ?? 'null'))));
  }

  /** Gives (true) or withdraws (false) consent to keep data in this browser; withdrawing erases it. */
  consent(granted) {
    if (granted !== true && granted !== false) {
      warn(`consent() takes true or false, got ${typeof granted}; nothing changed`);
      return;
    }
    this.#changed(this.#call((r) => r.consent(granted)));
  }

  /** How data is kept: `local`, or why not (`consent-pending`, `consent-denied`, `gpc`, `off`). */
  storage() {
    return this.#call((r) => r.storageState(), 'off');
  }

  /** Everything kept about the visitor, as a plain object. */
  exportData() {
    return JSON.parse(this.#call((r) => r.exportData(), IDLE_EXPORT));
  }

  /** Erases everything kept about the visitor, in this tab and every other. */
  forget() {
    this.#changed(this.#call((r) => r.forget()));
  }

  /** Exposure, click and add-to-cart counts of personalized vs held-out widgets. */
  report() {
    return JSON.parse(this.#call((r) => r.report(), IDLE_REPORT));
  }

  /** Orders widgets again (e.g. after a framework re-rendered them). */
  refresh(root) {
    this.#safe('refresh', () => {
      if (root !== undefined && root !== null && !(root instanceof Element)) {
        warn('refresh() takes an element (or nothing, for the whole page); nothing was refreshed');
        return;
      }
      this.#call((r) => r.refresh(root ?? undefined, false));
      this.#observeWidgets();
    });
  }

  /** Shows where a shelf ranked with `rank()` is (exposed when seen, held still on screen); returns a function that stops it. */
  observe(element, widgetId) {
    return this.#safe('observe', () => {
      if (!(element instanceof Element) || (typeof widgetId !== 'string' && typeof widgetId !== 'number')) {
        warn('observe() takes an element and a widget id; nothing is observed');
        return () => {};
      }
      if (!this.#raw || !this.#io) return () => {};
      const shelf = { id: String(widgetId), waiting: false };
      this.#shelves.set(element, shelf);
      this.#io.observe(element);
      for (const o of this.#seenBy) o.observe(element);
      return () => {
        if (this.#shelves.get(element) !== shelf) return;
        this.#shelves.delete(element);
        this.#io?.unobserve(element);
        for (const o of this.#seenBy) o.unobserve(element);
      };
    }, () => {});
  }

  /** Writes pending changes to storage now (merged with other tabs). */
  flush() {
    const write = () => this.#call((r) => r.flush());
    if (navigator.locks?.request) navigator.locks.request(PROFILE_KEY, write).catch(write);
    else write();
  }

  /** Listens to `segments`, `exposure` or `ranking` events; returns a function that stops listening. */
  on(type, callback) {
    if (!['segments', 'exposure', 'ranking'].includes(type) || typeof callback !== 'function') {
      warn(`on() takes 'segments', 'exposure' or 'ranking' and a function; nothing is listened to`);
      return () => {};
    }
    const fn = (e) => {
      try {
        callback(e.detail);
      } catch (err) {
        console.error(`[shelfwise] a '${type}' listener passed to on() threw; the other listeners still ran:`, err);
      }
    };
    document.addEventListener(`shelfwise:${type}`, fn);
    return () => document.removeEventListener(`shelfwise:${type}`, fn);
  }

  /** Stops listening to the page (pending changes are written first). */
  stop() {
    this.#call((r) => r.flush());
    this.#off.forEach((off) => off());
    this.#off = [];
    this.#raw = null;
  }
}
