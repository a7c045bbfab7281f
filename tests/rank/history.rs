//! Rules over what the visitor did: recently viewed, purchased, and related to the cart or to
//! viewed items.

use super::{items, pos, rules, s, Visitor};
use serde_json::json;

// ---------------------------------------------------------------- recently viewed, purchased

#[test]
fn recently_viewed_boost_puts_the_latest_first() {
    let mut v = Visitor::new(rules(
        json!([{ "rule": "recentlyViewed", "weight": 5 }]),
        json!({}),
    ));
    v.view(&["B1", "S1", "J1"]);
    assert_eq!(v.order()[..3], s(&["J1", "S1", "B1"]));
}

#[test]
fn recently_viewed_bury_pushes_seen_items_back() {
    let mut v = Visitor::new(rules(
        json!([{ "rule": "recentlyViewed", "action": "bury", "weight": 5 }]),
        json!({}),
    ));
    v.view(&["J1", "T1"]);
    let order = v.order();
    // The oldest view is buried least, the latest most.
    assert_eq!(order[order.len() - 2..], s(&["J1", "T1"]));
}

#[test]
fn purchased_items_fall_back_or_are_hidden() {
    let mut v = Visitor::new(rules(
        json!([{ "rule": "purchased", "weight": 5 }]),
        json!({}),
    ));
    v.track("purchase", &["J1"]);
    assert_eq!(v.order().last().map(String::as_str), Some("J1"));
    assert!(v.rank("w").hidden.is_empty());

    let mut h = Visitor::new(rules(
        json!([{ "rule": "purchased", "action": "hide" }]),
        json!({ "minItems": 0 }),
    ));
    h.track("purchase", &["J1", "B1"]);
    let r = h.rank("w");
    assert_eq!(r.order, s(&["T1", "R1", "R2", "S1", "K1", "X1"]));
    assert_eq!(r.hidden, s(&["J1", "B1"]));
    assert_eq!(h.reasons("J1")[0]["note"], "hidden");
}

// ---------------------------------------------------------------- related

#[test]
fn related_to_the_cart_from_config_follows_the_listed_strength() {
    let mut c = rules(
        json!([{ "rule": "related", "to": "cart", "weight": 10 }]),
        json!({}),
    );
    c["related"] = json!({ "J1": ["K1", "B1"], "R1": { "X1": 2, "T1": 1 } });
    let mut v = Visitor::new(c.clone());
    v.track("add_to_cart", &["J1"]);
    // Listed first = strongest.
    assert_eq!(v.order()[..2], s(&["K1", "B1"]));
    let mut w = Visitor::new(c);
    w.track("add_to_cart", &["R1"]);
    assert_eq!(w.order()[..2], s(&["X1", "T1"]));
    assert_eq!(w.reasons("X1")[0]["rule"], "related");
}

#[test]
fn related_to_the_cart_from_markup_works_both_ways() {
    let shelf = items(json!([
        { "id": "A" }, { "id": "B" },
        { "id": "C", "related": "CART-1" },
        { "id": "D" },
        { "id": "E", "related": ["A"] }
    ]));
    let mut cart = shelf.clone();
    cart.extend(items(json!([{ "id": "CART-1" }])));
    // An item that lists the cart item moves up.
    let mut v = Visitor::with_items(
        rules(json!([{ "rule": "related", "weight": 10 }]), json!({})),
        cart.clone(),
    );
    v.track("add_to_cart", &["CART-1"]);
    v.items = shelf.clone();
    assert_eq!(v.order(), s(&["C", "A", "B", "D", "E"]));
    // An item in the cart that is on the shelf lifts what it lists.
    let mut w = Visitor::with_items(
        rules(json!([{ "rule": "related", "weight": 10 }]), json!({})),
        shelf,
    );
    w.track("add_to_cart", &["E"]);
    assert_eq!(w.order()[0], "A");
}

#[test]
fn related_to_viewed_items_ignores_the_cart_and_the_reverse() {
    let mut c = rules(
        json!([{ "rule": "related", "to": "viewed", "weight": 10 }]),
        json!({}),
    );
    c["related"] = json!({ "J1": ["K1"], "T1": ["X1"] });
    let mut v = Visitor::new(c);
    v.view(&["J1"]).track("add_to_cart", &["T1"]);
    assert_eq!(v.order()[0], "K1");
    assert_eq!(pos(&v.order(), "X1"), 7, "the cart does not count");

    let mut c = rules(
        json!([{ "rule": "related", "to": "cart", "weight": 10 }]),
        json!({}),
    );
    c["related"] = json!({ "J1": ["K1"], "T1": ["X1"] });
    let mut w = Visitor::new(c);
    w.view(&["J1"]).track("add_to_cart", &["T1"]);
    assert_eq!(w.order()[0], "X1");
    assert_eq!(pos(&w.order(), "K1"), 7, "views do not count");
}

#[test]
fn related_to_both_counts_the_latest_view_most() {
    let mut c = rules(
        json!([{ "rule": "related", "to": "both", "weight": 10 }]),
        json!({}),
    );
    c["related"] = json!({ "J1": ["K1"], "T1": ["X1"], "R1": ["B1"] });
    let mut v = Visitor::new(c);
    v.view(&["J1", "T1"]).track("add_to_cart", &["R1"]);
    // Cart companion (10), latest view's (10), older view's (5).
    assert_eq!(v.order()[..3], s(&["B1", "X1", "K1"]));
}
