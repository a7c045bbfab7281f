// One page of a shop for the specification suite, and the suite's only way into the engine: its
// public JS API, exactly as a shop page uses it. The harness (runner.js) puts the case's page and
// its clock in `parent.specHarness.current` and `parent.specHarness.clock` before this page
// loads; this script builds the page, installs the clock (before the engine loads), starts the
// engine, and hands the harness `step()` and `observe()`. Everything crosses as JSON text.
(function () {
  const harness = parent.specHarness;
  const { page, config } = JSON.parse(harness.current);
  const clock = harness.clock;

  // The clock: Date.now() and new Date() read the harness's time; the time zone is the page's.
  const offset = -(page.timezoneOffset ?? 0);
  const RealDate = Date;
  class SpecDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(clock.now);
      else super(...args);
    }
    static now() {
      return clock.now;
    }
    getTimezoneOffset() {
      return offset;
    }
  }
  window.Date = SpecDate;

  // Where the visitor is and came from, and what the browser says about itself.
  try {
    history.replaceState(null, '', page.url ?? '/');
  } catch (e) {
    // WebKit refuses more than 100 history changes per 30 s in one tab (a SecurityError): the
    // harness loads this page again once the tab may change its address again.
    if (e?.name === 'SecurityError') harness.throttled();
    else harness.failed(`the page could not take its address ${page.url ?? '/'}: ${e}`);
    return;
  }
  const define = (obj, key, value) => Object.defineProperty(obj, key, { get: () => value, configurable: true });
  define(document, 'referrer', page.referrer ? new URL(page.referrer, location.origin).href : '');
  define(navigator, 'language', 'en-US');
  if (page.userAgent !== undefined) define(navigator, 'userAgent', page.userAgent);
  if (page.gpc) define(navigator, 'globalPrivacyControl', true);

  // The markup: widgets below the fold (so they take new orders at once), each a screen apart (so
  // the shopper sees one at a time), slots, the product; a route change renders the new route's in
  // place of the old one's.
  const el = (tag, attrs, text) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
    if (text) e.textContent = text;
    return e;
  };
  const itemAttrs = (it, idAttr) => ({
    [idAttr]: it.id,
    'data-sw-category': it.category,
    'data-sw-brand': it.brand,
    'data-sw-price': it.price,
    'data-sw-tags': it.tags,
    'data-sw-related': it.related,
  });
  const body = document.body;
  body.append(el('div', { style: 'height: 2000px' }));
  const route = el('div', { id: 'route' });
  body.append(route);
  const render = (p) => {
    if (p.pageType !== undefined) document.documentElement.setAttribute('data-sw-page', p.pageType);
    else document.documentElement.removeAttribute('data-sw-page');
    const parts = [];
    if (p.product) parts.push(el('main', itemAttrs(p.product, 'data-sw-product'), p.product.id));
    for (const [slot, variants] of Object.entries(p.slots ?? {})) {
      const s = el('div', { 'data-sw-slot': slot });
      for (const v of variants) s.append(el('div', { 'data-sw-variant': v, hidden: v === 'default' ? undefined : '' }, v));
      parts.push(s);
    }
    for (const [widget, items] of Object.entries(p.widgets ?? {})) {
      parts.push(el('div', { style: 'height: 2000px' }));
      const w = el('section', { 'data-sw-widget': widget });
      for (const it of items) w.append(el('article', itemAttrs(it, 'data-sw-item'), it.id));
      parts.push(w);
    }
    route.replaceChildren(...parts);
  };
  render(page);

  // What the page pushed to the dataLayer before the engine started (gtag pushes its arguments).
  window.dataLayer = [];
  function gtag() {
    window.dataLayer.push(arguments);
  }
  const push = (entry) => (Array.isArray(entry) ? gtag(...entry) : window.dataLayer.push(entry));
  for (const entry of page.dataLayer ?? []) push(entry);

  // This page is the visitor's only tab: storage events here can only come from the harness
  // (clearing storage between cases) or from an earlier page of the case, never from another tab
  // of the shop, so none reaches the engine. Several tabs are the end-to-end tests' business.
  window.addEventListener('storage', (e) => e.stopImmediatePropagation(), true);

  // What the engine says in the console, for the harness to show when a case fails.
  const warnings = [];
  const warn = console.warn.bind(console);
  console.warn = (...args) => {
    warnings.push(args.map(String).join(' '));
    warn(...args);
  };

  // The compiled engine, shared by the harness (compiling it for every page would be slow).
  const compiled = new Promise((resolve) => {
    window.addEventListener('message', (e) => resolve(e.data instanceof WebAssembly.Module ? e.data : undefined), { once: true });
  });
  harness.sendModule(window);

  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  // Two frames and a task: what the page was about to see, it has seen.
  const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))));
  const ids = (nodes) => [...nodes].map((n) => n.getAttribute('data-sw-item'));

  /** Runs one step of the case (not `expect`); returns the answer of `track`, if any. */
  async function step(sw, s) {
    let answer = null;
    if ('track' in s) answer = sw.track(s.track, s.params);
    else if ('dataLayer' in s) push(s.dataLayer);
    else if ('setAttributes' in s) sw.setAttributes(s.setAttributes);
    else if ('setPreferences' in s) sw.setPreferences(s.setPreferences);
    else if ('consent' in s) sw.consent(s.consent);
    else if ('forget' in s) sw.forget();
    else if ('navigate' in s) {
      // A single-page app's route change: the address first, then the router renders the route.
      history.pushState(null, '', s.navigate.url);
      render(s.navigate);
    } else if ('append' in s) {
      const w = document.querySelector(`[data-sw-widget="${CSS.escape(s.append.widget)}"]`);
      if (!w) throw new Error(`no widget ${s.append.widget} on the page`);
      w.append(...s.append.items.map((it) => el('article', itemAttrs(it, 'data-sw-item'), it.id)));
    } else if ('see' in s) {
      const w = document.querySelector(`[data-sw-widget="${CSS.escape(s.see)}"]`);
      if (!w) throw new Error(`no widget ${s.see}`);
      w.scrollIntoView({ block: 'center' });
      await frames();
      scrollTo(0, 0);
      await frames();
    } else if ('click' in s) {
      const card = document.querySelector(`[data-sw-widget="${CSS.escape(s.click.widget)}"] > [data-sw-item="${CSS.escape(s.click.item)}"]`);
      if (!card) throw new Error(`no item ${s.click.item} in widget ${s.click.widget}`);
      card.click();
    } else throw new Error(`the page cannot run the step ${JSON.stringify(s)}`);
    await settle(); // widgets take their new order in a microtask after the change
    return answer;
  }

  /** What the page shows now, for the keys of `expect`. */
  async function observe(sw, expect) {
    const out = {};
    for (const key of Object.keys(expect)) {
      if (key === 'segments') out.segments = sw.segments();
      else if (key === 'widgets') {
        out.widgets = {};
        for (const w of document.querySelectorAll('[data-sw-widget]')) {
          out.widgets[w.getAttribute('data-sw-widget')] = {
            order: ids(w.querySelectorAll(':scope > [data-sw-item]:not([data-sw-hidden])')),
            hidden: ids(w.querySelectorAll(':scope > [data-sw-item][data-sw-hidden]')),
          };
        }
      } else if (key === 'slots') {
        out.slots = {};
        for (const s of document.querySelectorAll('[data-sw-slot]')) {
          const shown = [...s.querySelectorAll('[data-sw-variant]:not([hidden])')].map((v) => v.getAttribute('data-sw-variant'));
          out.slots[s.getAttribute('data-sw-slot')] = shown.length === 1 ? shown[0] : shown;
        }
      } else if (key === 'attributes' || key === 'absent') out.attributes = sw.attributes();
      else if (key === 'storage') out.storage = sw.storage();
      else if (key === 'stored') {
        // Pending changes are written first (under the storage lock where the browser has one).
        sw.flush();
        if (navigator.locks?.request) await navigator.locks.request('shelfwise:profile', () => {});
        out.stored = Object.keys(localStorage).some((k) => k.startsWith('shelfwise:'));
      } else if (key === 'report') out.report = sw.report();
      else if (key === 'rank') {
        out.rank = expect.rank.map((r) => {
          const ranked = sw.rank(r.widget, r.items);
          return { order: ranked.order, hidden: ranked.hidden, personalized: ranked.personalized };
        });
      } else throw new Error(`unknown expectation "${key}"`);
    }
    return out;
  }

  Promise.all([import('/pkg/shelfwise.js'), compiled])
    .then(async ([{ start }, wasm]) => {
      const sw = await start({ config, consent: page.consent, wasm });
      harness.loaded({
        step: async (json) => JSON.stringify(await step(sw, JSON.parse(json))),
        observe: async (json) => JSON.stringify(await observe(sw, JSON.parse(json))),
        warnings: () => JSON.stringify(warnings),
        // The case is over: write what is pending now and let go of the page (sw.stop()), so
        // that nothing of this case reaches storage after the harness cleared it.
        close: () => sw.stop(),
      });
    })
    .catch((e) => harness.failed(`the page could not start the engine: ${e}`));
})();
