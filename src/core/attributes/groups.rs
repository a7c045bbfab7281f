//! The groups of the attributes document and how each value in them is computed.

use super::Sources;
use crate::core::gather::Gather;
use crate::core::json::{Json, Obj};
use crate::core::num::{round2, round3};
use crate::core::parts::Parts;
use crate::core::profile::counts::DAY;
use crate::core::profile::stats::{Action, Stat, Stats};
use crate::core::profile::{CartLine, Profile};

/// A top-level group of the attributes document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// `visit.*`
    Visit,
    /// `session.*`
    Session,
    /// `device.*`
    Device,
    /// `page.*`
    Page,
    /// `utm.*`
    Utm,
    /// `referrer.*`
    Referrer,
    /// `time.*`
    Time,
    /// `orders.*`
    Orders,
    /// `cart.*`
    Cart,
    /// `affinity.*`
    Affinity,
    /// `activity.*`
    Activity,
    /// `history.*`
    History,
    /// `prefs.*`
    Prefs,
    /// `attrs.*`
    Attrs,
    /// `features.*`
    Features,
    /// `segments`
    Segments,
}

/// Every group, in document order.
pub const ALL_GROUPS: [Group; 16] = [
    Group::Visit,
    Group::Session,
    Group::Device,
    Group::Page,
    Group::Utm,
    Group::Referrer,
    Group::Time,
    Group::Orders,
    Group::Cart,
    Group::Affinity,
    Group::Activity,
    Group::History,
    Group::Prefs,
    Group::Attrs,
    Group::Features,
    Group::Segments,
];

/// The names of the groups, in document order.
pub const GROUPS: [&str; 16] = [
    "visit", "session", "device", "page", "utm", "referrer", "time", "orders", "cart", "affinity",
    "activity", "history", "prefs", "attrs", "features", "segments",
];

/// The dimensions of `affinity` and `activity` (`item` only in `activity`).
pub const DIMENSIONS: [&str; 5] = ["item", "category", "brand", "tag", "priceBand"];

const WEEKDAYS: [&str; 7] = [
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

impl Group {
    /// The group's name in paths.
    pub fn name(self) -> &'static str {
        GROUPS[self as usize]
    }

    /// The group named `name`.
    pub fn named(name: &str) -> Option<Group> {
        GROUPS
            .iter()
            .position(|n| *n == name)
            .map(|i| ALL_GROUPS[i])
    }

    /// The fields computed one by one (the other groups are maps of names or data as given).
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Group::Visit => &[
                "count",
                "firstSeen",
                "lastSeen",
                "daysSinceFirst",
                "daysSinceLast",
                "returning",
                "sessions30d",
            ],
            Group::Session => &[
                "number",
                "pageViews",
                "events",
                "duration",
                "source",
                "landingPage",
            ],
            Group::Device => &["type", "width"],
            Group::Page => &["path", "type", "locale"],
            Group::Referrer => &["host"],
            Group::Time => &["hour", "weekday", "weekend"],
            Group::Orders => &[
                "count",
                "revenue",
                "averageValue",
                "lastValue",
                "daysSinceLast",
            ],
            Group::Cart => &["value", "items", "lines", "ids", "categories", "brands"],
            Group::History => &["viewed", "purchased", "searches"],
            Group::Affinity => &["category", "brand", "tag", "priceBand", "top"],
            Group::Activity => &DIMENSIONS,
            _ => &[],
        }
    }

    /// The parts of the visitor's data the value of `field` (or, for `None`, of the whole group)
    /// is computed from.
    pub fn reads(self, field: Option<&str>) -> Parts {
        let dim = |d: &str| match d {
            "item" => Parts::ITEMS,
            "category" => Parts::CATEGORIES,
            "brand" => Parts::BRANDS,
            "tag" => Parts::TAGS,
            "priceBand" => Parts::BANDS,
            _ => Parts::NONE,
        };
        match (self, field) {
            // Visits, the session's number, start, source and landing page change only when a
            // session begins; its counters with every event.
            (Group::Visit, Some("daysSinceFirst" | "sessions30d") | None) => {
                Parts::SESSION_START | Parts::TIME
            }
            (Group::Visit, Some(_)) => Parts::SESSION_START,
            (Group::Session, Some("pageViews" | "events")) => Parts::SESSION,
            (Group::Session, Some("duration")) => Parts::SESSION_START | Parts::TIME,
            (Group::Session, None) => Parts::SESSION | Parts::TIME,
            (Group::Session | Group::Utm | Group::Referrer, _) => Parts::SESSION_START,
            (Group::Device | Group::Page, _) => Parts::CONTEXT,
            (Group::Time, _) => Parts::TIME,
            (Group::Orders, Some("daysSinceLast") | None) => Parts::ORDERS | Parts::TIME,
            (Group::Orders, _) => Parts::ORDERS,
            (Group::Cart, _) => Parts::CART,
            // Scores decay with time; which one is on top does not.
            (Group::Affinity, Some("top")) => Parts::STATS,
            (Group::Affinity, Some(d)) => dim(d) | Parts::TIME,
            (Group::Affinity, None) => Parts::STATS | Parts::TIME,
            (Group::Activity, Some(d)) => dim(d),
            (Group::Activity, None) => Parts::STATS,
            (Group::History, Some("viewed")) => Parts::VIEWED,
            (Group::History, Some("purchased")) => Parts::PURCHASED,
            (Group::History, Some(_)) => Parts::SEARCHES,
            (Group::History, None) => Parts::VIEWED | Parts::PURCHASED | Parts::SEARCHES,
            (Group::Prefs, _) => Parts::PREFS,
            (Group::Attrs, _) => Parts::ATTRS,
            // Counts move at a new hour (window buckets are whole hours) or a new session.
            (Group::Features, _) => Parts::FEATURES | Parts::SESSION_START | Parts::HOUR,
            (Group::Segments, _) => Parts::NONE,
        }
    }
}

