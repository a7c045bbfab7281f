// The specification suite (tests/spec/) in headless Chromium, through the public JS API of the
// built package: the harness page /spec/browser/runner.html runs every case itself (each in a
// fresh iframe, with its own clock) and leaves plain results in `window.specResults`; this file
// reports one test per case. The same cases run natively with `cargo test --test spec`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demo, launch, newPage } from './helpers.mjs';

/** How long the whole suite may take in the browser before the run is called stuck. */
const SUITE_TIMEOUT_MS = 110_000;

/** Runs the harness page; resolves to its results, or to the reason it could not run. */
async function runSuite() {
  let server;
  let browser;
  try {
    server = await demo();
    browser = await launch();
    const page = await newPage(browser);
    await page.goto(`${server.base}/spec/browser/runner.html`);
    await page.waitForFunction(() => window.specResults?.done === true, null, { timeout: SUITE_TIMEOUT_MS, polling: 250 });
    const results = await page.evaluate(() => window.specResults);
    return { results, errors: page.errors };
  } catch (e) {
    return { error: `the specification suite could not run in Chromium: ${e.message}. Build the package first (npm run build) and check that Chromium starts (CHROME_PATH).` };
  } finally {
    await browser?.close();
    await server?.close();
  }
}

const { results, errors, error } = await runSuite();

if (error || results.error || results.total === 0) {
  test('the specification suite runs in the browser', () => {
    assert.fail(error ?? results.error ?? 'no case ran: tests/spec/cases/index.json lists no case');
  });
} else {
  test('the harness page itself raised no error', () => {
    assert.deepEqual(errors, []);
  });
  for (const r of results.cases) {
    test(`spec ${r.file} › ${r.name}`, () => {
      if (!r.ok) assert.fail(r.failures.join('\n'));
    });
  }
}
