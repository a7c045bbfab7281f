// Types of the Shelfwise JavaScript API.
import type { ShelfwiseConfig } from './config.js';

export type { ShelfwiseConfig } from './config.js';

/** A GA4 ecommerce item as events carry it. */
export interface GA4Item {
  /** The product id: text (or a number) of 1 to 100 characters. */
  item_id: string | number;
  item_name?: string;
  item_brand?: string;
  item_category?: string;
  item_category2?: string;
  item_category3?: string;
  item_category4?: string;
  item_category5?: string;
  item_variant?: string;
  /** Free tags (array or space-separated), counted for tag affinity. */
  item_tags?: string[] | string;
  price?: number | string;
  quantity?: number | string;
  /** Custom fields are accepted and ignored. */
  [custom: string]: unknown;
}

/** GA4 event parameters. */
export interface GA4Params {
  items?: GA4Item[];
  value?: number | string;
  currency?: string;
  transaction_id?: string;
  search_term?: string;
  item_list_id?: string;
  [custom: string]: unknown;
}

/** The GA4 ecommerce event names the engine gives meaning to; any other name is a custom event. */
export type GA4EventName =
  | 'page_view'
  | 'view_item_list'
  | 'select_item'
  | 'view_item'
  | 'add_to_cart'
  | 'remove_from_cart'
  | 'add_to_wishlist'
  | 'begin_checkout'
  | 'purchase'
  | 'search';

/** An item to rank: the same facts as the `data-sw-*` attributes of markup. */
export interface RankItem {
  /** The item id (a number is read as its text). */
  id: string | number;
  /** Category path, broadest first: `"Shoes/Running"` or `["Shoes", "Running"]`. */
  category?: string | string[];
  brand?: string;
  price?: number | string;
  tags?: string[] | string;
  /** Ids of items "people also bought" with this one, strongest first (kept for the cart and recent views). */
  related?: string[] | string;
}

/** One rule's part in an item's score. */
export interface RankReason {
  /** The rule's name: `boost`, `affinity`, `pin`, `diversity`, … */
  rule: string;
  /** Where the rule is in the config, e.g. `widgets.home-trending.rules[1]`. */
  at: string;
  /** Points it added (negative for bury). */
  points: number;
  /** The segment that made a targeted rule apply. */
  segment?: string;
  /** What it did besides points (`pinned at position 1`, `hidden`, …). */
  note?: string;
}

/** One item's score and reasons. */
export interface RankedItem {
  id: string;
  score: number;
  /** 1-based place on the page before ranking. */
  originalPosition: number;
  reasons: RankReason[];
}

/** The result of ranking a widget. */
export interface Ranking {
  /** Item ids in their new order (hidden ones left out). */
  order: string[];
  /** Item ids removed by hide rules. */
  hidden: string[];
  /** False for held-out visitors (and when the engine is not running): `order` is the original. */
  personalized: boolean;
  /** From `explainRank` and `explainWidget`: every item's score and reasons, in the new order then hidden ones. */
  items?: RankedItem[];
  /** Widget id (from `explainWidget`). */
  widget?: string;
}

/** A config error with its exact JSON path. */
export interface ConfigError {
  /** e.g. `segments[3].if.$and[1].cartValue`; empty for the document itself. */
  path: string;
  /** e.g. `unknown operator "$gtt" (did you mean "$gt"?)`. */
  message: string;
}

/** How the visitor's data is kept: in this browser, or only in memory and why. */
export type StorageState = 'local' | 'consent-pending' | 'consent-denied' | 'gpc' | 'unavailable' | 'off';

/** Counts of what the visitor did with one item, category, brand, tag or price band. */
export interface ActivityCounts {
  /** `view_item` events. */
  views: number;
  /** `select_item` events (clicks on cards). */
  clicks: number;
  /** `add_to_cart` events. */
  carts: number;
  /** `add_to_wishlist` events. */
  wishlists: number;
  /** `purchase` events. */
  purchases: number;
}

/** Per-key maps of one kind of fact, by category path, brand, tag and price band. */
export interface ByDimension<T> {
  category: Record<string, T>;
  brand: Record<string, T>;
  tag: Record<string, T>;
  priceBand: Record<string, T>;
}

/**
 * The attributes document segment conditions see (docs/attributes.md has every unit).
 * Times are ms since 1970 (UTC); days are fractional; money is in the shop's currency.
 */
