//! Companions of what the visitor has: the relations of a cart item or a recently viewed item,
//! seen once with the item (its markup, or the items given to `rank`), rank its companions on
//! later pages that neither show the item nor ship the shop's relations in the config.

use super::{items, pos, rules, s, shelf, Visitor, NOW};
use serde_json::json;
use shelfwise::core::attributes::Context;
use shelfwise::core::config::Config;
use shelfwise::core::engine::Engine;
use shelfwise::core::event::Event;
use shelfwise::core::profile::related::{RELATED_CAP, RELATED_CHARS, RELATED_LEN};
use shelfwise::core::profile::snapshot;
use shelfwise::core::regex::NativeRegex;

/// `name` for item `id` as a shop's dataLayer push carries it: no relations.
fn push(name: &str, id: &str) -> Event {
    Event::parse(&json!(name), &json!({ "items": [{ "item_id": id }] })).unwrap()
}

/// The visitor's engine on a new page: the profile as stored, the same config.
fn next_page(v: &Visitor, config: serde_json::Value) -> Engine {
    let config = Config::from_value(&config, &NativeRegex).unwrap();
    let stored = v.engine.snapshot();
    let profile = snapshot::decode(&stored, v.now, &config).unwrap();
    Engine::new(config, profile, Context::default(), v.now)
}

fn cart_rule() -> serde_json::Value {
    rules(
        json!([{ "rule": "related", "to": "cart", "weight": 10 }]),
        json!({}),
    )
}

#[test]
fn a_cart_items_relations_seen_on_its_page_rank_its_companions_on_a_page_without_it() {
    // The product page shows TENT with its relations; the shop's own add_to_cart push names it.
    let product_page = items(json!([{ "id": "TENT", "related": "K1 B1" }]));
    let mut v = Visitor::with_items(cart_rule(), product_page);
    v.engine.note_related(&v.items.clone());
    v.now += 60_000;
    v.engine.track(push("add_to_cart", "TENT"), v.now);
    // The next page shows neither the tent nor any relation; the config has none either.
    let page = next_page(&v, cart_rule());
    let order = page.order("w", &shelf(), v.now).order;
    assert_eq!(
        order[..2],
        s(&["K1", "B1"]),
        "listed first = strongest: {order:?}"
    );
    assert_eq!(order[2..], s(&["J1", "T1", "R1", "R2", "S1", "X1"]));
}

#[test]
fn relations_of_ranked_items_count_like_markup() {
    // A framework page ranks its items itself: the relations it passes are noted the same way.
    let config = rules(
        json!([{ "rule": "related", "to": "viewed", "weight": 10 }]),
        json!({}),
    );
    let mut v = Visitor::new(config.clone());
    let shown = items(json!([{ "id": "TENT", "related": ["X1", "K1"] }]));
    v.engine.rank("pdp", &shown, NOW);
    v.engine.note_related(&shown);
    v.engine.track(push("view_item", "TENT"), NOW + 1);
    let order = next_page(&v, config).order("w", &shelf(), NOW + 2).order;
    assert_eq!(order[..2], s(&["X1", "K1"]));
}

#[test]
fn a_markup_list_is_strongest_first() {
    // The cart item is on the page and lists K1 before B1: K1 gets 10, B1 5.
    let mut shelf = shelf();
    shelf.extend(items(json!([{ "id": "CART-1", "related": "K1 B1" }])));
    let mut v = Visitor::with_items(cart_rule(), shelf);
    v.track("add_to_cart", &["CART-1"]);
    let order = v.order();
    assert_eq!(order[..2], s(&["K1", "B1"]), "{order:?}");
    assert_eq!(v.reasons("K1")[0]["points"], 10.0);
    assert_eq!(v.reasons("B1")[0]["points"], 5.0);
}

#[test]
fn a_relation_known_from_several_places_counts_once() {
    // J1 → K1 in the config, in J1's markup, and kept in the profile: still 10 points, not 30.
    let mut config = cart_rule();
    config["related"] = json!({ "J1": ["K1"] });
    let mut shelf = shelf();
    shelf[0].related = vec!["K1".into()];
    let mut v = Visitor::with_items(config, shelf);
    v.engine.note_related(&v.items.clone());
    v.track("add_to_cart", &["J1"]);
    assert_eq!(
        v.engine.profile().related_of("J1"),
        Some(&["K1".to_string()][..])
    );
    assert_eq!(v.reasons("K1")[0]["points"], 10.0);
    assert_eq!(pos(&v.order(), "K1"), 0);
}

