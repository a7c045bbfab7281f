//! The stored profile: reloads, the version-1 format, damaged or future data, retention, and
//! several tabs writing the same storage (merge on write).

use crate::shop::{config, event, item, Visitor, DAY, MIN, T0};
use serde_json::{json, Value};
use shelfwise::core::attributes::Context;
use shelfwise::core::engine::Engine;
use shelfwise::core::json::Json;
use shelfwise::core::profile::snapshot::{decode, encode, DecodeError, VERSION};
use shelfwise::core::profile::Profile;

fn demo() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/shelfwise.config.json"
    ))
    .expect("the demo config is readable");
    serde_json::from_str(&text).expect("the demo config is JSON")
}

fn browse(v: &mut Visitor) {
    v.page("/", Some("www.google.com"), json!({ "campaign": "spring" }));
    for id in ["SH-RUN-1", "SH-TRL-1", "SH-RUN-1"] {
        v.after(MIN)
            .track("view_item", json!({ "items": [item(id)] }));
    }
    v.track("select_item", json!({ "items": [item("AP-JKT-1")] }));
    v.track("add_to_cart", json!({ "items": [item("AC-SCK-1")] }));
    v.track("search", json!({ "search_term": "trail shoes" }));
    v.after(MIN).track(
        "purchase",
        json!({ "transaction_id": "T1", "value": 89, "items": [item("SH-TRL-1")] }),
    );
    v.track("add_to_cart", json!({ "items": [item("SH-RUN-1")] }));
}

#[test]
fn a_reload_shows_the_same_visitor() {
    let mut v = Visitor::new(demo());
    browse(&mut v);
    v.after(5 * MIN);
    let back = v.reload(demo());
    assert_eq!(back.engine.attributes(back.now), v.engine.attributes(v.now));
    assert_eq!(back.engine.segments(), v.engine.segments());
    assert!(back.engine.segments().contains(&"runner".to_string()));
}

#[test]
fn a_version_1_profile_is_read_and_written_back_as_the_current_version() {
    let v1 = json!({
        "v": 1, "id": "old-visitor", "first": T0 - 5 * DAY, "last": T0 - DAY,
        "session": { "n": 3, "start": T0 - DAY - 10 * MIN, "last": T0 - DAY, "pages": 4 },
        "starts": [T0 - 5 * DAY, T0 - 3 * DAY, T0 - DAY - 10 * MIN],
        "items": { "SH-1": [[2, 1, 0, 0, 0], 4.0, T0 - DAY] },
        "brands": { "Stride": [[2, 1, 0, 0, 0], 4.0, T0 - DAY] },
        "viewed": ["SH-1", "SH-2"],
        "cart": [["SH-1", 2.0, 89.0]],
        "orders": [[T0 - 3 * DAY, 120.5, "T-9"]],
    });
    let cfg = config(json!({ "version": 1 }));
    let p = decode(&v1.to_string(), T0, &cfg.rules).expect("a version-1 profile is readable");
    let e = Engine::new(cfg, p, Context::default(), T0);
    let doc = e.attributes(T0);
    assert_eq!(doc["visit"]["count"], 3);
    assert_eq!(doc["history"]["viewed"], json!(["SH-1", "SH-2"]));
    assert_eq!(doc["cart"]["value"], 178.0);
    assert_eq!(doc["cart"]["ids"], json!(["SH-1"]));
    assert_eq!(doc["orders"]["count"], 1);
    assert_eq!(doc["activity"]["item"]["SH-1"]["views"], 2);
    assert_eq!(
        doc["affinity"]["brand"]["Stride"], 3.909,
        "a day old: 4 × 0.5^(1/30)"
    );
    // Written back in the current format, which reads again unchanged.
    let stored = Json::parse(&e.snapshot()).unwrap();
    assert_eq!(stored["v"], VERSION);
    assert_eq!(stored["viewed"][0], json!(["SH-1", T0 - DAY]));
    assert_eq!(stored["cart"][0], json!(["SH-1", 2.0, 89.0, "", ""]));
    let cfg = config(json!({ "version": 1 }));
    let again = decode(&e.snapshot(), T0, &cfg.rules).unwrap();
    assert_eq!(&again, e.profile());
}

