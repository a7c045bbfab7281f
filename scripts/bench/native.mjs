// The native criterion benchmarks (benches/core.rs): writes their fixtures, builds and runs
// them with short measurement times, and reads criterion's per-sample data.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../setup.mjs';
import * as fx from './fixtures.mjs';

export const FIXTURES = join(root, 'target/bench/fixtures.json');
// A target dir of its own: the bench profile here differs from the release one, so sharing
// target/release would rebuild both back and forth. No LTO (it builds in a fraction of the
// time); panic = unwind, which the benchmark itself always gets: with the release profile's
// abort, cargo builds the library twice (abort for the crate's binaries, unwind for the
// benchmark) into the same file names, and the two builds collide. The bench profile inherits
// these from the release profile, and cargo reads panic only there.
const TARGET = join(root, 'target/bench/native');
const CARGO = ['--bench', 'core'];

/** Writes the inputs benches/core.rs reads: the same ones the browser page generates. */
export function writeFixtures() {
  const products = fx.catalog(5000);
  const data = {
    benchConfig: fx.benchConfig(),
    emptyConfig: fx.benchConfig([]),
    demoConfig: join(root, 'www/shelfwise.config.json'),
    primer: fx.events(products.slice(0, 2500), { count: 400, days: 60, seed: 3, uniqueViews: true }),
    attributes: fx.SHOP_ATTRIBUTES,
    preferences: fx.PREFERENCES,
    rankItems: products.slice(0, 1000).map(fx.rankItem),
    rankItems200: products.slice(1000, 1200).map(fx.rankItem),
    ingest: fx.events(products.slice(2500), { count: 4250, days: 1, seed: 5, uniqueViews: true }),
    storage: fx.events(products, { count: 10_000, days: 90, seed: 11 }),
  };
  mkdirSync(join(root, 'target/bench'), { recursive: true });
  writeFileSync(FIXTURES, JSON.stringify(data));
  return FIXTURES;
}

// CARGO_TARGET_DIR rather than --target-dir: criterion writes its data under it too.
const env = () => ({ ...process.env, CARGO_TARGET_DIR: TARGET, SHELFWISE_BENCH_FIXTURES: FIXTURES, CARGO_PROFILE_RELEASE_LTO: 'false', CARGO_PROFILE_RELEASE_PANIC: 'unwind' });

/** How the native benchmarks are compiled, for the report. */
export const PROFILE = 'the release profile (opt-level "z", one codegen unit) without LTO and with panic = unwind';

/**
 * Compiles the benchmark binary in the background (resolves when done), so that compiling
 * overlaps the size measurements but not the browser ones.
 */
export function buildNative() {
  return new Promise((resolve, reject) => {
    const child = spawn('cargo', ['bench', ...CARGO, '--no-run'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: env() });
    child.on('error', (e) => reject(new Error(`cargo could not start: ${e.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`cargo bench --no-run failed (exit ${code})`))));
  });
}

/** Names of the criterion benchmarks, as `group/function`. */
export const NATIVE = [
  'segments/eval',
  'segments/attributes',
  'segments/set_attributes',
  'segments/set_attributes_none',
  'ingest/track',
  'ingest/track_json',
  'page/event200',
  'rank/items1000',
  'rank/items200',
  'rank/plain1000',
  'rank/explain1000',
  'rank/json1000',
  'profile/encode',
  'profile/decode',
  'profile/flush_own',
];

/** Runs the benchmarks; returns `{ name: { perOp (ms per iteration, per sample) } }` and notes. */
export function runNative({ measureSeconds = 2, warmSeconds = 0.5, samples = 30 } = {}) {
  const args = ['bench', ...CARGO, '--', '--warm-up-time', String(warmSeconds), '--measurement-time', String(measureSeconds), '--sample-size', String(samples), '--noplot'];
  const r = spawnSync('cargo', args, { cwd: root, encoding: 'utf8', env: env(), stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`cargo ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}`);
  const out = { benchmarks: {}, notes: {} };
  const size = r.stdout.match(/profile after (\d+) events over 90 days: (\d+) bytes/);
  if (size) out.notes.profileBytes = Number(size[2]);
  const page = r.stdout.match(/page\/event200: re-ordered after (\d+) of (\d+) events/);
  if (page) out.notes.reordered = { after: Number(page[1]), of: Number(page[2]) };
  for (const name of NATIVE) {
    const file = join(TARGET, 'criterion', name.replace('/', '_'), 'new/sample.json');
    if (!existsSync(file)) continue;
    const s = JSON.parse(readFileSync(file, 'utf8'));
    out.benchmarks[name] = { perOp: s.times.map((t, i) => t / s.iters[i] / 1e6), samples: s.times.length };
  }
  return out;
}
