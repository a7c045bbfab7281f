//! Targeting by segment, the stability of ties, explanations, and held-out visitors.

use super::{config, ids, items, rules, s, shelf, Visitor};
use serde_json::{json, Value};

fn vip_config(rules: Value) -> Value {
    let mut c = config(json!({
        "segments": [
            { "id": "vip", "name": "VIP", "if": { "attrs.tier": "gold" } },
            { "id": "runner", "name": "Runner", "if": { "attrs.sport": "running" } }
        ],
        "widgets": { "w": { "rules": rules } }
    }));
    c["widgets"]["w"]["minItems"] = json!(0);
    c
}

#[test]
fn a_targeted_rule_applies_only_to_visitors_in_its_segment() {
    let rules = json!([
        { "rule": "boost", "match": { "brand": "Cairnline" }, "weight": 5, "segments": ["vip"] },
        { "rule": "boost", "match": { "brand": "Bluefjord" }, "weight": 1 }
    ]);
    let mut v = Visitor::new(vip_config(rules));
    assert_eq!(
        v.order()[..2],
        s(&["B1", "J1"]),
        "not a VIP: only the untargeted rule"
    );
    assert!(v.reasons("T1").is_empty());
    v.attrs(json!({ "tier": "gold" }));
    assert_eq!(v.order()[..2], s(&["T1", "B1"]));
    let reasons = v.reasons("T1");
    assert_eq!(reasons.len(), 1);
    assert_eq!(reasons[0]["segment"], "vip", "the reason names the segment");
    assert_eq!(reasons[0]["at"], "widgets.w.rules[0]");
    assert!(
        v.reasons("B1")[0].get("segment").is_none(),
        "untargeted: no segment"
    );
    v.attrs(json!({ "tier": "silver" }));
    assert_eq!(v.order()[0], "B1", "leaving the segment ends the rule");
}

#[test]
fn a_rule_for_several_segments_names_the_one_the_visitor_is_in() {
    let rules = json!([
        { "rule": "bury", "match": { "category": "Apparel" }, "weight": 5, "segments": ["vip", "runner"] }
    ]);
    let mut v = Visitor::new(vip_config(rules));
    v.attrs(json!({ "sport": "running" }));
    assert_eq!(v.order().last().map(String::as_str), Some("J1"));
    assert_eq!(v.reasons("J1")[0]["segment"], "runner");
}

#[test]
fn targeted_pins_and_hides_apply_only_in_their_segment() {
    let rules = json!([
        { "rule": "pin", "item": "X1", "position": 1, "segments": ["runner"] },
        { "rule": "hide", "match": { "ids": ["J1"] }, "segments": ["vip"] }
    ]);
    let mut v = Visitor::new(vip_config(rules));
    assert_eq!(v.order(), ids(&shelf()));
    v.attrs(json!({ "sport": "running" }));
    assert_eq!(v.order()[0], "X1");
    assert_eq!(v.reasons("X1")[0]["segment"], "runner");
    assert!(v.rank("w").hidden.is_empty());
    v.attrs(json!({ "tier": "gold" }));
    assert_eq!(v.rank("w").hidden, s(&["J1"]));
    assert_eq!(
        v.order(),
        ids(&shelf()[1..]),
        "no pin for a VIP who is not a runner"
    );
}

// ---------------------------------------------------------------- ties

#[test]
fn a_visitor_without_any_signal_sees_exactly_the_original_order() {
    // The built-in default strategy.
    let v = Visitor::new(config(json!({})));
    assert_eq!(v.rank("any").order, ids(&shelf()));
    // Every widget of the demo shop's config, diversity included.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/shelfwise.config.json"
    ))
    .unwrap();
    let demo: Value = serde_json::from_str(&text).unwrap();
    let same_brand = items(json!([
        { "id": "A", "brand": "Kestrel" }, { "id": "B", "brand": "Kestrel" },
        { "id": "C", "brand": "Kestrel" }, { "id": "D", "brand": "Kestrel" },
        { "id": "E", "brand": "Mossback" }
    ]));
    for list in [shelf(), same_brand] {
        let v = Visitor::with_items(demo.clone(), list.clone());
        for w in [
            "home-trending",
            "home-new",
            "home-deals",
            "product-related",
            "other",
        ] {
            let r = v.rank(w);
            assert_eq!(r.order, ids(&list), "{w}");
            assert!(r.hidden.is_empty());
            assert!(r
                .items
                .iter()
                .all(|i| i.reasons.is_empty() && i.score == 0.0));
        }
    }
}

