//! The catalog: every item the page has shown, parsed once and kept by id, with its names
//! interned so ranking looks up numbers.

use super::rows::RankItem;
use crate::core::gather::Gather;
use crate::core::intern::{Interner, Sym};
use crate::core::item::{prefixes, Item};

/// One item's facts, as ranking reads them.
#[derive(Clone, Debug, PartialEq)]
pub struct Facts {
    /// The product as given (filters and preferences read its text).
    pub item: Item,
    /// Its id.
    pub id: Sym,
    /// For each category path, the path at every level (`Shoes`, `Shoes/Running`).
    pub paths: Vec<Vec<Sym>>,
    /// Its brand.
    pub brand: Option<Sym>,
    /// Its tags.
    pub tags: Vec<Sym>,
    /// The ids its markup lists as related.
    pub related: Vec<Sym>,
}

/// An item of the catalog (the symbol of its id).
pub type ItemRef = Sym;

/// Items by id.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// Every name interned so far (ids, category paths, brands, tags).
    pub syms: Interner,
    facts: Vec<Facts>,
    /// Symbol index → 1 + index in `facts` (0: not an item of the catalog).
    by_sym: Vec<u32>,
    /// Per item of `facts`, the count of changes when its facts were last set.
    versions: Vec<u32>,
    /// Changes so far: items added, or given facts different from what was known.
    changes: u32,
}

impl Catalog {
    /// An empty catalog.
    pub fn new() -> Catalog {
        Catalog::default()
    }

    /// Puts `item` in the catalog (replacing what was known of its id) and returns it.
    pub fn put(&mut self, item: &RankItem) -> ItemRef {
        let it = &item.item;
        let id = self.syms.intern(&it.id);
        let paths = it
            .paths()
            .map(|p| {
                prefixes(p)
                    .iter()
                    .map(|prefix| self.syms.intern(prefix))
                    .gather()
            })
            .gather();
        let brand = it.brand.as_deref().map(|b| self.syms.intern(b));
        let tags = it.tags.iter().map(|t| self.syms.intern(t)).gather();
        let related = item.related.iter().map(|r| self.syms.intern(r)).gather();
        let facts = Facts {
            item: it.clone(),
            id,
            paths,
            brand,
            tags,
            related,
        };
        if self.by_sym.len() < self.syms.len() {
            self.by_sym.resize(self.syms.len(), 0);
        }
        match self.by_sym[id.index()] {
            0 => {
                self.changes = self.changes.wrapping_add(1);
                self.facts.push(facts);
                self.versions.push(self.changes);
                self.by_sym[id.index()] = self.facts.len() as u32;
            }
            n => {
                let at = n as usize - 1;
                if self.facts.get(at) != Some(&facts) {
                    self.changes = self.changes.wrapping_add(1);
                    self.facts[at] = facts;
                    self.versions[at] = self.changes;
                }
            }
        }
        id
    }

    /// Which facts item `r` holds: a number that changes whenever they do (0: never put).
    pub fn version(&self, r: ItemRef) -> u32 {
        match self.by_sym.get(r.index()) {
            Some(n) if *n > 0 => self.versions.get(*n as usize - 1).copied().unwrap_or(0),
            _ => 0,
        }
    }

    /// The facts of item `r` (None: never put).
    pub fn get(&self, r: ItemRef) -> Option<&Facts> {
        match self.by_sym.get(r.index()) {
            Some(n) if *n > 0 => self.facts.get(*n as usize - 1),
            _ => None,
        }
    }

    /// The id of item `r`.
    pub fn id(&self, r: ItemRef) -> &str {
        self.syms.name(r)
    }

    /// How many items are known.
    pub fn len(&self) -> usize {
        self.facts.len()
    }

    /// Whether no item is known.
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }
}
