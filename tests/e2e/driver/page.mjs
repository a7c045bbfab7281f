// The pages of the driver layer (see ../driver.mjs): Playwright's Page, ElementHandle and
// Locator over WebDriver classic. Every exchange with the driver goes through the browser's
// queue (Browser.exclusive), one at a time.
import selenium from 'selenium-webdriver';
import { decode, encode, find, visible } from './in-page.mjs';
import { onLateLines } from './server.mjs';

const { error: errors } = selenium;

/** Pages by the recorder's tab ids, for the lines pages send while they are left. */
const tabs = new Map();
const early = new Map();
onLateLines((tab, line) => {
  const page = tabs.get(tab);
  if (page) page.take(tab, line);
  else early.set(tab, [...(early.get(tab) ?? []), line]);
});
const DEFAULT_TIMEOUT = 15_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Source of the in-page prelude every script starts with. `__settle(promise)` waits a moment
 * for it; a promise still pending is kept in the page, and `__poll(id)` waits for it again,
 * so that the driver is free for other commands meanwhile (as Playwright's evaluate is).
 */
const PRELUDE = `const __enc = ${encode}; const __dec = ${decode}; const __find = ${find}; const __visible = ${visible};
const __drain = () => (window.__swRec ? window.__swRec.drain() : null);
const __later = (ms) => new Promise((r) => (window.__swRec ? window.__swRec.setTimeout : setTimeout)(r, ms));
const __pending = () => window.__swPending || Object.defineProperty(window, '__swPending', { value: new Map() }).__swPending;
const __wait = async (entry, ms) => {
  await Promise.race([entry.settled, __later(ms)]);
  return entry.box.out ? { ...entry.box.out, log: __drain() } : null;
};
const __settle = async (promise) => {
  const box = {};
  const settled = Promise.resolve(promise).then(
    (v) => { try { box.out = { value: __enc(v) }; } catch (e) { box.out = { error: String(e && e.message || e), stack: '' }; } },
    (e) => { box.out = { error: String(e && e.message || e), stack: String(e && e.stack || '') }; });
  const entry = { settled, box };
  const done = await __wait(entry, 200);
  if (done) return done;
  const id = Math.random().toString(36).slice(2);
  __pending().set(id, entry);
  return { pending: id, log: __drain() };
};
const __poll = async (id) => {
  const entry = __pending().get(id);
  if (!entry) return { lost: true, log: __drain() };
  const done = await __wait(entry, 500);
  if (!done) return { pending: id, log: __drain() };
  __pending().delete(id);
  return done;
};`;

/** `source` with its dynamic imports made the page's own (see the recorder's `import`). */
function pageImports(source) {
  return source.replace(/\bimport\(/g, '(window.__swRec ? window.__swRec.import : (u) => import(u))(');
}

/**
 * The source that calls `fn` with `arg`; `fn` may also be the source of an expression (its
 * value is the result) or of statements (run for their effect), as in Playwright.
 */
function call(fn, argExpr) {
  if (typeof fn === 'function') return pageImports(`(${fn})(${argExpr})`);
  try {
    new Function(`return (${fn}\n);`); // eslint-disable-line no-new-func -- a syntax check only
    return pageImports(`(${fn}\n)`);
  } catch {
    return pageImports(`(() => {\n${fn}\n})()`);
  }
}

/** Errors that mean "try again": the page was navigating (WebKit: "… before the unload event"), or the element was covered or busy. */
function transient(e) {
  return [errors.JavascriptError, errors.StaleElementReferenceError, errors.ElementClickInterceptedError, errors.ElementNotInteractableError, errors.NoSuchElementError, errors.ScriptTimeoutError, errors.UnexpectedAlertOpenError]
    .some((E) => e instanceof E) || /unload|navigat|detached|destroyed|Inspected target/i.test(e.message ?? '');
}

/** A page (a window of the browser). */
export class Page {
  constructor(ctx, handle) {
    Object.assign(this, { ctx, handle, messages: [], errors: [], violations: [], closed: false, tabs: new Map() });
    this.keyboard = { type: (text) => this.type(text) };
    this.clock = {
      install: async ({ time = Date.now() } = {}) => this.setTime(time),
      setSystemTime: async (time) => this.setTime(typeof time === 'number' ? time : new Date(time).getTime()),
      resume: async () => {},
    };
  }

  context() {
    return this.ctx;
  }

  /** Runs `fn(driver)` in this page's window, alone (see Browser.exclusive). */
  cmd(fn) {
    if (this.closed) return Promise.reject(new Error('this page is closed (a new context closes the pages of the previous one)'));
    return this.ctx.browser.exclusive(fn, this.handle);
  }

  /** Runs `body` (a script using the prelude) with `args`; collects console lines and errors. */
  async run(body, ...args) {
    const out = await this.cmd((driver) => driver.executeScript(`${PRELUDE}\nreturn (async () => {\n${body}\n})();`, ...args));
    this.absorb(out?.log);
    return out;
  }

  /** Takes the lines a recorder drained (`{ tab, lines }`), each once. */
  absorb(log) {
    if (!log) return;
    if (!this.tabs.has(log.tab)) {
      this.tabs.set(log.tab, new Set());
      tabs.set(log.tab, this);
      for (const line of early.get(log.tab) ?? []) this.take(log.tab, line);
      early.delete(log.tab);
    }
    for (const line of log.lines) this.take(log.tab, line);
  }

  take(tab, [seq, kind, text]) {
    const seen = this.tabs.get(tab);
    if (seen.has(seq)) return;
    seen.add(seq);
    (kind === 'error' ? this.errors : kind === 'violation' ? this.violations : this.messages).push(text);
  }

  /** Runs `fn(arg)` in the page; resolves to its (awaited) result. */
  async evaluate(fn, arg) {
    return this.settle('page.evaluate', `(async () => ${call(fn, '__dec(arguments[0])')})()`, encode(arg));
  }

  /** Runs the expression `promise` (with `args`) and waits until it settles; resolves to its value. */
  async settle(what, promise, ...args) {
    const until = Date.now() + 120_000;
    let out;
    try {
      out = await this.run(`return __settle(${promise});`, ...args);
      while (out.pending && Date.now() < until) out = await this.run('return __poll(arguments[0]);', out.pending);
    } catch (e) {
      if (transient(e)) throw new Error(`${what}: the page went away before the function returned (${e.message})`);
      throw e;
    }
    if (out.lost) throw new Error(`${what}: the page went away before the function returned`);
    if (out.pending) throw new Error(`${what}: the function did not return within 120 s`);
    if (out.error !== undefined) throw new Error(`${what}: ${out.error}\n${out.stack ?? ''}`);
    return decode(out.value);
  }

  /** Polls `fn(arg)` in the page until it is truthy; resolves to that value. */
  async waitForFunction(fn, arg, { timeout = DEFAULT_TIMEOUT } = {}) {
    const until = Date.now() + timeout;
    let last;
    while (Date.now() < until) {
      const slice = Math.max(50, Math.min(500, until - Date.now()));
      let out;
      try {
        out = await this.run(`const f = (a) => ${call(fn, 'a')}; const arg = __dec(arguments[0]);
const rec = window.__swRec; const now = rec ? rec.now : () => performance.now(); const later = rec ? rec.setTimeout : setTimeout;
const until = now() + ${slice}; let error;
for (;;) {
  let v;
  try { v = await f(arg); error = undefined; } catch (e) { error = String(e && e.message || e); }
  if (v) return { value: __enc(v), log: __drain() };
  if (now() >= until) return { error, log: __drain() };
  await new Promise((r) => later(r, 16));
}`, encode(arg));
      } catch (e) {
        if (!transient(e) && !(e instanceof errors.NoSuchWindowError && !this.closed)) throw e;
        last = e.message;
        await sleep(50);
        continue;
      }
      if ('value' in out) return decode(out.value);
      last = out.error ?? last;
    }
    throw new Error(`waitForFunction timed out after ${timeout} ms: ${typeof fn === 'function' ? fn.toString() : fn}${last ? `\nlast error: ${last}` : ''}`);
  }

  /** Goes to `url` and waits for its load event; `referer`: arrive there from that page. */
  async goto(url, { referer } = {}) {
    if (!referer) {
      await this.cmd((driver) => driver.get(url));
      return;
    }
    if (!referer.startsWith('http://')) throw new Error(`goto: the referer must be an http:// URL (the test proxy serves no https), got ${referer}`);
    this.ctx.browser.proxy.refer(referer, url);
    await this.cmd(async (driver) => {
      await driver.get(referer);
      await (await driver.findElement({ id: 'go' })).click();
    });
    await this.waitForURL((u) => u.href === new URL(url).href);
  }

  async reload() {
    await this.cmd((driver) => driver.navigate().refresh());
  }

  /** Waits until the page's URL matches (a string, a RegExp or a predicate of a URL) and it has loaded. */
  async waitForURL(pattern, { timeout = DEFAULT_TIMEOUT } = {}) {
    const test = (u) => (typeof pattern === 'function' ? pattern(new URL(u)) : pattern instanceof RegExp ? pattern.test(u) : u === pattern);
    const until = Date.now() + timeout;
    let seen;
    while (Date.now() < until) {
      try {
        const done = await this.cmd(async (driver) => {
          seen = await driver.getCurrentUrl();
          return test(seen) && (await driver.executeScript('return document.readyState')) === 'complete';
        });
        if (done) return;
      } catch (e) {
        if (!transient(e)) throw e;
      }
      await sleep(25);
    }
    throw new Error(`waitForURL timed out after ${timeout} ms: ${pattern} (the page is at ${seen})`);
  }

  waitForTimeout(ms) {
    return sleep(ms);
  }

  content() {
    return this.cmd((driver) => driver.getPageSource());
  }

  async $$eval(selector, fn, arg) {
    return this.evaluate(`(${fn})(__find(${JSON.stringify(selector)}), __dec(arguments[0]))`, arg);
  }

  async $eval(selector, fn, arg) {
    return this.evaluate(`(() => { const e = __find(${JSON.stringify(selector)})[0]; if (!e) throw new Error('no element matches ' + ${JSON.stringify(JSON.stringify(selector))}); return (${fn})(e, __dec(arguments[0])); })()`, arg);
  }

  /** Elements `steps` (a selector, or a locator's steps) select now, as WebDriver elements. */
  async elements(steps) {
    const out = await this.run('return { found: __find(arguments[0]), log: __drain() };', steps);
    return out.found;
  }

  async $$(selector) {
    return (await this.elements(selector)).map((e) => new ElementHandle(this, e));
  }

  async $(selector) {
    return (await this.$$(selector))[0] ?? null;
  }

  /** Waits until `steps` select an element in `state` (visible by default); resolves to it. */
  async waitFor(steps, { state = 'visible', timeout = DEFAULT_TIMEOUT } = {}) {
    const want = { attached: 'e.length > 0', visible: 'e.some(__visible)', detached: 'e.length === 0', hidden: '!e.some(__visible)' }[state];
    if (!want) throw new Error(`unknown state ${state}`);
    await this.waitForFunction(`(() => { const e = __find(${JSON.stringify(steps)}); return ${want}; })()`, undefined, { timeout });
  }

  waitForSelector(selector, options) {
    return this.waitFor(selector, options);
  }

  /** Clicks the first visible element `steps` select (`strict`: it must be the only one). */
  async clickOn(steps, { strict = false, timeout = DEFAULT_TIMEOUT } = {}) {
    const until = Date.now() + timeout;
    let last;
    while (Date.now() < until) {
      try {
        const found = await this.run('const f = __find(arguments[0]); const i = f.findIndex(__visible); return { n: f.length, el: f[i] ?? null, log: __drain() };', steps);
        if (strict && found.n > 1) throw new Error(`${JSON.stringify(steps)} selects ${found.n} elements; one was expected`);
        if (found.el) {
          await this.cmd(() => found.el.click());
          return;
        }
        last = found.n ? 'not visible' : 'no such element';
      } catch (e) {
        if (!transient(e)) throw e;
        last = e.message;
      }
      await sleep(50);
    }
    throw new Error(`click timed out after ${timeout} ms: ${JSON.stringify(steps)} (${last})`);
  }

  click(selector, options) {
    return this.clickOn(selector, options);
  }

  async fill(selector, value) {
    await this.waitFor(selector);
    const [el] = await this.elements(selector);
    await this.cmd(async () => {
      await el.clear();
      await el.sendKeys(value);
    });
  }

  async focus(selector) {
    await this.$eval(selector, (e) => e.focus());
  }

  inputValue(selector) {
    return this.$eval(selector, (e) => e.value);
  }

  textContent(selector) {
    return this.$eval(selector, (e) => e.textContent);
  }

  getAttribute(selector, name) {
    return this.$eval(selector, (e, n) => e.getAttribute(n), name);
  }

  /** Types `text` into the focused element, key by key. */
  type(text) {
    return this.cmd((driver) => driver.actions().sendKeys(text).perform());
  }

  locator(selector, { hasText } = {}) {
    return new Locator(this, [{ css: selector, hasText }]);
  }

  getByText(text) {
    return new Locator(this, [{ text }]);
  }

  getByRole(role, { name } = {}) {
    return new Locator(this, [{ role, name }]);
  }

  async setViewportSize(size) {
    await this.ctx.browser.sizeWindow(this.handle, size);
  }

  addInitScript(fn, arg) {
    return this.ctx.addInitScript(fn, arg);
  }

  route(matcher, handler) {
    return this.ctx.route(matcher, handler);
  }

  /** Sets the test clock of this context to `time` now (and on every page opened from now on). */
  async setTime(time) {
    const at = Date.now();
    this.ctx.clock = { time, at };
    const url = await this.cmd((driver) => driver.getCurrentUrl()).catch(() => 'about:blank');
    if (url.startsWith('http')) await this.evaluate(([t, a]) => window.__swClock?.set(t, a), [time, at]);
  }

  /**
   * Closes the page. The browser's last window stays open for the next page: left as it is
   * when its context closes (the next context is another origin), or swapped for a new window
   * when the page alone closes (a later page of the context must not get this tab's
   * sessionStorage).
   */
  async close({ keepWindow = false } = {}) {
    if (this.closed) return;
    const b = this.ctx.browser;
    const spare = await this.cmd(async (driver) => {
      let next = null;
      if ((await driver.getAllWindowHandles()).length === 1) {
        if (keepWindow) {
          // The next page will leave this one (its unload handlers then write to this
          // context's origin, which nothing reads any more).
          await driver.executeScript("if (window.__swRec) window.__swRec.detach(); else window.name = '';");
          return this.handle;
        }
        await driver.switchTo().newWindow('window');
        next = await driver.getWindowHandle();
        await driver.switchTo().window(this.handle);
      }
      await driver.close();
      b.current = null;
      return next;
    });
    this.closed = true;
    this.ctx.pages = this.ctx.pages.filter((p) => p !== this);
    if (spare !== this.handle) b.sizes.delete(this.handle);
    if (spare) b.spare = spare;
  }
}

/** An element of a page (from `page.$` / `page.$$`). */
export class ElementHandle {
  constructor(page, el) {
    Object.assign(this, { page, el });
  }

  evaluate(fn, arg) {
    return this.page.settle('elementHandle.evaluate', `(async () => (${pageImports(String(fn))})(arguments[0], __dec(arguments[1])))()`, this.el, encode(arg));
  }

  click() {
    return this.page.cmd(() => this.el.click());
  }
}

/** Playwright's Locator: steps resolved afresh at each use. */
export class Locator {
  constructor(page, steps) {
    Object.assign(this, { page, steps });
  }

  locator(selector, { hasText } = {}) {
    return new Locator(this.page, [...this.steps, { css: selector, hasText }]);
  }

  getByText(text) {
    return new Locator(this.page, [...this.steps, { text }]);
  }

  getByRole(role, { name } = {}) {
    return new Locator(this.page, [...this.steps, { role, name }]);
  }

  first() {
    return new Locator(this.page, [...this.steps, { nth: 0 }]);
  }

  waitFor(options) {
    return this.page.waitFor(this.steps, options);
  }

  click(options) {
    return this.page.clickOn(this.steps, { strict: true, ...options });
  }

  async count() {
    return this.page.evaluate(`__find(${JSON.stringify(this.steps)}).length`);
  }

  async textContent() {
    await this.waitFor({ state: 'attached' });
    return this.page.evaluate(`__find(${JSON.stringify(this.steps)})[0].textContent`);
  }

  async allTextContents() {
    return this.page.evaluate(`__find(${JSON.stringify(this.steps)}).map((e) => e.textContent)`);
  }
}