#[test]
fn equal_scores_keep_the_page_order() {
    let mut v = Visitor::new(rules(
        json!([{ "rule": "affinity", "by": ["brand"], "weight": 10 }]),
        json!({}),
    ));
    v.view(&["S1"]);
    // Three Stridewell items tie: they lead in page order; the rest keep page order too.
    assert_eq!(
        v.order(),
        s(&["R1", "S1", "K1", "J1", "T1", "B1", "R2", "X1"])
    );
}

#[test]
fn floating_point_noise_does_not_break_a_tie() {
    // 0.1 + 0.2 is 0.30000000000000004 in floating point: it must not beat 0.3.
    let v = Visitor::with_items(
        rules(
            json!([
                { "rule": "boost", "match": { "ids": ["A"] }, "weight": 0.3 },
                { "rule": "boost", "match": { "ids": ["B"] }, "weight": 0.1 },
                { "rule": "boost", "match": { "ids": ["B"] }, "weight": 0.2 }
            ]),
            json!({}),
        ),
        items(json!(["A", "B", "C"])),
    );
    assert_eq!(v.order(), s(&["A", "B", "C"]));
    let v = Visitor::with_items(
        rules(
            json!([
                { "rule": "boost", "match": { "ids": ["B"] }, "weight": 0.3 },
                { "rule": "boost", "match": { "ids": ["A"] }, "weight": 0.1 },
                { "rule": "boost", "match": { "ids": ["A"] }, "weight": 0.2 }
            ]),
            json!({}),
        ),
        items(json!(["A", "B", "C"])),
    );
    assert_eq!(v.order(), s(&["A", "B", "C"]));
}

#[test]
fn a_long_shelf_of_ties_is_not_shuffled() {
    let list: Vec<Value> = (0..300)
        .map(|i| json!({ "id": format!("P{i:03}"), "brand": if i % 7 == 0 { "Lucky" } else { "Other" } }))
        .collect();
    let shelf = items(Value::Array(list));
    let v = Visitor::with_items(
        rules(
            json!([{ "rule": "boost", "match": { "brand": "Lucky" }, "weight": 1 }]),
            json!({}),
        ),
        shelf.clone(),
    );
    let lucky: Vec<String> = ids(&shelf)
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % 7 == 0)
        .map(|(_, id)| id)
        .collect();
    let rest: Vec<String> = ids(&shelf)
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % 7 != 0)
        .map(|(_, id)| id)
        .collect();
    let order = v.order();
    assert_eq!(order[..lucky.len()], lucky[..]);
    assert_eq!(order[lucky.len()..], rest[..]);
}

// ---------------------------------------------------------------- explanations

