//! After scoring: pins hold their places, hiding never empties a widget below its minimum,
//! and diversity breaks up runs of one brand or category.

use super::{ids, items, pos, rules, s, shelf, Visitor};
use serde_json::json;

// ---------------------------------------------------------------- pins

#[test]
fn a_pin_holds_its_position_whatever_the_scores() {
    let mut v = Visitor::new(rules(
        json!([
            { "rule": "pin", "item": "X1", "position": 3 },
            { "rule": "affinity", "weight": 10 }
        ]),
        json!({}),
    ));
    assert_eq!(pos(&v.order(), "X1"), 2);
    v.view(&["R1", "R2"]);
    let order = v.order();
    assert_eq!(pos(&order, "X1"), 2, "{order:?}");
    assert_eq!(
        order[..2],
        s(&["R2", "R1"]),
        "scored items fill the other places"
    );
    let reasons = v.reasons("X1");
    assert_eq!(reasons[0]["rule"], "pin");
    assert_eq!(reasons[0]["note"], "pinned at position 3");
}

#[test]
fn two_pins_each_hold_their_place() {
    let v = Visitor::new(rules(
        json!([
            { "rule": "pin", "item": "K1", "position": 2 },
            { "rule": "pin", "item": "X1", "position": 1 },
            { "rule": "boost", "match": { "brand": "Cairnline" }, "weight": 50 }
        ]),
        json!({}),
    ));
    assert_eq!(v.order()[..3], s(&["X1", "K1", "T1"]));
}

#[test]
fn two_pins_to_one_place_follow_each_other_in_rule_order() {
    let v = Visitor::new(rules(
        json!([
            { "rule": "pin", "item": "K1", "position": 1 },
            { "rule": "pin", "item": "X1", "position": 1 }
        ]),
        json!({}),
    ));
    assert_eq!(v.order()[..3], s(&["K1", "X1", "J1"]));
}

#[test]
fn a_pin_beyond_the_end_goes_last_and_a_pin_of_an_absent_item_is_ignored() {
    let v = Visitor::new(rules(
        json!([
            { "rule": "pin", "item": "J1", "position": 40 },
            { "rule": "pin", "item": "NOT-HERE", "position": 1 }
        ]),
        json!({}),
    ));
    assert_eq!(
        v.order(),
        s(&["T1", "R1", "B1", "R2", "S1", "K1", "X1", "J1"])
    );
}

// ---------------------------------------------------------------- hide and minItems

#[test]
fn hide_removes_matching_items() {
    let v = Visitor::new(rules(
        json!([{ "rule": "hide", "match": { "brand": "Stridewell" } }]),
        json!({ "minItems": 2 }),
    ));
    let r = v.rank("w");
    assert_eq!(r.order, s(&["J1", "T1", "B1", "R2", "X1"]));
    assert_eq!(r.hidden, s(&["R1", "S1", "K1"]));
}

#[test]
fn hide_keeps_min_items_showing_by_hiding_the_lowest_ranked_first() {
    let shelf = items(json!([
        { "id": "A", "brand": "Z" }, { "id": "B", "brand": "Z" }, { "id": "C", "brand": "Z" },
        { "id": "D" }, { "id": "E", "brand": "Z" }
    ]));
    let v = Visitor::with_items(
        rules(
            json!([
                { "rule": "hide", "match": { "brand": "Z" } },
                { "rule": "boost", "match": { "ids": ["C"] }, "weight": 1 }
            ]),
            json!({ "minItems": 3 }),
        ),
        shelf,
    );
    let r = v.rank("w");
    // Five items, three must show: two of the four Z items go, the lowest-ranked ones; the
    // Z items that have to stay come after the others.
    assert_eq!(r.order, s(&["D", "C", "A"]));
    assert_eq!(r.hidden, s(&["B", "E"]));
    let kept = v.reasons("A");
    assert_eq!(kept[0]["note"], "kept to show at least 3 items");
    // The default minimum is 4.
    let d = Visitor::new(rules(
        json!([{ "rule": "hide", "match": { "price": { "min": 0 } } }]),
        json!({}),
    ));
    assert_eq!(d.rank("w").order.len(), 4);
}

#[test]
fn a_hidden_purchase_still_leaves_min_items() {
    let mut v = Visitor::with_items(
        rules(
            json!([{ "rule": "purchased", "action": "hide" }]),
            json!({ "minItems": 4 }),
        ),
        shelf()[..5].to_vec(),
    );
    v.track("purchase", &["J1", "T1"]);
    let r = v.rank("w");
    // One purchase can go; the other has to stay, and falls back behind the rest.
    assert_eq!(r.order, s(&["R1", "B1", "R2", "J1"]));
    assert_eq!(r.hidden, s(&["T1"]));
}

// ---------------------------------------------------------------- diversity

#[test]
fn diversity_by_brand_allows_at_most_max_in_a_row() {
    let shelf = items(json!([
        { "id": "A1", "brand": "A" }, { "id": "A2", "brand": "A" }, { "id": "A3", "brand": "A" },
        { "id": "A4", "brand": "A" }, { "id": "B1", "brand": "B" }, { "id": "C1", "brand": "C" }
    ]));
    let mut v = Visitor::with_items(
        rules(
            json!([{ "rule": "affinity", "by": ["brand"], "weight": 10 }]),
            json!({ "diversity": { "by": "brand", "maxInARow": 2 } }),
        ),
        shelf.clone(),
    );
    v.view(&["A1"]);
    assert_eq!(v.order(), s(&["A1", "A2", "B1", "A3", "A4", "C1"]));
    let moved = v.reasons("B1");
    assert_eq!(moved.last().unwrap()["rule"], "diversity");
    assert_eq!(
        moved.last().unwrap()["note"],
        "moved up: at most 2 of one brand in a row"
    );
    let mut one = Visitor::with_items(
        rules(
            json!([{ "rule": "affinity", "by": ["brand"], "weight": 10 }]),
            json!({ "diversity": { "by": "brand", "maxInARow": 1 } }),
        ),
        shelf,
    );
    one.view(&["A1"]);
    assert_eq!(one.order(), s(&["A1", "B1", "A2", "C1", "A3", "A4"]));
}

#[test]
fn diversity_by_category_uses_the_top_level_category() {
    let mut v = Visitor::new(rules(
        json!([{ "rule": "affinity", "by": ["category"], "weight": 10 }]),
        json!({ "diversity": { "by": "category", "maxInARow": 2 } }),
    ));
    v.view(&["R1", "S1"]);
    let order = v.order();
    // Three shoes lead on affinity; the third waits behind the first non-shoe. The sub-category
    // counts on top of "Shoes": S1's (Trail, viewed last) leads, then the two running shoes
    // (equal), of which the second waits.
    assert_eq!(order[..4], s(&["S1", "R1", "J1", "R2"]));
}

#[test]
fn diversity_does_not_reorder_a_visitor_without_any_signal() {
    let shelf = items(json!([
        { "id": "A1", "brand": "A" }, { "id": "A2", "brand": "A" }, { "id": "A3", "brand": "A" },
        { "id": "B1", "brand": "B" }
    ]));
    let v = Visitor::with_items(
        rules(
            json!([{ "rule": "affinity", "weight": 10 }]),
            json!({ "diversity": { "by": "brand", "maxInARow": 1 } }),
        ),
        shelf.clone(),
    );
    assert_eq!(v.order(), ids(&shelf));
}
