//! The stored form of a profile: versioned JSON, migrated forward, checked and repaired on load.

use super::codec;
use super::counts::MAX_BUCKETS;
use super::{stats::Stats, Profile, BRAND_CAP, CART_CAP, CATEGORY_CAP, ITEM_CAP, ORDERS_CAP};
use super::{BAND_CAP, PURCHASED_CAP, SEARCH_CAP, TAG_CAP, VIEWED_CAP};
use crate::core::config::filter::MAX_HOURS;
use crate::core::config::Config;
use serde_json::Value;
use std::fmt;

/// The storage format this engine writes.
///
/// History: 1 kept recently viewed items as bare ids and cart lines as `[id, qty, price]`;
/// 2 stamps viewed items with a time and cart lines with category and brand.
pub const VERSION: u32 = 2;

/// Most bytes the stored text of a profile may take (the encoder trims the oldest entries to fit).
pub const MAX_STORED_BYTES: usize = 16 * 1024;

/// Why a stored profile could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not JSON at all (corrupt or truncated).
    NotJson(String),
    /// JSON, but not a profile.
    Shape(String),
    /// Written by a newer engine; left untouched so that engine can still read it.
    Newer(u64),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::NotJson(e) => write!(f, "the stored profile is not valid JSON ({e})"),
            DecodeError::Shape(e) => write!(f, "the stored profile has the wrong shape ({e})"),
            DecodeError::Newer(v) => write!(
                f,
                "the stored profile has format {v}, newer than this engine's {VERSION}"
            ),
        }
    }
}

/// The stored text of `p`, at most [`MAX_STORED_BYTES`] long with any config of a few features:
/// while it is longer, every list and map loses its oldest quarter.
pub fn encode(p: &Profile) -> String {
    let mut p = p.clone();
    p.v = VERSION;
    let mut text = codec::to_value(&p).to_string();
    let mut keep = 1.0;
    while text.len() > MAX_STORED_BYTES && keep > 0.0 {
        keep = if keep > 0.01 { keep * 0.75 } else { 0.0 };
        shrink(&mut p, keep);
        text = codec::to_value(&p).to_string();
    }
    text
}

/// Keeps the most recent `keep` share (0 to 1) of every capped list and map.
fn shrink(p: &mut Profile, keep: f64) {
    let cap = |n: usize| (n as f64 * keep).floor() as usize;
    for (s, n) in [
        (&mut p.items, ITEM_CAP),
        (&mut p.categories, CATEGORY_CAP),
        (&mut p.brands, BRAND_CAP),
        (&mut p.tags, TAG_CAP),
        (&mut p.bands, BAND_CAP),
    ] {
        s.evict(cap(n));
    }
    for (list, n) in [
        (&mut p.viewed, VIEWED_CAP),
        (&mut p.purchased, PURCHASED_CAP),
        (&mut p.searches, SEARCH_CAP),
    ] {
        list.truncate(cap(n));
    }
    p.related.truncate(cap(super::related::RELATED_CAP));
    let oldest = |len: usize, n: usize| len.saturating_sub(cap(n));
    p.cart.drain(..oldest(p.cart.len(), CART_CAP));
    p.orders.drain(..oldest(p.orders.len(), ORDERS_CAP));
    p.starts
        .drain(..oldest(p.starts.len(), super::session::STARTS_CAP));
}

/// Reads stored text, migrating older formats and repairing absurd values as of `now`.
pub fn decode(text: &str, now: i64, cfg: &Config) -> Result<Profile, DecodeError> {
    let mut v: Value = serde_json::from_str(text)
        .map_err(|e| DecodeError::NotJson(crate::core::error::json_error(&e)))?;
    let version = match v.get("v") {
        Some(Value::Number(n)) => n
            .as_u64()
            .ok_or_else(|| DecodeError::Shape("\"v\" is not a version number".into()))?,
        _ => return Err(DecodeError::Shape("no format version \"v\"".into())),
    };
    if version > u64::from(VERSION) {
        return Err(DecodeError::Newer(version));
    }
    if version < 2 {
        migrate_1_to_2(&mut v);
    }
    let mut p =
        codec::from_value(&v).ok_or_else(|| DecodeError::Shape("not a profile object".into()))?;
    p.v = VERSION;
    repair(&mut p, now);
    p.purge(now, cfg);
    Ok(p)
}

