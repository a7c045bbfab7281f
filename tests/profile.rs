//! The visitor profile as a shop sees it through the attributes document: sessions, visits,
//! per-item/category/brand/price-band activity, orders, cart, recent lists, feature windows,
//! decayed affinity, eviction, retention, duplicate purchases, storage and several tabs.
//!
//! Every test runs on an injected clock: time is an argument, nothing sleeps.
#![cfg(not(target_arch = "wasm32"))]

#[path = "profile/orders.rs"]
mod orders;
#[path = "profile/shop.rs"]
mod shop;
#[path = "profile/size.rs"]
mod size;
#[path = "profile/storage.rs"]
mod storage;
#[path = "profile/windows.rs"]
mod windows;

use serde_json::{json, Value};
use shop::{item, Visitor, DAY, HOUR, MIN, T0};

// ---- sessions and visits ------------------------------------------------------------------

#[test]
fn thirty_minutes_of_quiet_ends_a_session() {
    let mut v = Visitor::new(json!({ "version": 1 }));
    v.page("/", None, json!({}));
    assert_eq!(v.get("visit.count"), 1);
    assert_eq!(v.get("visit.returning"), false);
    assert_eq!(v.get("visit.daysSinceLast"), Value::Null);
    // Exactly 30 minutes after the last activity is still the same session…
    v.after(30 * MIN)
        .track("view_item", json!({ "items": [item("SH-RUN-1")] }));
    v.after(30 * MIN).page("/shoes", None, json!({}));
    assert_eq!(v.get("session.number"), 1);
    assert_eq!(v.get("session.pageViews"), 2);
    assert_eq!(v.get("session.events"), 3);
    // …one millisecond more starts the next one.
    let u = v.after(30 * MIN + 1).page("/", None, json!({}));
    assert!(u.new_session);
    assert_eq!(v.get("visit.count"), 2);
    assert_eq!(v.get("session.number"), 2);
    assert_eq!(v.get("session.pageViews"), 1);
    assert_eq!(v.get("visit.returning"), true);
    assert_eq!(v.get("visit.daysSinceLast"), 0.02); // 30 minutes, in days
}

#[test]
fn the_session_timeout_is_configurable() {
    let mut v = Visitor::new(json!({ "version": 1, "session": { "timeoutMinutes": 5 } }));
    v.page("/", None, json!({}));
    v.after(5 * MIN).page("/a", None, json!({}));
    assert_eq!(v.get("visit.count"), 1);
    v.after(5 * MIN + 1).page("/b", None, json!({}));
    assert_eq!(v.get("visit.count"), 2);
}

#[test]
fn a_new_campaign_starts_a_session_and_the_same_one_does_not() {
    let mut v = Visitor::new(json!({ "version": 1 }));
    v.page("/", None, json!({ "source": "news", "campaign": "spring" }));
    assert_eq!(v.get("utm.campaign"), "spring");
    assert_eq!(v.get("session.source"), "campaign");
    // Same campaign again, or a page without campaign: same session, campaign kept.
    v.after(MIN)
        .page("/", None, json!({ "source": "news", "campaign": "spring" }));
    v.after(MIN).page("/shoes", None, json!({}));
    assert_eq!(v.get("visit.count"), 1);
    assert_eq!(v.get("utm.campaign"), "spring");
    // Another campaign one minute later: a new session that carries it.
    let u = v
        .after(MIN)
        .page("/", None, json!({ "source": "news", "campaign": "summer" }));
    assert!(u.new_session);
    assert_eq!(v.get("visit.count"), 2);
    assert_eq!(v.get("utm.campaign"), "summer");
}

#[test]
fn a_campaign_page_replayed_from_another_tab_starts_no_session() {
    let mut v = Visitor::new(json!({ "version": 1 }));
    v.page("/", None, json!({ "campaign": "spring" }));
    let spring_page = v.now + MIN;
    v.after(2 * MIN)
        .page("/", None, json!({ "campaign": "summer" }));
    assert_eq!(v.get("visit.count"), 2);
    // Another tab's spring page view, a minute older than this session, merged in later.
    let late = shop::page_view("/shoes", None, json!({ "campaign": "spring" }));
    assert!(!v.engine.track(late, spring_page).new_session);
    assert_eq!(v.get("visit.count"), 2);
    assert_eq!(v.get("utm.campaign"), "summer");
    assert_eq!(v.get("session.pageViews"), 2);
}

