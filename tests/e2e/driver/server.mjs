// The test servers' side of the driver layer. Every browser context is given a loopback address
// of its own (127.0.0.2, 127.0.0.3, …) on which every live test server also listens, so each
// context is a separate origin with storage of its own, without a new browser session.
// Requests that reach a server through a context's address are logged to that context, go
// through its routes (Playwright's `route()`: fulfil, abort, continue, fetch), and HTML pages
// get the context's init script (the recorder of in-page.mjs, the test clock, addInitScript's
// scripts) as the first script of the page. The proxy logs every request for another host.
import { readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { connect } from 'node:net';
import { resolve, serve } from '../../../scripts/serve.mjs';
import { clock, recorder } from './in-page.mjs';

const INIT_PATH = '/__sw-test/init.js';
const LATE_PATH = '/__sw-test/late';
let lateLines = () => {};

/** Hands `listener(tab, line)` the console lines pages send while they are being left. */
export function onLateLines(listener) {
  lateLines = listener;
}
const servers = new Set();
const contexts = new Map(); // address → context
let nextAddress = 2;
let active = null;

/** The context that new connections and `server.base` belong to (the last one opened). */
export function activeContext() {
  return active;
}

/** A fresh loopback address for a new context. */
export function newAddress() {
  const n = nextAddress++;
  return `127.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** Makes `ctx` (with `address`, `routes`, `requests`, `initScripts`, `clock`) the active context. */
export async function activate(ctx) {
  contexts.set(ctx.address, ctx);
  active = ctx;
  await Promise.all([...servers].map((s) => s.bind(ctx)));
}

/** Closes what `ctx` had open on every server. */
export async function deactivate(ctx) {
  contexts.delete(ctx.address);
  if (active === ctx) active = null;
  await Promise.all([...servers].map((s) => s.unbind(ctx)));
}

/** The init script of `ctx`'s pages (the recorder alone outside any context). */
function initScript(ctx) {
  const parts = [`(${recorder})(${JSON.stringify(LATE_PATH)});`];
  if (ctx?.clock) parts.push(`(${clock})(${ctx.clock.time}, ${ctx.clock.at});`);
  for (const s of ctx?.initScripts ?? []) parts.push(`try {\n${s}\n} catch (e) { setTimeout(() => { throw e; }); }`);
  return parts.join('\n');
}

/** `html` with the init script as the first script of the page. */
function inject(html) {
  const tag = `<script src="${INIT_PATH}"></script>`;
  for (const re of [/<head\b[^>]*>/i, /<html\b[^>]*>/i, /<!doctype[^>]*>/i]) {
    const m = re.exec(html);
    if (m) return html.slice(0, m.index + m[0].length) + tag + html.slice(m.index + m[0].length);
  }
  return tag + html;
}

/** A response from `route.fetch()`. */
function fetched(status, headers, body) {
  return { status: () => status, headers: () => headers, text: async () => body.toString('utf8'), body: async () => body };
}

/** Playwright's Route, served by the test server. */
class Route {
  constructor(req, res, url, next, mounts) {
    Object.assign(this, { req, res, url, next, mounts, done: false });
  }

  request() {
    return { url: () => this.url.href, method: () => this.req.method, headers: () => this.req.headers };
  }

  async fulfill({ status, contentType, body, json, headers = {}, response } = {}) {
    if (json !== undefined) {
      body = JSON.stringify(json);
      contentType ??= 'application/json';
    }
    const head = { ...(response?.headers() ?? {}), 'cache-control': 'no-store', ...headers };
    if (contentType) head['content-type'] = contentType;
    delete head['content-length'];
    let out = body ?? (response ? await response.body() : '');
    if (String(head['content-type'] ?? '').startsWith('text/html')) out = inject(String(out));
    this.done = true;
    this.res.writeHead(status ?? response?.status() ?? 200, head).end(out);
  }

  async abort() {
    this.done = true;
    this.req.socket.destroy();
  }

  async continue() {
    this.done = true;
    this.next({ html: inject });
  }

  async fetch() {
    const found = resolve(this.mounts, decodeURIComponent(this.url.pathname));
    if (found.status !== 200) return fetched(found.status, { 'content-type': 'text/plain' }, Buffer.from('not found'));
    return fetched(200, { 'content-type': found.type }, readFileSync(found.file));
  }
}

/** Whether a route's matcher (glob, RegExp, URL predicate or exact URL) takes `url`. */
function matches(matcher, url) {
  if (typeof matcher === 'function') return matcher(url);
  if (matcher instanceof RegExp) return matcher.test(url.href);
  if (matcher.includes('*')) {
    const re = matcher.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*');
    return new RegExp(`^${re}$`).test(url.href);
  }
  return matcher === url.href;
}

/**
 * Starts a test server (the options of scripts/serve.mjs). `base` is its origin as the active
 * browser context sees it (127.0.0.1 outside any context); `close()` stops it.
 */
export async function testServer(options = {}) {
  const handle = async (req, res, next) => {
    const ctx = contexts.get(req.socket.localAddress) ?? null;
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (url.pathname === LATE_PATH && req.method === 'POST') {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      res.writeHead(204).end();
      try {
        const { tab, line } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        lateLines(tab, line);
      } catch {
        // not a recorder's
      }
      return;
    }
    if (url.pathname === INIT_PATH) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(initScript(ctx));
      return;
    }
    ctx?.requests.push({ url: url.href, method: req.method, dest: req.headers['sec-fetch-dest'] ?? null });
    const route = [...(ctx?.routes ?? [])].reverse().find((r) => matches(r.matcher, url));
    if (!route) return next({ html: inject });
    const r = new Route(req, res, url, next, options.mounts);
    try {
      await route.handler(r, r.request());
      if (!r.done) await r.continue();
    } catch (e) {
      if (!r.done) res.writeHead(500, { 'content-type': 'text/plain' }).end(`route handler failed: ${e.message}`);
      ctx?.routeErrors.push(e);
    }
  };
  const main = await serve({ ...options, handle });
  const { port } = main.address();
  const byContext = new Map();
  const server = {
    get base() {
      const on = active && byContext.get(active);
      return on ? `http://${active.address}:${on.address().port}` : `http://127.0.0.1:${port}`;
    },
    /** Listens on `ctx`'s address too. */
    async bind(ctx) {
      if (byContext.has(ctx)) return;
      const extra = createServer(main.listeners('request')[0]);
      byContext.set(ctx, extra);
      await new Promise((ok, fail) => {
        extra.once('error', fail);
        extra.listen(0, ctx.address, ok);
      });
    },
    async unbind(ctx) {
      const extra = byContext.get(ctx);
      if (!extra) return;
      byContext.delete(ctx);
      extra.closeAllConnections();
      await new Promise((r) => extra.close(r));
    },
    async close() {
      servers.delete(server);
      await Promise.all([...byContext.keys()].map((c) => server.unbind(c)));
      main.closeAllConnections();
      await new Promise((r) => main.close(r));
    },
  };
  servers.add(server);
  if (active) await server.bind(active);
  return server;
}

