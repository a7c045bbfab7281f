// The browser engines the tests run in: Chromium, Firefox and WebKit, each with its W3C
// WebDriver server (chromedriver; geckodriver driving headless Firefox; WebKitWebDriver driving
// WebKitGTK's MiniBrowser on a virtual X display). Where each part is (an environment override
// first, then the usual places), what installs a missing part, and how a driver is started.
// Node built-ins only: the set-up uses it before `npm install` has happened.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Every engine, in the order the tests run them. */
export const ENGINES = ['chromium', 'firefox', 'webkit'];

/** The geckodriver release `cargo install` builds (checked against the Firefox ESR of Debian 12). */
export const GECKODRIVER_VERSION = '0.37.1';

/** The entries of a folder (none when it cannot be read). */
function entries(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** MiniBrowser's usual places: Debian/Ubuntu (multiarch), Fedora/Arch (libexec). */
function miniBrowsers(exists, list) {
  const out = [];
  for (const lib of ['/usr/lib', '/usr/libexec', '/usr/lib64']) {
    const dirs = list(lib);
    for (const d of dirs) {
      for (const api of ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0']) {
        out.push(join(lib, d, api, 'MiniBrowser'), join(lib, api, 'MiniBrowser'));
      }
    }
  }
  return [...new Set(out)].filter(exists);
}

/**
 * What each engine needs. `env`: the variable that points at a part kept elsewhere; `paths`:
 * where it usually is; `command`: its name on PATH; `apt`: the Debian package with it;
 * `cargo`: the crate that builds it.
 */
const PARTS = {
  chromium: [
    { part: 'browser', what: 'Chromium', env: 'CHROME_PATH', paths: () => ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'], apt: 'chromium' },
    { part: 'driver', what: 'ChromeDriver', env: 'CHROMEDRIVER', command: 'chromedriver', apt: 'chromium-driver' },
  ],
  firefox: [
    { part: 'browser', what: 'Firefox', env: 'FIREFOX_PATH', paths: () => ['/usr/bin/firefox-esr', '/usr/bin/firefox'], apt: 'firefox-esr' },
    { part: 'driver', what: 'geckodriver', env: 'GECKODRIVER', command: 'geckodriver', paths: (env) => [join(env.CARGO_HOME || join(homedir(), '.cargo'), 'bin', 'geckodriver')], cargo: ['geckodriver', GECKODRIVER_VERSION] },
  ],
  webkit: [
    { part: 'browser', what: 'WebKitGTK MiniBrowser', env: 'MINIBROWSER_PATH', paths: (env, exists, list) => miniBrowsers(exists, list), apt: 'webkit2gtk-driver' },
    { part: 'driver', what: 'WebKitWebDriver', env: 'WEBKITWEBDRIVER', command: 'WebKitWebDriver', apt: 'webkit2gtk-driver' },
    { part: 'display', what: 'Xvfb (a virtual X display for WebKitGTK)', env: 'XVFB', command: 'Xvfb', apt: 'xvfb' },
  ],
};

/** Path of `command` on the PATH of `env`, or null. */
function onPath(command, env, exists) {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && exists(join(dir, command))) return join(dir, command);
  }
  return null;
}

/**
 * Where `engine`'s browser, driver (and, for WebKit, X server) are. Returns
 * `{ engine, browser, driver, display?, missing }`, `missing` listing what was not found as
 * `{ part, what, env, why, apt?, cargo?, overridden }`. `env`, `exists` and `list` (a folder's
 * entries) are there for tests.
 */
export function findEngine(engine, { env = process.env, exists = existsSync, list = entries } = {}) {
  const parts = PARTS[engine];
  if (!parts) throw new Error(`unknown browser engine "${engine}"; the engines are ${ENGINES.join(', ')}`);
  const found = { engine, missing: [] };
  for (const p of parts) {
    const override = env[p.env];
    let path = null;
    let why;
    if (override) {
      path = exists(override) ? override : null;
      why = `${p.env} points at ${override}, which does not exist`;
    } else {
      path = (p.command && onPath(p.command, env, exists)) || (p.paths?.(env, exists, list) ?? []).find((c) => exists(c)) || null;
      why = 'not found';
    }
    found[p.part] = path;
    if (!path) found.missing.push({ part: p.part, what: p.what, env: p.env, why, apt: p.apt, cargo: p.cargo, overridden: Boolean(override) });
  }
  return found;
}

