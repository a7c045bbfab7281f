// The JavaScript API as docs/api.md and docs/getting-started.md use it, typed. The package is
// imported by its own name: the repository root is the package, so its `exports` are used.
import {
  evalCondition,
  init,
  loadTools,
  start,
  validateConfig,
  type Attributes,
  type ConfigError,
  type GA4Params,
  type Ranking,
  type SegmentExplanation,
  type Shelfwise,
  type ShelfwiseConfig,
  type StorageState,
} from 'shelfwise';

// docs/api.md, "Types": a typed config, start, rank, a typed DOM event.
const config: ShelfwiseConfig = {
  version: 1,
  segments: [{ id: 'runner', name: 'Runner', if: { 'affinity.top.category': 'Shoes/Running' } }],
  strategy: { rules: [{ rule: 'affinity', weight: 10 }] },
};
const sw: Shelfwise = await start({ config });
const ranking: Ranking = sw.rank('picks', [{ id: 'SH-RUN-001', brand: 'Stridewell' }, 'AC-SCK-001']);
document.addEventListener('shelfwise:segments', (e) => console.log(e.detail.entered));
document.querySelector('section')?.addEventListener('shelfwise:exposure', (e) => console.log(e.detail.widget, e.detail.personalized));

// Every start option.
await start({ config: JSON.stringify(config), wasm: new URL('/pkg/shelfwise_wasm_bg.wasm', location.href), consent: true, debug: true });
await start();
// A config imported from JSON has widened strings; it is accepted and checked when loaded.
const fromJson = JSON.parse('{"version":1}') as Record<string, unknown>;
await start({ config: fromJson });
await init();
await init('/pkg/shelfwise_wasm_bg.wasm');
await loadTools();
await loadTools(new URL('/pkg/shelfwise_tools_bg.wasm', location.href));

// Module functions (docs/api.md).
const holds: boolean = evalCondition({ 'cart.value': { $gte: 100 } }, { cart: { value: 120 } });
const errors: ConfigError[] = await validateConfig({ version: 1, segments: [{ id: 'a', if: { 'cart.value': { $gtt: 5 } } }] });
const first: string = errors[0]?.path ?? '';

// track (docs/events.md).
const result: { ok: boolean; error?: string } = sw.track('add_to_cart', {
  currency: 'EUR',
  value: 259.9,
  items: [{ item_id: 'SH-RUN-001', item_name: 'Tempo 3', item_brand: 'Stridewell', item_category: 'Shoes', item_category2: 'Running', item_variant: 'blue/44', price: 129.95, quantity: 2, color: 'blue' }],
});
sw.track('newsletter_signup', { method: 'footer' });
const params: GA4Params = { search_term: 'trail shoes' };
sw.track('search', params);

// rank with explanations; every reason is typed.
const explained = await sw.explainRank('home-trending', [{ id: 1, category: ['Shoes', 'Running'], price: '129.95', tags: 'a b', related: ['x'] }]);
// @ts-expect-error: explanations load on demand, through explainRank()
sw.rank('home-trending', ['a'], { explain: true });
for (const item of explained.items ?? []) for (const r of item.reasons) console.log(item.id, item.score, item.originalPosition, r.rule, r.at, r.points, r.segment, r.note);

// The rest of the engine.
const ids: string[] = sw.segments();
const names: Array<{ id: string; name: string }> = sw.segmentNames();
const attrs: Partial<Attributes> = sw.attributes();
const cartValue: number | undefined = attrs.cart?.value;
const topCategory: string | null | undefined = attrs.affinity?.top.category;
const shoeViews: number | undefined = attrs.activity?.category['Shoes']?.views;
evalCondition({ 'cart.value': { $gte: 100 } }, sw.attributes());
const why: SegmentExplanation | null = await sw.explainSegment('shoe-lover');
const pass: boolean | undefined = why?.explanation.pass;
const widget: Ranking | null = (await sw.explainWidget('home-trending')) ?? (await sw.explainWidget(document.body));
sw.setAttributes({ tier: 'gold', customerId: 'C-1001' });
sw.setPreferences({ brand: 'Kestrel', price: { max: 100 } });
sw.consent(true);
const state: StorageState = sw.storage();
const data = sw.exportData();
const keys: string[] | undefined = data.storedKeys;
const report = sw.report();
const exposures: number | undefined = report.personalized?.exposures;
sw.refresh();
sw.refresh(document.body);
sw.flush();
const off: () => void = sw.on('segments', ({ segments, entered, left }) => console.log(segments, entered, left));
sw.on('exposure', ({ widget: id, personalized }) => console.log(id, personalized));
sw.on('ranking', ({ widgets }) => widgets.includes('picks') && sw.rank('picks', ['a']));
document.addEventListener('shelfwise:ranking', (e) => console.log(e.detail.widgets.join(' ')));
const unobserve: () => void = sw.observe(document.body, 'picks');
unobserve();
// @ts-expect-error: observe() takes an element
sw.observe('#picks', 'picks');
off();
sw.forget();
const running: boolean = sw.running;
sw.stop();

// Mistakes the types catch.
// @ts-expect-error: on() knows 'segments', 'exposure' and 'ranking' only
sw.on('segment', () => {});
// @ts-expect-error: consent takes a boolean
sw.consent('granted');
// @ts-expect-error: rank options are { explain }
sw.rank('w', [], { explian: true });
// @ts-expect-error: items need an id
sw.rank('w', [{ brand: 'Acme' }]);
// @ts-expect-error: `running` is read-only
sw.running = true;

export { ranking, holds, first, result, ids, names, cartValue, topCategory, shoeViews, pass, widget, state, keys, exposures, running };
