// The Shelfwise debug overlay: a small panel, on any page, that shows the visitor's segments,
// their strongest affinities, and why every widget item is where it is (score and reasons).
// Optional: import it only where you want it. It draws inside a shadow root (the shop's CSS
// and the panel's never meet) and builds every node with createElement/textContent, so no
// text from the engine or the page is ever read as HTML.

const HOST_ID = 'shelfwise-debug';
const TOP_AFFINITIES = 3;

const STYLE = `
:host { all: initial; }
.panel { position: fixed; right: 12px; bottom: 12px; z-index: 2147483647; box-sizing: border-box;
  width: min(380px, calc(100vw - 24px)); max-height: min(70vh, 560px); overflow: auto;
  font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #e8eaed;
  background: rgba(28, 30, 33, 0.96); border: 1px solid #5f6368; border-radius: 8px;
  box-shadow: 0 6px 24px rgba(0, 0, 0, 0.35); }
header { position: sticky; top: 0; display: flex; align-items: center; gap: 8px; padding: 6px 10px;
  background: #303134; border-bottom: 1px solid #5f6368; }
header b { flex: 1; }
button { font: inherit; color: inherit; background: #3c4043; border: 1px solid #5f6368;
  border-radius: 4px; padding: 1px 7px; cursor: pointer; }
section { padding: 6px 10px; border-bottom: 1px solid #3c4043; }
h2, h3 { font-size: 12px; margin: 0 0 4px; color: #8ab4f8; font-weight: 600; }
h3 { color: #fdd663; margin-top: 6px; }
ol, ul { margin: 0; padding-left: 20px; }
li { margin: 2px 0; }
.score { color: #81c995; }
.why { color: #bdc1c6; display: block; }
.muted { color: #9aa0a6; }
`;

/** Whether the page's URL asks for the overlay (`?sw-debug`). */
export function debugRequested() {
  try {
    return new URLSearchParams(globalThis.location?.search ?? '').has('sw-debug');
  } catch {
    return false;
  }
}

function el(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = String(text);
  if (className) e.className = className;
  return e;
}

function safe(fn, fallback) {
  try {
    return fn() ?? fallback;
  } catch {
    return fallback;
  }
}

const signed = (n) => `${n > 0 ? '+' : ''}${n}`;

/** One reason as a line of text: `affinity +6.667`, `boost +5 for vip`, `pin: pinned at position 1`. */
export function describeReason(r) {
  const who = r.segment ? ` for ${r.segment}` : '';
  if (r.note) return `${r.rule}: ${r.note}${who}`;
  return `${r.rule} ${signed(r.points)}${who}`;
}

function segmentsSection(sw) {
  const s = el('section');
  s.append(el('h2', 'Segments'));
  const segs = safe(() => sw.segmentNames(), []);
  if (!segs.length) {
    s.append(el('p', 'none yet', 'muted'));
    return s;
  }
  const ul = el('ul');
  for (const seg of segs) ul.append(el('li', seg.name && seg.name !== seg.id ? `${seg.name} (${seg.id})` : seg.id));
  s.append(ul);
  return s;
}

function affinitySection(sw) {
  const s = el('section');
  s.append(el('h2', 'Top affinities'));
  const affinity = safe(() => sw.attributes().affinity, {});
  let any = false;
  for (const dim of ['category', 'brand', 'tag', 'priceBand']) {
    const scores = affinity?.[dim];
    if (!scores || typeof scores !== 'object') continue;
    const top = Object.entries(scores)
      .filter(([, v]) => typeof v === 'number' && v > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP_AFFINITIES);
    if (!top.length) continue;
    any = true;
    s.append(el('p', `${dim}: ${top.map(([k, v]) => `${k} ${v}`).join(', ')}`));
  }
  if (!any) s.append(el('p', 'nothing learned yet', 'muted'));
  return s;
}

function widgetSection(sw, widget) {
  const s = el('section');
  const id = widget.getAttribute('data-sw-widget') ?? '(unnamed)';
  const head = el('h3', `${id} · explaining…`);
  s.append(head);
  // Explanations load on demand: the section fills in once they are there.
  Promise.resolve(safe(() => sw.explainWidget(widget), null))
    .catch(() => null)
    .then((r) => {
      head.textContent = `${id} · ${r ? (r.personalized ? 'personalized' : 'held out: original order') : 'not ranked'}`;
      if (!r?.items?.length) return;
      const hidden = new Set(r.hidden ?? []);
      const ol = el('ol');
      for (const item of r.items) {
        const li = el('li');
        li.append(el('span', `${item.id} `), el('span', `${item.score}`, 'score'));
        if (hidden.has(item.id)) li.append(el('span', ' (hidden)', 'muted'));
        li.append(el('span', item.reasons.length ? item.reasons.map(describeReason).join('; ') : 'no signal: page order', 'why'));
        ol.append(li);
      }
      s.append(ol);
    });
  return s;
}

function render(shadow, sw, close) {
  const panel = el('div', undefined, 'panel');
  panel.setAttribute('role', 'complementary');
  panel.setAttribute('aria-label', 'Shelfwise debug');
  const header = el('header');
  const refresh = el('button', 'Refresh');
  refresh.type = 'button';
  refresh.addEventListener('click', () => render(shadow, sw, close));
  const closeButton = el('button', '×');
  closeButton.type = 'button';
  closeButton.setAttribute('aria-label', 'Close the Shelfwise debug panel');
  closeButton.addEventListener('click', close);
  header.append(el('b', `Shelfwise ${sw?.running ? '' : '(not running)'}`.trim()), refresh, closeButton);
  panel.append(header, segmentsSection(sw), affinitySection(sw));
  const widgets = el('section');
  widgets.append(el('h2', 'Widgets'));
  const list = [...document.querySelectorAll('[data-sw-widget]')];
  if (!list.length) widgets.append(el('p', 'no [data-sw-widget] on this page', 'muted'));
  panel.append(widgets, ...list.map((w) => widgetSection(sw, w)));
  const style = el('style', STYLE);
  shadow.replaceChildren(style, panel);
}

let current;

/**
 * Shows the overlay for the engine `sw` (from `start()`), or refreshes it when shown; it
 * follows segment changes and exposures by itself. Returns `{ update, close }`.
 */
export function showDebug(sw) {
  if (typeof document === 'undefined') return { update() {}, close() {} };
  if (current) {
    current.update();
    return current;
  }
  const host = document.createElement('div');
  host.id = HOST_ID;
  const shadow = host.attachShadow({ mode: 'open' });
  let queued = false;
  const update = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      if (current?.host === host) render(shadow, sw, close);
    });
  };
  const offSegments = safe(() => sw.on('segments', update), () => {});
  document.addEventListener('shelfwise:exposure', update);
  function close() {
    offSegments();
    document.removeEventListener('shelfwise:exposure', update);
    host.remove();
    if (current?.host === host) current = undefined;
  }
  render(shadow, sw, close);
  (document.body ?? document.documentElement).append(host);
  current = { host, update, close };
  return current;
}

/** Removes the overlay if it is shown. */
export function hideDebug() {
  current?.close();
}

/** Shows the overlay when the page's URL has `?sw-debug`; returns whether it did. */
export function autoDebug(sw) {
  if (!debugRequested()) return false;
  showDebug(sw);
  return true;
}
