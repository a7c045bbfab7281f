// Cart page: lines, quantities, totals and a pretend checkout. The checkout
// pushes begin_checkout in Google Tag Manager's shape (the other events use
// gtag's), to show that Shelfwise reads both.
import {
  getProduct, readCart, cartTotals, addToCart, removeFromCart, clearCart, gaItem, track,
  pictureHTML, productUrl, esc, money, initShop, CURRENCY,
} from './shop.js';

initShop();

const main = document.getElementById('main');

function render() {
  const lines = readCart();
  if (!lines.length) {
    main.innerHTML = `<h1 class="page-title">Your cart</h1>
    <div class="empty"><p>Your cart is empty.</p><p><a class="btn accent" href="/">Continue shopping</a></p></div>`;
    return;
  }
  const t = cartTotals(lines);
  const toFree = 75 - t.subtotal;
  main.innerHTML = `<h1 class="page-title">Your cart <small>${t.count} item${t.count === 1 ? '' : 's'}</small></h1>
  <div class="cart">
    <ul class="lines">${lines.map(({ id, qty }) => {
      const p = getProduct(id);
      return `<li class="line">
        <a href="${esc(productUrl(id))}" tabindex="-1">${pictureHTML(p)}</a>
        <div class="line-info"><span class="brand">${esc(p.brand)}</span>
          <a class="name" href="${esc(productUrl(id))}">${esc(p.name)}</a>
          <span class="muted">${money(p.price)} each</span></div>
        <span class="qty" aria-label="Quantity">
          <button type="button" data-dec="${esc(id)}" aria-label="One less ${esc(p.name)}">−</button>
          <output>${qty}</output>
          <button type="button" data-inc="${esc(id)}" aria-label="One more ${esc(p.name)}">+</button>
        </span>
        <b class="line-total">${money(p.price * qty)}</b>
        <button type="button" class="link-btn" data-remove="${esc(id)}">Remove</button>
      </li>`;
    }).join('')}</ul>
    <aside class="summary">
      <h2>Summary</h2>
      <dl>
        <dt>Subtotal</dt><dd>${money(t.subtotal)}</dd>
        <dt>Shipping</dt><dd>${t.shipping ? money(t.shipping) : 'Free'}</dd>
        <dt class="total">Total</dt><dd class="total">${money(t.total)}</dd>
      </dl>
      ${toFree > 0 ? `<p class="muted">Add ${money(toFree)} more for free shipping.</p>` : ''}
      <button type="button" class="btn accent big" id="checkout">Checkout</button>
      <p class="muted small">Demo shop: no payment is taken and nothing leaves your browser.</p>
    </aside>
  </div>`;
}

/** A readable, unique-enough order number, e.g. "TH-LZ4K2J-7F3A". */
function transactionId() {
  const rnd = crypto.getRandomValues(new Uint16Array(1))[0].toString(16).toUpperCase().padStart(4, '0');
  return `TH-${Date.now().toString(36).toUpperCase()}-${rnd}`;
}

function checkout() {
  const lines = readCart();
  if (!lines.length) return;
  const t = cartTotals(lines);
  const items = lines.map(({ id, qty }, index) => gaItem(getProduct(id), qty, { index }));

  // GTM shape: clear the previous ecommerce object, then push the event.
  window.dataLayer = window.dataLayer || [];
  window.dataLayer.push({ ecommerce: null });
  window.dataLayer.push({ event: 'begin_checkout', ecommerce: { currency: CURRENCY, value: t.subtotal, items } });

  const transaction_id = transactionId();
  track('purchase', { transaction_id, currency: CURRENCY, value: t.subtotal, shipping: t.shipping, items });
  clearCart();

  main.innerHTML = `<div class="thanks" id="thanks">
    <h1 class="page-title">Thank you! Your order is placed.</h1>
    <p>Order number <b id="order-id">${esc(transaction_id)}</b> · ${t.count} item${t.count === 1 ? '' : 's'} · ${money(t.total)}</p>
    <ul class="muted">${lines.map(({ id, qty }) => `<li>${qty} × ${esc(getProduct(id).name)}</li>`).join('')}</ul>
    <p class="muted small">This is a demo: nothing was charged and nothing was sent anywhere.</p>
    <p><a class="btn accent" href="/">Continue shopping</a></p>
  </div>`;
  window.scrollTo(0, 0);
}

main.addEventListener('click', (e) => {
  const b = e.target.closest('button');
  if (!b) return;
  if (b.id === 'checkout') return checkout();
  if (b.dataset.inc) addToCart(b.dataset.inc, 1);
  else if (b.dataset.dec) removeFromCart(b.dataset.dec, 1);
  else if (b.dataset.remove) removeFromCart(b.dataset.remove);
  else return;
  render();
});

// Another tab changed the cart: show the new contents (unless an order was just placed).
window.addEventListener('storage', (e) => {
  if ((e.key === 'demo-cart' || e.key === null) && !document.getElementById('thanks')) render();
});

render();
