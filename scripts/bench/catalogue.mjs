// Relations at the scale of the catalogue: a storefront category page (48 product cards and a
// "goes with your cart" shelf) of shops with 1,000, 20,000 and 100,000 products, each with its 10
// strongest relations, shipped two ways:
//   markup   the page carries the relations of the products it shows (`data-sw-related`, as the
//            templates render `shelfwise relations --csv`); the visitor's cart and recent views
//            bring theirs through the profile;
//   config   every relation of the shop in the config's `related` section, on every page.
// Measured: the page's bytes, `start()` to every widget in order (after the .wasm is compiled,
// which costs the same either way), and whether the companions of the cart come first.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { root } from '../setup.mjs';

export const SIZES = [1_000, 20_000, 100_000];
const SHOWN = 48;
const RELATED = 10;
/** The visitor's cart and recent views: products the measured page does not show. */
const VIEWED = Array.from({ length: 20 }, (_, i) => 500 + i * 7);
const CART = VIEWED.slice(0, 3);

const id = (i) => `P${String(i).padStart(6, '0')}`;

/** Product `i`'s related products, strongest first (never itself), in a shop of `n`. */
export function related(i, n) {
  const out = [];
  for (let k = 1; out.length < RELATED; k++) {
    const j = (i * 31 + k * 7919) % n;
    if (j !== i && !out.includes(j)) out.push(j);
  }
  return out;
}

function card(i, n, withRelated) {
  const rel = withRelated ? ` data-sw-related="${related(i, n).map(id).join(' ')}"` : '';
  const price = (10 + ((i * 37) % 400)).toFixed(2);
  return `<article class="card" data-sw-item="${id(i)}" data-sw-category="Outdoor/Tents" data-sw-brand="Brand ${i % 40}" data-sw-price="${price}"${rel}>
  <img src="data:," alt="" width="160" height="120"><h3><a href="#">Product ${i}</a></h3><p class="price">€${price}</p><button type="button">Add to cart</button></article>`;
}

/** The config of the page: two shelves; with `all`, every relation of the shop. */
function config(n, all) {
  const c = {
    version: 1,
    widgets: {
      'category-grid': { rules: [{ rule: 'related', to: 'both', weight: 5 }] },
      companions: { rules: [{ rule: 'related', to: 'cart', weight: 10 }] },
    },
  };
  if (all) {
    c.related = {};
    for (let i = 0; i < n; i++) {
      const list = related(i, n);
      c.related[id(i)] = Object.fromEntries(list.map((j, k) => [id(j), Math.round((1 - k / (RELATED + 1)) * 1000) / 1000]));
    }
  }
  return c;
}

/** The companions shelf: six unrelated products, then three companions of each of two cart items. */
function companionIds(n) {
  const companions = [...related(CART[0], n).slice(0, 3), ...related(CART[1], n).slice(0, 3)];
  const others = [];
  for (let i = 60; others.length < 6; i++) if (!companions.includes(i) && !VIEWED.includes(i)) others.push(i);
  return { ids: [...others, ...companions], companions };
}

