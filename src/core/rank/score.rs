//! The scoring rules: each adds points (or hides) for the items it concerns.
//!
//! The category part of the affinity rule counts a match at a deeper level on top of the match
//! at the top: it is the visitor's affinity for the item's top-level category plus the mean of
//! their affinity for the path down to each deeper level (each relative to their strongest
//! category), so an item that matches the visitor's interest only at the top level earns up to
//! 1 and one that matches all the way down up to 2. Of several category paths, the best counts
//! (docs/attributes.md, "How affinity ranks items").

use super::catalog::Facts;
use super::view::{listed, Relating, SymIndex, SymMap, View};
use super::Entry;
use crate::core::gather::Gather;
use crate::core::intern::Sym;
use crate::core::profile::VIEWED_CAP;
use crate::core::program::{Rule, RuleKind};

/// Relation strengths once the markup of the items being ranked is known (an item listing a
/// cart or viewed item, or listed by one, strongest first): each relation counted once, at its
/// strongest of the config's, the profile's and the markup's. None: no markup relations, the
/// view's own sums hold.
#[derive(Default)]
pub(super) struct Markup {
    pub cart: Option<SymMap>,
    pub viewed: Option<SymMap>,
}

impl Markup {
    /// The relations to the visitor's cart and viewed items, with those among `items`.
    pub fn of(items: &[&Facts], view: &View, cart: bool, viewed: bool) -> Markup {
        let combine = |known: &Relating| {
            let mut sources = known.sources.clone();
            let index = SymIndex::of(sources.iter().map(|x| x.item));
            let at = |s: Sym| index.get(s);
            let mut notes: Vec<(usize, Sym, f64)> = Vec::new();
            for it in items {
                let n = it.related.len();
                let own = at(it.id);
                for (k, r) in it.related.iter().enumerate() {
                    if let Some(i) = at(*r) {
                        notes.push((i, it.id, listed(k, n)));
                    }
                    if let Some(i) = own {
                        notes.push((i, *r, listed(k, n)));
                    }
                }
            }
            for (i, to, s) in notes {
                sources[i].note(to, s);
            }
            Relating::of(sources).summed
        };
        Markup {
            cart: cart.then(|| combine(&view.related_cart)),
            viewed: viewed.then(|| combine(&view.related_viewed)),
        }
    }
}

/// The category part of affinity: the best over the item's paths of the affinity for the top
/// level plus the mean affinity for the deeper levels.
pub(super) fn category_affinity(paths: &[Vec<Sym>], view: &View) -> f64 {
    let a = |s: &Sym| view.category.get(*s).unwrap_or(0.0);
    let mut best = 0.0f64;
    for path in paths {
        let Some((top, deeper)) = path.split_first() else {
            continue;
        };
        let mut part = a(top);
        if !deeper.is_empty() {
            part += deeper.iter().map(a).sum::<f64>() / deeper.len() as f64;
        }
        best = best.max(part);
    }
    best
}

/// Points of one rule for one item, and whether the rule hides it.
pub(super) fn points(rule: &Rule, it: &Facts, view: &View, markup: &Markup) -> (f64, bool) {
    let w = rule.weight;
    match &rule.kind {
        RuleKind::Boost(f) if f.matches(&it.item) => (w, false),
        RuleKind::Bury(f) if f.matches(&it.item) => (-w, false),
        RuleKind::Hide(f) => (0.0, f.matches(&it.item)),
        RuleKind::Affinity {
            category,
            brand,
            tag,
        } => {
            let mut sum = 0.0;
            let mut dims = 0.0;
            if *category {
                dims += 1.0;
                sum += category_affinity(&it.paths, view);
            }
            if *brand {
                dims += 1.0;
                sum += it.brand.and_then(|b| view.brand.get(b)).unwrap_or(0.0);
            }
            if *tag {
                dims += 1.0;
                sum += it
                    .tags
                    .iter()
                    .map(|t| view.tag.get(*t).unwrap_or(0.0))
                    .fold(0.0, f64::max);
            }
            (if dims > 0.0 { w * sum / dims } else { 0.0 }, false)
        }
        RuleKind::Preferences => (w * view.prefs.fit(&it.item), false),
        RuleKind::RecentlyViewed { bury } => match view.viewed.get(it.id) {
            Some(k) => {
                let x = w * (1.0 - k / VIEWED_CAP as f64);
                (if *bury { -x } else { x }, false)
            }
            None => (0.0, false),
        },
        RuleKind::Purchased { hide } if view.purchased.get(it.id).is_some() => {
            if *hide {
                (0.0, true)
            } else {
                (-w, false)
            }
        }
        RuleKind::Related { cart, viewed } => {
            let get = |m: &Option<SymMap>, known: &Relating| {
                m.as_ref()
                    .unwrap_or(&known.summed)
                    .get(it.id)
                    .unwrap_or(0.0)
            };
            let mut s = 0.0;
            if *cart {
                s += get(&markup.cart, &view.related_cart);
            }
            if *viewed {
                s += get(&markup.viewed, &view.related_viewed);
            }
            (w * s.min(1.0), false)
        }
        _ => (0.0, false),
    }
}

/// Scores every item with the rules that apply to the visitor (`active`: each rule with the
/// segment that made it apply).
pub(super) fn score_all(
    items: &[&Facts],
    active: &[(&Rule, Option<&str>)],
    view: &View,
    markup: &Markup,
    explain: bool,
) -> Vec<Entry> {
    let _ = explain;
    items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let mut e = Entry::new(i);
            for (rule, seg) in active {
                let (pts, h) = points(rule, it, view, markup);
                if pts != 0.0 || h {
                    e.score += pts;
                    e.hide |= h;
                    #[cfg(feature = "tooling")]
                    if explain {
                        e.reasons.push(super::Reason {
                            rule: rule.name,
                            source: rule.source.clone(),
                            points: pts,
                            segment: seg.map(str::to_string),
                            note: h.then(|| "hidden".to_string()),
                        });
                    }
                    #[cfg(not(feature = "tooling"))]
                    let _ = seg;
                }
            }
            e
        })
        .gather()
}
