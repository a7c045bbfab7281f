//! The shop's JSON config: read by hand, checked as a whole, and compiled once into the
//! [`Program`] the engine runs on.
//!
//! With the `tooling` feature every problem is reported with its exact JSON path and a plain
//! sentence (with a suggestion for near misses); the browser's runtime build keeps only the
//! first problem's path (see [`crate::core::error`]).
//!
//! ```
//! use shelfwise::core::config;
//! use shelfwise::core::regex::NativeRegex;
//!
//! let program = config::compile(r#"{"version": 1, "segments": [
//!     {"id": "big-cart", "if": {"cart.value": {"$gt": 100}}}
//! ]}"#, &NativeRegex).unwrap();
//! assert_eq!(program.segments[0].id, "big-cart");
//!
//! let errors = config::check(r#"{"version": 1, "segments": [{"id": "x", "if": {"cart.value": {"$gtt": 1}}}]}"#, &NativeRegex);
//! assert_eq!(errors[0].path, "segments[0].if.cart.value");
//! ```

mod content;
mod features;
pub mod filter;
pub mod reader;
mod related;
#[cfg(feature = "schema")]
pub mod schema;
mod segments;
pub mod strategy;

use crate::core::condition::{parse_hex, HASHED_GROUP_KEYS};
use crate::core::error::{ConfigError, Error, Errors, Path};
use crate::core::event::describe;
use crate::core::gather::Gather;
use crate::core::item::CategoryFields;
use crate::core::json::{Json, Obj};
use crate::core::program::{Consent, Program};
use crate::core::regex::RegexEngine;
use reader::{is_plain_id, Members};

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
pub const STORAGE_KEYS: [&str; 6] = [
    "consent",
    "honorGlobalPrivacyControl",
    "retentionDays",
    "keepSearchTerms",
    "waitForConsentMs",
    "maxWaitForConsentMs",
];
/// Keys of `tracking`.
pub const TRACKING_KEYS: [&str; 5] = [
    "dataLayer",
    "clicks",
    "productPage",
    "itemCategories",
    "history",
];
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
/// Event kinds that carry affinity weight, with their defaults (in `Action` order).
pub const AFFINITY_EVENTS: [(&str, f64); 5] = [
    ("view_item", 1.0),
    ("select_item", 2.0),
    ("add_to_cart", 5.0),
    ("add_to_wishlist", 3.0),
    ("purchase", 8.0),
];

/// Compiles config text into a program; on problems, says where (every problem with the
/// `tooling` feature, the first one without).
pub fn compile(text: &str, re: &dyn RegexEngine) -> Result<Program, Error> {
    match Json::parse(text) {
        Ok(v) => compile_json(&v, re),
        Err(e) => Err(Error::Config(vec![ConfigError {
            path: String::new(),
            message: crate::cat!("not valid JSON: ", e.message()),
        }])),
    }
}

/// Compiles a parsed config into a program.
pub fn compile_json(v: &Json, re: &dyn RegexEngine) -> Result<Program, Error> {
    let mut errors = Errors::default();
    let program = read(v, re, &mut errors);
    match program {
        Some(p) if errors.is_empty() => Ok(p),
        _ => Err(Error::Config(errors.into_list())),
    }
}

/// Every problem of config text, each with its path (empty when the config is valid).
pub fn check(text: &str, re: &dyn RegexEngine) -> Vec<ConfigError> {
    match compile(text, re) {
        Ok(_) => Vec::new(),
        Err(Error::Config(list)) => list,
        Err(other) => vec![ConfigError {
            path: String::new(),
            message: other.message(),
        }],
    }
}

/// Every problem of a parsed config (empty when it is valid).
pub fn check_json(v: &Json, re: &dyn RegexEngine) -> Vec<ConfigError> {
    match compile_json(v, re) {
        Ok(_) => Vec::new(),
        Err(Error::Config(list)) => list,
        Err(other) => vec![ConfigError {
            path: String::new(),
            message: other.message(),
        }],
    }
}

fn section<'v, 'p>(
    o: &Members<'v, '_>,
    key: &str,
    at: &'p Path<'p>,
    keys: &[&str],
    errors: &mut Errors,
) -> Option<Members<'v, 'p>> {
    o.get(key).and_then(|v| Members::new(v, at, keys, errors))
}

