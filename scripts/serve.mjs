// A small static server for the demo shop: www/ at the root and the built package at /pkg/,
// with correct MIME types (application/wasm, so streaming instantiation works).
import { createReadStream, existsSync, statSync } from 'node:fs';
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
 * Serves `mounts` (URL prefix → folder; default DEFAULT_MOUNTS) on 127.0.0.1.
 * `headers` are added to every response (e.g. a Content-Security-Policy). Resolves to the server.
 */
export function serve({ port = 0, mounts, headers = {}, log = false } = {}) {
  const table = Object.entries(mounts ?? DEFAULT_MOUNTS).sort((a, b) => b[0].length - a[0].length);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let path = decodeURIComponent(url.pathname);
    const mount = table.find(([prefix]) => path.startsWith(prefix));
    if (!mount || req.method !== 'GET') {
      res.writeHead(mount ? 405 : 404).end();
      return;
    }
    const [prefix, dir] = mount;
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(normalize(dir + sep)) && file !== normalize(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      if (log) console.log(`404 ${path}`);
      res.writeHead(404, { 'content-type': 'text/plain', ...headers }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      ...headers,
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
