//! The scoring rules: each adds points (or hides) for the items it concerns.

use super::{RankItem, Reason, Scored, Visitor};
use crate::core::config::{Rule, RuleKind, Strategy};
use crate::core::event::Item;
use crate::core::profile::stats::Stats;
use crate::core::profile::VIEWED_CAP;
use serde_json::Value;
use std::collections::HashMap;

/// Per-visitor values computed once per ranking, not once per item.
struct Prepared {
    max_category: f64,
    max_brand: f64,
    max_tag: f64,
    /// Related ids → summed strength, for relations to the cart and to viewed items.
    related_cart: HashMap<String, f64>,
    related_viewed: HashMap<String, f64>,
}

fn add_relations(
    out: &mut HashMap<String, f64>,
    sources: &[(String, f64)],
    items: &[RankItem],
    v: &Visitor,
) {
    for (src, weight) in sources {
        if let Some(list) = v.config.related.get(src) {
            for (id, strength) in list {
                *out.entry(id.clone()).or_default() += weight * strength;
            }
        }
        // Markup relations work both ways: an item listing the source, or the source listing it.
        for it in items {
            if it.related.iter().any(|r| r == src) {
                *out.entry(it.item.id.clone()).or_default() += weight;
            }
            if it.item.id == *src {
                for r in &it.related {
                    *out.entry(r.clone()).or_default() += weight;
                }
            }
        }
    }
}

fn prepare(strategy: &Strategy, items: &[RankItem], v: &Visitor) -> Prepared {
    let h = v.config.half_life_ms;
    let p = v.profile;
    let mut prep = Prepared {
        max_category: p.categories.max_score(v.now, h),
        max_brand: p.brands.max_score(v.now, h),
        max_tag: p.tags.max_score(v.now, h),
        related_cart: HashMap::new(),
        related_viewed: HashMap::new(),
    };
    let wants = |cart: bool| {
        strategy.rules.iter().any(|r| {
            matches!(r.kind, RuleKind::Related { cart: c, viewed: vw } if if cart { c } else { vw })
        })
    };
    if wants(true) {
        let sources: Vec<(String, f64)> = p.cart.iter().map(|l| (l.0.clone(), 1.0)).collect();
        add_relations(&mut prep.related_cart, &sources, items, v);
    }
    if wants(false) {
        let sources: Vec<(String, f64)> = p
            .viewed
            .iter()
            .enumerate()
            .map(|(k, (id, _))| (id.clone(), 1.0 / (1.0 + k as f64)))
            .collect();
        add_relations(&mut prep.related_viewed, &sources, items, v);
    }
    prep
}

fn norm(s: &Stats, key: &str, max: f64, v: &Visitor) -> f64 {
    if max <= 0.0 {
        return 0.0;
    }
    s.get(key)
        .map_or(0.0, |st| st.score(v.now, v.config.half_life_ms) / max)
}

fn pref_list(prefs: &serde_json::Map<String, Value>, keys: [&str; 2]) -> Vec<String> {
    keys.iter()
        .filter_map(|k| prefs.get(*k))
        .flat_map(|v| match v {
            Value::String(s) => vec![s.clone()],
            Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        })
        .collect()
}

/// How well `item` fits the stated preferences: the share of stated facets it matches.
fn preference_fit(item: &Item, prefs: &serde_json::Map<String, Value>) -> f64 {
    let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let mut facets = 0.0;
    let mut hits = 0.0;
    let brands = pref_list(prefs, ["brand", "brands"]);
    if !brands.is_empty() {
        facets += 1.0;
        if item
            .brand
            .as_deref()
            .is_some_and(|b| brands.iter().any(|x| eq(x, b)))
        {
            hits += 1.0;
        }
    }
    let cats = pref_list(prefs, ["category", "categories"]);
    if !cats.is_empty() {
        facets += 1.0;
        let paths = item.category_paths();
        if cats
            .iter()
            .any(|c| item.categories.iter().chain(paths.iter()).any(|x| eq(x, c)))
        {
            hits += 1.0;
        }
    }
    let tags = pref_list(prefs, ["tag", "tags"]);
    if !tags.is_empty() {
        facets += 1.0;
        if tags.iter().any(|t| item.tags.iter().any(|x| eq(x, t))) {
            hits += 1.0;
        }
    }
    if let Some(Value::Object(range)) = prefs.get("price") {
        facets += 1.0;
        let lo = range.get("min").and_then(Value::as_f64).unwrap_or(0.0);
        let hi = range
            .get("max")
            .and_then(Value::as_f64)
            .unwrap_or(f64::INFINITY);
        if item.price.is_some_and(|p| p >= lo && p <= hi) {
            hits += 1.0;
        }
    }
    if facets == 0.0 {
        0.0
    } else {
        hits / facets
    }
}

