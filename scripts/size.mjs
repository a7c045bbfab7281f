// `npm run size`: raw and gzipped bytes of every file a browser downloads for the engine.
// `npm run size -- --set-limit` builds the package and commits its gzip total (plus a small
// headroom) as the size ceiling in bench/size-limit.json, which `npm test` holds it to.
// It also weighs what loads on demand only (the checking and explaining part of the engine).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { root } from './setup.mjs';

/** The files a page loads: the entry, the glue it imports, and the .wasm. */
export const SHIPPED = ['shelfwise.js', 'pure.js', 'shelfwise_wasm.js', 'shelfwise_wasm_bg.wasm'];

/** What loads only when something asks for it: `validateConfig`, the `explain…` methods, the debug overlay. */
export const ON_DEMAND = ['shelfwise_tools.js', 'shelfwise_tools_bg.wasm'];

/** The bytes of one file as served: { raw, gzip (-9), brotli (quality 11) }. */
export function weigh(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Sizes of `files` (the shipped ones by default) in `dir`: [{ file, raw, gzip, brotli }] plus a total row. */
export function sizes(dir = join(root, 'pkg'), files = SHIPPED) {
  const rows = files.map((file) => ({ file, ...weigh(readFileSync(join(dir, file))) }));
  const total = rows.reduce((t, r) => ({ file: 'total', raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { file: 'total', raw: 0, gzip: 0, brotli: 0 });
  return [...rows, total];
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const bytes = (n) => `${n.toLocaleString('en-US')} bytes`;

/** The committed size ceiling: the gzip -9 total of SHIPPED may not grow past it. */
export const LIMIT_FILE = join(root, 'bench', 'size-limit.json');
/** Bytes above the measured total when the ceiling is set: room for build noise, not for growth. */
export const HEADROOM = 256;
/** Bytes below the ceiling the package may shrink before the ceiling has to follow it down. */
export const SLACK = 1024;
const SET = '`npm run size -- --set-limit`';

/** The ceiling in LIMIT_FILE, in bytes. */
export function readLimit() {
  const limit = JSON.parse(readFileSync(LIMIT_FILE, 'utf8')).gzipBytes;
  if (!Number.isInteger(limit) || limit <= 0) throw new Error(`${LIMIT_FILE}: "gzipBytes" must be a positive whole number of bytes`);
  return limit;
}

/** Writes the ceiling for a measured gzip total: the total plus HEADROOM. */
export function setLimit(total) {
  const doc = {
    $comment: `Size ratchet: npm test fails when the gzip -9 total of the files a browser downloads (scripts/size.mjs) exceeds gzipBytes, or falls more than ${SLACK} bytes below it. Set by ${SET.replaceAll('`', '')}: the measured total + ${HEADROOM} bytes.`,
    gzipBytes: total + HEADROOM,
  };
  writeFileSync(LIMIT_FILE, `${JSON.stringify(doc, null, 2)}\n`);
  return doc.gzipBytes;
}

/**
 * The shipped package in `dir` against the ceiling: { ok, total, limit, message }. Fails above the
 * ceiling, and more than SLACK below it (the ceiling must come down as the package shrinks, or
 * the bytes saved could come back unnoticed).
 */
export function checkLimit(dir = join(root, 'pkg')) {
  const total = sizes(dir).find((r) => r.file === 'total').gzip;
  const limit = readLimit();
  const where = 'bench/size-limit.json';
  if (total > limit) {
    return {
      ok: false,
      total,
      limit,
      message:
        `the shipped files weigh ${bytes(total)} (gzip -9), ${bytes(total - limit)} over the limit of ${bytes(limit)} in ${where}. ` +
        `See what grew with \`npm run size\` (per file) and \`npm run bench\` (what the .wasm is made of), and make it smaller; ` +
        `if the growth is deliberate and worth its bytes, raise the limit with ${SET} and commit ${where}, saying why`,
    };
  }
  if (total < limit - SLACK) {
    return {
      ok: false,
      total,
      limit,
      message:
        `the shipped files weigh ${bytes(total)} (gzip -9), ${bytes(limit - total)} under the limit of ${bytes(limit)} in ${where}: ` +
        `lower the limit with ${SET} and commit ${where}, so the bytes saved cannot come back unnoticed`,
    };
  }
  return { ok: true, total, limit, message: `${bytes(total)} gzip -9, limit ${bytes(limit)} (${bytes(limit - total)} to spare)` };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const setting = process.argv.includes('--set-limit');
  // Setting the ceiling always builds first, so the figure is the current source's.
  if (setting || !existsSync(join(root, 'pkg', 'shelfwise_wasm_bg.wasm'))) {
    const { build } = await import('./build.mjs');
    const { setup } = await import('./setup.mjs');
    setup();
    await build();
  }
  const table = (files) => {
    console.log(`${'file'.padEnd(26)}${'raw'.padStart(12)}${'gzip -9'.padStart(12)}${'brotli'.padStart(12)}`);
    for (const r of sizes(undefined, files)) console.log(`${r.file.padEnd(26)}${kb(r.raw).padStart(12)}${kb(r.gzip).padStart(12)}${kb(r.brotli).padStart(12)}`);
  };
  table(SHIPPED);
  console.log('\nloaded on demand only (validateConfig, explanations, the debug overlay):');
  table(ON_DEMAND);
  if (setting) {
    const total = sizes().find((r) => r.file === 'total').gzip;
    const previous = existsSync(LIMIT_FILE) ? readLimit() : null;
    const limit = setLimit(total);
    console.log(`size limit: ${bytes(limit)} (${bytes(total)} measured + ${HEADROOM}${previous ? `; was ${bytes(previous)}` : ''}) written to bench/size-limit.json: commit it`);
  } else if (existsSync(LIMIT_FILE)) {
    console.log(`limit (bench/size-limit.json): ${checkLimit().message}`);
  }
}
