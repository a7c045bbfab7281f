//! Scoring rules driven by the merchant (boost, bury) and by the visitor (affinity, stated
//! preferences).

use super::{config, ids, items, pos, rules, s, shelf, Visitor};
use serde_json::{json, Value};

// ---------------------------------------------------------------- boost and bury

#[test]
fn boost_by_category_matches_a_name_at_any_level_or_a_full_path_ignoring_case() {
    let boost = |category: &str| {
        Visitor::new(rules(
            json!([{ "rule": "boost", "match": { "category": category }, "weight": 5 }]),
            json!({}),
        ))
        .order()
    };
    // A sub-category name.
    assert_eq!(
        boost("running"),
        s(&["R1", "R2", "J1", "T1", "B1", "S1", "K1", "X1"])
    );
    // A top-level name covers every sub-category under it, in page order.
    assert_eq!(
        boost("Shoes"),
        s(&["R1", "R2", "S1", "J1", "T1", "B1", "K1", "X1"])
    );
    // A full path.
    assert_eq!(
        boost("Shoes/Trail"),
        s(&["S1", "J1", "T1", "R1", "B1", "R2", "K1", "X1"])
    );
}

#[test]
fn bury_by_brand_sends_that_brand_to_the_back_in_page_order() {
    let v = Visitor::new(rules(
        json!([{ "rule": "bury", "match": { "brand": "stridewell" }, "weight": 5 }]),
        json!({}),
    ));
    assert_eq!(
        v.order(),
        s(&["J1", "T1", "B1", "R2", "X1", "R1", "S1", "K1"])
    );
    assert_eq!(v.reasons("R1")[0]["points"], json!(-5.0));
}

#[test]
fn boost_by_tag_price_range_and_ids() {
    let order = |m: Value| {
        Visitor::new(rules(
            json!([{ "rule": "boost", "match": m, "weight": 5 }]),
            json!({}),
        ))
        .order()
    };
    assert_eq!(order(json!({ "tag": "waterproof" }))[..2], s(&["J1", "R2"]));
    // Inclusive bounds; an item without a price never matches a price range.
    let cheap = order(json!({ "price": { "min": 24.95, "max": 129.95 } }));
    assert_eq!(cheap[..4], s(&["R1", "B1", "S1", "K1"]));
    assert_eq!(cheap.last().map(String::as_str), Some("X1"));
    assert_eq!(
        order(json!({ "price": { "min": 200 } }))[..2],
        s(&["J1", "T1"])
    );
    assert_eq!(order(json!({ "ids": ["X1", "B1"] }))[..2], s(&["B1", "X1"]));
    // Facets of one match all have to hold.
    assert_eq!(
        order(json!({ "brand": "Stridewell", "category": "Accessories" }))[0],
        "K1"
    );
}

#[test]
fn a_heavier_rule_outweighs_a_lighter_one() {
    let v = Visitor::new(rules(
        json!([
            { "rule": "boost", "match": { "brand": "Cairnline" }, "weight": 3 },
            { "rule": "boost", "match": { "category": "Running" }, "weight": 4 },
            { "rule": "bury", "match": { "ids": ["R1"] }, "weight": 2 }
        ]),
        json!({}),
    ));
    // R2: 4, T1: 3, R1: 4 - 2 = 2.
    assert_eq!(v.order()[..3], s(&["R2", "T1", "R1"]));
}

// ---------------------------------------------------------------- affinity

#[test]
fn affinity_puts_what_the_visitor_looks_at_first() {
    let mut v = Visitor::new(rules(
        json!([{ "rule": "affinity", "weight": 10 }]),
        json!({}),
    ));
    assert_eq!(v.order(), ids(&shelf()), "nothing known yet");
    v.view(&["R2", "R1", "R2"]);
    let order = v.order();
    // Running shoes first (R2 seen twice), then the rest of Shoes and Stridewell.
    assert_eq!(order[..2], s(&["R2", "R1"]));
    assert!(pos(&order, "S1") < pos(&order, "J1"), "{order:?}");
}

