// The demo shop's Shelfwise glue: start the engine with the shop's config, explain each shelf's
// order beside it when the shopper asks, and offer a "Reset me" button. Everything the engine does to the page
// (ordering shelves, choosing the banner) needs no code here.
import { start } from '/pkg/shelfwise.js';
import config from '/shelfwise.config.json' with { type: 'json' };
import { products } from '/catalog.js';
import { clearCart } from '/shop.js';

const sw = await start({ config });
// For the console and the end-to-end tests.
window.shelfwise = sw;

// `?sw-debug` in the URL: the debug overlay (segments, affinities, every item's score and reasons).
if (new URLSearchParams(location.search).has('sw-debug')) optional('the debug overlay', '/pkg/debug.js', (m) => m.showDebug(sw));

/**
 * Loads an optional part (module `url`) and hands it to `use`. A failed import is tried again a
 * second later: a passing network failure heals, and the shopper leaving meanwhile says
 * nothing (Firefox rejects the imports of a page being left while that page is still visible,
 * and the page is gone before the second try). The shop goes on without the part.
 */
function optional(what, url, use) {
  const load = () => import(url);
  load()
    .catch(() => new Promise((again) => setTimeout(again, 1000)).then(load))
    .then(use, (e) => {
      if (document.visibilityState === 'visible') console.warn(`${what} could not load (${e?.message ?? e}); the shop works without it`);
    });
}

const names = new Map(products.map((p) => [p.id, p.name]));

function describe(reason) {
  const pts = reason.points ? `${reason.points > 0 ? '+' : ''}${reason.points}` : '';
  const who = reason.segment ? ` for ${reason.segment}` : '';
  return reason.note ? `${reason.rule}: ${reason.note}${who}` : `${reason.rule} ${pts}${who}`;
}

/** Says which segments the visitor is in, in the header's badge. */
function showSegments() {
  const badge = document.querySelector('[data-segments]');
  if (badge) {
    const segs = sw.segmentNames();
    badge.textContent = segs.length ? `You look like: ${segs.map((s) => s.name).join(', ')}` : 'No segment yet';
  }
}

// Whether the shopper asked why (explanations then follow every change).
let explaining = false;

/** Fills each shelf's "why this order" panel from the engine's explanation (text only), once the shopper asked. */
async function explainShelves() {
  if (!explaining) return;
  for (const aside of document.querySelectorAll('aside[data-why]')) {
    const r = await sw.explainWidget(aside.dataset.why);
    aside.replaceChildren();
    const head = document.createElement('p');
    head.className = 'why-head';
    const lines = (r?.items ?? []).filter((i) => i.reasons.length).slice(0, 4);
    if (!r || !r.personalized) head.textContent = 'Original order: you are in the holdout group.';
    else if (!lines.length) head.textContent = 'Original order: nothing is known about you yet. Browse a little!';
    else head.textContent = 'Why this order:';
    aside.append(head);
    if (!lines.length) continue;
    const list = document.createElement('ol');
    for (const item of lines) {
      const li = document.createElement('li');
      li.textContent = `${names.get(item.id) ?? item.id} (${item.score > 0 ? '+' : ''}${item.score}): ${item.reasons.map(describe).join(', ')}`;
      list.append(li);
    }
    aside.append(list);
  }
}

// Explanations load on demand (the engine's checking and explaining part, a download of its own):
// when the shopper asks why, as a shop's page should; a page view downloads none of it.
for (const aside of document.querySelectorAll('aside[data-why]')) {
  const ask = document.createElement('button');
  ask.type = 'button';
  ask.className = 'why-ask';
  ask.textContent = 'Why this order?';
  ask.addEventListener('click', () => {
    explaining = true;
    for (const b of document.querySelectorAll('.why-ask')) b.textContent = 'Explaining…';
    explainShelves();
  });
  aside.replaceChildren(ask);
}
showSegments();
sw.on('segments', () => {
  showSegments();
  queueMicrotask(explainShelves);
});

// The footer's "What this shop knows about you" panel.
const panel = document.querySelector('shelfwise-privacy');
if (panel) {
  optional('the privacy panel', '/pkg/panel.js', ({ definePrivacyPanel }) => {
    definePrivacyPanel();
    panel.engine = sw;
    panel.addEventListener('shelfwise-privacy:erased', () => {
      showSegments();
      queueMicrotask(explainShelves);
    });
  });
}
document.addEventListener('shelfwise:exposure', () => queueMicrotask(explainShelves));

document.getElementById('reset-me')?.addEventListener('click', () => {
  sw.forget();
  clearCart();
  location.reload();
});
