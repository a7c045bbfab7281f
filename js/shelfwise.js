// Shelfwise in the browser: loads the engine, wires it to the page, and makes sure nothing
// it does can ever break the page (every call into the engine is guarded).
import initWasm, { RawEngine, evalConditionJson } from './shelfwise_wasm.js';
import { here, markLoaded, original, text, toJson, useTools } from './pure.js';

export { evalCondition, validateConfig } from './pure.js';

const PROFILE_KEY = 'shelfwise:profile';
// What an engine that is not running reports: the usual shapes, empty.
const IDLE_REPORT = '{"inHoldout":false,"personalized":{"exposures":0,"clicks":0,"addToCarts":0},"holdout":{"exposures":0,"clicks":0,"addToCarts":0}}';
const IDLE_EXPORT = '{"storage":"off","storedKeys":[],"profile":null,"segments":[],"attributes":{}}';
let loading;
let loadingTools;

/** Loads the WebAssembly once (optionally from a given URL, Response, bytes or Module). */
export function init(wasm) {
  loading ??= Promise.resolve()
    .then(() => initWasm(wasm === undefined ? undefined : { module_or_path: wasm }))
    .then(() => markLoaded({ evalConditionJson }))
    .catch((e) => {
      loading = undefined; // a later call may try again
      throw e;
    });
  return loading;
}

/**
 * Loads the checking and explaining part of the engine once (the full config checker,
 * explanations): pages download it only when something asks for it.
 */
export function loadTools(wasm) {
  return tools(wasm).then(() => undefined);
}

function tools(wasm) {
  loadingTools ??= import('./shelfwise_tools.js')
    .then(async (m) => {
      await m.default(wasm === undefined ? undefined : { module_or_path: wasm });
      return m;
    })
    .catch((e) => {
      loadingTools = undefined; // a later call may try again
      throw e;
    });
  return loadingTools;
}

useTools(() => tools());

const warn = (msg) => console.warn(`[shelfwise] ${msg}`);
/** Says that a malformed event was refused (`message` names what is wrong and where). */
const rejected = (message) => warn(`${message}. The event is ignored; tracking goes on.`);

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

/** Items for `rank()` as JSON rows `[id, category, brand, price, tags, related]` (much less to parse). */
function rows(items) {
  return toJson(Array.isArray(items) ? items.map((i) => (i !== null && typeof i === 'object' && !Array.isArray(i) ? [i.id, i.category, i.brand, i.price, i.tags, i.related] : i)) : items);
}

/** The page's address without its fragment (a single-page app's route, and more). */
const route = () => document.URL.split('#')[0];

/** Whether any part of `el` is in the viewport. */
function onScreen(el) {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.bottom > 0 && r.top < innerHeight;
}

/** Shows every widget in its original order at once (releases the first-paint guard). */
function release() {
  document.documentElement.classList.add('sw-off');
  document.documentElement.classList.remove('sw-wait');
}

const START_HOLD_MS = 1000;

