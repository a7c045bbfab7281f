//! The case format of the specification suite (tests/spec/README.md), read strictly: an unknown
//! key or step is an error in the case, never silently ignored. Also how an observation is
//! compared with an expectation. Nothing here knows the engine: that is the adapter's part.

use serde_json::{Map, Value};
use std::path::Path;

/// One file of cases on one topic.
pub struct File {
    /// The file's name, e.g. `boost-bury.json`.
    pub name: String,
    /// Its cases, in order.
    pub cases: Vec<Case>,
}

/// One case: a shop's config and page, and what a visitor does on it.
pub struct Case {
    /// Unique within its file.
    pub name: String,
    /// The config the page starts the engine with.
    pub config: Value,
    /// The page (see `PAGE_KEYS`).
    pub page: Map<String, Value>,
    /// The time of the first page load (ms since 1970, UTC).
    pub clock: i64,
    /// What happens, in order.
    pub steps: Vec<Step>,
}

/// One step of a case's timeline.
pub enum Step {
    /// `sw.track(name, params)`, answering `result` (`{ "ok": true }` unless the case says).
    Track {
        /// The event name.
        name: Value,
        /// Its parameters (null when not given).
        params: Value,
        /// The answer expected.
        result: Value,
    },
    /// A push to `window.dataLayer` (an array is pushed as gtag pushes its arguments).
    DataLayer(Value),
    /// `sw.setAttributes(value)`.
    SetAttributes(Value),
    /// `sw.setPreferences(value)`.
    SetPreferences(Value),
    /// `sw.consent(granted)`.
    Consent(bool),
    /// `sw.forget()`.
    Forget,
    /// The shopper sees the widget of this id: it is scrolled into view, then out again.
    See(String),
    /// A click on the card of `item` in widget `widget`.
    Click {
        /// The widget id.
        widget: String,
        /// The item id.
        item: String,
    },
    /// The clock moves forward by this many ms.
    Advance(i64),
    /// A single-page app's route change: `history.pushState` to `page["url"]`, then the route's
    /// markup (`pageType`, `product`, `widgets`, `slots`; any left out: none) in place of the
    /// old route's.
    Navigate(Map<String, Value>),
    /// Items added at the end of a widget already on the page ("load more", infinite scroll).
    Append {
        /// The widget id.
        widget: String,
        /// The items, as the page's items are written.
        items: Vec<Value>,
    },
    /// A new page load of the shop, storage kept: `page` keys replace the case page's,
    /// `config` (when given) replaces the config.
    Reload {
        /// Page keys that change.
        page: Map<String, Value>,
        /// A new config, if any.
        config: Option<Value>,
    },
    /// What must hold now (see `EXPECT_KEYS`).
    Expect(Map<String, Value>),
}

/// The keys a page may have.
pub const PAGE_KEYS: [&str; 12] = [
    "url",
    "referrer",
    "width",
    "userAgent",
    "timezoneOffset",
    "gpc",
    "consent",
    "pageType",
    "product",
    "widgets",
    "slots",
    "dataLayer",
];
/// The keys of a `navigate` step: the new address and the new route's markup.
pub const NAVIGATE_KEYS: [&str; 5] = ["url", "pageType", "product", "widgets", "slots"];
/// The keys an item of the page may have (its `data-sw-*` attributes).
pub const ITEM_KEYS: [&str; 6] = ["id", "category", "brand", "price", "tags", "related"];
/// The keys an expectation may have.
pub const EXPECT_KEYS: [&str; 9] = [
    "segments",
    "widgets",
    "slots",
    "attributes",
    "absent",
    "storage",
    "stored",
    "report",
    "rank",
];
/// The keys of a `rank` expectation.
pub const RANK_KEYS: [&str; 5] = ["widget", "items", "order", "hidden", "personalized"];

/// The first page load of every case unless it says otherwise: Monday 2 March 2026, 12:00 UTC.
pub const DEFAULT_CLOCK: &str = "2026-03-02T12:00:00Z";

