// `npm run size`: raw and gzipped bytes of every file a browser downloads for the engine.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { root } from './setup.mjs';

/** The files a page loads: the entry, the glue it imports, and the .wasm. */
export const SHIPPED = ['shelfwise.js', 'pure.js', 'shelfwise_wasm.js', 'shelfwise_wasm_bg.wasm'];

/** Sizes of the shipped files in `dir`: [{ file, raw, gzip, brotli }] plus a total row. */
export function sizes(dir = join(root, 'pkg')) {
  const rows = SHIPPED.map((file) => {
    const bytes = readFileSync(join(dir, file));
    return {
      file,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
  const total = rows.reduce((t, r) => ({ file: 'total', raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { file: 'total', raw: 0, gzip: 0, brotli: 0 });
  return [...rows, total];
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!existsSync(join(root, 'pkg', 'shelfwise_wasm_bg.wasm'))) {
    const { build } = await import('./build.mjs');
    const { setup } = await import('./setup.mjs');
    setup();
    await build();
  }
  console.log(`${'file'.padEnd(26)}${'raw'.padStart(12)}${'gzip -9'.padStart(12)}${'brotli'.padStart(12)}`);
  for (const r of sizes()) console.log(`${r.file.padEnd(26)}${kb(r.raw).padStart(12)}${kb(r.gzip).padStart(12)}${kb(r.brotli).padStart(12)}`);
}
