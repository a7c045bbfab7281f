// `npm test`: every test, in order, each stage failing the run if it fails:
//   lint (rustfmt, clippy on both targets) → native `cargo test` → build the package →
//   browser wasm-bindgen-tests → fuzz smoke runs → end-to-end tests that drive the demo. The
//   browser stages run in Chromium, Firefox and WebKit (SHELFWISE_ENGINES picks some). The last
//   lines are the summary, naming the engines each stage ran in.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from './build.mjs';
import { engineVariables, wasmTestRunner } from './engines.mjs';
import { root, setup } from './setup.mjs';

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

/** Sums the counts of cargo's `test result:` lines. */
function cargoCounts(out) {
  let passed = 0;
  let failed = 0;
  for (const m of out.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  return { passed, failed };
}

async function stage(name, fn) {
  if (only.length && !only.includes(name)) return;
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  let r;
  try {
    r = await fn();
  } catch (e) {
    console.error(`${name}: ${e.message}`);
    r = { ok: false, detail: e.message };
  }
  results.push({ name, ...r, seconds: Math.round((Date.now() - started) / 1000) });
}

const env = setup({ browser: true, fuzz: true });

await stage('lint', async () => {
  const fmt = await exec('cargo', ['fmt', '--all', '--check']);
  const native = await exec('cargo', ['clippy', '--all-targets', '--features', 'schema', '--', '-D', 'warnings']);
  const wasm = await exec('cargo', ['clippy', '--all-targets', '--target', 'wasm32-unknown-unknown', '--', '-D', 'warnings']);
  const ok = fmt.code === 0 && native.code === 0 && wasm.code === 0;
  return { ok, detail: ok ? 'rustfmt and clippy clean (native and wasm32)' : 'rustfmt or clippy reported problems' };
});

await stage('native', async () => {
  const r = await exec('cargo', ['test', '--features', 'schema']);
  const c = cargoCounts(r.out);
  return { ok: r.code === 0, detail: `${c.passed} passed, ${c.failed} failed` };
});

await stage('build', async () => {
  await build();
  await build({ panicTest: true });
  return { ok: true, detail: 'package and panic-test variant built' };
});

await stage('browser', async () => {
  const dir = join(root, 'target');
  mkdirSync(dir, { recursive: true });
  const runs = [];
  for (const [engine, found] of Object.entries(env.engines)) {
    console.log(`\n--- browser: ${engine} ---`);
    const runner = await wasmTestRunner(found);
    const webdriver = join(dir, `webdriver-${engine}.json`);
    writeFileSync(webdriver, JSON.stringify(runner.capabilities));
    const r = await exec('cargo', ['test', '--target', 'wasm32-unknown-unknown', '--test', 'web'], {
      ...runner.env,
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER: 'wasm-bindgen-test-runner',
      WASM_BINDGEN_TEST_WEBDRIVER_JSON: webdriver,
    }).finally(runner.stop);
    runs.push({ engine, ok: r.code === 0, ...cargoCounts(r.out) });
  }
  const ok = runs.length > 0 && runs.every((r) => r.ok && r.passed > 0);
  return { ok, engines: runs.map((r) => r.engine), detail: runs.map((r) => `${r.engine} ${r.passed} passed, ${r.failed} failed`).join('; ') };
});

await stage('fuzz', async () => {
  if (!env.fuzz) return { ok: true, detail: `skipped: ${env.why}` };
  const failed = [];
  for (const t of FUZZ_TARGETS) {
    const corpus = join(root, 'fuzz/corpus', t);
    mkdirSync(corpus, { recursive: true });
    const r = await exec('cargo', ['+nightly', 'fuzz', 'run', '-O', t, corpus, join(root, 'fuzz/seeds', t), '--', `-max_total_time=${FUZZ_SECONDS}`], {});
    if (r.code !== 0) failed.push(t);
  }
  return { ok: failed.length === 0, detail: failed.length ? `crashed: ${failed.join(', ')}` : `${FUZZ_TARGETS.length} targets, ${FUZZ_SECONDS}s each, no crash` };
});

await stage('e2e', async () => {
  const report = join(root, 'target', 'e2e-engines.json');
  rmSync(report, { force: true });
  const r = await exec(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=./scripts/engine-report.mjs', `--test-reporter-destination=${report}`, 'tests/e2e/'], engineVariables(env.engines));
  const pass = Number(r.out.match(/ℹ pass (\d+)/)?.[1] ?? 0);
  const fail = Number(r.out.match(/ℹ fail (\d+)/)?.[1] ?? 0);
  const byEngine = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : {};
  const engines = Object.keys(env.engines);
  const each = engines.map((e) => `${e} ${byEngine[e]?.passed ?? 0}/${(byEngine[e]?.passed ?? 0) + (byEngine[e]?.failed ?? 0)} in ${byEngine[e]?.seconds ?? 0}s`);
  const everyEngine = engines.every((e) => byEngine[e]?.passed > 0);
  return { ok: r.code === 0 && pass > 0 && everyEngine, engines, detail: `${pass} passed, ${fail} failed (${each.join(', ')})` };
});

console.log('\n=== summary ===');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(8)} ${r.detail} (${r.seconds}s${r.engines ? ` in ${r.engines.join(', ')}` : ''})`);
const failed = results.filter((r) => !r.ok).map((r) => r.name);
console.log(
  failed.length
    ? `shelfwise tests: FAILED (${failed.join(', ')}); ${results.length - failed.length} of ${results.length} stages passed`
    : `shelfwise tests: all ${results.length} stages passed`,
);
process.exitCode = failed.length ? 1 : 0;
