//! Ranking: scores every item of a widget for this visitor, then hides, diversifies and pins.
//!
//! A score is the sum of the contributions of the strategy's rules that apply to the visitor;
//! ties keep the page's order, so without any signal the order is exactly the original. Items
//! come from the [`Catalog`] (parsed once, kept by id), the visitor from a [`View`] prepared once
//! per change of the profile; the result is places in the list of items given.

pub mod catalog;
mod place;
pub mod rows;
mod score;
pub mod view;

use crate::core::gather::Gather;
pub use catalog::{Catalog, Facts, ItemRef};
pub use rows::{from_markup, parse_items, words, RankItem, ITEM_FIELDS, MAX_RANK_ITEMS};
pub use view::View;

use crate::core::json::Json;
use crate::core::num::round3;
use crate::core::program::{Rule, RuleKind, Strategy};

/// One rule's part in an item's score (explanations, with the `tooling` feature).
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

/// An item being ranked: its place in the list given, its score, whether a rule hides it.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub index: usize,
    pub score: f64,
    pub hide: bool,
    pub reasons: Vec<Reason>,
}

impl Entry {
    fn new(index: usize) -> Entry {
        Entry {
            index,
            score: 0.0,
            hide: false,
            reasons: Vec::new(),
        }
    }
}

/// One item's result, for explanations.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    /// Its place in the list given.
    pub index: u32,
    /// The final score.
    pub score: f64,
    /// Every rule that contributed (filled when explaining).
    pub reasons: Vec<Reason>,
}

/// The outcome of ranking a list of items: places in that list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Order {
    /// The items to show, in their new order.
    pub order: Vec<u32>,
    /// The items hidden by hide rules or by the purchased rule.
    pub hidden: Vec<u32>,
    /// Per item, in the new order followed by hidden ones.
    pub items: Vec<Scored>,
}

impl Order {
    /// The list of `n` items in its own order (held-out visitors, disabled engines).
    pub fn original(n: usize) -> Order {
        Order {
            order: (0..n as u32).gather(),
            hidden: Vec::new(),
            items: (0..n as u32)
                .map(|index| Scored {
                    index,
                    score: 0.0,
                    reasons: Vec::new(),
                })
                .gather(),
        }
    }
}

/// The segment that makes `rule` apply (`Some(None)` for untargeted rules), or None.
fn applies<'r>(rule: &'r Rule, is_member: &dyn Fn(&str) -> bool) -> Option<Option<&'r str>> {
    if rule.segments.is_empty() {
        return Some(None);
    }
    rule.segments
        .iter()
        .find(|s| is_member(s))
        .map(|s| Some(s.as_str()))
}

