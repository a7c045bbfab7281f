// The types of shelfwise/vue as a TypeScript component meets them (type-checked by the tests).
import { createApp, defineComponent, h } from 'vue';
import { start, type Shelfwise } from 'shelfwise';
import { createShelfwise, useRanking, useSegments, useShelfwise } from 'shelfwise/vue';

interface Product {
  id: string;
  name: string;
  brand: string;
  price: number;
}

const products: Product[] = [{ id: 'a', name: 'A', brand: 'Acme', price: 10 }];

export const Shelf = defineComponent({
  props: { widget: { type: String, required: true } },
  setup(props) {
    const { items, el, personalized, pending } = useRanking(() => props.widget, products);
    const first: Product | undefined = items.value[0];
    const shown: boolean = personalized.value;
    const waiting: boolean = pending.value;
    const segments: string[] = useSegments().value;
    const sw: Shelfwise | null = useShelfwise().value;
    sw?.track('view_item', { items: [{ item_id: first?.id ?? 'none' }] });
    return () => h('ul', { ref: el, 'data-shown': shown, 'data-pending': waiting, 'data-segments': segments.join(' ') }, items.value.map((p) => h('li', { key: p.id }, p.name)));
  },
});

const ids = useRanking('bare', ['x', 'y']).items.value;
export const firstId: string | undefined = ids[0];

// @ts-expect-error: an item without an id cannot be ranked
useRanking('wrong', [{ name: 'no id' }]);

const app = createApp(Shelf, { widget: 'picks' });
app.use(createShelfwise({ engine: start({ config: { version: 1 } }) }));
app.use(createShelfwise({ options: { config: { version: 1 } } }));
app.use(createShelfwise());
