//! The profile as stored JSON, written and read by hand: every field is read on its own, so a
//! damaged field costs only itself.

use super::counts::Counts;
use super::session::Session;
use super::stats::{Stat, Stats};
use super::writes::Writes;
use super::{CartLine, Order, Profile, Report};
use crate::core::gather::Gather;
use crate::core::json::{Json, Obj};
use crate::core::keymap::KeyMap;

fn num(x: f64) -> Json {
    Json::Num(x)
}

fn int(x: i64) -> Json {
    Json::Num(x as f64)
}

fn pairs(list: &[(String, i64)]) -> Json {
    Json::Arr(
        list.iter()
            .map(|(k, t)| Json::Arr(vec![Json::str(k.as_str()), int(*t)]))
            .gather(),
    )
}

fn stats(s: &Stats) -> Json {
    Json::Obj(
        s.0.iter()
            .map(|(k, st)| {
                let counts = st.0.iter().map(|c| num(f64::from(*c))).collect();
                let v = Json::Arr(vec![Json::Arr(counts), num(st.1), int(st.2)]);
                (k.clone(), v)
            })
            .collect(),
    )
}

fn counts(c: &Counts) -> Json {
    let mut o = vec![("sig", num(f64::from(c.sig))), ("base", int(c.base))];
    if !c.b.is_empty() {
        o.push(("b", Json::Arr(c.b.iter().map(|x| num(*x)).gather())));
    }
    if c.sid != 0 {
        o.push(("sid", num(f64::from(c.sid))));
    }
    if c.s != 0.0 {
        o.push(("s", num(c.s)));
    }
    Json::object(o)
}

fn session(s: &Session) -> Json {
    let mut o = vec![
        ("n", num(f64::from(s.n))),
        ("start", int(s.start)),
        ("last", int(s.last)),
        ("pages", num(f64::from(s.pages))),
        ("events", num(f64::from(s.events))),
        ("prev", int(s.prev)),
        ("landing", Json::str(s.landing.as_str())),
    ];
    if let Some(r) = &s.referrer {
        o.push(("referrer", Json::str(r.as_str())));
    }
    if !s.utm.is_empty() {
        o.push(("utm", Json::Obj(s.utm.clone())));
    }
    Json::object(o)
}

fn cart_line(l: &CartLine) -> Json {
    let mut row = vec![
        Json::str(l.0.as_str()),
        num(l.1),
        num(l.2),
        Json::str(l.3.as_str()),
        Json::str(l.4.as_str()),
    ];
    if !l.5.is_empty() {
        row.push(Json::strings(l.5.iter().map(String::as_str)));
    }
    Json::Arr(row)
}

/// The profile as a JSON value, in the stored layout.
pub fn to_json(p: &Profile) -> Json {
    let u32s = |a: &[u32]| Json::Arr(a.iter().map(|x| num(f64::from(*x))).gather());
    let mut o = vec![
        ("v", num(f64::from(p.v))),
        ("id", Json::str(p.id.as_str())),
        ("first", int(p.first)),
        ("last", int(p.last)),
        ("session", session(&p.session)),
        (
            "starts",
            Json::Arr(p.starts.iter().map(|t| int(*t)).gather()),
        ),
        ("items", stats(&p.items)),
        ("categories", stats(&p.categories)),
        ("brands", stats(&p.brands)),
        ("tags", stats(&p.tags)),
        ("bands", stats(&p.bands)),
        ("viewed", pairs(&p.viewed)),
        ("purchased", pairs(&p.purchased)),
        ("searches", pairs(&p.searches)),
        ("cart", Json::Arr(p.cart.iter().map(cart_line).gather())),
        (
            "orders",
            Json::Arr(
                p.orders
                    .iter()
                    .map(|o| Json::Arr(vec![int(o.0), num(o.1), Json::str(o.2.as_str())]))
                    .gather(),
            ),
        ),
        (
            "features",
            Json::Obj(
                p.features
                    .iter()
                    .map(|(k, c)| (k.clone(), counts(c)))
                    .collect(),
            ),
        ),
    ];
    if !p.prefs.is_empty() {
        o.push(("prefs", Json::Obj(p.prefs.clone())));
    }
    o.push((
        "report",
        Json::object(vec![("p", u32s(&p.report.p)), ("h", u32s(&p.report.h))]),
    ));
    if !p.related.is_empty() {
        let rel = p
            .related
            .iter()
            .map(|(id, l)| Json::Arr(vec![Json::str(id.as_str()), Json::Str(l.join(" "))]));
        o.push(("rel", Json::Arr(rel.gather())));
    }
    if !p.writes.is_empty() {
        let w = p
            .writes
            .0
            .iter()
            .map(|(k, (n, t))| (k.clone(), Json::Arr(vec![num(f64::from(*n)), int(*t)])))
            .collect();
        o.push(("writes", Json::Obj(w)));
    }
    Json::object(o)
}

// Tolerant readers: a missing or malformed value reads as empty / zero.

