// Reading a shop's analytics export: GA4 BigQuery export rows (newline-delimited JSON, gzipped or
// not, or Parquet) and plain CSV logs. Every row is checked; a malformed one stops the run with
// its file, line (or row) and field. What the relations use goes into a DuckDB table of events:
// (visitor, session, t in microseconds, kind `view`/`purchase`, item, order).
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

/** The table a local run reads events into. */
export const TABLE = 'sw_events';

/** A problem with the input, already saying where (`file:line: field: what`). */
export class InputError extends Error {}

/** How a file is read, from `--format` or its name. */
export function formatOf(file, format) {
  if (format) return format;
  if (/\.parquet$/i.test(file)) return 'parquet';
  if (/\.(csv|tsv|txt)(\.gz)?$/i.test(file)) return 'csv';
  return 'ga4';
}

function describe(v) {
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'string') return v.length > 40 ? `a string of ${v.length} characters` : JSON.stringify(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}

/** An INT64 field: a JSON number, or a decimal string (BigQuery writes INT64 to JSON as text). */
function int64(v) {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d{1,19}$/.test(v.trim())) return BigInt(v.trim());
  if (typeof v === 'bigint') return v;
  return null;
}

/** `YYYYMMDD` of a time in microseconds, in UTC. */
function utcDay(t) {
  return new Date(Number(t / 1000n)).toISOString().slice(0, 10).replaceAll('-', '');
}

/** Counts of what was read and what was left out, for the summary. */
export function newCounts() {
  return { files: 0, rows: 0, views: 0, purchases: 0, otherEvents: 0, noSession: 0, noItems: 0, noItemId: 0, outOfRange: 0 };
}

/**
 * Checks one GA4 export row and hands each of its (event, item) pairs to `emit`. `at` names
 * where the row is (`file:line`). Events other than views and purchases are counted, not used.
 */
export function ga4Row(row, at, o, counts, emit) {
  const bad = (field, what, v) => {
    throw new InputError(`${at}: ${field}: ${what}, got ${describe(v)}`);
  };
  if (row === null || typeof row !== 'object' || Array.isArray(row)) bad('(row)', 'must be a JSON object (one GA4 export row)', row);
  const name = row.event_name;
  if (typeof name !== 'string' || name === '') bad('event_name', 'must be an event name', name);
  const t = int64(row.event_timestamp);
  if (t === null) bad('event_timestamp', 'must be an integer (microseconds since 1970)', row.event_timestamp);
  const params = row.event_params ?? [];
  if (!Array.isArray(params)) bad('event_params', 'must be an array of { key, value } records', params);
  const user = row.user_pseudo_id ?? null;
  if (user !== null && typeof user !== 'string') bad('user_pseudo_id', 'must be a string', user);
  const kind = name === 'purchase' ? 'purchase' : o.viewEvents.includes(name) ? 'view' : null;
  if (kind === null || !o.signals.includes(kind)) {
    counts.otherEvents += 1;
    return;
  }
  if (o.from !== undefined) {
    const day = typeof row.event_date === 'string' && /^\d{8}$/.test(row.event_date) ? row.event_date : utcDay(t);
    if (day < o.from || day > o.to) {
      counts.outOfRange += 1;
      return;
    }
  }
  let sessionId = null;
  for (const [i, p] of params.entries()) {
    if (p === null || typeof p !== 'object' || typeof p.key !== 'string') bad(`event_params[${i}]`, 'must be a { key, value } record', p);
    if (p.key !== 'ga_session_id') continue;
    const v = p.value ?? {};
    const id = int64(v.int_value) ?? (typeof v.string_value === 'string' && v.string_value !== '' ? v.string_value : null);
    if (id === null) bad(`event_params[${i}].value`, 'ga_session_id must hold an int_value (or a string_value)', v.int_value ?? v.string_value);
    sessionId = String(id);
  }
  if (user === null || (kind === 'view' && sessionId === null)) {
    counts.noSession += 1;
    return;
  }
  const items = row.items ?? [];
  if (!Array.isArray(items)) bad('items', 'must be an array of item records', items);
  if (items.length === 0) {
    counts.noItems += 1;
    return;
  }
  const tx = row.ecommerce?.transaction_id;
  const ord = typeof tx === 'string' && tx !== '' ? tx : String(t);
  for (const [i, it] of items.entries()) {
    if (it === null || typeof it !== 'object') bad(`items[${i}]`, 'must be an item record', it);
    let id = it.item_id;
    if (typeof id === 'number') id = String(id);
    if (id === null || id === undefined || id === '') {
      counts.noItemId += 1;
      continue;
    }
    if (typeof id !== 'string') bad(`items[${i}].item_id`, 'must be a string', id);
    emit(user, `${user}.${sessionId}`, t, kind, id, ord);
  }
  counts[kind === 'view' ? 'views' : 'purchases'] += 1;
}

