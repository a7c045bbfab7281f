// `npm run bench`: the performance report. Builds the package, measures what is shipped, runs
// the browser benchmarks (headless Chromium, with GrowthBook and JSON Logic as peers) and the
// native criterion benchmarks, then writes bench/results.json (every sample) and
// bench/REPORT.md (medians, spreads, budgets), keeping the offline evaluation's block.
//
// Options: --no-build (measure the package already in pkg/), --no-native (skip criterion),
// --report-only (write REPORT.md again from bench/results.json, measuring nothing),
// --only-journeys (measure only the journeys on the storefront page, in the results kept),
// --catalogue-only (measure only relations at the scale of the catalogue, into the existing
// results.json), --no-build-settings (do not build and weigh the build settings again: the report
// keeps the last table and says it was not measured again), --only-build-settings (measure only
// the build settings, into the existing results.json), --only-returning (measure only the
// returning visitor's browser, into the existing results.json).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { buildSettingsSummary } from './bench/build-settings-report.mjs';
import { buildSettings, homeStartRows, startCostRows } from './bench/build-settings.mjs';
import { environment } from './bench/env.mjs';
import { kb, time } from './bench/format.mjs';
import { buildNative, PROFILE, runNative, writeFixtures } from './bench/native.mjs';
import { markdown, previousReport } from './bench/report.mjs';
import { journeySummary } from './bench/journeys-report.mjs';
import { returningSummary } from './bench/returning-report.mjs';
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

/** The results kept from the last run. */
const kept = () => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));

/** Writes `results` to results.json and the report from them. */
function write(results) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
  writeFileSync(reportPath, markdown(results, previousReport(reportPath)));
}

/** Builds and weighs the build settings, and their start cost in Chromium (scripts/bench/build-settings.mjs). */
async function measureBuildSettings(chrome) {
  const { buildSettingsBenchmarks } = await import('./bench/browser.mjs');
  const t = Date.now();
  say('build settings: the runtime build under each setting (several release builds)');
  const built = buildSettings({ log: say });
  const { cold, home } = await buildSettingsBenchmarks({ chrome, rows: startCostRows(built.rows), homeRows: homeStartRows(built.rows), log: say });
  const seconds = (Date.now() - t) / 1000;
  say(`build settings: measured in ${Math.round(seconds)} s`);
  return buildSettingsSummary({ built, start: cold, home, seconds });
}

async function main() {
  if (args.has('--report-only')) {
    writeFileSync(reportPath, markdown(kept(), previousReport(reportPath)));
    say('wrote bench/REPORT.md from bench/results.json');
    return;
  }
  const loadBefore = os.loadavg();
  const chrome = setup({ browser: true, engines: ['chromium'] }).engines.chromium.browser;
  // One part measured again into the kept results (the package built first unless --no-build).
  const parts = {
    '--only-journeys': ['the journeys', async (results, b) => (results.journeys = journeySummary(await b.journeyBenchmarks({ chrome, log: say })))],
    '--only-build-settings': [
      'the build settings',
      async (results) => {
        const env = environment({ chromium: results.versions?.chromium, loadBefore });
        results.buildSettings = { ...(await measureBuildSettings(chrome)), measured: env.date, commit: env.commit };
      },
    ],
    '--only-returning': ['the returning visitor', async (results, b) => (results.returning = returningSummary(await b.returningBenchmarks({ chrome, log: say })))],
    '--catalogue-only': ['the catalogue benchmark', async (results, b) => (results.catalogue = catalogue((await b.browserBenchmarks({ chrome, log: say, only: 'catalogue' })).catalogue))],
  };
  const part = Object.keys(parts).find((flag) => args.has(flag));
  if (part) {
    const [what, measure] = parts[part];
    const b = await import('./bench/browser.mjs');
    if (!args.has('--no-build')) await build();
    const results = kept();
    await measure(results, b);
    write(results);
    say(`measured ${what} into bench/results.json and bench/REPORT.md`);
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
  let settings;
  if (args.has('--no-build-settings')) {
    say('build settings: NOT measured again (--no-build-settings); the report keeps the last table and says so');
    settings = existsSync(join(dir, 'results.json')) ? buildSettingsSummary({ previous: kept() }) : null;
  } else {
    settings = await measureBuildSettings(chrome);
  }
  await compiling;
  const browser = await browserBenchmarks({ chrome, log: say });
  let nativeResults = null;
  if (native) {
    say('native benchmarks (criterion)');
    nativeResults = runNative();
  }
  const env = environment({ chromium: browser.chromium, loadBefore });
  const buildSettingsResults = settings?.remeasured ? { ...settings, measured: env.date, commit: env.commit } : settings;
  const results = assemble({ env, size, sizeLimit: readLimit(), breakdown, onDemand, browser, native: nativeResults, nativeProfile: PROFILE, buildSettings: buildSettingsResults });
  write(results);
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