#[test]
fn the_most_specific_matching_category_level_counts_more() {
    // Three hiking boots viewed; the shelf shows two other hiking boots and a trail runner of
    // the brand of one of the viewed boots. Matching "Footwear/Hiking Boots" all the way down
    // counts more than sharing "Footwear" alone: both hiking boots come before the runner
    // (when every level counted the same, the runner's brand put it between them).
    let shelf = items(json!([
        { "id": "V1", "category": "Footwear/Hiking Boots", "brand": "Alpenlite" },
        { "id": "V2", "category": "Footwear/Hiking Boots", "brand": "Alpenlite" },
        { "id": "V3", "category": "Footwear/Hiking Boots", "brand": "Cragmoor" },
        { "id": "RUN", "category": "Footwear/Trail Runners", "brand": "Cragmoor" },
        { "id": "H1", "category": "Footwear/Hiking Boots", "brand": "Alpenlite" },
        { "id": "H2", "category": "Footwear/Hiking Boots", "brand": "Bergwerk" },
        { "id": "TEE", "category": "Apparel/Tees", "brand": "Cragmoor" }
    ]));
    let mut v = Visitor::with_items(
        rules(json!([{ "rule": "affinity", "weight": 10 }]), json!({})),
        shelf,
    );
    v.view(&["V1", "V2", "V3"]);
    let order = v.order();
    assert!(pos(&order, "H1") < pos(&order, "RUN"), "{order:?}");
    assert!(pos(&order, "H2") < pos(&order, "RUN"), "{order:?}");
    // The runner still shares the top level and a brand: it leads what shares nothing.
    assert!(pos(&order, "RUN") < pos(&order, "TEE"), "{order:?}");
    // The category part: the top level's affinity plus the mean of the deeper levels'
    // (relative to the strongest category), so 2 for a match all the way down, 1 for the top
    // level alone; the brand part is relative to the strongest brand (Alpenlite, twice).
    let points = |id: &str| v.reasons(id)[0]["points"].as_f64().unwrap();
    assert!(
        (points("H2") - 10.0 * 2.0 / 3.0).abs() < 0.01,
        "{}",
        points("H2")
    );
    assert!(
        (points("RUN") - 10.0 * 1.5 / 3.0).abs() < 0.01,
        "{}",
        points("RUN")
    );
}

#[test]
fn affinity_by_brand_only_ignores_category_and_tags() {
    let mut v = Visitor::new(rules(
        json!([{ "rule": "affinity", "by": ["brand"], "weight": 10 }]),
        json!({}),
    ));
    v.view(&["K1"]);
    // Every Stridewell item scores alike and keeps page order; the running shoe of another
    // brand gets nothing from the Stridewell socks.
    assert_eq!(v.order()[..3], s(&["R1", "S1", "K1"]));
    let mut c = Visitor::new(rules(
        json!([{ "rule": "affinity", "by": ["category"], "weight": 10 }]),
        json!({}),
    ));
    c.view(&["R1"]);
    assert_eq!(c.order()[..3], s(&["R1", "R2", "S1"]));
}

#[test]
fn affinity_decays_so_recent_interest_wins_over_old_interest() {
    let mut v = Visitor::new(rules(
        json!([{ "rule": "affinity", "by": ["brand"], "weight": 10 }]),
        json!({}),
    ));
    v.view(&["J1", "J1"]).wait_days(60).view(&["T1", "T1"]);
    assert_eq!(v.order()[..2], s(&["T1", "J1"]));
}

#[test]
fn stronger_signals_count_more_than_views() {
    let mut v = Visitor::new(rules(
        json!([{ "rule": "affinity", "by": ["brand"], "weight": 10 }]),
        json!({}),
    ));
    v.view(&["J1", "J1"]).track("add_to_cart", &["B1"]);
    assert_eq!(v.order()[..2], s(&["B1", "J1"]));
}

// ---------------------------------------------------------------- preferences

#[test]
fn stated_preferences_weigh_above_inferred_affinity_by_default() {
    // No strategy in the config: the built-in default (preferences 20, affinity 10).
    let mut v = Visitor::new(config(json!({})));
    v.view(&["R1", "R1", "R1"]).track("add_to_cart", &["R1"]);
    assert_eq!(v.rank("any").order[0], "R1", "affinity alone");
    v.prefer(json!({ "brand": "Cairnline" }));
    assert_eq!(v.rank("any").order[0], "T1", "the stated brand comes first");
    // Also when a strategy lists both rules without weights.
    let mut w = Visitor::new(rules(
        json!([{ "rule": "affinity" }, { "rule": "preferences" }]),
        json!({}),
    ));
    w.view(&["R1", "R1", "R1"]).track("add_to_cart", &["R1"]);
    w.prefer(json!({ "brands": ["Cairnline"] }));
    assert_eq!(w.order()[0], "T1");
}

#[test]
fn preferences_match_category_tags_and_price_and_count_the_share_that_fits() {
    let mut v = Visitor::new(rules(json!([{ "rule": "preferences" }]), json!({})));
    v.prefer(json!({ "category": "Shoes", "price": { "max": 130 } }));
    let order = v.order();
    // R1 and S1 fit both (shoes under 130); R2 (shoes, 144.50) and B1, K1 (cheap) fit one.
    assert_eq!(order[..2], s(&["R1", "S1"]));
    assert_eq!(order[2..5], s(&["B1", "R2", "K1"]));
    let mut t = Visitor::new(rules(json!([{ "rule": "preferences" }]), json!({})));
    t.prefer(json!({ "tags": ["GRIPPY"] }));
    assert_eq!(t.order()[0], "S1");
}