/// A name as an attribute key: dots would split the path, so they become underscores.
pub fn key(name: &str) -> String {
    name.replace('.', "_")
}

fn days(ms: i64) -> f64 {
    round2(ms.max(0) as f64 / DAY as f64)
}

/// The profile's counters of one dimension.
pub(super) fn dimension<'a>(p: &'a Profile, name: &str) -> Option<&'a Stats> {
    Some(match name {
        "item" => &p.items,
        "category" => &p.categories,
        "brand" => &p.brands,
        "tag" => &p.tags,
        "priceBand" => &p.bands,
        _ => return None,
    })
}

/// The entry of `stats` whose attribute key is `name` (keys have dots made underscores).
pub(super) fn entry<'a>(stats: &'a Stats, name: &str) -> Option<&'a Stat> {
    stats.get(name).or_else(|| {
        stats
            .0
            .iter()
            .find(|(k, _)| k.contains('.') && key(k) == name)
            .map(|(_, s)| s)
    })
}

pub(super) fn scores(s: &Stats, now: i64, h: f64) -> Json {
    Json::Obj(
        s.0.iter()
            .map(|(k, st)| (key(k), Json::Num(round3(st.score(now, h)))))
            .collect(),
    )
}

/// [`scores`] written over `held`, the value computed before, when it has the same keys (the
/// usual case: time passed, the same entries decayed): no allocation. Whether any score changed,
/// or None when the keys differ.
pub(super) fn rescore(s: &Stats, now: i64, h: f64, held: &mut Obj) -> Option<bool> {
    if held.len() != s.0.len() {
        return None;
    }
    // Both are in key order (a dot made an underscore can change that order: then the whole
    // map is made again).
    let mut changed = false;
    for ((k, st), (hk, at)) in s.0.iter().zip(held.iter_mut()) {
        let same = k == hk
            || (k.len() == hk.len()
                && k.bytes()
                    .zip(hk.bytes())
                    .all(|(a, b)| if a == b'.' { b == b'_' } else { a == b }));
        if !same {
            return None;
        }
        let v = Json::Num(round3(st.score(now, h)));
        if *at != v {
            *at = v;
            changed = true;
        }
    }
    Some(changed)
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

/// The favourite category as precisely as known: the best-scoring top level, then its
/// best-scoring sub-level, and so on (`"Shoes/Running"`); null without any interest. Only the
/// entries one level below the best so far are scored.
fn top_category(s: &Stats, now: i64, h: f64) -> Option<&str> {
    let mut best: Option<&str> = None;
    loop {
        let next = best_of(
            s.0.iter()
                .filter(|(k, _)| {
                    let rest = match best {
                        None => Some(k.as_str()),
                        Some(b) => k.strip_prefix(b).and_then(|r| r.strip_prefix('/')),
                    };
                    rest.is_some_and(|r| !r.contains('/'))
                })
                .map(|(k, st)| (k.as_str(), st.score(now, h))),
        );
        match next {
            Some(k) => best = Some(k),
            None => return best,
        }
    }
}

/// `affinity.top.<dim>`: the most specific favourite for categories, the favourite otherwise.
pub(super) fn best_top(dim: &str, s: &Stats, now: i64, h: f64) -> Json {
    let top = if dim == "category" {
        top_category(s, now, h)
    } else {
        best_of(s.0.iter().map(|(k, st)| (k.as_str(), st.score(now, h))))
    };
    Json::opt_str(top)
}

/// The counters of one entry as `{ views, clicks, carts, wishlists, purchases }`.
pub(super) fn activity_counts(st: &Stat) -> Json {
    Json::Obj(
        Action::NAMES
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), Json::from(st.0[i])))
            .collect(),
    )
}