fn read(v: &Json, re: &dyn RegexEngine, errors: &mut Errors) -> Option<Program> {
    let root = Path::Root;
    let top = Members::new(v, &root, &TOP_KEYS, errors)?;
    match top.get("version") {
        Some(Json::Num(n)) if *n == f64::from(VERSION) => {}
        Some(other) => errors.at(&top.at("version"), || {
            format!(
                "this engine reads config version {VERSION}, got {}",
                describe(other)
            )
        }),
        None => errors.at(top.path, || format!("needs \"version\": {VERSION}")),
    }
    let mut c = Program::default();
    let at = top.at("session");
    if let Some(s) = section(&top, "session", &at, &SESSION_KEYS, errors) {
        c.rules.session_timeout_ms =
            (s.num("timeoutMinutes", 30.0, 1.0, 1440.0, errors) * 60_000.0) as i64;
    }
    let at = top.at("storage");
    if let Some(s) = section(&top, "storage", &at, &STORAGE_KEYS, errors) {
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
        c.rules.retention_days = s.num("retentionDays", 90.0, 1.0, 730.0, errors) as u32;
        c.rules.keep_search_terms = s.bool("keepSearchTerms", true, errors);
        c.wait_for_consent_ms = s.num("waitForConsentMs", 0.0, 0.0, 10_000.0, errors) as i64;
        c.max_wait_for_consent_ms =
            s.num("maxWaitForConsentMs", 1000.0, 0.0, 10_000.0, errors) as i64;
    }
    let at = top.at("tracking");
    if let Some(t) = section(&top, "tracking", &at, &TRACKING_KEYS, errors) {
        c.track_data_layer = t.bool("dataLayer", true, errors);
        c.track_clicks = t.bool("clicks", true, errors);
        c.track_product_page = t.bool("productPage", true, errors);
        c.categories = match t.choice("itemCategories", &["levels", "separate"], "levels", errors) {
            "separate" => CategoryFields::Separate,
            _ => CategoryFields::Levels,
        };
        c.track_history = t.bool("history", false, errors);
    }
    let at = top.at("affinity");
    if let Some(a) = section(&top, "affinity", &at, &AFFINITY_KEYS, errors) {
        c.rules.half_life_ms = a.num("halfLifeDays", 30.0, 0.01, 3650.0, errors) * 86_400_000.0;
        if let Some(w) = a.get("weights") {
            let names: Vec<&str> = AFFINITY_EVENTS.iter().map(|(k, _)| *k).gather();
            let wat = a.at("weights");
            if let Some(w) = Members::new(w, &wat, &names, errors) {
                for (i, (name, d)) in AFFINITY_EVENTS.iter().enumerate() {
                    c.rules.weights[i] = w.num(name, *d, 0.0, 1000.0, errors);
                }
            }
        }
    }
    c.rules.price_bands = read_price_bands(&top, errors);
    let groups = match top.get("groups") {
        Some(g) => read_groups(g, &top.at("groups"), errors),
        None => Obj::new(),
    };
    c.rules.features = features::read_features(&top, c.rules.retention_days, errors);
    c.segments = segments::read_segments(
        &top,
        &c.rules.features,
        &groups,
        re,
        &mut c.conds,
        &mut c.slots,
        errors,
    );
    let ids: Vec<&str> = c.segments.iter().map(|s| s.id.as_str()).gather();
    if let Some(s) = top.get("strategy") {
        c.default_strategy = strategy::read_strategy(
            s,
            &top.at("strategy"),
            &crate::core::program::strategy::builtin_default(),
            &ids,
            errors,
        );
    }
    if let Some(w) = top.get("widgets") {
        let wat = top.at("widgets");
        match w {
            Json::Obj(m) => {
                for (id, s) in m.iter() {
                    let p = wat.key(id);
                    if !is_plain_id(id) {
                        errors.say(
                            &p,
                            "widget ids are letters, digits, - and _ (as in data-sw-widget)",
                        );
                    }
                    let st = strategy::read_strategy(s, &p, &c.default_strategy, &ids, errors);
                    c.widgets.push((id.to_string(), st));
                }
            }
            other => errors.at(&wat, || {
                format!(
                    "must be an object of widget id to strategy, got {}",
                    describe(other)
                )
            }),
        }
    }
    if let Some(r) = top.get("related") {
        c.related = related::read_related(r, &top.at("related"), errors);
    }
    if let Some(s) = top.get("content") {
        c.content = content::read_content(s, &top.at("content"), &ids, errors);
    }
    let at = top.at("holdout");
    if let Some(h) = section(&top, "holdout", &at, &HOLDOUT_KEYS, errors) {
        c.holdout_percent = h.num("percent", 0.0, 0.0, 100.0, errors);
    }
    let at = top.at("exposure");
    if let Some(e) = section(&top, "exposure", &at, &EXPOSURE_KEYS, errors) {
        c.exposure_to_data_layer = e.bool("dataLayer", false, errors);
    }
    c.debug = top.bool("debug", false, errors);
    c.segments_attribute = top.bool("segmentsAttribute", false, errors);
    Some(c)
}