fn int_of(v: Option<&Json>) -> i64 {
    v.and_then(Json::as_f64)
        .filter(|x| x.is_finite())
        .map_or(0, |x| x as i64)
}

fn uint(v: Option<&Json>) -> u32 {
    int_of(v).clamp(0, i64::from(u32::MAX)) as u32
}

fn num_of(v: Option<&Json>) -> f64 {
    v.and_then(Json::as_f64).unwrap_or(0.0)
}

fn text(v: Option<&Json>) -> String {
    v.and_then(Json::as_str).unwrap_or_default().to_string()
}

fn array(v: Option<&Json>) -> &[Json] {
    v.and_then(Json::as_array).unwrap_or(&[])
}

fn object(v: Option<&Json>) -> Option<&Obj> {
    v.and_then(Json::as_object)
}

fn read_pairs(v: Option<&Json>) -> Vec<(String, i64)> {
    array(v)
        .iter()
        .filter_map(|e| Some((e.at(0)?.as_str()?.to_string(), int_of(e.at(1)))))
        .gather()
}

fn read_stats(v: Option<&Json>) -> Stats {
    let mut out = KeyMap::new();
    for (k, e) in object(v).into_iter().flat_map(Obj::iter) {
        let (Some(c), Some(score)) = (
            e.at(0).and_then(Json::as_array),
            e.at(1).and_then(Json::as_f64),
        ) else {
            continue;
        };
        let mut counts = [0u32; 5];
        for (slot, x) in counts.iter_mut().zip(c) {
            *slot = uint(Some(x));
        }
        out.insert(k.to_string(), Stat(counts, score, int_of(e.at(2))));
    }
    Stats(out)
}

fn read_counts(v: &Json) -> Option<Counts> {
    let b: Vec<f64> = array(v.get("b")).iter().filter_map(Json::as_f64).gather();
    let sig = v.get("sig")?.as_f64()?;
    if !(0.0..=f64::from(u32::MAX)).contains(&sig) || sig.fract() != 0.0 {
        return None;
    }
    Some(Counts {
        sig: sig as u32,
        base: int_of(v.get("base")),
        b,
        sid: uint(v.get("sid")),
        s: num_of(v.get("s")),
    })
}

fn read_session(v: Option<&Json>) -> Session {
    let Some(s) = v.filter(|s| s.as_object().is_some()) else {
        return Session::default();
    };
    Session {
        n: uint(s.get("n")),
        start: int_of(s.get("start")),
        last: int_of(s.get("last")),
        pages: uint(s.get("pages")),
        events: uint(s.get("events")),
        prev: int_of(s.get("prev")),
        landing: text(s.get("landing")),
        referrer: s.get("referrer").and_then(Json::as_str).map(String::from),
        utm: object(s.get("utm")).cloned().unwrap_or_default(),
    }
}

fn read_report(v: Option<&Json>) -> Report {
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

fn read_cart_line(l: &Json) -> Option<CartLine> {
    Some(CartLine(
        l.at(0)?.as_str()?.to_string(),
        l.at(1)?.as_f64()?,
        l.at(2)?.as_f64()?,
        text(l.at(3)),
        text(l.at(4)),
        array(l.at(5))
            .iter()
            .filter_map(|p| p.as_str().map(String::from))
            .gather(),
    ))
}

/// Reads a stored profile object field by field (None when it is not an object at all).
pub fn from_json(v: &Json) -> Option<Profile> {
    let o = v.as_object()?;
    let get = |k: &str| o.get(k);
    Some(Profile {
        v: uint(get("v")),
        id: text(get("id")),
        first: int_of(get("first")),
        last: int_of(get("last")),
        session: read_session(get("session")),
        starts: array(get("starts"))
            .iter()
            .filter_map(Json::as_f64)
            .filter(|t| t.is_finite())
            .map(|t| t as i64)
            .gather(),
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
            .filter_map(read_cart_line)
            .gather(),
        orders: array(get("orders"))
            .iter()
            .filter_map(|e| Some(Order(int_of(e.at(0)), e.at(1)?.as_f64()?, text(e.at(2)))))
            .gather(),
        features: object(get("features"))
            .into_iter()
            .flat_map(Obj::iter)
            .filter_map(|(k, c)| Some((k.to_string(), read_counts(c)?)))
            .collect(),
        prefs: object(get("prefs")).cloned().unwrap_or_default(),
        report: read_report(get("report")),
        related: array(get("rel"))
            .iter()
            .filter_map(|e| {
                let ids = e.at(1)?.as_str()?.split(' ').filter(|x| !x.is_empty());
                Some((
                    e.at(0)?.as_str()?.to_string(),
                    ids.map(String::from).gather(),
                ))
            })
            .gather(),
        writes: Writes(
            object(get("writes"))
                .into_iter()
                .flat_map(Obj::iter)
                .filter_map(|(k, e)| Some((k.to_string(), (uint(Some(e.at(0)?)), int_of(e.at(1))))))
                .collect(),
        ),
    })
}
