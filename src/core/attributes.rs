//! The attributes document: what segment conditions see, built from the profile, the page
//! context, and what the shop and the shopper supplied.

use crate::core::config::Config;
use crate::core::profile::counts::{round2, DAY};
use crate::core::profile::stats::{round3, Action, Stats};
use crate::core::profile::Profile;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// The top-level groups of the attributes document.
pub const GROUPS: [&str; 16] = [
    "visit", "session", "device", "page", "utm", "referrer", "time", "orders", "cart", "affinity",
    "activity", "history", "prefs", "attrs", "features", "segments",
];

const WEEKDAYS: [&str; 7] = [
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

/// Facts about the current page and device, supplied by the shell.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Context {
    /// Page path, without query string.
    pub path: String,
    /// Page type (`home`, `category`, `product`, `cart`, … or `other`).
    pub page_type: String,
    /// `mobile`, `tablet` or `desktop`.
    pub device: String,
    /// Viewport width in CSS pixels.
    pub width: f64,
    /// The browser's language, e.g. `de-DE`.
    pub locale: String,
    /// Minutes to add to UTC for local time (e.g. 60 in Berlin in winter).
    pub tz_offset_min: i64,
}

fn days(ms: i64) -> f64 {
    round2(ms.max(0) as f64 / DAY as f64)
}

fn scores(s: &Stats, now: i64, h: f64) -> Map<String, Value> {
    s.0.iter()
        .map(|(k, st)| (key(k), json!(round3(st.score(now, h)))))
        .collect()
}

/// The favourite category as precisely as known: the best-scoring top level, then its
/// best-scoring sub-level, and so on (`"Shoes/Running"`); null without any interest.
fn top_category(s: &Stats, now: i64, h: f64) -> Value {
    let mut best: Option<&str> = None;
    loop {
        let depth = best.map_or(0, |b| b.matches('/').count() + 1);
        let inside = |k: &str| {
            best.is_none_or(|b| k.strip_prefix(b).is_some_and(|rest| rest.starts_with('/')))
        };
        let next =
            s.0.iter()
                .filter(|(k, _)| k.matches('/').count() == depth && inside(k))
                .map(|(k, st)| (k.as_str(), st.score(now, h)))
                .filter(|(_, sc)| *sc > 0.0)
                .max_by(|a, b| a.1.total_cmp(&b.1));
        match next {
            Some((k, _)) => best = Some(k),
            None => return best.map_or(Value::Null, |k| json!(k)),
        }
    }
}

