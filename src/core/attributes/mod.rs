//! The attributes document: what segment conditions see, built from the profile, the page
//! context, and what the shop and the shopper supplied.

mod sparse;

pub use sparse::Needs;

use crate::core::config::Config;
use crate::core::json::{map, obj, opt_str, strings};
use crate::core::profile::counts::{round2, DAY};
use crate::core::profile::stats::{round3, Action, Stat, Stats};
use crate::core::profile::{CartLine, Profile};
use serde_json::{Map, Value};

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
#[derive(Clone, Debug, Default, PartialEq)]
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

fn scores(s: &Stats, now: i64, h: f64) -> Value {
    Value::Object(map(s
        .0
        .iter()
        .map(|(k, st)| (key(k), Value::from(round3(st.score(now, h)))))))
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
        let next = best_of(
            s.0.iter()
                .filter(|(k, _)| k.matches('/').count() == depth && inside(k))
                .map(|(k, st)| (k.as_str(), st.score(now, h))),
        );
        match next {
            Some(k) => best = Some(k),
            None => return opt_str(best),
        }
    }
}

/// The key with the highest positive score (the first of equals).
fn best_of<'a>(scored: impl Iterator<Item = (&'a str, f64)>) -> Option<&'a str> {
    let mut best: Option<(&str, f64)> = None;
    for (k, sc) in scored {
        if sc > 0.0 && best.is_none_or(|(_, b)| sc > b) {
            best = Some((k, sc));
        }
    }
    best.map(|(k, _)| k)
}

fn top(s: &Stats, now: i64, h: f64) -> Value {
    opt_str(best_of(
        s.0.iter().map(|(k, st)| (k.as_str(), st.score(now, h))),
    ))
}

/// The counters of one entry as `{ views, clicks, carts, wishlists, purchases }`.
fn activity_counts(st: &Stat) -> Map<String, Value> {
    map(Action::NAMES
        .iter()
        .enumerate()
        .map(|(i, n)| (n.to_string(), Value::from(st.0[i]))))
}

/// `affinity.top.<dim>`: the most specific favourite for categories, the favourite otherwise.
fn best_top(dim: &str, s: &Stats, now: i64, h: f64) -> Value {
    if dim == "category" {
        top_category(s, now, h)
    } else {
        top(s, now, h)
    }
}

fn activity(s: &Stats) -> Value {
    Value::Object(map(s
        .0
        .iter()
        .map(|(k, st)| (key(k), Value::Object(activity_counts(st))))))
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
    strings(out.iter())
}

/// Distinct non-empty values of one cart field, first added first.
fn cart_distinct(profile: &Profile, field: fn(&CartLine) -> &String) -> Value {
    let mut v: Vec<&String> = Vec::new();
    for s in profile.cart.iter().map(field) {
        if !s.is_empty() && !v.contains(&s) {
            v.push(s);
        }
    }
    strings(v.into_iter())
}

/// A name as an attribute key: dots would split the path, so they become underscores.
pub fn key(name: &str) -> String {
    name.replace('.', "_")
}

fn visit(profile: &Profile, now: i64) -> Value {
    let s = &profile.session;
    let sessions_30d = profile
        .starts
        .iter()
        .filter(|t| now - **t <= 30 * DAY)
        .count();
    let prev = (s.prev > 0).then_some(s.prev);
    obj(vec![
        ("count", Value::from(s.n)),
        ("firstSeen", Value::from(profile.first)),
        ("lastSeen", prev.map_or(Value::Null, Value::from)),
        ("daysSinceFirst", Value::from(days(now - profile.first))),
        (
            "daysSinceLast",
            prev.map_or(Value::Null, |p| Value::from(days(s.start - p))),
        ),
        ("returning", Value::from(s.n > 1)),
        ("sessions30d", Value::from(sessions_30d)),
    ])
}

fn session(profile: &Profile, now: i64) -> Value {
    let s = &profile.session;
    obj(vec![
        ("number", Value::from(s.n)),
        ("pageViews", Value::from(s.pages)),
        ("events", Value::from(s.events)),
        ("duration", Value::from((now - s.start).max(0) / 1000)),
        ("source", Value::from(s.source())),
        ("landingPage", Value::from(s.landing.as_str())),
    ])
}

fn time(ctx: &Context, now: i64) -> Value {
    let local = now + ctx.tz_offset_min * 60_000;
    let weekday = (local.div_euclid(DAY) + 4).rem_euclid(7) as usize; // 1970-01-01 was a Thursday
    obj(vec![
        ("hour", Value::from(local.rem_euclid(DAY) / 3_600_000)),
        ("weekday", Value::from(WEEKDAYS[weekday])),
        ("weekend", Value::from(weekday == 0 || weekday == 6)),
    ])
}

