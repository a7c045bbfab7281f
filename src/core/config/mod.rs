//! The shop's JSON config: read by hand (every error with its exact path), checked as a
//! whole, and compiled once into the fast form the engine runs on.

mod content;
mod features;
pub mod filter;
pub mod reader;
mod related;
#[cfg(feature = "schema")]
pub mod schema;
mod segments;
pub mod strategy;

use crate::core::condition::{parse_hex, Condition, HASHED_GROUP_KEYS};
use crate::core::error::{ConfigError, JsonPath};
use crate::core::event::describe;
use crate::core::regex::RegexEngine;
pub use filter::{ItemFilter, Window};
use reader::{is_plain_id, Errors, Obj};
use serde_json::{Map, Value};
use std::collections::HashMap;
pub use strategy::{Facet, Rule, RuleKind, Strategy};

/// The config format version this engine reads.
pub const VERSION: u32 = 1;

/// The keys allowed at the top of a config.
pub const TOP_KEYS: [&str; 18] = [
    "$schema",
    "version",
    "session",
    "storage",
    "tracking",
    "affinity",
    "priceBands",
    "groups",
    "features",
    "segments",
    "strategy",
    "widgets",
    "related",
    "content",
    "holdout",
    "exposure",
    "debug",
    "segmentsAttribute",
];
/// Keys of `session`.
pub const SESSION_KEYS: [&str; 1] = ["timeoutMinutes"];
/// Keys of `storage`.
pub const STORAGE_KEYS: [&str; 4] = [
    "consent",
    "honorGlobalPrivacyControl",
    "retentionDays",
    "keepSearchTerms",
];
/// Keys of `tracking`.
pub const TRACKING_KEYS: [&str; 3] = ["dataLayer", "clicks", "productPage"];
/// Keys of `affinity`.
pub const AFFINITY_KEYS: [&str; 2] = ["halfLifeDays", "weights"];
/// Keys of a feature.
pub const FEATURE_KEYS: [&str; 4] = ["events", "where", "window", "sum"];
/// Keys of a segment.
pub const SEGMENT_KEYS: [&str; 4] = ["id", "name", "if", "priority"];
/// Keys of a content slot.
pub const SLOT_KEYS: [&str; 2] = ["variants", "default"];
/// Keys of a content variant.
pub const VARIANT_KEYS: [&str; 2] = ["show", "segments"];
/// Keys of `holdout`.
pub const HOLDOUT_KEYS: [&str; 1] = ["percent"];
/// Keys of `exposure`.
pub const EXPOSURE_KEYS: [&str; 1] = ["dataLayer"];
/// Event kinds that carry affinity weight, with their defaults.
pub const AFFINITY_EVENTS: [(&str, f64); 5] = [
    ("view_item", 1.0),
    ("select_item", 2.0),
    ("add_to_wishlist", 3.0),
    ("add_to_cart", 5.0),
    ("purchase", 8.0),
];

/// Upper bounds of the default price bands.
pub const DEFAULT_PRICE_BANDS: [f64; 4] = [25.0, 50.0, 100.0, 250.0];

/// What a feature adds up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// Number of matching events.
    Count,
    /// Money: price × quantity of matching items (or the event value without a filter).
    Value,
    /// Quantity of matching items.
    Quantity,
}

/// A named aggregate over the visitor's events.
#[derive(Clone, Debug, PartialEq)]
pub struct Feature {
    /// Its name; conditions read it as `features.<id>`.
    pub id: String,
    /// Event names it counts; empty means all.
    pub events: Vec<String>,
    /// Which items count; `None` means any event counts whole.
    pub filter: Option<ItemFilter>,
    /// How far back it looks.
    pub window: Window,
    /// What it adds up.
    pub measure: Measure,
    /// A digest of the definition: stored counts are dropped when the definition changes.
    pub signature: u32,
}

/// A named segment of visitors.
pub struct Segment {
    /// Id used in targeting, CSS and conditions (`segments`).
    pub id: String,
    /// Human name for the debug overlay and the privacy panel.
    pub name: String,
    /// Membership condition.
    pub condition: Condition,
    /// Higher wins when one content variant must be chosen.
    pub priority: f64,
}

/// A content variant and the segments it is for.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// The `data-sw-variant` value to show.
    pub show: String,
    /// Segments it is for.
    pub segments: Vec<String>,
}

/// A content slot: variants per segment and a default.
#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    /// Candidates, in order.
    pub variants: Vec<Variant>,
    /// What everyone else sees.
    pub default: String,
}