/** A storefront category page of a shop of `n` products, relations shipped as `mode`. */
export function page(n, mode) {
  const withRelated = mode === 'markup';
  const grid = Array.from({ length: SHOWN }, (_, i) => card(i, n, withRelated)).join('\n');
  const shelf = companionIds(n).ids.map((i) => card(i, n, withRelated)).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tents — Fieldgear</title>
<style>body{font:15px/1.4 system-ui,sans-serif;margin:0}header,footer{padding:12px 24px;background:#f3f1ec}main{padding:24px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:16px}.card{border:1px solid #ddd;padding:12px}.card img{display:block;background:#eee}</style>
<style>[data-sw-widget]:not([data-sw-ready]),[data-sw-slot]:not([data-sw-ready]){visibility:hidden}html.sw-off [data-sw-widget],html.sw-off [data-sw-slot]{visibility:visible}</style>
<script>setTimeout(function(){document.documentElement.classList.add('sw-off')},300)</script>
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());gtag('config','G-BENCH')</script>
<script type="application/json" data-sw-config>${JSON.stringify(config(n, !withRelated))}</script>
</head>
<body>
<header><nav><a href="#">Tents</a> <a href="#">Sleep</a> <a href="#">Cart (${CART.length})</a></nav></header>
<main>
<h1>Tents</h1>
<section class="grid" data-sw-widget="category-grid">
${grid}
</section>
<h2>Goes with your cart</h2>
<section class="grid" data-sw-widget="companions">
${shelf}
</section>
</main>
<footer>Fieldgear outdoor shop</footer>
<script type="module" src="/bench-lib/catalogue-page.js"></script>
</body>
</html>
`;
}

/** Writes the pages into `dir`; returns { n, mode, file, bytes, gzip, configBytes }[]. */
export function writePages(dir) {
  mkdirSync(dir, { recursive: true });
  const out = [];
  for (const n of SIZES) {
    for (const mode of ['markup', 'config']) {
      const html = page(n, mode);
      const file = `${mode}-${n}.html`;
      writeFileSync(join(dir, file), html);
      const cfg = html.match(/data-sw-config>([\s\S]*?)<\/script>/)[1];
      out.push({ n, mode, file, bytes: Buffer.byteLength(html), gzip: gzipSync(html, { level: 9 }).length, configBytes: Buffer.byteLength(cfg) });
    }
  }
  return out;
}

/** The profile of a visitor who viewed `VIEWED` on product pages and has `CART` in the cart. */
async function visitor(browser, base, n) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/catalogue/markup-${n}.html?setup`);
  await page.waitForFunction(() => window.catalogueResult !== undefined, null, { timeout: 120_000 });
  await page.evaluate(
    ({ viewed, cart, rel }) => {
      const sw = window.shelfwise;
      for (const p of viewed) {
        // What a product page does: its product, with its relations, then the view.
        sw.rank('product', [{ id: p, related: rel[p] }]);
        sw.track('view_item', { items: [{ item_id: p }] });
        if (cart.includes(p)) sw.track('add_to_cart', { items: [{ item_id: p, quantity: 1 }] });
      }
      sw.flush();
    },
    { viewed: VIEWED.map(id), cart: CART.map(id), rel: Object.fromEntries(VIEWED.map((i) => [id(i), related(i, n).map(id)])) },
  );
  await page.waitForFunction(() => (localStorage.getItem('shelfwise:profile') ?? '').includes('"rel"'));
  const state = await context.storageState();
  const profile = await page.evaluate(() => localStorage.getItem('shelfwise:profile'));
  await context.close();
  return { state, profileBytes: Buffer.byteLength(profile) };
}

async function load(browser, base, file, state) {
  const context = await browser.newContext({ storageState: state, viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/catalogue/${file}`, { timeout: 120_000 });
    await page.waitForFunction(() => window.catalogueResult !== undefined, null, { timeout: 120_000 });
    const r = await page.evaluate(() => window.catalogueResult);
    if (r.error || errors.length) throw new Error(`${file}: ${r.error ?? errors.join('; ')}`);
    return r;
  } finally {
    await context.close();
  }
}

/** Runs the catalogue benchmark with `browser` against the bench server at `base`. */
export async function catalogueBenchmark({ browser, base, log = () => {}, loads = 9 }) {
  const pages = writePages(join(root, 'bench', 'out', 'catalogue'));
  const out = [];
  for (const n of SIZES) {
    log(`catalogue of ${n.toLocaleString('en-US')} products: the visitor's profile`);
    const { state, profileBytes } = await visitor(browser, base, n);
    const { companions } = companionIds(n);
    for (const p of pages.filter((x) => x.n === n)) {
      const runs = p.mode === 'config' && n >= 100_000 ? 3 : loads;
      log(`catalogue of ${n.toLocaleString('en-US')} products, relations in the ${p.mode}: ${runs} loads`);
      const samples = [];
      for (let i = 0; i < runs; i++) samples.push(await load(browser, base, p.file, state));
      const first = samples[0];
      out.push({
        ...p,
        profileBytes,
        start: samples.map((s) => s.start),
        init: samples.map((s) => s.init),
        allOrdered: samples.every((s) => s.ready),
        companionsFirst: samples.every((s) => companions.every((c) => s.companions.slice(0, companions.length).includes(id(c)))),
        companionsOrder: first.companions,
      });
    }
  }
  return out;
}
