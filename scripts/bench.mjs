// `npm run bench`: the performance report. Builds the package, measures what is shipped, runs
// the browser benchmarks (headless Chromium, with GrowthBook and JSON Logic as peers) and the
// native criterion benchmarks, then writes bench/results.json (every sample) and
// bench/REPORT.md (medians, spreads, budgets), keeping the offline evaluation's block.
//
// Options: --no-build (measure the package already in pkg/), --no-native (skip criterion),
// --report-only (write REPORT.md again from bench/results.json, measuring nothing),
// --only-journeys (measure only the journeys on the storefront page, in the results kept),
// --catalogue-only (measure only relations at the scale of the catalogue, into the existing
// results.json).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { environment } from './bench/env.mjs';
import { kb, time } from './bench/format.mjs';
import { buildNative, PROFILE, runNative, writeFixtures } from './bench/native.mjs';
import { markdown, previousReport } from './bench/report.mjs';
import { journeySummary } from './bench/journeys-report.mjs';
import { assemble, catalogue } from './bench/results.mjs';
import { wasmBreakdown } from './bench/wasm-size.mjs';
import { build } from './build.mjs';
import { root, setup } from './setup.mjs';
import { ON_DEMAND, readLimit, sizes } from './size.mjs';

const began = Date.now();
const say = (msg) => console.log(`bench: ${msg} (${Math.round((Date.now() - began) / 1000)} s)`);
const args = new Set(process.argv.slice(2));

const dir = join(root, 'bench');
const reportPath = join(dir, 'REPORT.md');

async function main() {
  if (args.has('--report-only')) {
    writeFileSync(reportPath, markdown(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')), previousReport(reportPath)));
    say('wrote bench/REPORT.md from bench/results.json');
    return;
  }
  const loadBefore = os.loadavg();
  const chrome = setup({ browser: true, engines: ['chromium'] }).engines.chromium.browser;
  if (args.has('--only-journeys')) {
    const { journeyBenchmarks } = await import('./bench/browser.mjs');
    if (!args.has('--no-build')) await build();
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    results.journeys = journeySummary(await journeyBenchmarks({ chrome, log: say }));
    writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
    writeFileSync(reportPath, markdown(results, previousReport(reportPath)));
    say('measured the journeys; wrote bench/REPORT.md and bench/results.json');
    return;
  }
  if (args.has('--catalogue-only')) {
    const { browserBenchmarks } = await import('./bench/browser.mjs');
    if (!args.has('--no-build')) await build();
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    results.catalogue = catalogue((await browserBenchmarks({ chrome, log: say, only: 'catalogue' })).catalogue);
    writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
    writeFileSync(reportPath, markdown(results, previousReport(reportPath)));
    say('measured the catalogue benchmark into bench/results.json and bench/REPORT.md');
    return;
  }
  // Imported once set-up has installed the npm packages it needs (playwright-core).
  const { browserBenchmarks } = await import('./bench/browser.mjs');
  if (!args.has('--no-build')) {
    say('building the package');
    await build();
  }
  const native = !args.has('--no-native');
  writeFixtures();
  if (native) say('compiling the native benchmarks (in the background)');
  const compiling = native ? buildNative() : Promise.resolve();
  say('sizes of the shipped files and of what the .wasm is made of');
  const size = sizes();
  const breakdown = wasmBreakdown();
  if (breakdown.skipped) say(`no breakdown of the .wasm: ${breakdown.skipped}`);
  const onDemand = sizes(undefined, ON_DEMAND);
  await compiling;
  const browser = await browserBenchmarks({ chrome, log: say });
  let nativeResults = null;
  if (native) {
    say('native benchmarks (criterion)');
    nativeResults = runNative();
  }
  const env = environment({ chromium: browser.chromium, loadBefore });
  const results = assemble({ env, size, sizeLimit: readLimit(), breakdown, onDemand, browser, native: nativeResults, nativeProfile: PROFILE });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
  writeFileSync(reportPath, markdown(results, previousReport(reportPath)));
  say('wrote bench/REPORT.md and bench/results.json');
  for (const b of results.budgets) {
    const shown = b.unit === 'bytes' ? kb(b.value) : b.unit === 'ms' ? time(b.value) : b.unit === 'ratio' ? `${b.value.toFixed(2)}×` : Math.round(b.value * 1000) / 1000;
    console.log(`  ${b.met ? 'met   ' : 'MISSED'} ${b.label}: ${shown}`);
  }
}

try {
  await main();
} catch (e) {
  console.error(`bench: ${e.stack ?? e.message ?? e}`);
  process.exit(1);
}