/// Where consent for storage comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Consent {
    /// Storage may be used without asking.
    NotRequired,
    /// Nothing is read or written until consent is given.
    Required,
}

/// A validated, compiled config.
pub struct Config {
    /// Inactivity after which a new session starts, in ms.
    pub session_timeout_ms: i64,
    /// Whether storage needs consent.
    pub consent: Consent,
    /// Whether `navigator.globalPrivacyControl` refuses storage.
    pub honor_gpc: bool,
    /// How long anything is kept, in days.
    pub retention_days: u32,
    /// Whether search terms are kept.
    pub keep_search_terms: bool,
    /// Read `window.dataLayer`.
    pub track_data_layer: bool,
    /// Track clicks on marked items as `select_item`.
    pub track_clicks: bool,
    /// Track a page's declared product as `view_item`.
    pub track_product_page: bool,
    /// Affinity half-life in ms.
    pub half_life_ms: f64,
    /// Affinity points per event kind.
    pub affinity_weights: HashMap<String, f64>,
    /// Upper bounds of price bands, ascending.
    pub price_bands: Vec<f64>,
    /// Named id groups for `$inGroup`.
    pub groups: Map<String, Value>,
    /// Features, in config order.
    pub features: Vec<Feature>,
    /// Feature indices by the event name they count (`""` for features counting every event).
    feature_index: HashMap<String, Vec<usize>>,
    /// Segments in evaluation order (a segment comes after those it refers to).
    pub segments: Vec<Segment>,
    /// The attribute paths segment conditions read (only these are built after an event).
    pub segment_needs: crate::core::attributes::Needs,
    /// Strategy for widgets without their own.
    pub default_strategy: Strategy,
    /// Strategies by widget id.
    pub widgets: HashMap<String, Strategy>,
    /// Related items by item id, with strengths in (0, 1].
    pub related: HashMap<String, Vec<(String, f64)>>,
    /// Content slots by id.
    pub content: HashMap<String, Slot>,
    /// Share of visitors (0–100) who see the original order.
    pub holdout_percent: f64,
    /// Push exposure events to `window.dataLayer`.
    pub exposure_to_data_layer: bool,
    /// Log each event, segment change and reorder.
    pub debug: bool,
    /// Write the segment ids on `<html data-sw-segments>` (every script of the page can read them).
    pub segments_attribute: bool,
}

impl Config {
    /// Parses and checks config text; on any error, returns all of them.
    pub fn parse(text: &str, re: &dyn RegexEngine) -> Result<Config, Vec<ConfigError>> {
        match serde_json::from_str::<Value>(text) {
            Ok(v) => Config::from_value(&v, re),
            Err(e) => Err(vec![ConfigError {
                path: String::new(),
                message: format!("not valid JSON: {}", crate::core::error::json_error(&e)),
            }]),
        }
    }

    /// Checks a parsed config; on any error, returns all of them.
    pub fn from_value(v: &Value, re: &dyn RegexEngine) -> Result<Config, Vec<ConfigError>> {
        let mut errors = Errors::default();
        let config = read(v, re, &mut errors);
        match config {
            Some(c) if errors.0.is_empty() => Ok(c),
            _ => Err(errors.0),
        }
    }

    /// The strategy for `widget`.
    pub fn strategy(&self, widget: &str) -> &Strategy {
        self.widgets.get(widget).unwrap_or(&self.default_strategy)
    }

    /// The features an event named `event` counts towards.
    pub fn features_for<'a>(&'a self, event: &str) -> impl Iterator<Item = &'a Feature> + 'a {
        let named = self.feature_index.get(event).into_iter().flatten();
        let any = self.feature_index.get("").into_iter().flatten();
        let mut idx: Vec<usize> = named.chain(any).copied().collect();
        crate::core::sort::insertion_sort_by(&mut idx, |a, b| a < b);
        idx.into_iter().filter_map(move |i| self.features.get(i))
    }

    /// A config with every default and nothing defined (the engine's behaviour without config).
    pub fn empty() -> Config {
        defaults()
    }
}

