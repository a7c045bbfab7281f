// Builds the npm package into pkg/: the crate for wasm32 (size-first release profile),
// wasm-bindgen's ES module glue, wasm-opt -Oz, the hand-written JS entries and types, the
// config's JSON Schema and the TypeScript types generated from it.
// `--panic-test` builds a variant that panics on request into target/pkg-panic (for tests).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { root, run, setup } from './setup.mjs';

// The WebAssembly features rustc's wasm32 target emits (and every current browser runs).
const WASM_FEATURES = ['--enable-bulk-memory', '--enable-sign-ext', '--enable-mutable-globals', '--enable-nontrapping-float-to-int', '--enable-multivalue', '--enable-reference-types'];
const ENTRIES = ['shelfwise.js', 'pure.js', 'node.js', 'index.d.ts', 'panel.js', 'panel.d.ts', 'debug.js', 'debug.d.ts', 'frameworks.js', 'react.js', 'react.d.ts', 'vue.js', 'vue.d.ts'];

/** Builds the package; returns the output directory. */
export async function build({ panicTest = false } = {}) {
  const out = join(root, panicTest ? 'target/pkg-panic' : 'pkg');
  mkdirSync(out, { recursive: true });
  const features = panicTest ? ['--features', 'panic-test'] : [];
  // A separate target dir keeps the panic variant from invalidating the normal build.
  const targetDir = join(root, 'target', panicTest ? 'wasm-panic' : 'wasm');
  run('cargo', ['build', '--lib', '--release', '--target', 'wasm32-unknown-unknown', '--target-dir', targetDir, ...features]);
  const wasm = join(targetDir, 'wasm32-unknown-unknown/release/shelfwise.wasm');
  run('wasm-bindgen', [wasm, '--target', 'web', '--out-dir', out, '--out-name', 'shelfwise_wasm', '--no-typescript']);
  const bg = join(out, 'shelfwise_wasm_bg.wasm');
  run(join(root, 'node_modules/.bin/wasm-opt'), ['-Oz', ...WASM_FEATURES, '--strip-debug', '--strip-producers', '--strip-target-features', bg, '-o', bg]);
  for (const f of ENTRIES) copyFileSync(join(root, 'js', f), join(out, f));
  if (!panicTest) await schema(out);
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
    const out = await build({ panicTest: process.argv.includes('--panic-test') });
    console.log(`build: package written to ${out}`);
  } catch (e) {
    console.error(`build: ${e.message}`);
    process.exit(1);
  }
}