fn activity(s: &Stats) -> Json {
    Json::Obj(
        s.0.iter()
            .map(|(k, st)| (key(k), activity_counts(st)))
            .collect(),
    )
}

/// Distinct non-empty values of one cart field, first added first.
fn cart_distinct(profile: &Profile, field: fn(&CartLine) -> &String) -> Json {
    let mut v: Vec<&str> = Vec::new();
    for s in profile.cart.iter().map(field) {
        if !s.is_empty() && !v.contains(&s.as_str()) {
            v.push(s);
        }
    }
    Json::strings(v)
}

/// The list behind a field of `history`: ids or terms with their times, most recent first.
pub(super) fn history<'a>(p: &'a Profile, field: &str) -> Option<&'a [(String, i64)]> {
    Some(match field {
        "viewed" => &p.viewed,
        "purchased" => &p.purchased,
        "searches" => &p.searches,
        _ => return None,
    })
}

fn recent(l: &[(String, i64)]) -> Json {
    Json::strings(l.iter().map(|(k, _)| k.as_str()))
}

/// The value of `field` of group `g` (None for fields a group does not have).
pub(super) fn field(g: Group, field: &str, src: &Sources) -> Option<Json> {
    let (p, ctx, now) = (src.profile, src.ctx, src.now);
    let h = src.rules.half_life_ms;
    let s = &p.session;
    let prev = (s.prev > 0).then_some(s.prev);
    let local = now + ctx.tz_offset_min * 60_000;
    // 1970-01-01 was a Thursday.
    let weekday = (local.div_euclid(DAY) + 4).rem_euclid(7) as usize;
    Some(match (g, field) {
        (Group::Visit, "count") => Json::from(s.n),
        (Group::Visit, "firstSeen") => Json::from(p.first),
        (Group::Visit, "lastSeen") => prev.map_or(Json::Null, Json::from),
        (Group::Visit, "daysSinceFirst") => Json::Num(days(now - p.first)),
        (Group::Visit, "daysSinceLast") => {
            prev.map_or(Json::Null, |t| Json::Num(days(s.start - t)))
        }
        (Group::Visit, "returning") => Json::Bool(s.n > 1),
        (Group::Visit, "sessions30d") => {
            Json::from(p.starts.iter().filter(|t| now - **t <= 30 * DAY).count())
        }
        (Group::Session, "number") => Json::from(s.n),
        (Group::Session, "pageViews") => Json::from(s.pages),
        (Group::Session, "events") => Json::from(s.events),
        (Group::Session, "duration") => Json::from((now - s.start).max(0) / 1000),
        (Group::Session, "source") => Json::str(s.source()),
        (Group::Session, "landingPage") => Json::str(s.landing.as_str()),
        (Group::Device, "type") => Json::str(ctx.device.as_str()),
        (Group::Device, "width") => Json::Num(ctx.width),
        (Group::Page, "path") => Json::str(ctx.path.as_str()),
        (Group::Page, "type") => Json::str(ctx.page_type.as_str()),
        (Group::Page, "locale") => Json::str(ctx.locale.as_str()),
        (Group::Referrer, "host") => Json::opt_str(s.referrer.as_deref()),
        (Group::Time, "hour") => Json::from(local.rem_euclid(DAY) / 3_600_000),
        (Group::Time, "weekday") => Json::str(WEEKDAYS[weekday]),
        (Group::Time, "weekend") => Json::Bool(weekday == 0 || weekday == 6),
        (Group::Orders, "count") => Json::from(p.orders.len()),
        (Group::Orders, "revenue") => Json::Num(round2(p.orders.iter().map(|o| o.1).sum())),
        (Group::Orders, "averageValue") => {
            let revenue: f64 = p.orders.iter().map(|o| o.1).sum();
            let n = p.orders.len();
            Json::Num(if n > 0 {
                round2(revenue / n as f64)
            } else {
                0.0
            })
        }
        (Group::Orders, "lastValue") => Json::Num(p.orders.last().map_or(0.0, |o| o.1)),
        (Group::Orders, "daysSinceLast") => p
            .orders
            .last()
            .map_or(Json::Null, |o| Json::Num(days(now - o.0))),
        (Group::Cart, "value") => Json::Num(p.cart_totals().1),
        (Group::Cart, "items") => Json::Num(p.cart_totals().0),
        (Group::Cart, "lines") => Json::from(p.cart.len()),
        (Group::Cart, "ids") => cart_distinct(p, |l| &l.0),
        (Group::Cart, "categories") => {
            Json::strings(p.cart_categories().iter().map(String::as_str))
        }
        (Group::Cart, "brands") => cart_distinct(p, |l| &l.4),
        (Group::History, f) => recent(history(p, f)?),
        (Group::Affinity, "top") => Json::object(
            DIMENSIONS[1..]
                .iter()
                .filter_map(|d| Some((*d, best_top(d, dimension(p, d)?, now, h))))
                .gather(),
        ),
        (Group::Affinity, d) if d != "item" => scores(dimension(p, d)?, now, h),
        (Group::Activity, d) => activity(dimension(p, d)?),
        _ => return None,
    })
}

