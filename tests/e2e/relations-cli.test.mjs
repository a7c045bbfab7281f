// `shelfwise relations` as a shop runs it: from a GA4 export (newline-delimited JSON, Parquet)
// or a plain CSV log to the config's `related` section and a per-item file; the same
// computation printed as SQL gives the same relations when DuckDB runs it over the export
// files; bad rows are named by file, line and field, and a failed run writes nothing.
// Expected values come from tests/fixtures/ga4/README.md, worked out by hand from its sessions.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { root } from './helpers.mjs';

const CLI = join(root, 'bin/shelfwise.js');
const FIXTURE = join(root, 'tests/fixtures/ga4/events.ndjson');
/** No decay, no shrinkage, every pair: the plain measures the README works out. */
const PLAIN = ['--half-life', '0', '--shrink', '0', '--min-support', '1'];

const dir = () => mkdtempSync(join(tmpdir(), 'sw-relations-'));

function cli(args, options = {}) {
  const r = spawnSync(process.execPath, [CLI, 'relations', ...args], { encoding: 'utf8', ...options });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Runs the command into a per-item CSV; returns Map(item → [[id, strength], …]). */
function learn(input, args) {
  const csv = join(dir(), 'related.csv');
  const r = cli([input, '--csv', csv, ...args]);
  assert.equal(r.code, 0, r.err);
  return readPerItem(readFileSync(csv, 'utf8'));
}

function readPerItem(text) {
  const [head, ...lines] = text.trim().split('\n');
  assert.equal(head, 'item_id,related,strengths');
  return new Map(
    lines.map((l) => {
      const [item, ids, strengths] = l.split(',');
      const s = strengths.split(' ').map(Number);
      return [item, ids.split(' ').map((id, i) => [id, s[i]])];
    }),
  );
}

const near = (actual, expected, what) => assert.ok(Math.abs(actual - expected) < 0.0015, `${what}: ${actual}, expected ${expected.toFixed(4)}`);

/** Checks `list` against [[id, strength], …] (ids in order, strengths to the third decimal). */
function expectList(list, expected, what) {
  assert.deepEqual(list?.map(([id]) => id), expected.map(([id]) => id), what);
  expected.forEach(([id, s], i) => near(list[i][1], s, `${what} → ${id}`));
}

describe('relations from a GA4 export', () => {
  test('viewed together: cosine over sessions keyed by visitor and ga_session_id, popularity corrected', () => {
    const rel = learn(FIXTURE, ['--signals', 'view', ...PLAIN]);
    expectList(rel.get('TENT'), [['BAG', 3 / Math.sqrt(12)], ['MAT', 2 / Math.sqrt(8)], ['GIFT', 3 / Math.sqrt(36)], ['LAMP', 1 / Math.sqrt(8)]], 'TENT');
    expectList(rel.get('SHOE'), [['SOCK', 3 / Math.sqrt(12)], ['BOTTLE', 2 / Math.sqrt(12)], ['GIFT', 0.5]], 'SHOE');
    expectList(
      rel.get('GIFT'),
      [['BOTTLE', 3 / Math.sqrt(27)], ['SHOE', 0.5], ['TENT', 0.5], ['MAT', 2 / Math.sqrt(18)], ['BAG', 2 / Math.sqrt(27)], ['SOCK', 2 / Math.sqrt(27)], ['CAP', 1 / Math.sqrt(18)]],
      'GIFT',
    );
    // Never the item itself; the crawler's 60 products and the rows without a session: nothing.
    for (const [item, list] of rel) assert.ok(!list.some(([id]) => id === item), item);
    assert.deepEqual([...rel.keys()].sort(), ['BAG', 'BOTTLE', 'CAP', 'GIFT', 'LAMP', 'MAT', 'SHOE', 'SOCK', 'TENT']);
    assert.ok(!rel.get('TENT').some(([id]) => id === 'SHOE'), 'sessions of other visitors, or of the same visitor, are not one session');
  });

  test('raw counts follow popularity; the default measure does not', () => {
    const counts = learn(FIXTURE, ['--signals', 'view', '--measure', 'count', ...PLAIN]);
    assert.ok(counts.get('TENT').slice(0, 2).some(([id]) => id === 'GIFT'), 'by counts, the bestseller is among the tent\'s first two');
    const cosine = learn(FIXTURE, ['--signals', 'view', ...PLAIN]);
    assert.deepEqual(cosine.get('TENT').map(([id]) => id).slice(0, 3), ['BAG', 'MAT', 'GIFT']);
  });

  test('bought together: the items of one order, and at half weight those of one visitor\'s other orders', () => {
    const rel = learn(FIXTURE, ['--signals', 'purchase', ...PLAIN]);
    expectList(rel.get('TENT'), [['BAG', 2 / Math.sqrt(6)], ['MAT', 1 / Math.sqrt(3)], ['LAMP', 0.5 / Math.sqrt(3)]], 'TENT');
    expectList(rel.get('SHOE'), [['SOCK', 1 / Math.sqrt(2)], ['BOTTLE', 0.5]], 'SHOE');
    const sameOrderOnly = learn(FIXTURE, ['--signals', 'purchase', '--cross-order', '0', ...PLAIN]);
    expectList(sameOrderOnly.get('SHOE'), [['SOCK', 1 / Math.sqrt(2)]], 'SHOE, orders apart not counted');
  });

  test('shrinkage and minimum support hold back pairs seen rarely', () => {
    const rel = learn(FIXTURE, ['--signals', 'view', '--half-life', '0', '--shrink', '2', '--min-support', '2']);
    expectList(rel.get('TENT'), [['BAG', (3 / Math.sqrt(12)) * (3 / 5)], ['MAT', (2 / Math.sqrt(8)) * (2 / 4)], ['GIFT', 0.5 * (3 / 5)]], 'TENT');
    assert.equal(rel.get('LAMP'), undefined, 'LAMP shares no session with anything twice');
  });

  test('older sessions weigh less: halved every half-life', () => {
    const w = (days) => 0.5 ** (days / 30);
    const c = w(60) + w(30) + w(0);
    const shoe = w(60) + w(30) + w(12) + w(0);
    const sock = w(60) + w(30) + w(0);
    const rel = learn(FIXTURE, ['--signals', 'view', '--half-life', '30', '--as-of', '2024-04-01T12:00:40Z', '--shrink', '0', '--min-support', '1']);
    near(rel.get('SHOE')[0][1], c / Math.sqrt(shoe * sock), 'SHOE → SOCK');
  });

  test('Parquet gives what newline-delimited JSON gives', async () => {
    const d = dir();
    const parquet = join(d, 'events.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    // Typed as the export's schema types them (INTEGER columns as INT64, whatever the JSON said).
    const columns = `{ event_date: 'VARCHAR', event_timestamp: 'BIGINT', event_name: 'VARCHAR', user_pseudo_id: 'VARCHAR',
      event_params: 'STRUCT(key VARCHAR, value STRUCT(string_value VARCHAR, int_value BIGINT, float_value DOUBLE, double_value DOUBLE))[]',
      ecommerce: 'STRUCT(transaction_id VARCHAR, purchase_revenue DOUBLE)',
      items: 'STRUCT(item_id VARCHAR, item_name VARCHAR, item_category VARCHAR, item_category2 VARCHAR, price DOUBLE, quantity BIGINT)[]' }`;
    await conn.run(`COPY (SELECT * FROM read_json('${FIXTURE}', format = 'newline_delimited', columns = ${columns})) TO '${parquet}' (FORMAT parquet)`);
    conn.closeSync();
    instance.closeSync();
    assert.deepEqual(learn(parquet, []), learn(FIXTURE, []));
  });

  test('the --top option keeps the strongest few', () => {
    const rel = learn(FIXTURE, ['--signals', 'view', '--top', '2', ...PLAIN]);
    assert.deepEqual(rel.get('GIFT').map(([id]) => id), ['BOTTLE', 'SHOE']);
  });
});

describe('outputs', () => {
  test('the config section validates, keeps the rest of an existing config, and the summary counts coverage and bytes', () => {
    const d = dir();
    const config = join(d, 'shelfwise.config.json');
    writeFileSync(config, JSON.stringify({ version: 1, widgets: { pdp: { rules: [{ rule: 'related', to: 'viewed' }] } } }));
    const csv = join(d, 'related.csv');
    const summary = join(d, 'summary.json');
    const r = cli([FIXTURE, '--config', config, '--csv', csv, '--summary', summary, '--signals', 'view', '--min-support', '2']);
    assert.equal(r.code, 0, r.err);
    const validate = spawnSync(process.execPath, [CLI, 'validate', config], { encoding: 'utf8' });
    assert.equal(validate.status, 0, validate.stderr);
    const written = JSON.parse(readFileSync(config, 'utf8'));
    assert.deepEqual(written.widgets, { pdp: { rules: [{ rule: 'related', to: 'viewed' }] } });
    const strengths = Object.values(written.related).flatMap((o) => Object.values(o));
    assert.ok(strengths.length > 0 && strengths.every((s) => s > 0 && s <= 1), strengths.join(' '));
    // The CSV and the config say the same.
    const perItem = readPerItem(readFileSync(csv, 'utf8'));
    assert.deepEqual(Object.fromEntries([...perItem].map(([k, l]) => [k, Object.fromEntries(l)])), written.related);
    // Pairs seen in two sessions or more: LAMP and CAP have none. 35 product views in the
    // sessions kept, 5 of them of LAMP (3) and CAP (2).
    const s = JSON.parse(readFileSync(summary, 'utf8'));
    assert.deepEqual(
      { items: s.coverage.items, with: s.coverage.itemsWithRelations, views: s.coverage.views, covered: s.coverage.viewsOfItemsWithRelations },
      { items: 9, with: 7, views: 35, covered: 30 },
    );
    assert.equal(s.units.leftOutAsCrawlers, 1);
    assert.equal(s.read.rows, 245);
    assert.equal(s.bytes.configSection, Buffer.byteLength(JSON.stringify(written.related)));
    const attrs = [...perItem.values()].map((l) => ` data-sw-related="${l.map(([id]) => id).join(' ')}"`.length);
    assert.equal(s.bytes.attributeLargest, Math.max(...attrs));
    assert.match(r.out, /relations: \d+ for 7 of 9 items \(77\.8%\)/);
    assert.match(r.out, /85\.7% of product views are of an item with relations/);
  });

  test('a plain CSV log maps its columns; the Diginetica layout is recognized by its header', () => {
    const d = dir();
    const log = join(d, 'views.csv');
    writeFileSync(log, 'session_id;user_id;item_id;timeframe;eventdate\n1;NA;a;100;2016-05-09\n1;NA;b;900;2016-05-09\n2;NA;a;50;2016-05-10\n2;NA;b;70;2016-05-10\n3;NA;a;10;2016-05-11\n');
    expectList(learn(log, PLAIN).get('b'), [['a', 2 / Math.sqrt(3 * 2)]], 'b');
    const plain = join(d, 'plain.csv');
    writeFileSync(plain, 'visit,sku,when,what\nv1,a,2024-01-01T10:00:00Z,view_item\nv1,b,2024-01-01T10:01:00Z,view_item\nv1,c,2024-01-01T10:02:00Z,add_to_cart\n');
    expectList(learn(plain, ['--columns', '{"session":"visit","item":"sku","time":"when","event":"what"}', ...PLAIN]).get('a'), [['b', 1]], 'a');
  });
});

describe('the same computation as one SQL query', () => {
  /** The fixture as an export to files writes it: one file per day. */
  function exportFiles() {
    const d = join(dir(), 'export');
    mkdirSync(d);
    const days = new Map();
    for (const line of readFileSync(FIXTURE, 'utf8').trim().split('\n')) {
      const day = JSON.parse(line).event_date;
      days.set(day, [...(days.get(day) ?? []), line]);
    }
    for (const [day, lines] of days) writeFileSync(join(d, `events_${day}.json`), `${lines.join('\n')}\n`);
    return join(d, 'events_*.json');
  }

  async function runSql(sql) {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      return (await conn.runAndReadAll(sql)).getRowObjectsJson();
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  }

  for (const options of [[], ['--signals', 'purchase', '--measure', 'lift'], ['--signals', 'view', '--measure', 'jaccard', '--top', '3', '--min-support', '2']]) {
    test(`DuckDB running the printed query over the export files gives the local run's relations (${options.join(' ') || 'defaults'})`, async () => {
      const files = exportFiles();
      const r = cli(['--sql', 'duckdb', '--dataset', files, '--from', '2024-01-01', '--to', '2024-04-30', ...options]);
      assert.equal(r.code, 0, r.err);
      const rows = await runSql(r.out);
      const fromSql = new Map(rows.map((x) => [x.item_id, x.related.split(' ').map((id, i) => [id, Number(x.strengths.split(' ')[i])])]));
      const local = learn(FIXTURE, options);
      assert.ok(local.size > 0);
      assert.deepEqual(fromSql, local);
    });
  }

  test('the BigQuery query reads events_* tables of the dates asked and shares the rest of its text', () => {
    const bq = cli(['--sql', 'bigquery', '--dataset', 'my-shop.analytics_123', '--from', '2024-01-01', '--to', '2024-03-31']);
    assert.equal(bq.code, 0, bq.err);
    assert.match(bq.out, /FROM `my-shop\.analytics_123\.events_\*` AS e, UNNEST\(e\.items\) AS it/);
    assert.match(bq.out, /_TABLE_SUFFIX BETWEEN '20240101' AND '20240331'/);
    assert.match(bq.out, /UNNEST\(e\.event_params\) AS p WHERE p\.key = 'ga_session_id'/);
    const duck = cli(['--sql', 'duckdb', '--dataset', 'export/*.parquet', '--from', '2024-01-01', '--to', '2024-03-31']);
    const rest = (text) => text.slice(text.indexOf('-- Decay is measured back'));
    const types = (text) => text.replaceAll('VARCHAR', 'STRING').replaceAll('DOUBLE', 'FLOAT64').replaceAll('BIGINT', 'INT64');
    assert.equal(types(rest(duck.out)), rest(bq.out));
  });
});

describe('as a command-line tool', () => {
  test('--help explains it with an example; bad usage exits 2', () => {
    const help = cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /Example:\n {2}npx shelfwise relations export\/events_\*\.json\.gz --config shelfwise\.config\.json --csv related\.csv/);
    const bad = cli([FIXTURE, '--measure', 'popularity', '--csv', 'x.csv']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--measure is one of cosine, jaccard, lift, count, got "popularity"/);
    assert.equal(cli([FIXTURE]).code, 2, 'no output named');
  });

  for (const [what, line, expected] of [
    ['a line that is not JSON', '{"event_name": "view_item",', /bad\.ndjson:3: \(row\): not valid JSON/],
    ['a timestamp that is not an integer', '{"event_name":"view_item","event_timestamp":"soon","user_pseudo_id":"u","event_params":[],"items":[]}', /bad\.ndjson:3: event_timestamp: must be an integer \(microseconds since 1970\), got "soon"/],
    ['an item id that is not a string', '{"event_name":"view_item","event_timestamp":1,"user_pseudo_id":"u","event_params":[{"key":"ga_session_id","value":{"int_value":1}}],"items":[{"item_id":{"x":1}}]}', /bad\.ndjson:3: items\[0\]\.item_id: must be a string, got an object/],
  ]) {
    test(`${what} stops the run with its file, line and field, and nothing is written`, () => {
      const d = dir();
      const bad = join(d, 'bad.ndjson');
      const good = readFileSync(FIXTURE, 'utf8').split('\n').slice(0, 2).join('\n');
      writeFileSync(bad, `${good}\n${line}\n`);
      const config = join(d, 'shelfwise.config.json');
      writeFileSync(config, '{"version":1}\n');
      const csv = join(d, 'related.csv');
      const r = cli([bad, '--config', config, '--csv', csv]);
      assert.equal(r.code, 1);
      assert.match(r.err, expected);
      assert.match(r.err, /nothing was written/);
      assert.equal(readFileSync(config, 'utf8'), '{"version":1}\n', 'the config is untouched');
      assert.equal(existsSync(csv), false);
    });
  }

  test('a CSV row without a time names its line and column', () => {
    const d = dir();
    const log = join(d, 'views.csv');
    writeFileSync(log, 'session,item,time\ns1,a,1700000000\ns1,b,\n');
    const r = cli([log, '--csv', join(d, 'out.csv')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /views\.csv:3: time: must be a time .*got ""/);
  });

  test('progress goes to stderr when asked (and only then, off a terminal)', () => {
    const d = dir();
    const quiet = cli([FIXTURE, '--csv', join(d, 'a.csv')]);
    assert.doesNotMatch(quiet.err, /reading/);
    const loud = cli([FIXTURE, '--csv', join(d, 'b.csv'), '--progress']);
    assert.match(loud.err, /\[shelfwise\] relations: reading events\.ndjson: 100% \(245 rows\)/);
    assert.doesNotMatch(loud.out, /reading/);
  });

  test('without DuckDB installed, it says how to install it, and --sql still works', () => {
    // The command's files alone, where no node_modules can be found.
    const d = join(dir(), 'bin', 'relations');
    mkdirSync(d, { recursive: true });
    for (const f of ['cli.js', 'read.js', 'sql.js', 'write.js']) copyFileSync(join(root, 'bin/relations', f), join(d, f));
    const run = (args) =>
      spawnSync(process.execPath, ['--input-type=module', '-e', `import { main } from ${JSON.stringify(join(d, 'cli.js'))}; process.exitCode = await main(${JSON.stringify(args)});`], { encoding: 'utf8', cwd: d });
    const r = run([FIXTURE, '--csv', join(d, 'out.csv')]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /needs DuckDB, which is not installed here\. Install it next to shelfwise \(npm install --save-dev @duckdb\/node-api/);
    assert.equal(run(['--sql', 'bigquery', '--dataset', 'p.analytics_1']).status, 0);
  });
});
