// Builds the npm package into pkg/: the crate for wasm32 (size-first release profile) twice —
// the engine a page downloads (no tooling: the config compiler stops at the first error and
// keeps its path; on the pinned nightly toolchain with std built for it, see RUNTIME_BUILD) and its checking and explaining part, loaded on demand (every config error
// with its message and suggestion, explanations) — each with wasm-bindgen's ES module glue and
// wasm-opt (the engine's with -Os, see WASM_OPT; both stripped); then the hand-written JS entries and types, the config's JSON Schema and the
// TypeScript types generated from it. Every JavaScript file is minified (esbuild), the
// hand-written ones with a source map holding their source.
// `--panic-test` builds a variant of the engine that panics on request into target/pkg-panic
// (for tests).
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NIGHTLY, nightlyStd, root, run, setup } from './setup.mjs';

// The WebAssembly features rustc's wasm32 target emits (and every current browser runs).
export const WASM_FEATURES = ['--enable-bulk-memory', '--enable-sign-ext', '--enable-mutable-globals', '--enable-nontrapping-float-to-int', '--enable-multivalue', '--enable-reference-types'];
/** What the shipped build strips from the .wasm after wasm-bindgen (no optimization in itself). */
export const STRIP = ['--strip-debug', '--strip-producers', '--strip-target-features'];
/**
 * The wasm-opt passes of the engine pages download: `-Os`. V8 compiles each WebAssembly function
 * on its first call, on the page's main thread, and start calls about a thousand of them; `-Os`
 * inlines small functions into their callers, which halves the number of functions (bench/REPORT.md,
 * "Build settings": 1,858 → 955) and takes about a fifth off start to ordered on the demo home, for
 * about 4 KB more gzip than the .wasm only stripped (what it rewrites compresses worse).
 */
export const WASM_OPT = ['-Os'];
/** The passes of the checking and explaining part (loaded on demand, rarely on the start path): none, only stripped, its smallest gzip. */
export const TOOLS_OPT = [];
/** Cargo's features of the engine pages download: no tooling (checking and explaining load on demand). */
export const RUNTIME = ['--no-default-features'];
/**
 * How the engine pages download is compiled: on the pinned nightly toolchain (`NIGHTLY`), with
 * std built for the program and panics aborting at once, so that no panic message formatting is
 * linked in, nor the file names and lines panics would have said (`-Zlocation-detail=none`,
 * 0.45 KB gzip). Measured (bench/REPORT.md, "Build settings"): about 10 KB gzip less than the same
 * code on stable Rust. A panic then stops the engine without a Rust message; the JS entry's
 * guard says in the console that it stopped, as before. The checking and explaining part keeps
 * stable Rust.
 */
export const RUNTIME_BUILD = {
  toolchain: NIGHTLY,
  cargoArgs: ['-Zbuild-std=std,panic_abort'],
  env: { RUSTFLAGS: '-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none' },
};

/** The pinned nightly toolchain with std's source, installed when missing; throws saying how to get it otherwise. */
function nightlyToolchain() {
  const n = nightlyStd();
  if (n.missing) throw new Error(`the engine pages download is built with std on ${NIGHTLY}: ${n.missing}`);
}
const ENTRIES = ['shelfwise.js', 'pure.js', 'node.js', 'index.d.ts', 'panel.js', 'panel.d.ts', 'debug.js', 'debug.d.ts', 'frameworks.js', 'react.js', 'react.d.ts', 'vue.js', 'vue.d.ts'];

/**
 * Compiles the crate for wasm32 into `targetDir` and returns the path of its .wasm. `features`
 * are cargo's feature flags; `toolchain` (e.g. NIGHTLY), `cargoArgs` and `env` (e.g.
 * CARGO_PROFILE_RELEASE_OPT_LEVEL, RUSTFLAGS) let the benchmark of build settings vary the build.
 */
export function compileWasm({ targetDir, features = [], toolchain, cargoArgs = [], env }) {
  const cargo = [...(toolchain ? [`+${toolchain}`] : []), 'build', '--lib', '--release', '--target', 'wasm32-unknown-unknown', '--target-dir', targetDir, ...features, ...cargoArgs];
  run('cargo', cargo, env ? { env: { ...process.env, ...env } } : {});
  return join(targetDir, 'wasm32-unknown-unknown/release/shelfwise.wasm');
}

