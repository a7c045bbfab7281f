// Makes a fresh machine ready for build, start and test: npm dependencies, the wasm32 target,
// wasm-bindgen-cli at exactly the version in Cargo.lock, and (for tests) the browser engines
// with their WebDriver servers (Chromium, Firefox, WebKit: scripts/engines.mjs), the test apps'
// npm dependencies and the fuzzer (the pinned nightly toolchain and cargo-fuzz). Node built-ins only: it
// runs before `npm install` has happened.
// Quick when everything is there; says what it does when it is not.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findEngine, installPlan, missingMessage, selectedEngines } from './engines.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const say = (msg) => console.log(`setup: ${msg}`);

/** Runs a command in the repo, inheriting output; throws with a clear message on failure. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.error) throw new Error(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
  return r;
}

/** Output of a command, or null when it is missing or fails. */
function output(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function npmDependencies() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && mtime(marker) >= mtime(lock) && mtime(marker) >= mtime(join(root, 'package.json'))) return;
  say('installing npm dependencies');
  run('npm', [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund']);
}

/** Where the test apps of tests/apps/ are installed and built (their npm dependencies stay there between runs). */
export const appsDir = join(root, 'target', 'apps');

/**
 * The npm dependencies of every test app in tests/apps/ (React and Vue shop fronts, a React Router
 * storefront), installed from the registry into target/apps/<name>/ exactly as their
 * package-lock.json says; again only when the lock changes.
 */
export function testApps() {
  const source = join(root, 'tests', 'apps');
  const names = existsSync(source) ? readdirSync(source).filter((n) => existsSync(join(source, n, 'package-lock.json'))) : [];
  for (const name of names) {
    const dir = join(appsDir, name);
    const lock = readFileSync(join(source, name, 'package-lock.json'), 'utf8');
    const installed = join(dir, 'installed-lock.json');
    if (existsSync(installed) && readFileSync(installed, 'utf8') === lock && existsSync(join(dir, 'node_modules'))) continue;
    say(`installing the npm dependencies of the ${name} test app (tests/apps/${name})`);
    mkdirSync(dir, { recursive: true });
    for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(source, name, f), join(dir, f));
    run('npm', ['ci', '--include=dev', '--no-audit', '--no-fund'], { cwd: dir });
    copyFileSync(join(source, name, 'package-lock.json'), installed);
  }
  return names;
}

/** The version of `name` pinned in Cargo.lock. */
export function lockedVersion(name) {
  const lock = readFileSync(join(root, 'Cargo.lock'), 'utf8');
  const m = lock.match(new RegExp(`\\[\\[package\\]\\]\\nname = "${name}"\\nversion = "([^"]+)"`));
  if (!m) throw new Error(`Cargo.lock does not pin ${name}`);
  return m[1];
}

function wasmTarget() {
  const installed = output('rustup', ['target', 'list', '--installed']);
  if (installed === null) {
    say('rustup not found: make sure the wasm32-unknown-unknown target is installed for your Rust toolchain');
    return;
  }
  if (!installed.split('\n').includes('wasm32-unknown-unknown')) {
    say('adding the Rust target wasm32-unknown-unknown');
    run('rustup', ['target', 'add', 'wasm32-unknown-unknown']);
  }
}

function wasmBindgen() {
  const want = lockedVersion('wasm-bindgen');
  const have = output('wasm-bindgen', ['--version']);
  const runner = output('wasm-bindgen-test-runner', ['--version']);
  if (have === `wasm-bindgen ${want}` && runner?.endsWith(want)) return;
  say(`installing wasm-bindgen-cli ${want} (found ${have ?? 'none'}; takes a few minutes, once)`);
  run('cargo', ['install', 'wasm-bindgen-cli', '--version', want, '--force']);
}

function which(cmd) {
  return output('sh', ['-c', `command -v ${cmd}`]);
}

/**
 * The browser engines of the tests (scripts/engines.mjs), each with its WebDriver server:
 * found through CHROME_PATH / CHROMEDRIVER, FIREFOX_PATH / GECKODRIVER, MINIBROWSER_PATH /
 * WEBKITWEBDRIVER / XVFB or the usual places; what is missing is installed with apt-get (as
 * root) and `cargo install geckodriver`. Throws, naming each missing part and the command
 * that fixes it, when something cannot be installed. Returns `{ engines: { name: found } }`
 * for `names` (default: the selected engines, all three unless SHELFWISE_ENGINES says).
 */
