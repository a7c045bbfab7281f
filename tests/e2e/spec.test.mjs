// The specification suite (tests/spec/) in Chromium, Firefox and WebKit, through the public JS
// API of the built package: the harness page /spec/browser/runner.html runs every case itself
// (each in a fresh iframe, with its own clock) and leaves plain results in `window.specResults`;
// this file reports one test per case and engine. The cases are listed from tests/spec/cases/
// here, so a case the browser did not run fails instead of going missing. The same cases run
// natively with `cargo test --test spec`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { engines, newPage, root, useDemo } from './helpers.mjs';

/** How long the whole suite may take in one browser before the run is called stuck. */
const SUITE_TIMEOUT_MS = 300_000;

const CASES = join(root, 'tests/spec/cases');
const listed = JSON.parse(readFileSync(join(CASES, 'index.json'), 'utf8')).files.flatMap((file) =>
  JSON.parse(readFileSync(join(CASES, file), 'utf8')).cases.map((c) => ({ file, name: c.name })),
);

engines((engine) => {
  let server;
  let browser;
  useDemo((s, b) => ([server, browser] = [s, b]));

  let run;
  before(async () => {
    try {
      const page = await newPage(browser);
      await page.goto(`${server.base}/spec/browser/runner.html`);
      await page.waitForFunction(() => window.specResults?.done === true, null, { timeout: SUITE_TIMEOUT_MS });
      const results = await page.evaluate(() => window.specResults);
      run = { results, errors: page.errors, byName: new Map(results.cases.map((r) => [`${r.file} › ${r.name}`, r])) };
      await page.context().close();
    } catch (e) {
      run = { error: `the specification suite could not run in ${engine}: ${e.message}. Build the package first (npm run build) and check that ${engine} starts (npm test's set-up says how).` };
    }
  });

  describe('specification suite', () => {
    test('the harness ran every listed case, and its page raised no error', () => {
      if (run.error) assert.fail(run.error);
      assert.equal(run.results.error, undefined);
      assert.equal(run.results.total, listed.length, 'cases run against cases listed in tests/spec/cases/');
      assert.deepEqual(run.errors, []);
    });

    for (const c of listed) {
      test(`spec ${c.file} › ${c.name}`, () => {
        if (run.error) assert.fail(run.error);
        const r = run.byName.get(`${c.file} › ${c.name}`);
        assert.ok(r, `the harness did not run this case${run.results.error ? ` (${run.results.error})` : ''}`);
        if (!r.ok) assert.fail(r.failures.join('\n'));
      });
    }
  });
});
