//! Relations learned outside the evaluation by `shelfwise relations`, from the learning days
//! only: the learning sessions go out as a plain CSV log, the command's per-item output comes
//! back (a manifest names each set), and each set becomes a strategy to compare.

use super::learn::Split;
use super::log::Session;
use super::replay::{recent_distinct, Case, Variant};
use super::stats::{self, Lifts, Sums};
use super::{Options, Rel};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Related items by item, strongest first, with strengths 0–1.
pub type Relations = BTreeMap<String, Vec<(String, f64)>>;

/// One set of learned relations.
#[derive(Clone, Debug, PartialEq)]
pub struct Learned {
    /// Short id (letters, digits, `-`).
    pub id: String,
    /// What it is, in a few words.
    pub label: String,
    /// The options `shelfwise relations` ran with.
    pub args: String,
    /// Also compared next to recently viewed.
    pub primary: bool,
    /// The relations.
    pub relations: Relations,
}

impl Learned {
    /// The relations as the config's `related` key, object form.
    pub fn related_json(&self) -> Value {
        let m: Map<String, Value> = self
            .relations
            .iter()
            .map(|(item, list)| {
                let o: Map<String, Value> =
                    list.iter().map(|(o, s)| (o.clone(), json!(s))).collect();
                (item.clone(), Value::Object(o))
            })
            .collect();
        Value::Object(m)
    }

    /// Relations in all.
    pub fn pairs(&self) -> usize {
        self.relations.values().map(Vec::len).sum()
    }
}

/// The learning sessions as a CSV log `session,item,time` (time in ms since the epoch): what
/// `shelfwise relations` learns from. Nothing of the test days is in it.
pub fn learning_csv(split: &Split) -> String {
    let mut out = String::from("session,item,time\n");
    for s in &split.learn {
        for v in &s.views {
            let _ = writeln!(out, "{},{},{}", csv(&s.id), csv(&v.item), v.time);
        }
    }
    out
}

fn csv(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Reads the per-item output of `shelfwise relations`: `item_id,related,strengths`.
pub fn read_per_item(text: &str) -> Result<Relations, String> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let head = lines.next().ok_or("the file is empty")?;
    if super::log::fields(head, ',') != ["item_id", "related", "strengths"] {
        return Err(format!(
            "the header is \"{head}\", not \"item_id,related,strengths\""
        ));
    }
    let mut out = Relations::new();
    for (n, line) in lines.enumerate() {
        let f = super::log::fields(line, ',');
        let (Some(item), Some(ids), Some(strengths)) = (f.first(), f.get(1), f.get(2)) else {
            return Err(format!("line {}: three fields expected", n + 2));
        };
        let strengths: Vec<f64> = strengths
            .split_whitespace()
            .map(|s| {
                s.parse::<f64>()
                    .map_err(|_| format!("line {}: strength \"{s}\" is not a number", n + 2))
            })
            .collect::<Result<_, _>>()?;
        let ids: Vec<&str> = ids.split_whitespace().collect();
        if ids.len() != strengths.len() {
            return Err(format!(
                "line {}: {} ids but {} strengths",
                n + 2,
                ids.len(),
                strengths.len()
            ));
        }
        let list = ids.into_iter().map(String::from).zip(strengths).collect();
        out.insert(item.clone(), list);
    }
    Ok(out)
}

/// Reads a manifest `{ "sets": [{ "id", "label", "args", "csv", "primary"? }] }` and its files.
pub fn read_manifest(text: &str) -> Result<Vec<Learned>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let sets = v["sets"].as_array().ok_or("no \"sets\" array")?;
    let field = |s: &Value, k: &str| -> Result<String, String> {
        s[k].as_str()
            .map(String::from)
            .ok_or_else(|| format!("a set has no \"{k}\" text: {s}"))
    };
    sets.iter()
        .map(|s| {
            let path = field(s, "csv")?;
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
            Ok(Learned {
                id: field(s, "id")?,
                label: field(s, "label")?,
                args: field(s, "args")?,
                primary: s["primary"].as_bool().unwrap_or(false),
                relations: read_per_item(&text).map_err(|e| format!("{path}: {e}"))?,
            })
        })
        .collect()
}

/// The strategies of the learned sets: related to viewed items with each set's relations, and
/// for the primary set also beside recently viewed. Sets without relations are left out (there
/// is nothing to measure).
pub fn variants(sets: &[Learned], related: &Value, recent: &Value) -> Vec<Variant> {
    let mut out = Vec::new();
    for (i, s) in sets.iter().enumerate().filter(|(_, s)| s.pairs() > 0) {
        out.push(Variant {
            id: format!("learned-{}", s.id),
            label: s.label.clone(),
            rules: json!([related]),
            rel: Rel::Learned(i),
            sweep: false,
        });
        if s.primary {
            out.push(Variant {
                id: format!("learned-{}-recent", s.id),
                label: format!("recently viewed + {}", s.label),
                rules: json!([recent, related]),
                rel: Rel::Learned(i),
                sweep: false,
            });
        }
    }
    out
}

/// Learned relations against today's in the same strategy: related to viewed items alone
/// against `related`, beside recently viewed against `both` (paired resamples of sessions).
pub fn against(
    variants: &[Variant],
    per_session: &[Vec<Sums>],
    o: &Options,
) -> Vec<Option<(usize, Lifts)>> {
    let at = |id: &str| variants.iter().position(|v| v.id == id).map(|i| i + 1);
    let orderings = 1 + variants.len();
    let mut out = vec![None; orderings];
    for (base_id, recent) in [("related", false), ("both", true)] {
        let Some(base) = at(base_id) else { continue };
        let lifts = stats::lifts(
            per_session,
            orderings,
            base,
            o.bootstrap,
            o.shelves.seed ^ 0xb008,
        );
        for (j, v) in variants.iter().enumerate() {
            if matches!(v.rel, Rel::Learned(_)) && v.id.ends_with("-recent") == recent {
                out[j + 1] = Some((base, lifts[j + 1]));
            }
        }
    }
    out
}

/// Cases whose shelf holds at least one item related (by `set`, either way) to an item viewed
/// so far, and cases whose shelf holds two or more such items.
pub fn contested(cases: &[Case], test: &[&Session], set: &Learned) -> (usize, usize) {
    let related = |a: &str, b: &str| {
        let has = |x: &str, y: &str| {
            set.relations
                .get(x)
                .is_some_and(|l| l.iter().any(|(o, _)| o == y))
        };
        has(a, b) || has(b, a)
    };
    let (mut one, mut two) = (0, 0);
    for c in cases {
        let Some(s) = test.get(c.session) else {
            continue;
        };
        let seen = recent_distinct(&s.views[..c.step.min(s.views.len())]);
        let n = c
            .shelf
            .iter()
            .filter(|i| seen.iter().any(|v| related(v, i)))
            .count();
        one += usize::from(n >= 1);
        two += usize::from(n >= 2);
    }
    (one, two)
}
