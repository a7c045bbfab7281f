// A shop that asks for consent before Shelfwise may keep data, with Google Consent Mode as Google
// documents it (storage denied by default, tags asked to wait for an update), and a consent
// platform that answers late; plus a record of what the shopper sees of the shelves, frame by
// frame. The page's URL sets the waits:
//   ?wait=<ms>  Consent Mode's wait_for_update (default 10,000)
//   ?max=<ms>   storage.maxWaitForConsentMs (default 10,000)
// The platform keeps the visitor's choice in its own storage ("cmp:choice"): `cmp.answer(granted)`
// is the shopper answering its banner; on a later page it re-applies that choice once its script
// has loaded, which the tests decide (`cmp.load()`), as a platform's script that loads late does.

const params = new URLSearchParams(location.search);
const ms = (name) => Number(params.get(name) ?? 10_000);

function gtag() {
  window.dataLayer.push(arguments);
}

/**
 * What the shopper sees, recorded at every animation frame (for the tests):
 * - `seen`: each change of a shelf's visibility or order (`{ shelf, visible, order, wait, at }`,
 *   `wait`: the engine held the page back then, `at`: ms after the start of the load);
 * - `moves`: a card on screen in two frames running, at another place in the page in the second;
 * - `shifts`: the layout shifts the browser reports, with what moved (`header`, a shelf's id, or
 *   another element's name); null where the browser reports none (the Layout Instability API is
 *   Chromium's);
 * - `exposures`: the `shelfwise:exposure` events, with their time.
 */
function watchShelves() {
  const seen = (window.seen = []);
  const moves = (window.moves = []);
  const exposures = (window.exposures = []);
  window.shifts = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        const nodes = e.sources.map((s) => (s.node?.nodeType === 1 ? s.node : s.node?.parentElement));
        window.shifts.push({ value: e.value, moved: nodes.map((n) => (n?.closest('header') ? 'header' : (n?.closest('[data-shelf]')?.dataset.shelf ?? n?.nodeName ?? null))) });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  } catch {
    window.shifts = null;
  }
  document.addEventListener('shelfwise:exposure', (e) => exposures.push({ widget: e.detail.widget, at: performance.now() }));
  const last = new Map();
  let places = new Map();
  const tick = () => {
    const now = new Map();
    const wait = document.documentElement.classList.contains('sw-wait');
    for (const shelf of document.querySelectorAll('[data-shelf]')) {
      const id = shelf.dataset.shelf;
      const cards = [...shelf.querySelectorAll('li')];
      const visible = getComputedStyle(shelf).visibility === 'visible';
      const order = cards.map((li) => li.dataset.id).join(' ');
      const before = last.get(id);
      if (!before || before.visible !== visible || before.order !== order) {
        last.set(id, { visible, order });
        seen.push({ shelf: id, visible, order, wait, at: performance.now() });
      }
      if (!visible) continue;
      for (const li of cards) {
        const r = li.getBoundingClientRect();
        if (r.bottom <= 0 || r.top >= innerHeight) continue;
        const place = `${Math.round(r.left + scrollX)},${Math.round(r.top + scrollY)}`;
        const key = `${id}/${li.dataset.id}`;
        now.set(key, place);
        const was = places.get(key);
        if (was !== undefined && was !== place) moves.push({ card: key, from: was, to: place });
      }
    }
    places = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** Sets up the page's consent (before the engine starts) and returns `config` with storage on consent. */
export function lateConsent(config) {
  window.dataLayer = window.dataLayer || [];
  gtag('consent', 'default', { ad_storage: 'denied', analytics_storage: 'denied', personalization_storage: 'denied', wait_for_update: ms('wait') });
  const apply = (granted) => {
    const v = granted ? 'granted' : 'denied';
    cmp.answeredAt = performance.now();
    gtag('consent', 'update', { ad_storage: v, analytics_storage: v, personalization_storage: v });
  };
  const cmp = (window.cmp = {
    answeredAt: undefined,
    answer(granted) {
      localStorage.setItem('cmp:choice', granted ? 'granted' : 'denied');
      apply(granted);
    },
    load() {
      const earlier = localStorage.getItem('cmp:choice');
      if (earlier !== null) apply(earlier === 'granted');
    },
  });
  watchShelves();
  return { ...config, storage: { consent: 'required', maxWaitForConsentMs: ms('max') } };
}
