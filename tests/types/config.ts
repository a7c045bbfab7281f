// Typed configs: docs/getting-started.md's TypeScript example, docs/personalization.md's
// strategy example, and the mistakes the generated `ShelfwiseConfig` type catches.
import { start, validateConfig, type ShelfwiseConfig } from 'shelfwise';

// docs/getting-started.md
const config: ShelfwiseConfig = {
  version: 1,
  strategy: { rules: [{ rule: 'affinity', by: ['brand'], weight: 10 }] },
};
const sw = await start({ config });

// docs/personalization.md, "Strategies", with targeting, variants, features and holdout.
const c: ShelfwiseConfig = {
  $schema: './node_modules/shelfwise/pkg/config.schema.json',
  version: 1,
  storage: { consent: 'required', honorGlobalPrivacyControl: true, retentionDays: 90, keepSearchTerms: true },
  features: { shoeViews30d: { events: 'view_item', where: { category: 'Shoes' }, window: '30d' }, spend90d: { events: 'purchase', sum: 'value', window: '90d' } },
  segments: [
    { id: 'shoe-lover', name: 'Shoe lover', if: { 'features.shoeViews30d': { $gte: 3 } }, priority: 10 },
    { id: 'bargain-hunter', name: 'Bargain hunter', if: { 'affinity.top.priceBand': { $in: ['0-25', '25-50'] } } },
  ],
  strategy: {
    rules: [
      { rule: 'preferences', weight: 20 },
      { rule: 'affinity', weight: 10 },
      { rule: 'related', to: 'cart', weight: 8 },
      { rule: 'purchased', action: 'bury', weight: 12 },
    ],
    diversity: { by: 'brand', maxInARow: 3 },
  },
  widgets: {
    'home-new': {
      rules: [{ rule: 'pin', item: 'SH-RUN-002', position: 1 }, { rule: 'affinity' }],
      minItems: 6,
      reorderWhileVisible: false,
      diversity: null,
    },
    'home-deals': {
      rules: [{ rule: 'boost', match: { price: { max: 50 } }, weight: 6, segments: ['bargain-hunter'] }, { rule: 'hide', match: { tag: 'kids' } }],
    },
  },
  related: { 'SH-RUN-001': ['AC-SCK-001', 'AC-BTL-002'], 'OD-TNT-001': { 'OD-SLP-001': 3, 'AC-HDL-001': 1 } },
  content: { hero: { variants: [{ show: 'runners', segments: ['shoe-lover'] }], default: 'default' } },
  holdout: { percent: 10 },
  exposure: { dataLayer: true },
  debug: false,
};
const checked = { version: 1, tracking: { dataLayer: false } } satisfies ShelfwiseConfig;
await validateConfig(c);
await validateConfig(checked);

// The mistakes a merchandiser makes, caught before the page ever loads.
const typo: ShelfwiseConfig = {
  version: 1,
  // @ts-expect-error: a misspelt key ("segments")
  segmnts: [],
};
const badRule: ShelfwiseConfig = {
  version: 1,
  // @ts-expect-error: an unknown rule
  strategy: { rules: [{ rule: 'bost', match: { brand: 'Acme' } }] },
};
const badConsent: ShelfwiseConfig = {
  version: 1,
  // @ts-expect-error: consent is "required" or "not-required"
  storage: { consent: 'yes' },
};
// @ts-expect-error: version is required
const noVersion: ShelfwiseConfig = { segments: [] };

export { sw, typo, badRule, badConsent, noVersion };
