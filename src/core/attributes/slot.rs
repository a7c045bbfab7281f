//! Attribute slots: a path a condition reads, resolved once to what computes its value.
//!
//! Small groups are computed field by field. In the large ones a path names one value —
//! `affinity.category.Shoes`, `affinity.top.brand`, `activity.item.SH-1.views`,
//! `features.shoeViews7d` — and only that value is computed. A path that stops higher up
//! (`affinity.category`) gets its whole subtree, and a path that goes deeper than a computed
//! value (`cart.ids.0`, `history.viewed.length`) walks into it, so conditions see exactly what
//! the whole document would show them.

use super::groups::{self, activity_counts, best_top, dimension, entry, Group};
use super::{walk, Sources};
use crate::core::gather::Gather;
use crate::core::json::Json;
use crate::core::num::round3;
use crate::core::parts::Parts;
use crate::core::profile::stats::Action;
use crate::core::profile::FeatureDef;

/// What computes a slot's value (before walking any deeper).
#[derive(Clone, Debug, PartialEq)]
enum Src {
    /// A whole group.
    Group(Group),
    /// One field of a group (for `affinity` and `activity`: one dimension's map).
    Field(Group, &'static str),
    /// `affinity.<dim>.<key>`.
    Score(&'static str, String),
    /// `affinity.top.<dim>`.
    Top(&'static str),
    /// `activity.<dim>.<key>`, or one of its counts.
    Activity(&'static str, String, Option<usize>),
    /// `features.<id>`.
    Feature(usize),
    /// The segments the visitor is in (the engine fills it in).
    Segments,
    /// Nothing (a path the config may not name; such a config is refused).
    Missing,
}

/// An attribute path a condition reads, resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    /// The dotted path as written.
    pub path: String,
    /// The path split at dots.
    pub parts: Vec<String>,
    src: Src,
    /// Where in `parts` walking into the computed value starts.
    rest: usize,
    /// The parts of the visitor's data the value is computed from.
    pub reads: Parts,
}

/// Why a path names no attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unknown {
    /// Its first step is not a group.
    Group(String),
    /// It names a feature the config does not define.
    Feature(String),
}

fn known(list: &'static [&'static str], name: &str) -> Option<&'static str> {
    list.iter().find(|n| **n == name).copied()
}

/// Resolves the dotted `path` against the groups and the config's `features`.
pub fn resolve(path: &str, features: &[FeatureDef]) -> Result<Slot, Unknown> {
    let parts: Vec<String> = path.split('.').map(String::from).gather();
    let part = |i: usize| parts.get(i).map(String::as_str);
    let name = part(0).unwrap_or_default();
    let Some(g) = Group::named(name) else {
        return Err(Unknown::Group(name.to_string()));
    };
    let dims = &groups::DIMENSIONS;
    let (src, rest) = match (g, part(1), part(2), part(3)) {
        (Group::Segments, ..) => (Src::Segments, 1),
        (Group::Features, Some(id), ..) => match features.iter().position(|f| f.id == id) {
            Some(i) => (Src::Feature(i), 2),
            None => return Err(Unknown::Feature(id.to_string())),
        },
        (Group::Affinity, Some("top"), Some(d), _) if d != "item" && known(dims, d).is_some() => {
            (Src::Top(known(dims, d).unwrap_or_default()), 3)
        }
        (Group::Affinity, Some(d), Some(k), _) if d != "item" && d != "top" => {
            match known(dims, d) {
                Some(d) => (Src::Score(d, k.to_string()), 3),
                None => (Src::Group(g), 1),
            }
        }
        (Group::Activity, Some(d), Some(k), a) => match known(dims, d) {
            Some(d) => {
                let action = a.and_then(|a| Action::NAMES.iter().position(|n| *n == a));
                match (a, action) {
                    (None, _) => (Src::Activity(d, k.to_string(), None), 3),
                    (Some(_), Some(i)) => (Src::Activity(d, k.to_string(), Some(i)), 4),
                    // An unknown count: nothing is there.
                    (Some(_), None) => (Src::Activity(d, k.to_string(), None), 3),
                }
            }
            None => (Src::Group(g), 1),
        },
        (Group::Utm | Group::Prefs | Group::Attrs | Group::Features, ..) => (Src::Group(g), 1),
        (g, Some(f), ..) => match known(g.fields(), f) {
            Some(f) => (Src::Field(g, f), 2),
            None => (Src::Group(g), 1),
        },
        (g, None, ..) => (Src::Group(g), 1),
    };
    let reads = match &src {
        Src::Group(g) => g.reads(None),
        Src::Field(g, f) => g.reads(Some(f)),
        Src::Score(d, _) => Group::Affinity.reads(Some(d)),
        // Which entry is on top changes only with the counters of its own dimension.
        Src::Top(d) => Group::Affinity.reads(Some(d)).without(Parts::TIME),
        Src::Activity(d, ..) => Group::Activity.reads(Some(d)),
        Src::Feature(_) => Group::Features.reads(None),
        Src::Segments | Src::Missing => Parts::NONE,
    };
    Ok(Slot {
        path: path.to_string(),
        parts,
        src,
        rest,
        reads,
    })
}

