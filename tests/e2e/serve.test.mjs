// How `npm start` serves the demo (docs/performance.md, "Serving the package"): the package's
// files may be kept by the browser and are checked again on every use, so that a returning
// visitor reuses the .wasm (and the code compiled from it) until the package changes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEMO_SERVER, serve } from '../../scripts/serve.mjs';

describe('the demo server', () => {
  let dir;
  let server;
  let base;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sw-serve-'));
    writeFileSync(join(dir, 'engine.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>shop</title>');
    server = await serve({ ...DEMO_SERVER, mounts: { '/': dir } });
    base = `http://127.0.0.1:${server.address().port}`;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  test('a .wasm may be kept and is checked again on each use: 304 without a body while it is unchanged', async () => {
    const first = await fetch(`${base}/engine.wasm`);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('content-type'), 'application/wasm');
    assert.equal(first.headers.get('cache-control'), 'no-cache');
    const etag = first.headers.get('etag');
    assert.match(etag ?? '', /^".+"$/, 'an ETag the browser can send back');
    assert.equal((await first.arrayBuffer()).byteLength, 8);
    const again = await fetch(`${base}/engine.wasm`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal((await again.arrayBuffer()).byteLength, 0);
  });

  test('a rebuilt .wasm is sent again, with a new ETag', async () => {
    const before = (await fetch(`${base}/engine.wasm`)).headers.get('etag');
    writeFileSync(join(dir, 'engine.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0]));
    utimesSync(join(dir, 'engine.wasm'), new Date(), new Date(Date.now() + 5000));
    const after = await fetch(`${base}/engine.wasm`, { headers: { 'if-none-match': before } });
    assert.equal(after.status, 200);
    assert.notEqual(after.headers.get('etag'), before);
    assert.equal((await after.arrayBuffer()).byteLength, 9);
  });

  test('pages are never kept: a shop page is always fetched afresh', async () => {
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.equal(page.headers.get('etag'), null);
  });
});