/// The segment that makes `rule` apply (`Some(None)` for untargeted rules), or None.
fn applies(rule: &Rule, segments: &[String]) -> Option<Option<String>> {
    if rule.segments.is_empty() {
        return Some(None);
    }
    rule.segments
        .iter()
        .find(|s| segments.contains(s))
        .map(|s| Some(s.clone()))
}

/// Points of one rule for one item, and whether the rule hides it.
fn points(rule: &Rule, it: &RankItem, prep: &Prepared, v: &Visitor) -> (f64, bool) {
    let item = &it.item;
    let p = v.profile;
    let w = rule.weight;
    match &rule.kind {
        RuleKind::Boost(f) if f.matches(item) => (w, false),
        RuleKind::Bury(f) if f.matches(item) => (-w, false),
        RuleKind::Hide(f) => (0.0, f.matches(item)),
        RuleKind::Affinity {
            category,
            brand,
            tag,
        } => {
            let mut sum = 0.0;
            let mut dims = 0.0;
            if *category {
                dims += 1.0;
                sum += item
                    .category_paths()
                    .iter()
                    .map(|c| norm(&p.categories, c, prep.max_category, v))
                    .fold(0.0, f64::max);
            }
            if *brand {
                dims += 1.0;
                sum += item
                    .brand
                    .as_deref()
                    .map_or(0.0, |b| norm(&p.brands, b, prep.max_brand, v));
            }
            if *tag {
                dims += 1.0;
                sum += item
                    .tags
                    .iter()
                    .map(|t| norm(&p.tags, t, prep.max_tag, v))
                    .fold(0.0, f64::max);
            }
            (if dims > 0.0 { w * sum / dims } else { 0.0 }, false)
        }
        RuleKind::Preferences => (w * preference_fit(item, &p.prefs), false),
        RuleKind::RecentlyViewed { bury } => {
            match p.viewed.iter().position(|(id, _)| *id == item.id) {
                Some(k) => {
                    let x = w * (1.0 - k as f64 / VIEWED_CAP as f64);
                    (if *bury { -x } else { x }, false)
                }
                None => (0.0, false),
            }
        }
        RuleKind::Purchased { hide } if p.purchased.iter().any(|(id, _)| *id == item.id) => {
            if *hide {
                (0.0, true)
            } else {
                (-w, false)
            }
        }
        RuleKind::Related { cart, viewed } => {
            let mut s = 0.0;
            if *cart {
                s += prep.related_cart.get(&item.id).copied().unwrap_or(0.0);
            }
            if *viewed {
                s += prep.related_viewed.get(&item.id).copied().unwrap_or(0.0);
            }
            (w * s.min(1.0), false)
        }
        _ => (0.0, false),
    }
}

/// Scores every item; the flag says whether a rule asked to hide it.
pub(super) fn score_all(
    strategy: &Strategy,
    items: &[RankItem],
    v: &Visitor,
) -> Vec<(Scored, bool)> {
    let prep = prepare(strategy, items, v);
    let active: Vec<(&Rule, Option<String>)> = strategy
        .rules
        .iter()
        .filter_map(|r| applies(r, v.segments).map(|s| (r, s)))
        .collect();
    items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let mut s = Scored {
                id: it.item.id.clone(),
                original: i,
                score: 0.0,
                reasons: Vec::new(),
            };
            let mut hide = false;
            for (rule, seg) in &active {
                let (pts, h) = points(rule, it, &prep, v);
                if pts != 0.0 || h {
                    s.score += pts;
                    hide |= h;
                    s.reasons.push(Reason {
                        rule: rule.name,
                        source: rule.source.clone(),
                        points: pts,
                        segment: seg.clone(),
                        note: h.then(|| "hidden".to_string()),
                    });
                }
            }
            (s, hide)
        })
        .collect()
}
