// Shared code of the demo shop: formatting, product cards, the demo cart and
// GA4 tracking. Importing this module has no side effects (the home-page
// generator imports it in Node); pages call initShop() themselves.
import { products, categories } from './catalog.js';

export { products, categories };

export const CURRENCY = 'EUR';
const CART_KEY = 'demo-cart'; // the shop's own cart; Shelfwise keeps its own storage
const FREE_SHIPPING_FROM = 75;
const SHIPPING = 4.95;

const byId = new Map(products.map((p) => [p.id, p]));

/** The product with this id, or undefined. */
export const getProduct = (id) => byId.get(id);

/** Escapes text for use in HTML content and double-quoted attributes. */
export function esc(value) {
  return String(value).replace(/[&<>"']/g, (c) =>
    ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

const euro = new Intl.NumberFormat('en-IE', { style: 'currency', currency: CURRENCY });
/** 129.95 -> "€129.95". */
export const money = (n) => euro.format(n);

/** Cents-safe rounding for totals. */
const round2 = (n) => Math.round(n * 100) / 100;

/** URL of a product page / a category page ("Shoes" or "Shoes/Running"). */
export const productUrl = (id) => `/product.html?id=${encodeURIComponent(id)}`;
export const categoryUrl = (path) => `/category.html?c=${encodeURIComponent(path)}`;

const ICONS = {
  Running: 'shoe', Trail: 'trail-shoe', Sneakers: 'sneaker', Boots: 'boot',
  Jackets: 'jacket', Tees: 'tee', Fleece: 'fleece',
  Backpacks: 'backpack', Tents: 'tent', Sleep: 'sleeping-bag',
  Socks: 'socks', Bottles: 'bottle', Headlamps: 'headlamp',
};

/** The drawn product "photo": a sprite symbol tinted with the product colour. */
export function pictureHTML(p, cls = 'pic') {
  const icon = p.icon || ICONS[p.category[1]] || 'tent';
  return `<span class="${cls}" style="--c:${esc(p.color)}"><svg aria-hidden="true" focusable="false"><use href="/img/icons.svg#${icon}"/></svg></span>`;
}

/** Price with the pre-deal price struck through when there is one. */
export function priceHTML(p) {
  const was = p.was ? ` <s class="was">${money(p.was)}</s>` : '';
  return `<span class="price${p.was ? ' deal' : ''}">${money(p.price)}${was}</span>`;
}

/** The data-sw-* attributes Shelfwise reads from an item or a product page. */
export function swAttrs(p) {
  return {
    'data-sw-category': p.category.join('/'),
    'data-sw-brand': p.brand,
    'data-sw-price': p.price.toFixed(2),
    'data-sw-tags': p.tags.join(' '),
    ...(p.related ? { 'data-sw-related': p.related.join(' ') } : {}),
  };
}

const attrsHTML = (attrs) => Object.entries(attrs).map(([k, v]) => ` ${k}="${esc(v)}"`).join('');

/**
 * One product card, a direct child of a widget. The whole card is clickable
 * through the stretched link (CSS), while the Add button stays a separate
 * control: a <button> may not sit inside an <a>.
 */
export function cardHTML(p) {
  const badge = p.was
    ? `<span class="badge sale">−${Math.round((1 - p.price / p.was) * 100)}%</span>`
    : p.isNew ? '<span class="badge">New</span>' : '';
  return `<article class="card" data-sw-item="${esc(p.id)}"${attrsHTML(swAttrs(p))}>
  <a class="card-link" href="${esc(productUrl(p.id))}">${pictureHTML(p)}${badge}
    <span class="brand">${esc(p.brand)}</span>
    <span class="name">${esc(p.name)}</span>
    ${priceHTML(p)}
  </a>
  <button type="button" class="btn add" data-add="${esc(p.id)}">Add to cart</button>
</article>`;
}

// ---- GA4 tracking -------------------------------------------------------

/** A GA4 ecommerce item for a product. */
export function gaItem(p, quantity = 1, extra = {}) {
  return {
    item_id: p.id,
    item_name: p.name,
    item_brand: p.brand,
    item_category: p.category[0],
    item_category2: p.category[1],
    price: p.price,
    quantity,
    ...extra,
  };
}

/** gtag('event', name, params) through the stub each page defines in <head>. */
export function track(name, params) {
  window.dataLayer = window.dataLayer || [];
  if (typeof window.gtag === 'function') window.gtag('event', name, params);
  else window.dataLayer.push({ event: name, ecommerce: params }); // page without the stub
}

/** Items of a widget in DOM order. */
const widgetItems = (widget) =>
  [...widget.children].filter((el) => el.dataset.swItem).map((el) => getProduct(el.dataset.swItem)).filter(Boolean);

/** One view_item_list per widget on the page, in the markup's order. */
export function trackLists(root = document) {
  for (const widget of root.querySelectorAll('[data-sw-widget]')) {
    const id = widget.dataset.swWidget;
    const name = widget.dataset.listName || id;
    track('view_item_list', {
      item_list_id: id,
      item_list_name: name,
      items: widgetItems(widget).map((p, index) => gaItem(p, 1, { index, item_list_id: id, item_list_name: name })),
    });
  }
}

// ---- Cart ---------------------------------------------------------------

let memoryCart = []; // used when localStorage is blocked

/** Cart lines [{id, qty}], only known products with sane quantities. */
export function readCart() {
  let lines = memoryCart;
  try {
    const raw = localStorage.getItem(CART_KEY);
    if (raw) lines = JSON.parse(raw);
  } catch { /* blocked or corrupt storage: keep the in-memory cart */ }
  if (!Array.isArray(lines)) return [];
  return lines
    .filter((l) => l && byId.has(l.id) && Number.isInteger(l.qty) && l.qty > 0)
    .map((l) => ({ id: l.id, qty: Math.min(l.qty, 99) }));
}

function writeCart(lines) {
  memoryCart = lines;
  try { localStorage.setItem(CART_KEY, JSON.stringify(lines)); } catch { /* in memory only */ }
  updateCartCount();
}

/** Subtotal, shipping and total of the cart. */
export function cartTotals(lines = readCart()) {
  const subtotal = round2(lines.reduce((s, l) => s + getProduct(l.id).price * l.qty, 0));
  const shipping = subtotal === 0 || subtotal >= FREE_SHIPPING_FROM ? 0 : SHIPPING;
  return { subtotal, shipping, total: round2(subtotal + shipping), count: lines.reduce((s, l) => s + l.qty, 0) };
}

/** Adds qty of a product and tracks add_to_cart; listId names the widget it came from. */
export function addToCart(id, qty = 1, listId) {
  const p = getProduct(id);
  if (!p || qty < 1) return;
  const lines = readCart();
  const line = lines.find((l) => l.id === id);
  if (line) line.qty = Math.min(line.qty + qty, 99);
  else lines.push({ id, qty: Math.min(qty, 99) });
  writeCart(lines);
  track('add_to_cart', {
    currency: CURRENCY,
    value: round2(p.price * qty),
    items: [gaItem(p, qty, listId ? { item_list_id: listId } : {})],
  });
}

/** Removes qty (default: all) of a product and tracks remove_from_cart. */
export function removeFromCart(id, qty = Infinity) {
  const lines = readCart();
  const line = lines.find((l) => l.id === id);
  if (!line) return;
  const removed = Math.min(qty, line.qty);
  line.qty -= removed;
  writeCart(lines.filter((l) => l.qty > 0));
  const p = getProduct(id);
  track('remove_from_cart', { currency: CURRENCY, value: round2(p.price * removed), items: [gaItem(p, removed)] });
}

/** Empties the cart without tracking anything (after a purchase, or a reset). */
export function clearCart() {
  writeCart([]);
}

/** Refreshes every [data-cart-count] badge. */
export function updateCartCount() {
  if (typeof document === 'undefined') return;
  const { count } = cartTotals();
  for (const el of document.querySelectorAll('[data-cart-count]')) el.textContent = String(count);
}

// ---- Page chrome --------------------------------------------------------

let toastTimer;
/** Shows a short message at the bottom of the screen. */
export function toast(html) {
  let el = document.getElementById('toast');
  if (!el) {
    el = document.createElement('div');
    el.id = 'toast';
    el.className = 'toast';
    el.setAttribute('role', 'status');
    document.body.append(el);
  }
  el.innerHTML = html;
  el.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), 2600);
}

/** Wires what every page shares: cart badge, card "Add to cart" buttons, active nav. */
export function initShop() {
  updateCartCount();
  // The cart may change in another tab.
  window.addEventListener('storage', (e) => { if (e.key === CART_KEY || e.key === null) updateCartCount(); });

  // One listener for every card button, including cards rendered later or reordered.
  document.addEventListener('click', (e) => {
    const btn = e.target.closest('button[data-add]');
    if (!btn) return;
    const widget = btn.closest('[data-sw-widget]');
    addToCart(btn.dataset.add, 1, widget?.dataset.swWidget);
    const p = getProduct(btn.dataset.add);
    if (p) toast(`Added <b>${esc(p.name)}</b> to your cart · <a href="/cart.html">View cart</a>`);
  });

  // "Show how it works": the same page with ?sw-debug (the debug panel and the engine's console
  // lines), or without it when it is already on.
  for (const a of document.querySelectorAll('a[data-sw-debug-link]')) {
    const url = new URL(location.href);
    const on = url.searchParams.has('sw-debug');
    if (on) url.searchParams.delete('sw-debug');
    else url.searchParams.set('sw-debug', '');
    a.href = `${url.pathname}${url.search.replace(/=$|=(?=&)/g, '')}${url.hash}`;
    if (on) a.textContent = 'Hide how it works';
  }

  const current = new URLSearchParams(location.search).get('c')?.split('/')[0];
  for (const a of document.querySelectorAll('.nav a[data-cat]')) {
    if (a.dataset.cat === current) a.setAttribute('aria-current', 'page');
  }
}
