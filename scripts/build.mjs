// Builds the npm package into pkg/: the crate for wasm32 (size-first release profile),
// wasm-bindgen's ES module glue, wasm-opt -Oz, the hand-written JS entries and types, the
// config's JSON Schema and the TypeScript types generated from it.
// `--panic-test` builds a variant that panics on request into target/pkg-panic (for tests).
// `--runtime` builds the engine without its tooling (the full config checker's messages and
// suggestions, explanations) into target/pkg-runtime: what a page needs, measured by
// `npm run size -- --runtime`.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { root, run, setup } from './setup.mjs';

// The WebAssembly features rustc's wasm32 target emits (and every current browser runs).
export const WASM_FEATURES = ['--enable-bulk-memory', '--enable-sign-ext', '--enable-mutable-globals', '--enable-nontrapping-float-to-int', '--enable-multivalue', '--enable-reference-types'];
/** What the shipped build strips from the .wasm after wasm-bindgen (no optimization in itself). */
export const STRIP = ['--strip-debug', '--strip-producers', '--strip-target-features'];
/** The wasm-opt optimization the shipped build runs. */
export const WASM_OPT = ['-Oz'];
const ENTRIES = ['shelfwise.js', 'pure.js', 'node.js', 'index.d.ts', 'panel.js', 'panel.d.ts', 'debug.js', 'debug.d.ts', 'frameworks.js', 'react.js', 'react.d.ts', 'vue.js', 'vue.d.ts'];

/**
 * Compiles the crate for wasm32 into `targetDir` and returns the path of its .wasm. `features`
 * are cargo's feature flags; `toolchain` (e.g. 'nightly'), `cargoArgs` and `env` (e.g.
 * CARGO_PROFILE_RELEASE_OPT_LEVEL, RUSTFLAGS) let the benchmark of build settings vary the build.
 */
export function compileWasm({ targetDir, features = [], toolchain, cargoArgs = [], env }) {
  const cargo = [...(toolchain ? [`+${toolchain}`] : []), 'build', '--lib', '--release', '--target', 'wasm32-unknown-unknown', '--target-dir', targetDir, ...features, ...cargoArgs];
  run('cargo', cargo, env ? { env: { ...process.env, ...env } } : {});
  return join(targetDir, 'wasm32-unknown-unknown/release/shelfwise.wasm');
}

/**
 * wasm-bindgen's ES module glue and .wasm for `wasm` into `out`, the .wasm then optimized by
 * wasm-opt with `passes` (none: only stripped); returns the path of the .wasm.
 */
export function bindWasm(wasm, out, passes = WASM_OPT) {
  mkdirSync(out, { recursive: true });
  run('wasm-bindgen', [wasm, '--target', 'web', '--out-dir', out, '--out-name', 'shelfwise_wasm', '--no-typescript']);
  const bg = join(out, 'shelfwise_wasm_bg.wasm');
  run(join(root, 'node_modules/.bin/wasm-opt'), [...passes, ...WASM_FEATURES, ...STRIP, bg, '-o', bg]);
  return bg;
}

/** Builds the package; returns the output directory. */
export async function build({ panicTest = false, runtime = false } = {}) {
  const out = join(root, panicTest ? 'target/pkg-panic' : runtime ? 'target/pkg-runtime' : 'pkg');
  mkdirSync(out, { recursive: true });
  const features = panicTest ? ['--features', 'panic-test'] : runtime ? ['--no-default-features'] : [];
  // A separate target dir keeps each variant from invalidating the normal build.
  const targetDir = join(root, 'target', panicTest ? 'wasm-panic' : runtime ? 'wasm-runtime' : 'wasm');
  bindWasm(compileWasm({ targetDir, features }), out);
  for (const f of ENTRIES) copyFileSync(join(root, 'js', f), join(out, f));
  if (!panicTest && !runtime) await schema(out);
  return out;
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
    const out = await build({ panicTest: process.argv.includes('--panic-test'), runtime: process.argv.includes('--runtime') });
    console.log(`build: package written to ${out}`);
  } catch (e) {
    console.error(`build: ${e.message}`);
    process.exit(1);
  }
}