#[test]
fn a_session_knows_its_landing_page_referrer_source_and_duration() {
    let mut v = Visitor::new(json!({ "version": 1 }));
    v.page("/shoes/running", Some("www.google.com"), json!({}));
    v.after(90_000).page("/product.html", None, json!({}));
    v.after(30_000);
    assert_eq!(v.get("session.landingPage"), "/shoes/running");
    assert_eq!(v.get("referrer.host"), "www.google.com");
    assert_eq!(v.get("session.source"), "search");
    assert_eq!(v.get("session.duration"), 120); // seconds since the session began
    assert_eq!(v.get("utm"), json!({}));

    v.after(HOUR).page("/", Some("blog.example.org"), json!({}));
    assert_eq!(v.get("session.source"), "referral");
    assert_eq!(v.get("referrer.host"), "blog.example.org");
    assert_eq!(v.get("session.landingPage"), "/");

    v.after(HOUR).page("/cart.html", None, json!({}));
    assert_eq!(v.get("session.source"), "direct");
    assert_eq!(v.get("referrer.host"), Value::Null);
}

#[test]
fn visits_remember_first_and_last_seen_and_recent_frequency() {
    let mut v = Visitor::new(json!({ "version": 1 }));
    v.page("/", None, json!({}));
    v.after(10 * MIN).page("/a", None, json!({}));
    assert_eq!(
        v.get("visit.lastSeen"),
        Value::Null,
        "nothing before the first visit"
    );
    for _ in 0..3 {
        v.after(10 * DAY).page("/", None, json!({}));
    }
    assert_eq!(v.get("visit.count"), 4);
    assert_eq!(v.get("visit.firstSeen"), T0);
    assert_eq!(v.get("visit.daysSinceFirst"), 30.01);
    assert_eq!(v.get("visit.daysSinceLast"), 10.0);
    // Four sessions began in the last 30 days… the first one has just left that span.
    assert_eq!(v.get("visit.sessions30d"), 3);
    assert_eq!(v.get("visit.lastSeen"), v.now - 10 * DAY);
}

// ---- activity and affinity per item, category level, brand, price band ----------------------

#[test]
fn every_action_is_counted_per_item_category_level_brand_and_price_band() {
    let mut v = Visitor::new(json!({ "version": 1 }));
    let run = item("SH-RUN-1");
    v.track("view_item", json!({ "items": [run] }));
    v.track("select_item", json!({ "items": [run] }));
    v.track("add_to_cart", json!({ "items": [run] }));
    v.track("add_to_wishlist", json!({ "items": [item("SH-TRL-1")] }));
    v.track(
        "purchase",
        json!({ "transaction_id": "T1", "value": 129.95, "items": [run] }),
    );
    let counts = |path: &str| v.get(path);
    let all = json!({ "views": 1, "clicks": 1, "carts": 1, "wishlists": 0, "purchases": 1 });
    assert_eq!(counts("activity.item.SH-RUN-1"), all);
    assert_eq!(counts("activity.category.Shoes/Running"), all);
    assert_eq!(counts("activity.category.Shoes.wishlists"), 1);
    assert_eq!(counts("activity.category.Shoes.views"), 1);
    assert_eq!(counts("activity.category.Shoes/Trail.wishlists"), 1);
    assert_eq!(counts("activity.brand.Stridewell.carts"), 1);
    assert_eq!(counts("activity.priceBand.100-250.purchases"), 1);
    assert_eq!(counts("activity.priceBand.50-100.wishlists"), 1);
    assert_eq!(counts("activity.tag.cushioned.views"), 1);
    // Default weights: view 1, click 2, wishlist 3, cart 5, purchase 8; no time has passed.
    assert_eq!(counts("affinity.category.Shoes/Running"), 16.0);
    assert_eq!(counts("affinity.category.Shoes"), 19.0);
    assert_eq!(counts("affinity.category.Shoes/Trail"), 3.0);
    assert_eq!(counts("affinity.brand.Stridewell"), 19.0);
    assert_eq!(counts("affinity.priceBand.100-250"), 16.0);
}

