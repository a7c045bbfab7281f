// `npm run eval`: replays real shoppers' sessions from a browsing log through the engine (native
// Rust, no browser) and measures how much personalized shelves beat the shop's default order.
// Writes bench/eval.json (raw figures) and the evaluation block of bench/REPORT.md.
//
// It also measures the relations `shelfwise relations` learns: the evaluation writes the learning
// days' sessions (never the test days) as a CSV log, the command learns each set of LEARNED from
// that file alone, and the evaluation replays the test days with what came back.
//
// The log is read at run time, never copied into the repo: by default the Diginetica sample in
// ../shared/data. Extra arguments go to the evaluation, e.g.
//   npm run eval -- --no-sweep --shelf 50
//   npm run eval -- --data views.csv --columns '{"session":"visit","item":"sku","time":"ts","category":"cat"}'
// (`npm run eval -- --help` lists every option.)
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, run, setup } from './setup.mjs';

const DEFAULT_DATA = join(root, '..', 'shared', 'data', 'sample_train-item-views.csv');

/** The sets of relations to learn and compare: id, label, `shelfwise relations` options. */
export const LEARNED = [
  { id: 'defaults', label: 'learned with the defaults (cosine, shrunk, decayed, top 10)', args: [], primary: true },
  { id: 'count', label: 'co-view counts, top 20 (today\'s relations, recomputed)', args: ['--signals', 'view', '--measure', 'count', '--shrink', '0', '--half-life', '0', '--top', '20', '--max-items', '100'] },
  { id: 'top20', label: 'defaults, top 20', args: ['--top', '20'] },
  { id: 'min2', label: 'defaults, pairs seen in 2+ sessions', args: ['--min-support', '2'] },
  { id: 'raw', label: 'cosine without shrinkage or decay', args: ['--shrink', '0', '--half-life', '0'] },
  { id: 'lift', label: 'lift (shrunk, decayed)', args: ['--measure', 'lift'] },
  { id: 'jaccard', label: 'Jaccard (shrunk, decayed)', args: ['--measure', 'jaccard'] },
  { id: 'count-decayed', label: 'co-view counts, shrunk and decayed, top 10', args: ['--measure', 'count'] },
  { id: 'purchase', label: 'co-purchase (bought together)', args: ['--signals', 'purchase'] },
];

const args = process.argv.slice(2);
const own = args.includes('--data') || args.includes('--help') || args.includes('-h');
if (!own && !existsSync(DEFAULT_DATA)) {
  console.error(
    `[shelfwise] eval: the browsing log ${DEFAULT_DATA} is missing; ` +
      'pass one with `npm run eval -- --data PATH` (and --columns for its layout)',
  );
  process.exit(1);
}

const evalRun = (more) => run('cargo', ['run', '--release', '--quiet', '--bin', 'eval', '--', ...(own ? [] : ['--data', DEFAULT_DATA]), ...more, ...args]);

try {
  setup();
  if (args.includes('--help') || args.includes('-h')) {
    evalRun([]);
    process.exit(0);
  }
  const dir = join(root, 'target', 'eval');
  mkdirSync(dir, { recursive: true });
  const learnCsv = join(dir, 'learn.csv');
  evalRun(['--export-learn', learnCsv]);
  const { main } = await import('../bin/relations/cli.js');
  const sets = [];
  for (const set of LEARNED) {
    const csv = join(dir, `${set.id}.csv`);
    console.log(`[shelfwise] eval: shelfwise relations ${set.args.join(' ')}`);
    const code = await main([learnCsv, '--csv', csv, '--no-progress', ...set.args]);
    if (code !== 0) throw new Error(`shelfwise relations ${set.args.join(' ')} failed (exit ${code})`);
    sets.push({ id: set.id, label: set.label, args: set.args.join(' ') || '(defaults)', csv, primary: set.primary === true });
  }
  const manifest = join(dir, 'learned.json');
  writeFileSync(manifest, `${JSON.stringify({ sets }, null, 1)}\n`);
  evalRun(['--learned', manifest, '--json', join(root, 'bench', 'eval.json'), '--report', join(root, 'bench', 'REPORT.md')]);
} catch (e) {
  console.error(`[shelfwise] eval: ${e.message}`);
  process.exit(1);
}
