//! The config's shape as Rust types, for the JSON Schema (and the TypeScript types made from it).
//!
//! The engine itself reads configs by hand (see [`super::reader`]) for exact error paths and a
//! small download; a test checks that every object here allows exactly the keys the reader allows.

use schemars::JsonSchema;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A Shelfwise config: segments, features and widget strategies for one shop.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(title = "ShelfwiseConfig")]
pub struct ConfigFile {
    /// Optional link to this schema, for editors.
    #[serde(rename = "$schema")]
    pub schema: Option<String>,
    /// Format version; must be 1.
    #[schemars(range(min = 1, max = 1))]
    pub version: u32,
    /// When a session ends.
    pub session: Option<SessionSettings>,
    /// What may be kept in the visitor's browser, and for how long.
    pub storage: Option<StorageSettings>,
    /// Where events come from besides `track()` calls.
    pub tracking: Option<TrackingSettings>,
    /// How interest (affinity) is scored.
    pub affinity: Option<AffinitySettings>,
    /// Upper bounds of price bands, ascending (default `[25, 50, 100, 250]`: bands `0-25` … `250+`).
    pub price_bands: Option<Vec<f64>>,
    /// Named groups of ids for `$inGroup` / `$notInGroup` (e.g. VIP customer ids the shop supplies): the ids, or their salted hashes so that the page does not list them.
    pub groups: Option<BTreeMap<String, GroupDef>>,
    /// Named aggregates over the visitor's events; conditions read them as `features.<name>`.
    pub features: Option<BTreeMap<String, FeatureDef>>,
    /// Segments, evaluated after every event.
    pub segments: Option<Vec<SegmentDef>>,
    /// The strategy of every widget that has none of its own.
    pub strategy: Option<StrategyDef>,
    /// Strategies by widget id (`data-sw-widget`); a widget's strategy overrides the keys it gives, the rest come from `strategy`.
    pub widgets: Option<BTreeMap<String, StrategyDef>>,
    /// "People also bought / viewed" relations: item id to related ids (strongest first) or to `{ id: strength }`.
    pub related: Option<BTreeMap<String, RelatedDef>>,
    /// Content slots (`data-sw-slot`): which variant (`data-sw-variant`) each segment sees.
    pub content: Option<BTreeMap<String, SlotDef>>,
    /// A share of visitors who see the original order everywhere, to measure uplift.
    pub holdout: Option<HoldoutSettings>,
    /// Exposure reporting.
    pub exposure: Option<ExposureSettings>,
    /// Log each event, segment change and reorder in the console.
    pub debug: Option<bool>,
    /// Write the visitor's segment ids on `<html data-sw-segments>` for CSS and the page's scripts (default false: every script on the page, third parties' included, could read them).
    pub segments_attribute: Option<bool>,
}

/// A group of ids for `$inGroup`.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum GroupDef {
    /// The ids in plain text (every visitor can read them in the page).
    Plain(Vec<Value>),
    /// The ids' salted SHA-256 digests (`npx shelfwise hash-groups` writes them).
    Hashed(HashedGroupDef),
}

/// A group given by the salted SHA-256 digests of its ids; a visitor's id is hashed on the device.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HashedGroupDef {
    /// The text put before each id when it is hashed.
    #[schemars(length(min = 1))]
    pub salt: String,
    /// SHA-256 of salt + id, in 64 hex digits, one per id.
    pub sha256: Vec<HexDigest>,
}

/// A SHA-256 digest in 64 hex digits.
#[derive(JsonSchema)]
pub struct HexDigest(#[schemars(regex(pattern = r"^[0-9a-fA-F]{64}$"))] pub String);

/// Session settings.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SessionSettings {
    /// Minutes of inactivity after which a new session starts (default 30, 1–1440). A new campaign (utm) also starts one.
    #[schemars(range(min = 1, max = 1440))]
    pub timeout_minutes: Option<f64>,
}

/// Whether storage needs consent.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ConsentSetting {
    /// Storage may be used without asking (default).
    NotRequired,
    /// Nothing is read or written until consent is given (a call, or Google Consent Mode's `personalization_storage`).
    Required,
}