#[test]
fn damaged_or_future_profiles_are_refused_with_the_reason() {
    let cfg = config(json!({ "version": 1 }));
    let says = |text: &str| decode(text, T0, &cfg.rules).unwrap_err().to_string();
    assert!(says("{\"v\":2,\"items\":{").starts_with("the stored profile is not valid JSON"));
    assert!(says("[]").starts_with("the stored profile has the wrong shape"));
    assert!(says("{\"id\":\"x\"}").contains("no format version"));
    assert_eq!(
        decode("{\"v\":7}", T0, &cfg.rules),
        Err(DecodeError::Newer {
            found: 7,
            supported: u64::from(VERSION)
        }),
        "a newer engine's profile is not this engine's to change"
    );
}

#[test]
fn absurd_stored_values_are_brought_back_into_bounds() {
    let cfg = config(json!({ "version": 1 }));
    let blob = json!({
        "v": 2, "id": "x", "first": -5, "last": T0 + 400 * DAY,
        "items": { "a": [[1, 0, 0, 0, 0], 1e300, T0 + 400 * DAY] },
        "cart": [["a", -3.0, 10.0, "", ""], ["b", 1.0, 5.0, "", ""]],
        "orders": [[T0, -50.0, "T1"], [T0, 10.0, "T2"]],
        "viewed": (0..500).map(|i| json!([format!("i{i}"), T0])).collect::<Vec<_>>(),
    });
    let p = decode(&blob.to_string(), T0, &cfg.rules).unwrap();
    let e = Engine::new(cfg, p, Context::default(), T0);
    let doc = e.attributes(T0);
    assert_eq!(doc["cart"]["ids"], json!(["b"]));
    assert_eq!(doc["orders"]["revenue"], 10.0);
    assert_eq!(doc["history"]["viewed"].as_array().unwrap().len(), 20);
    assert!(doc["visit"]["daysSinceFirst"].as_f64().unwrap() >= 0.0);
    assert!(e.profile().items.0["a"].1 <= 1e9);
}

#[test]
fn the_retention_forgets_old_activity_and_a_long_absence_starts_afresh() {
    let cfg = json!({ "version": 1, "storage": { "retentionDays": 30 } });
    let mut v = Visitor::new(cfg.clone());
    v.track("view_item", json!({ "items": [item("AP-JKT-1")] }));
    v.after(20 * DAY)
        .track("view_item", json!({ "items": [item("SH-RUN-1")] }));
    v.after(15 * DAY);
    let v = v.reload(cfg.clone());
    assert_eq!(v.get("history.viewed"), json!(["SH-RUN-1"]));
    assert_eq!(v.get("activity.brand.Northpeak"), Value::Null);
    assert_eq!(v.get("activity.brand.Stridewell.views"), 1);
    let mut v = v;
    v.after(31 * DAY);
    let mut v = v.reload(cfg);
    v.page("/", None, json!({}));
    assert_eq!(v.get("history.viewed"), json!([]));
    assert_eq!(
        v.get("visit.count"),
        1,
        "nothing younger than the retention is left"
    );
    assert_eq!(v.engine.profile().id, "test", "the visitor id stays");
}

/// One tab: its engine, and a write that merges with what storage holds (`Shell::flush`).
struct Tab(Engine);

impl Tab {
    fn open(storage: &Option<String>, now: i64) -> Tab {
        let cfg = config(demo());
        let mut e = Engine::new(cfg, Profile::new("tab"), Context::default(), now);
        if let Some(text) = storage {
            e.rebase(text, now).unwrap();
        }
        Tab(e)
    }

    fn track(&mut self, name: &str, params: Value, now: i64) {
        self.0.track(event(name, params), now);
    }

    fn flush(&mut self, storage: &mut Option<String>, now: i64) {
        if let Some(text) = storage.as_deref() {
            self.0.rebase(text, now).unwrap();
        }
        *storage = Some(self.0.snapshot());
        self.0.saved();
    }
}