/** Keeps hidden widgets hidden past the guard's timer while the engine starts (`sw-wait`, at most START_HOLD_MS after the load started); returns what ends the hold. */
function holdWhileStarting() {
  const html = document.documentElement;
  if (html.classList.contains('sw-off') || html.classList.contains('sw-wait')) return () => {};
  html.classList.add('sw-wait');
  const timer = setTimeout(() => html.classList.remove('sw-wait'), START_HOLD_MS - performance.now());
  return () => {
    clearTimeout(timer);
    html.classList.remove('sw-wait');
  };
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

// Marks a page where an engine runs. Every copy of the package (two bundles) shares it; it says
// only that one runs, never which segments or data (those stay inside the engine object).
const PAGE = Symbol.for('shelfwise.running');
// This copy's engine (a promise while it starts).
let current;

function pageTaken() {
  try {
    return globalThis[PAGE] !== undefined;
  } catch {
    return false;
  }
}

/** Marks the page as having an engine; returns a function that takes the mark off again. */
function markPage() {
  const token = {};
  try {
    Object.defineProperty(globalThis, PAGE, { value: token, configurable: true, writable: true, enumerable: false });
  } catch {
    // a locked-down global: each copy may then run its own engine
  }
  return () => {
    try {
      if (globalThis[PAGE] === token) delete globalThis[PAGE];
    } catch {
      // nothing to undo
    }
  };
}

/**
 * Starts personalization on this page. Never throws: when anything goes wrong (the .wasm
 * cannot load, the config has errors) it warns once, shows the original order at once, and
 * resolves to an engine whose calls do nothing harmful. While an engine started by this copy of
 * the package runs, `start()` resolves to that same engine (a framework that mounts twice gets
 * one engine); while another copy runs one (a second bundle), it refuses with one warning.
 */
export function start(startWith) {
  const running = current;
  if (running) {
    return running.then((sw) => {
      if (sw.running) return sw;
      if (current === running) current = undefined;
      return start(startWith);
    });
  }
  if (pageTaken()) {
    return Promise.resolve(
      new Shelfwise(
        null,
        'another copy of Shelfwise already runs on this page (is it in two bundles?); this start() is refused and its engine does nothing, so the page is personalized once. Load the package once, or pass the engine the first start() returned',
        true,
      ),
    );
  }
  const unmark = markPage();
  const unhold = holdWhileStarting();
  const starting = create(startWith, unmark, unhold).then((sw) => {
    if (!sw.running) {
      unmark();
      if (current === starting) current = undefined;
    }
    return sw;
  });
  current = starting;
  return starting;
}

async function create(startWith, unmark, unhold) {
  const options = startOptions(startWith);
  try {
    await init(options.wasm);
  } catch (e) {
    unhold();
    return new Shelfwise(
      null,
      `could not load its WebAssembly (${text(e)}); the page keeps its original order. Serve shelfwise_wasm_bg.wasm next to shelfwise.js as application/wasm, or pass start({ wasm: url }) (a strict CSP also needs 'wasm-unsafe-eval')`,
    );
  }
  let raw;
  let config;
  try {
    const html = document.documentElement;
    const opts = {
      consent: options.consent,
      debug: options.debug ?? debugFromUrl(),
      gpc: navigator.globalPrivacyControl === true,
      dataLayer: consentCommands(),
      sinceLoad: performance.now(),
      shown: html.classList.contains('sw-off') && !html.classList.contains('sw-wait'),
    };
    config = configText(options.config);
    raw = new RawEngine(config, JSON.stringify(opts), here);
  } catch (e) {
    unhold();
    return new Shelfwise(null, text(e));
  }
  return new Shelfwise(raw, undefined, false, unmark, unhold, config);
}

// What an update the engine answers with a boolean returns (the same object each time).
const DONE = { ok: true };

// What a call made while the engine is busy with another returns: it runs right after that one.
const QUEUED = '{"ok":true,"queued":true}';

// rank() keeps at most MAX_KEPT items by id (then starts over), ranks at most 5,000 at once.
const MAX_KEPT = 50_000;

/** Whether `x` is a fact the kept path takes as it is (no object, function, symbol or BigInt). */
const plain = (x) => x === null || (typeof x !== 'object' && typeof x !== 'function' && typeof x !== 'symbol' && typeof x !== 'bigint');

// What factOf gives for a fact the kept path does not take.
const UNKEPT = Symbol();

/** A kept copy of fact `v` (arrays copied: callers may change them in place), or UNKEPT. */
function factOf(v) {
  if (plain(v)) return v;
  if (!Array.isArray(v)) return UNKEPT;
  for (let j = 0; j < v.length; j++) if (!plain(v[j])) return UNKEPT;
  return v.slice();
}

/** Whether fact `v` is still the kept one, `k`. */
function sameFact(k, v) {
  if (k === v) return true;
  if (!Array.isArray(k) || !Array.isArray(v) || v.length !== k.length) return false;
  for (let j = 0; j < k.length; j++) if (k[j] !== v[j]) return false;
  return true;
}

/** One page's engine. Methods never throw into the page. */
export class Shelfwise {
  #raw;
  #off = [];
  // Inside a call into the engine: calls made meanwhile (by code the engine's work ran) wait.
  #busy = false;
  #queue = [];
  #saidBusy = false;
  #saidExplain = false;
  // The page is being left (pagehide): downloads it started may be cancelled.
  #leaving = false;
  // The config text the engine runs (explanations compile it again in the explaining part).
  #config = '';
  #refreshQueued = false;
  #flushTimer = 0;
  #flushDue;
  #io;
  #seenBy = [];
  // Widgets this engine observes (an engine started after stop() observes them again).
  #watched = new WeakSet();
  // Observed shelves: element -> { id, waiting } (waiting: a new ranking held back while on screen).
  #shelves = new Map();
  // Marked widgets seen before they were ordered (hidden): seen again once ordered.
  #unready = new Set();
  // The address last seen (without its fragment): another one may be a single-page app's new route.
  #route;
  #unmark;
  // Widgets wait (hidden) for the visitor's decision on storage.
  #waiting = false;
  // Items given to rank(), by id: [their number in the engine, category, brand, price, tags, related].
  #kept = new Map();
  #nextKept = 0;

  constructor(raw, whyNot, keepGuard, unmark, unhold, config) {
    this.#raw = raw;
    this.#config = config ?? '';
    this.#unmark = unmark;
    if (!raw) {
      warn(whyNot);
      if (!keepGuard) release();
      return;
    }
    this.#off.push(unhold);
    this.#route = route();
    try {
      const wait = this.#call((r) => r.consentWait(), 0);
      unhold(); // the engine runs: it orders the widgets now, or holds them for the decision
      if (wait > 0) this.#hold(wait);
      else this.#announce(this.#call((r) => r.refresh(undefined, true)));
      this.#readDataLayer();
      this.#listen();
      if (this.#call((r) => r.followsHistory(), false)) this.#followHistory();
      this.#flushSoon();
    } catch (e) {
      this.#die(e);
    }
  }

  /** Whether the engine is running (false after a failed start, `stop()` or an internal error). */
  get running() {
    return this.#raw !== null;
  }

  /**
   * Every call into the engine. The engine refuses what it cannot take with an error naming what
   * is wrong and where: `refused` gets its message (by default, said in the console) and the call
   * answers `fallback`; a trap stops the engine.
   */
  #call(fn, fallback, refused = warn) {
    if (!this.#raw) return fallback;
    if (this.#busy) {
      // Only code the engine's own work ran synchronously gets here (a custom element's
      // callback as its node moves): a read cannot wait, so it gets the idle answer.
      if (this.#saidBusy) return fallback;
      this.#saidBusy = true;
      warn('the engine was called while it was busy with another call (from a callback its own work ran, such as a custom element\'s); that call returned an empty result: make it later, e.g. in queueMicrotask()');
      return fallback;
    }
    this.#busy = true;
    try {
      return fn(this.#raw);
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError || !(e instanceof Error)) {
        this.#die(e);
      } else {
        refused(e.message);
      }
      return fallback;
    } finally {
      this.#busy = false;
    }
  }

  /** A call that changes the engine: its segment changes are announced; made while the engine is busy, it waits for the current call and runs right after. */
  #update(fn, fallback, refused) {
    if (this.#busy) {
      this.#queue.push(() => this.#update(fn, fallback, refused));
      return JSON.parse(QUEUED);
    }
    const r = this.#changed(this.#call(fn, fallback, refused));
    this.#drain();
    return r;
  }

  /** Runs the calls that waited for the engine, in order. */
  #drain() {
    while (!this.#busy && this.#queue.length) this.#queue.shift()();
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

  /** Takes away every listener, observer, timer and hook of the engine. */
  #shutdown() {
    const raw = this.#raw;
    this.#raw = null;
    this.#io = undefined;
    this.#queue = [];
    clearTimeout(this.#flushTimer);
    for (const off of this.#off.splice(0)) {
      try {
        off();
      } catch {
        // keep releasing the rest
      }
    }
    this.#unmark?.();
    if (raw && !this.#busy) {
      try {
        raw.free();
      } catch {
        // already gone
      }
    }
  }

  #die(e) {
    this.#shutdown();
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

  /** Dispatches the exposures a call counted (`[widget, detail, dataLayer entry, …]`), now that the engine is free; then runs the calls that waited (with or without exposures). */
  #announce(list) {
    for (let i = 0; i + 2 < (list?.length ?? 0); i += 3) {
      try {
        list[i].dispatchEvent(new CustomEvent('shelfwise:exposure', { bubbles: true, detail: JSON.parse(list[i + 1]) }));
        const dl = window.dataLayer;
        if (list[i + 2] !== undefined && typeof dl?.push === 'function') dl.push(JSON.parse(list[i + 2]));
      } catch {
        // a tag manager that throws on a push is not the engine's business
      }
    }
    this.#drain();
  }

  /**
   * Acts on an update the engine answered: a boolean (most events: no segment entered or left,
   * the page where it was) says only whether widgets may re-order; JSON text says more, and may
   * be another route; nothing (undefined) means nothing happened.
   */
  #changed(answer) {
    if (typeof answer === 'boolean') {
      this.#after(answer, false);
      return DONE;
    }
    let r;
    try {
      r = JSON.parse(answer ?? '{}');
    } catch {
      return {};
    }
    if (r.segments) this.#emit('segments', { segments: r.segments, entered: r.entered, left: r.left });
    if (r.ok) this.#after(r.reorder !== false, true);
    return r;
  }

  /** After an update: ends a wait for consent that is over, re-orders soon when widgets may re-order, watches widgets anew should the page be on another route (`moved`: the engine said more than a boolean), and writes storage soon. */
  #after(reorder, moved) {
    if (!this.#raw) return;
    if (this.#waiting && !(this.#call((raw) => raw.consentWait(), 0) > 0)) this.#endWait();
    // An event that changed nothing widgets are ranked by moves nothing.
    if (reorder) this.#refreshSoon();
    if (moved) this.#seeRouteAgain();
    this.#flushSoon();
  }

  /** Keeps widgets hidden for `ms` at most while the visitor's decision on storage may come. */
  #hold(ms) {
    const html = document.documentElement;
    this.#waiting = true;
    html.classList.add('sw-wait');
    const timer = setTimeout(() => this.#endWait(), ms);
    this.#off.push(() => {
      clearTimeout(timer);
      html.classList.remove('sw-wait');
    });
  }

  /** The decision came or the wait is over: every widget is ordered, then shown. */
  #endWait() {
    if (!this.#waiting) return;
    this.#waiting = false;
    try {
      this.#announce(this.#call((r) => r.refresh(undefined, true)));
      this.#observeWidgets();
      this.#rankingSoon();
    } finally {
      document.documentElement.classList.remove('sw-wait');
    }
  }

  #refreshSoon() {
    if (this.#refreshQueued || this.#waiting) return;
    this.#refreshQueued = true;
    queueMicrotask(() => {
      this.#refreshQueued = false;
      if (!this.#raw) return;
      this.#announce(this.#call((r) => r.refresh(undefined, false)));
      this.#observeWidgets();
      this.#rankingSoon();
    });
  }

  /** Emits `ranking` for the widget ids whose ranking updates may have changed since the last one. */
  #rankingSoon() {
    this.#rankingChanged(JSON.parse(this.#call((r) => r.rankingChanged(), '[]')));
  }

  /** Another route (a single-page app's) is another page: its widgets and shelves are exposed again once seen there. */
  #seeRouteAgain() {
    const here = route();
    if (here === this.#route) return;
    this.#route = here;
    for (const el of [...document.querySelectorAll('[data-sw-widget]'), ...this.#shelves.keys()]) this.#lookAgain(el);
  }

  /** Watches `el` anew for the shopper's sight (an observer reports it at once when it is in view). */
  #lookAgain(el) {
    for (const o of this.#seenBy) {
      o.unobserve(el);
      o.observe(el);
    }
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

  /** A widget or shelf was seen: its exposure counts (once per page). A marked widget not ordered yet (hidden, waiting for consent) is seen once it is. */
  #seen(el) {
    if (!this.#shelves.has(el) && !el.hasAttribute('data-sw-ready')) {
      this.#unready.add(el);
      return;
    }
    for (const o of this.#seenBy) o.unobserve(el);
    this.#announce(this.#call((r) => r.seen(el, this.#shelves.get(el)?.id)));
  }

  /** An element left the viewport: a widget takes the order it waited for, a shelf that waited is named. */
  #left(el) {
    const shelf = this.#shelves.get(el);
    if (!shelf) {
      const stale = el.matches('[data-sw-widget][data-sw-stale]');
      this.#announce(this.#call((r) => r.widgetLeft(el)));
      if (stale) this.#rankingChanged([el.getAttribute('data-sw-widget')]);
    } else if (shelf.waiting) {
      shelf.waiting = false;
      this.#rankingChanged([shelf.id]);
    }
  }

  #flushSoon() {
    this.#flushDue = performance.now() + 500;
    if (this.#raw && !this.#flushTimer) this.#flushWhenDue();
  }

  /** Writes storage once 500 ms passed with no update (the timer waits again until then). */
  #flushWhenDue = () => {
    const left = this.#flushDue - performance.now();
    this.#flushTimer = left > 0 ? setTimeout(this.#flushWhenDue, left) : (this.flush(), 0);
  };

  #readDataLayer() {
    const dl = (window.dataLayer = window.dataLayer || []);
    if (!Array.isArray(dl)) {
      warn('window.dataLayer is not an array, so it is not read; track events with sw.track()');
      return;
    }
    let live = true;
    const read = (entry) => {
      // A push is the shop's call: nothing in it may make the push throw.
      try {
        if (!live) return;
        const plain = plainEntry(entry);
        if (plain === null || typeof plain !== 'object') return;
        const json = toJson(plain);
        if (json !== undefined) this.#update((r) => r.dataLayer(json), undefined, rejected);
      } catch {
        // an entry that cannot be read is not the engine's business
      }
    };
    for (const entry of dl.slice()) read(entry);
    const push = dl.push;
    const hook = function (...args) {
      const result = push.apply(this, args);
      for (const a of args) read(a);
      return result;
    };
    dl.push = hook;
    this.#off.push(() => {
      // A tag manager may have wrapped the hook since: its wrapper stays, the hook goes inert.
      live = false;
      if (dl.push === hook) dl.push = push;
    });
  }

  #listen() {
    this.#on(document, 'click', (e) => e.target instanceof Element && this.#update((r) => r.click(e.target)), true);
    this.#on(window, 'pagehide', () => {
      this.#leaving = true;
      this.#call((r) => r.flush());
    });
    this.#on(window, 'pageshow', () => (this.#leaving = false));
    this.#on(document, 'visibilitychange', () => document.visibilityState === 'hidden' && this.#call((r) => r.flush()));
    this.#on(window, 'storage', (e) => {
      if (e.key !== PROFILE_KEY && e.key !== null) return;
      this.#update((r) => r.storageChanged(e.newValue ?? undefined));
    });
    const marked = '[data-sw-widget],[data-sw-slot]';
    const placed = '[data-sw-widget],[data-sw-slot],[data-sw-product]';
    const has = (n, sel) => n instanceof Element && (n.matches(sel) || n.querySelector(sel) !== null);
    const mo = new MutationObserver((records) => {
      if (this.#waiting) return;
      // Widgets, slots or a product added or removed, items added to an ordered widget, data-sw-page.
      const added = [];
      const grown = new Set();
      let moved = false;
      for (const rec of records) {
        if (rec.type === 'attributes') moved = true;
        for (const n of rec.addedNodes) {
          if (has(n, marked)) added.push(n);
          else if (has(n, placed)) moved = true;
          else if (n instanceof Element && n.hasAttribute('data-sw-item') && n.parentElement?.matches('[data-sw-widget][data-sw-ready]')) grown.add(n.parentElement);
        }
        for (const n of rec.removedNodes) moved ||= has(n, placed);
      }
      if (added.length || grown.size || moved) this.#update((r) => r.follow());
      for (const n of added) this.#announce(this.#call((r) => r.refresh(n, false)));
      for (const w of grown) this.#announce(this.#call((r) => r.arrived(w)));
      // Only what was added can hold a widget not watched yet: no look at the whole page.
      this.#observeWidgets(added);
    });
    mo.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-sw-page'] });
    this.#off.push(() => mo.disconnect());
    const io = new IntersectionObserver((entries) => {
      for (const e of entries) if (!e.isIntersecting) this.#left(e.target);
    });
    // Seen: half of it in the viewport, or across its middle line (covering half of it, when taller).
    const seenBy = [
      new IntersectionObserver((entries) => entries.forEach((e) => e.intersectionRatio >= 0.5 && this.#seen(e.target)), { threshold: 0.5 }),
      new IntersectionObserver((entries) => entries.forEach((e) => e.isIntersecting && this.#seen(e.target)), { rootMargin: '-50% 0px -50% 0px' }),
    ];
    this.#io = io;
    this.#seenBy = seenBy;
    this.#off.push(() => {
      io.disconnect();
      for (const o of seenBy) o.disconnect();
      this.#seenBy = [];
      this.#shelves.clear();
      this.#unready.clear();
    });
    this.#observeWidgets();
  }

  /** Follows history navigation (`tracking.history`); another script's later wrapper stays. */
  #followHistory() {
    const h = history;
    let live = true;
    const moved = () => {
      try {
        if (live) this.#update((r) => r.navigated());
      } catch {
        // the app's navigation is never the engine's to break
      }
    };
    for (const name of ['pushState', 'replaceState']) {
      const own = Object.prototype.hasOwnProperty.call(h, name);
      const original = h[name];
      const hook = function (...args) {
        const result = original.apply(this, args);
        moved();
        return result;
      };
      try {
        h[name] = hook;
      } catch {
        continue;
      }
      this.#off.push(() => {
        live = false;
        if (h[name] !== hook) return;
        if (own) h[name] = original;
        else delete h[name];
      });
    }
    this.#on(window, 'popstate', moved);
  }

  /** Watches the widgets and slots in `roots` (the whole page by default) for sight. */
  #observeWidgets(roots = [document]) {
    if (!this.#io) return;
    const sel = '[data-sw-widget],[data-sw-slot]';
    const found = [];
    for (const root of roots) {
      if (root instanceof Element && root.matches(sel)) found.push(root);
      found.push(...root.querySelectorAll(sel));
    }
    for (const w of found) {
      if (this.#watched.has(w)) continue;
      this.#watched.add(w);
      this.#io.observe(w);
      // Slots are not exposed: only widgets are watched for the shopper's sight.
      if (w.hasAttribute('data-sw-widget')) for (const o of this.#seenBy) o.observe(w);
    }
    for (const w of this.#unready) {
      if (!w.hasAttribute('data-sw-ready')) continue;
      this.#unready.delete(w);
      this.#lookAgain(w);
    }
  }

  /**
   * Tracks a GA4 event (`track('add_to_cart', { items: [...] })`); returns `{ ok, error? }`
   * (`{ ok: true, queued: true }` when called while the engine is busy: it is recorded right after).
   */
  track(name, params) {
    return this.#safe('track', () => {
      const p = toJson(params ?? null);
      let error;
      const refused = (message) => rejected((error = message));
      if (p === undefined && this.#raw) {
        refused(`event "${text(name).slice(0, 40)}" rejected: its parameters cannot be turned into JSON (do they contain a cycle or a BigInt?)`);
        return { ok: false, error };
      }
      const n = toJson(name) ?? 'null';
      const r = this.#update((raw) => raw.track(n, p ?? '"(cannot be serialized)"'), '{"ok":false,"error":"the engine is not running"}', refused);
      if (error !== undefined) return { ok: false, error };
      return r.ok ? (r.queued ? { ok: true, queued: true } : { ok: true }) : { ok: false, error: r.error };
    }, { ok: false, error: 'the event cannot be read' });
  }

  /**
   * Ranks items for a widget without touching the page (for React, Vue, Svelte…).
   * Returns `{ order, hidden, personalized, items? }`; on any problem, the original order.
   */
  rank(widgetId, items, options) {
    return this.#safe('rank', () => {
      if (options?.explain === true && !this.#saidExplain) {
        this.#saidExplain = true;
        warn('rank(): explanations load on demand; `await sw.explainRank(widgetId, items)` ranks with every item\'s score and reasons');
      }
      const widget = text(widgetId);
      const kept = this.#rankKept(widget, items);
      if (kept !== undefined) return kept;
      const json = rows(items);
      const out = json === undefined ? undefined : this.#call((r) => r.rank(widget, json));
      return out === undefined ? original(items) : JSON.parse(out);
    }, original(items));
  }

  /** The same ranking with every item's score and reasons (loads the explaining part once). */
  explainRank(widgetId, items) {
    return this.#explain('explainRank', original(items), (t, state) => {
      const json = rows(items);
      return json === undefined ? undefined : t.explainRankJson(this.#config, state, text(widgetId), json);
    });
  }

  /**
   * rank() of objects with string ids: only new or changed items cross (as rows), places come
   * back; undefined: rank the full way. An item new or changed costs one array kept (its facts,
   * arrays copied) and one map entry: first sight stays close to the full way's cost.
   */
  #rankKept(widget, items) {
    if (!Array.isArray(items) || items.length > 5000) return undefined;
    if (this.#nextKept + items.length > MAX_KEPT) this.#forgetKept();
    const kept = this.#kept;
    const n = items.length;
    const ids = new Array(n);
    const handles = new Uint32Array(n);
    const rows = [];
    const at = [];
    for (let k = 0; k < n; k++) {
      const i = items[k];
      const id = i?.id;
      // Kept entries change only with a row sent: on the way out, forget them if any was.
      if (typeof id !== 'string' || Array.isArray(i)) return rows.length ? this.#forgetKept() : undefined;
      const c = i.category, b = i.brand, p = i.price, t = i.tags, r = i.related;
      let e = kept.get(id);
      if (e === undefined || !sameFact(e[1], c) || !sameFact(e[2], b) || !sameFact(e[3], p) || !sameFact(e[4], t) || !sameFact(e[5], r)) {
        const f = [e === undefined ? this.#nextKept++ : e[0], factOf(c), factOf(b), factOf(p), factOf(t), factOf(r)];
        if (f.includes(UNKEPT)) return rows.length ? this.#forgetKept() : undefined;
        kept.set(id, (e = f));
        rows.push([id, c, b, p, t, r]);
        at.push(e[0]);
      }
      handles[k] = e[0];
      ids[k] = id;
    }
    const fresh = rows.length ? toJson(rows) : '[]';
    const out = fresh === undefined ? undefined : this.#call((raw) => raw.rankKept(widget, handles, fresh, new Uint32Array(at)));
    if (!out) return rows.length ? this.#forgetKept() : undefined;
    const shown = out[1];
    const order = new Array(shown);
    const hidden = new Array(out.length - 2 - shown);
    for (let k = 0; k < shown; k++) order[k] = ids[out[2 + k]];
    for (let k = 0; k < hidden.length; k++) hidden[k] = ids[out[2 + shown + k]];
    return { order, hidden, personalized: out[0] === 1 };
  }

  /** Forgets the items rank() kept (the engine's are replaced as numbers are given again); undefined. */
  #forgetKept() {
    this.#kept = new Map();
    this.#nextKept = 0;
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
    return this.#explain('explainSegment', null, (t, state) => t.explainSegmentJson(this.#config, state, text(id)));
  }

  /** Every item's score and reasons for a widget on the page (element or id). */
  explainWidget(widget) {
    return this.#explain('explainWidget', null, (t, state) => {
      const el = typeof widget === 'string' ? document.querySelector(`[data-sw-widget="${CSS.escape(widget)}"]`) : widget;
      if (!(el instanceof Element)) return undefined;
      return t.explainWidgetJson(this.#config, state, el, this.#call((r) => r.widgetMemory(el)));
    });
  }

  /**
   * Runs `fn(tools, state)` over the explaining part of the engine (loaded once) and this
   * engine's state; resolves to its JSON answer parsed, or `fallback`. Never rejects.
   */
  async #explain(what, fallback, fn) {
    if (!this.#raw) return fallback;
    let t;
    try {
      t = await tools();
    } catch (e) {
      // A page being left cancels the download, sometimes before it says so (pagehide): a page
      // that is still there a second later had a real failure to report.
      setTimeout(() => this.#leaving || warn(`${what}: the explaining part of the engine could not load (${text(e)}); serve shelfwise_tools.js and shelfwise_tools_bg.wasm next to shelfwise.js, or call loadTools(url)`), 1000);
      return fallback;
    }
    const state = this.#call((r) => r.toolState());
    if (state === undefined) return fallback;
    return this.#safe(what, () => {
      const out = fn(t, state);
      return out ? JSON.parse(out) : fallback;
    }, fallback);
  }

  /** Sets what the shop knows about the visitor (`attrs.*` in conditions; not stored). */
  setAttributes(attrs) {
    this.#safe('setAttributes', () => {
      const json = toJson(attrs) ?? 'null';
      this.#update((r) => r.setAttributes(json));
    });
  }

  /** Sets the shopper's stated preferences (`prefs.*`; weighs above inferred interest). */
  setPreferences(prefs) {
    this.#safe('setPreferences', () => {
      const json = toJson(prefs) ?? 'null';
      this.#update((r) => r.setPreferences(json));
    });
  }

  /** Gives (true) or withdraws (false) consent to keep data in this browser; withdrawing erases it. */
  consent(granted) {
    if (granted !== true && granted !== false) {
      warn(`consent() takes true or false, got ${typeof granted}; nothing changed`);
      return;
    }
    this.#update((r) => r.consent(granted));
  }

  /** How data is kept: `local`, or why not (`consent-pending`, `consent-denied`, `gpc`, `unavailable`, `off`). */
  storage() {
    return this.#call((r) => r.storageState(), 'off');
  }

  /** Everything kept about the visitor, as a plain object. */
  exportData() {
    return JSON.parse(this.#call((r) => r.exportData(), IDLE_EXPORT));
  }

  /** Erases everything kept about the visitor, in this tab and every other. */
  forget() {
    this.#update((r) => r.forget());
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
      if (this.#busy) {
        this.#queue.push(() => this.refresh(root));
        return;
      }
      if (this.#waiting) return; // every widget is ordered when the wait ends
      this.#announce(this.#call((r) => r.refresh(root ?? undefined, false)));
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
    if (!this.#raw) return;
    const write = () => {
      if (this.#busy) this.#queue.push(write);
      else this.#call((r) => r.flush());
    };
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
    const off = () => {
      document.removeEventListener(`shelfwise:${type}`, fn);
      const i = this.#off.indexOf(off);
      if (i >= 0) this.#off.splice(i, 1);
    };
    document.addEventListener(`shelfwise:${type}`, fn);
    if (this.#raw) this.#off.push(off);
    return off;
  }

  /** Stops the engine: pending changes are written, then every listener, observer, timer and hook it had is gone (a tag manager's wrapper of `dataLayer.push` stays). */
  stop() {
    if (!this.#raw) return;
    if (this.#busy) {
      this.#queue.push(() => this.stop());
      return;
    }
    this.#call((r) => r.flush());
    this.#shutdown();
  }
}