impl Slot {
    /// A slot for a path that names nothing: it is never present.
    pub fn missing(path: &str) -> Slot {
        Slot {
            path: path.to_string(),
            parts: path.split('.').map(String::from).gather(),
            src: Src::Missing,
            rest: 1,
            reads: Parts::NONE,
        }
    }

    /// Sets `held` to the value of the `segments` attribute at this slot's path, given the
    /// segment ids; whether it changed.
    pub fn set_segments<'a>(
        &self,
        held: &mut Option<Json>,
        ids: impl Iterator<Item = &'a str>,
    ) -> bool {
        if self.parts.len() == 1 {
            return Json::set_strings(held, ids);
        }
        let v = walk(&Json::strings(ids), &self.parts[1..]);
        if v == *held {
            return false;
        }
        *held = v;
        true
    }

    /// The index of the feature this slot is (`features.<id>`), if it is one.
    pub fn feature(&self) -> Option<usize> {
        match self.src {
            Src::Feature(i) => Some(i),
            _ => None,
        }
    }

    /// Whether this is the `segments` attribute (filled in by the engine, not computed here).
    pub fn is_segments(&self) -> bool {
        self.src == Src::Segments
    }

    /// Computes the slot's value into `held`, what it held until now; whether it changed. A
    /// whole map of affinity scores is updated in place when its keys are the same.
    pub fn refresh(&self, s: &Sources, held: &mut Option<Json>) -> bool {
        if let Src::Field(Group::History, f) = &self.src {
            if let Some(list) = groups::history(s.profile, f).filter(|_| self.parts.len() == 2) {
                return Json::set_strings(held, list.iter().map(|(k, _)| k.as_str()));
            }
        }
        if let (Src::Field(Group::Affinity, d), Some(Json::Obj(o))) = (&self.src, held.as_mut()) {
            let stats = dimension(s.profile, d).filter(|_| self.rest >= self.parts.len());
            if let Some(changed) =
                stats.and_then(|st| groups::rescore(st, s.now, s.rules.half_life_ms, o))
            {
                return changed;
            }
        }
        let v = self.value(s);
        if v == *held {
            return false;
        }
        *held = v;
        true
    }

    /// The slot's value (None: not present).
    pub fn value(&self, s: &Sources) -> Option<Json> {
        let p = s.profile;
        let h = s.rules.half_life_ms;
        let base = match &self.src {
            Src::Group(g) => match g {
                // Data as given: walk it without copying all of it.
                Group::Utm => return walk_obj(&p.session.utm, &self.parts[1..]),
                Group::Prefs => return walk_obj(&p.prefs, &self.parts[1..]),
                Group::Attrs => return walk_obj(s.attrs, &self.parts[1..]),
                g => groups::group(*g, s)?,
            },
            Src::Field(g, f) => groups::field(*g, f, s)?,
            Src::Score(d, k) => {
                let st = entry(dimension(p, d)?, k)?;
                Json::Num(round3(st.score(s.now, h)))
            }
            Src::Top(d) => best_top(d, dimension(p, d)?, s.now, h),
            Src::Activity(d, k, action) => {
                let st = entry(dimension(p, d)?, k)?;
                match action {
                    Some(a) => Json::from(st.0[*a]),
                    None if self.parts.len() > 3 => return None,
                    None => activity_counts(st),
                }
            }
            Src::Feature(i) => {
                let f = s.rules.features.get(*i)?;
                Json::Num(p.feature(f, s.now, s.rules))
            }
            Src::Segments | Src::Missing => return None,
        };
        if self.rest >= self.parts.len() {
            return Some(base);
        }
        walk(&base, &self.parts[self.rest..])
    }
}

/// The value at `parts` inside an object of data as given (None when absent).
fn walk_obj(o: &crate::core::json::Obj, parts: &[String]) -> Option<Json> {
    match parts.split_first() {
        None => Some(Json::Obj(o.clone())),
        Some((first, rest)) => walk(o.get(first)?, rest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_to_what_they_read() {
        let reads = |p: &str| resolve(p, &[]).map(|s| s.reads);
        assert_eq!(reads("cart.value"), Ok(Parts::CART));
        assert_eq!(reads("time.hour"), Ok(Parts::TIME));
        assert_eq!(
            reads("affinity.category.Shoes"),
            Ok(Parts::CATEGORIES | Parts::TIME)
        );
        assert_eq!(reads("affinity.top.brand"), Ok(Parts::BRANDS));
        assert_eq!(reads("activity.item.a.views"), Ok(Parts::ITEMS));
        assert_eq!(reads("segments"), Ok(Parts::NONE));
        assert_eq!(reads("attrs.tier"), Ok(Parts::ATTRS));
        assert_eq!(reads("nope.x"), Err(Unknown::Group("nope".into())));
        assert_eq!(reads("features.x"), Err(Unknown::Feature("x".into())));
    }
}