#[test]
fn two_tabs_tracking_in_turns_lose_nothing_and_count_nothing_twice() {
    let mut storage: Option<String> = None;
    let mut t = T0;
    let mut a = Tab::open(&storage, t);
    let mut b = Tab::open(&storage, t);
    let view = |id: &str| json!({ "items": [item(id)] });
    for round in 0..5 {
        t += MIN;
        a.track("view_item", view("SH-RUN-1"), t);
        b.track("view_item", view("SH-TRL-1"), t);
        b.track("add_to_cart", view("AC-SCK-1"), t);
        if round % 2 == 0 {
            a.flush(&mut storage, t);
        }
        b.flush(&mut storage, t);
    }
    // The same order confirmed in both tabs (the thank-you page open twice).
    let order = json!({ "transaction_id": "T-1", "value": 14.5, "items": [item("AC-SCK-1")] });
    a.track("purchase", order.clone(), t);
    b.track("purchase", order, t);
    a.flush(&mut storage, t);
    b.flush(&mut storage, t);
    // A write that failed (storage full) merged the change but kept it for the next write.
    a.track("view_item", view("AP-JKT-1"), t);
    a.0.rebase(storage.as_deref().unwrap(), t).unwrap();
    a.flush(&mut storage, t);

    let stored: Value = serde_json::from_str(storage.as_deref().unwrap()).unwrap();
    let views = |k: &str| stored["categories"][k][0][0].clone();
    assert_eq!(views("Shoes/Running"), 5);
    assert_eq!(views("Shoes/Trail"), 5);
    assert_eq!(views("Apparel/Jackets"), 1);
    assert_eq!(stored["items"]["AC-SCK-1"][0], json!([0, 0, 5, 0, 1]));
    assert_eq!(stored["orders"].as_array().unwrap().len(), 1);
    assert_eq!(stored["cart"], json!([]));
    // Tab B hears of the last write (the `storage` event) and sees all of it.
    b.0.rebase(storage.as_deref().unwrap(), t).unwrap();
    let doc = b.0.attributes(t);
    assert_eq!(doc["features"]["runningViews30d"], 5.0);
    assert_eq!(doc["features"]["shoeViews30d"], 10.0);
    assert_eq!(doc["history"]["viewed"][0], "AP-JKT-1");
}

#[test]
fn a_tab_writing_from_an_older_copy_of_storage_loses_no_other_tab_s_write() {
    // Browsers may show a tab another tab's write late (Chromium caches localStorage per
    // process), so a write can be merged onto an older copy and overwrite what it did not see.
    let view = |id: &str| json!({ "items": [item(id)] });
    let mut t = T0;
    let mut a = Tab::open(&None, t);
    let mut b = Tab::open(&None, t);
    a.0.set_writer("tab-a");
    b.0.set_writer("tab-b");
    a.track("view_item", view("SH-RUN-1"), t);
    let mut storage = None;
    a.flush(&mut storage, t);
    let first = storage.clone();
    // B has not seen A's write yet: it writes from an empty copy.
    t += MIN / 60;
    b.track("view_item", view("SH-TRL-1"), t);
    let mut stale = None;
    b.flush(&mut stale, t);
    storage = stale;
    // A hears of B's write: its own write is missing there, so it writes it again.
    a.0.rebase(storage.as_deref().unwrap(), t).unwrap();
    assert!(a.0.dirty());
    a.flush(&mut storage, t);
    // B hears of that, and of A's first write late: nothing to write again, nothing counted twice.
    b.0.rebase(storage.as_deref().unwrap(), t).unwrap();
    b.0.rebase(first.as_deref().unwrap(), t).unwrap();
    b.flush(&mut storage, t);
    a.0.rebase(storage.as_deref().unwrap(), t).unwrap();
    assert!(!a.0.dirty());
    for tab in [&a, &b] {
        let doc = tab.0.attributes(t);
        assert_eq!(doc["features"]["shoeViews30d"], 2.0);
        assert_eq!(doc["history"]["viewed"], json!(["SH-TRL-1", "SH-RUN-1"]));
    }
    let stored: Value = serde_json::from_str(storage.as_deref().unwrap()).unwrap();
    assert_eq!(stored["categories"]["Shoes"][0][0], 2);
}

#[test]
fn encoding_and_decoding_changes_nothing() {
    let mut v = Visitor::new(demo());
    browse(&mut v);
    let p = v.engine.profile().clone();
    let cfg = config(demo());
    assert_eq!(decode(&encode(&p), v.now, &cfg.rules).unwrap(), p);
}
