// What the driver layer runs inside the page: the recorder of console messages and uncaught
// errors (WebDriver classic cannot listen to the console), the test clock, the value codec that
// carries undefined, NaN and the like across WebDriver's JSON, and the element finder of
// selectors and locators. Each function is sent as source text, so it may use nothing from
// this module.

/**
 * Installed first in every HTML page the test servers serve. Records `type: text` console
 * lines, uncaught errors and Content-Security-Policy violations (`directive blocked-URL`) until
 * the driver drains them, each line numbered within the tab. Lines still undelivered when the
 * page is left go on to the next page of the tab in `window.name` (kept up to date as lines
 * come), and lines written while the page is being left are also sent to the test server
 * (`LATE_PATH`), because Chromium hands the next page the name it had when leaving began.
 */
export function recorder(LATE_PATH) {
  if (window.__swRec) return;
  const STASH = '__swrec:';
  let tab = Math.random().toString(36).slice(2);
  let seq = 0;
  let pending = [];
  let leaving = false;
  let detached = false;
  try {
    if (typeof window.name === 'string' && window.name.startsWith(STASH)) {
      ({ tab, seq, pending } = JSON.parse(window.name.slice(STASH.length)));
    }
  } catch {
    pending = [];
  }
  let queued = false;
  const stash = () => {
    queued = false;
    if (detached) return;
    try {
      window.name = STASH + JSON.stringify({ tab, seq, pending });
    } catch {
      // a page that cannot keep it loses it
    }
  };
  const add = (kind, text) => {
    if (detached) return;
    const line = [++seq, kind, text];
    pending.push(line);
    if (leaving) {
      stash();
      try {
        navigator.sendBeacon(LATE_PATH, JSON.stringify({ tab, line }));
      } catch {
        // the name still carries it where the browser passes it on
      }
    } else if (!queued) {
      queued = true;
      queueMicrotask(stash);
    }
  };
  const show = (v) => {
    if (typeof v === 'string') return v;
    try {
      if (v instanceof Error) return `${v.name}: ${v.message}`;
      if (v !== null && typeof v === 'object') return JSON.stringify(v) ?? String(v);
      return String(v);
    } catch {
      return Object.prototype.toString.call(v);
    }
  };
  for (const [method, type] of [['log', 'log'], ['info', 'info'], ['warn', 'warning'], ['error', 'error'], ['debug', 'debug']]) {
    const original = console[method];
    console[method] = function (...args) {
      add('message', `${type}: ${args.map(show).join(' ')}`);
      return original.apply(this, args);
    };
  }
  window.addEventListener('error', (e) => add('error', e.error?.message ?? e.message));
  window.addEventListener('unhandledrejection', (e) => add('error', e.reason?.message ?? show(e.reason)));
  document.addEventListener('securitypolicyviolation', (e) => add('violation', `${e.effectiveDirective ?? e.violatedDirective} ${e.blockedURI}`));
  window.addEventListener('pagehide', () => {
    leaving = true;
  });
  window.addEventListener('pageshow', () => {
    leaving = false;
  });
  stash();
  const rec = {
    /** `{ tab, lines }`: the lines not delivered yet (`[seq, kind, text]`). */
    drain() {
      const lines = pending;
      pending = [];
      stash();
      return { tab, lines };
    },
    /** Stops recording (the page belongs to a closed context) and keeps nothing for the next page. */
    detach() {
      detached = true;
      pending = [];
      window.name = '';
    },
    /** The page's own import(): Firefox gives WebDriver's scripts a module map of their own. */
    import: (url) => import(new URL(url, document.baseURI).href),
    setTimeout: window.setTimeout.bind(window),
    now: performance.now.bind(performance),
  };
  Object.defineProperty(window, '__swRec', { value: rec });
}

/** The test clock: `Date` reads `time` as of `at` (both ms) and runs on from there. */
export function clock(time, at) {
  const Real = Date;
  let delta = time - at;
  function FakeDate(...args) {
    if (!new.target) return new Real(Real.now() + delta).toString();
    return args.length ? new Real(...args) : new Real(Real.now() + delta);
  }
  FakeDate.prototype = Real.prototype;
  FakeDate.now = () => Real.now() + delta;
  FakeDate.parse = Real.parse;
  FakeDate.UTC = Real.UTC;
  Object.defineProperty(FakeDate, 'name', { value: 'Date' });
  window.Date = FakeDate;
  Object.defineProperty(window, '__swClock', {
    value: {
      set(t, now) {
        delta = t - now;
      },
    },
  });
}

