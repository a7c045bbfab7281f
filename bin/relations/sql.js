// The relations computation as one SQL query, written once and printed in two dialects:
// BigQuery (over a GA4 export dataset, `events_*` tables) and DuckDB (over GA4 export files, or
// over the events a local run has read and checked). Everything after the source of events is
// the same text in both dialects, except the names of two types.

/** Defaults of every option of the computation (docs/relations.md says why each). */
export const DEFAULTS = Object.freeze({
  signals: ['view', 'purchase'],
  viewEvents: ['view_item', 'select_item'],
  measure: 'cosine',
  minSupport: 1,
  shrink: 2,
  halfLifeDays: 60,
  top: 10,
  maxItems: 50,
  crossOrder: 0.5,
});

/** The measures a pair can be scored with. */
export const MEASURES = ['cosine', 'jaccard', 'lift', 'count'];

/** The two dialects, and what differs between them outside the source. */
export const DIALECTS = {
  bigquery: { text: 'STRING', float: 'FLOAT64', int: 'INT64' },
  duckdb: { text: 'VARCHAR', float: 'DOUBLE', int: 'BIGINT' },
};

const MICROS_PER_DAY = 86_400_000_000;

/** `'text'` as an SQL string literal (both dialects double a quote inside). */
export function literal(text) {
  return `'${String(text).replaceAll("'", "''")}'`;
}

function list(values) {
  return values.map(literal).join(', ');
}

/** A number as SQL text (finite, plain decimal notation). */
function num(x) {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  return Number.isInteger(x) ? String(x) : x.toFixed(12).replace(/0+$/, '');
}

/** `YYYYMMDD` of a `YYYY-MM-DD` date. */
export function suffix(date) {
  return date.replaceAll('-', '');
}

/**
 * The events of a GA4 export, one row per (event, item): visitor, session (user_pseudo_id and
 * ga_session_id, as GA4 keys sessions), time in microseconds, kind (`view` or `purchase`), item
 * and order (a purchase's transaction id, else the event's own time). `from`/`to` are
 * `YYYY-MM-DD` dates of the export tables (BigQuery: `_TABLE_SUFFIX`) or of `event_date`.
 */
export function ga4Source(dialect, { dataset, from, to, viewEvents }) {
  const d = DIALECTS[dialect];
  const names = list([...viewEvents, 'purchase']);
  const session =
    `(SELECT COALESCE(CAST(p.value.int_value AS ${d.text}), p.value.string_value) ` +
    `FROM UNNEST(e.event_params) AS ${dialect === 'bigquery' ? 'p' : 't(p)'} ` +
    "WHERE p.key = 'ga_session_id' LIMIT 1)";
  let from_;
  let dates;
  if (dialect === 'bigquery') {
    from_ = `\`${dataset.replaceAll('`', '')}.events_*\` AS e, UNNEST(e.items) AS it`;
    dates = `_TABLE_SUFFIX BETWEEN ${literal(suffix(from))} AND ${literal(suffix(to))}`;
  } else {
    from_ = `${duckdbReader(dataset)} AS e, UNNEST(e.items) AS u(it)`;
    dates = `e.event_date BETWEEN ${literal(suffix(from))} AND ${literal(suffix(to))}`;
  }
  return `SELECT
    e.user_pseudo_id AS visitor,
    e.user_pseudo_id || '.' || ${session} AS session,
    e.event_timestamp AS t,
    IF(e.event_name = 'purchase', 'purchase', 'view') AS kind,
    it.item_id AS item,
    COALESCE(NULLIF(e.ecommerce.transaction_id, ''), CAST(e.event_timestamp AS ${d.text})) AS ord
  FROM ${from_}
  WHERE ${dates}
    AND e.event_name IN (${names})`;
}

