//! Feature windows: per UTC day up to 31 days, coarser buckets beyond, hours, the session, all.

use crate::shop::{item, Visitor, DAY, HOUR, MIN};
use serde_json::{json, Value};

/// 2023-11-15 00:00 UTC.
const DAY0: i64 = 19_676 * DAY;

fn with_feature(window: &str) -> Value {
    json!({ "version": 1, "features": { "views": { "events": "view_item", "window": window } } })
}

fn view(v: &mut Visitor) {
    v.track("view_item", json!({ "items": [{ "item_id": "A" }] }));
}

#[test]
fn a_seven_day_window_is_today_and_the_six_days_before() {
    let mut v = Visitor::new(with_feature("7d"));
    for d in 0..10 {
        v.now = DAY0 + d * DAY + 12 * HOUR;
        view(&mut v);
    }
    assert_eq!(v.get("features.views"), 7.0);
    v.now = DAY0 + 12 * DAY + MIN; // days 6 to 12 are in: 6, 7, 8, 9 had a view
    assert_eq!(v.get("features.views"), 4.0);
    // A view late on a day leaves the window when the seventh day after it begins.
    let mut v = Visitor::new(with_feature("7d"));
    v.now = DAY0 + DAY - MIN;
    view(&mut v);
    v.now = DAY0 + 7 * DAY - 1;
    assert_eq!(v.get("features.views"), 1.0);
    v.now = DAY0 + 7 * DAY;
    assert_eq!(v.get("features.views"), 0.0);
}

#[test]
fn an_hour_window_counts_whole_clock_hours() {
    let mut v = Visitor::new(with_feature("2h"));
    v.now = DAY0 + 10 * HOUR + 15 * MIN;
    view(&mut v);
    v.now = DAY0 + 11 * HOUR + 45 * MIN;
    view(&mut v);
    assert_eq!(v.get("features.views"), 2.0);
    v.now = DAY0 + 12 * HOUR + 5 * MIN;
    assert_eq!(v.get("features.views"), 1.0);
    v.now = DAY0 + 13 * HOUR;
    assert_eq!(v.get("features.views"), 0.0);
}

#[test]
fn a_session_window_starts_again_with_each_session() {
    let mut v = Visitor::new(with_feature("session"));
    view(&mut v);
    v.after(10 * MIN);
    view(&mut v);
    assert_eq!(v.get("features.views"), 2.0);
    v.after(31 * MIN).page("/", None, json!({}));
    assert_eq!(v.get("features.views"), 0.0, "a new session");
    view(&mut v);
    assert_eq!(v.get("features.views"), 1.0);
}

#[test]
fn all_means_everything_within_the_retention() {
    let cfg = json!({
        "version": 1, "storage": { "retentionDays": 30 },
        "features": { "views": { "events": "view_item", "window": "all" } }
    });
    let mut v = Visitor::new(cfg);
    for d in [0, 10, 20] {
        v.now = DAY0 + d * DAY;
        view(&mut v);
    }
    v.now = DAY0 + 25 * DAY;
    assert_eq!(v.get("features.views"), 3.0);
    v.now = DAY0 + 35 * DAY;
    assert_eq!(v.get("features.views"), 2.0);
}

#[test]
fn long_windows_use_coarser_buckets_and_stay_close() {
    use shelfwise::core::profile::counts::MAX_BUCKETS;
    let mut v = Visitor::new(with_feature("90d"));
    for h in 0..(120 * 24) {
        v.now = DAY0 + h * HOUR;
        view(&mut v);
        let total = v.get("features.views").as_f64().unwrap();
        let expected = ((h + 1) as f64).min(90.0 * 24.0);
        // Buckets of three days: the oldest may already be gone, never more than that.
        assert!(
            total <= expected && total >= expected - 3.0 * 24.0,
            "{total} vs {expected}"
        );
        let stored = v.engine.profile().features["views"].b.len();
        assert!(stored <= MAX_BUCKETS as usize, "{stored} buckets");
    }
}

#[test]
fn sums_of_value_and_quantity_over_matching_items() {
    let mut v = Visitor::new(json!({
        "version": 1,
        "features": {
            "shoeSpend": { "events": "purchase", "where": { "category": "Shoes" }, "sum": "value", "window": "30d" },
            "pairs": { "events": ["add_to_cart", "purchase"], "where": { "category": "Running" }, "sum": "quantity", "window": "30d" },
            "cheap": { "events": "view_item", "where": { "price": { "max": 20 } }, "window": "30d" },
            "spend": { "events": "purchase", "sum": "value", "window": "30d" },
            "anything": { "window": "30d" }
        }
    }));
    let mut shoes = item("SH-RUN-1");
    shoes["quantity"] = json!(2);
    v.track("add_to_cart", json!({ "items": [shoes] }));
    v.track(
        "purchase",
        json!({ "transaction_id": "T", "value": 274.4, "items": [shoes, item("AC-SCK-1")] }),
    );
    v.track("view_item", json!({ "items": [item("AC-SCK-1")] }));
    v.track("view_item", json!({ "items": [item("SH-TRL-1")] }));
    assert_eq!(v.get("features.shoeSpend"), 259.9);
    assert_eq!(v.get("features.pairs"), 4.0);
    assert_eq!(v.get("features.cheap"), 1.0);
    assert_eq!(
        v.get("features.spend"),
        274.4,
        "no filter: the event's value"
    );
    assert_eq!(
        v.get("features.anything"),
        4.0,
        "no events named: every event"
    );
}

#[test]
fn a_feature_whose_definition_changed_starts_from_zero() {
    let before = json!({ "version": 1, "features": {
        "same": { "events": "view_item", "window": "30d" },
        "changed": { "events": "view_item", "window": "30d" } } });
    let after = json!({ "version": 1, "features": {
        "same": { "events": "view_item", "window": "30d" },
        "changed": { "events": "view_item", "where": { "brand": "Cushy" }, "window": "30d" } } });
    let mut v = Visitor::new(before);
    view(&mut v);
    view(&mut v);
    let v = v.reload(after);
    assert_eq!(v.get("features.same"), 2.0);
    assert_eq!(v.get("features.changed"), 0.0);
}

#[test]
fn every_window_survives_a_reload() {
    for window in ["72h", "31d", "90d", "all", "session"] {
        let cfg = with_feature(window);
        let mut v = Visitor::new(cfg.clone());
        v.now = DAY0;
        view(&mut v);
        v.now = DAY0 + 70 * HOUR;
        view(&mut v);
        let before = v.get("features.views");
        assert_eq!(before, if window == "session" { 1.0 } else { 2.0 });
        let back = v.reload(cfg);
        assert_eq!(back.get("features.views"), before, "{window}");
    }
}