/// One top-level group of the document (None for `segments`).
pub fn group(g: Group, src: &Sources) -> Option<Json> {
    Some(match g {
        Group::Utm => Json::Obj(src.profile.session.utm.clone()),
        Group::Prefs => Json::Obj(src.profile.prefs.clone()),
        Group::Attrs => Json::Obj(src.attrs.clone()),
        Group::Features => Json::Obj(
            src.rules
                .features
                .iter()
                .map(|f| {
                    let v = src.profile.feature(f, src.now, src.rules);
                    (f.id.clone(), Json::Num(v))
                })
                .collect::<Obj>(),
        ),
        Group::Segments => return None,
        g => Json::Obj(
            g.fields()
                .iter()
                .filter_map(|f| Some((f.to_string(), field(g, f, src)?)))
                .collect(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_updated_in_place_are_the_scores_made_anew() {
        let h = 30.0 * DAY as f64;
        let stats = |keys: &[&str]| {
            let mut s = Stats::default();
            for (i, k) in keys.iter().enumerate() {
                s.add(
                    k,
                    Action::View,
                    1.0 + i as f64,
                    i as i64 * 3_600_000,
                    h,
                    100,
                );
            }
            s
        };
        let object = |s: &Stats, now| match scores(s, now, h) {
            Json::Obj(o) => o,
            _ => panic!("scores are an object"),
        };
        // Keys in the same order in the profile and in the document (a dot kept in order).
        let s = stats(&["Shoes", "Shoes/Running", "v1.2", "Bags"]);
        let mut held = object(&s, 0);
        for now in [0, 60_000, DAY, 30 * DAY] {
            let changed = rescore(&s, now, h, &mut held);
            assert_eq!(changed, Some(now >= DAY), "at {now}");
            assert_eq!(held, object(&s, now), "at {now}");
        }
        // A key more: made anew.
        let more = stats(&["Shoes", "Shoes/Running", "v1.2", "Bags", "Tents"]);
        assert_eq!(rescore(&more, 0, h, &mut held), None);
        // "v1.2" and "v1.9" sort before "v1_3" in the profile, after it as document keys.
        let s = stats(&["v1.2", "v1_3", "v1.9"]);
        let mut held = object(&s, 0);
        assert_eq!(rescore(&s, DAY, h, &mut held), None);
    }
}