#[test]
fn explain_gives_every_item_its_final_score_and_each_rule_contribution() {
    let mut c = rules(
        json!([
            { "rule": "boost", "match": { "category": "Shoes" }, "weight": 2 },
            { "rule": "affinity", "by": ["brand"], "weight": 10 },
            { "rule": "bury", "match": { "price": { "max": 30 } }, "weight": 1.5 },
            { "rule": "purchased", "action": "hide" }
        ]),
        json!({ "minItems": 0 }),
    );
    c["widgets"]["w"]["rules"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "rule": "pin", "item": "T1", "position": 2 }));
    let mut v = Visitor::new(c);
    v.view(&["K1"]).track("purchase", &["X1"]);
    let e = v.explain();
    let list = e["items"].as_array().unwrap();
    assert_eq!(list.len(), 8, "every item, hidden ones too");
    let order: Vec<&str> = list.iter().map(|i| i["id"].as_str().unwrap()).collect();
    // The new order, then the hidden item.
    let listed: Vec<&str> = e["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(order[..7], listed[..]);
    assert_eq!(order[7], "X1");
    assert_eq!(order[..4], ["R1", "T1", "S1", "K1"]);
    for item in list {
        let sum: f64 = item["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["points"].as_f64().unwrap())
            .sum();
        let score = item["score"].as_f64().unwrap();
        assert!((sum - score).abs() < 0.002, "{item}");
    }
    let find = |id: &str| list.iter().find(|i| i["id"] == id).unwrap().clone();
    let k1 = find("K1");
    assert_eq!(k1["originalPosition"], 7);
    assert_eq!(
        k1["reasons"],
        json!([
            { "rule": "affinity", "at": "widgets.w.rules[1]", "points": 10.0 },
            { "rule": "bury", "at": "widgets.w.rules[2]", "points": -1.5 }
        ])
    );
    assert_eq!(k1["score"], json!(8.5));
    let r1 = find("R1");
    assert_eq!(r1["score"], json!(12.0));
    assert_eq!(r1["reasons"][0]["rule"], "boost");
    assert_eq!(r1["reasons"][0]["points"], json!(2.0));
    assert_eq!(find("X1")["reasons"][0]["note"], "hidden");
    assert_eq!(find("T1")["reasons"][0]["note"], "pinned at position 2");
    assert_eq!(find("J1")["reasons"], json!([]));
    assert_eq!(find("J1")["score"], json!(0.0));
    // Without explain, only the order and the hidden ids.
    let plain = v.rank("w").to_json(false);
    assert_eq!(
        plain,
        json!({ "order": serde_json::Value::from(&e["order"]), "hidden": ["X1"] })
    );
}

// ---------------------------------------------------------------- holdout

#[test]
fn a_held_out_visitor_keeps_the_original_order_but_is_tracked_the_same() {
    let mut c = rules(
        json!([
            { "rule": "affinity", "weight": 10 },
            { "rule": "pin", "item": "X1", "position": 1 },
            { "rule": "purchased", "action": "hide" }
        ]),
        json!({}),
    );
    c["holdout"] = json!({ "percent": 100 });
    c["segments"] = json!([{ "id": "customer", "if": { "orders.count": { "$gte": 1 } } }]);
    let mut v = Visitor::new(c);
    assert!(v.engine.in_holdout());
    v.view(&["R1", "R2"]).track("purchase", &["J1"]);
    let r = v.rank("w");
    assert_eq!(r.order, ids(&shelf()));
    assert!(r.hidden.is_empty());
    assert!(r.items.iter().all(|i| i.reasons.is_empty()));
    // Segments and the profile move as for anyone else.
    assert_eq!(v.engine.segments(), ["customer".to_string()]);
    assert_eq!(v.engine.profile().purchased[0].0, "J1");
    // Nobody is held out by default.
    let w = Visitor::new(config(json!({})));
    assert!(!w.engine.in_holdout());
}

#[test]
fn a_visitor_whose_id_is_not_kept_is_never_held_out() {
    // With storage refused, every page would draw again: such a visitor is in neither group and
    // sees personalized orders on every page.
    let mut c = rules(json!([{ "rule": "affinity", "weight": 10 }]), json!({}));
    c["holdout"] = json!({ "percent": 100 });
    for page in 0..5 {
        let mut v = Visitor::new(c.clone());
        assert!(
            v.engine.in_holdout(),
            "page {page}: the kept id is drawn in"
        );
        assert!(v.engine.set_id_kept(false));
        assert!(!v.engine.in_holdout(), "page {page}");
        v.view(&["R1"]);
        assert_eq!(v.order()[0], "R1", "page {page}: personalized");
        // Storage allowed again: the kept id decides.
        assert!(v.engine.set_id_kept(true));
        assert!(v.engine.in_holdout());
        assert_eq!(v.order(), ids(&shelf()));
    }
}