fn only(what: &str, m: &Map<String, Value>, allowed: &[&str]) -> Result<(), String> {
    match m.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(format!(
            "{what}: unknown key \"{k}\" (known: {})",
            allowed.join(", ")
        )),
        None => Ok(()),
    }
}

fn object<'a>(v: &'a Value, what: &str) -> Result<&'a Map<String, Value>, String> {
    v.as_object()
        .ok_or_else(|| format!("{what} must be an object"))
}

/// Milliseconds since 1970 of an ISO time `YYYY-MM-DDTHH:MM:SSZ` (or with `.sss`).
pub fn parse_time(s: &str) -> Result<i64, String> {
    let bad = || format!("\"{s}\" is not a time like {DEFAULT_CLOCK}");
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || !s.ends_with('Z') {
        return Err(bad());
    }
    let n =
        |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<i64>().ok()).ok_or_else(bad);
    let (y, mo, d) = (n(0..4)?, n(5..7)?, n(8..10)?);
    let (h, mi, sec) = (n(11..13)?, n(14..16)?, n(17..19)?);
    let ms = if b[19] == b'.' { n(20..23)? } else { 0 };
    // Days from civil (Howard Hinnant's algorithm).
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Ok(((days * 24 + h) * 60 + mi) * 60_000 + sec * 1000 + ms)
}

/// Milliseconds of a duration: a number of ms, or text `<n>ms|s|m|h|d`.
pub fn parse_duration(v: &Value) -> Result<i64, String> {
    if let Some(n) = v.as_i64() {
        return Ok(n);
    }
    let s = v.as_str().ok_or("advance takes a duration like \"30m\"")?;
    let (num, unit) = s
        .find(|c: char| c.is_ascii_alphabetic())
        .map(|i| s.split_at(i))
        .ok_or_else(|| format!("\"{s}\" is not a duration like \"30m\""))?;
    let n: f64 = num
        .parse()
        .map_err(|_| format!("\"{s}\" is not a duration like \"30m\""))?;
    let unit = match unit {
        "ms" => 1.0,
        "s" => 1000.0,
        "m" => 60_000.0,
        "h" => 3_600_000.0,
        "d" => 86_400_000.0,
        _ => return Err(format!("\"{s}\": the units are ms, s, m, h and d")),
    };
    Ok((n * unit).round() as i64)
}

fn step(v: &Value) -> Result<Step, String> {
    let m = object(v, "a step")?;
    let kind = m
        .keys()
        .find(|k| *k != "params" && *k != "result")
        .ok_or("a step needs one of track, dataLayer, setAttributes, setPreferences, consent, forget, click, advance, navigate, append, reload, expect")?;
    let value = &m[kind];
    let allowed: &[&str] = if kind == "track" {
        &["track", "params", "result"]
    } else {
        &[kind.as_str()]
    };
    only(&format!("step {kind}"), m, allowed)?;
    Ok(match kind.as_str() {
        "track" => Step::Track {
            name: value.clone(),
            params: m.get("params").cloned().unwrap_or(Value::Null),
            result: m
                .get("result")
                .cloned()
                .unwrap_or_else(|| serde_json::json!({ "ok": true })),
        },
        "dataLayer" => Step::DataLayer(value.clone()),
        "setAttributes" => Step::SetAttributes(value.clone()),
        "setPreferences" => Step::SetPreferences(value.clone()),
        "consent" => Step::Consent(value.as_bool().ok_or("consent takes true or false")?),
        "forget" => Step::Forget,
        "see" => Step::See(value.as_str().ok_or("see takes a widget id")?.to_string()),
        "click" => {
            let c = object(value, "click")?;
            only("click", c, &["widget", "item"])?;
            let s = |k: &str| {
                c.get(k)
                    .and_then(Value::as_str)
                    .map(String::from)
                    .ok_or(format!("click needs \"{k}\""))
            };
            Step::Click {
                widget: s("widget")?,
                item: s("item")?,
            }
        }
        "advance" => Step::Advance(parse_duration(value)?),
        "navigate" => {
            let n = object(value, "navigate")?;
            only("navigate", n, &NAVIGATE_KEYS)?;
            if !n
                .get("url")
                .and_then(Value::as_str)
                .is_some_and(|u| u.starts_with('/'))
            {
                return Err("navigate needs \"url\": a path such as /trail".into());
            }
            check_page(n)?;
            Step::Navigate(n.clone())
        }
        "append" => {
            let a = object(value, "append")?;
            only("append", a, &["widget", "items"])?;
            let widget = a
                .get("widget")
                .and_then(Value::as_str)
                .ok_or("append needs \"widget\"")?
                .to_string();
            let items = a
                .get("items")
                .and_then(Value::as_array)
                .filter(|i| !i.is_empty())
                .ok_or("append needs \"items\": [...]")?;
            for it in items {
                only("an item", object(it, "an item")?, &ITEM_KEYS)?;
            }
            Step::Append {
                widget,
                items: items.clone(),
            }
        }
        "reload" => {
            let mut page = object(value, "reload")?.clone();
            let config = page.remove("config");
            only("reload", &page, &PAGE_KEYS)?;
            Step::Reload { page, config }
        }
        "expect" => {
            let e = object(value, "expect")?;
            only("expect", e, &EXPECT_KEYS)?;
            for r in e
                .get("rank")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                only(
                    "a rank expectation",
                    object(r, "a rank expectation")?,
                    &RANK_KEYS,
                )?;
            }
            Step::Expect(e.clone())
        }
        other => return Err(format!("unknown step \"{other}\"")),
    })
}