export type Attributes = {
  visit: {
    /** Sessions so far, this one included. */
    count: number;
    returning: boolean;
    firstSeen: number;
    /** The last activity before this session (null on a first visit). */
    lastSeen: number | null;
    daysSinceFirst: number;
    daysSinceLast: number | null;
    sessions30d: number;
  };
  session: {
    number: number;
    pageViews: number;
    events: number;
    /** Seconds since the session began. */
    duration: number;
    source: 'campaign' | 'search' | 'referral' | 'direct';
    landingPage: string;
  };
  device: { type: 'mobile' | 'tablet' | 'desktop'; width: number };
  page: { path: string; type: string; locale: string };
  /** The session's `utm_*` parameters (absent when not given). */
  utm: { source?: string; medium?: string; campaign?: string; term?: string; content?: string };
  referrer: { host: string | null };
  time: {
    hour: number;
    weekday: 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';
    weekend: boolean;
  };
  orders: { count: number; revenue: number; averageValue: number; lastValue: number; daysSinceLast: number | null };
  cart: { value: number; items: number; lines: number; ids: string[]; categories: string[]; brands: string[] };
  /** Decayed interest scores, and the favourite of each dimension (null without any). */
  affinity: ByDimension<number> & {
    top: { category: string | null; brand: string | null; tag: string | null; priceBand: string | null };
  };
  activity: ByDimension<ActivityCounts> & { item: Record<string, ActivityCounts> };
  history: { viewed: string[]; purchased: string[]; searches: string[] };
  /** What the shopper stated (`setPreferences`). */
  prefs: Record<string, unknown>;
  /** What the shop supplied (`setAttributes`). */
  attrs: Record<string, unknown>;
  /** The config's features by name. */
  features: Record<string, number>;
  /** Current segment ids. */
  segments: string[];
};

/** Everything kept about the visitor (`exportData()`). */
export interface ExportedData {
  /** How data is kept right now. */
  storage: StorageState;
  /** The `shelfwise:` keys in this browser's storage (empty while storage may not be used). */
  storedKeys: string[];
  /** The profile, exactly as stored (see docs/privacy.md for every field); null when the engine is not running. */
  profile: Record<string, unknown> | null;
  /** Current segment ids. */
  segments: string[];
  /** The attributes document segment conditions see. */
  attributes: Attributes;
}

/** Detail of a `segments` event. */
export interface SegmentsChange {
  segments: string[];
  entered: string[];
  left: string[];
}

/** Detail of an `exposure` event (also a `shelfwise:exposure` DOM event on the widget). */
export interface Exposure {
  widget: string;
  /** False when the visitor is held out and sees the original order. */
  personalized: boolean;
}

/**
 * Detail of a `ranking` event: the widgets whose ranking may have changed, to rank again now. A
 * widget not listed kept its ranking; one on screen (a marked widget, an observed shelf) is
 * listed once it leaves the viewport.
 */
export interface RankingChange {
  widgets: string[];
}

/** Counters of personalized vs held-out widgets. */
export interface ExposureReport {
  inHoldout: boolean;
  personalized: { exposures: number; clicks: number; addToCarts: number };
  holdout: { exposures: number; clicks: number; addToCarts: number };
}

/** One node of a segment explanation. */
export interface ConditionExplanation {
  /** Operator (`$gt`), `equals` for implicit equality, or `$and` for several parts. */
  op: string;
  /** Attribute path, e.g. `cart.value`. */
  path?: string;
  expected?: unknown;
  /** The value the visitor has (absent when missing). */
  actual?: unknown;
  pass: boolean;
  note?: string;
  children?: ConditionExplanation[];
}

/** Why a visitor is or is not in a segment. */
export interface SegmentExplanation {
  id: string;
  name: string;
  member: boolean;
  explanation: ConditionExplanation;
}

/**
 * A config as JavaScript gives it: a typed literal, or a plain object such as a JSON import
 * (whose string values TypeScript widens, so it cannot match `ShelfwiseConfig` itself). The
 * engine checks it when it loads; write `const config: ShelfwiseConfig = { … }` (or
 * `satisfies ShelfwiseConfig`) to have it checked as you type.
 */
export type ConfigInput = ShelfwiseConfig | string | Record<string, unknown>;

/** Options of `start()`. */
export interface StartOptions {
  /** The config (object or JSON text). Default: the JSON in `<script type="application/json" data-sw-config>`. */
  config?: ConfigInput;
  /** Where the .wasm is: URL, Response, bytes or compiled Module. Default: next to the module. */
  wasm?: string | URL | Response | BufferSource | WebAssembly.Module;
  /** The visitor's decision on storage, known at start: true grants it, false refuses it (and erases what is stored). */
  consent?: boolean;
  /** Log each event, segment change and reorder (also `?sw-debug` in the URL). */
  debug?: boolean;
}

/** Event types of `on()`. */
export interface ShelfwiseEvents {
  segments: SegmentsChange;
  exposure: Exposure;
  ranking: RankingChange;
}