/**
 * wasm-bindgen's ES module glue (`out/<name>.js`) and .wasm (`out/<name>_bg.wasm`) for `wasm`,
 * the .wasm then optimized by wasm-opt with `passes` (none: only stripped); returns the path of
 * the .wasm.
 */
export function bindWasm(wasm, out, passes = WASM_OPT, name = 'shelfwise_wasm') {
  mkdirSync(out, { recursive: true });
  run('wasm-bindgen', [wasm, '--target', 'web', '--out-dir', out, '--out-name', name, '--no-typescript']);
  const bg = join(out, `${name}_bg.wasm`);
  run(join(root, 'node_modules/.bin/wasm-opt'), [...passes, ...WASM_FEATURES, ...STRIP, bg, '-o', bg]);
  return bg;
}

/** Builds the package; returns the output directory. */
export async function build({ panicTest = false } = {}) {
  const out = join(root, panicTest ? 'target/pkg-panic' : 'pkg');
  mkdirSync(out, { recursive: true });
  // A separate target dir keeps each variant from invalidating the others.
  const at = (dir) => join(root, 'target', dir);
  if (panicTest) {
    nightlyToolchain();
    bindWasm(compileWasm({ targetDir: at('wasm-panic'), features: ['--no-default-features', '--features', 'panic-test'], ...RUNTIME_BUILD }), out);
    // Its pages may ask for explanations: the package's checking and explaining part serves.
    for (const f of ['shelfwise_tools.js', 'shelfwise_tools_bg.wasm']) if (existsSync(join(root, 'pkg', f))) copyFileSync(join(root, 'pkg', f), join(out, f));
  } else {
    nightlyToolchain();
    bindWasm(compileWasm({ targetDir: at('wasm'), features: RUNTIME, ...RUNTIME_BUILD }), out);
    bindWasm(compileWasm({ targetDir: at('wasm-tools') }), out, TOOLS_OPT, 'shelfwise_tools');
  }
  for (const f of ENTRIES) copyFileSync(join(root, 'js', f), join(out, f));
  await minify(out, panicTest ? ['shelfwise_wasm.js'] : ['shelfwise_wasm.js', 'shelfwise_tools.js']);
  if (!panicTest) await schema(out);
  return out;
}

/**
 * Minifies the JavaScript in `out`: the hand-written entries with a source map next to them
 * (their original text inside), the wasm-bindgen glue files `glue` without one.
 */
async function minify(out, glue) {
  const { transform } = await import('esbuild');
  const options = { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' };
  for (const f of ENTRIES.filter((f) => f.endsWith('.js'))) {
    const r = await transform(readFileSync(join(out, f), 'utf8'), { ...options, sourcemap: 'external', sourcefile: `../js/${f}`, sourcesContent: true });
    writeFileSync(join(out, f), `${r.code}//# sourceMappingURL=${f}.map\n`);
    writeFileSync(join(out, `${f}.map`), r.map);
  }
  for (const f of glue) writeFileSync(join(out, f), (await transform(readFileSync(join(out, f), 'utf8'), options)).code);
}

/** The JSON Schema of the config, from the Rust types, and TypeScript types from the schema. */
async function schema(out) {
  const schemaPath = join(out, 'config.schema.json');
  run('cargo', ['run', '--quiet', '--features', 'schema', '--bin', 'config-schema', '--', schemaPath]);
  const { compile } = await import('json-schema-to-typescript');
  const ts = await compile(JSON.parse(readFileSync(schemaPath, 'utf8')), 'ShelfwiseConfig', {
    bannerComment: '/* The Shelfwise config, generated from config.schema.json (itself generated from the Rust types). Do not edit. */',
    additionalProperties: false,
    unknownAny: true,
  });
  writeFileSync(join(out, 'config.d.ts'), ts);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    setup();
    const out = await build({ panicTest: process.argv.includes('--panic-test') });
    console.log(`build: package written to ${out}`);
  } catch (e) {
    console.error(`build: ${e.message}`);
    process.exit(1);
  }
}
