// The shop front: a shelf on screen, a long story, and a shelf far below the fold.
import { useLayoutEffect, useState } from 'react';
import { useRanking, useSegments, useShelfwise } from 'shelfwise/react';
import { morePicks, topPicks, topPicksNext, type Product } from './shop';

/** Every commit of a shelf: the order in the DOM and the animation frame it happened in (for the tests). */
function useCommitLog(shelf: string) {
  useLayoutEffect(() => {
    const order = [...document.querySelectorAll<HTMLElement>(`[data-shelf="${shelf}"] li`)].map((li) => li.dataset.id);
    window.commits.push({ shelf, order: order.join(' '), frame: window.frame });
  });
}

/** A shelf of `products`; with `next`, a "Load more" button appends those after them. */
function Shelf({ id, title, products, next = [] }: { id: string; title: string; products: Product[]; next?: Product[] }) {
  const [loaded, setLoaded] = useState(false);
  const { items, ref, personalized, pending } = useRanking(id, loaded ? [...products, ...next] : products);
  const sw = useShelfwise();
  useCommitLog(id);
  const view = (p: Product) =>
    sw?.track('view_item', { items: [{ item_id: p.id, item_name: p.name, item_brand: p.brand, item_category: p.category, price: p.price }] });
  return (
    <section className="shelf" ref={ref} data-shelf={id} data-personalized={String(personalized)} data-pending={String(pending)}>
      <h2>{title}</h2>
      <ul>
        {items.map((p) => (
          <li key={p.id} data-id={p.id}>
            <strong>{p.brand}</strong> {p.name}
            <br />
            <button type="button" onClick={() => view(p)}>
              View {p.id}
            </button>
          </li>
        ))}
      </ul>
      {next.length > 0 && !loaded && (
        <button type="button" className="more" onClick={() => setLoaded(true)}>
          Load more
        </button>
      )}
    </section>
  );
}

function SegmentBadge() {
  const segments = useSegments();
  return <span className="badge" data-segments={segments.join(' ')}>{segments.length ? segments.join(', ') : 'new visitor'}</span>;
}

/** Hands the engine to the tests. */
function ExposeEngine() {
  const sw = useShelfwise();
  useLayoutEffect(() => {
    if (sw) window.sw = sw;
  }, [sw]);
  return null;
}

export function App() {
  return (
    <>
      <ExposeEngine />
      <header>
        <strong>Northwind Outfitters</strong>
        <SegmentBadge />
      </header>
      <Shelf id="top-picks" title="Top picks" products={topPicks} next={topPicksNext} />
      <article className="story">
        <h2>Our story</h2>
        <p>Gear tested on every trail since 1998.</p>
      </article>
      <Shelf id="more-picks" title="More for you" products={morePicks} />
    </>
  );
}