function browsers(names = selectedEngines()) {
  let found = names.map((e) => findEngine(e));
  const plan = installPlan(found);
  if (plan.apt.length && process.getuid?.() === 0 && which('apt-get')) {
    say(`installing ${plan.apt.join(', ')} with apt-get`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', ...plan.apt], { env });
  }
  for (const [crate, version] of plan.cargo) {
    if (which('cargo') === null) break;
    say(`installing ${crate} ${version} with cargo (takes a few minutes, once)`);
    run('cargo', ['install', crate, '--version', version]);
  }
  if (plan.apt.length || plan.cargo.length) found = names.map((e) => findEngine(e));
  if (found.some((f) => f.missing.length)) throw new Error(missingMessage(found));
  return { engines: Object.fromEntries(found.map((f) => [f.engine, f])) };
}

/**
 * The nightly Rust toolchain, pinned so that every machine builds the same bytes: the engine pages
 * download is built on it (std built for the program, panics aborting at once: see
 * scripts/build.mjs), and the fuzzer runs on it.
 */
export const NIGHTLY = 'nightly-2026-05-20';

const FUZZ_FIX = `rustup toolchain install ${NIGHTLY} --profile minimal --component rust-src && cargo install cargo-fuzz`;

/**
 * The nightly toolchain and cargo-fuzz the fuzz smoke runs need, installed when missing; throws
 * saying why and which command fixes it when that cannot be done.
 */
export function fuzzer() {
  const nightly = nightlyStd();
  if (nightly.missing) throw new Error(`fuzzing needs the nightly Rust toolchain: ${nightly.missing}`);
  if (output('cargo', [`+${NIGHTLY}`, 'fuzz', '--version']) === null) {
    say('installing cargo-fuzz');
    try {
      run('cargo', ['install', 'cargo-fuzz']);
    } catch (e) {
      throw new Error(`fuzzing needs cargo-fuzz, and installing it failed (${e.message}). Run: cargo install cargo-fuzz`);
    }
  }
  return { fuzz: true };
}

const NIGHTLY_STD_FIX = `rustup toolchain install ${NIGHTLY} --profile minimal --component rust-src`;

/**
 * The pinned nightly toolchain (`NIGHTLY`) with the standard library's source, which building
 * std with the program (`-Z build-std`) needs; installed when missing and rustup is there. Returns
 * { toolchain, version } or, when it cannot be had, { missing } saying why and the command that
 * fixes it.
 */
export function nightlyStd() {
  if (output('rustup', ['--version']) === null) return { missing: `building std needs the Rust toolchain ${NIGHTLY} and rustup to install it; install rustup (https://rustup.rs), then run: ${NIGHTLY_STD_FIX}` };
  try {
    if (output('rustc', [`+${NIGHTLY}`, '-V']) === null) {
      say(`installing the Rust toolchain ${NIGHTLY} with the standard library source (the engine is built with std on it)`);
      // --no-self-update: installing a toolchain must not replace the user's rustup itself.
      run('rustup', ['toolchain', 'install', NIGHTLY, '--profile', 'minimal', '--component', 'rust-src', '--no-self-update']);
    } else if (!(output('rustup', ['component', 'list', '--toolchain', NIGHTLY, '--installed']) ?? '').split('\n').some((c) => c.startsWith('rust-src'))) {
      say(`adding the standard library source to ${NIGHTLY} (the engine is built with std on it)`);
      run('rustup', ['component', 'add', 'rust-src', '--toolchain', NIGHTLY]);
    }
  } catch (e) {
    return { missing: `building std needs ${NIGHTLY} with rust-src, and installing it failed (${e.message}); run: ${NIGHTLY_STD_FIX}` };
  }
  return { toolchain: NIGHTLY, version: output('rustc', [`+${NIGHTLY}`, '-V']) };
}

/** Makes the machine ready; `browser` (optionally only `engines`), `apps` and `fuzz` add what tests need. */
export function setup({ browser: needBrowser = false, engines, apps = false, fuzz = false } = {}) {
  npmDependencies();
  wasmTarget();
  wasmBindgen();
  const out = { ...(needBrowser ? browsers(engines) : {}), ...(apps ? { apps: testApps() } : {}), ...(fuzz ? fuzzer() : {}) };
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const r = setup({ browser: process.argv.includes('--browser'), apps: process.argv.includes('--apps'), fuzz: process.argv.includes('--fuzz') });
    say(`ready ${JSON.stringify(r)}`);
  } catch (e) {
    console.error(`setup: ${e.message}`);
    process.exit(1);
  }
}