/** Reports progress on stderr: a line rewritten in place on a terminal, else every 10%. */
export function progressReporter(enabled, stream = process.stderr) {
  if (!enabled) return { update() {}, done() {} };
  const tty = stream.isTTY === true;
  let last = 0;
  let lastStep = -1;
  let shown = false;
  return {
    update(what, share, rows) {
      const now = Date.now();
      const pct = Math.min(100, Math.floor(share * 100));
      const text = `[shelfwise] relations: reading ${what}: ${pct}% (${rows.toLocaleString('en-US')} rows)`;
      if (tty) {
        if (now - last < 200 && pct < 100) return;
        last = now;
        stream.write(`\r${text}\u001b[K`);
        shown = true;
      } else if (Math.floor(pct / 10) > lastStep) {
        lastStep = Math.floor(pct / 10);
        stream.write(`${text}\n`);
      }
    },
    done() {
      if (tty && shown) stream.write('\n');
      shown = false;
      lastStep = -1;
    },
  };
}

/** The lines of a text file (gunzipped when its name ends in .gz), with the bytes read so far. */
async function* lines(file) {
  const raw = createReadStream(file);
  let bytes = 0;
  raw.on('data', (d) => {
    bytes += d.length;
  });
  const input = /\.gz$/i.test(file) ? raw.pipe(createGunzip()) : raw;
  const rl = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of rl) yield { line, bytes: () => bytes };
  } catch (e) {
    throw new InputError(`${file}: cannot read: ${e.message}`);
  }
}

async function readNdjson(file, o, counts, emit, progress) {
  const size = statSync(file).size || 1;
  const name = basename(file);
  let n = 0;
  for await (const { line, bytes } of lines(file)) {
    n += 1;
    const text = n === 1 ? line.replace(/^\uFEFF/, '') : line;
    if (text.trim() === '') continue;
    let row;
    try {
      row = JSON.parse(text);
    } catch (e) {
      throw new InputError(`${file}:${n}: (row): not valid JSON (${e.message}); GA4 rows are one JSON object per line`);
    }
    counts.rows += 1;
    ga4Row(row, `${file}:${n}`, o, counts, emit);
    if ((n & 4095) === 0) progress.update(name, bytes() / size, counts.rows);
  }
  progress.update(name, 1, counts.rows);
  progress.done();
}

async function readParquet(file, conn, o, counts, emit, progress) {
  const name = basename(file);
  const path = file.replaceAll("'", "''");
  let total;
  try {
    const r = await conn.runAndReadAll(`SELECT COUNT(*) AS n FROM read_parquet('${path}')`);
    total = Number(r.getRowObjectsJson()[0].n) || 1;
  } catch (e) {
    throw new InputError(`${file}: cannot read as Parquet: ${e.message.split('\n')[0]}`);
  }
  const result = await conn.stream(`SELECT * FROM read_parquet('${path}')`);
  let n = 0;
  for await (const rows of result.yieldRowObjectJson()) {
    for (const row of rows) {
      n += 1;
      counts.rows += 1;
      ga4Row(row, `${file}: row ${n}`, o, counts, emit);
    }
    progress.update(name, n / total, counts.rows);
  }
  progress.done();
}

/** CSV columns by role: the names each role is found under when `--columns` does not say. */
export const CSV_ROLES = {
  session: ['session', 'session_id', 'sessionId'],
  item: ['item', 'item_id', 'itemId'],
  time: ['time', 'timestamp', 'event_timestamp', 'timeframe'],
  date: ['eventdate', 'event_date_ymd'],
  event: ['event', 'event_name', 'type'],
  visitor: ['visitor', 'user_pseudo_id', 'visitor_id'],
  order: ['order', 'transaction_id', 'order_id'],
};

/** Splits one CSV line (double quotes may hold the separator, `""` is a quote). */
export function csvFields(line, sep) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && quoted && line[i + 1] === '"') {
      cur += '"';
      i += 1;
    } else if (c === '"') quoted = !quoted;
    else if (c === sep && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/** Microseconds of a CSV time: epoch seconds, milliseconds or microseconds, or ISO 8601 (UTC unless it says). */
export function csvTime(text) {
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const x = Number(text);
    if (Math.abs(x) < 1e11) return BigInt(Math.round(x * 1e6));
    if (Math.abs(x) < 1e14) return BigInt(Math.round(x)) * 1000n;
    return BigInt(text.split('.')[0]);
  }
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(text) || !/\d:\d/.test(text) ? text : `${text}Z`;
  const ms = /^\d{4}-\d\d-\d\d/.test(text) ? Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso) : NaN;
  return Number.isFinite(ms) ? BigInt(ms) * 1000n : null;
}