fn read_price_bands(top: &Members, errors: &mut Errors) -> Vec<f64> {
    let default = crate::core::profile::DEFAULT_PRICE_BANDS.to_vec();
    let Some(v) = top.get("priceBands") else {
        return default;
    };
    let path = top.at("priceBands");
    let Json::Arr(a) = v else {
        errors.at(&path, || {
            format!("must be an ascending array of prices, got {}", describe(v))
        });
        return default;
    };
    let bands: Vec<f64> = a.iter().filter_map(Json::as_f64).gather();
    if bands.len() != a.len()
        || bands.is_empty()
        || bands.windows(2).any(|w| w[0] >= w[1])
        || bands[0] <= 0.0
    {
        errors.say(
            &path,
            "must be a non-empty ascending array of positive prices, e.g. [25, 50, 100]",
        );
        return default;
    }
    bands
}

fn read_groups(v: &Json, path: &Path, errors: &mut Errors) -> Obj {
    let Json::Obj(m) = v else {
        errors.at(path, || {
            format!(
                "must be an object of group name to id list, got {}",
                describe(v)
            )
        });
        return Obj::new();
    };
    for (k, group) in m.iter() {
        match group {
            Json::Arr(_) => {}
            Json::Obj(_) => read_hashed_group(group, &path.key(k), errors),
            other => errors.at(&path.key(k), || {
                format!(
                    "must be an array of ids or a hashed group {{ \"salt\", \"sha256\" }}, got {}",
                    describe(other)
                )
            }),
        }
    }
    m.clone()
}

/// Checks a hashed group: `{ "salt": "…", "sha256": ["<64 hex digits>", …] }`.
fn read_hashed_group(v: &Json, path: &Path, errors: &mut Errors) {
    let Some(o) = Members::new(v, path, &HASHED_GROUP_KEYS, errors) else {
        return;
    };
    match o.get("salt") {
        Some(Json::Str(s)) if !s.is_empty() => {}
        Some(other) => errors.at(&o.at("salt"), || {
            format!(
                "must be the non-empty text the ids were hashed with, got {}",
                describe(other)
            )
        }),
        None => errors.at(path, || {
            "a hashed group needs \"salt\": the text its ids were hashed with".to_string()
        }),
    }
    let digest =
        "a SHA-256 digest of salt + id in 64 hex digits (`npx shelfwise hash-groups` writes them)";
    match o.get("sha256") {
        Some(Json::Arr(list)) => {
            for (i, d) in list.iter().enumerate() {
                if d.as_str().and_then(parse_hex).is_none() {
                    errors.at(&o.at("sha256").index(i), || {
                        format!("must be {digest}, got {}", describe(d))
                    });
                }
            }
        }
        Some(other) => errors.at(&o.at("sha256"), || {
            format!(
                "must be an array, each item {digest}; got {}",
                describe(other)
            )
        }),
        None => errors.at(path, || {
            format!("a hashed group needs \"sha256\": an array, each item {digest}")
        }),
    }
}

/// FNV-1a digest of `s`, stable across builds (used to tell changed definitions apart).
pub fn digest(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}
