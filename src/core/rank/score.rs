//! The scoring rules: each adds points (or hides) for the items it concerns.

use super::{RankItem, Reason, Scored, Visitor};
use crate::core::config::{Rule, RuleKind, Strategy};
use crate::core::event::Item;
use crate::core::profile::stats::Stats;
use crate::core::profile::VIEWED_CAP;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Per-visitor values computed once per ranking, not once per item.
struct Prepared<'a> {
    /// Recently viewed ids → place in the list (0 = most recent).
    viewed: HashMap<&'a str, usize>,
    /// Purchased ids.
    purchased: HashSet<&'a str>,
    /// Normalized affinity per category path, brand and tag.
    category: HashMap<&'a str, f64>,
    brand: HashMap<&'a str, f64>,
    tag: HashMap<&'a str, f64>,
    prefs: Prefs,
    /// Related ids → summed strength, for relations to the cart and to viewed items.
    related_cart: HashMap<&'a str, f64>,
    related_viewed: HashMap<&'a str, f64>,
}

/// Strength of the `k`-th of `n` related ids listed strongest first: 1, then falling evenly
/// (as the config's array form).
fn listed(k: usize, n: usize) -> f64 {
    1.0 - k as f64 / n as f64
}

/// Adds to `out` the strength of every item related to `sources` (id → weight), from wherever
/// the relation is known — the config's relations, those the profile kept for the visitor's
/// items, and markup both ways (an item listing a source, or a source in the widget listing
/// it) — each relation counted once, at its strongest.
fn add_relations<'a>(
    out: &mut HashMap<&'a str, f64>,
    sources: &HashMap<&'a str, f64>,
    items: &'a [RankItem],
    v: &Visitor<'a>,
) {
    let sources: Vec<(&str, f64)> = sources.iter().map(|(k, w)| (*k, *w)).collect();
    let at: HashMap<&str, usize> = sources.iter().enumerate().map(|(i, s)| (s.0, i)).collect();
    // Per source: related ids and their strongest strength.
    let mut best: Vec<Vec<(&'a str, f64)>> = vec![Vec::new(); sources.len()];
    let mut note = |i: usize, to: &'a str, s: f64| match best[i].iter_mut().find(|e| e.0 == to) {
        Some(e) => e.1 = e.1.max(s),
        None => best[i].push((to, s)),
    };
    for (i, (src, _)) in sources.iter().enumerate() {
        for (id, strength) in v.config.related.get(*src).into_iter().flatten() {
            note(i, id, *strength);
        }
        let kept = v.profile.related_of(src).unwrap_or_default();
        for (k, id) in kept.iter().enumerate() {
            note(i, id, listed(k, kept.len()));
        }
    }
    for it in items {
        let n = it.related.len();
        let own = at.get(it.item.id.as_str()).copied();
        for (k, r) in it.related.iter().enumerate() {
            if let Some(&i) = at.get(r.as_str()) {
                note(i, &it.item.id, listed(k, n));
            }
            if let Some(i) = own {
                note(i, r, listed(k, n));
            }
        }
    }
    for (list, (_, w)) in best.iter().zip(&sources) {
        for (to, s) in list {
            *out.entry(to).or_default() += w * s;
        }
    }
}

fn prepare<'a>(strategy: &Strategy, items: &'a [RankItem], v: &Visitor<'a>) -> Prepared<'a> {
    let p = v.profile;
    let mut prep = Prepared {
        viewed: p
            .viewed
            .iter()
            .enumerate()
            .map(|(k, (id, _))| (id.as_str(), k))
            .rev()
            .collect(),
        purchased: p.purchased.iter().map(|(id, _)| id.as_str()).collect(),
        category: normalized(&p.categories, v),
        brand: normalized(&p.brands, v),
        tag: normalized(&p.tags, v),
        prefs: Prefs::read(&p.prefs),
        related_cart: HashMap::new(),
        related_viewed: HashMap::new(),
    };
    let wants = |cart: bool| {
        strategy.rules.iter().any(|r| {
            matches!(r.kind, RuleKind::Related { cart: c, viewed: vw } if if cart { c } else { vw })
        })
    };
    if wants(true) {
        let mut sources: HashMap<&str, f64> = HashMap::new();
        for l in &p.cart {
            *sources.entry(l.0.as_str()).or_default() += 1.0;
        }
        add_relations(&mut prep.related_cart, &sources, items, v);
    }
    if wants(false) {
        let mut sources: HashMap<&str, f64> = HashMap::new();
        for (k, (id, _)) in p.viewed.iter().enumerate() {
            *sources.entry(id.as_str()).or_default() += 1.0 / (1.0 + k as f64);
        }
        add_relations(&mut prep.related_viewed, &sources, items, v);
    }
    prep
}

fn pref_list(prefs: &serde_json::Map<String, Value>, keys: [&str; 2]) -> Vec<String> {
    let mut out = Vec::new();
    for v in keys.iter().filter_map(|k| prefs.get(*k)) {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(a) => out.extend(a.iter().filter_map(|x| x.as_str().map(String::from))),
            _ => {}
        }
    }
    out
}