/** Whether `host` is this machine (127.0.0.0/8, ::1, localhost). */
function isLoopback(host) {
  return /^127\.\d+\.\d+\.\d+$/.test(host) || host === 'localhost' || host === '[::1]' || host === '::1';
}

/** `host:port` (or `[v6]:port`) as [host, port]. */
function splitHostPort(hostPort) {
  const at = hostPort.lastIndexOf(':');
  return [hostPort.slice(0, at).replace(/^\[|\]$/g, ''), hostPort.slice(at + 1)];
}

/**
 * The HTTP proxy a browser sends every request for another host to: nothing may leave the
 * machine, so each is refused (and kept in `log`: the browser's own traffic is there too),
 * except the pages `refer(url, target)` registered (a page at `url` whose link leads to
 * `target`, so that the browser arrives there with `url` as its referrer). Requests for a
 * loopback address (WebSockets too) are passed on to it: a browser that cannot be told to reach those directly
 * (WebKit, see `capabilities()` in scripts/engines.mjs) reaches the test servers through here.
 */
export async function startProxy() {
  const pages = new Map();
  const log = [];
  const proxy = createServer((req, res) => {
    let target;
    let url;
    try {
      url = new URL(req.url);
      target = pages.get(url.href);
    } catch {
      target = undefined;
    }
    if (!target && url && isLoopback(url.hostname)) {
      const headers = { ...req.headers };
      delete headers['proxy-connection'];
      // A connection of its own (no keep-alive pool): a pooled one the server is closing as it
      // is reused would fail the browser's request.
      const fwd = request({ agent: false, host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || 80, path: url.pathname + url.search, method: req.method, headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.rawHeaders);
        // The server may drop its side mid-answer (a test's server closing): nothing to report.
        r.on('error', () => res.destroy());
        r.pipe(res);
      });
      fwd.on('error', () => res.destroy());
      // The browser may drop its side first (a page closed while loading): nothing to report.
      req.on('error', () => fwd.destroy());
      res.on('error', () => fwd.destroy());
      req.pipe(fwd);
      return;
    }
    if (!target) log.push(`${req.method} ${req.url}`);
    if (target) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(`<!doctype html><meta name="referrer" content="unsafe-url"><title>referrer</title><a id="go" href="${target.replace(/"/g, '&quot;')}">go</a>`);
      return;
    }
    res.writeHead(502, { 'content-type': 'text/plain' }).end('no network in the tests');
  });
  // A WebSocket to a loopback address (Vite's hot updates) is passed on as its requests are.
  proxy.on('upgrade', (req, socket, head) => {
    let url;
    try {
      url = new URL(req.url);
    } catch {
      url = undefined;
    }
    if (!url || !isLoopback(url.hostname)) {
      log.push(`${req.method} ${req.url}`);
      socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = connect(Number(url.port || 80), url.hostname.replace(/^\[|\]$/g, ''), () => {
      const lines = [`${req.method} ${url.pathname}${url.search} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i].toLowerCase() !== 'proxy-connection') lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  proxy.on('connect', (req, socket, head) => {
    const [host, port] = splitHostPort(req.url);
    if (isLoopback(host)) {
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
      return;
    }
    log.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
  return {
    address: `127.0.0.1:${proxy.address().port}`,
    log,
    refer(url, target) {
      pages.set(new URL(url).href, target);
    },
    close: async () => {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    },
  };
}
