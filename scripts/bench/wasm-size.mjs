// What costs the bytes of the .wasm: a copy built exactly like the shipped one but keeping its
// function names (wasm-bindgen keeps the "name" section; wasm-opt, with the shipped passes and
// -g, keeps it), then a small parser of the binary attributes every function body to the
// crate (or, for Shelfwise itself, the module) its name belongs to. The benchmark's traced loads
// serve this copy, to say whose functions V8 compiles at start.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { WASM_FEATURES, WASM_OPT } from '../build.mjs';
import { root } from '../setup.mjs';

function leb(buf, pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [result, pos];
  }
}

function name(buf, pos) {
  const [len, p] = leb(buf, pos);
  return [new TextDecoder().decode(buf.subarray(p, p + len)), p + len];
}

function limits(buf, pos) {
  const flags = buf[pos++];
  let p = leb(buf, pos)[1];
  if (flags & 1) p = leb(buf, p)[1];
  return p;
}

/** Sections, function bodies (with their index) and function names of a .wasm binary. */
export function parseWasm(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error('not a WebAssembly binary');
  const sections = [];
  const bodies = [];
  const names = new Map();
  let imported = 0;
  let pos = 8;
  while (pos < buf.length) {
    const id = buf[pos];
    const [size, start] = leb(buf, pos + 1);
    const end = start + size;
    let label = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount', 'tag'][id] ?? `section ${id}`;
    if (id === 0) {
      const [custom, p] = name(buf, start);
      label = `custom "${custom}"`;
      if (custom === 'name') {
        let q = p;
        while (q < end) {
          const sub = buf[q];
          const [len, body] = leb(buf, q + 1);
          if (sub === 1) {
            let [count, r] = leb(buf, body);
            for (; count > 0; count--) {
              let idx;
              let fn;
              [idx, r] = leb(buf, r);
              [fn, r] = name(buf, r);
              names.set(idx, fn);
            }
          }
          q = body + len;
        }
      }
    } else if (id === 2) {
      let [count, p] = leb(buf, start);
      for (; count > 0; count--) {
        p = name(buf, p)[1];
        p = name(buf, p)[1];
        const kind = buf[p++];
        if (kind === 0) {
          imported += 1;
          p = leb(buf, p)[1];
        } else if (kind === 1) p = limits(buf, p + 1);
        else if (kind === 2) p = limits(buf, p);
        else if (kind === 3) p += 2;
        else if (kind === 4) p = leb(buf, p + 1)[1];
      }
    } else if (id === 10) {
      let [count, p] = leb(buf, start);
      for (let i = 0; i < count; i++) {
        const [len, body] = leb(buf, p);
        bodies.push({ index: imported + i, start: body, size: len + (body - p) });
        p = body + len;
      }
    }
    sections.push({ id, label, size: end - pos });
    pos = end;
  }
  return { sections, bodies, names };
}

const STD = new Set(['core', 'alloc', 'std']);

/** The owner of `gather()`'s instances. */
export const GATHERED = 'vectors built by gather(), one per place, its closures inlined';

