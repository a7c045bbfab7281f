// The test apps of tests/apps/ as a user builds them: the package packed with `npm pack`, the
// tarball installed into the app with npm (its other dependencies were installed from the
// registry by scripts/setup.mjs), then built with the app's own Vite, for the browser and, for
// server rendering, for Node.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appsDir, root } from '../../scripts/setup.mjs';

let tarball;

/**
 * Runs a command; throws with its output when it fails. NODE_ENV is the command's own: a Vite
 * build earlier in the same process sets it to production, and npm would then leave out the
 * app's development dependencies (its Vite among them).
 */
function sh(cmd, args, cwd, env = {}) {
  const { NODE_ENV, ...inherited } = process.env;
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...inherited, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${r.stdout}${r.stderr}${r.error?.message ?? ''}`);
  return r.stdout;
}

/** The package as npm publishes it (pkg/ must be built): the tarball's path. */
export function packed() {
  if (tarball) return tarball;
  mkdirSync(appsDir, { recursive: true });
  const [info] = JSON.parse(sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', appsDir], root));
  tarball = join(appsDir, info.filename);
  return tarball;
}

/**
 * Builds the test app `name` (tests/apps/<name>) against the packed package, with what every app
 * shares (tests/apps/shared/, at the same paths) and `files` (path → text) written into it
 * first. `ssr` names a module built for Node too. `mode` is Vite's and NODE_ENV's: `development`
 * (React's and Vue's checks and warnings on) or `production`. Returns `{ dir, client, server? }`:
 * the app's folder, the built site, and the built server module.
 */
export function buildApp(name, { files = {}, ssr, mode = 'development' } = {}) {
  const dir = join(appsDir, name);
  if (!existsSync(join(dir, 'node_modules'))) {
    throw new Error(`the ${name} test app has no dependencies in ${dir}: run \`node scripts/setup.mjs --apps\` (npm test does it)`);
  }
  // The app's sources, fresh (node_modules and the lock stay).
  for (const f of readdirSync(dir)) if (!['node_modules', 'package.json', 'package-lock.json', 'installed-lock.json'].includes(f) && !f.endsWith('.tgz')) rmSync(join(dir, f), { recursive: true, force: true });
  cpSync(join(root, 'tests', 'apps', 'shared'), dir, { recursive: true });
  cpSync(join(root, 'tests', 'apps', name), dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  // As `npm install shelfwise` would, from the tarball; nothing else is fetched.
  const install = () => sh('npm', ['install', '--no-save', '--include=dev', '--prefer-offline', '--no-audit', '--no-fund', packed()], dir);
  install();
  const vite = join(dir, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) {
    // The app's own dependencies went missing since set-up: install them again from its lock.
    sh('npm', ['ci', '--include=dev', '--no-audit', '--no-fund'], dir);
    install();
  }
  // A development build by default (React's and Vue's own: NODE_ENV says so): StrictMode's double
  // effects and the frameworks' hydration warnings are on.
  const env = { NODE_ENV: mode };
  sh(process.execPath, [vite, 'build', '--mode', mode, '--logLevel', 'warn', '--outDir', 'dist'], dir, env);
  const out = { dir, client: join(dir, 'dist') };
  if (ssr) {
    sh(process.execPath, [vite, 'build', '--mode', mode, '--logLevel', 'warn', '--ssr', ssr, '--outDir', 'dist-server'], dir, env);
    out.server = join(dir, 'dist-server', ssr.replace(/^.*\//, '').replace(/\.\w+$/, '.js'));
  }
  return out;
}

/** The React recipe of docs/getting-started.md, exactly as written there. */
export async function reactRecipe() {
  const { fences, read, section } = await import('./fixtures/docs-markdown.mjs');
  const blocks = fences(section(read(root, 'docs/getting-started.md'), '3. React')).filter((b) => b.lang === 'jsx');
  if (blocks.length !== 1) throw new Error(`docs/getting-started.md, "3. React": expected one jsx block, found ${blocks.length}`);
  return blocks[0].text;
}

/** The Vue example of docs/api.md (a single-file component), exactly as written there. */
export async function vueExample() {
  const { fences, read, section } = await import('./fixtures/docs-markdown.mjs');
  const blocks = fences(section(read(root, 'docs/api.md'), 'Vue')).filter((b) => b.lang === 'vue');
  if (blocks.length !== 1) throw new Error(`docs/api.md, "Vue": expected one vue block, found ${blocks.length}`);
  return blocks[0].text;
}