fn migrate_1_to_2(v: &mut Value) {
    let last = v.get("last").and_then(Value::as_i64).unwrap_or(0);
    if let Some(Value::Array(viewed)) = v.get_mut("viewed") {
        for entry in viewed.iter_mut() {
            if entry.is_string() {
                *entry = Value::Array(vec![entry.take(), Value::from(last)]);
            }
        }
    }
    if let Some(Value::Array(cart)) = v.get_mut("cart") {
        for line in cart.iter_mut() {
            if let Value::Array(l) = line {
                l.resize(5, Value::from(""));
            }
        }
    }
    v["v"] = Value::from(2);
}

/// Highest session, page or event count a stored profile may hold.
const MAX_COUNT: u32 = 10_000_000;

fn ok_time(t: i64, now: i64) -> i64 {
    t.clamp(0, now.max(0))
}

fn repair_stats(s: &mut Stats, now: i64, cap: usize) {
    s.0.retain(|k, st| !k.is_empty() && st.1.is_finite() && st.1 >= 0.0);
    for st in s.0.values_mut() {
        st.1 = st.1.min(1e9);
        st.2 = ok_time(st.2, now);
    }
    s.evict(cap);
}

/// Brings every value back into its bounds (a hand-edited or damaged profile must not
/// break ranking or grow without limit).
fn repair(p: &mut Profile, now: i64) {
    p.first = ok_time(p.first, now);
    p.last = ok_time(p.last, now);
    p.session.start = ok_time(p.session.start, now);
    p.session.last = ok_time(p.session.last, now);
    // Counters far beyond any real visitor's, so that counting on never overflows.
    for n in [
        &mut p.session.n,
        &mut p.session.pages,
        &mut p.session.events,
    ] {
        *n = (*n).min(MAX_COUNT);
    }
    p.id.truncate(64);
    repair_stats(&mut p.items, now, ITEM_CAP);
    repair_stats(&mut p.categories, now, CATEGORY_CAP);
    repair_stats(&mut p.brands, now, BRAND_CAP);
    repair_stats(&mut p.tags, now, TAG_CAP);
    repair_stats(&mut p.bands, now, BAND_CAP);
    for (list, cap) in [
        (&mut p.viewed, VIEWED_CAP),
        (&mut p.purchased, PURCHASED_CAP),
        (&mut p.searches, SEARCH_CAP),
    ] {
        list.truncate(cap);
        list.iter_mut().for_each(|(_, t)| *t = ok_time(*t, now));
    }
    p.cart
        .retain(|l| l.1.is_finite() && l.1 > 0.0 && l.2.is_finite() && l.2 >= 0.0);
    p.cart.truncate(CART_CAP);
    p.orders.retain(|o| o.1.is_finite() && o.1 >= 0.0);
    let skip = p.orders.len().saturating_sub(ORDERS_CAP);
    p.orders.drain(..skip);
    p.starts.truncate(super::session::STARTS_CAP);
    // The longest window keeps one bucket per hour of `MAX_HOURS`.
    let buckets = (MAX_HOURS as usize).max(MAX_BUCKETS as usize);
    p.features
        .retain(|_, c| c.b.len() <= buckets && c.b.iter().all(|x| x.is_finite()));
    if p.writes.0.len() > 64 {
        p.writes.0.clear();
    }
    // Relations: the strongest few ids of the first items, then within their bounds.
    for (_, ids) in &mut p.related {
        ids.retain(|x| x.len() <= crate::core::event::MAX_ID_LEN);
        ids.truncate(super::related::RELATED_LEN);
    }
    p.prune_related();
    p.writes
        .0
        .values_mut()
        .for_each(|(_, t)| *t = ok_time(*t, now));
    if p.prefs.len() > 32 {
        p.prefs.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_a_version_1_blob() {
        let v1 = json!({
            "v": 1, "id": "abc", "first": 1000, "last": 5000,
            "viewed": ["SH-1", "SH-2"],
            "cart": [["SH-1", 2.0, 89.0]],
        });
        let p = decode(&v1.to_string(), 10_000, &Config::empty()).unwrap();
        assert_eq!(p.v, VERSION);
        assert_eq!(
            p.viewed,
            [("SH-1".to_string(), 5000), ("SH-2".to_string(), 5000)]
        );
        assert_eq!(p.cart_totals(), (2.0, 178.0));
        assert_eq!(p.id, "abc");
    }

    #[test]
    fn refuses_garbage_and_the_future() {
        let cfg = Config::empty();
        assert!(matches!(
            decode("{\"v\":2,", 0, &cfg),
            Err(DecodeError::NotJson(_))
        ));
        assert!(matches!(
            decode("[1,2]", 0, &cfg),
            Err(DecodeError::Shape(_))
        ));
        assert!(matches!(
            decode("{\"v\":\"2\"}", 0, &cfg),
            Err(DecodeError::Shape(_))
        ));
        assert_eq!(decode("{\"v\":99}", 0, &cfg), Err(DecodeError::Newer(99)));
    }

    #[test]
    fn repairs_absurd_values() {
        let blob = json!({
            "v": 2, "id": "x", "last": 9e15 as i64,
            "session": {"n": u32::MAX, "start": 999_000, "last": 999_000, "pages": u32::MAX, "events": u32::MAX},
            "items": {"a": [[1,0,0,0,0], 1e300, 9e15 as i64], "": [[1,0,0,0,0], 1.0, 5]},
            "cart": [["a", -3.0, 10.0, "", ""], ["b", 1.0, 5.0, "", ""]],
            "viewed": (0..500).map(|i| json!([format!("i{i}"), 1])).collect::<Vec<_>>(),
        });
        let p = decode(&blob.to_string(), 1_000_000, &Config::empty()).unwrap();
        assert_eq!(p.last, 1_000_000);
        assert_eq!(p.items.0.len(), 1);
        assert!(p.items.0["a"].1 <= 1e9);
        assert_eq!(p.cart.len(), 1);
        assert_eq!(p.viewed.len(), VIEWED_CAP);
        assert_eq!(p.session.n, MAX_COUNT);
        let mut p = p;
        p.record(
            &crate::core::event::Event {
                name: "page_view".into(),
                ..Default::default()
            },
            1_000_500,
            &Config::empty(),
        );
        assert_eq!(p.session.events, MAX_COUNT + 1);
    }

    #[test]
    fn one_damaged_field_costs_only_itself() {
        let blob = json!({
            "v": 2, "id": "keep", "first": 1000, "last": 5000,
            "viewed": 7,
            "searches": [["boots", 4000]],
            "cart": [["a", 1.0, 10.0, "", ""]],
        });
        let p = decode(&blob.to_string(), 10_000, &Config::empty()).unwrap();
        assert_eq!(p.id, "keep");
        assert!(p.viewed.is_empty());
        assert_eq!(p.searches, [("boots".to_string(), 4000)]);
        assert_eq!(p.cart_totals(), (1.0, 10.0));
    }

    #[test]
    fn no_date_older_than_the_retention_survives() {
        let day = crate::core::profile::counts::DAY;
        let cfg = Config::empty();
        let view = crate::core::event::Event::parse(
            &json!("view_item"),
            &json!({"items": [{"item_id": "a", "item_category": "Shoes"}]}),
        )
        .unwrap();
        let mut p = Profile::new("x");
        p.record(&view, day, &cfg);
        p.record(&view, 80 * day, &cfg);
        let p = decode(&encode(&p), 100 * day, &cfg).unwrap();
        assert_eq!(p.viewed, [("a".to_string(), 80 * day)]);
        assert_eq!((p.first, p.starts.clone()), (80 * day, vec![80 * day]));
        assert_eq!(
            p.session.prev, 0,
            "the visit before is older than the retention"
        );
    }

    #[test]
    fn round_trips() {
        let mut p = Profile::new("v");
        p.touch(1000, None, 60_000);
        let back = decode(&encode(&p), 2000, &Config::empty()).unwrap();
        assert_eq!(back, p);
    }
}
