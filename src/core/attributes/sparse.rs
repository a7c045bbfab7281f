//! Only what segment conditions read: after every event the engine builds a document holding
//! the attribute paths the config's conditions name, not the whole document (whose affinity
//! and activity maps grow with the visitor's history).
//!
//! Small groups (visit, cart, orders…) are built whole. In the large ones a path names one
//! value — `affinity.category.Shoes`, `affinity.top.brand`, `activity.item.SH-1.views`,
//! `features.shoeViews7d` — and only that value is computed. A path that stops higher up
//! (`affinity.category`) gets its whole subtree, so conditions see exactly what the full
//! document would show them.

use super::{activity, activity_counts, best_top, group, key, scores, Sources};
use crate::core::profile::stats::{round3, Stats};
use serde_json::{Map, Value};

/// The attribute paths segment conditions read, pre-split and without repeats.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Needs(Vec<Vec<String>>);

/// The dimensions of `affinity` and `activity`, with the profile's map for each.
fn dimension<'a>(src: &Sources<'a>, name: &str) -> Option<&'a Stats> {
    let p = src.profile;
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
fn entry<'a>(stats: &'a Stats, name: &str) -> Option<&'a crate::core::profile::stats::Stat> {
    stats.get(name).or_else(|| {
        stats
            .0
            .iter()
            .find(|(k, _)| k.contains('.') && key(k) == name)
            .map(|(_, s)| s)
    })
}

impl Needs {
    /// The needs of the given dotted paths.
    pub fn of<'a>(paths: impl IntoIterator<Item = &'a str>) -> Needs {
        let mut out: Vec<Vec<String>> = Vec::new();
        for p in paths {
            let split: Vec<String> = p.split('.').map(String::from).collect();
            if !out.contains(&split) {
                out.push(split);
            }
        }
        Needs(out)
    }

    /// The document holding what the paths read (every path's value, or its whole group).
    pub fn build(&self, src: &Sources) -> Map<String, Value> {
        let mut doc = Map::new();
        let mut whole: Vec<&str> = Vec::new();
        for path in &self.0 {
            let Some(top) = path.first() else { continue };
            if whole.contains(&top.as_str()) {
                continue;
            }
            match value_at(path, src) {
                Some(Found::Leaf(v)) => put(&mut doc, path, v),
                // Absent here as in the full document: the condition sees a missing value.
                Some(Found::Missing) => {}
                None => {
                    if let Some(g) = group(top, src) {
                        doc.insert(top.clone(), g);
                        whole.push(top);
                    }
                }
            }
        }
        doc
    }
}

enum Found {
    /// The value at the path.
    Leaf(Value),
    /// Nothing is there.
    Missing,
}

/// The value at `path` when it can be computed alone; None when the whole group is needed.
fn value_at(path: &[String], src: &Sources) -> Option<Found> {
    let part = |i: usize| path.get(i).map(String::as_str);
    match (part(0)?, part(1), part(2), part(3)) {
        ("features", Some(id), None, None) => {
            let f = src.cfg.features.iter().find(|f| f.id == id);
            Some(f.map_or(Found::Missing, |f| {
                Found::Leaf(Value::from(src.profile.feature(f, src.now, src.cfg)))
            }))
        }
        ("affinity", Some("top"), None, None) => None,
        ("affinity", Some(dim), None, None) => {
            let stats = dimension(src, dim).filter(|_| dim != "item")?;
            Some(Found::Leaf(scores(stats, src.now, src.cfg.half_life_ms)))
        }
        ("activity", Some(dim), None, None) => Some(Found::Leaf(activity(dimension(src, dim)?))),
        ("affinity", Some("top"), Some(dim), None) => {
            let stats = dimension(src, dim).filter(|_| dim != "item")?;
            Some(Found::Leaf(best_top(
                dim,
                stats,
                src.now,
                src.cfg.half_life_ms,
            )))
        }
        ("affinity", Some(dim), Some(name), None) if dim != "item" && dim != "top" => {
            let stats = dimension(src, dim)?;
            Some(entry(stats, name).map_or(Found::Missing, |st| {
                Found::Leaf(Value::from(round3(st.score(src.now, src.cfg.half_life_ms))))
            }))
        }
        ("activity", Some(dim), Some(name), rest) => {
            let stats = dimension(src, dim)?;
            let Some(st) = entry(stats, name) else {
                return Some(Found::Missing);
            };
            let counts = activity_counts(st);
            match rest {
                None => Some(Found::Leaf(Value::Object(counts))),
                Some(action) if path.len() == 4 => Some(
                    counts
                        .get(action)
                        .cloned()
                        .map_or(Found::Missing, Found::Leaf),
                ),
                Some(_) => None,
            }
        }
        _ => None,
    }
}

/// Inserts `v` at `path` in `doc`, creating the objects on the way.
fn put(doc: &mut Map<String, Value>, path: &[String], v: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut at = doc;
    for p in parents {
        let slot = at
            .entry(p.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(next) = slot else { return };
        at = next;
    }
    at.insert(last.clone(), v);
}