fn orders(profile: &Profile, now: i64) -> Value {
    let revenue: f64 = profile.orders.iter().map(|o| o.1).sum();
    let count = profile.orders.len();
    let average = if count > 0 {
        round2(revenue / count as f64)
    } else {
        0.0
    };
    let last = profile.orders.last();
    obj(vec![
        ("count", Value::from(count)),
        ("revenue", Value::from(round2(revenue))),
        ("averageValue", Value::from(average)),
        ("lastValue", Value::from(last.map_or(0.0, |o| o.1))),
        (
            "daysSinceLast",
            last.map_or(Value::Null, |o| Value::from(days(now - o.0))),
        ),
    ])
}

fn cart(profile: &Profile) -> Value {
    let (items, value) = profile.cart_totals();
    obj(vec![
        ("value", Value::from(value)),
        ("items", Value::from(items)),
        ("lines", Value::from(profile.cart.len())),
        ("ids", cart_distinct(profile, |l| &l.0)),
        ("categories", cart_categories(profile)),
        ("brands", cart_distinct(profile, |l| &l.4)),
    ])
}

fn affinity(profile: &Profile, now: i64, h: f64) -> Value {
    obj(vec![
        ("category", scores(&profile.categories, now, h)),
        ("brand", scores(&profile.brands, now, h)),
        ("tag", scores(&profile.tags, now, h)),
        ("priceBand", scores(&profile.bands, now, h)),
        (
            "top",
            obj(vec![
                (
                    "category",
                    best_top("category", &profile.categories, now, h),
                ),
                ("brand", best_top("brand", &profile.brands, now, h)),
                ("tag", best_top("tag", &profile.tags, now, h)),
                ("priceBand", best_top("priceBand", &profile.bands, now, h)),
            ]),
        ),
    ])
}

/// What the document is built from.
pub struct Sources<'a> {
    /// The visitor's profile.
    pub profile: &'a Profile,
    /// The page and device.
    pub ctx: &'a Context,
    /// What the shop supplied.
    pub attrs: &'a Map<String, Value>,
    /// The config (features, half-life).
    pub cfg: &'a Config,
    /// Now (ms).
    pub now: i64,
}

/// One top-level group of the document (None for `segments` and unknown names).
pub fn group(name: &str, src: &Sources) -> Option<Value> {
    let (profile, ctx, now) = (src.profile, src.ctx, src.now);
    let h = src.cfg.half_life_ms;
    let s = &profile.session;
    let ids = |l: &Vec<(String, i64)>| strings(l.iter().map(|(k, _)| k));
    Some(match name {
        "visit" => visit(profile, now),
        "session" => session(profile, now),
        "device" => obj(vec![
            ("type", Value::from(ctx.device.as_str())),
            ("width", Value::from(ctx.width)),
        ]),
        "page" => obj(vec![
            ("path", Value::from(ctx.path.as_str())),
            ("type", Value::from(ctx.page_type.as_str())),
            ("locale", Value::from(ctx.locale.as_str())),
        ]),
        "utm" => Value::Object(s.utm.clone()),
        "referrer" => obj(vec![("host", opt_str(s.referrer.as_deref()))]),
        "time" => time(ctx, now),
        "orders" => orders(profile, now),
        "cart" => cart(profile),
        "affinity" => affinity(profile, now, h),
        "activity" => obj(vec![
            ("item", activity(&profile.items)),
            ("category", activity(&profile.categories)),
            ("brand", activity(&profile.brands)),
            ("tag", activity(&profile.tags)),
            ("priceBand", activity(&profile.bands)),
        ]),
        "history" => obj(vec![
            ("viewed", ids(&profile.viewed)),
            ("purchased", ids(&profile.purchased)),
            ("searches", ids(&profile.searches)),
        ]),
        "prefs" => Value::Object(profile.prefs.clone()),
        "attrs" => Value::Object(src.attrs.clone()),
        "features" => {
            Value::Object(map(src.cfg.features.iter().map(|f| {
                (f.id.clone(), Value::from(profile.feature(f, now, src.cfg)))
            })))
        }
        _ => return None,
    })
}

/// The whole document (every group but `segments`, which the engine adds).
pub fn build(src: &Sources) -> Map<String, Value> {
    map(GROUPS
        .iter()
        .filter_map(|g| Some((g.to_string(), group(g, src)?))))
}