/// Storage settings.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StorageSettings {
    /// Whether storing the profile needs consent (default `not-required`).
    pub consent: Option<ConsentSetting>,
    /// Treat `navigator.globalPrivacyControl` as a refusal of storage (default true).
    pub honor_global_privacy_control: Option<bool>,
    /// Days anything is kept (default 90, 1–730).
    #[schemars(range(min = 1, max = 730))]
    pub retention_days: Option<f64>,
    /// Keep the visitor's recent search terms (default true).
    pub keep_search_terms: Option<bool>,
    /// Without a Consent Mode `wait_for_update`: how long after the page starts loading marked
    /// widgets stay hidden waiting for the visitor's decision (`sw.consent()`), in ms (default 0: no wait).
    #[schemars(range(min = 0, max = 10000))]
    pub wait_for_consent_ms: Option<f64>,
    /// The longest marked widgets ever stay hidden waiting for the visitor's decision, whatever
    /// `wait_for_update` or `waitForConsentMs` says, in ms after the page starts loading (default 1000).
    #[schemars(range(min = 0, max = 10000))]
    pub max_wait_for_consent_ms: Option<f64>,
}

/// Tracking sources.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TrackingSettings {
    /// Read GA4 events pushed to `window.dataLayer` (default true).
    pub data_layer: Option<bool>,
    /// Track clicks on marked items as `select_item` (default true).
    pub clicks: Option<bool>,
    /// Track the product a page declares with `data-sw-product` as `view_item` (default true).
    pub product_page: Option<bool>,
    /// How `item_category2` … `item_category5` of GA4 items are read: `levels` of one path
    /// (default; GA4's meaning) or `separate` categories (Google Analytics for WooCommerce).
    pub item_categories: Option<ItemCategories>,
    /// Count a page view and follow the route when a single-page app navigates (`pushState`,
    /// `replaceState`, back and forward), without `page_view` calls (default false).
    pub history: Option<bool>,
}

/// How `item_category2` … `item_category5` are read.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ItemCategories {
    /// Levels of one path, broadest first: `Footwear`, `Hiking Boots` is `Footwear/Hiking Boots` (default).
    Levels,
    /// Separate categories the product belongs to: `Hoodies`, `Sale` are two categories.
    Separate,
}

/// Affinity settings.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AffinitySettings {
    /// Days after which an interest counts half (default 30).
    #[schemars(range(min = 0.01, max = 3650))]
    pub half_life_days: Option<f64>,
    /// Points per event kind.
    pub weights: Option<AffinityWeights>,
}

/// Affinity points each event kind adds to the item's category, brand, tags and price band.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AffinityWeights {
    /// Default 1.
    pub view_item: Option<f64>,
    /// Default 2.
    pub select_item: Option<f64>,
    /// Default 3.
    pub add_to_wishlist: Option<f64>,
    /// Default 5.
    pub add_to_cart: Option<f64>,
    /// Default 8.
    pub purchase: Option<f64>,
}

/// A string or a list of strings.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    /// One.
    One(String),
    /// Several.
    Many(Vec<String>),
}

/// Which items: every given facet must match; within a facet any value may (names ignore case).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemFilterDef {
    /// Category name at any level (`Running`) or path (`Shoes/Running`).
    pub category: Option<OneOrMany>,
    /// Brand.
    pub brand: Option<OneOrMany>,
    /// Tag.
    pub tag: Option<OneOrMany>,
    /// Item ids.
    pub ids: Option<OneOrMany>,
    /// Price range, inclusive.
    pub price: Option<PriceRange>,
}

/// A price range, inclusive.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceRange {
    /// Lowest price.
    pub min: Option<f64>,
    /// Highest price.
    pub max: Option<f64>,
}

/// What a feature adds up instead of counting events.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SumField {
    /// Money: price × quantity of matching items (the event's value when there is no `where`).
    Value,
    /// Quantity of matching items.
    Quantity,
}

/// A named aggregate: the count (or sum) of events matching a name and item filter within a window.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeatureDef {
    /// Event names counted (e.g. `view_item`); all events when absent.
    pub events: Option<OneOrMany>,
    /// Only events with at least one item matching this filter.
    #[serde(rename = "where")]
    pub filter: Option<ItemFilterDef>,
    /// `"session"`, `"all"`, `"<n>d"` (UTC days, today included) or `"<n>h"` (up to 72).
    #[schemars(regex(pattern = r"^(session|all|[1-9][0-9]*[dh])$"))]
    pub window: String,
    /// Add up this instead of counting events.
    pub sum: Option<SumField>,
}

