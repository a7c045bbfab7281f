//! A "related to what you viewed" shelf made of the relations themselves: after each view, the
//! items related to anything viewed so far (as the engine reads the config's `related`, both
//! ways) are ranked by the engine's related rule, and the place of the item viewed next is
//! recorded (a miss when it is not among them). Unlike the drawn shelves, here the scores
//! decide the order, so this is where one way of scoring relations can beat another.

use super::learn::Learned as CoViews;
use super::log::Session;
use super::replay::recent_distinct;
use super::shipped::Learned;
use super::stats::{self, Lifts, Sums};
use super::RelParams;
use serde_json::{json, Value};
use shelfwise::core::attributes::Context;
use shelfwise::core::config::Config;
use shelfwise::core::engine::Engine;
use shelfwise::core::event::Event;
use shelfwise::core::profile::Profile;
use shelfwise::core::rank::{item, RankItem};
use shelfwise::core::regex::NativeRegex;
use std::collections::HashSet;

/// Figures of one set of relations on related shelves.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// What the relations are.
    pub label: String,
    /// Sums over every case (a miss counts as a place past the end).
    pub sums: Sums,
    /// Lifts over today's co-view counts (row 0), paired by test session.
    pub lifts: Lifts,
    /// Average items on the shelf.
    pub shelf: f64,
}

/// Places the next item on related shelves for today's relations (`today`) and each learned set.
pub fn measure(
    test: &[&Session],
    co_views: &CoViews,
    today: RelParams,
    sets: &[Learned],
    bootstrap: usize,
    seed: u64,
) -> Result<Vec<Row>, String> {
    let mut labels = vec!["today's co-view counts (top 20)".to_string()];
    let mut related = vec![co_views.related_json(today)];
    for s in sets.iter().filter(|s| s.pairs() > 0) {
        labels.push(s.label.clone());
        related.push(s.related_json());
    }
    let mut per_session = vec![vec![Sums::default(); related.len()]; test.len()];
    let mut shelf_items = vec![0usize; related.len()];
    let mut cases = 0usize;
    for (o, rel) in related.into_iter().enumerate() {
        let config = json!({
            "version": 1,
            "widgets": { "shelf": { "rules": [{ "rule": "related", "to": "viewed", "weight": 5 }], "minItems": 0 } },
            "related": rel,
        });
        let config = Config::from_value(&config, &NativeRegex).map_err(|e| {
            format!(
                "the engine refused the relations of \"{}\": {e:?}",
                labels[o]
            )
        })?;
        let mut engine = Engine::new(config, Profile::new("shelf"), Context::default(), 0);
        cases = 0;
        for (si, s) in test.iter().enumerate() {
            let Some(start) = s.views.first().map(|v| v.time) else {
                continue;
            };
            engine.forget(&format!("visitor-{}", s.id), start);
            for (k, view) in s.views.iter().enumerate() {
                let e = Event::parse(
                    &json!("view_item"),
                    &json!({ "items": [{ "item_id": view.item }] }),
                )
                .map_err(|e| e.to_string())?;
                engine.track(e, view.time);
                engine.saved();
                let Some(next) = s.views.get(k + 1) else {
                    continue;
                };
                cases += 1;
                let shelf = candidates(engine.config(), &recent_distinct(&s.views[..=k]));
                shelf_items[o] += shelf.len();
                let order = engine.order("shelf", &shelf, view.time).order;
                let place = order.iter().position(|i| *i == next.item);
                per_session[si][o].add(place.unwrap_or(usize::MAX - 1));
            }
        }
    }
    per_session.retain(|s| s[0].n > 0.0);
    let lifts = stats::lifts(&per_session, labels.len(), 0, bootstrap, seed);
    let mut whole = vec![Sums::default(); labels.len()];
    for row in &per_session {
        for (acc, s) in whole.iter_mut().zip(row) {
            acc.n += s.n;
            acc.hits += s.hits;
            acc.rr += s.rr;
        }
    }
    Ok(labels
        .into_iter()
        .enumerate()
        .map(|(o, label)| Row {
            label,
            sums: whole[o],
            lifts: lifts[o],
            shelf: shelf_items[o] as f64 / cases.max(1) as f64,
        })
        .collect())
}

/// The items related to anything in `seen` (most recent first), each once, the most recent
/// view's relations first: the shelf a page would render from the relations.
fn candidates(config: &Config, seen: &[&str]) -> Vec<RankItem> {
    let mut out = Vec::new();
    let mut have: HashSet<&str> = HashSet::new();
    for v in seen {
        for (id, _) in config.related.get(*v).into_iter().flatten() {
            if have.insert(id.as_str()) {
                out.push(item(id));
            }
        }
    }
    out
}

/// The rows as a Markdown table.
pub fn table(rows: &[Row]) -> String {
    use super::report::{ci_pts, mrr_ci, pct};
    let mut t = format!(
        "| relations | items on the shelf (average) | HitRate@{} | MRR | HitRate@{} over today's, points [95% CI] | MRR over today's [95% CI] |\n|---|---:|---:|---:|---:|---:|\n",
        stats::HIT_AT,
        stats::HIT_AT
    );
    for (i, r) in rows.iter().enumerate() {
        let (h, m) = if i == 0 {
            ("—".to_string(), "—".to_string())
        } else {
            (ci_pts(&r.lifts.hit_rate), mrr_ci(&r.lifts.mrr))
        };
        t += &format!(
            "| {} | {:.1} | {} | {:.3} | {h} | {m} |\n",
            r.label,
            r.shelf,
            pct(r.sums.hit_rate()),
            r.sums.mrr()
        );
    }
    t
}

/// The rows as JSON.
pub fn to_json(rows: &[Row]) -> Value {
    Value::Array(
        rows.iter()
            .map(|r| {
                json!({
                    "label": r.label,
                    "shelfItems": (r.shelf * 10.0).round() / 10.0,
                    "hitRate4": (r.sums.hit_rate() * 1e4).round() / 1e4,
                    "mrr": (r.sums.mrr() * 1e4).round() / 1e4,
                    "hitRate4OverToday": (r.lifts.hit_rate.abs * 1e4).round() / 1e4,
                    "hitRate4OverTodayCi95": [(r.lifts.hit_rate.ci.0 * 1e4).round() / 1e4, (r.lifts.hit_rate.ci.1 * 1e4).round() / 1e4],
                })
            })
            .collect(),
    )
}
