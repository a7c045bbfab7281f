// The build settings tried (scripts/bench/build-settings.mjs measures them): the results' entry
// and the report's table, with which setting is smallest and whether the shipped build uses it.
import { kb, spread } from './format.mjs';
import { stats } from './results.mjs';

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/**
 * The results' entry from a measurement (`built` from buildSettings, `start` from
 * settingsStartCost), or, when `previous` is given instead, the last one kept as it was.
 */
export function buildSettingsSummary({ built, start, home, seconds, date, commit, previous }) {
  if (previous) return previous.buildSettings ? { ...previous.buildSettings, remeasured: false } : null;
  if (!built) return null;
  return {
    measured: date,
    commit,
    remeasured: true,
    seconds,
    buildSeconds: built.seconds,
    nightly: built.nightly,
    missing: built.missing,
    rows: built.rows.map((row) => ({
      ...row,
      start: start?.[row.id] ? { compile: stats(start[row.id].compile), init: stats(start[row.id].init), raw: start[row.id] } : null,
      home: home?.[row.id]?.length
        ? { total: stats(home[row.id].map((x) => x.total)), init: stats(home[row.id].map((x) => x.init)), engine: stats(home[row.id].map((x) => x.engine)), raw: home[row.id] }
        : null,
    })),
  };
}

const signed = (n) => (n === 0 ? '±0' : `${n > 0 ? '+' : '−'}${Math.abs(n).toLocaleString('en-US')} B`);
const bySize = (a, b) => a.gzip - b.gzip || a.brotli - b.brotli;

/** The section, numbered `n`; '' when no run has measured the settings. */
export function buildSettingsSection(r, n) {
  const b = r.buildSettings;
  if (!b?.rows?.length) return '';
  const shipped = b.rows.find((x) => x.shipped);
  const rows = [...b.rows].sort(bySize);
  const best = rows[0];
  const bestStable = rows.find((x) => x.compile !== 'nightly');
  const name = (x) => (x.shipped ? `**${x.label}** (shipped)` : x.label);
  const when = b.remeasured
    ? `Measured in this run: ${b.rows.length} settings in ${Math.round(b.seconds)} s (of which building ${Math.round(b.buildSeconds)} s).`
    : `**Not measured again in this run** (\`npm run bench -- --no-build-settings\`): the table of ${b.measured.slice(0, 10)} (commit ${b.commit ?? 'unknown'}) is kept as it was.`;
  const stripped = b.rows.find((x) => x.compile === shipped.compile && x.passes === 'none');
  const homeRows = b.rows.filter((x) => x.home);
  const ms = (x) => `${x.median.toFixed(1)} ms`;
  const trade =
    shipped.home && stripped?.home && stripped.id !== shipped.id
      ? ` The shipped build is not the smallest: its passes cost ${signed(shipped.gzip - stripped.gzip)} gzip against the same build only stripped, for ${(shipped.functions ?? 0).toLocaleString('en-US')} functions instead of ${(stripped.functions ?? 0).toLocaleString('en-US')}, each of which V8 compiles on its first call, on the page's main thread; start to ordered on the demo home in this run: ${ms(shipped.home.total)} against ${ms(stripped.home.total)} (below; the machine's spread is wide).`
      : ' The shipped build does not use it.';
  const conclusion =
    best.id === shipped.id
      ? `**The shipped build (${shipped.label}) is the smallest setting tried.**`
      : `**Smallest: ${best.label}, ${signed(best.gzip - shipped.gzip)} gzip against the shipped build**${best.compile === 'nightly' ? `; on stable Rust, ${bestStable.id === shipped.id ? 'the shipped build itself' : `${bestStable.label} (${signed(bestStable.gzip - shipped.gzip)})`}` : ''}.${trade}`;
  const homeText = homeRows.length
    ? `\n\n**Start to ordered on the demo home, by build** (a new visitor; the package as built with each build's .wasm and glue; ${homeRows[0].home.total.n} cold loads per build, taken in turn; from \`start()\` to every shelf ordered, CPU 1×):\n\n${table(
        ['setting', 'functions', 'start to ordered', 'init (compile + instantiate)', 'engine'],
        homeRows.map((x) => [name(x), (x.functions ?? 0).toLocaleString('en-US'), spread(x.home.total), spread(x.home.init), spread(x.home.engine)]),
      )}`
    : '';
  const opt =
    stripped && stripped.gzip < shipped.gzip
      ? ` wasm-opt's ${shipped.label.split('; wasm-opt ')[1]} makes the .wasm ${kb(stripped.raw - shipped.raw)} smaller raw but ${signed(shipped.gzip - stripped.gzip).replace('+', '')} larger gzipped: what it rewrites compresses worse.`
      : '';
  const missing = (b.missing ?? []).map((m) => `**Not measured: ${m.label}.** ${m.why}`).join('\n\n');
  return `## ${n}. Build settings tried

The runtime build of the .wasm (\`--no-default-features\`, what a page downloads) compiled under
each setting into a target dir of its own (\`target/wasm-settings/\`), then wasm-bindgen and
wasm-opt as \`npm run build\` does (every row also strips debug info, producers and target
features). Sizes are of the .wasm alone; the JS glue does not change. Start is a cold compile
(\`WebAssembly.compile\`) and the glue's \`init\` (compile + instantiate) of a fresh copy in a fresh
page of Chromium, ${b.rows.find((x) => x.start)?.start.compile.n ?? 'n/a'} pages per setting taken in turn, for the shipped setting and the
smallest of each compilation (— for the others: V8 compiles each function lazily, on its first
call, so a few KB more or less barely move it). ${b.nightly ? `Nightly: ${b.nightly}; with std built for the program and panics aborting at once, a panic no longer formats its message (the page's error names no Rust location).` : ''}
${when}

${table(
  ['setting', 'raw', 'gzip -9', 'gzip vs shipped', 'brotli', 'functions', 'cold compile', 'init (compile + instantiate)'],
  rows.map((x) => [name(x), kb(x.raw), x.shipped ? `**${kb(x.gzip)}**` : kb(x.gzip), signed(x.gzip - shipped.gzip), kb(x.brotli), x.functions ? x.functions.toLocaleString('en-US') : '—', x.start ? spread(x.start.compile) : '—', x.start ? spread(x.start.init) : '—']),
)}

${conclusion}${opt}${homeText}${missing ? `\n\n${missing}` : ''}
`;
}