/// A segment of visitors.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SegmentDef {
    /// Id: letters, digits, `-` and `_` (appears in `<html data-sw-segments>` and in targeting).
    #[schemars(regex(pattern = r"^[A-Za-z0-9_-]{1,64}$"))]
    pub id: String,
    /// Human name, shown in the debug overlay and the privacy panel.
    pub name: Option<String>,
    /// MongoDB-style condition over the attributes document (GrowthBook semantics).
    #[serde(rename = "if")]
    pub condition: Map<String, Value>,
    /// Higher wins when one content variant must be chosen (default 0).
    pub priority: Option<f64>,
}

/// How a widget is ranked.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StrategyDef {
    /// Scoring rules; an item's score is the sum of their points; ties keep the page's order.
    pub rules: Option<Vec<RuleDef>>,
    /// At most N items of one brand or category in a row, after scoring (`null` turns off an inherited one).
    pub diversity: Option<DiversityDef>,
    /// Hiding never leaves fewer items than this (default 4).
    pub min_items: Option<f64>,
    /// Let a widget on screen move right after an event, or when the engine starts after the first-paint guard let go (default false: it waits until it leaves the viewport).
    pub reorder_while_visible: Option<bool>,
}

/// Diversity after scoring.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DiversityDef {
    /// What must vary (default `brand`).
    pub by: Option<DiversityFacet>,
    /// Longest run of one value (default 2).
    pub max_in_a_row: Option<f64>,
}

/// What diversity varies.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DiversityFacet {
    /// The brand.
    Brand,
    /// The top-level category.
    Category,
}

/// Boost or bury.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BoostOrBury {
    /// Move forward.
    Boost,
    /// Move back.
    Bury,
}

/// Bury or hide.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BuryOrHide {
    /// Move back.
    Bury,
    /// Remove (keeping the widget's minimum count).
    Hide,
}

/// What related items are related to.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RelatedTo {
    /// Items in the cart (complements).
    Cart,
    /// Recently viewed items (most recent counts most).
    Viewed,
    /// Both.
    Both,
}

/// Affinity dimension.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AffinityDim {
    /// The item's category (any level).
    Category,
    /// The item's brand.
    Brand,
    /// The item's tags.
    Tag,
}

/// One scoring rule. Every rule may be targeted at `segments` (any of them); without, it applies to everyone.
#[derive(JsonSchema)]
#[serde(tag = "rule", rename_all = "camelCase", deny_unknown_fields)]
pub enum RuleDef {
    /// Adds `weight` (default 5) to items matching `match`.
    Boost {
        /// Which items.
        #[serde(rename = "match")]
        filter: ItemFilterDef,
        /// Points (default 5).
        weight: Option<f64>,
        /// Only for visitors in any of these segments.
        segments: Option<OneOrMany>,
    },
    /// Takes `weight` (default 5) from items matching `match`.
    Bury {
        /// Which items.
        #[serde(rename = "match")]
        filter: ItemFilterDef,
        /// Points (default 5).
        weight: Option<f64>,
        /// Only for visitors in any of these segments.
        segments: Option<OneOrMany>,
    },
    /// Adds weight (default 10) × the visitor's affinity for the item's category, brand and tags (each 0–1, relative to the visitor's strongest), averaged.
    Affinity {
        /// Dimensions (default all three).
        by: Option<Vec<AffinityDim>>,
        /// Points for a perfect match (default 10).
        weight: Option<f64>,
        /// Only for visitors in any of these segments.
        segments: Option<OneOrMany>,
    },
    /// Adds weight (default 20, above affinity) × the share of the shopper's stated preferences (`brand`, `category`, `tag`, `price`) the item matches.
    Preferences {
        /// Points for a perfect match (default 20).
        weight: Option<f64>,
        /// Only for visitors in any of these segments.
        segments: Option<OneOrMany>,
    },
    /// Recently viewed items: boost (default) or bury, the most recent by the full weight (default 5).
    RecentlyViewed {
        /// Boost or bury (default boost).
        action: Option<BoostOrBury>,
        /// Points for the most recent (default 5).
        weight: Option<f64>,
        /// Only for visitors in any of these segments.
        segments: Option<OneOrMany>,
    },
    /// Items already bought: bury by `weight` (default, for durables) or hide (for one-offs).
    Purchased {
        /// Bury or hide (default bury).
        action: Option<BuryOrHide>,
        /// Points taken when burying (default 5).
        weight: Option<f64>,
        /// Only for visitors in any of these segments.
        segments: Option<OneOrMany>,
    },
    /// Items related to the cart and/or recently viewed items, through `related` and `data-sw-related`.
    Related {
        /// Related to what (default cart).
        to: Option<RelatedTo>,
        /// Points for the strongest relation (default 5).
        weight: Option<f64>,
        /// Only for visitors in any of these segments.
        segments: Option<OneOrMany>,
    },
    /// Puts one item at a fixed 1-based position (after scoring and diversity).
    Pin {
        /// The item id.
        item: String,
        /// 1-based position (default 1).
        position: Option<f64>,
        /// Only for visitors in any of these segments.
        segments: Option<OneOrMany>,
    },
    /// Removes items matching `match`, never below the strategy's `minItems`.
    Hide {
        /// Which items.
        #[serde(rename = "match")]
        filter: ItemFilterDef,
        /// Only for visitors in any of these segments.
        segments: Option<OneOrMany>,
    },
}

