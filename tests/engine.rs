//! The engine's incremental pipeline as the shell relies on it: which widgets an event may
//! re-order, a flush that finds its own write in storage, and a config compiled once.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::json;
use shelfwise::core::attributes::Context;
use shelfwise::core::config;
use shelfwise::core::engine::Engine;
use shelfwise::core::event::Event;
use shelfwise::core::json::Json;
use shelfwise::core::parts::Parts;
use shelfwise::core::profile::Profile;
use shelfwise::core::regex::NativeRegex;

const T0: i64 = 1_700_000_000_000;

fn engine(cfg: serde_json::Value) -> Engine {
    let program = config::compile_json(&Json::from(&cfg), &NativeRegex).unwrap();
    Engine::new(program, Profile::new("v"), Context::default(), T0)
}

fn event(name: &str, params: serde_json::Value) -> Event {
    Event::parse(&Json::str(name), &Json::from(params)).unwrap()
}

fn view(id: &str) -> Event {
    event(
        "view_item",
        json!({ "items": [{ "item_id": id, "item_category": "Shoes", "item_brand": "Acme" }] }),
    )
}

#[test]
fn an_event_re_orders_only_the_widgets_whose_ranking_reads_what_it_changed() {
    let mut e = engine(json!({ "version": 1,
        "segments": [{ "id": "carter", "if": { "cart.lines": { "$gte": 1 } } }],
        "strategy": { "rules": [{ "rule": "boost", "match": { "brand": "Acme" } }] },
        "widgets": {
            "affinity": { "rules": [{ "rule": "affinity" }] },
            "viewed": { "rules": [{ "rule": "recentlyViewed" }] },
            "cart": { "rules": [{ "rule": "related", "to": "cart" }] },
            "targeted": { "rules": [{ "rule": "boost", "match": { "brand": "Acme" }, "segments": ["carter"] }] }
        } }));
    let u = e.track(view("a"), T0 + 1);
    assert!(u.changed.meets(Parts::VIEWED | Parts::CATEGORIES));
    assert!(e.may_reorder("affinity", &u));
    assert!(e.may_reorder("viewed", &u));
    assert!(
        !e.may_reorder("cart", &u),
        "a view changes nothing in the cart"
    );
    assert!(!e.may_reorder("targeted", &u), "no segment entered or left");
    assert_eq!(
        e.rankings_changed(&u),
        (vec!["affinity", "viewed"], false),
        "what framework bindings re-rank: the configured widgets, and none of the default's"
    );
    assert!(
        !e.may_reorder("anything-else", &u),
        "a boost by brand reads nothing of the visitor"
    );
    let add = event("add_to_cart", json!({ "items": [{ "item_id": "a" }] }));
    let u = e.track(add, T0 + 2);
    assert_eq!(u.entered, ["carter"]);
    assert!(e.may_reorder("cart", &u));
    assert!(e.may_reorder("targeted", &u), "its segment was entered");
    assert!(!e.may_reorder("viewed", &u));
    assert_eq!(
        e.rankings_changed(&u),
        (vec!["affinity", "cart", "targeted"], false),
        "an add to cart weighs in affinity too"
    );
    // Stated preferences and the shop's attributes: only what reads them.
    let u = e
        .set_attributes(
            Json::object(vec![("tier", Json::str("gold"))])
                .as_object()
                .cloned()
                .unwrap(),
            T0 + 3,
        )
        .unwrap();
    assert!(!e.may_reorder("affinity", &u) && !e.may_reorder("cart", &u));
}

#[test]
fn a_flush_that_finds_its_own_write_decodes_nothing() {
    let mut e = engine(json!({ "version": 1 }));
    e.track(view("a"), T0 + 1);
    let written = e.snapshot();
    e.saved();
    assert!(e.holds_own_write(&written));
    e.track(view("b"), T0 + 2);
    let before = e.profile().clone();
    let u = e.rebase(&written, T0 + 3).unwrap();
    assert!(u.is_empty(), "nothing to merge: {u:?}");
    assert_eq!(
        e.profile(),
        &before,
        "the profile in memory is kept as it is"
    );
    // What another tab wrote is not this tab's write: it is decoded and merged.
    let mut other = engine(json!({ "version": 1 }));
    other.set_writer("other");
    other.track(view("c"), T0 + 4);
    let theirs = other.snapshot();
    assert!(!e.holds_own_write(&theirs));
    let u = e.rebase(&theirs, T0 + 5).unwrap();
    assert_eq!(u.changed, Parts::ALL);
    let viewed: Vec<&str> = e
        .profile()
        .viewed
        .iter()
        .map(|(id, _)| id.as_str())
        .collect();
    // Theirs, then this tab's unsaved view, then its written one, which their copy lacked and
    // which is written again.
    assert_eq!(viewed, ["c", "b", "a"]);
    assert!(e.dirty());
}

#[test]
fn segments_on_segments_are_evaluated_when_the_ones_before_them_change() {
    let mut e = engine(json!({ "version": 1, "segments": [
        { "id": "viewer", "if": { "history.viewed": { "$size": { "$gte": 2 } } } },
        { "id": "fan", "if": { "segments": "viewer", "affinity.brand.Acme": { "$gt": 0 } } },
        { "id": "none-before", "if": { "segments": { "$size": 0 } } }
    ] }));
    assert_eq!(e.segments(), ["none-before"]);
    e.track(view("a"), T0 + 1);
    assert_eq!(e.segments(), ["none-before"]);
    let u = e.track(view("b"), T0 + 2);
    assert_eq!(u.entered, ["viewer", "fan"]);
    assert_eq!(u.left, ["none-before"]);
    assert_eq!(e.segments(), ["viewer", "fan"]);
}

#[test]
fn an_hours_window_moves_on_with_the_clock_hour_within_one_session() {
    // docs/attributes.md: "<n>h" is "the current clock hour and the n − 1 before".
    const MIN: i64 = 60_000;
    let nine = 1_700_038_800_000; // 2023-11-15 09:00 UTC
    assert_eq!(nine % (60 * MIN), 0);
    let mut e = engine(json!({ "version": 1,
        "features": { "views2h": { "events": "view_item", "window": "2h" } },
        "segments": [
            { "id": "recent-viewer", "if": { "features.views2h": { "$gte": 1 } } },
            { "id": "not-recent", "if": { "segments": { "$nin": ["recent-viewer"] } } }
        ] }));
    let click = || event("select_item", json!({ "items": [{ "item_id": "x" }] }));
    e.track(view("a"), nine + 50 * MIN);
    assert_eq!(e.segments(), ["recent-viewer"]);
    // Clicks every 20 minutes keep the session going; no click counts towards the feature.
    for (minute, expected) in [
        (70, "recent-viewer"),
        (90, "recent-viewer"),
        (110, "recent-viewer"),
        (125, "not-recent"),
    ] {
        let u = e.track(click(), nine + minute * MIN);
        assert!(!u.new_session, "one session");
        assert_eq!(e.segments(), [expected], "at {minute} minutes past");
    }
}