#[test]
fn price_bands_follow_the_config() {
    let mut v = Visitor::new(json!({ "version": 1, "priceBands": [20, 100] }));
    v.track("view_item", json!({ "items": [item("AC-SCK-1")] })); // 14.50
    v.track("view_item", json!({ "items": [item("SH-TRL-1")] })); // 89.00
    v.track("view_item", json!({ "items": [item("AP-JKT-1")] })); // 289.00
    assert_eq!(
        v.get("activity.priceBand"),
        json!({
            "0-20": { "views": 1, "clicks": 0, "carts": 0, "wishlists": 0, "purchases": 0 },
            "20-100": { "views": 1, "clicks": 0, "carts": 0, "wishlists": 0, "purchases": 0 },
            "100+": { "views": 1, "clicks": 0, "carts": 0, "wishlists": 0, "purchases": 0 },
        })
    );
}

#[test]
fn affinity_halves_every_half_life() {
    let mut v = Visitor::new(json!({ "version": 1 }));
    v.track("add_to_cart", json!({ "items": [item("AP-JKT-1")] }));
    assert_eq!(v.get("affinity.brand.Northpeak"), 5.0);
    v.after(30 * DAY);
    assert_eq!(v.get("affinity.brand.Northpeak"), 2.5);
    v.after(30 * DAY);
    assert_eq!(v.get("affinity.brand.Northpeak"), 1.25);
    // New interest adds to what is left: 1.25 + 1 (a view).
    v.track("view_item", json!({ "items": [item("AP-JKT-1")] }));
    assert_eq!(v.get("affinity.brand.Northpeak"), 2.25);
}

#[test]
fn half_life_and_weights_are_configurable() {
    let mut v = Visitor::new(json!({
        "version": 1,
        "affinity": { "halfLifeDays": 7, "weights": { "view_item": 0, "add_to_cart": 10 } }
    }));
    v.track("view_item", json!({ "items": [item("SH-RUN-1")] }));
    assert_eq!(
        v.get("affinity.brand.Stridewell"),
        0.0,
        "views weigh nothing"
    );
    v.track("add_to_cart", json!({ "items": [item("SH-RUN-1")] }));
    assert_eq!(v.get("affinity.brand.Stridewell"), 10.0);
    v.after(7 * DAY);
    assert_eq!(v.get("affinity.brand.Stridewell"), 5.0);
    // Weights not given keep their defaults: a purchase still weighs 8.
    v.track(
        "purchase",
        json!({ "transaction_id": "T", "items": [item("SH-RUN-1")] }),
    );
    assert_eq!(v.get("affinity.brand.Stridewell"), 13.0);
}

#[test]
fn the_top_affinity_is_the_most_specific_favourite_and_follows_recent_interest() {
    let mut v = Visitor::new(json!({ "version": 1 }));
    for _ in 0..4 {
        v.track("view_item", json!({ "items": [item("SH-RUN-1")] }));
    }
    v.track("view_item", json!({ "items": [item("SH-TRL-1")] }));
    // Shoes holds every shoe view, yet the favourite is the running shelf inside it.
    assert_eq!(v.get("affinity.top.category"), "Shoes/Running");
    assert_eq!(v.get("affinity.top.brand"), "Stridewell");
    assert_eq!(v.get("affinity.top.priceBand"), "100-250");
    // Three months later, two jacket views outweigh four old shoe views.
    v.after(90 * DAY);
    v.track("view_item", json!({ "items": [item("AP-JKT-1")] }));
    v.track("view_item", json!({ "items": [item("AP-JKT-1")] }));
    assert_eq!(v.get("affinity.top.category"), "Apparel/Jackets");
    assert_eq!(v.get("affinity.top.brand"), "Northpeak");
    assert!(v.segment_holds(json!({ "affinity.top.category": "Apparel/Jackets" })));
}