/// `n` related ids of `len` characters each, for item `i`.
fn long_ids(i: usize, n: usize, len: usize) -> Vec<String> {
    (0..n)
        .map(|k| format!("{i:03}-{k:02}-{}", "r".repeat(len - 7)))
        .collect()
}

#[test]
fn relations_are_kept_for_the_cart_and_recent_views_only_within_bounds() {
    let config = cart_rule();
    let mut v = Visitor::new(config);
    let seen = |v: &mut Visitor, name: &str, id: &str, related: Vec<String>| {
        v.now += 60_000;
        v.engine
            .note_related(&items(json!([{ "id": id, "related": related }])));
        v.engine.track(push(name, id), v.now);
    };
    // In the cart first; then 30 products viewed, each with 30 related ids of 40 characters.
    seen(
        &mut v,
        "add_to_cart",
        "CART-A",
        vec!["A1".into(), "A2".into()],
    );
    for i in 0..30 {
        seen(
            &mut v,
            "view_item",
            &format!("VIEW-{i:02}"),
            long_ids(i, 30, 40),
        );
    }
    let p = v.engine.profile();
    let chars: usize = p
        .related
        .iter()
        .map(|(id, l)| id.len() + l.iter().map(|x| x.len() + 1).sum::<usize>())
        .sum();
    assert!(
        p.related.len() <= RELATED_CAP && chars <= RELATED_CHARS,
        "{} items, {chars} characters",
        p.related.len()
    );
    assert!(p.related.iter().all(|(_, l)| l.len() <= RELATED_LEN));
    // The cart item keeps its relations; the latest view keeps its strongest few.
    assert_eq!(
        p.related_of("CART-A"),
        Some(&["A1".to_string(), "A2".to_string()][..])
    );
    assert_eq!(
        p.related_of("VIEW-29").unwrap(),
        &long_ids(29, RELATED_LEN, 40)[..]
    );
    assert_eq!(p.related_of("VIEW-00"), None, "the oldest views gave way");
    // Out of the cart and not among the recent views: its relations go.
    v.now += 60_000;
    v.engine.track(push("remove_from_cart", "CART-A"), v.now);
    assert_eq!(v.engine.profile().related_of("CART-A"), None);
}

#[test]
fn the_item_itself_duplicates_and_blank_ids_are_not_kept() {
    let mut v = Visitor::new(cart_rule());
    v.engine.note_related(&items(
        json!([{ "id": "TENT", "related": "TENT K1  K1 B1" }]),
    ));
    v.engine.track(push("view_item", "TENT"), NOW + 1);
    assert_eq!(
        v.engine.profile().related_of("TENT"),
        Some(&["K1".to_string(), "B1".to_string()][..])
    );
}

#[test]
fn relations_survive_storage_and_a_damaged_list_is_brought_back_within_bounds() {
    let mut v = Visitor::new(cart_rule());
    v.engine
        .note_related(&items(json!([{ "id": "TENT", "related": "K1 B1" }])));
    v.engine.track(push("view_item", "TENT"), NOW + 1);
    let page = next_page(&v, cart_rule());
    assert_eq!(page.profile().related, v.engine.profile().related);

    let mut stored: serde_json::Value = serde_json::from_str(&v.engine.snapshot()).unwrap();
    let huge = (0..500)
        .map(|k| format!("ID{k}"))
        .collect::<Vec<_>>()
        .join(" ");
    stored["rel"] = json!([["TENT", huge], ["NOT-VIEWED", "K1"], 42]);
    let config = Config::from_value(&cart_rule(), &NativeRegex).unwrap();
    let p = snapshot::decode(&stored.to_string(), NOW + 2, &config).unwrap();
    assert_eq!(p.related.len(), 1, "only the viewed item keeps relations");
    assert_eq!(p.related_of("TENT").unwrap().len(), RELATED_LEN);
}
