// `shelfwise relations`: learns "viewed together" and "bought together" relations from a shop's
// own analytics export, or prints the same computation as one SQL query for its warehouse.
import { parseArgs } from 'node:util';
import { InputError, progressReporter, readInputs, TABLE } from './read.js';
import { DEFAULTS, DIALECTS, exportQuery, literal, localQuery, MEASURES } from './sql.js';
import { byItem, configWith, perItemCsv, readIfAny, relatedSection, summarize, summaryText, writeAll } from './write.js';

export const USAGE = `usage: shelfwise relations <export files...> [--config FILE] [--csv FILE] [options]
       shelfwise relations --sql bigquery --dataset PROJECT.analytics_ID [--from DATE --to DATE] [options]

Learns which products go together from your own analytics: "viewed together" from product
views in one session, "bought together" from the items of one purchase and of one visitor's
purchases. Scores correct for popularity, so a bestseller is not everyone's companion.

Input (the format follows the file name, or --format ga4|parquet|csv):
  *.json, *.ndjson, *.jsonl (.gz)  GA4 BigQuery export rows, one JSON object per line
  *.parquet                       the same rows as Parquet (an export to files)
  *.csv, *.tsv                    a plain log with columns session, item, time and optionally
                                  event, visitor, order (--columns to name them)
Output:
  --config FILE       the config's "related" section (strengths 0-1); an existing config
                      keeps everything else
  --csv FILE          one row per item: item_id, related (ids strongest first), strengths;
                      for templates that render data-sw-related and for platform imports
  --summary FILE      the summary as JSON (it is always printed)
Options (defaults in brackets):
  --signals LIST      view, purchase or both [view,purchase]
  --view-events LIST  events that count as a product view [view_item,select_item]
  --measure NAME      cosine, jaccard, lift, or count (no popularity correction) [cosine]
  --min-support N     fewest sessions (or buyers) a pair needs [1]
  --shrink N          score x support / (support + N), against rare pairs [2]
  --half-life DAYS    older behaviour weighs less; 0 for none [60]
  --top N             most related items kept per item [10]
  --max-items N       sessions (or buyers) with more items are left out [50]
  --cross-order W     weight of items bought by one visitor in different orders [0.5]
  --from DATE, --to DATE   only these days (YYYY-MM-DD)
  --as-of DATE        decay is measured back from here [the latest event]
  --columns JSON      CSV columns by role, e.g. '{"session":"visit","item":"sku","time":"ts"}'
  --progress          report progress on stderr (on by default on a terminal;
                      --no-progress turns it off)
  --sql DIALECT       print the query (bigquery or duckdb) instead of running it
  --dataset NAME      with --sql: the BigQuery dataset, or DuckDB: a glob of export files
  --days N            with --sql and no --from: the last N days [90]

Reading files needs DuckDB: npm install --save-dev @duckdb/node-api (printing --sql does not).

Example:
  npx shelfwise relations export/events_*.json.gz --config shelfwise.config.json --csv related.csv
  npx shelfwise relations --sql bigquery --dataset my-shop.analytics_123456 --from 2024-01-01 --to 2024-03-31

Exits 0 when the outputs are written, 1 when the input or a write fails (nothing is written),
2 on bad usage. More: docs/relations.md.`;

/** A usage problem (exit 2). */
class UsageError extends Error {}

const DATE = /^\d{4}-\d\d-\d\d$/;

function number(name, v, { min = 0, integer = false } = {}) {
  const x = Number(v);
  if (v === undefined || v === '' || !Number.isFinite(x) || x < min || (integer && !Number.isInteger(x))) {
    throw new UsageError(`--${name} needs ${integer ? 'a whole number' : 'a number'} of at least ${min}, got "${v}"`);
  }
  return x;
}

function date(name, v) {
  if (!DATE.test(v) || !Number.isFinite(Date.parse(`${v}T00:00:00Z`))) throw new UsageError(`--${name} needs a date like 2024-03-31, got "${v}"`);
  return v;
}

