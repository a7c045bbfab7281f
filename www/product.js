// Product page: product.html?id=SH-RUN-001. Declares the product on <main>
// (data-sw-product + the item attributes) and renders the "You may also like"
// widget, all before personalize.js runs.
import {
  products, categories, getProduct, cardHTML, pictureHTML, priceHTML, swAttrs, esc, money,
  categoryUrl, addToCart, gaItem, track, toast, initShop, trackLists, CURRENCY,
} from './shop.js';

initShop();

const main = document.getElementById('main');
const p = getProduct(new URLSearchParams(location.search).get('id') || '');

/** 8 suggestions: related ids first, then same subcategory, same category, same brand, the rest. */
function alsoLike(p, n = 8) {
  const picked = new Set([p.id]);
  const out = [];
  const take = (list) => { for (const q of list) if (q && !picked.has(q.id) && out.length < n) { picked.add(q.id); out.push(q); } };
  take((p.related || []).map(getProduct));
  take(products.filter((q) => q.category.join('/') === p.category.join('/')));
  take(products.filter((q) => q.category[0] === p.category[0]));
  take(products.filter((q) => q.brand === p.brand));
  take(products);
  return out;
}

if (!p) {
  document.title = 'Product not found · Trailhead Outfitters';
  main.innerHTML = `<h1 class="page-title">We couldn’t find that product</h1>
  <p>It may have sold out for good. Browse a category instead:</p>
  <nav class="chips">${categories.map((c) => `<a class="chip" href="${categoryUrl(c.name)}">${c.name}</a>`).join('')}</nav>`;
} else {
  for (const [k, v] of Object.entries({ 'data-sw-product': p.id, ...swAttrs(p) })) main.setAttribute(k, v);
  document.title = `${p.name} · ${p.brand} · Trailhead Outfitters`;
  const [top, sub] = p.category;

  main.innerHTML = `<nav class="crumbs" aria-label="Breadcrumb"><a href="/">Home</a> › <a href="${categoryUrl(top)}">${top}</a> › <a href="${categoryUrl(`${top}/${sub}`)}">${sub}</a></nav>
  <div class="pdp">
    ${pictureHTML(p, 'pic pdp-pic')}
    <div class="pdp-info">
      <p class="brand">${esc(p.brand)}</p>
      <h1>${esc(p.name)}</h1>
      <p class="pdp-price">${priceHTML(p)}${p.was ? ` <span class="badge sale">Save ${money(p.was - p.price)}</span>` : ''}</p>
      <p class="pdp-desc">${esc(p.desc)}</p>
      <ul class="tags" aria-label="Features">${p.tags.map((t) => `<li>${esc(t)}</li>`).join('')}</ul>
      <form class="buy" id="buy">
        <label for="qty">Quantity</label>
        <span class="qty">
          <button type="button" data-step="-1" aria-label="One less">−</button>
          <input id="qty" name="qty" type="number" inputmode="numeric" min="1" max="99" value="1">
          <button type="button" data-step="1" aria-label="One more">+</button>
        </span>
        <button type="submit" class="btn accent big">Add to cart</button>
      </form>
      <ul class="perks"><li>Free shipping from €75</li><li>30-day returns</li><li>Item no. ${esc(p.id)}</li></ul>
    </div>
  </div>
  <h2 class="shelf-title" id="also-title">You may also like</h2>
  <div class="shelf-row">
    <section class="grid" data-sw-widget="product-related" data-list-name="You may also like" aria-labelledby="also-title">
${alsoLike(p).map(cardHTML).join('\n')}
    </section>
    <aside class="why" data-why="product-related"></aside>
  </div>`;

  const form = document.getElementById('buy');
  const qty = form.elements.qty;
  const clamp = (n) => Math.max(1, Math.min(99, Math.floor(Number(n)) || 1));
  form.addEventListener('click', (e) => {
    const step = e.target.closest('[data-step]');
    if (step) qty.value = clamp(Number(qty.value) + Number(step.dataset.step));
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const n = clamp(qty.value);
    qty.value = n;
    addToCart(p.id, n);
    toast(`Added ${n} × <b>${esc(p.name)}</b> to your cart · <a href="/cart.html">View cart</a>`);
  });

  track('view_item', { currency: CURRENCY, value: p.price, items: [gaItem(p)] });
  trackLists();
}