/** The engines to run: all, or those named (comma-separated) in SHELFWISE_ENGINES. */
export function selectedEngines(env = process.env) {
  const named = (env.SHELFWISE_ENGINES ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (!named.length) return [...ENGINES];
  const unknown = named.filter((e) => !ENGINES.includes(e));
  if (unknown.length) throw new Error(`SHELFWISE_ENGINES names ${unknown.join(', ')}; the engines are ${ENGINES.join(', ')}`);
  return ENGINES.filter((e) => named.includes(e));
}

/** What installs the missing parts of `found` (engines): Debian packages and cargo crates. */
export function installPlan(found) {
  const missing = found.flatMap((f) => f.missing).filter((m) => !m.overridden);
  return {
    apt: [...new Set(missing.map((m) => m.apt).filter(Boolean))],
    cargo: missing.map((m) => m.cargo).filter(Boolean),
  };
}

/** The message for parts that could not be found or installed, with the commands that fix it. */
export function missingMessage(found) {
  const lines = [];
  for (const f of found) {
    for (const m of f.missing) {
      const fix = m.cargo ? `cargo install ${m.cargo[0]} --version ${m.cargo[1]}` : `sudo apt-get install ${m.apt} (Debian/Ubuntu)`;
      lines.push(`  ${f.engine}: ${m.what}: ${m.why}. Fix: ${m.overridden ? `point ${m.env} at it` : `${fix}, or point ${m.env} at yours`}`);
    }
  }
  return `the browser tests run in ${found.map((f) => f.engine).join(', ')}, and some of what they need is missing:\n${lines.join('\n')}\n` +
    'To run only some engines for now: SHELFWISE_ENGINES=chromium,firefox npm test';
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Writes `msg` to stderr when SHELFWISE_DRIVER_DEBUG is set (what the browser set-up is doing). */
export function debug(msg) {
  if (process.env.SHELFWISE_DRIVER_DEBUG) process.stderr.write(`[driver ${new Date().toISOString().slice(11, 23)}] ${msg}\n`);
}

const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts a helper process; `stop()` ends it and waits for it. */
function child(cmd, args, opts = {}) {
  const c = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], ...opts });
  running.add(c);
  let stderr = '';
  c.stderr?.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const exited = new Promise((resolve) => c.once('exit', resolve));
  exited.then(() => running.delete(c));
  c.once('error', (e) => {
    stderr += `\n${cmd} could not start: ${e.message}`;
  });
  return {
    process: c,
    exited,
    stderr: () => stderr,
    stop: async () => {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
      const timer = setTimeout(() => c.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A virtual X display of its own (Xvfb picks a free display number). Resolves to { display, stop }. */
export async function startXvfb(xvfb) {
  debug('starting Xvfb');
  const x = child(xvfb, ['-displayfd', '3', '-screen', '0', '1920x1080x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const display = await new Promise((resolve, reject) => {
    let out = '';
    x.process.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    x.exited.then(() => reject(new Error(`Xvfb stopped before it was ready: ${x.stderr().trim()}`)));
    setTimeout(() => reject(new Error(`Xvfb gave no display within 20 s: ${x.stderr().trim()}`)), 20_000).unref();
  }).catch(async (e) => {
    await x.stop();
    throw e;
  });
  debug(`Xvfb on ${display}`);
  return { display, stop: x.stop };
}

/** Waits until a WebDriver server answers /status. */
async function ready(url, proc, what) {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    if (proc.process.exitCode !== null) throw new Error(`${what} stopped at start: ${proc.stderr().trim()}`);
    try {
      const r = await fetch(`${url}/status`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not answer within 20 s: ${proc.stderr().trim()}`);
}

/**
 * Starts `found`'s WebDriver server (for WebKit, on an Xvfb display of its own).
 * Resolves to `{ url, stop }`.
 */
export async function startDriver(found) {
  if (found.missing.length) throw new Error(missingMessage([found]));
  const port = await freePort();
  let xvfb;
  const env = { ...process.env };
  if (found.engine === 'webkit') {
    xvfb = await startXvfb(found.display);
    env.DISPLAY = xvfb.display;
  }
  const args = found.engine === 'firefox' ? ['--port', String(port), '--host', '127.0.0.1'] : [`--port=${port}`];
  debug(`starting ${found.driver} on port ${port}`);
  const driver = child(found.driver, args, { env });
  const url = `http://127.0.0.1:${port}`;
  try {
    await ready(url, driver, found.driver);
  } catch (e) {
    await driver.stop();
    await xvfb?.stop();
    throw e;
  }
  debug(`${found.driver} ready`);
  return {
    url,
    stderr: driver.stderr,
    stop: async () => {
      debug(`stopping ${found.driver}`);
      await driver.stop();
      await xvfb?.stop();
      debug(`stopped ${found.driver}`);
    },
  };
}

/**
 * Chromium's switches: headless, no back-forward cache (as Playwright runs it: a page left is
 * unloaded, and the next one is in the same browsing context), none of its own traffic.
 */
export const CHROMIUM_ARGS = ['--headless=new', '--disable-back-forward-cache', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-default-apps', '--metrics-recording-only', '--screen-info={0,0 1920x1080}'];

/**
 * The W3C capabilities that start `found`'s browser. `proxy`: host:port every request to
 * another host goes through (loopback addresses are reached directly, except in WebKit).
 */
export function capabilities(found, { proxy } = {}) {
  const caps = { pageLoadStrategy: 'normal', unhandledPromptBehavior: 'dismiss' };
  // WebKitGTK's MiniBrowser (2.50) reads the `noProxy` list past its end when an automation
  // session starts: it crashes at random (about one start in three here), and WebKitWebDriver
  // then waits for it forever. WebKit gets no list; the proxy passes loopback requests on.
  const direct = found.engine === 'webkit' ? {} : { noProxy: ['127.0.0.0/8', 'localhost'] };
  if (proxy) caps.proxy = { proxyType: 'manual', httpProxy: proxy, sslProxy: proxy, ...direct };
  if (found.engine === 'chromium') {
    caps.browserName = 'chrome';
    caps['goog:chromeOptions'] = { binary: found.browser, args: [...CHROMIUM_ARGS, '--window-size=1280,900'] };
  } else if (found.engine === 'firefox') {
    caps.browserName = 'firefox';
    caps['moz:firefoxOptions'] = {
      binary: found.browser,
      args: ['-headless', '--width=1280', '--height=900'],
      // No traffic of its own: no captive-portal check, no update or telemetry.
      prefs: { 'network.captive-portal-service.enabled': false, 'app.update.enabled': false, 'toolkit.telemetry.enabled': false, 'browser.safebrowsing.malware.enabled': false, 'browser.safebrowsing.phishing.enabled': false },
    };
  } else {
    caps.browserName = 'MiniBrowser';
    caps['webkitgtk:browserOptions'] = { binary: found.browser, args: ['--automation'] };
  }
  return caps;
}

/**
 * A WebDriver server for tools that start their sessions without capabilities of their own
 * (wasm-bindgen-test-runner's SAFARIDRIVER_REMOTE): `found`'s driver, with every new session
 * given `capabilities(found)`. Resolves to `{ url, stop }`.
 */
export async function remoteWithCapabilities(found) {
  const driver = await startDriver(found);
  const target = new URL(driver.url);
  const caps = capabilities(found);
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.method === 'POST' && /^\/session\/?$/.test(req.url)) {
        body = Buffer.from(JSON.stringify({ capabilities: { alwaysMatch: caps } }));
      }
      const fwd = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      fwd.on('error', (e) => res.writeHead(502).end(JSON.stringify({ value: { error: 'unknown error', message: e.message } })));
      fwd.end(body);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await driver.stop();
    },
  };
}

/** The variables that point the end-to-end tests at what the set-up found (see findEngine). */
export function engineVariables(engines) {
  const out = {};
  for (const found of Object.values(engines)) {
    for (const p of PARTS[found.engine]) if (found[p.part]) out[p.env] = found[p.part];
  }
  return out;
}

const DRIVER_VARIABLES = ['GECKODRIVER', 'SAFARIDRIVER', 'CHROMEDRIVER', 'MSEDGEDRIVER'].flatMap((v) => [v, `${v}_REMOTE`, `${v}_ARGS`]);

/**
 * What wasm-bindgen-test-runner needs to run the browser tests in `found`'s engine: `env` (the
 * one driver variable it is to use; the others unset) and `capabilities` for its
 * webdriver.json. Every driver is started here (the runner knows only Safari's safaridriver
 * for WebKit, which it starts without capabilities): `stop()` ends it.
 */
export async function wasmTestRunner(found) {
  const env = Object.fromEntries(DRIVER_VARIABLES.map((v) => [v, undefined]));
  if (found.engine === 'webkit') {
    const remote = await remoteWithCapabilities(found);
    return { env: { ...env, SAFARIDRIVER_REMOTE: remote.url }, capabilities: {}, stop: remote.stop };
  }
  const caps = capabilities(found);
  // The driver is started here and handed over as a remote: the runner gives a driver it starts
  // itself only a few seconds to listen, too few on a busy machine.
  const driver = await startDriver(found);
  if (found.engine === 'chromium') {
    // The runner adds its own headless switches; ours would clash with them.
    const args = CHROMIUM_ARGS.filter((a) => !a.startsWith('--headless')).map((a) => a.replace(/^--/, ''));
    return { env: { ...env, CHROMEDRIVER_REMOTE: driver.url }, capabilities: { 'goog:chromeOptions': { ...caps['goog:chromeOptions'], args } }, stop: driver.stop };
  }
  const options = { ...caps['moz:firefoxOptions'], args: [] }; // the runner adds -headless
  return { env: { ...env, GECKODRIVER_REMOTE: driver.url }, capabilities: { 'moz:firefoxOptions': options }, stop: driver.stop };
}