/** GA4 columns a DuckDB query reads from JSON files (Parquet files carry their own types). */
export const GA4_JSON_COLUMNS = `{
    event_date: 'VARCHAR', event_timestamp: 'BIGINT', event_name: 'VARCHAR', user_pseudo_id: 'VARCHAR',
    event_params: 'STRUCT(key VARCHAR, value STRUCT(string_value VARCHAR, int_value BIGINT, float_value DOUBLE, double_value DOUBLE))[]',
    items: 'STRUCT(item_id VARCHAR)[]', ecommerce: 'STRUCT(transaction_id VARCHAR)'
  }`;

/** DuckDB's reader of GA4 export files: a glob of `.parquet` or newline-delimited `.json` files. */
function duckdbReader(files) {
  if (/\.parquet$/i.test(files)) return `read_parquet(${literal(files)}, union_by_name = true)`;
  return `read_json(${literal(files)}, format = 'newline_delimited', columns = ${GA4_JSON_COLUMNS})`;
}

/**
 * The computation from a `source` of events (see `ga4Source`) to the top relations of each
 * item: the CTEs, ending in `top` (item, other, strength, pos).
 */
export function core(dialect, source, o) {
  const d = DIALECTS[dialect];
  const signals = list(o.signals);
  // Weight of a time: 1 at the latest event, halved every half-life (no decay without one).
  const decay = (t) =>
    o.halfLifeDays > 0 ? `POW(0.5, (a.t - ${t}) / ${num(MICROS_PER_DAY * o.halfLifeDays)})` : '1.0';
  const measure = {
    cosine: 'c.c / SQRT(ia.n * ib.n)',
    jaccard: 'c.c / (ia.n + ib.n - c.c)',
    lift: 'c.c * tot.n / (ia.n * ib.n)',
    count: 'c.c',
  }[o.measure];
  // Cosine and Jaccard are 0–1 already; lift and counts are scaled by their largest.
  const scaled = o.measure === 'cosine' || o.measure === 'jaccard' ? 's.score' : 's.score / MAX(s.score) OVER (PARTITION BY s.kind)';
  return `WITH
  events AS (
    SELECT visitor, session, t, kind, item, ord
    FROM (${source}) AS src
    WHERE item IS NOT NULL AND item <> '' AND t IS NOT NULL AND kind IN (${signals})
      AND IF(kind = 'view', session, visitor) IS NOT NULL
  ),
  -- Decay is measured back from the latest event.
  as_of AS (SELECT ${o.asOf === undefined ? 'MAX(t)' : `CAST(${num(o.asOf)} AS ${d.int})`} AS t FROM events),
  -- A unit is a view session, or the purchases of one visitor; each order of a unit is a basket.
  baskets AS (
    SELECT kind, IF(kind = 'view', session, visitor) AS unit, IF(kind = 'view', '', ord) AS ord, item, MAX(t) AS t
    FROM events
    GROUP BY 1, 2, 3, 4
  ),
  -- Units with more items than anyone shops for are crawlers or bulk orders: left out.
  units AS (
    SELECT kind, unit, MAX(t) AS t
    FROM baskets
    GROUP BY 1, 2
    HAVING COUNT(DISTINCT item) <= ${num(o.maxItems)}
  ),
  kept AS (
    SELECT b.kind, b.unit, b.ord, b.item, b.t FROM baskets AS b JOIN units AS u ON u.kind = b.kind AND u.unit = b.unit
  ),
  unit_items AS (
    SELECT kind, unit, item, MAX(t) AS t FROM kept GROUP BY 1, 2, 3
  ),
  -- n: the decayed number of units holding an item (its popularity).
  item_weight AS (
    SELECT u.kind, u.item, SUM(${decay('u.t')}) AS n
    FROM unit_items AS u CROSS JOIN as_of AS a
    GROUP BY 1, 2
  ),
  totals AS (
    SELECT u.kind, SUM(${decay('u.t')}) AS n FROM units AS u CROSS JOIN as_of AS a GROUP BY 1
  ),
  -- A pair counts once per unit: 1 when the two share a basket (a session, an order), else the
  -- cross-order weight; at the time of the older of the two.
  pairs AS (
    SELECT x.kind, x.unit, x.item, y.item AS other,
      MAX(IF(x.ord = y.ord, 1.0, ${num(o.crossOrder)})) AS w,
      LEAST(MAX(x.t), MAX(y.t)) AS t
    FROM kept AS x JOIN kept AS y ON y.kind = x.kind AND y.unit = x.unit AND y.item <> x.item
    GROUP BY 1, 2, 3, 4
  ),
  co AS (
    SELECT p.kind, p.item, p.other, SUM(p.w * ${decay('p.t')}) AS c, COUNT(*) AS support
    FROM pairs AS p CROSS JOIN as_of AS a
    WHERE p.w > 0
    GROUP BY 1, 2, 3
  ),
  -- Popularity-corrected, then shrunk towards 0 by support / (support + shrink).
  scored AS (
    SELECT c.kind, c.item, c.other,
      CAST(${measure} AS ${d.float}) * c.support / (c.support + ${num(o.shrink)}) AS score
    FROM co AS c
    JOIN item_weight AS ia ON ia.kind = c.kind AND ia.item = c.item
    JOIN item_weight AS ib ON ib.kind = c.kind AND ib.item = c.other
    JOIN totals AS tot ON tot.kind = c.kind
    WHERE c.support >= ${num(o.minSupport)}
  ),
  -- Each kind on a 0–1 scale; a pair known both ways keeps its stronger strength.
  strengths AS (
    SELECT item, other, MAX(strength) AS strength
    FROM (SELECT s.item, s.other, ${scaled} AS strength FROM scored AS s) AS k
    WHERE strength > 0
    GROUP BY 1, 2
  ),
  -- Ties (to a billionth) go to the smaller id, so every engine ranks alike.
  ranked AS (
    SELECT item, other, GREATEST(ROUND(strength, 3), 0.001) AS shown,
      ROW_NUMBER() OVER (PARTITION BY item ORDER BY ROUND(strength, 9) DESC, other) AS pos
    FROM strengths
  ),
  top AS (SELECT item, other, shown AS strength, pos FROM ranked WHERE pos <= ${num(o.top)})`;
}

