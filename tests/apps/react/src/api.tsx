// The types of shelfwise/react as a TypeScript app meets them (type-checked by the tests, not built).
import { start, type Shelfwise } from 'shelfwise';
import { ShelfwiseProvider, useRanking, useSegments, useShelfwise } from 'shelfwise/react';

interface Product {
  id: string;
  name: string;
  brand: string;
  price: number;
}

export function Shelf({ products }: { products: Product[] }) {
  const { items, ref, personalized, pending } = useRanking('picks', products);
  const first: Product | undefined = items[0];
  const waiting: boolean = pending;
  const segments: string[] = useSegments();
  const sw: Shelfwise | null = useShelfwise();
  sw?.track('view_item', { items: [{ item_id: first?.id ?? 'none' }] });
  return (
    <ol ref={ref} data-personalized={personalized} data-pending={waiting} data-segments={segments.join(' ')}>
      {items.map((p) => (
        <li key={p.id}>{p.name}</li>
      ))}
    </ol>
  );
}

export function Bare() {
  const { items } = useRanking('bare', ['x', 'y']);
  const id: string | undefined = items[0];
  return <p>{id}</p>;
}

export function Wrong() {
  // @ts-expect-error: an item without an id cannot be ranked
  useRanking('wrong', [{ name: 'no id' }]);
  return null;
}

export const withEngine = (
  <ShelfwiseProvider engine={start({ config: { version: 1 } })}>
    <Bare />
  </ShelfwiseProvider>
);
export const withOptions = (
  <ShelfwiseProvider options={{ config: { version: 1, strategy: { rules: [{ rule: 'affinity' }] } } }}>
    <Bare />
  </ShelfwiseProvider>
);
// @ts-expect-error: the engine, not its options
export const wrongEngine = <ShelfwiseProvider engine={{ config: { version: 1 } }} />;