/** Reads the command line (after `relations`) into options. */
export function parse(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        csv: { type: 'string' },
        summary: { type: 'string' },
        signals: { type: 'string' },
        'view-events': { type: 'string' },
        measure: { type: 'string' },
        'min-support': { type: 'string' },
        shrink: { type: 'string' },
        'half-life': { type: 'string' },
        top: { type: 'string' },
        'max-items': { type: 'string' },
        'cross-order': { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        'as-of': { type: 'string' },
        format: { type: 'string' },
        columns: { type: 'string' },
        progress: { type: 'boolean' },
        'no-progress': { type: 'boolean' },
        sql: { type: 'string' },
        dataset: { type: 'string' },
        days: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(e.message);
  }
  const v = parsed.values;
  const o = { ...DEFAULTS, files: parsed.positionals, help: v.help === true };
  if (o.help) return o;
  const words = (s) => s.split(',').map((w) => w.trim()).filter(Boolean);
  if (v.signals !== undefined) {
    o.signals = words(v.signals);
    const wrong = o.signals.find((s) => s !== 'view' && s !== 'purchase');
    if (wrong !== undefined || o.signals.length === 0) throw new UsageError(`--signals takes view, purchase or view,purchase, got "${v.signals}"`);
  }
  if (v['view-events'] !== undefined) o.viewEvents = words(v['view-events']);
  if (v.measure !== undefined) {
    if (!MEASURES.includes(v.measure)) throw new UsageError(`--measure is one of ${MEASURES.join(', ')}, got "${v.measure}"`);
    o.measure = v.measure;
  }
  if (v['min-support'] !== undefined) o.minSupport = number('min-support', v['min-support'], { min: 1, integer: true });
  if (v.shrink !== undefined) o.shrink = number('shrink', v.shrink);
  if (v['half-life'] !== undefined) o.halfLifeDays = number('half-life', v['half-life']);
  if (v.top !== undefined) o.top = number('top', v.top, { min: 1, integer: true });
  if (v['max-items'] !== undefined) o.maxItems = number('max-items', v['max-items'], { min: 2, integer: true });
  if (v['cross-order'] !== undefined) {
    o.crossOrder = number('cross-order', v['cross-order']);
    if (o.crossOrder > 1) throw new UsageError(`--cross-order is a weight from 0 to 1, got "${v['cross-order']}"`);
  }
  if (v.from !== undefined || v.to !== undefined) {
    if (v.from === undefined || v.to === undefined) throw new UsageError('--from and --to go together');
    o.fromDate = date('from', v.from);
    o.toDate = date('to', v.to);
    if (o.fromDate > o.toDate) throw new UsageError(`--from ${v.from} is after --to ${v.to}`);
    o.from = o.fromDate.replaceAll('-', '');
    o.to = o.toDate.replaceAll('-', '');
  }
  if (v['as-of'] !== undefined) {
    const ms = Date.parse(DATE.test(v['as-of']) ? `${v['as-of']}T00:00:00Z` : v['as-of']);
    if (!Number.isFinite(ms)) throw new UsageError(`--as-of needs a date like 2024-03-31 (or a date and time), got "${v['as-of']}"`);
    o.asOf = ms * 1000;
  }
  if (v.format !== undefined) {
    if (!['ga4', 'parquet', 'csv'].includes(v.format)) throw new UsageError(`--format is ga4, parquet or csv, got "${v.format}"`);
    o.format = v.format;
  }
  if (v.columns !== undefined) {
    try {
      o.columns = JSON.parse(v.columns);
    } catch {
      throw new UsageError(`--columns takes a JSON object of role to column name, e.g. '{"session":"visit","item":"sku","time":"ts"}', got ${v.columns}`);
    }
    if (o.columns === null || typeof o.columns !== 'object' || Array.isArray(o.columns)) throw new UsageError('--columns takes a JSON object of role to column name');
    if (typeof o.columns.delimiter === 'string') {
      o.delimiter = o.columns.delimiter === 'tab' ? '\t' : o.columns.delimiter;
      delete o.columns.delimiter;
    }
  }
  o.progress = v['no-progress'] ? false : v.progress === true ? true : process.stderr.isTTY === true;
  o.outputs = { config: v.config, csv: v.csv, summary: v.summary };
  if (v.sql !== undefined) {
    if (!(v.sql in DIALECTS)) throw new UsageError(`--sql is bigquery or duckdb, got "${v.sql}"`);
    if (!v.dataset) throw new UsageError(`--sql ${v.sql} needs --dataset (${v.sql === 'bigquery' ? 'the GA4 export dataset, e.g. my-shop.analytics_123456' : 'a glob of GA4 export files, e.g. export/events_*.parquet'})`);
    if (o.files.length) throw new UsageError('--sql prints a query for the warehouse; it reads no files (give either files or --sql)');
    o.sql = v.sql;
    o.dataset = v.dataset;
    if (o.fromDate === undefined) {
      const days = v.days === undefined ? 90 : number('days', v.days, { min: 1, integer: true });
      const today = new Date();
      o.toDate = today.toISOString().slice(0, 10);
      o.fromDate = new Date(today.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
    }
    return o;
  }
  if (v.dataset !== undefined || v.days !== undefined) throw new UsageError('--dataset and --days go with --sql (they name what the printed query reads)');
  if (o.files.length === 0) throw new UsageError('give the export files to read (or --sql to print the query for a warehouse)');
  if (!o.outputs.config && !o.outputs.csv && !o.outputs.summary) throw new UsageError('say where the relations go: --config FILE, --csv FILE (or both), or --summary FILE');
  return o;
}

/** DuckDB's Node API, or a clear error saying how to install it. */
export async function duckdb() {
  try {
    return await import('@duckdb/node-api');
  } catch (e) {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
    throw new InputError(
      'reading export files needs DuckDB, which is not installed here. Install it next to shelfwise ' +
        '(npm install --save-dev @duckdb/node-api; a native build for this command only: pages never load it), ' +
        'or compute the relations in BigQuery: shelfwise relations --sql bigquery --dataset ...',
    );
  }
}

/** Facts about the events read, for the summary (items and views of the units kept). */
async function facts(conn, o, rel) {
  const one = async (sql) => Object.values((await conn.runAndReadAll(sql)).getRowObjectsJson()[0]).map(Number);
  const units = `SELECT kind, IF(kind = 'view', session, visitor) AS unit, COUNT(DISTINCT item) AS n FROM ${TABLE} GROUP BY 1, 2`;
  const kept = `SELECT e.* FROM ${TABLE} AS e JOIN (${units}) AS u
    ON u.kind = e.kind AND u.unit = IF(e.kind = 'view', e.session, e.visitor) WHERE u.n <= ${o.maxItems}`;
  const [sessions, buyers, items, views] = await one(
    `SELECT COUNT(DISTINCT IF(kind = 'view', session, NULL)), COUNT(DISTINCT IF(kind = 'purchase', visitor, NULL)),
       COUNT(DISTINCT item), COUNT(*) FILTER (WHERE kind = 'view') FROM (${kept})`,
  );
  const [crawlers] = await one(`SELECT COUNT(*) FROM (${units}) WHERE n > ${o.maxItems}`);
  let viewsCovered = 0;
  if (rel.size > 0) {
    const ids = [...rel.keys()].map(literal).join(', ');
    [viewsCovered] = await one(`SELECT COUNT(*) FROM (${kept}) WHERE kind = 'view' AND item IN (${ids})`);
  }
  return { sessions, buyers, items, views, viewsCovered, crawlers };
}

/** The options a summary records. */
function recorded(o) {
  const keys = ['signals', 'viewEvents', 'measure', 'minSupport', 'shrink', 'halfLifeDays', 'top', 'maxItems', 'crossOrder'];
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

/** Learns the relations from the files of `o`; returns { rel, summary }. */
export async function learn(o) {
  const { DuckDBInstance } = await duckdb();
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const counts = await readInputs(conn, o.files, o, progressReporter(o.progress));
    const pairs = (await conn.runAndReadAll(localQuery(TABLE, o))).getRowObjectsJson();
    const rel = byItem(pairs);
    const summary = summarize({ counts, facts: await facts(conn, o, rel), rel, options: recorded(o) });
    return { rel, summary };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

async function checkConfig(text, file) {
  const { validateConfig } = await import('../../pkg/node.js');
  const errors = await validateConfig(text);
  if (errors.length) throw new Error(`${file}: the config would not be valid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
}

/** Runs the command; returns the exit code. */
export async function main(argv, { out = process.stdout, err = process.stderr } = {}) {
  let o;
  try {
    o = parse(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err.write(`[shelfwise] relations: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (o.help) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  if (o.sql) {
    out.write(exportQuery(o.sql, { ...o, from: o.fromDate, to: o.toDate }));
    return 0;
  }
  try {
    const { rel, summary } = await learn(o);
    const outputs = [];
    if (o.outputs.config) {
      let text;
      try {
        text = configWith(relatedSection(rel), readIfAny(o.outputs.config));
      } catch (e) {
        throw new Error(`${o.outputs.config} ${e.message}`);
      }
      await checkConfig(text, o.outputs.config);
      outputs.push([o.outputs.config, text]);
    }
    if (o.outputs.csv) outputs.push([o.outputs.csv, perItemCsv(rel)]);
    if (o.outputs.summary) outputs.push([o.outputs.summary, `${JSON.stringify(summary, null, 2)}\n`]);
    writeAll(outputs);
    out.write(`${summaryText(summary)}\n`);
    if (outputs.length) out.write(`wrote ${outputs.map(([p]) => p).join(', ')}\n`);
    return 0;
  } catch (e) {
    err.write(`[shelfwise] relations: ${e.message}; nothing was written\n`);
    return 1;
  }
}
