// A returning visitor's browser: the demo home loaded again and again in one browser profile on
// disk, from a server that answers as `npm start` does (files other than pages `no-cache` with an
// ETag, 304 while unchanged), the browser closed and started again between visits (a shopper
// coming back another day: nothing is left in memory, only what the profile keeps). The first
// visit of each profile is cold (the .wasm downloaded and compiled); later visits may reuse the
// HTTP cache's copy and the code V8 compiled from it (Chrome keeps compiled WebAssembly of a
// streamed module of 128 KB or more, once V8 has optimized its hot functions). Per visit: the page's
// figures (scripts/bench/first-paint.mjs), how the .wasm was compiled (streaming or not), how it
// came over the network, the time from the streaming compile's call to its instance, and how many
// bytes of compiled WebAssembly the profile holds.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../serve.mjs';
import { raceLoad } from './first-paint.mjs';

/** Time left on the page after it is ordered: a shopper reading it, and V8 tiering up and caching its code. */
export const LINGER_MS = 5_000;

// Installed before any page script: every compile or instantiation of WebAssembly, timed from its
// call to its result, with the API used (the glue streams when the .wasm is `application/wasm`).
function timeWasm() {
  const calls = (window.benchWasm = []);
  for (const name of ['instantiateStreaming', 'compileStreaming', 'instantiate', 'compile']) {
    const original = WebAssembly[name];
    if (typeof original !== 'function') continue;
    WebAssembly[name] = function timed(...args) {
      const start = performance.now();
      const result = original.apply(this, args);
      result.then(
        () => calls.push({ name, start, end: performance.now() }),
        () => calls.push({ name, start, end: performance.now(), failed: true }),
      );
      return result;
    };
  }
}

/** What the page says about its .wasm: the calls above and the resource timing of the download. */
function readWasm(page) {
  return page.evaluate(() => {
    const entry = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
    return {
      calls: window.benchWasm,
      transferSize: entry?.transferSize ?? null,
      responseStatus: entry?.responseStatus ?? null,
      fetchStart: entry?.fetchStart ?? null,
      responseEnd: entry?.responseEnd ?? null,
    };
  });
}

/** The files under `dir` with their sizes ([] when it does not exist). */
function filesUnder(dir) {
  let entries = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [{ name: e.name, bytes: statSync(join(dir, e.name)).size }]));
}

/**
 * `profiles` fresh browser profiles, each visiting the home page `visits` times (the first cold),
 * holding the stored visitor profile of `storageState` (the returning shopper of §2). `args`
 * and `headers`: the browser's flags and the response headers of the other benchmarks; `mounts`
 * what the server serves. Returns [{ profile, visit, ...figures }].
 */
export async function returningVisits({ chrome, args, headers, mounts, storageState, profiles = 4, visits = 5, log = () => {} }) {
  const server = await serve({ headers, mounts, cache: 'revalidate' });
  const base = `http://127.0.0.1:${server.address().port}`;
  // The stored profile was built on another port: same items, this origin.
  const stored = storageState?.origins?.[0]?.localStorage ?? [];
  const out = [];
  try {
    for (let p = 1; p <= profiles; p++) {
      log(`returning visitor: browser profile ${p} of ${profiles}, ${visits} visits (the first cold)`);
      const dir = mkdtempSync(join(tmpdir(), 'shelfwise-bench-profile-'));
      const launch = () => chromium.launchPersistentContext(dir, { executablePath: chrome, args, viewport: { width: 1280, height: 800 } });
      try {
        // The profile is created, and the visitor's stored profile written, in a launch of its
        // own: the first visit then pays for nothing but what the shop's page needs.
        const seed = await launch();
        try {
          if (storageState?.cookies?.length) await seed.addCookies(storageState.cookies);
          const page = seed.pages()[0] ?? (await seed.newPage());
          await page.goto(`${base}/robots.txt`); // any page of the origin, to write its storage
          await page.evaluate((items) => items.forEach(({ name, value }) => localStorage.setItem(name, value)), stored);
        } finally {
          await seed.close();
        }
        let kept = [];
        for (let v = 1; v <= visits; v++) {
          const context = await launch();
          let load;
          try {
            await context.addInitScript(timeWasm);
            load = await raceLoad(context, base, { rate: 1, linger: LINGER_MS, read: readWasm });
          } finally {
            await context.close();
          }
          const codeCache = filesUnder(join(dir, 'Default', 'Code Cache', 'wasm'));
          // Entries of compiled code are the files named <key>_0; the others index them.
          out.push({ profile: p, visit: v, lingerMs: LINGER_MS, ...load, codeCacheBefore: kept, codeCache });
          kept = codeCache;
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  return out;
}
