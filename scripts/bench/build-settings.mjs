// Build settings tried and measured: the runtime build of the .wasm (`--no-default-features`,
// what a page downloads) compiled at several opt-levels, and with std built for it on nightly
// (panics abort at once, without formatting a message), each into its own target dir; then
// wasm-bindgen and wasm-opt with several sets of passes. Per setting: the .wasm's raw, gzip -9
// and brotli bytes, and in Chromium its cold compile and compile + instantiate
// (scripts/bench/build-settings-browser.mjs).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bindWasm, compileWasm, RUNTIME, RUNTIME_BUILD, WASM_OPT } from '../build.mjs';
import { NIGHTLY, nightlyStd, root } from '../setup.mjs';
import { weigh } from '../size.mjs';
import { parseWasm } from './wasm-size.mjs';

/** Where every setting's glue and .wasm are written (served at /settings/ by the browser part). */
export const SETTINGS_DIR = join(root, 'target/bench/settings');

const level = (opt) => ({ CARGO_PROFILE_RELEASE_OPT_LEVEL: opt });

/**
 * The compilations tried: on stable Rust at several opt-levels, and the shipped one (`nightly`:
 * std built from source with panics aborting at once, scripts/build.mjs's RUNTIME_BUILD), exactly
 * what `build()` compiles into target/wasm for the engine pages download, so reused from there.
 */
export const COMPILES = [
  { id: 'z', label: 'opt-level "z"' },
  { id: 's', label: 'opt-level "s"', env: level('s') },
  { id: '2', label: 'opt-level 2', env: level('2') },
  { id: '3', label: 'opt-level 3', env: level('3') },
  {
    id: 'nightly',
    label: 'opt-level "z", nightly, `-Z build-std=std,panic_abort`, `-C panic=immediate-abort`, `-Z location-detail=none`',
    nightly: true,
    shipped: true,
    targetDir: 'target/wasm',
    env: RUNTIME_BUILD.env,
    cargoArgs: RUNTIME_BUILD.cargoArgs,
  },
];

/** The wasm-opt passes tried (each also strips debug info, producers and target features, as shipped). */
export const PASSES = [
  { id: 'Oz', label: '`-Oz`', passes: ['-Oz'] },
  { id: 'none', label: 'none (only stripped)', passes: [] },
  { id: 'Os', label: '`-Os`', passes: WASM_OPT, shipped: true },
  { id: 'Oz-converge', label: '`-Oz --converge`', passes: ['-Oz', '--converge'] },
  { id: 'gufa-Oz', label: '`--gufa -Oz`', passes: ['--gufa', '-Oz'] },
  { id: 'Oz-msf', label: '`-Oz --merge-similar-functions`', passes: ['-Oz', '--merge-similar-functions'] },
  { id: 'Oz-extra', label: '`-Oz --gufa --merge-similar-functions --dce --vacuum -Oz --converge`', passes: ['-Oz', '--gufa', '--merge-similar-functions', '--dce', '--vacuum', '-Oz', '--converge'] },
];

const seconds = (since) => Math.round((Date.now() - since) / 100) / 10;

/** One compilation into its own target dir: { wasm, seconds } or { missing } (nightly absent). */
function compileOne(c, log) {
  const began = Date.now();
  if (c.nightly) {
    const nightly = nightlyStd();
    if (nightly.missing) {
      log(`build settings: NOT MEASURED ${c.label}: ${nightly.missing}`);
      return { missing: nightly.missing };
    }
    c.toolchain = nightly.version;
  }
  const targetDir = join(root, c.targetDir ?? `target/wasm-settings/${c.id}`);
  log(`build settings: compiling ${c.label}${c.targetDir ? ' (the runtime build: up to date already)' : ''}`);
  const wasm = compileWasm({ targetDir, features: RUNTIME, toolchain: c.nightly ? NIGHTLY : undefined, cargoArgs: c.cargoArgs, env: c.env });
  return { wasm, seconds: seconds(began) };
}

/** wasm-bindgen + wasm-opt `p` on compilation `c`; the row of the table. */
function row(c, built, p) {
  const id = `${c.id}.${p.id}`;
  const out = join(SETTINGS_DIR, id);
  rmSync(out, { recursive: true, force: true });
  const began = Date.now();
  const bg = bindWasm(built.wasm, out, p.passes);
  const bytes = readFileSync(bg);
  return {
    id,
    compile: c.id,
    passes: p.id,
    label: `${c.label}; wasm-opt ${p.label}`,
    shipped: Boolean(c.shipped && p.shipped),
    compileSeconds: built.seconds,
    optSeconds: seconds(began),
    functions: parseWasm(bytes).bodies.length,
    ...weigh(bytes),
  };
}

