//! The split by time and what a shop would learn from its past: item popularity (its default
//! order) and co-view relations ("people who viewed this also viewed"), from learning days only.

use super::log::Session;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// Most distinct items of one session counted for co-views (bounds the quadratic pair count).
pub const MAX_SESSION_ITEMS: usize = 100;

/// Sessions split by the day they started on.
pub struct Split<'a> {
    /// Sessions of the earliest days, to learn from.
    pub learn: Vec<&'a Session>,
    /// Sessions of the later days, to test on.
    pub test: Vec<&'a Session>,
    /// Day numbers (days since the epoch) of learning, first and last.
    pub learn_days: (i64, i64),
    /// Day numbers of testing, first and last.
    pub test_days: (i64, i64),
    /// Distinct days in the log.
    pub days: usize,
}

/// Splits by day: the earliest `share` of the distinct days (at least one, and at least one
/// left for testing when there are two or more) are for learning.
pub fn split(sessions: &[Session], share: f64) -> Split<'_> {
    let mut days: Vec<i64> = sessions.iter().map(Session::day).collect();
    days.sort_unstable();
    days.dedup();
    let n = days.len();
    let learn_n = ((n as f64 * share).round() as usize).clamp(1.min(n), n.saturating_sub(1).max(1));
    let cut = days.get(learn_n).copied().unwrap_or(i64::MAX);
    let (learn, test): (Vec<&Session>, Vec<&Session>) =
        sessions.iter().partition(|s| s.day() < cut);
    let span = |d: &[i64]| {
        (
            d.first().copied().unwrap_or(0),
            d.last().copied().unwrap_or(0),
        )
    };
    Split {
        learn,
        test,
        learn_days: span(&days[..learn_n.min(n)]),
        test_days: span(&days[learn_n.min(n)..]),
        days: n,
    }
}

/// What the shop knows from the learning days.
#[derive(Debug, Default)]
pub struct Learned {
    /// Views per item.
    pub popularity: HashMap<String, u32>,
    /// Items, most viewed first (ties by id), i.e. the shop's default order.
    pub by_popularity: Vec<String>,
    /// For each item, the items viewed in the same sessions, with the number of such sessions.
    pub coviews: HashMap<String, HashMap<String, u32>>,
}

/// Learns popularity and co-views from `sessions` (the learning part only).
pub fn learn(sessions: &[&Session]) -> Learned {
    let mut l = Learned::default();
    for s in sessions {
        let mut distinct: Vec<&str> = Vec::new();
        for v in &s.views {
            *l.popularity.entry(v.item.clone()).or_default() += 1;
            if !distinct.contains(&v.item.as_str()) && distinct.len() < MAX_SESSION_ITEMS {
                distinct.push(&v.item);
            }
        }
        for a in &distinct {
            for b in &distinct {
                if a != b {
                    *l.coviews
                        .entry(a.to_string())
                        .or_default()
                        .entry(b.to_string())
                        .or_default() += 1;
                }
            }
        }
    }
    let mut items: Vec<(&String, &u32)> = l.popularity.iter().collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    l.by_popularity = items.into_iter().map(|(i, _)| i.clone()).collect();
    l
}

/// Which relations to ship: each item's `top_n` strongest, seen in at least `min_count` sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelParams {
    /// Most related items per item.
    pub top_n: usize,
    /// Fewest sessions a pair must share.
    pub min_count: u32,
}

impl Learned {
    /// Views of `item` in the learning days (0 if never seen).
    pub fn views(&self, item: &str) -> u32 {
        self.popularity.get(item).copied().unwrap_or(0)
    }

    /// The relations of each item, strongest first (ties by id).
    pub fn relations(&self, p: RelParams) -> BTreeMap<String, Vec<(String, u32)>> {
        let mut out = BTreeMap::new();
        for (item, others) in &self.coviews {
            let mut list: Vec<(String, u32)> = others
                .iter()
                .filter(|(_, c)| **c >= p.min_count)
                .map(|(o, c)| (o.clone(), *c))
                .collect();
            list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            list.truncate(p.top_n);
            if !list.is_empty() {
                out.insert(item.clone(), list);
            }
        }
        out
    }

    /// The relations as the config's `related` key, object form `{ item: { other: count } }`.
    pub fn related_json(&self, p: RelParams) -> Value {
        let m: Map<String, Value> = self
            .relations(p)
            .into_iter()
            .map(|(item, list)| {
                let o: Map<String, Value> =
                    list.into_iter().map(|(o, c)| (o, Value::from(c))).collect();
                (item, Value::Object(o))
            })
            .collect();
        Value::Object(m)
    }
}