function csvColumns(header, mapping, file) {
  const cols = {};
  for (const [role, names] of Object.entries(CSV_ROLES)) {
    const wanted = mapping[role];
    if (wanted !== undefined) {
      const i = header.indexOf(wanted);
      if (i < 0) throw new InputError(`${file}:1: the ${role} column "${wanted}" given in --columns is not in the header (${header.join(', ')})`);
      cols[role] = i;
    } else {
      const i = header.findIndex((h) => names.includes(h));
      if (i >= 0) cols[role] = i;
    }
  }
  for (const role of ['session', 'item', 'time']) {
    if (cols[role] === undefined) {
      throw new InputError(
        `${file}:1: no ${role} column in the header (${header.join(', ')}); name it with --columns, e.g. --columns '{"${role}": "${header[0] ?? role}"}'`,
      );
    }
  }
  return cols;
}

async function readCsv(file, o, counts, emit, progress) {
  const size = statSync(file).size || 1;
  const name = basename(file);
  let n = 0;
  let cols;
  let sep;
  let header;
  for await (const { line, bytes } of lines(file)) {
    n += 1;
    const text = n === 1 ? line.replace(/^\uFEFF/, '') : line;
    if (text.trim() === '') continue;
    if (cols === undefined) {
      sep = o.delimiter ?? [';', '\t', ',', '|'].reduce((best, c) => (text.split(c).length > text.split(best).length ? c : best), ',');
      header = csvFields(text, sep);
      cols = csvColumns(header, o.columns ?? {}, file);
      continue;
    }
    counts.rows += 1;
    const f = csvFields(text, sep);
    const get = (role) => (cols[role] === undefined ? '' : (f[cols[role]] ?? ''));
    const at = (role) => `${file}:${n}: ${header[cols[role]]}`;
    const event = get('event');
    const kind = cols.event === undefined || o.viewEvents.includes(event) || event === 'view' ? 'view' : event === 'purchase' ? 'purchase' : null;
    if (kind === null || !o.signals.includes(kind)) {
      counts.otherEvents += 1;
      continue;
    }
    const session = get('session');
    const item = get('item');
    if (session === '') throw new InputError(`${at('session')}: the session is empty`);
    if (item === '') throw new InputError(`${at('item')}: the item is empty`);
    let t;
    if (cols.date !== undefined) {
      const day = get('date');
      const offset = Number(get('time'));
      const ms = Date.parse(`${day}T00:00:00Z`);
      if (!/^\d{4}-\d\d-\d\d$/.test(day) || !Number.isFinite(ms)) throw new InputError(`${at('date')}: must be a date like 2016-05-09, got ${describe(day)}`);
      if (!Number.isFinite(offset)) throw new InputError(`${at('time')}: must be milliseconds within the day's session, got ${describe(get('time'))}`);
      t = (BigInt(ms) + BigInt(Math.round(offset))) * 1000n;
    } else {
      t = csvTime(get('time'));
      if (t === null) {
        throw new InputError(`${at('time')}: must be a time (epoch seconds, milliseconds or microseconds, or an ISO 8601 date), got ${describe(get('time'))}`);
      }
    }
    if (o.from !== undefined && (utcDay(t) < o.from || utcDay(t) > o.to)) {
      counts.outOfRange += 1;
      continue;
    }
    const visitor = get('visitor') || session;
    emit(visitor, session, t, kind, item, get('order') || String(t));
    counts[kind === 'view' ? 'views' : 'purchases'] += 1;
    if ((n & 4095) === 0) progress.update(name, bytes() / size, counts.rows);
  }
  if (cols === undefined) throw new InputError(`${file}: the file is empty; a CSV log needs a header line (session, item, time, event)`);
  progress.update(name, 1, counts.rows);
  progress.done();
}

/** Reads every input file into the events table of `conn`; returns the counts. */
export async function readInputs(conn, files, o, progress) {
  await conn.run(`CREATE OR REPLACE TABLE ${TABLE} (visitor VARCHAR, session VARCHAR, t BIGINT, kind VARCHAR, item VARCHAR, ord VARCHAR)`);
  const appender = await conn.createAppender(TABLE);
  const emit = (visitor, session, t, kind, item, ord) => {
    appender.appendVarchar(visitor);
    appender.appendVarchar(session);
    appender.appendBigInt(t);
    appender.appendVarchar(kind);
    appender.appendVarchar(item);
    appender.appendVarchar(ord);
    appender.endRow();
  };
  const counts = newCounts();
  try {
    for (const file of files) {
      try {
        statSync(file);
      } catch (e) {
        throw new InputError(`${file}: cannot read: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
      }
      counts.files += 1;
      const format = formatOf(file, o.format);
      if (format === 'parquet') await readParquet(file, conn, o, counts, emit, progress);
      else if (format === 'csv') await readCsv(file, o, counts, emit, progress);
      else await readNdjson(file, o, counts, emit, progress);
    }
  } finally {
    progress.done();
    appender.closeSync();
  }
  return counts;
}
