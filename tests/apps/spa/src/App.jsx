// The shop's routes: home, a collection, a product. Each renders its own Shelfwise widget; the
// page type is declared on <html data-sw-page> by the routes that have one.
import { useEffect, useLayoutEffect } from 'react';
import { Link, Route, Routes, useLocation, useParams } from 'react-router';
import { byId, collections, ga4, products } from './catalog.js';

function usePageType(type) {
  useLayoutEffect(() => {
    document.documentElement.setAttribute('data-sw-page', type);
    return () => document.documentElement.removeAttribute('data-sw-page');
  }, [type]);
}

function Card({ product: p }) {
  return (
    <li className="card" data-sw-item={p.id} data-sw-brand={p.brand} data-sw-category={p.category} data-sw-price={p.price} data-sw-tags={p.tags}>
      <Link to={`/products/${p.id.toLowerCase()}`}>{p.name}</Link> <span className="price">€{p.price}</span>
    </li>
  );
}

function Shelf({ widget, ids }) {
  return (
    <ul className="grid" data-sw-widget={widget}>
      {ids.map((id) => (
        <Card key={id} product={byId(id)} />
      ))}
    </ul>
  );
}

function Home() {
  return (
    <main>
      <h1>Gear for every trail</h1>
      <Shelf widget="home-picks" ids={products.map((p) => p.id)} />
    </main>
  );
}

function Collection() {
  const { handle } = useParams();
  usePageType('collection');
  const c = collections[handle] ?? { title: 'Not found', items: [] };
  return (
    <main>
      <h1>{c.title}</h1>
      <Shelf key={handle} widget="collection-grid" ids={c.items} />
    </main>
  );
}

function Product() {
  const { id } = useParams();
  const p = byId(id);
  useEffect(() => {
    // The GA4 ecommerce push a Tag Manager integration makes on a product page.
    window.dataLayer.push({ ecommerce: null });
    window.dataLayer.push({ event: 'view_item', ecommerce: { currency: 'EUR', items: [ga4(p)] } });
  }, [p]);
  const related = products.filter((o) => o.id !== p.id && o.category === p.category).map((o) => o.id);
  return (
    <main>
      <article data-sw-product={p.id} data-sw-brand={p.brand} data-sw-category={p.category} data-sw-price={p.price} data-sw-tags={p.tags}>
        <h1>{p.name}</h1>
        <p className="price">€{p.price}</p>
      </article>
      <section>
        <h2>You may also like</h2>
        <Shelf key={p.id} widget="related" ids={related} />
      </section>
    </main>
  );
}

export function App({ trackPageViews }) {
  const location = useLocation();
  useEffect(() => {
    // GA4's advice for single-page apps: a page_view on every route (the first one included).
    if (trackPageViews) window.sw.track('page_view');
  }, [location.pathname, location.search, trackPageViews]);
  return (
    <>
      <Link className="promo" id="promo" to="/collections/trail?utm_source=banner&utm_campaign=spring">
        Spring trail days: 15% off
      </Link>
      <header className="header">
        <Link to="/" id="nav-home">Northpeak Outfitters</Link>
        <nav>
          <Link to="/collections/running" id="nav-running">Running</Link> <Link to="/collections/trail" id="nav-trail">Trail</Link>
        </nav>
      </header>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/collections/:handle" element={<Collection />} />
        <Route path="/products/:id" element={<Product />} />
      </Routes>
    </>
  );
}
