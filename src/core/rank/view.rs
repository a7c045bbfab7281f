//! What ranking needs to know about the visitor, prepared once after each change of the
//! profile (not once per ranking, nor once per item): normalized affinities, recently viewed
//! and purchased items, the relations of the cart and of viewed items, stated preferences —
//! all keyed by interned symbols.

use crate::core::gather::Gather;
use crate::core::intern::{Interner, Sym};
use crate::core::item::{Category, Item};
use crate::core::json::{Json, Obj};
use crate::core::profile::stats::Stats;
use crate::core::profile::Profile;
use crate::core::program::Relations;
use crate::core::sort::merge_sort_by;

/// Places by symbol: for a list of distinct symbols, where each is (looked up in constant time,
/// symbols being small dense numbers).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SymIndex(Vec<u32>);

impl SymIndex {
    /// The places of `syms` (of a symbol listed twice, the first).
    pub fn of(syms: impl Iterator<Item = Sym>) -> SymIndex {
        let mut at: Vec<u32> = Vec::new();
        for (i, s) in syms.enumerate() {
            let k = s.index();
            if k == u32::MAX as usize {
                continue;
            }
            if at.len() <= k {
                at.resize(k + 1, 0);
            }
            if at[k] == 0 {
                at[k] = i as u32 + 1;
            }
        }
        SymIndex(at)
    }

    /// The place of `s`, if listed.
    pub fn get(&self, s: Sym) -> Option<usize> {
        match self.0.get(s.index()) {
            Some(&p) if p > 0 => Some(p as usize - 1),
            _ => None,
        }
    }
}

/// Values by symbol (sorted; a symbol at most once).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SymMap(Vec<(Sym, f64)>, SymIndex);

impl SymMap {
    /// A map of `entries`, values of a repeated symbol added up.
    pub fn summed(mut entries: Vec<(Sym, f64)>) -> SymMap {
        merge_sort_by(&mut entries, |a, b| a.0 < b.0);
        let mut out: Vec<(Sym, f64)> = Vec::with_capacity(entries.len());
        for (s, v) in entries {
            match out.last_mut() {
                Some(last) if last.0 == s => last.1 += v,
                _ => out.push((s, v)),
            }
        }
        let at = SymIndex::of(out.iter().map(|e| e.0));
        SymMap(out, at)
    }

    /// The value of `s`.
    pub fn get(&self, s: Sym) -> Option<f64> {
        self.1.get(s).map(|i| self.0[i].1)
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries, by symbol.
    pub fn iter(&self) -> impl Iterator<Item = (Sym, f64)> + '_ {
        self.0.iter().copied()
    }
}

/// The shopper's stated preferences, read once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prefs {
    brands: Vec<String>,
    categories: Vec<Category>,
    tags: Vec<String>,
    price: Option<(f64, f64)>,
}

fn pref_list(prefs: &Obj, keys: [&str; 2]) -> Vec<String> {
    let mut out = Vec::new();
    for v in keys.iter().filter_map(|k| prefs.get(k)) {
        match v {
            Json::Str(s) => out.push(s.clone()),
            Json::Arr(a) => out.extend(a.iter().filter_map(|x| x.as_str().map(String::from))),
            _ => {}
        }
    }
    out
}

impl Prefs {
    /// Reads `prefs` (`brand(s)`, `category`/`categories`, `tag(s)`, `price: {min, max}`).
    pub fn read(prefs: &Obj) -> Prefs {
        let price = match prefs.get("price") {
            Some(Json::Obj(range)) => Some((
                range.get("min").and_then(Json::as_f64).unwrap_or(0.0),
                range
                    .get("max")
                    .and_then(Json::as_f64)
                    .unwrap_or(f64::INFINITY),
            )),
            _ => None,
        };
        Prefs {
            brands: pref_list(prefs, ["brand", "brands"]),
            categories: pref_list(prefs, ["category", "categories"])
                .iter()
                .map(|c| Category::new(c))
                .gather(),
            tags: pref_list(prefs, ["tag", "tags"]),
            price,
        }
    }

    /// Whether nothing is stated.
    pub fn is_empty(&self) -> bool {
        self.brands.is_empty()
            && self.categories.is_empty()
            && self.tags.is_empty()
            && self.price.is_none()
    }

    /// How well `item` fits: the share of stated facets it matches.
    pub fn fit(&self, item: &Item) -> f64 {
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

/// The visitor, as ranking sees it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct View {
    /// Recently viewed items → place in the list (0 = most recent).
    pub viewed: SymMap,
    /// Purchased items.
    pub purchased: SymMap,
    /// Affinity per category path, relative to the strongest (0–1).
    pub category: SymMap,
    /// Affinity per brand, relative to the strongest.
    pub brand: SymMap,
    /// Affinity per tag, relative to the strongest.
    pub tag: SymMap,
    /// Stated preferences.
    pub prefs: Prefs,
    /// Cart items → weight as a source of relations.
    pub cart_sources: SymMap,
    /// Viewed items → weight as a source of relations (1 for the latest, then 1/2, 1/3…).
    pub viewed_sources: SymMap,
    /// Relations of the cart known before the page's markup: the config's and those the
    /// profile kept for the visitor's items.
    pub related_cart: Relating,
    /// Relations of viewed items known before the page's markup.
    pub related_viewed: Relating,
}

/// Strength of the `k`-th of `n` related ids listed strongest first: 1, then falling evenly
/// (as the config's array form).
pub fn listed(k: usize, n: usize) -> f64 {
    1.0 - k as f64 / n as f64
}

/// One source item of relations (a cart or viewed item): its weight and, for each item related
/// to it, the strongest strength known (each relation counts once, from wherever it is known).
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    /// The source item.
    pub item: Sym,
    /// Its weight as a source.
    pub weight: f64,
    /// Related items and their strongest strength.
    pub related: Vec<(Sym, f64)>,
}