fn check_page(page: &Map<String, Value>) -> Result<(), String> {
    only("page", page, &PAGE_KEYS)?;
    let items = page
        .get("widgets")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|w| w.values())
        .filter_map(Value::as_array)
        .flatten()
        .chain(page.get("product"));
    for it in items {
        only("an item", object(it, "an item")?, &ITEM_KEYS)?;
    }
    Ok(())
}

/// Reads one file of cases.
pub fn read_file(path: &Path) -> Result<File, String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| format!("{name}: not JSON: {e}"))?;
    let top = object(&doc, &name)?;
    only(
        &name,
        top,
        &["$schema", "title", "about", "config", "page", "cases"],
    )?;
    let cases = top
        .get("cases")
        .and_then(Value::as_array)
        .ok_or(format!("{name}: needs \"cases\": [...]"))?;
    let mut out = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let at = |e: String| format!("{name} cases[{i}]: {e}");
        let c = object(c, "a case").map_err(at)?;
        only(
            "case",
            c,
            &["name", "why", "config", "page", "clock", "steps"],
        )
        .map_err(at)?;
        let text = |k: &str| c.get(k).and_then(Value::as_str).unwrap_or_default();
        if text("name").is_empty() || text("why").is_empty() {
            return Err(at(
                "every case needs a \"name\" and a one-line \"why\"".into()
            ));
        }
        if out.iter().any(|o: &Case| o.name == text("name")) {
            return Err(at(format!("the name \"{}\" is used twice", text("name"))));
        }
        let config = c
            .get("config")
            .or(top.get("config"))
            .cloned()
            .ok_or_else(|| at("no config (in the case or the file)".into()))?;
        let page = c
            .get("page")
            .or(top.get("page"))
            .map(|p| object(p, "page").cloned())
            .transpose()
            .map_err(at)?
            .unwrap_or_default();
        check_page(&page).map_err(at)?;
        let clock = parse_time(
            c.get("clock")
                .and_then(Value::as_str)
                .unwrap_or(DEFAULT_CLOCK),
        )
        .map_err(at)?;
        let steps = c
            .get("steps")
            .and_then(Value::as_array)
            .ok_or_else(|| at("needs \"steps\": [...]".into()))?
            .iter()
            .enumerate()
            .map(|(j, s)| step(s).map_err(|e| at(format!("steps[{j}]: {e}"))))
            .collect::<Result<Vec<_>, _>>()?;
        if !steps.iter().any(|s| matches!(s, Step::Expect(_))) {
            return Err(at("a case needs at least one expect step".into()));
        }
        out.push(Case {
            name: text("name").to_string(),
            config,
            page,
            clock,
            steps,
        });
    }
    Ok(File { name, cases: out })
}