fn defaults() -> Config {
    Config {
        session_timeout_ms: 30 * 60_000,
        consent: Consent::NotRequired,
        honor_gpc: true,
        retention_days: 90,
        keep_search_terms: true,
        track_data_layer: true,
        track_clicks: true,
        track_product_page: true,
        half_life_ms: 30.0 * 86_400_000.0,
        affinity_weights: AFFINITY_EVENTS
            .iter()
            .map(|(k, w)| (k.to_string(), *w))
            .collect(),
        price_bands: DEFAULT_PRICE_BANDS.to_vec(),
        groups: Map::new(),
        features: Vec::new(),
        feature_index: HashMap::new(),
        segments: Vec::new(),
        segment_needs: crate::core::attributes::Needs::default(),
        default_strategy: strategy::builtin_default(),
        widgets: HashMap::new(),
        related: HashMap::new(),
        content: HashMap::new(),
        holdout_percent: 0.0,
        exposure_to_data_layer: false,
        debug: false,
        segments_attribute: false,
    }
}

fn section<'v>(o: &Obj<'v>, key: &str, keys: &[&str], errors: &mut Errors) -> Option<Obj<'v>> {
    o.get(key)
        .and_then(|v| Obj::new(v, o.at(key), keys, errors))
}

fn read(v: &Value, re: &dyn RegexEngine, errors: &mut Errors) -> Option<Config> {
    let top = Obj::new(v, JsonPath::root(), &TOP_KEYS, errors)?;
    match top.get("version") {
        Some(Value::Number(n)) if n.as_u64() == Some(u64::from(VERSION)) => {}
        Some(other) => errors.at(
            &top.at("version"),
            format!(
                "this engine reads config version {VERSION}, got {}",
                describe(other)
            ),
        ),
        None => errors.at(&top.path, format!("needs \"version\": {VERSION}")),
    }
    let mut c = defaults();
    if let Some(s) = section(&top, "session", &SESSION_KEYS, errors) {
        c.session_timeout_ms =
            (s.num("timeoutMinutes", 30.0, 1.0, 1440.0, errors) * 60_000.0) as i64;
    }
    if let Some(s) = section(&top, "storage", &STORAGE_KEYS, errors) {
        let consent = s.choice(
            "consent",
            &["not-required", "required"],
            "not-required",
            errors,
        );
        c.consent = if consent == "required" {
            Consent::Required
        } else {
            Consent::NotRequired
        };
        c.honor_gpc = s.bool("honorGlobalPrivacyControl", true, errors);
        c.retention_days = s.num("retentionDays", 90.0, 1.0, 730.0, errors) as u32;
        c.keep_search_terms = s.bool("keepSearchTerms", true, errors);
    }
    if let Some(t) = section(&top, "tracking", &TRACKING_KEYS, errors) {
        c.track_data_layer = t.bool("dataLayer", true, errors);
        c.track_clicks = t.bool("clicks", true, errors);
        c.track_product_page = t.bool("productPage", true, errors);
    }
    if let Some(a) = section(&top, "affinity", &AFFINITY_KEYS, errors) {
        c.half_life_ms = a.num("halfLifeDays", 30.0, 0.01, 3650.0, errors) * 86_400_000.0;
        if let Some(w) = a.get("weights") {
            let names: Vec<&str> = AFFINITY_EVENTS.iter().map(|(k, _)| *k).collect();
            if let Some(w) = Obj::new(w, a.at("weights"), &names, errors) {
                for name in &names {
                    let d = c.affinity_weights.get(*name).copied().unwrap_or(0.0);
                    c.affinity_weights
                        .insert(name.to_string(), w.num(name, d, 0.0, 1000.0, errors));
                }
            }
        }
    }
    c.price_bands = read_price_bands(&top, errors);
    if let Some(g) = top.get("groups") {
        c.groups = read_groups(g, top.at("groups"), errors);
    }
    c.features = features::read_features(&top, c.retention_days, errors);
    for (i, f) in c.features.iter().enumerate() {
        if f.events.is_empty() {
            c.feature_index.entry(String::new()).or_default().push(i);
        }
        for e in &f.events {
            c.feature_index.entry(e.clone()).or_default().push(i);
        }
    }
    c.segments = segments::read_segments(&top, &c.features, &c.groups, re, errors);
    let paths: Vec<String> = c
        .segments
        .iter()
        .flat_map(|s| s.condition.paths())
        .collect();
    c.segment_needs = crate::core::attributes::Needs::of(paths.iter().map(String::as_str));
    let ids: Vec<&str> = c.segments.iter().map(|s| s.id.as_str()).collect();
    if let Some(s) = top.get("strategy") {
        c.default_strategy = strategy::parse_strategy(
            s,
            top.at("strategy"),
            &strategy::builtin_default(),
            &ids,
            errors,
        );
    }
    if let Some(w) = top.get("widgets") {
        match w {
            Value::Object(m) => {
                for (id, s) in m {
                    let p = top.at("widgets").key(id);
                    if !is_plain_id(id) {
                        errors.at(
                            &p,
                            "widget ids are letters, digits, - and _ (as in data-sw-widget)",
                        );
                    }
                    c.widgets.insert(
                        id.clone(),
                        strategy::parse_strategy(s, p, &c.default_strategy, &ids, errors),
                    );
                }
            }
            other => errors.at(
                &top.at("widgets"),
                format!(
                    "must be an object of widget id to strategy, got {}",
                    describe(other)
                ),
            ),
        }
    }
    if let Some(r) = top.get("related") {
        c.related = related::read_related(r, top.at("related"), errors);
    }
    if let Some(s) = top.get("content") {
        c.content = content::read_content(s, top.at("content"), &ids, errors);
    }
    if let Some(h) = section(&top, "holdout", &HOLDOUT_KEYS, errors) {
        c.holdout_percent = h.num("percent", 0.0, 0.0, 100.0, errors);
    }
    if let Some(e) = section(&top, "exposure", &EXPOSURE_KEYS, errors) {
        c.exposure_to_data_layer = e.bool("dataLayer", false, errors);
    }
    c.debug = top.bool("debug", false, errors);
    c.segments_attribute = top.bool("segmentsAttribute", false, errors);
    Some(c)
}