fn top(s: &Stats, now: i64, h: f64) -> Value {
    s.0.iter()
        .map(|(k, st)| (k, st.score(now, h)))
        .filter(|(_, sc)| *sc > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(Value::Null, |(k, _)| json!(k))
}

fn activity(s: &Stats) -> Map<String, Value> {
    s.0.iter()
        .map(|(k, st)| {
            let counts: Map<String, Value> = Action::NAMES
                .iter()
                .enumerate()
                .map(|(i, n)| (n.to_string(), json!(st.0[i])))
                .collect();
            (key(k), Value::Object(counts))
        })
        .collect()
}

/// Every category level of what is in the cart (`["Shoes", "Shoes/Running"]`), first added first.
fn cart_categories(profile: &Profile) -> Value {
    let mut out: Vec<String> = Vec::new();
    for line in &profile.cart {
        let mut path = String::new();
        for level in line.3.split('/').filter(|l| !l.is_empty()) {
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(level);
            if !out.contains(&path) {
                out.push(path.clone());
            }
        }
    }
    json!(out)
}

/// A name as an attribute key: dots would split the path, so they become underscores.
pub fn key(name: &str) -> String {
    name.replace('.', "_")
}

/// Builds the document for `profile` at `now` (everything but `segments`, which the engine adds).
pub fn build(
    profile: &Profile,
    ctx: &Context,
    attrs: &Map<String, Value>,
    cfg: &Config,
    now: i64,
) -> Map<String, Value> {
    let h = cfg.half_life_ms;
    let s = &profile.session;
    let sessions_30d = profile
        .starts
        .iter()
        .filter(|t| now - **t <= 30 * DAY)
        .count();
    let (items, value) = profile.cart_totals();
    let revenue: f64 = profile.orders.iter().map(|o| o.1).sum();
    let count = profile.orders.len();
    let local = now + ctx.tz_offset_min * 60_000;
    let weekday = (local.div_euclid(DAY) + 4).rem_euclid(7) as usize; // 1970-01-01 was a Thursday
    let mut d = Map::new();
    d.insert(
        "visit".into(),
        json!({
            "count": s.n,
            "firstSeen": profile.first,
            "lastSeen": if s.prev > 0 { json!(s.prev) } else { json!(null) },
            "daysSinceFirst": days(now - profile.first),
            "daysSinceLast": if s.prev > 0 { json!(days(s.start - s.prev)) } else { json!(null) },
            "returning": s.n > 1,
            "sessions30d": sessions_30d,
        }),
    );
    d.insert(
        "session".into(),
        json!({
            "number": s.n,
            "pageViews": s.pages,
            "events": s.events,
            "duration": ((now - s.start).max(0) / 1000),
            "source": s.source(),
            "landingPage": s.landing,
        }),
    );
    d.insert(
        "device".into(),
        json!({ "type": ctx.device, "width": ctx.width }),
    );
    d.insert(
        "page".into(),
        json!({ "path": ctx.path, "type": ctx.page_type, "locale": ctx.locale }),
    );
    d.insert("utm".into(), Value::Object(s.utm.clone()));
    d.insert("referrer".into(), json!({ "host": s.referrer }));
    d.insert(
        "time".into(),
        json!({
            "hour": local.rem_euclid(DAY) / 3_600_000,
            "weekday": WEEKDAYS[weekday],
            "weekend": weekday == 0 || weekday == 6,
        }),
    );
    d.insert(
        "orders".into(),
        json!({
            "count": count,
            "revenue": round2(revenue),
            "averageValue": if count > 0 { round2(revenue / count as f64) } else { 0.0 },
            "lastValue": profile.orders.last().map_or(0.0, |o| o.1),
            "daysSinceLast": profile.orders.last().map_or(json!(null), |o| json!(days(now - o.0))),
        }),
    );
    let uniq = |f: fn(&crate::core::profile::CartLine) -> &String| {
        let mut v: Vec<&String> = Vec::new();
        for s in profile.cart.iter().map(f) {
            if !s.is_empty() && !v.contains(&s) {
                v.push(s);
            }
        }
        json!(v)
    };
    let cart = json!({
        "value": value,
        "items": items,
        "lines": profile.cart.len(),
        "ids": uniq(|l| &l.0),
        "categories": cart_categories(profile),
        "brands": uniq(|l| &l.4),
    });
    d.insert("cart".into(), cart);
    d.insert(
        "affinity".into(),
        json!({
            "category": scores(&profile.categories, now, h),
            "brand": scores(&profile.brands, now, h),
            "tag": scores(&profile.tags, now, h),
            "priceBand": scores(&profile.bands, now, h),
            "top": {
                "category": top_category(&profile.categories, now, h),
                "brand": top(&profile.brands, now, h),
                "tag": top(&profile.tags, now, h),
                "priceBand": top(&profile.bands, now, h),
            },
        }),
    );
    d.insert(
        "activity".into(),
        json!({
            "item": activity(&profile.items),
            "category": activity(&profile.categories),
            "brand": activity(&profile.brands),
            "tag": activity(&profile.tags),
            "priceBand": activity(&profile.bands),
        }),
    );
    let ids = |l: &Vec<(String, i64)>| json!(l.iter().map(|(k, _)| k).collect::<Vec<_>>());
    d.insert(
        "history".into(),
        json!({
            "viewed": ids(&profile.viewed),
            "purchased": ids(&profile.purchased),
            "searches": ids(&profile.searches),
        }),
    );
    d.insert("prefs".into(), Value::Object(profile.prefs.clone()));
    d.insert("attrs".into(), Value::Object(attrs.clone()));
    let features: Map<String, Value> = cfg
        .features
        .iter()
        .map(|f| (f.id.clone(), json!(profile.feature(f, now, cfg))))
        .collect();
    d.insert("features".into(), Value::Object(features));
    d
}