/** One page's engine. No method ever throws into the page. */
export interface Shelfwise {
  /** False after a failed start, `stop()` or an internal error (the page then keeps its original order). */
  readonly running: boolean;
  /** Tracks a GA4 event; a malformed one is rejected with a console warning and `{ ok: false, error }`. */
  track(name: GA4EventName | (string & {}), params?: GA4Params): { ok: boolean; error?: string; queued?: true };
  /** Ranks items for a widget without touching the page; on any problem, the original order. */
  rank(widgetId: string, items: Array<RankItem | string>): Ranking;
  /** The same ranking with every item's score and reasons (`items`); loads the explaining part of the engine on first use. */
  explainRank(widgetId: string, items: Array<RankItem | string>): Promise<Ranking>;
  /** Current segment ids. */
  segments(): string[];
  /** Current segments with their human names. */
  segmentNames(): Array<{ id: string; name: string }>;
  /** The attributes document segment conditions see (`{}` when the engine is not running). */
  attributes(): Partial<Attributes>;
  /** Which parts of a segment's condition held (null for an unknown segment); loads the explaining part of the engine on first use. */
  explainSegment(id: string): Promise<SegmentExplanation | null>;
  /** Every item's score and reasons for a widget on the page; loads the explaining part of the engine on first use. */
  explainWidget(widget: string | Element): Promise<Ranking | null>;
  /** What the shop knows about the visitor (`attrs.*`; kept in memory only). */
  setAttributes(attrs: Record<string, unknown>): void;
  /** The shopper's stated preferences (`prefs.*`; `brand`, `category`, `tag`, `price: { min, max }` steer ranking). */
  setPreferences(prefs: Record<string, unknown>): void;
  /** Gives or withdraws consent to keep data in this browser (withdrawing erases it; anything but a boolean is ignored). */
  consent(granted: boolean): void;
  /** How data is kept right now. */
  storage(): StorageState;
  /** Everything kept about the visitor, as plain JSON (empty lists and a null profile when the engine is not running). */
  exportData(): ExportedData;
  /** Erases everything kept about the visitor, in this tab and every other. */
  forget(): void;
  /** Exposure, click and add-to-cart counters of personalized vs held-out widgets (zeros when the engine is not running). */
  report(): ExposureReport;
  /** Shows the engine where a shelf ranked with `rank()` is: exposed once seen, held still while on screen. Returns a function that stops observing it. */
  observe(element: Element, widgetId: string): () => void;
  /** Orders widgets again (e.g. after a framework re-rendered them). */
  refresh(root?: Element): void;
  /** Writes pending changes to storage now. */
  flush(): void;
  /** Listens to engine events; returns a function that stops listening. */
  on<K extends keyof ShelfwiseEvents>(type: K, callback: (detail: ShelfwiseEvents[K]) => void): () => void;
  /** Writes pending changes, then takes away every listener, observer, timer and hook of the engine (a tag manager's wrapper of `dataLayer.push` stays); later calls do nothing. */
  stop(): void;
}

/** Loads the WebAssembly once; needed before `evalCondition` in the browser (not in Node). */
export function init(wasm?: StartOptions['wasm']): Promise<void>;

/**
 * Loads the checking and explaining part of the engine (`shelfwise_tools_bg.wasm`) once, from
 * next to the package or from `wasm`. `validateConfig` and the `explain…` methods call it
 * themselves; call it first only to load it from elsewhere or ahead of time.
 */
export function loadTools(wasm?: StartOptions['wasm']): Promise<void>;

/** Starts personalization on this page. Never rejects. */
export function start(options?: StartOptions): Promise<Shelfwise>;

/** Evaluates a condition with GrowthBook's semantics (an unknown operator is false). */
export function evalCondition(
  condition: Record<string, unknown>,
  attributes: Record<string, unknown>,
  savedGroups?: Record<string, unknown[]>,
): boolean;

/** Checks a config; resolves to every error with its path and a suggestion (empty when valid). Loads the checker on first use. */
export function validateConfig(config: ConfigInput): Promise<ConfigError[]>;

declare global {
  /** The engine's DOM events, so `document.addEventListener('shelfwise:segments', …)` is typed. */
  interface DocumentEventMap {
    'shelfwise:segments': CustomEvent<SegmentsChange>;
    'shelfwise:exposure': CustomEvent<Exposure>;
    'shelfwise:ranking': CustomEvent<RankingChange>;
  }
  /** `shelfwise:exposure` is dispatched on the widget (or observed shelf) element, and bubbles. */
  interface HTMLElementEventMap {
    'shelfwise:exposure': CustomEvent<Exposure>;
  }
}