impl Source {
    /// Notes that `to` relates to this source with strength `s` (the strongest counts).
    pub fn note(&mut self, to: Sym, s: f64) {
        match self.related.iter_mut().find(|e| e.0 == to) {
            Some(e) => e.1 = e.1.max(s),
            None => self.related.push((to, s)),
        }
    }
}

/// Relations of a set of sources, and each related item's strength summed over them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Relating {
    /// The sources.
    pub sources: Vec<Source>,
    /// Per related item: the sum over sources of weight × strength.
    pub summed: SymMap,
}

impl Relating {
    /// The relations of `sources` known from the config and from the profile.
    fn build(sources: &SymMap, relations: &Relations, p: &Profile, syms: &mut Interner) -> Self {
        let mut out = Vec::new();
        for (item, weight) in sources.iter() {
            let mut src = Source {
                item,
                weight,
                related: Vec::new(),
            };
            let name = syms.name(item).to_string();
            for (id, strength) in relations.get(&name).unwrap_or_default() {
                src.note(syms.intern(id), *strength);
            }
            let kept = p.related_of(&name).unwrap_or_default();
            for (k, id) in kept.iter().enumerate() {
                src.note(syms.intern(id), listed(k, kept.len()));
            }
            out.push(src);
        }
        Relating::of(out)
    }

    /// Relations of `sources`, summed.
    pub fn of(sources: Vec<Source>) -> Relating {
        let summed = SymMap::summed(
            sources
                .iter()
                .flat_map(|s| s.related.iter().map(move |(to, x)| (*to, s.weight * x)))
                .gather(),
        );
        Relating { sources, summed }
    }
}

/// Scores relative to the strongest (0–1).
fn normalized(s: &Stats, now: i64, h: f64, syms: &mut Interner) -> SymMap {
    let max = s.max_score(now, h);
    if max <= 0.0 {
        return SymMap::default();
    }
    SymMap::summed(
        s.0.iter()
            .map(|(k, st)| (syms.intern(k), st.score(now, h) / max))
            .gather(),
    )
}

impl View {
    /// The view of `p` at `now` (affinity half-life `h`, the config's `relations`).
    pub fn build(
        p: &Profile,
        now: i64,
        h: f64,
        relations: &Relations,
        syms: &mut Interner,
    ) -> View {
        // An id listed twice keeps its most recent place.
        let mut places: Vec<(Sym, f64)> = Vec::with_capacity(p.viewed.len());
        for (k, (id, _)) in p.viewed.iter().enumerate() {
            let s = syms.intern(id);
            if !places.iter().any(|e| e.0 == s) {
                places.push((s, k as f64));
            }
        }
        let viewed = SymMap::summed(places);
        let purchased = SymMap::summed(
            p.purchased
                .iter()
                .map(|(id, _)| (syms.intern(id), 1.0))
                .gather(),
        );
        let cart_sources = SymMap::summed(p.cart.iter().map(|l| (syms.intern(&l.0), 1.0)).gather());
        let viewed_sources = SymMap::summed(
            p.viewed
                .iter()
                .enumerate()
                .map(|(k, (id, _))| (syms.intern(id), 1.0 / (1.0 + k as f64)))
                .gather(),
        );
        let related_cart = Relating::build(&cart_sources, relations, p, syms);
        let related_viewed = Relating::build(&viewed_sources, relations, p, syms);
        View {
            viewed,
            purchased,
            category: normalized(&p.categories, now, h, syms),
            brand: normalized(&p.brands, now, h, syms),
            tag: normalized(&p.tags, now, h, syms),
            prefs: Prefs::read(&p.prefs),
            cart_sources,
            viewed_sources,
            related_cart,
            related_viewed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_finds_each_symbol_it_holds_and_no_other() {
        let m = SymMap::summed(vec![(Sym(7), 1.0), (Sym(2), 0.5), (Sym(7), 2.0)]);
        assert_eq!(m.get(Sym(7)), Some(3.0));
        assert_eq!(m.get(Sym(2)), Some(0.5));
        for absent in [0, 1, 3, 8, 1_000, u32::MAX] {
            assert_eq!(m.get(Sym(absent)), None, "{absent}");
        }
        assert_eq!(m.iter().collect::<Vec<_>>(), [(Sym(2), 0.5), (Sym(7), 3.0)]);
        assert_eq!(SymMap::default().get(Sym(0)), None);
        let at = SymIndex::of([Sym(4), Sym(1), Sym(4)].into_iter());
        assert_eq!(
            (at.get(Sym(4)), at.get(Sym(1)), at.get(Sym(0))),
            (Some(0), Some(1), None)
        );
    }
}