/// Related ids, strongest first, or ids with strengths.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum RelatedDef {
    /// Strongest first.
    Ranked(Vec<String>),
    /// Id to positive strength.
    Weighted(BTreeMap<String, f64>),
}

/// A content slot.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlotDef {
    /// Candidates; the one whose segment has the highest priority wins.
    pub variants: Vec<VariantDef>,
    /// What everyone else sees (default `default`).
    pub default: Option<String>,
}

/// A content variant.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VariantDef {
    /// The `data-sw-variant` to show.
    pub show: String,
    /// Visitors in any of these segments see it.
    pub segments: OneOrMany,
}

/// Holdout.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HoldoutSettings {
    /// Percent of visitors (0–100, by a random id kept locally) who see the original order.
    #[schemars(range(min = 0, max = 100))]
    pub percent: Option<f64>,
}

/// Exposure reporting.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ExposureSettings {
    /// Also push `{ event: "shelfwise_exposure" }` to `window.dataLayer` (default false).
    pub data_layer: Option<bool>,
}

/// The JSON Schema of the config.
pub fn json_schema() -> Value {
    serde_json::to_value(schemars::schema_for!(ConfigFile)).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::{filter, strategy, *};

    fn props<'a>(schema: &'a Value, def: &str) -> Vec<&'a str> {
        let node = if def.is_empty() {
            schema
        } else {
            &schema["$defs"][def]
        };
        let mut keys: Vec<&str> = node["properties"]
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        keys.sort_unstable();
        keys
    }

    fn sorted<'a>(keys: &[&'a str]) -> Vec<&'a str> {
        let mut k = keys.to_vec();
        k.sort_unstable();
        k
    }

    #[test]
    fn schema_allows_exactly_the_keys_the_reader_allows() {
        let s = json_schema();
        let cases: [(&str, &[&str]); 13] = [
            ("", &TOP_KEYS),
            ("SessionSettings", &SESSION_KEYS),
            ("StorageSettings", &STORAGE_KEYS),
            ("TrackingSettings", &TRACKING_KEYS),
            ("AffinitySettings", &AFFINITY_KEYS),
            ("FeatureDef", &FEATURE_KEYS),
            ("SegmentDef", &SEGMENT_KEYS),
            ("SlotDef", &SLOT_KEYS),
            ("VariantDef", &VARIANT_KEYS),
            ("HoldoutSettings", &HOLDOUT_KEYS),
            ("ItemFilterDef", &filter::FILTER_KEYS),
            ("StrategyDef", &strategy::STRATEGY_KEYS),
            ("HashedGroupDef", &crate::core::condition::HASHED_GROUP_KEYS),
        ];
        for (def, keys) in cases {
            assert_eq!(props(&s, def), sorted(keys), "keys of {def}");
        }
        assert_eq!(props(&s, "ExposureSettings"), sorted(&EXPOSURE_KEYS));
        assert_eq!(props(&s, "DiversityDef"), sorted(&strategy::DIVERSITY_KEYS));
        let weights: Vec<&str> = AFFINITY_EVENTS.iter().map(|(k, _)| *k).collect();
        assert_eq!(props(&s, "AffinityWeights"), sorted(&weights));
        let rules: Vec<&str> = s["$defs"]["RuleDef"]["oneOf"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|r| r["properties"]["rule"]["const"].as_str())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(sorted(&rules), sorted(&strategy::RULE_NAMES));
    }
}