/// Ranks `items` (in page order) with `strategy` for the visitor seen through `view`;
/// `is_member` says whether the visitor is in a segment; `explain` records every rule's part.
pub fn rank(
    strategy: &Strategy,
    items: &[&Facts],
    view: &View,
    is_member: &dyn Fn(&str) -> bool,
    explain: bool,
) -> Order {
    // Loops rather than iterator chains here and below: each chain is two or three functions
    // of its own in the .wasm, which the browser compiles one by one on first use.
    let mut active: Vec<(&Rule, Option<&str>)> = Vec::new();
    for r in &strategy.rules {
        if let Some(s) = applies(r, is_member) {
            active.push((r, s));
        }
    }
    let related = |cart: bool| {
        active.iter().any(|(r, _)| {
            matches!(r.kind, RuleKind::Related { cart: c, viewed: v } if if cart { c } else { v })
        })
    };
    let any_markup = items.iter().any(|it| !it.related.is_empty());
    let markup = if any_markup {
        score::Markup::of(items, view, related(true), related(false))
    } else {
        score::Markup::default()
    };
    let scored = score::score_all(items, &active, view, &markup, explain);
    // Stable sort: equal scores keep the page's order. Scores are compared to a millionth of a
    // point, so floating-point noise (0.1 + 0.2 against 0.3) never breaks a tie.
    let key = |s: f64| {
        let k = (s * 1e6).round();
        if k.is_nan() {
            0.0
        } else {
            k
        }
    };
    let mut keys = Vec::with_capacity(scored.len());
    for e in &scored {
        keys.push(key(e.score));
    }
    let signal = keys.iter().any(|k| *k != 0.0);
    let mut ranked = scored;
    crate::core::sort::permute(crate::core::sort::order_desc(&keys), &mut |a, b| {
        ranked.swap(a, b)
    });
    let (mut kept, hidden) = place::apply_hide(ranked, strategy.min_items);
    // Without any signal the page's order stands: diversity only reshapes a scored order.
    if let (Some(d), true) = (strategy.diversity, signal) {
        place::diversify(&mut kept, items, d);
    }
    let mut pins: Vec<(&Rule, Option<&str>)> = Vec::new();
    for a in &active {
        if matches!(a.0.kind, RuleKind::Pin { .. }) {
            pins.push(*a);
        }
    }
    if !pins.is_empty() {
        place::apply_pins(&mut kept, items, &pins);
    }
    let mut out = Order {
        order: Vec::with_capacity(kept.len()),
        hidden: Vec::with_capacity(hidden.len()),
        items: Vec::with_capacity(kept.len() + hidden.len()),
    };
    for (list, shown) in [(kept, true), (hidden, false)] {
        for e in list {
            let index = e.index as u32;
            if shown {
                out.order.push(index);
            } else {
                out.hidden.push(index);
            }
            out.items.push(Scored {
                index,
                score: e.score,
                reasons: e.reasons,
            });
        }
    }
    out
}

/// The outcome of ranking, by item id (for tools, tests and the JS `rank` call).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ranking {
    /// Item ids in their new order (hidden ones left out).
    pub order: Vec<String>,
    /// Item ids removed by hide rules or by the purchased rule.
    pub hidden: Vec<String>,
    /// Per item, in the new order followed by hidden ones: place given, score, reasons (when
    /// explained).
    pub items: Vec<Scored>,
    /// The ids of the items given, in the order given.
    pub ids: Vec<String>,
}

impl Ranking {
    /// The ranking of items `ids` (in the order given) as `places` says.
    pub fn new(ids: Vec<String>, places: Order) -> Ranking {
        let id = |i: &u32| ids.get(*i as usize).cloned().unwrap_or_default();
        Ranking {
            order: places.order.iter().map(id).gather(),
            hidden: places.hidden.iter().map(id).gather(),
            items: places.items,
            ids,
        }
    }

    /// The result as JSON: `{ order, hidden }` and, with `explain`, every item's score and
    /// reasons (`items: [{ id, score, originalPosition, reasons: [{ rule, at, points,
    /// segment?, note? }] }]`).
    pub fn to_json(&self, explain: bool) -> Json {
        let mut fields = vec![
            (
                "order",
                Json::strings(self.order.iter().map(String::as_str)),
            ),
            (
                "hidden",
                Json::strings(self.hidden.iter().map(String::as_str)),
            ),
        ];
        if explain {
            let reason = |r: &Reason| {
                let mut o = vec![
                    ("rule", Json::str(r.rule)),
                    ("at", Json::str(r.source.as_str())),
                    ("points", Json::Num(round3(r.points))),
                ];
                if let Some(sg) = &r.segment {
                    o.push(("segment", Json::str(sg.as_str())));
                }
                if let Some(n) = &r.note {
                    o.push(("note", Json::str(n.as_str())));
                }
                Json::object(o)
            };
            let items = self.items.iter().map(|s| {
                Json::object(vec![
                    (
                        "id",
                        Json::str(self.ids.get(s.index as usize).map_or("", String::as_str)),
                    ),
                    ("score", Json::Num(round3(s.score))),
                    ("originalPosition", Json::from(s.index as usize + 1)),
                    ("reasons", Json::Arr(s.reasons.iter().map(reason).gather())),
                ])
            });
            fields.push(("items", Json::Arr(items.gather())));
        }
        Json::object(fields)
    }
}

/// A plain item for tests and callers that only have ids.
pub fn item(id: &str) -> RankItem {
    RankItem {
        item: crate::core::item::Item::with_id(id),
        related: Vec::new(),
    }
}
