// What the other end-to-end tests rely on in the driver layer, in each engine: console lines and
// errors are seen however the page ends (a link, a script, while it is left), values cross
// unchanged, routes and init scripts apply, and every new page starts with empty storage.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { engines, newPage, useDemo } from './helpers.mjs';

engines(() => {
  let server;
  let browser;
  useDemo((s, b) => ([server, browser] = [s, b]));

  /** Serves `body` at /t/<name>.html to the page's context; resolves to its URL. */
  async function page(p, name, body) {
    await p.context().route((u) => u.pathname === `/t/${name}.html`, (r) => r.fulfill({ contentType: 'text/html', body }));
    return `${server.base}/t/${name}.html`;
  }

  describe('the driver layer', () => {
    test('console lines and uncaught errors are recorded, also those of a page being left by a link', async () => {
      const p = await newPage(browser);
      const next = await page(p, 'next', '<!doctype html><title>next</title><p>next</p>');
      const first = await page(p, 'first', `<!doctype html><title>first</title>
<script>console.warn('[shelfwise] at load'); addEventListener('pagehide', () => console.warn('[shelfwise] while leaving'));
setTimeout(() => { throw new Error('thrown later'); }); Promise.reject(new Error('not caught'));</script>
<a id="go" href="${next}">next</a>`);
      await p.goto(first);
      await p.waitForFunction(() => document.readyState === 'complete');
      await p.click('#go');
      await p.waitForURL(next);
      // What the page wrote while it was left may reach the driver a moment later.
      await p.waitForFunction(() => true);
      for (let i = 0; i < 40 && p.messages.length < 2; i++) await p.waitForTimeout(50);
      assert.deepEqual(p.messages, ['warning: [shelfwise] at load', 'warning: [shelfwise] while leaving']);
      assert.deepEqual(p.errors.sort(), ['not caught', 'thrown later']);
    });

    test('values cross as they are: undefined, NaN, -0, Infinity, BigInt, Date, nested objects', async () => {
      const p = await newPage(browser);
      await p.goto(await page(p, 'values', '<!doctype html><title>values</title>'));
      const sent = { u: undefined, n: NaN, z: -0, i: -Infinity, b: 10n, d: new Date(0), list: [1, undefined, { k: 'v' }] };
      const back = await p.evaluate((v) => ({ ...v, types: Object.values(v).map((x) => typeof x) }), sent);
      assert.deepEqual(back, { ...sent, types: ['undefined', 'number', 'number', 'number', 'bigint', 'object', 'object'] });
      assert.ok(Object.is(back.z, -0));
      assert.equal(await p.evaluate(() => undefined), undefined);
      await assert.rejects(p.evaluate(() => {
        throw new Error('from the page');
      }), /page\.evaluate: from the page/);
    });

    test('init scripts run before the page\'s own; a route answers, aborts or passes a request on', async () => {
      const p = await newPage(browser);
      await p.addInitScript((v) => (window.early = v), 'set before');
      await p.route('**/t/routed.txt', (r) => r.fulfill({ contentType: 'text/plain', body: 'from the route' }));
      await p.route('**/t/aborted.txt', (r) => r.abort());
      await p.goto(await page(p, 'init', '<!doctype html><title>init</title><script>window.seen = window.early;</script>'));
      assert.equal(await p.evaluate(() => window.seen), 'set before');
      const fetched = await p.evaluate(async () => [
        await (await fetch('/t/routed.txt')).text(),
        await fetch('/t/aborted.txt').then(() => 'answered', () => 'failed'),
        (await fetch('/index.html')).status,
      ]);
      assert.deepEqual(fetched, ['from the route', 'failed', 200]);
    });

    test('every new page is a new origin with nothing stored', async () => {
      const first = await newPage(browser);
      await first.goto(`${server.base}/`);
      const origin = await first.evaluate(() => {
        localStorage.setItem('left', 'behind');
        return location.origin;
      });
      const second = await newPage(browser);
      await second.goto(`${server.base}/`);
      assert.notEqual(await second.evaluate(() => location.origin), origin);
      assert.equal(await second.evaluate(() => localStorage.length), 0);
    });
  });
});