/** The crate (or Shelfwise module) a demangled Rust function name belongs to. */
export function owner(name) {
  if (!name || name === 'undefined') return '(unnamed)';
  // A build with std built for it names crates with their disambiguator (`shelfwise[bb56…]::`).
  const fn = name.replace(/\[[0-9a-f]{16}\]/g, '');
  // The exported entry points, with whatever wasm-opt inlined into them.
  if (/ shim$/.test(fn) || /^rawengine_|^(evalConditionJson|validateConfigJson)$/.test(fn)) return 'exported entry points (wasm-bindgen)';
  // Methods of primitive types, compiler intrinsics and libm.
  if (/^<(str|char|bool|[iuf](8|16|32|64|128|size)|\[.*\])>::/.test(fn) || /^(__\w+|mem\w+|f?min|f?max|round|floor|ceil|trunc|pow|exp|log\w*|fmod\w*)$/.test(fn)) return 'Rust std (core, alloc, std)';
  // gather() is instantiated at each place a vector is built, with that place's closures inlined.
  if (/^shelfwise::core::gather::Gather::gather/.test(fn)) return GATHERED;
  const own = fn.match(/shelfwise::((?:core|web)::[a-z_]+|[a-z_]+)/);
  const first = fn.match(/([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/);
  if (first?.[1] === 'shelfwise' && own) return `shelfwise::${own[1]}`;
  if (!first) return fn.startsWith('__wbg') || fn.startsWith('__wbindgen') || fn.startsWith('__externref') ? 'wasm_bindgen' : '(other)';
  const crate = first[1];
  if (STD.has(crate) || crate === '__rustc') return 'Rust std (core, alloc, std)';
  if (crate === 'serde_core' || crate === 'serde') return 'serde';
  return crate;
}

/** The named copy of the shipped .wasm, once `wasmBreakdown()` built it. */
export const NAMED_WASM = join(root, 'target/bench/named/shelfwise_wasm_bg.wasm');

/** Function names of the .wasm at `path` by index (empty when it has none or is missing). */
export function functionNames(path) {
  return existsSync(path) ? parseWasm(readFileSync(path)).names : new Map();
}

/** Code bytes of each function of the .wasm at `path` by index (empty when it is missing). */
export function functionSizes(path) {
  return new Map(existsSync(path) ? parseWasm(readFileSync(path)).bodies.map((b) => [b.index, b.size]) : []);
}

/**
 * Builds the named copy (target/bench/named/) of the build in `target` (the shipped one by
 * default; `target/wasm-tools` is the checking and explaining part) and returns the breakdown: per owner the
 * number of functions, their code bytes and the gzip of that code alone; plus the sections.
 */
export function wasmBreakdown({ target = 'target/wasm', named = 'target/bench/named' } = {}) {
  const input = join(root, target, 'wasm32-unknown-unknown/release/shelfwise.wasm');
  if (!existsSync(input)) return { skipped: `no ${input} (run the build first)` };
  const dir = join(root, named);
  mkdirSync(dir, { recursive: true });
  const bindgen = spawnSync('wasm-bindgen', [input, '--target', 'web', '--out-dir', dir, '--out-name', 'shelfwise_wasm', '--no-typescript'], { encoding: 'utf8' });
  if (bindgen.status !== 0) return { skipped: `wasm-bindgen failed: ${bindgen.stderr || bindgen.error}` };
  const bg = join(dir, 'shelfwise_wasm_bg.wasm');
  const opt = spawnSync(join(root, 'node_modules/.bin/wasm-opt'), [...WASM_OPT, '-g', '--strip-dwarf', ...WASM_FEATURES, '--strip-producers', '--strip-target-features', bg, '-o', bg], { encoding: 'utf8' });
  if (opt.status !== 0) return { skipped: `wasm-opt failed: ${opt.stderr || opt.error}` };
  const buf = readFileSync(bg);
  const { sections, bodies, names } = parseWasm(buf);
  if (names.size === 0) return { skipped: 'the named copy has no function names' };
  const groups = new Map();
  for (const b of bodies) {
    const fn = names.get(b.index);
    const key = owner(fn);
    const g = groups.get(key) ?? { owner: key, functions: 0, bytes: 0, parts: [], largest: [] };
    g.functions += 1;
    g.bytes += b.size;
    g.parts.push(buf.subarray(b.start, b.start + b.size));
    g.largest.push({ name: (fn ?? `function ${b.index}`).replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, ''), bytes: b.size });
    groups.set(key, g);
  }
  const code = bodies.reduce((s, b) => s + b.size, 0);
  const rows = [...groups.values()]
    .map((g) => ({
      owner: g.owner,
      functions: g.functions,
      bytes: g.bytes,
      share: g.bytes / code,
      gzipAlone: gzipSync(Buffer.concat(g.parts), { level: 9 }).length,
      largest: g.largest.sort((a, b) => b.bytes - a.bytes).slice(0, 3),
    }))
    .sort((a, b) => b.bytes - a.bytes);
  const byLabel = (re) => sections.filter((s) => re.test(s.label)).reduce((s, x) => s + x.size, 0);
  const top = bodies
    .map((b) => ({ name: (names.get(b.index) ?? `function ${b.index}`).replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, ''), bytes: b.size }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 12);
  return {
    total: buf.length,
    names: byLabel(/custom "name"/),
    code,
    data: byLabel(/^data$/),
    other: buf.length - code - byLabel(/^data$/) - byLabel(/custom "name"/),
    functions: bodies.length,
    rows,
    top,
  };
}