/**
 * Builds and weighs every setting; `log` reports progress. The runtime build must have been
 * built first (`build()`). Returns { rows, missing, seconds, toolchain }.
 */
export function buildSettings({ log = () => {} } = {}) {
  const began = Date.now();
  mkdirSync(SETTINGS_DIR, { recursive: true });
  const built = new Map();
  const missing = [];
  for (const c of COMPILES) {
    const b = compileOne(c, log);
    if (b.missing) missing.push({ id: c.id, label: c.label, why: b.missing });
    else built.set(c.id, b);
  }
  const rows = [];
  // Every pass set on the shipped compilation; the others with no passes and with the shipped ones.
  const shipped = COMPILES.find((c) => c.shipped);
  log(`build settings: wasm-opt passes on the shipped build (${shipped.label})`);
  if (built.has(shipped.id)) for (const p of PASSES) rows.push(row(shipped, built.get(shipped.id), p));
  for (const c of COMPILES) {
    if (c === shipped || !built.has(c.id)) continue;
    for (const p of PASSES.filter((p) => p.id === 'none' || p.shipped)) rows.push(row(c, built.get(c.id), p));
  }
  return {
    rows,
    missing,
    nightly: COMPILES.find((c) => c.nightly).toolchain ?? null,
    seconds: seconds(began),
  };
}

/**
 * The settings whose start to ordered on the demo home is measured: the shipped one and the same
 * compilation only stripped (what wasm-opt's passes change in start).
 */
export function homeStartRows(rows) {
  const shipped = rows.find((r) => r.shipped);
  const stripped = rows.find((r) => r.compile === shipped?.compile && r.passes === 'none');
  return [shipped, stripped].filter((r, i, all) => r && all.indexOf(r) === i);
}

/**
 * The settings whose start is measured in the browser: the shipped one and the smallest of each
 * compilation (so the smallest overall, and on stable Rust, among them).
 */
export function startCostRows(rows) {
  const smallest = new Map();
  for (const r of [...rows].sort((a, b) => a.gzip - b.gzip || a.brotli - b.brotli)) if (!smallest.has(r.compile)) smallest.set(r.compile, r);
  return rows.filter((r) => r.shipped || [...smallest.values()].includes(r));
}

// In a fresh page: a cold compile of setting `id`'s .wasm, then its glue's init (compile and
// instantiate) of another cold copy (a random custom section defeats every code cache).
async function coldStart(id) {
  const { withNonce } = await import('/bench-wasm.js');
  const glue = await import(`/settings/${id}/shelfwise_wasm.js`);
  const bytes = new Uint8Array(await (await fetch(`/settings/${id}/shelfwise_wasm_bg.wasm`)).arrayBuffer());
  const a = withNonce(bytes);
  const t0 = performance.now();
  await WebAssembly.compile(a);
  const t1 = performance.now();
  const b = withNonce(bytes);
  const t2 = performance.now();
  await glue.default({ module_or_path: b });
  const t3 = performance.now();
  return { compile: t1 - t0, init: t3 - t2 };
}

/**
 * The start cost of each setting in `rows` in Chromium (`browser`, serving SETTINGS_DIR at
 * /settings/ from `base`): `loads` fresh pages per setting, taken in turn so that a busy
 * machine weighs on every setting alike. Returns { [id]: { compile: [ms], init: [ms] } }.
 */
export async function settingsStartCost(browser, base, rows, { loads = 15, warmup = 2, log = () => {} } = {}) {
  writeFileSync(join(SETTINGS_DIR, 'index.html'), '<!doctype html><title>build settings</title>\n');
  log(`build settings: cold compile and instantiation of ${rows.length} builds in Chromium (${loads} each)`);
  const out = Object.fromEntries(rows.map((r) => [r.id, { compile: [], init: [] }]));
  for (let i = 0; i < loads + warmup; i++) {
    for (const r of rows) {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(`${base}/settings/index.html`);
        const t = await page.evaluate(coldStart, r.id);
        if (i >= warmup) {
          out[r.id].compile.push(t.compile);
          out[r.id].init.push(t.init);
        }
      } finally {
        await context.close();
      }
    }
  }
  return out;
}
