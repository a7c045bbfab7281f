// A framework shelf by hand: a Preact component asks Shelfwise for the order of its products and
// renders that order itself. The list carries no data-sw-widget, so the engine never moves a
// node the framework owns; the component ranks before its first render, so it renders once,
// already personalized. It ranks again when the engine's `ranking` event names it, and
// `sw.observe()` shows the engine where it is: it is exposed once seen, and the event holds it
// back while the shopper looks at it. (React and Vue apps get all this from shelfwise/react and
// shelfwise/vue.)
import { h, render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { start } from '/pkg/shelfwise.js';
import config from '/shelfwise.config.json' with { type: 'json' };
import { products, money, productUrl, gaItem, initShop } from '/shop.js';

const WIDGET = 'framework-picks';
const SHOWN = 12;
const ICONS = {
  Running: 'shoe', Trail: 'trail-shoe', Sneakers: 'sneaker', Boots: 'boot',
  Jackets: 'jacket', Tees: 'tee', Fleece: 'fleece',
  Backpacks: 'backpack', Tents: 'tent', Sleep: 'sleeping-bag',
  Socks: 'socks', Bottles: 'bottle', Headlamps: 'headlamp',
};

initShop(); // cart badge and the "Add to cart" buttons (they track add_to_cart)
const sw = await start({ config });
// For the console and the end-to-end tests.
window.shelfwise = sw;
// `?sw-debug` in the URL: the debug overlay (segments and affinities; this list is not a marked widget).
if (new URLSearchParams(location.search).has('sw-debug')) {
  import('/pkg/debug.js').then((m) => m.showDebug(sw), (e) => console.warn(`the debug overlay could not load (${e?.message ?? e}); the shop works without it`));
}
window.pickRenders = 0;

const byId = new Map(products.map((p) => [p.id, p]));
// What Shelfwise ranks by: the same facts as the data-sw-* attributes of markup.
const rankItems = products.map((p) => ({
  id: p.id, category: p.category, brand: p.brand, price: p.price, tags: p.tags, related: p.related,
}));

function Card({ product: p, index }) {
  // The engine tracks clicks only inside data-sw-widget markup: a framework tracks its own.
  const select = () => sw.track('select_item', { item_list_id: WIDGET, items: [gaItem(p, 1, { index, item_list_id: WIDGET })] });
  return h('article', { class: 'card' },
    h('a', { class: 'card-link', href: productUrl(p.id), onClick: select },
      h('span', { class: 'pic', style: `--c:${p.color}` },
        h('svg', { 'aria-hidden': 'true', focusable: 'false' }, h('use', { href: `/img/icons.svg#${p.icon || ICONS[p.category[1]] || 'tent'}` }))),
      h('span', { class: 'brand' }, p.brand),
      h('span', { class: 'name' }, p.name),
      h('span', { class: 'price' }, money(p.price))),
    h('button', { type: 'button', class: 'btn add', 'data-add': p.id }, 'Add to cart'));
}

function Picks() {
  // Ranked before the first render (useState's initializer), then whenever the engine says so.
  const [ranking, setRanking] = useState(() => sw.rank(WIDGET, rankItems));
  const shelf = useRef(null);
  useEffect(() => {
    const off = sw.on('ranking', ({ widgets }) => widgets.includes(WIDGET) && setRanking(sw.rank(WIDGET, rankItems)));
    const unobserve = sw.observe(shelf.current, WIDGET);
    return () => {
      off();
      unobserve();
    };
  }, []);
  window.pickRenders += 1;
  const shown = ranking.order.slice(0, SHOWN).map((id) => byId.get(id)).filter(Boolean);
  return h('section', { ref: shelf, class: 'grid', 'aria-label': 'Picked for you', 'data-personalized': String(ranking.personalized) },
    shown.map((p, index) => h(Card, { key: p.id, product: p, index })));
}

render(h(Picks), document.getElementById('picks'));
