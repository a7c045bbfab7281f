// What a run produces: the config's `related` section, a per-item CSV for templates and platform
// imports, and a summary (coverage, bytes). Files are written to a temporary name and renamed
// only once every output is ready, so a failed run leaves nothing behind.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** Relations by item: `Map(item → [[other, strength], …])`, strongest first. */
export function byItem(pairs) {
  const out = new Map();
  for (const { item, other, strength } of pairs) {
    if (!out.has(item)) out.set(item, []);
    out.get(item).push([other, Number(strength)]);
  }
  return out;
}

/** The config's `related` section: `{ item: { other: strength } }`, strengths 0–1. */
export function relatedSection(rel) {
  const out = {};
  for (const [item, list] of [...rel].sort((a, b) => cmp(a[0], b[0]))) out[item] = Object.fromEntries(list);
  return out;
}

function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function csvField(s) {
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The per-item CSV: `item_id,related,strengths` (ids and strengths space-separated, strongest first). */
export function perItemCsv(rel) {
  const lines = ['item_id,related,strengths'];
  for (const [item, list] of [...rel].sort((a, b) => cmp(a[0], b[0]))) {
    lines.push([item, list.map(([o]) => o).join(' '), list.map(([, s]) => String(s)).join(' ')].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The markup an item's template renders: ` data-sw-related="…"` (with the leading space). */
export function attribute(list) {
  const ids = list.map(([o]) => o.replaceAll('&', '&amp;').replaceAll('"', '&quot;')).join(' ');
  return ` data-sw-related="${ids}"`;
}

/**
 * The summary: what was read, coverage (share of items and of product views with relations)
 * and what the relations add to a page in each way of shipping them.
 */
export function summarize({ counts, facts, rel, options }) {
  const related = JSON.stringify(relatedSection(rel));
  const attrs = [...rel.values()].map((l) => Buffer.byteLength(attribute(l)));
  const pairs = [...rel.values()].reduce((n, l) => n + l.length, 0);
  const share = (part, whole) => (whole > 0 ? part / whole : 0);
  return {
    read: {
      files: counts.files,
      rows: counts.rows,
      viewEvents: counts.views,
      purchaseEvents: counts.purchases,
      otherEvents: counts.otherEvents,
      withoutSession: counts.noSession,
      withoutItems: counts.noItems,
      itemsWithoutId: counts.noItemId,
      outsideDates: counts.outOfRange,
    },
    units: { sessions: facts.sessions, buyers: facts.buyers, leftOutAsCrawlers: facts.crawlers },
    coverage: {
      items: facts.items,
      itemsWithRelations: rel.size,
      shareOfItems: share(rel.size, facts.items),
      views: facts.views,
      viewsOfItemsWithRelations: facts.viewsCovered,
      shareOfViews: share(facts.viewsCovered, facts.views),
    },
    relations: { total: pairs, perItem: share(pairs, rel.size) },
    bytes: {
      configSection: Buffer.byteLength(related),
      configSectionGzip: gzipSync(related, { level: 9 }).length,
      attributeAverage: Math.round(share(attrs.reduce((a, b) => a + b, 0), attrs.length)),
      attributeLargest: attrs.reduce((a, b) => Math.max(a, b), 0),
    },
    options,
  };
}

const pct = (x) => `${(x * 100).toFixed(1)}%`;
const n = (x) => x.toLocaleString('en-US');

/** The summary as a few lines for the terminal. */
export function summaryText(s, perPage = 24) {
  const r = s.read;
  const c = s.coverage;
  const b = s.bytes;
  const left = [
    r.withoutSession && `${n(r.withoutSession)} without a visitor or session id`,
    r.withoutItems && `${n(r.withoutItems)} without items`,
    r.itemsWithoutId && `${n(r.itemsWithoutId)} items without an id`,
    r.outsideDates && `${n(r.outsideDates)} outside the dates`,
  ].filter(Boolean);
  return [
    `read ${n(r.rows)} rows from ${r.files} file${r.files === 1 ? '' : 's'}: ${n(r.viewEvents)} product views, ${n(r.purchaseEvents)} purchases, ${n(r.otherEvents)} other events${left.length ? `; left out: ${left.join(', ')}` : ''}`,
    `${n(s.units.sessions)} sessions with views, ${n(s.units.buyers)} buyers${s.units.leftOutAsCrawlers ? `; ${n(s.units.leftOutAsCrawlers)} left out with more than ${s.options.maxItems} items (crawlers, bulk orders)` : ''}`,
    `relations: ${n(s.relations.total)} for ${n(c.itemsWithRelations)} of ${n(c.items)} items (${pct(c.shareOfItems)}), ${s.relations.perItem.toFixed(1)} per item; ${pct(c.shareOfViews)} of product views are of an item with relations`,
    `bytes: in the config, ${n(b.configSection)} (${n(b.configSectionGzip)} gzip) on every page; as markup, data-sw-related adds ${n(b.attributeAverage)} bytes per product shown (at most ${n(b.attributeLargest)}), about ${n(b.attributeAverage * perPage)} for a page of ${perPage}`,
  ].join('\n');
}

/** A config holding the relations: `existing` (a config file's text) with its `related` replaced. */
export function configWith(related, existing) {
  let config = { version: 1 };
  if (existing !== undefined) {
    try {
      config = JSON.parse(existing);
    } catch (e) {
      throw new Error(`is not JSON (${e.message}); give a config file, or a new file name`);
    }
    if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new Error('is not a config object; give a config file, or a new file name');
  }
  return `${JSON.stringify({ ...config, related }, null, 2)}\n`;
}

/** Writes every `[path, text]` or none: all to temporary names first, then renamed into place. */
export function writeAll(outputs) {
  const temps = [];
  try {
    for (const [path, text] of outputs) {
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, text);
      temps.push([tmp, path]);
    }
    for (const [tmp, path] of temps) renameSync(tmp, path);
  } catch (e) {
    for (const [tmp] of temps) rmSync(tmp, { force: true });
    throw new Error(`cannot write ${e.path ?? 'an output'}: ${e.message}`);
  }
}

/** The text of a file, or undefined when there is none. */
export function readIfAny(path) {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
