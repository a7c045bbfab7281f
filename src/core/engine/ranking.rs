//! Ranking for the engine's visitor: the catalog of items the page has shown, the visitor's
//! view prepared again only when what it is made of changed, orders as places.

use super::Engine;
use crate::core::event::Event;
use crate::core::gather::Gather;
use crate::core::parts::Parts;
use crate::core::rank::{self, Catalog, Facts, ItemRef, Order, RankItem, Ranking, View};

/// The parts of the visitor's data the view for ranking is made of.
const VIEW_READS: Parts = Parts(
    Parts::STATS.0
        | Parts::VIEWED.0
        | Parts::PURCHASED.0
        | Parts::CART.0
        | Parts::PREFS.0
        | Parts::RELATED.0
        | Parts::ID.0,
);

/// The catalog, and the visitor's view (None: to prepare again).
#[derive(Default)]
pub(super) struct Ranker {
    pub catalog: Catalog,
    view: Option<View>,
}

impl Ranker {
    /// `parts` of the visitor's data changed.
    pub fn changed(&mut self, parts: Parts) {
        if parts.meets(VIEW_READS) {
            self.view = None;
        }
    }
}

impl Engine {
    /// Puts `item` in the catalog (its facts replace what was known of its id); ranking then
    /// takes it by the returned reference.
    pub fn put_item(&self, item: &RankItem) -> ItemRef {
        self.ranker.borrow_mut().catalog.put(item)
    }

    /// Which facts catalog item `r` holds: a number that changes whenever they do (0: never
    /// put), so that a caller keeping items can tell whether the catalog still has its version.
    pub fn item_version(&self, r: ItemRef) -> u32 {
        self.ranker.borrow().catalog.version(r)
    }

    /// The catalog item of id `id`, if the page has shown it.
    pub fn item_ref(&self, id: &str) -> Option<ItemRef> {
        let r = self.ranker.borrow();
        r.catalog
            .syms
            .get(id)
            .filter(|s| r.catalog.get(*s).is_some())
    }

    /// For a view or an add to cart, the relations the page showed with its items (their
    /// markup, or items given to `rank`), so that the profile keeps them for later pages.
    pub(super) fn relations_seen(&self, event: &mut Event) {
        if event.name != "view_item" && event.name != "add_to_cart" {
            return;
        }
        let r = self.ranker.borrow();
        let catalog = &r.catalog;
        for it in &event.items {
            if event.related.iter().any(|(id, _)| *id == it.id) {
                continue;
            }
            let Some(facts) = catalog.syms.get(&it.id).and_then(|s| catalog.get(s)) else {
                continue;
            };
            if !facts.related.is_empty() {
                let ids = facts.related.iter().map(|s| catalog.id(*s).to_string());
                event.related.push((it.id.clone(), ids.gather()));
            }
        }
    }

    /// The id of a catalog item.
    pub fn item_id(&self, r: ItemRef) -> String {
        self.ranker.borrow().catalog.id(r).to_string()
    }

    fn order_refs(&self, widget: &str, items: &[ItemRef], now: i64, explain: bool) -> Order {
        if self.in_holdout() {
            return Order::original(items.len());
        }
        let mut r = self.ranker.borrow_mut();
        let Ranker { catalog, view } = &mut *r;
        let view = view.get_or_insert_with(|| {
            View::build(
                &self.profile,
                now,
                self.program.rules.half_life_ms,
                &self.program.related,
                &mut catalog.syms,
            )
        });
        let unknown = Facts {
            item: crate::core::item::Item::default(),
            id: crate::core::intern::Sym(u32::MAX),
            paths: Vec::new(),
            brand: None,
            tags: Vec::new(),
            related: Vec::new(),
        };
        let facts: Vec<&Facts> = items
            .iter()
            .map(|i| catalog.get(*i).unwrap_or(&unknown))
            .gather();
        let is_member = |id: &str| self.is_member(id);
        rank::rank(
            self.program.strategy(widget),
            &facts,
            view,
            &is_member,
            explain,
        )
    }

    /// Orders catalog `items` (in page order) of `widget` for this visitor: places in `items`
    /// (the original order for held-out visitors).
    pub fn order(&self, widget: &str, items: &[ItemRef], now: i64) -> Order {
        self.order_refs(widget, items, now, false)
    }

    /// Ranks `items` of `widget` for this visitor, by id (they join the catalog).
    pub fn rank(&self, widget: &str, items: &[RankItem], now: i64) -> Ranking {
        self.ranking(widget, items, now, cfg!(feature = "tooling"))
    }

    /// Ranks `items` of `widget` for this visitor, by id, the order only (no explanations).
    pub fn order_items(&self, widget: &str, items: &[RankItem], now: i64) -> Ranking {
        self.ranking(widget, items, now, false)
    }

    fn ranking(&self, widget: &str, items: &[RankItem], now: i64, explain: bool) -> Ranking {
        let refs: Vec<ItemRef> = items.iter().map(|i| self.put_item(i)).gather();
        let places = self.order_refs(widget, &refs, now, explain);
        Ranking::new(items.iter().map(|i| i.item.id.clone()).gather(), places)
    }
}
