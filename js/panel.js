// "What this shop knows about you": an optional panel that shows the shopper, in plain words,
// the segments they are in, their top interests and what is kept in this browser, with a
// button that erases it all. A web component with its own shadow DOM; every string it shows
// is set as text, never as HTML.
//
//   <shelfwise-privacy></shelfwise-privacy>
//   <script type="module">
//     import { definePrivacyPanel } from 'shelfwise/panel';
//     definePrivacyPanel();
//     document.querySelector('shelfwise-privacy').engine = sw; // the engine `start()` returned
//   </script>

const STYLE = `
:host { display: block; font: inherit; color: inherit; }
section { border: 1px solid #ccc8; border-radius: 8px; padding: 1em 1.25em; }
h2 { font-size: 1.1em; margin: 0 0 .5em; }
h3 { font-size: 1em; margin: 1em 0 .25em; }
p, ul { margin: .25em 0; }
ul { padding-left: 1.25em; }
pre { max-height: 20em; overflow: auto; font-size: .8em; background: #8881; padding: .5em; }
button { font: inherit; margin-top: 1em; padding: .4em .9em; cursor: pointer; }
[data-status] { margin-top: .5em; font-weight: bold; }
`;

const STORAGE = {
  local: 'It is kept in this browser only and is never sent anywhere.',
  'consent-pending': 'Nothing is kept: this shop asks for your consent first. What you do on this page is used only while the page is open.',
  'consent-denied': 'Nothing is kept: you said no. What you do on this page is used only while the page is open.',
  gpc: 'Nothing is kept: your browser asks sites not to (Global Privacy Control). What you do on this page is used only while the page is open.',
  unavailable: 'Nothing is kept: this browser does not let the shop store data here. What you do on this page is used only while the page is open.',
  off: 'Personalization is not running on this page, so nothing is used or kept.',
};

function el(tag, textContent, attrs = {}) {
  const e = document.createElement(tag);
  if (textContent !== undefined) e.textContent = textContent;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function list(lines, empty) {
  if (!lines.length) return el('p', empty);
  const ul = el('ul');
  for (const line of lines) ul.append(el('li', line));
  return ul;
}

/** The highest-scoring keys of an affinity map, best first (a parent category is left out when its child is shown). */
function top(scores, n) {
  const keys = Object.entries(scores ?? {})
    .filter(([, s]) => typeof s === 'number' && s > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([k]) => k);
  const picked = [];
  for (const k of keys) {
    if (picked.length === n) break;
    if (picked.some((p) => p.startsWith(`${k}/`))) continue;
    const parent = picked.findIndex((p) => k.startsWith(`${p}/`));
    if (parent >= 0) picked[parent] = k;
    else picked.push(k);
  }
  return picked;
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** The panel element: set `.engine` to the engine `start()` returned. */
export class ShelfwisePrivacy extends HTMLElement {
  #engine = null;
  #off = [];
  #status = '';

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function') {
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(STYLE);
        root.adoptedStyleSheets = [sheet];
      } catch {
        root.append(el('style', STYLE));
      }
    } else {
      root.append(el('style', STYLE));
    }
    root.append(el('section'));
  }

  /** The engine whose data the panel shows. */
  get engine() {
    return this.#engine;
  }

  set engine(sw) {
    this.#engine = sw ?? null;
    this.#status = '';
    this.render();
  }

  connectedCallback() {
    const again = () => queueMicrotask(() => this.render());
    for (const [target, type] of [
      [document, 'shelfwise:segments'],
      [window, 'storage'],
    ]) {
      target.addEventListener(type, again);
      this.#off.push(() => target.removeEventListener(type, again));
    }
    this.render();
  }

  disconnectedCallback() {
    this.#off.forEach((off) => off());
    this.#off = [];
  }

  /** Erases everything kept about the shopper (the button does this). */
  erase() {
    this.#engine?.forget?.();
    this.#status = 'Erased. Nothing about you is kept in this browser any more.';
    this.render();
    this.dispatchEvent(new CustomEvent('shelfwise-privacy:erased', { bubbles: true }));
  }

  /** Draws the panel again from what the engine knows now. */
  render() {
    const section = this.shadowRoot?.querySelector('section');
    if (!section) return;
    const sw = this.#engine;
    let data = {};
    let names = [];
    let state = 'off';
    try {
      if (sw && sw.running) {
        data = sw.exportData() ?? {};
        names = sw.segmentNames() ?? [];
        state = sw.storage();
      }
    } catch {
      state = 'off';
    }
    const profile = data.profile ?? {};
    const affinity = data.attributes?.affinity ?? {};
    const parts = [el('h2', 'What this shop knows about you')];

    parts.push(el('h3', 'You look like'));
    parts.push(list(names.map((s) => s.name), 'Nothing yet: no group fits you so far.'));

    parts.push(el('h3', 'Your interests'));
    const interests = [
      ...top(affinity.category, 3).map((c) => c.split('/').join(' › ')),
      ...top(affinity.brand, 2).map((b) => `${b} (brand)`),
      ...top(affinity.priceBand, 1).map((p) => `prices ${p.replace('-', ' to ').replace(/\+$/, ' and up')}`),
    ];
    parts.push(list(interests, 'None yet: nothing you looked at stands out.'));

    parts.push(el('h3', 'What is kept'));
    parts.push(el('p', STORAGE[state] ?? STORAGE.off, { 'data-storage': state }));
    const keys = Array.isArray(data.storedKeys) ? data.storedKeys : [];
    if (state === 'local') {
      const visits = profile.session?.n ?? 0;
      const facts = [
        plural(visits, 'visit', 'visits'),
        plural(profile.viewed?.length ?? 0, 'product viewed', 'products viewed'),
        plural(profile.searches?.length ?? 0, 'search', 'searches'),
        plural(profile.cart?.length ?? 0, 'line in the cart', 'lines in the cart'),
        plural(profile.orders?.length ?? 0, 'order', 'orders'),
      ];
      if (profile.first > 0) facts.push(`first seen ${new Date(profile.first).toLocaleDateString()}`);
      parts.push(list(facts, ''));
      parts.push(el('p', keys.length ? `Stored under: ${keys.join(', ')}` : 'Nothing is stored yet.'));
      const details = el('details');
      details.append(el('summary', 'Show everything that is kept'));
      details.append(el('pre', JSON.stringify(profile, null, 2), { 'data-export': '' }));
      parts.push(details);
    }

    const button = el('button', 'Erase everything', { type: 'button' });
    button.disabled = !sw || !sw.running;
    button.addEventListener('click', () => this.erase());
    parts.push(button);
    if (this.#status) parts.push(el('p', this.#status, { 'data-status': '', role: 'status' }));
    section.replaceChildren(...parts);
  }
}

/** Defines the `<shelfwise-privacy>` element (once; also done on import). Returns its class. */
export function definePrivacyPanel(name = 'shelfwise-privacy') {
  if (typeof customElements !== 'undefined' && !customElements.get(name)) {
    customElements.define(name, name === 'shelfwise-privacy' ? ShelfwisePrivacy : class extends ShelfwisePrivacy {});
  }
  return customElements.get(name);
}

definePrivacyPanel();
