//! Every class of config error is reported with its exact JSON path and a plain sentence,
//! all at once, and a config with errors never half-applies.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};
use shelfwise::core::config;
use shelfwise::core::json::Json;
use shelfwise::core::regex::NativeRegex;

fn errors(config: Value) -> Vec<String> {
    config::check_json(&Json::from(&config), &NativeRegex)
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn assert_error(config: Value, expected: &str) {
    let found = errors(config);
    assert!(
        found.iter().any(|e| e == expected),
        "expected {expected:?} among {found:#?}"
    );
}

#[test]
fn a_minimal_config_is_valid() {
    assert_eq!(errors(json!({ "version": 1 })), Vec::<String>::new());
}

#[test]
fn the_demo_config_is_valid() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/shelfwise.config.json"
    ))
    .unwrap();
    assert_eq!(
        errors(serde_json::from_str(&text).unwrap()),
        Vec::<String>::new()
    );
}

#[test]
fn not_json_and_wrong_version() {
    let e = config::check("{\"version\": 1,", &NativeRegex);
    assert!(
        e[0].to_string()
            .starts_with("(root): not valid JSON: the text ends too early at line 1, column"),
        "{e:?}"
    );
    assert_error(
        json!({ "version": 2 }),
        "version: this engine reads config version 1, got 2",
    );
    assert_error(json!({}), "(root): needs \"version\": 1");
    assert_error(json!([1]), "(root): must be an object, got an array of 1");
}

#[test]
fn wrong_types() {
    assert_error(
        json!({ "version": 1, "session": { "timeoutMinutes": "30" } }),
        "session.timeoutMinutes: must be a number from 1 to 1440, got \"30\"",
    );
    assert_error(
        json!({ "version": 1, "storage": { "consent": "maybe" } }),
        "storage.consent: must be one of \"not-required\", \"required\", got \"maybe\"",
    );
    assert_error(
        json!({ "version": 1, "tracking": { "dataLayer": "yes" } }),
        "tracking.dataLayer: must be true or false, got \"yes\"",
    );
    assert_error(
        json!({ "version": 1, "segments": {} }),
        "segments: must be an array of segments, got an object",
    );
    assert_error(
        json!({ "version": 1, "priceBands": [50, 25] }),
        "priceBands: must be a non-empty ascending array of positive prices, e.g. [25, 50, 100]",
    );
    assert_error(
        json!({ "version": 1, "widgets": { "home": { "rules": [{ "rule": "boost", "match": { "brand": 7 } }] } } }),
        "widgets.home.rules[0].match.brand: must be a string or an array of strings, got 7",
    );
}

#[test]
fn unknown_keys_with_suggestions() {
    assert_error(
        json!({ "version": 1, "segmnets": [] }),
        "segmnets: unknown key \"segmnets\" (did you mean \"segments\"?)",
    );
    assert_error(
        json!({ "version": 1, "segments": [{ "id": "a", "if": {}, "priorty": 2 }] }),
        "segments[0].priorty: unknown key \"priorty\" (did you mean \"priority\"?)",
    );
    assert_error(
        json!({ "version": 1, "strategy": { "rules": [{ "rule": "pin", "item": "x", "weight": 3 }] } }),
        "strategy.rules[0].weight: unknown key \"weight\"",
    );
}

#[test]
fn unknown_operators_name_the_exact_place() {
    let config = json!({ "version": 1, "segments": [
        { "id": "a", "if": {} }, { "id": "b", "if": {} }, { "id": "c", "if": {} },
        { "id": "d", "if": { "$and": [ { "cart.value": { "$gt": 1 } }, { "cart.value": { "$gtt": 100 } } ] } }
    ] });
    assert_error(
        config,
        "segments[3].if.$and[1].cart.value: unknown operator \"$gtt\" (did you mean \"$gt\"?)",
    );
}

#[test]
fn bad_windows() {
    let feature = |w: Value| json!({ "version": 1, "features": { "f": { "events": "view_item", "window": w } } });
    assert_error(
        feature(json!("7w")),
        "features.f.window: \"7w\" is not a window; use \"<n>d\", \"<n>h\", \"session\" or \"all\"",
    );
    assert_error(feature(json!("400d")), "features.f.window: \"400d\" is longer than the retention of 90 days (storage.retentionDays)");
    assert_error(
        feature(json!("100h")),
        "features.f.window: \"100h\": hour windows go up to 72h; use days",
    );
    assert_error(feature(json!("7дd")), "features.f.window: \"7дd\" is not a window; use \"<n>d\", \"<n>h\", \"session\" or \"all\"");
    assert_error(feature(json!(7)), "features.f.window: must be a window such as \"7d\", \"12h\", \"session\" or \"all\", got 7");
}

#[test]
fn unknown_features_and_attribute_groups() {
    let config = json!({ "version": 1,
        "features": { "shoeViews": { "events": "view_item", "window": "7d" } },
        "segments": [{ "id": "a", "if": { "$or": [ { "features.shoeView": { "$gte": 3 } }, { "cartt.value": 1 } ] } }] });
    assert_error(config.clone(), "segments[0].if.$or[0].features.shoeView: unknown feature \"shoeView\" (did you mean \"shoeViews\"?)");
    assert_error(config, "segments[0].if.$or[1].cartt.value: unknown attribute group \"cartt\"; shop-supplied attributes live under \"attrs.\" (did you mean \"cart\"?)");
}

#[test]
fn unknown_segment_references() {
    let config = json!({ "version": 1, "segments": [
        { "id": "runner", "if": { "affinity.top.category": "Shoes" } },
        { "id": "big", "if": { "segments": "runnr" } }
    ],
    "widgets": { "w": { "rules": [{ "rule": "boost", "match": { "brand": "X" }, "segments": ["runers"] }] } },
    "content": { "hero": { "variants": [{ "show": "x", "segments": "nobody" }] } } });
    assert_error(
        config.clone(),
        "segments[1].if.segments: refers to unknown segment \"runnr\" (did you mean \"runner\"?)",
    );
    assert_error(
        config.clone(),
        "widgets.w.rules[0].segments[0]: unknown segment \"runers\" (did you mean \"runner\"?)",
    );
    assert_error(
        config,
        "content.hero.variants[0].segments[0]: unknown segment \"nobody\"",
    );
}

#[test]
fn segment_cycles() {
    let config = json!({ "version": 1, "segments": [
        { "id": "a", "if": { "segments": "b" } },
        { "id": "b", "if": { "segments": { "$in": ["c"] } } },
        { "id": "c", "if": { "segments": "a" } }
    ] });
    assert_error(
        config,
        "segments[0].if: segments refer to each other in a cycle: a -> b -> c -> a",
    );
}

#[test]
fn every_error_is_reported_at_once() {
    let config = json!({ "version": 1,
        "session": { "timeoutMinutes": 0 },
        "segments": [{ "id": "a b", "if": { "x.y": { "$foo": 1 } } }],
        "holdout": { "percent": 150 } });
    let found = errors(config);
    assert!(found.len() >= 4, "{found:#?}");
}

#[test]
fn a_config_with_errors_never_half_applies() {
    // One bad segment among good ones: nothing is compiled.
    let config = json!({ "version": 1, "segments": [
        { "id": "good", "if": { "visit.returning": true } },
        { "id": "bad", "if": { "visit.count": { "$gtt": 1 } } }
    ] });
    assert!(config::compile_json(&Json::from(&config), &NativeRegex).is_err());
}
