//! Segment membership after every event equals the conditions evaluated on the full attributes
//! document (the engine builds only what the conditions read; nothing may differ).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::{json, Value};
use shelfwise::core::attributes::Context;
use shelfwise::core::config;
use shelfwise::core::engine::Engine;
use shelfwise::core::event::Event;
use shelfwise::core::json::Json;
use shelfwise::core::profile::Profile;
use shelfwise::core::program::Program;
use shelfwise::core::regex::NativeRegex;

const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;

/// Segments over single values; with `whole`, also segments reading whole subtrees (then the
/// engine builds those groups whole, and the single-value paths are checked the other way).
fn config(whole: bool) -> Program {
    let mut segments = json!([
        { "id": "shoes", "if": { "affinity.category.Shoes": { "$gte": 3 } } },
        { "id": "no-shoes", "if": { "affinity.category.Shoes": { "$exists": false } } },
        { "id": "runner", "if": { "affinity.top.category": "Shoes/Running" } },
        { "id": "brand-fan", "if": { "affinity.top.brand": { "$in": ["Acme", "Zenith"] } } },
        { "id": "dotted", "if": { "affinity.brand.Dr_ Martens": { "$gt": 0 } } },
        { "id": "item-viewer", "if": { "activity.item.i1.views": { "$gte": 2 } } },
        { "id": "cat-clicks", "if": { "activity.category.Apparel": { "$exists": true } } },
        { "id": "sale-shy", "if": { "affinity.tag.sale": { "$lt": 1 } } },
        { "id": "featured", "if": { "features.views7d": { "$gte": 3 }, "features.spend": { "$gt": 0 } } },
        { "id": "unknown-feature-path", "if": { "features.views7d.deeper": { "$exists": false } } },
        { "id": "cart", "if": { "cart.value": { "$gt": 50 }, "cart.categories": "Shoes" } },
        { "id": "history", "if": { "history.viewed.0": "i2" } },
        { "id": "returning", "if": { "visit.returning": true, "session.pageViews": { "$gte": 0 } } },
        { "id": "buyer", "if": { "orders.count": { "$gte": 1 } } },
        { "id": "combo", "if": { "$or": [ { "segments": "runner" }, { "segments": "buyer", "affinity.top.priceBand": "0-25" } ] } },
        { "id": "recent-viewer", "if": { "features.views2h": { "$gte": 1 } } },
        { "id": "session-cart", "if": { "features.sessionAdds": { "$gte": 1 } } },
        { "id": "many", "if": { "segments": { "$size": { "$gte": 3 } } } },
        { "id": "shoes-first", "if": { "segments.length": { "$gt": 1 }, "segments.0": "shoes" } },
        { "id": "no-viewer", "if": { "segments": { "$nin": ["recent-viewer"] }, "features.views7d": { "$gte": 1 } } },
        { "id": "second-visit", "if": { "visit.count": 2, "session.number": 2, "visit.lastSeen": { "$exists": true }, "visit.sessions30d": { "$gte": 2 } } },
        { "id": "long-session", "if": { "session.duration": { "$gt": 600 }, "session.events": { "$gte": 3 }, "visit.daysSinceLast": { "$lt": 1 } } }
    ]);
    if whole {
        if let Value::Array(list) = &mut segments {
            list.push(json!({ "id": "any-activity", "if": { "activity.brand": { "$exists": true }, "activity.item": { "$type": "object" } } }));
            list.push(json!({ "id": "affinity-object", "if": { "affinity.category": { "$exists": true } } }));
        }
    }
    let v = json!({
        "version": 1,
        "features": {
            "views7d": { "events": "view_item", "window": "7d" },
            "spend": { "events": "purchase", "sum": "value", "window": "all" },
            "views2h": { "events": "view_item", "window": "2h" },
            "sessionAdds": { "events": "add_to_cart", "window": "session" }
        },
        "segments": segments
    });
    match config::compile_json(&Json::from(&v), &NativeRegex) {
        Ok(c) => c,
        Err(e) => panic!("{e:?}"),
    }
}

/// Membership computed from the full document, in the engine's evaluation order.
fn from_full_document(e: &Engine, now: i64) -> Vec<String> {
    let Json::Obj(mut doc) = e.attributes(now) else {
        panic!("the attributes document is an object")
    };
    let mut members: Vec<String> = Vec::new();
    for (i, seg) in e.program().segments.iter().enumerate() {
        doc.insert(
            "segments",
            Json::strings(members.iter().map(String::as_str)),
        );
        if e.program().eval_segment_on(i, &Json::Obj(doc.clone())) {
            members.push(seg.id.clone());
        }
    }
    members
}

fn item(i: u8) -> Value {
    let cats = [
        ["Shoes", "Running"],
        ["Shoes", "Trail"],
        ["Apparel", "Tees"],
        ["Outdoor", "Tents"],
    ];
    let brands = ["Acme", "Zenith", "Dr. Martens", "Kestrel"];
    json!({
        "item_id": format!("i{}", i % 6),
        "item_category": cats[(i % 4) as usize][0],
        "item_category2": cats[(i % 4) as usize][1],
        "item_brand": brands[(i / 4 % 4) as usize],
        "price": f64::from(i) * 7.5,
        "item_tags": if i % 3 == 0 { vec!["sale"] } else { vec!["new"] },
    })
}

fn event(kind: u8, i: u8) -> Option<Event> {
    let name = [
        "view_item",
        "select_item",
        "add_to_cart",
        "remove_from_cart",
        "purchase",
        "page_view",
    ][(kind % 6) as usize];
    let mut params = json!({ "items": [item(i)] });
    if name == "purchase" {
        params["transaction_id"] = json!(format!("T{kind}{i}"));
    }
    Event::parse(&Json::str(name), &Json::from(params)).ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn segments_match_the_full_document(whole: bool, steps in prop::collection::vec((0u8..6, 0u8..32, prop_oneof![0i64..(3 * HOUR), 0i64..(3 * DAY)]), 1..60)) {
        let mut e = Engine::new(config(whole), Profile::new("v"), Context::default(), 0);
        let mut now = 1_700_000_000_000;
        for (kind, i, gap) in steps {
            now += gap;
            // Segments are re-evaluated by counted events (a repeated purchase is not one).
            let counted = event(kind, i).is_some_and(|ev| e.track(ev, now).counted);
            if counted {
                prop_assert_eq!(e.segments().to_vec(), from_full_document(&e, now));
            }
        }
    }
}

#[test]
fn a_dotted_brand_is_read_under_its_underscored_key() {
    let mut e = Engine::new(config(false), Profile::new("v"), Context::default(), 0);
    let ev = Event::parse(
        &Json::str("view_item"),
        &Json::from(json!({ "items": [{ "item_id": "b", "item_brand": "Dr. Martens" }] })),
    );
    e.track(ev.ok().unwrap_or_default(), 1_700_000_000_000);
    assert!(
        e.segments().iter().any(|s| s == "dotted"),
        "{:?}",
        e.segments()
    );
}
