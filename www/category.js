// Category page: category.html?c=Shoes (top level) or ?c=Shoes/Running.
// Renders synchronously so the grid is in the DOM before personalize.js runs.
import { products, categories, cardHTML, categoryUrl, esc, pictureHTML, initShop, trackLists } from './shop.js';

initShop();

const main = document.getElementById('main');
const [top, sub] = (new URLSearchParams(location.search).get('c') || '').split('/');
const cat = categories.find((c) => c.name === top);

if (!cat) {
  document.title = 'All categories · Trailhead Outfitters';
  main.innerHTML = `<h1 class="page-title">All categories</h1>
  ${top ? `<p class="notice">We have no category called “${esc(top)}”.</p>` : ''}
  <div class="tiles">${categories.map((c) => {
    const inCat = products.filter((p) => p.category[0] === c.name);
    return `<a class="tile" href="${categoryUrl(c.name)}">${pictureHTML(inCat[0])}<span class="tile-name">${c.name}</span><span class="tile-sub">${inCat.length} products</span></a>`;
  }).join('')}</div>`;
} else {
  const inTop = products.filter((p) => p.category[0] === cat.name);
  const activeSub = cat.subs.includes(sub) ? sub : null;
  const shown = activeSub ? inTop.filter((p) => p.category[1] === activeSub) : inTop;
  const title = activeSub ? `${activeSub} ${cat.name === 'Shoes' ? 'shoes' : ''}`.trim() : cat.name;
  document.title = `${title} · Trailhead Outfitters`;

  const chip = (label, path, n, on) =>
    `<a class="chip" href="${categoryUrl(path)}"${on ? ' aria-current="page"' : ''}>${label} <span>${n}</span></a>`;

  main.innerHTML = `<nav class="crumbs" aria-label="Breadcrumb"><a href="/">Home</a> › ${activeSub
    ? `<a href="${categoryUrl(cat.name)}">${cat.name}</a> › ${activeSub}` : cat.name}</nav>
  <h1 class="page-title">${esc(title)} <small>${shown.length} products</small></h1>
  <nav class="chips" aria-label="${cat.name} subcategories">
    ${chip(`All ${cat.name.toLowerCase()}`, cat.name, inTop.length, !activeSub)}
    ${cat.subs.map((s) => chip(s, `${cat.name}/${s}`, inTop.filter((p) => p.category[1] === s).length, s === activeSub)).join('\n    ')}
  </nav>
  <div class="shelf-row">
    <section class="grid" data-sw-widget="category-grid" data-list-name="${esc(activeSub ? `${cat.name}/${activeSub}` : cat.name)}" aria-label="Products">
${shown.map(cardHTML).join('\n')}
    </section>
    <aside class="why" data-why="category-grid"></aside>
  </div>`;
  trackLists();
}
