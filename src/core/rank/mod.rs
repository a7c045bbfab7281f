//! Ranking: scores every item of a widget for this visitor, then hides, diversifies and pins.
//!
//! A score is the sum of the contributions of the strategy's rules that apply to the visitor;
//! ties keep the page's order, so without any signal the order is exactly the original.

mod items;
mod place;
mod score;

use crate::core::config::{Config, Strategy};
use crate::core::event::Item;
use crate::core::json::{obj, strings};
use crate::core::profile::stats::round3;
use crate::core::profile::Profile;
pub use items::{from_markup, parse_items, RankItem, MAX_RANK_ITEMS};
use serde_json::Value;

/// One rule's part in an item's score.
#[derive(Clone, Debug, PartialEq)]
pub struct Reason {
    /// The rule's name (`boost`, `affinity`, …).
    pub rule: &'static str,
    /// Where the rule is in the config.
    pub source: String,
    /// Points it added (negative for bury).
    pub points: f64,
    /// The segment that made the rule apply, for targeted rules.
    pub segment: Option<String>,
    /// What it did when it is not points (`pinned at 1`, `hidden`, `moved for diversity`).
    pub note: Option<String>,
}

/// One item's result.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    /// The item id.
    pub id: String,
    /// 0-based place on the page before ranking.
    pub original: usize,
    /// The final score.
    pub score: f64,
    /// Every rule that contributed.
    pub reasons: Vec<Reason>,
}

/// The outcome of ranking one widget.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ranking {
    /// Item ids in their new order (hidden ones left out).
    pub order: Vec<String>,
    /// Item ids removed by hide rules or by the purchased rule.
    pub hidden: Vec<String>,
    /// Per item, in the new order followed by hidden ones.
    pub items: Vec<Scored>,
}

/// What ranking needs to know about the visitor.
pub struct Visitor<'a> {
    /// The profile.
    pub profile: &'a Profile,
    /// Current segment ids.
    pub segments: &'a [String],
    /// The config (relations, half-life).
    pub config: &'a Config,
    /// Now (ms).
    pub now: i64,
    /// Record each rule's part in every score (for explanations); ordering alone needs none.
    pub explain: bool,
}

impl Ranking {
    /// The result as JSON; with `explain`, every item's score and reasons.
    pub fn to_json(&self, explain: bool) -> Value {
        let mut fields = vec![
            ("order", strings(self.order.iter())),
            ("hidden", strings(self.hidden.iter())),
        ];
        if explain {
            let reason = |r: &Reason| {
                let mut o = vec![
                    ("rule", Value::from(r.rule)),
                    ("at", Value::from(r.source.as_str())),
                    ("points", Value::from(round3(r.points))),
                ];
                if let Some(sg) = &r.segment {
                    o.push(("segment", Value::from(sg.as_str())));
                }
                if let Some(n) = &r.note {
                    o.push(("note", Value::from(n.as_str())));
                }
                obj(o)
            };
            let items = self.items.iter().map(|s| {
                obj(vec![
                    ("id", Value::from(s.id.as_str())),
                    ("score", Value::from(round3(s.score))),
                    ("originalPosition", Value::from(s.original + 1)),
                    (
                        "reasons",
                        Value::Array(s.reasons.iter().map(reason).collect()),
                    ),
                ])
            });
            fields.push(("items", Value::Array(items.collect())));
        }
        obj(fields)
    }

    /// The original order, unchanged (for held-out visitors and disabled engines).
    pub fn original(items: &[RankItem]) -> Ranking {
        Ranking {
            order: items.iter().map(|i| i.item.id.clone()).collect(),
            hidden: Vec::new(),
            items: items
                .iter()
                .enumerate()
                .map(|(i, it)| Scored {
                    id: it.item.id.clone(),
                    original: i,
                    score: 0.0,
                    reasons: Vec::new(),
                })
                .collect(),
        }
    }
}

/// Ranks `items` (in page order) with `strategy` for `visitor`.
pub fn rank(strategy: &Strategy, items: &[RankItem], visitor: &Visitor) -> Ranking {
    let scored = score::score_all(strategy, items, visitor);
    // Stable sort: equal scores keep the page's order. Scores are compared to a millionth of a
    // point, so floating-point noise (0.1 + 0.2 against 0.3) never breaks a tie.
    let key = |s: &Scored| {
        let k = (s.score * 1e6).round();
        if k.is_nan() {
            0.0
        } else {
            k
        }
    };
    let keys: Vec<f64> = scored.iter().map(|(s, _)| key(s)).collect();
    let mut slots: Vec<Option<(Scored, bool)>> = scored.into_iter().map(Some).collect();
    let scored: Vec<(Scored, bool)> = crate::core::sort::order_desc(&keys)
        .into_iter()
        .filter_map(|i| slots[i].take())
        .collect();
    // Without any signal the page's order stands: diversity only reshapes a scored order.
    let signal = scored.iter().any(|(s, _)| key(s) != 0.0);
    let (kept, hidden) = place::apply_hide(scored, strategy.min_items);
    let mut kept = kept;
    if let (Some(d), true) = (strategy.diversity, signal) {
        place::diversify(&mut kept, items, d);
    }
    place::apply_pins(&mut kept, strategy, visitor);
    let order = kept.iter().map(|(s, _)| s.id.clone()).collect();
    let hidden_ids = hidden.iter().map(|(s, _)| s.id.clone()).collect();
    Ranking {
        order,
        hidden: hidden_ids,
        items: kept.into_iter().chain(hidden).map(|(s, _)| s).collect(),
    }
}

/// A plain item for tests and callers that only have ids.
pub fn item(id: &str) -> RankItem {
    RankItem {
        item: Item {
            id: id.to_string(),
            quantity: 1.0,
            ..Item::default()
        },
        related: Vec::new(),
    }
}
