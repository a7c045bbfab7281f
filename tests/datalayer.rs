//! The dataLayer shapes of common storefront set-ups (tests/fixtures/datalayer/, each with what
//! it is based on) read right: every push through the engine's dataLayer reader, under the
//! config's `tracking.itemCategories`, gives the product its categories, in affinity, in the
//! cart and for ranking.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};
use shelfwise::core::attributes::Context;
use shelfwise::core::config;
use shelfwise::core::datalayer::{read_entry, Entry};
use shelfwise::core::engine::Engine;
use shelfwise::core::event::Event;
use shelfwise::core::json::Json;
use shelfwise::core::profile::Profile;
use shelfwise::core::rank::parse_items;
use shelfwise::core::regex::NativeRegex;
use std::path::PathBuf;

const T0: i64 = 1_700_000_000_000;

fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/datalayer")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// An engine under a config reading categories as `mode` says, after every push of `f`.
fn replay(f: &Value, mode: &str) -> Engine {
    let cfg = json!({ "version": 1, "tracking": { "itemCategories": mode } });
    let program = config::compile_json(&Json::from(&cfg), &NativeRegex).unwrap();
    let categories = program.categories;
    let mut e = Engine::new(program, Profile::new("v"), Context::default(), T0);
    let mut now = T0;
    for push in f["pushes"].as_array().unwrap() {
        now += 60_000;
        match read_entry(&Json::from(push)) {
            Entry::Event(name, params) => {
                let event = Event::parse_with(&name, &params, categories)
                    .unwrap_or_else(|err| panic!("{}: {err}", f["source"]));
                assert!(e.track(event, now).counted);
            }
            Entry::Ignore => assert!(
                push.get("event").is_none(),
                "an event push was ignored: {push}"
            ),
            Entry::Consent { .. } => panic!("not a consent command: {push}"),
        }
    }
    e
}

fn strings(v: &Json) -> Vec<String> {
    v.as_array()
        .unwrap_or_default()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn check(name: &str) {
    let f = fixture(name);
    let mode = f["itemCategories"].as_str().unwrap();
    let want: Vec<String> = f["expect"]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    let item = f["expect"]["item"].as_str().unwrap();
    let e = replay(&f, mode);
    let a = e.attributes(T0 + 3_600_000);
    // Interest in every category, at every level, once.
    let mut seen: Vec<String> = a["affinity"]["category"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::from)
        .collect();
    seen.sort();
    let mut sorted = want.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "{name}: affinity categories");
    assert_eq!(
        strings(&a["cart"]["categories"]),
        want,
        "{name}: cart categories"
    );
    assert_eq!(strings(&a["cart"]["ids"]), [item], "{name}: cart ids");
    assert_eq!(strings(&a["history"]["viewed"]), [item], "{name}: viewed");
    // A filter on any one of the categories finds the product.
    for c in &want {
        let leaf = c.rsplit('/').next().unwrap();
        let program = config::compile_json(
            &Json::from(&json!({ "version": 1, "features": { "f": {
                "events": "add_to_cart", "where": { "category": leaf }, "window": "7d" } },
                "tracking": { "itemCategories": mode } })),
            &NativeRegex,
        )
        .unwrap();
        let e2 = {
            let categories = program.categories;
            let mut e2 = Engine::new(program, Profile::new("v"), Context::default(), T0);
            for push in f["pushes"].as_array().unwrap() {
                if let Entry::Event(n, p) = read_entry(&Json::from(push)) {
                    e2.track(Event::parse_with(&n, &p, categories).unwrap(), T0 + 1);
                }
            }
            e2
        };
        let feature = e2.attributes(T0 + 2)["features"]["f"].as_f64();
        assert_eq!(feature, Some(1.0), "{name}: category {leaf} matches");
    }
}

#[test]
fn gtm4wp_pushes_levels_of_one_path() {
    check("gtm4wp-woocommerce.json");
}

#[test]
fn gtm_kit_pushes_the_primary_category_breadcrumb() {
    check("gtm-kit-woocommerce.json");
}

#[test]
fn google_analytics_for_woocommerce_pushes_separate_categories() {
    check("woocommerce-google-analytics.json");
}

#[test]
fn a_shopify_theme_pushes_the_product_type() {
    check("shopify-theme-gtm.json");
}

#[test]
fn separate_categories_read_as_levels_would_make_a_path_that_does_not_exist() {
    // What `itemCategories: "separate"` is for: read as levels, WooCommerce's "Hoodies" and
    // "Sale" become one path "Hoodies/Sale", a category the shop does not have.
    let f = fixture("woocommerce-google-analytics.json");
    let e = replay(&f, "levels");
    let a = e.attributes(T0 + 3_600_000);
    assert_eq!(
        strings(&a["cart"]["categories"]),
        ["Hoodies", "Hoodies/Sale"]
    );
}

#[test]
fn ranking_reads_each_separate_category() {
    // A visitor who viewed the hoodie through Google Analytics for WooCommerce is interested in
    // "Sale" too: an item of the shelf in "Sale" only earns category affinity.
    let f = fixture("woocommerce-google-analytics.json");
    let mut cfg = json!({ "version": 1, "tracking": { "itemCategories": "separate" },
        "widgets": { "w": { "rules": [{ "rule": "affinity", "by": ["category"], "weight": 10 }] } } });
    let program = config::compile_json(&Json::from(&cfg), &NativeRegex).unwrap();
    let categories = program.categories;
    let mut e = Engine::new(program, Profile::new("v"), Context::default(), T0);
    if let Entry::Event(n, p) = read_entry(&Json::from(&f["pushes"][0])) {
        e.track(Event::parse_with(&n, &p, categories).unwrap(), T0 + 1);
    }
    let shelf = parse_items(&Json::from(json!([
        { "id": "a", "category": "Tees" },
        { "id": "b", "category": "Sale" },
        { "id": "c", "category": "Hoodies" }
    ])))
    .unwrap();
    let order = e.rank("w", &shelf, T0 + 2).order;
    assert_eq!(order[2], "a", "{order:?}");
    cfg["tracking"]["itemCategories"] = json!("levels");
    let program = config::compile_json(&Json::from(&cfg), &NativeRegex).unwrap();
    let categories = program.categories;
    let mut e = Engine::new(program, Profile::new("v"), Context::default(), T0);
    if let Entry::Event(n, p) = read_entry(&Json::from(&f["pushes"][0])) {
        e.track(Event::parse_with(&n, &p, categories).unwrap(), T0 + 1);
    }
    let order = e.rank("w", &shelf, T0 + 2).order;
    assert_eq!(
        order,
        ["c", "a", "b"],
        "read as levels, \"Sale\" alone is no interest"
    );
}
