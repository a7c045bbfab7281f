// The machine and tool versions a benchmark run happened on.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { NIGHTLY, root } from '../setup.mjs';

function output(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function osName() {
  try {
    const m = readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]+)"?/m);
    if (m) return `${m[1]} (${os.type()} ${os.release()}, ${os.arch()})`;
  } catch {
    // not Linux, or no os-release
  }
  return `${os.type()} ${os.release()} (${os.arch()})`;
}

function cpuModel() {
  try {
    const m = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m);
    if (m) return m[1].trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

/** The machine, the versions of every tool involved, the date and the commit. */
export function environment({ chromium, loadBefore }) {
  const status = output('git', ['status', '--porcelain']);
  const wasmOpt = join(root, 'node_modules/.bin/wasm-opt');
  return {
    date: new Date().toISOString(),
    commit: output('git', ['rev-parse', '--short', 'HEAD']),
    uncommittedChanges: status === null ? null : status.length > 0,
    machine: {
      cpu: cpuModel(),
      cores: os.cpus().length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      os: osName(),
      loadAverage: { before: loadBefore.map((x) => Math.round(x * 100) / 100), after: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    },
    versions: {
      node: process.version,
      chromium,
      rustc: output('rustc', ['--version']),
      // The engine pages download is built on the pinned nightly (scripts/build.mjs).
      rustcNightly: output('rustc', [`+${NIGHTLY}`, '--version']),
      wasmBindgen: output('wasm-bindgen', ['--version']),
      wasmOpt: existsSync(wasmOpt) ? output(wasmOpt, ['--version']) : null,
    },
  };
}
