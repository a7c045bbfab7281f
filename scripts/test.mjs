// `npm test`: every test, in order, each stage failing the run if it fails:
//   lint (rustfmt, clippy on both targets) → native `cargo test` → build the package → size
//   (the shipped bytes against bench/size-limit.json) → browser wasm-bindgen-tests → fuzz smoke
//   runs → end-to-end tests that drive the demo. The browser stages run in Chromium, Firefox and
//   WebKit (SHELFWISE_ENGINES=chromium,webkit picks some).
// Every stage counts its tests passed, failed and skipped; a skipped test fails the run, as does
// a stage that cannot run (it says why and what fixes it). The last lines are the summary,
// naming the engines each browser stage ran in with their counts and times.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from './build.mjs';
import { engineVariables, wasmTestRunner } from './engines.mjs';
import { fuzzer, NIGHTLY, root, setup } from './setup.mjs';
import { checkLimit } from './size.mjs';

const FUZZ_TARGETS = ['config', 'condition', 'ingest', 'profile'];
const FUZZ_SECONDS = Number(process.env.FUZZ_SECONDS ?? 10);
const only = process.argv.slice(2); // e.g. `npm test -- e2e` runs the named stages only
const results = [];

/** Runs a command, echoing its output; resolves to { code, out }. */
function exec(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env } });
    let out = '';
    const tee = (stream, sink) =>
      stream.on('data', (d) => {
        out += d;
        sink.write(d);
      });
    tee(child.stdout, process.stdout);
    tee(child.stderr, process.stderr);
    child.on('error', (e) => resolve({ code: 1, out: `${cmd}: ${e.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** Sums the counts of cargo's `test result:` lines (its `ignored` tests are skipped ones). */
function cargoCounts(out) {
  const c = { passed: 0, failed: 0, skipped: 0 };
  for (const m of out.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored/g)) {
    c.passed += Number(m[1]);
    c.failed += Number(m[2]);
    c.skipped += Number(m[3]);
  }
  return c;
}

/** Sums the counts of node:test's summaries (`skipped` and `todo` are skipped, `cancelled` failed). */
function nodeCounts(out) {
  const sum = (key) => [...out.matchAll(new RegExp(`^ℹ ${key} (\\d+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
  return { passed: sum('pass'), failed: sum('fail') + sum('cancelled'), skipped: sum('skipped') + sum('todo') };
}

/** Checks run one by one: { passed, failed } from a list of booleans. */
function checks(list) {
  return { passed: list.filter(Boolean).length, failed: list.filter((ok) => !ok).length };
}

const counts = (r) => `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`;

/**
 * Runs a stage unless other stages were named. `fn` resolves to { ok, passed, failed, skipped,
 * detail }; the stage fails when `ok` is false, anything failed, anything was skipped, or
 * nothing passed.
 */
async function stage(name, fn) {
  if (!env || (only.length && !only.includes(name))) return;
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  let r;
  try {
    r = await fn();
  } catch (e) {
    console.error(`${name}: ${e.message}`);
    r = { ok: false, failed: 1, detail: e.message };
  }
  r = { passed: 0, failed: 0, skipped: 0, ...r };
  const why = [];
  if (r.skipped) why.push(`${r.skipped} skipped: a skipped test fails the run; make it run, or make it fail saying why`);
  if (r.ok && !r.failed && !r.passed) why.push('nothing ran');
  const ok = r.ok && !r.failed && !r.skipped && r.passed > 0;
  const detail = [r.detail, ...why].filter(Boolean).join('; ');
  results.push({ name, ...r, ok, detail, seconds: Math.round((Date.now() - started) / 1000) });
}

/** The package (or the panic-test variant) as the stages run alone need it: built when missing. */
async function ensureBuilt({ panicTest = false } = {}) {
  const dir = join(root, panicTest ? 'target/pkg-panic' : 'pkg');
  if (existsSync(join(dir, 'shelfwise_wasm_bg.wasm'))) return;
  console.log(`${panicTest ? 'the panic-test build' : 'the package'} is missing: building it`);
  await build({ panicTest });
}

let env;
try {
  env = setup({ browser: true, apps: true });
} catch (e) {
  // No stage can run: the summary says why (set-up's message names what fixes it).
  console.error(`set-up: ${e.message}`);
  results.push({ name: 'set-up', ok: false, passed: 0, failed: 1, skipped: 0, detail: e.message, seconds: 0 });
}

await stage('lint', async () => {
  const fmt = await exec('cargo', ['fmt', '--all', '--check']);
  const native = await exec('cargo', ['clippy', '--all-targets', '--features', 'schema', '--', '-D', 'warnings']);
  const wasm = await exec('cargo', ['clippy', '--all-targets', '--target', 'wasm32-unknown-unknown', '--', '-D', 'warnings']);
  // What pages download is built without the tooling feature: it must be as clean.
  const shipped = await exec('cargo', ['clippy', '--lib', '--no-default-features', '--target', 'wasm32-unknown-unknown', '--', '-D', 'warnings']);
  const codes = [fmt.code, native.code, wasm.code, shipped.code].map((c) => c === 0);
  const ok = codes.every(Boolean);
  return { ok, ...checks(codes), detail: ok ? 'rustfmt and clippy clean (native, wasm32, and the wasm32 build pages download)' : 'rustfmt or clippy reported problems' };
});

await stage('native', async () => {
  const r = await exec('cargo', ['test', '--features', 'schema']);
  return { ok: r.code === 0, ...cargoCounts(r.out) };
});

await stage('build', async () => {
  await build();
  await build({ panicTest: true });
  return { ok: true, passed: 2, detail: 'package and panic-test variant built' };
});

await stage('size', async () => {
  await ensureBuilt();
  const r = checkLimit();
  if (!r.ok) console.error(`size: ${r.message}`);
  return { ok: r.ok, ...checks([r.ok]), detail: r.ok ? `shipped JS + .wasm ${r.message}` : `shipped JS + .wasm: ${r.message}` };
});

await stage('browser', async () => {
  const dir = join(root, 'target');
  mkdirSync(dir, { recursive: true });
  const runs = [];
  for (const [engine, found] of Object.entries(env.engines)) {
    console.log(`\n--- browser: ${engine} ---`);
    const started = Date.now();
    const runner = await wasmTestRunner(found);
    const webdriver = join(dir, `webdriver-${engine}.json`);
    writeFileSync(webdriver, JSON.stringify(runner.capabilities));
    const r = await exec('cargo', ['test', '--target', 'wasm32-unknown-unknown', '--test', 'web'], {
      ...runner.env,
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER: 'wasm-bindgen-test-runner',
      WASM_BINDGEN_TEST_WEBDRIVER_JSON: webdriver,
    }).finally(runner.stop);
    const c = cargoCounts(r.out);
    // An engine whose run passed nothing has not run: the stage fails for it.
    runs.push({ engine, ok: r.code === 0 && c.passed > 0, ...c, seconds: Math.round((Date.now() - started) / 1000) });
  }
  const sum = (k) => runs.reduce((n, r) => n + r[k], 0);
  return {
    ok: runs.length > 0 && runs.every((r) => r.ok),
    passed: sum('passed'),
    failed: sum('failed') + runs.filter((r) => !r.ok && !r.failed).length, // an engine that could not run counts as one
    skipped: sum('skipped'),
    engines: runs.map((r) => r.engine),
    detail: runs.map((r) => `${r.engine} ${r.passed}/${r.passed + r.failed} in ${r.seconds}s`).join(', '),
  };
});

await stage('fuzz', async () => {
  fuzzer(); // installs the nightly toolchain and cargo-fuzz, or throws saying how to
  const failed = [];
  for (const t of FUZZ_TARGETS) {
    const corpus = join(root, 'fuzz/corpus', t);
    mkdirSync(corpus, { recursive: true });
    const r = await exec('cargo', [`+${NIGHTLY}`, 'fuzz', 'run', '-O', t, corpus, join(root, 'fuzz/seeds', t), '--', `-max_total_time=${FUZZ_SECONDS}`], {});
    if (r.code !== 0) failed.push(t);
  }
  return {
    ok: failed.length === 0,
    passed: FUZZ_TARGETS.length - failed.length,
    failed: failed.length,
    detail: failed.length ? `crashed: ${failed.join(', ')}` : `${FUZZ_TARGETS.length} targets, ${FUZZ_SECONDS}s each, no crash`,
  };
});

await stage('e2e', async () => {
  // Run alone (`npm test -- e2e`), the stage builds what its tests load when it is missing.
  await ensureBuilt();
  await ensureBuilt({ panicTest: true });
  const report = join(root, 'target', 'e2e-engines.json');
  rmSync(report, { force: true });
  const r = await exec(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=./scripts/engine-report.mjs', `--test-reporter-destination=${report}`, 'tests/e2e/'], engineVariables(env.engines));
  const byEngine = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : {};
  const engines = Object.keys(env.engines);
  const each = [...engines, 'none'].filter((e) => byEngine[e]).map((e) => `${e === 'none' ? 'no browser' : e} ${byEngine[e].passed}/${byEngine[e].passed + byEngine[e].failed} in ${byEngine[e].seconds}s`);
  const idle = engines.filter((e) => !(byEngine[e]?.passed > 0));
  const detail = [each.join(', '), ...idle.map((e) => `no test passed in ${e}`)].join('; ');
  return { ok: r.code === 0 && idle.length === 0, engines, ...nodeCounts(r.out), detail };
});

console.log('\n=== summary ===');
if (!results.length) {
  results.push({ name: only.join(' '), ok: false, passed: 0, failed: 0, skipped: 0, detail: 'no stage of that name (stages: lint, native, build, size, browser, fuzz, e2e)', seconds: 0 });
}
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(8)} ${counts(r).padEnd(34)} ${r.detail ? `${r.detail} ` : ''}(${r.seconds}s${r.engines ? ` in ${r.engines.join(', ')}` : ''})`);
const failed = results.filter((r) => !r.ok).map((r) => r.name);
const total = results.reduce((t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log(
  failed.length
    ? `shelfwise tests: FAILED (${failed.join(', ')}); ${results.length - failed.length} of ${results.length} stages passed; ${counts(total)}`
    : `shelfwise tests: passed, ${results.length} of ${results.length} stages; ${counts(total)}`,
);
process.exitCode = failed.length ? 1 : 0;