/** The final select: one row per item, its related ids and strengths, strongest first. */
export const PER_ITEM = `SELECT item AS item_id,
  STRING_AGG(other, ' ' ORDER BY pos) AS related,
  STRING_AGG(CAST(strength AS STRING_TYPE), ' ' ORDER BY pos) AS strengths
FROM top
GROUP BY item
ORDER BY item_id`;

/** The header comment of a printed query: what it computes and with which options. */
function header(dialect, o, where) {
  return [
    `-- Shelfwise relations (${dialect}): "viewed together" and "bought together" for every item.`,
    `-- ${where}`,
    `-- signals ${o.signals.join('+')} (views: ${o.viewEvents.join(', ')}), measure ${o.measure}, min support ${o.minSupport},`,
    `-- shrink ${o.shrink}, half-life ${o.halfLifeDays > 0 ? `${o.halfLifeDays} days` : 'none'}, top ${o.top}, at most ${o.maxItems} items a unit,`,
    `-- cross-order weight ${o.crossOrder}. One row per item: item_id, related (ids, strongest first), strengths.`,
  ].join('\n');
}

/** The whole query over a GA4 export, as printed by `shelfwise relations --sql <dialect>`. */
export function exportQuery(dialect, o) {
  const source = ga4Source(dialect, o);
  const where =
    dialect === 'bigquery'
      ? `GA4 export dataset ${o.dataset}, tables events_${suffix(o.from)} .. events_${suffix(o.to)}.`
      : `GA4 export files ${o.dataset}, event_date ${suffix(o.from)} .. ${suffix(o.to)}.`;
  return `${header(dialect, o, where)}\n${core(dialect, source, o)}\n${PER_ITEM.replace('STRING_TYPE', DIALECTS[dialect].text)};\n`;
}

/** The query of a local run over the checked events in table `table`: pairs, strongest first. */
export function localQuery(table, o) {
  const source = `SELECT visitor, session, t, kind, item, ord FROM ${table}`;
  return `${core('duckdb', source, o)}\nSELECT item, other, strength FROM top ORDER BY item, pos`;
}