/**
 * Encodes a value as JSON that keeps what JSON cannot say (undefined, NaN, ±Infinity, -0,
 * BigInt, Date); objects are `{ $o: [[key, value], …] }`, so no key of theirs is mistaken for a
 * tag and their order survives drivers that sort keys (chromedriver, geckodriver).
 */
export function encode(value) {
  const stack = new Set();
  const walk = (v) => {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return { $u: 1 };
    if (typeof v === 'number') {
      if (Number.isNaN(v) || !Number.isFinite(v) || Object.is(v, -0)) return { $n: Object.is(v, -0) ? '-0' : String(v) };
      return v;
    }
    if (typeof v === 'bigint') return { $b: String(v) };
    if (v === null || typeof v !== 'object') return v;
    if (v instanceof Date) return { $d: v.getTime() };
    if (typeof Node !== 'undefined' && v instanceof Node) return { $u: 1 };
    if (stack.has(v)) throw new Error('the value holds a cycle and cannot be returned');
    stack.add(v);
    let out;
    if (Array.isArray(v)) out = Array.from(v, walk);
    else {
      const o = [];
      for (const k of Object.keys(v)) {
        let x;
        try {
          x = v[k];
        } catch {
          continue; // a getter that throws (e.g. of a prototype) is left out
        }
        o.push([k, walk(x)]);
      }
      out = { $o: o };
    }
    stack.delete(v);
    return out;
  };
  return walk(value);
}

/** Reverses `encode`. */
export function decode(value) {
  const walk = (v) => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    if ('$u' in v) return undefined;
    if ('$n' in v) return v.$n === '-0' ? -0 : Number(v.$n);
    if ('$b' in v) return BigInt(v.$b);
    if ('$d' in v) return new Date(v.$d);
    const o = {};
    for (const [k, x] of v.$o ?? []) o[k] = walk(x);
    return o;
  };
  return walk(value);
}

/**
 * Every element `steps` select, in document order, looking into open shadow roots: each step
 * is `{ css, hasText }`, `{ text }` (the innermost elements whose text holds it; Playwright's
 * `text=` and getByText) or `{ role, name }` (getByRole), applied within the previous step's
 * elements. A selector string is one step (`text=…` or CSS).
 */
export function find(steps) {
  const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
  const all = (scope, css) => {
    const out = [];
    const visit = (root) => {
      out.push(...root.querySelectorAll(css));
      for (const e of root.querySelectorAll('*')) if (e.shadowRoot) visit(e.shadowRoot);
    };
    if (scope.shadowRoot) visit(scope.shadowRoot);
    visit(scope);
    return out;
  };
  const ROLES = {
    button: 'button, [role="button"], input[type="button"], input[type="submit"], input[type="reset"]',
    link: 'a[href], [role="link"]',
    status: 'output, [role="status"]',
    heading: 'h1, h2, h3, h4, h5, h6, [role="heading"]',
    listitem: 'li, [role="listitem"]',
    textbox: 'input:not([type]), input[type="text"], input[type="email"], input[type="search"], textarea, [role="textbox"]',
  };
  const label = (e) => e.getAttribute('aria-label') ?? (e instanceof HTMLInputElement ? e.value : e.textContent);
  const list = typeof steps === 'string' ? [steps.startsWith('text=') ? { text: steps.slice(5).replace(/^"(.*)"$/, '$1') } : { css: steps }] : steps;
  let scopes = [document];
  for (const step of list) {
    if (step.nth !== undefined) {
      scopes = scopes.slice(step.nth, step.nth + 1);
      continue;
    }
    const next = new Set();
    for (const scope of scopes) {
      let found;
      if (step.css !== undefined) found = all(scope, step.css);
      else if (step.role !== undefined) {
        found = all(scope, ROLES[step.role] ?? `[role="${step.role}"]`);
        if (step.name !== undefined) found = found.filter((e) => norm(label(e)).includes(norm(step.name)));
      } else {
        const want = norm(step.text);
        const holds = (e) => !['SCRIPT', 'STYLE', 'HEAD', 'TITLE', 'HTML', 'BODY'].includes(e.tagName) && norm(e.textContent).includes(want);
        found = all(scope, '*').filter((e) => holds(e) && ![...e.children].some(holds));
      }
      if (step.hasText !== undefined) found = found.filter((e) => norm(e.textContent).includes(norm(step.hasText)));
      for (const e of found) next.add(e);
    }
    scopes = [...next];
  }
  return scopes.filter((e) => e !== document);
}

/** Whether an element is shown: a box of some size, not visibility: hidden. */
export function visible(e) {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
}
