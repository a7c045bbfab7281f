//! The profile as stored JSON, written and read by hand: every field is read on its own, so a
//! damaged field costs only itself, and no serde derive adds its bytes to the download.

use super::counts::Counts;
use super::session::Session;
use super::stats::{Stat, Stats};
use super::writes::Writes;
use super::{CartLine, Order, Profile, Report};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

fn obj(fields: Vec<(&str, Value)>) -> Value {
    Value::Object(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn pairs(list: &[(String, i64)]) -> Value {
    Value::Array(
        list.iter()
            .map(|(k, t)| Value::Array(vec![Value::from(k.as_str()), Value::from(*t)]))
            .collect(),
    )
}

fn stats(s: &Stats) -> Value {
    Value::Object(
        s.0.iter()
            .map(|(k, st)| {
                let counts = st.0.iter().map(|c| Value::from(*c)).collect();
                let v = Value::Array(vec![
                    Value::Array(counts),
                    Value::from(st.1),
                    Value::from(st.2),
                ]);
                (k.clone(), v)
            })
            .collect(),
    )
}

fn counts(c: &Counts) -> Value {
    let mut o = vec![("sig", Value::from(c.sig)), ("base", Value::from(c.base))];
    if !c.b.is_empty() {
        o.push((
            "b",
            Value::Array(c.b.iter().map(|x| Value::from(*x)).collect()),
        ));
    }
    if c.sid != 0 {
        o.push(("sid", Value::from(c.sid)));
    }
    if c.s != 0.0 {
        o.push(("s", Value::from(c.s)));
    }
    obj(o)
}

fn session(s: &Session) -> Value {
    let mut o = vec![
        ("n", Value::from(s.n)),
        ("start", Value::from(s.start)),
        ("last", Value::from(s.last)),
        ("pages", Value::from(s.pages)),
        ("events", Value::from(s.events)),
        ("prev", Value::from(s.prev)),
        ("landing", Value::from(s.landing.as_str())),
    ];
    if let Some(r) = &s.referrer {
        o.push(("referrer", Value::from(r.as_str())));
    }
    if !s.utm.is_empty() {
        o.push(("utm", Value::Object(s.utm.clone())));
    }
    obj(o)
}

/// The profile as a JSON value, in the stored layout.
pub fn to_value(p: &Profile) -> Value {
    let u32s = |a: &[u32]| Value::Array(a.iter().map(|x| Value::from(*x)).collect());
    let mut o = vec![
        ("v", Value::from(p.v)),
        ("id", Value::from(p.id.as_str())),
        ("first", Value::from(p.first)),
        ("last", Value::from(p.last)),
        ("session", session(&p.session)),
        (
            "starts",
            Value::Array(p.starts.iter().map(|t| Value::from(*t)).collect()),
        ),
        ("items", stats(&p.items)),
        ("categories", stats(&p.categories)),
        ("brands", stats(&p.brands)),
        ("tags", stats(&p.tags)),
        ("bands", stats(&p.bands)),
        ("viewed", pairs(&p.viewed)),
        ("purchased", pairs(&p.purchased)),
        ("searches", pairs(&p.searches)),
        (
            "cart",
            Value::Array(
                p.cart
                    .iter()
                    .map(|l| {
                        Value::Array(vec![
                            Value::from(l.0.as_str()),
                            Value::from(l.1),
                            Value::from(l.2),
                            Value::from(l.3.as_str()),
                            Value::from(l.4.as_str()),
                        ])
                    })
                    .collect(),
            ),
        ),
        (
            "orders",
            Value::Array(
                p.orders
                    .iter()
                    .map(|o| {
                        Value::Array(vec![
                            Value::from(o.0),
                            Value::from(o.1),
                            Value::from(o.2.as_str()),
                        ])
                    })
                    .collect(),
            ),
        ),
        (
            "features",
            Value::Object(
                p.features
                    .iter()
                    .map(|(k, c)| (k.clone(), counts(c)))
                    .collect(),
            ),
        ),
    ];
    if !p.prefs.is_empty() {
        o.push(("prefs", Value::Object(p.prefs.clone())));
    }
    o.push((
        "report",
        obj(vec![("p", u32s(&p.report.p)), ("h", u32s(&p.report.h))]),
    ));
    if !p.related.is_empty() {
        let rel = p
            .related
            .iter()
            .map(|(id, l)| Value::Array(vec![Value::from(id.as_str()), Value::from(l.join(" "))]));
        o.push(("rel", Value::Array(rel.collect())));
    }
    if !p.writes.is_empty() {
        let w = p
            .writes
            .0
            .iter()
            .map(|(k, (n, t))| {
                (
                    k.clone(),
                    Value::Array(vec![Value::from(*n), Value::from(*t)]),
                )
            })
            .collect();
        o.push(("writes", Value::Object(w)));
    }
    obj(o)
}

// Tolerant readers: a missing or malformed value reads as empty / zero.

fn int(v: Option<&Value>) -> i64 {
    v.and_then(Value::as_f64)
        .filter(|x| x.is_finite())
        .map_or(0, |x| x as i64)
}

fn uint(v: Option<&Value>) -> u32 {
    int(v).clamp(0, i64::from(u32::MAX)) as u32
}

fn num(v: Option<&Value>) -> f64 {
    v.and_then(Value::as_f64).unwrap_or(0.0)
}

fn text(v: Option<&Value>) -> String {
    v.and_then(Value::as_str).unwrap_or_default().to_string()
}

fn array(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn object(v: Option<&Value>) -> Option<&Map<String, Value>> {
    v.and_then(Value::as_object)
}

fn read_pairs(v: Option<&Value>) -> Vec<(String, i64)> {
    array(v)
        .iter()
        .filter_map(|e| Some((e.get(0)?.as_str()?.to_string(), int(e.get(1)))))
        .collect()
}

fn read_stats(v: Option<&Value>) -> Stats {
    let mut out = BTreeMap::new();
    for (k, e) in object(v).into_iter().flatten() {
        let (Some(c), Some(score)) = (
            e.get(0).and_then(Value::as_array),
            e.get(1).and_then(Value::as_f64),
        ) else {
            continue;
        };
        let mut counts = [0u32; 5];
        for (slot, x) in counts.iter_mut().zip(c) {
            *slot = uint(Some(x));
        }
        out.insert(k.clone(), Stat(counts, score, int(e.get(2))));
    }
    Stats(out)
}

fn read_counts(v: &Value) -> Option<Counts> {
    let b: Vec<f64> = array(v.get("b")).iter().filter_map(Value::as_f64).collect();
    Some(Counts {
        sig: u32::try_from(v.get("sig")?.as_u64()?).ok()?,
        base: int(v.get("base")),
        b,
        sid: uint(v.get("sid")),
        s: num(v.get("s")),
    })
}

fn read_session(v: Option<&Value>) -> Session {
    let Some(s) = v.filter(|s| s.is_object()) else {
        return Session::default();
    };
    Session {
        n: uint(s.get("n")),
        start: int(s.get("start")),
        last: int(s.get("last")),
        pages: uint(s.get("pages")),
        events: uint(s.get("events")),
        prev: int(s.get("prev")),
        landing: text(s.get("landing")),
        referrer: s.get("referrer").and_then(Value::as_str).map(String::from),
        utm: object(s.get("utm")).cloned().unwrap_or_default(),
    }
}

fn read_report(v: Option<&Value>) -> Report {
    let three = |k: &str| {
        let mut out = [0u32; 3];
        for (slot, x) in out.iter_mut().zip(array(v.and_then(|r| r.get(k)))) {
            *slot = uint(Some(x));
        }
        out
    };
    Report {
        p: three("p"),
        h: three("h"),
    }
}

/// Reads a stored profile object field by field (None when it is not an object at all).
pub fn from_value(v: &Value) -> Option<Profile> {
    let o = v.as_object()?;
    let get = |k: &str| o.get(k);
    Some(Profile {
        v: uint(get("v")),
        id: text(get("id")),
        first: int(get("first")),
        last: int(get("last")),
        session: read_session(get("session")),
        starts: array(get("starts"))
            .iter()
            .filter_map(Value::as_f64)
            .map(|t| t as i64)
            .collect(),
        items: read_stats(get("items")),
        categories: read_stats(get("categories")),
        brands: read_stats(get("brands")),
        tags: read_stats(get("tags")),
        bands: read_stats(get("bands")),
        viewed: read_pairs(get("viewed")),
        purchased: read_pairs(get("purchased")),
        searches: read_pairs(get("searches")),
        cart: array(get("cart"))
            .iter()
            .filter_map(|l| {
                Some(CartLine(
                    l.get(0)?.as_str()?.to_string(),
                    l.get(1)?.as_f64()?,
                    l.get(2)?.as_f64()?,
                    text(l.get(3)),
                    text(l.get(4)),
                ))
            })
            .collect(),
        orders: array(get("orders"))
            .iter()
            .filter_map(|e| Some(Order(int(e.get(0)), e.get(1)?.as_f64()?, text(e.get(2)))))
            .collect(),
        features: object(get("features"))
            .into_iter()
            .flatten()
            .filter_map(|(k, c)| Some((k.clone(), read_counts(c)?)))
            .collect(),
        prefs: object(get("prefs")).cloned().unwrap_or_default(),
        report: read_report(get("report")),
        related: array(get("rel"))
            .iter()
            .filter_map(|e| {
                let ids = e.get(1)?.as_str()?.split(' ').filter(|x| !x.is_empty());
                Some((
                    e.get(0)?.as_str()?.to_string(),
                    ids.map(String::from).collect(),
                ))
            })
            .collect(),
        writes: Writes(
            object(get("writes"))
                .into_iter()
                .flatten()
                .filter_map(|(k, e)| Some((k.clone(), (uint(Some(e.get(0)?)), int(e.get(1))))))
                .collect(),
        ),
    })
}