#[test]
fn items_categories_and_brands_keep_the_most_recently_touched_within_their_caps() {
    use shelfwise::core::profile::{BRAND_CAP, CATEGORY_CAP, ITEM_CAP};
    let mut v = Visitor::new(json!({ "version": 1 }));
    for i in 0..200 {
        v.after(MIN).track(
            "view_item",
            json!({ "items": [{ "item_id": format!("P{i}"), "item_category": format!("C{i}"),
                                "item_brand": format!("B{i}") }] }),
        );
    }
    let items = v.get("activity.item");
    assert_eq!(items.as_object().unwrap().len(), ITEM_CAP);
    assert!(items.get("P199").is_some() && items.get("P136").is_some());
    assert!(items.get("P135").is_none(), "the oldest are evicted first");
    assert_eq!(
        v.get("activity.category").as_object().unwrap().len(),
        CATEGORY_CAP
    );
    assert_eq!(
        v.get("activity.brand").as_object().unwrap().len(),
        BRAND_CAP
    );
    // Touching an old key again keeps it.
    v.after(MIN)
        .track("view_item", json!({ "items": [{ "item_id": "P136" }] }));
    for i in 200..210 {
        v.after(MIN).track(
            "view_item",
            json!({ "items": [{ "item_id": format!("P{i}") }] }),
        );
    }
    let items = v.get("activity.item");
    assert!(items.get("P136").is_some() && items.get("P137").is_none());
}

// ---- the document itself -------------------------------------------------------------------------

#[test]
fn the_attributes_document_has_every_documented_group() {
    use shelfwise::core::attributes::GROUPS;
    let mut v = Visitor::new(json!({
        "version": 1,
        "segments": [{ "id": "anyone", "if": { "visit.count": { "$gte": 1 } } }]
    }));
    v.track("page_view", json!({}));
    let doc = v.engine.attributes(v.now);
    let keys: Vec<&str> = doc.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), GROUPS.len(), "{keys:?}");
    for g in GROUPS {
        assert!(doc.get(g).is_some(), "group {g} is missing");
    }
    assert_eq!(doc["segments"], json!(["anyone"]));
}

#[test]
fn time_device_page_attrs_and_prefs_come_from_the_context_and_the_shop() {
    use shelfwise::core::attributes::Context;
    // 2023-11-14 (a Tuesday) 22:13 UTC is 23:13 in Berlin, and 2023-11-15 07:13 in Tokyo.
    let ctx = Context {
        path: "/shoes".into(),
        page_type: "category".into(),
        device: "mobile".into(),
        width: 390.0,
        locale: "de-DE".into(),
        tz_offset_min: 60,
    };
    let mut v = Visitor::with_context(json!({ "version": 1 }), ctx.clone());
    assert_eq!(
        v.get("time"),
        json!({ "hour": 23, "weekday": "tuesday", "weekend": false })
    );
    assert_eq!(v.get("device"), json!({ "type": "mobile", "width": 390.0 }));
    assert_eq!(
        v.get("page"),
        json!({ "path": "/shoes", "type": "category", "locale": "de-DE" })
    );
    let tokyo = Visitor::with_context(
        json!({ "version": 1 }),
        Context {
            tz_offset_min: 540,
            ..ctx
        },
    );
    assert_eq!(tokyo.get("time.hour"), 7);
    assert_eq!(tokyo.get("time.weekday"), "wednesday");
    let attrs = json!({ "tier": "gold" });
    v.engine
        .set_attributes(attrs.as_object().cloned().unwrap().into(), v.now)
        .unwrap();
    v.engine
        .set_preferences(
            json!({ "size": "44" }).as_object().cloned().unwrap().into(),
            v.now,
        )
        .unwrap();
    assert_eq!(v.get("attrs.tier"), "gold");
    assert_eq!(v.get("prefs.size"), "44");
}
