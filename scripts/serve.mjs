// A small static server for the demo shop: www/ at the root and the built package at /pkg/,
// with correct MIME types (application/wasm, so streaming instantiation works).
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { root } from './setup.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * www/ at /, the built package at /pkg/, Preact's ES modules (for the demo's framework page), and
 * the specification suite at /spec/ (open /spec/browser/runner.html to run it in any browser).
 */
export const DEFAULT_MOUNTS = {
  '/pkg/': join(root, 'pkg'),
  '/spec/': join(root, 'tests/spec'),
  '/vendor/preact/': join(root, 'node_modules/preact'),
  '/': join(root, 'www'),
};

/**
 * The file `path` (a URL path) names under `mounts`: `{ status: 200, file, type }`, or
 * `{ status }` (403 outside the mounts' folders, 404 when there is no such file, with
 * `unmounted` when no mount serves the path).
 */
export function resolve(mounts, path) {
  const table = Object.entries(mounts ?? DEFAULT_MOUNTS).sort((a, b) => b[0].length - a[0].length);
  const mount = table.find(([prefix]) => path.startsWith(prefix));
  if (!mount) return { status: 404, unmounted: true };
  const [prefix, dir] = mount;
  let file = normalize(join(dir, path.slice(prefix.length)));
  if (!file.startsWith(normalize(dir + sep)) && file !== normalize(dir)) return { status: 403 };
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) return { status: 404 };
  return { status: 200, file, type: TYPES[extname(file)] ?? 'application/octet-stream' };
}

/**
 * How `npm start` serves the demo: files other than pages may be kept by the browser and are
 * checked again on every use (`Cache-Control: no-cache` with an `ETag`, answered 304 while
 * unchanged), so a returning visitor's browser reuses the .wasm it has, and the code it compiled
 * from it, until the package is rebuilt.
 */
export const DEMO_SERVER = { cache: 'revalidate' };

/**
 * Serves `mounts` (URL prefix → folder; default DEFAULT_MOUNTS) on 127.0.0.1.
 * `headers` are added to every response (e.g. a Content-Security-Policy). `handle(req, res,
 * next)`, when given, sees every request first; `next({ html })` serves the file as usual,
 * passing the text of HTML pages through `html(text, req)`. `cache: 'revalidate'`: files other
 * than pages are sent with `no-cache` and an `ETag` (see DEMO_SERVER); by default nothing is
 * kept (`no-store`). Resolves to the server.
 */
export function serve({ port = 0, mounts, headers = {}, log = false, handle, cache } = {}) {
  const files = (req, res, { html } = {}) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    const found = resolve(mounts, path);
    if (found.unmounted || req.method !== 'GET') {
      res.writeHead(found.unmounted ? 404 : 405).end();
      return;
    }
    if (found.status !== 200) {
      if (log && found.status === 404) console.log(`404 ${path}`);
      res.writeHead(found.status, { 'content-type': 'text/plain', ...headers }).end(found.status === 404 ? 'not found' : '');
      return;
    }
    const head = { 'content-type': found.type, 'cache-control': 'no-store', ...headers };
    if (cache === 'revalidate' && !found.type.startsWith('text/html')) {
      const { size, mtimeMs } = statSync(found.file);
      const etag = `"${size.toString(36)}-${Math.round(mtimeMs).toString(36)}"`;
      Object.assign(head, { 'cache-control': 'no-cache', etag });
      if (req.headers['if-none-match'] === etag) {
        delete head['content-type'];
        res.writeHead(304, head).end();
        return;
      }
    }
    if (html && found.type.startsWith('text/html')) {
      res.writeHead(200, head).end(html(readFileSync(found.file, 'utf8'), req));
      return;
    }
    res.writeHead(200, head);
    createReadStream(found.file).pipe(res);
  };
  const server = createServer((req, res) => (handle ? handle(req, res, (opts) => files(req, res, opts)) : files(req, res)));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
