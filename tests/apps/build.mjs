// Builds an app of tests/apps/ the way a shop would: Shelfwise installed from the packed package
// (`npm pack`, then `npm install` of the tarball), the app's other dependencies from the npm
// registry, bundled by Vite. Everything is kept in target/apps/<name>/: the dependencies are
// installed again only when the app's package.json changes, Shelfwise only when the packed
// package changes, and the app is built again only when its sources or the package change.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root } from '../../scripts/setup.mjs';

/** Runs a command; throws with its output when it fails. */
function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${relative(root, cwd) || '.'}) failed: ${r.error?.message ?? ''}${r.stdout}${r.stderr}`);
  return r.stdout;
}

const sha = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/** Every file under `dir`, relative, sorted. */
function files(dir, base = dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f), base) : [relative(base, join(dir, f))]));
}

const read = (path) => (existsSync(path) ? readFileSync(path, 'utf8') : null);

/**
 * Builds tests/apps/<name> and resolves to the folder of the built app (serve it at `/`).
 * Needs the package built (`npm run build`); throws saying what is missing otherwise.
 */
export async function buildApp(name) {
  if (!existsSync(join(root, 'pkg/shelfwise_wasm_bg.wasm'))) throw new Error('the package is not built: run `npm run build` (npm test builds it)');
  const src = join(root, 'tests/apps', name);
  const work = join(root, 'target/apps', name);
  const app = join(work, 'app');
  mkdirSync(app, { recursive: true });

  // The package as npm would publish it (its prepack script would build it again: skipped).
  const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], root))[0];
  const tarball = join(work, packed.filename);
  const pkgHash = sha(readFileSync(tarball));

  // The app's own dependencies, from the registry.
  const manifest = readFileSync(join(src, 'package.json'), 'utf8');
  if (read(join(work, 'deps.sha')) !== sha(manifest) || !existsSync(join(app, 'node_modules'))) {
    rmSync(join(app, 'node_modules'), { recursive: true, force: true });
    rmSync(join(work, 'shelfwise.sha'), { force: true });
    writeFileSync(join(app, 'package.json'), manifest);
    run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], app);
    writeFileSync(join(work, 'deps.sha'), sha(manifest));
  }
  // Shelfwise, from the tarball.
  if (read(join(work, 'shelfwise.sha')) !== pkgHash || !existsSync(join(app, 'node_modules/shelfwise/package.json'))) {
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', tarball], app);
    writeFileSync(join(work, 'shelfwise.sha'), pkgHash);
  }

  // The app's sources, and the build when they or the package changed.
  const sources = files(src).filter((f) => f !== 'package.json');
  const key = sha(pkgHash, ...sources.flatMap((f) => [f, readFileSync(join(src, f))]));
  const out = join(work, 'dist');
  if (read(join(out, '.build-key')) === key) return out;
  for (const f of sources) {
    mkdirSync(join(app, f, '..'), { recursive: true });
    cpSync(join(src, f), join(app, f));
  }
  const { build } = await import('vite');
  await build({
    root: app,
    logLevel: 'error',
    configFile: false,
    build: { outDir: out, emptyOutDir: true, target: 'es2022' },
  });
  writeFileSync(join(out, '.build-key'), key);
  return out;
}