/// The shopper's stated preferences, read once per ranking.
struct Prefs {
    brands: Vec<String>,
    categories: Vec<String>,
    tags: Vec<String>,
    price: Option<(f64, f64)>,
}

impl Prefs {
    fn read(prefs: &serde_json::Map<String, Value>) -> Prefs {
        let price = match prefs.get("price") {
            Some(Value::Object(range)) => Some((
                range.get("min").and_then(Value::as_f64).unwrap_or(0.0),
                range
                    .get("max")
                    .and_then(Value::as_f64)
                    .unwrap_or(f64::INFINITY),
            )),
            _ => None,
        };
        Prefs {
            brands: pref_list(prefs, ["brand", "brands"]),
            categories: pref_list(prefs, ["category", "categories"]),
            tags: pref_list(prefs, ["tag", "tags"]),
            price,
        }
    }

    /// How well `item` fits: the share of stated facets it matches.
    fn fit(&self, item: &Item) -> f64 {
        let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
        let mut facets = 0.0;
        let mut hits = 0.0;
        let mut facet = |stated: bool, hit: bool| {
            if stated {
                facets += 1.0;
                if hit {
                    hits += 1.0;
                }
            }
        };
        facet(
            !self.brands.is_empty(),
            item.brand
                .as_deref()
                .is_some_and(|b| self.brands.iter().any(|x| eq(x, b))),
        );
        facet(
            !self.categories.is_empty(),
            self.categories.iter().any(|c| item.in_category(c)),
        );
        facet(
            !self.tags.is_empty(),
            self.tags.iter().any(|t| item.tags.iter().any(|x| eq(x, t))),
        );
        facet(
            self.price.is_some(),
            self.price
                .is_some_and(|(lo, hi)| item.price.is_some_and(|p| p >= lo && p <= hi)),
        );
        if facets == 0.0 {
            0.0
        } else {
            hits / facets
        }
    }
}

/// Scores relative to the visitor's strongest (0–1), computed once per ranking.
fn normalized<'a>(s: &'a Stats, v: &Visitor) -> HashMap<&'a str, f64> {
    let h = v.config.half_life_ms;
    let max = s.max_score(v.now, h);
    if max <= 0.0 {
        return HashMap::new();
    }
    s.0.iter()
        .map(|(k, st)| (k.as_str(), st.score(v.now, h) / max))
        .collect()
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
fn points(rule: &Rule, it: &RankItem, paths: &[String], prep: &Prepared) -> (f64, bool) {
    let item = &it.item;
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
                sum += paths
                    .iter()
                    .map(|c| prep.category.get(c.as_str()).copied().unwrap_or(0.0))
                    .fold(0.0, f64::max);
            }
            if *brand {
                dims += 1.0;
                sum += item
                    .brand
                    .as_deref()
                    .map_or(0.0, |b| prep.brand.get(b).copied().unwrap_or(0.0));
            }
            if *tag {
                dims += 1.0;
                sum += item
                    .tags
                    .iter()
                    .map(|t| prep.tag.get(t.as_str()).copied().unwrap_or(0.0))
                    .fold(0.0, f64::max);
            }
            (if dims > 0.0 { w * sum / dims } else { 0.0 }, false)
        }
        RuleKind::Preferences => (w * prep.prefs.fit(item), false),
        RuleKind::RecentlyViewed { bury } => match prep.viewed.get(item.id.as_str()).copied() {
            Some(k) => {
                let x = w * (1.0 - k as f64 / VIEWED_CAP as f64);
                (if *bury { -x } else { x }, false)
            }
            None => (0.0, false),
        },
        RuleKind::Purchased { hide } if prep.purchased.contains(item.id.as_str()) => {
            if *hide {
                (0.0, true)
            } else {
                (-w, false)
            }
        }
        RuleKind::Related { cart, viewed } => {
            let mut s = 0.0;
            if *cart {
                s += prep
                    .related_cart
                    .get(item.id.as_str())
                    .copied()
                    .unwrap_or(0.0);
            }
            if *viewed {
                s += prep
                    .related_viewed
                    .get(item.id.as_str())
                    .copied()
                    .unwrap_or(0.0);
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
    // Category paths at every level, once per item (only when a rule reads them).
    let wants_paths = strategy
        .rules
        .iter()
        .any(|r| matches!(r.kind, RuleKind::Affinity { category: true, .. }));
    let paths: Vec<Vec<String>> = if wants_paths {
        items.iter().map(|it| it.item.category_paths()).collect()
    } else {
        Vec::new()
    };
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
            let item_paths = paths.get(i).map_or(&[][..], Vec::as_slice);
            for (rule, seg) in &active {
                let (pts, h) = points(rule, it, item_paths, &prep);
                if pts != 0.0 || h {
                    s.score += pts;
                    hide |= h;
                    if !v.explain {
                        continue;
                    }
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