fn read_price_bands(top: &Obj, errors: &mut Errors) -> Vec<f64> {
    let default = DEFAULT_PRICE_BANDS.to_vec();
    let Some(v) = top.get("priceBands") else {
        return default;
    };
    let path = top.at("priceBands");
    let Value::Array(a) = v else {
        errors.at(
            &path,
            format!("must be an ascending array of prices, got {}", describe(v)),
        );
        return default;
    };
    let bands: Vec<f64> = a.iter().filter_map(Value::as_f64).collect();
    if bands.len() != a.len()
        || bands.is_empty()
        || bands.windows(2).any(|w| w[0] >= w[1])
        || bands[0] <= 0.0
    {
        errors.at(
            &path,
            "must be a non-empty ascending array of positive prices, e.g. [25, 50, 100]",
        );
        return default;
    }
    bands
}

fn read_groups(v: &Value, path: JsonPath, errors: &mut Errors) -> Map<String, Value> {
    let Value::Object(m) = v else {
        errors.at(
            &path,
            format!(
                "must be an object of group name to id list, got {}",
                describe(v)
            ),
        );
        return Map::new();
    };
    for (k, group) in m {
        match group {
            Value::Array(_) => {}
            Value::Object(_) => read_hashed_group(group, path.key(k), errors),
            other => errors.at(
                &path.key(k),
                format!(
                    "must be an array of ids or a hashed group {{ \"salt\", \"sha256\" }}, got {}",
                    describe(other)
                ),
            ),
        }
    }
    m.clone()
}

/// Checks a hashed group: `{ "salt": "…", "sha256": ["<64 hex digits>", …] }`.
fn read_hashed_group(v: &Value, path: JsonPath, errors: &mut Errors) {
    let Some(o) = Obj::new(v, path, &HASHED_GROUP_KEYS, errors) else {
        return;
    };
    match o.get("salt") {
        Some(Value::String(s)) if !s.is_empty() => {}
        Some(other) => errors.at(
            &o.at("salt"),
            format!(
                "must be the non-empty text the ids were hashed with, got {}",
                describe(other)
            ),
        ),
        None => errors.at(
            &o.path,
            "a hashed group needs \"salt\": the text its ids were hashed with",
        ),
    }
    let digest =
        "a SHA-256 digest of salt + id in 64 hex digits (`npx shelfwise hash-groups` writes them)";
    match o.get("sha256") {
        Some(Value::Array(list)) => {
            for (i, d) in list.iter().enumerate() {
                if d.as_str().and_then(parse_hex).is_none() {
                    errors.at(
                        &o.at("sha256").index(i),
                        format!("must be {digest}, got {}", describe(d)),
                    );
                }
            }
        }
        Some(other) => errors.at(
            &o.at("sha256"),
            format!(
                "must be an array, each item {digest}; got {}",
                describe(other)
            ),
        ),
        None => errors.at(
            &o.path,
            format!("a hashed group needs \"sha256\": an array, each item {digest}"),
        ),
    }
}

/// FNV-1a digest of `s`, stable across builds (used to tell changed definitions apart).
pub fn digest(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}
