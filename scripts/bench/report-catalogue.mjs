// The report's section on relations at the scale of the catalogue (scripts/bench/catalogue.mjs).
import { kb, spread, time } from './format.mjs';

const int = (n) => Math.round(n).toLocaleString('en-US');

/** The section, numbered `n`, or '' when the results have no catalogue figures. */
export function catalogueSection(rows, n) {
  if (!rows?.length) return '';
  const at = (mode) => rows.filter((x) => x.mode === mode);
  const markup = at('markup');
  const config = at('config');
  const table = [
    '| products in the shop | relations shipped in | page (HTML) | … gzip | of which the config | `start()` to ordered | visitor profile | cart companions first |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map((x) => `| ${int(x.n)} | ${x.mode === 'markup' ? 'markup + profile' : 'the config'} | ${kb(x.bytes)} | ${kb(x.gzip)} | ${kb(x.configBytes)} | ${spread(x.start)} (${x.start.n} loads) | ${kb(x.profileBytes)} | ${x.companionsFirst && x.allOrdered ? 'yes' : '**no**'} |`),
  ].join('\n');
  const range = (list, f) => `${f(Math.min(...list.map((x) => x.start.median)))} to ${f(Math.max(...list.map((x) => x.start.median)))}`;
  const biggest = config[config.length - 1];
  const smallest = markup[0];
  return `## ${n}. Relations at the scale of the catalogue

A storefront category page (48 product cards, a "goes with your cart" shelf of 12, theme markup
and a Google tag) of shops with ${rows.filter((x) => x.mode === 'markup').map((x) => int(x.n)).join(', ')} products, each product with its 10 strongest
relations. Shipped two ways: **markup + profile**, where the page carries the relations of the
products it shows (\`data-sw-related\`, rendered by the templates from \`shelfwise relations --csv\`) and
the visitor's cart and recent views bring theirs through the profile (kept when those items were
seen: 20 product pages, 3 items in the cart); and **the config**, every relation of the shop in
\`related\` on every page. Times run from \`start()\` (config read from the page) to every widget in
order, after the .wasm is compiled (the same cost either way); the first-paint guard is part of
the page. "Cart companions first": the shelf puts the cart items' relations ahead of the others.

${table}

With the relations in the markup, the page stays at ${kb(smallest.bytes)} (${kb(smallest.gzip)} gzip) and \`start()\` at
${range(markup, time)} (medians) whatever the size of the shop; the visitor's whole stored profile,
with the relations of up to 8 of their items, is ${kb(Math.max(...markup.map((x) => x.profileBytes)))}. In the config, the page grows with the catalogue to ${kb(biggest.bytes)}
(${kb(biggest.gzip)} gzip) and \`start()\` to ${time(biggest.start.median)} at ${int(biggest.n)} products.
`;
}
