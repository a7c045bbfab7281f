// The browsers and contexts of the driver layer (see ../driver.mjs): a WebDriver session per
// browser, started through scripts/engines.mjs, and contexts that are origins of their own.
import { Agent } from 'node:http';
import selenium from 'selenium-webdriver';
import http from 'selenium-webdriver/http/index.js';
import { capabilities, debug, findEngine, startDriver } from '../../../scripts/engines.mjs';
import { Page } from './page.mjs';
import { activate, deactivate, newAddress, startProxy } from './server.mjs';

const { WebDriver } = selenium;
const VIEWPORT = { width: 1280, height: 720 };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `promise`, or an error after `ms`. */
function within(ms, promise, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** A session of `found`'s browser through a driver of its own, its window sized. */
async function session(found, proxy) {
  const server = await startDriver(found);
  let driver;
  try {
    const executor = new http.Executor(new http.HttpClient(server.url, new Agent({ keepAlive: true })));
    debug(`${found.engine}: new session`);
    driver = await within(60_000, WebDriver.createSession(executor, capabilities(found, { proxy: proxy.address })), 'starting the browser');
    await within(30_000, driver.manage().setTimeouts({ script: 60_000, pageLoad: 30_000 }), 'setting the timeouts');
    const browser = new Browser(found.engine, driver, server, proxy);
    browser.spare = await within(30_000, driver.getWindowHandle(), 'finding the window');
    await within(30_000, browser.sizeWindow(browser.spare, VIEWPORT), 'sizing the window');
    return browser;
  } catch (e) {
    if (driver) await within(10_000, driver.quit(), 'ending the session').catch(() => {});
    await server.stop();
    const said = server.stderr().trim();
    if (said) e.message += `; its driver said: ${said.slice(-1000)}`;
    throw e;
  }
}

/** Starts `engine`'s browser through its WebDriver server (once more if a step hangs). */
export async function launch(engine) {
  const found = findEngine(engine);
  const proxy = await startProxy();
  for (let attempt = 1; ; attempt++) {
    try {
      const browser = await session(found, proxy);
      debug(`${engine}: launched`);
      return browser;
    } catch (e) {
      if (attempt < 2 && /longer than/.test(e.message)) {
        process.stderr.write(`${engine}: ${e.message}; starting it again\n`);
        continue;
      }
      await proxy.close();
      throw new Error(`${engine}: the browser did not start (${e.message})`);
    }
  }
}

/** A browser session. */
export class Browser {
  constructor(engine, driver, server, proxy) {
    Object.assign(this, { engine, driver, server, proxy, current: null, spare: null, context: null, sizes: new Map(), queue: Promise.resolve() });
  }

  /**
   * Runs `fn(driver)` alone: the next exchange with the driver starts when this one is over
   * (WebKitWebDriver loses track of a navigation when another command comes in meanwhile, and
   * a route handler may call the page while the test waits on it). `handle`: in that window.
   */
  exclusive(fn, handle) {
    const run = this.queue.then(async () => {
      if (handle !== undefined && this.current !== handle) {
        await this.driver.switchTo().window(handle);
        this.current = handle;
      }
      return fn(this.driver);
    });
    this.queue = run.catch(() => {});
    return run;
  }

  /** Makes the page area of window `handle` `width` × `height`. */
  async sizeWindow(handle, { width, height }) {
    if (this.sizes.get(handle) === `${width}x${height}`) return;
    this.sizes.delete(handle);
    const shown = await this.exclusive(async (driver) => {
      const inner = () => driver.executeScript('return [innerWidth, innerHeight]');
      const same = (x, y) => x[0] === y[0] && x[1] === y[1];
      // The page area once a resize has reached it: browsers apply a new window size a moment
      // after saying so (longer on a busy machine).
      const settled = async (before) => {
        let now = await inner();
        for (const until = Date.now() + 3000; same(now, before) && Date.now() < until; now = await inner()) await sleep(50);
        for (let i = 0; i < 20; i++) {
          await sleep(50);
          const again = await inner();
          if (same(again, now)) break;
          now = again;
        }
        return now;
      };
      let now = await inner();
      for (let i = 0; i < 5 && !same(now, [width, height]); i++) {
        // The window's frame (toolbars, borders) stays: the window grows by what the page lacks.
        const rect = await driver.manage().window().getRect();
        await driver.manage().window().setRect({ width: rect.width + width - now[0], height: rect.height + height - now[1] });
        now = await settled(now);
      }
      return same(now, [width, height]) ? null : now;
    }, handle);
    if (shown) throw new Error(`${this.engine} cannot show a ${width}×${height} page (it shows ${shown[0]}×${shown[1]}: its windows have a minimum size)`);
    this.sizes.set(handle, `${width}x${height}`);
  }

  /** A new context (its own origin, storage, routes and init scripts); the previous one is closed. */
  async newContext() {
    await this.context?.close();
    const ctx = new Context(this);
    this.context = ctx;
    await activate(ctx);
    return ctx;
  }

  /** A page in a new context. `viewport`: the size of its page area (default 1280 × 720). */
  async newPage({ viewport } = {}) {
    const ctx = await this.newContext();
    return ctx.newPage({ viewport });
  }

  /** Ends the session and its driver. */
  async close() {
    debug(`${this.engine}: closing`);
    await this.context?.close().catch(() => {});
    await within(30_000, this.driver.quit(), 'ending the session').catch(() => {});
    await this.server.stop();
    await this.proxy.close();
  }
}

/** A browser context: an origin of its own, its pages, routes, init scripts and request log. */
export class Context {
  constructor(browser) {
    Object.assign(this, { browser, address: newAddress(), pages: [], routes: [], initScripts: [], requests: [], routeErrors: [], clock: null, closed: false });
  }

  /** A new page (the browser's spare window, or a new one). */
  async newPage({ viewport } = {}) {
    if (this.closed) throw new Error('this context is closed');
    const b = this.browser;
    let handle;
    if (b.spare) {
      handle = b.spare;
      b.spare = null;
    } else {
      handle = await b.exclusive(async (driver) => {
        await driver.switchTo().newWindow('window');
        b.current = await driver.getWindowHandle();
        return b.current;
      });
    }
    const page = new Page(this, handle);
    this.pages.push(page);
    await b.sizeWindow(handle, viewport ?? VIEWPORT);
    return page;
  }

  /** Runs `fn` (with `arg`) or the source `fn` before any script of each page of this context. */
  async addInitScript(fn, arg) {
    this.initScripts.push(typeof fn === 'function' ? `(${fn})(${JSON.stringify(arg)});` : String(fn));
  }

  /** Answers the requests `matcher` takes with `handler(route)` (the last route added first). */
  async route(matcher, handler) {
    this.routes.push({ matcher, handler });
  }

  /** Cookies the current page of this context sees. */
  async cookies() {
    const page = this.pages.at(-1);
    return page ? page.cmd((driver) => driver.manage().getCookies()) : [];
  }

  /** Closes every page of the context (the browser keeps one blank window) and its origin. */
  async close() {
    if (this.closed) return;
    this.closed = true;
    for (const p of [...this.pages]) await p.close({ keepWindow: true });
    await deactivate(this);
    if (this.browser.context === this) this.browser.context = null;
  }
}
