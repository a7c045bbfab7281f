// `npm run eval`: replays real shoppers' sessions from a browsing log through the engine (native
// Rust, no browser) and measures how much personalized shelves beat the shop's default order.
// Writes bench/eval.json (raw figures) and the evaluation block of bench/REPORT.md.
//
// The log is read at run time, never copied into the repo: by default the Diginetica sample in
// ../shared/data. Extra arguments go to the evaluation, e.g.
//   npm run eval -- --no-sweep --shelf 50
//   npm run eval -- --data views.csv --columns '{"session":"visit","item":"sku","time":"ts","category":"cat"}'
// (`npm run eval -- --help` lists every option.)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root, run, setup } from './setup.mjs';

const DEFAULT_DATA = join(root, '..', 'shared', 'data', 'sample_train-item-views.csv');

const args = process.argv.slice(2);
const own = args.includes('--data') || args.includes('--help') || args.includes('-h');
if (!own && !existsSync(DEFAULT_DATA)) {
  console.error(
    `[shelfwise] eval: the browsing log ${DEFAULT_DATA} is missing; ` +
      'pass one with `npm run eval -- --data PATH` (and --columns for its layout)',
  );
  process.exit(1);
}

try {
  setup();
  run('cargo', [
    'run', '--release', '--quiet', '--bin', 'eval', '--',
    ...(own ? [] : ['--data', DEFAULT_DATA]),
    '--json', join(root, 'bench', 'eval.json'),
    '--report', join(root, 'bench', 'REPORT.md'),
    ...args,
  ]);
} catch (e) {
  console.error(`[shelfwise] eval: ${e.message}`);
  process.exit(1);
}
