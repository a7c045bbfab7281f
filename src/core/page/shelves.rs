//! What the shopper saw on the page: a widget is exposed once seen, its items count as shown from
//! then on; the widget ids whose ranking an update may change; and the facts of the items this
//! page's events carried, for shelves that name their items by id alone.

use super::{Page, EXPOSURE};
use crate::core::engine::Update;
use crate::core::event::Event;
use crate::core::gather::Gather;
use crate::core::intern::Interner;
use crate::core::item::Item;
use crate::core::json::Json;
use crate::core::parts::Parts;
use crate::core::rank::RankItem;

/// Most widget ids a page remembers (ordered from markup or ranked with `rank()`).
const WIDGETS_CAP: usize = 200;
/// Most items whose facts a page remembers from its events.
const FACTS_CAP: usize = 500;

/// The facts of items by id, the latest for each (at most [`FACTS_CAP`] items): every event with
/// items looks its items up, in constant time.
#[derive(Debug, Default)]
pub struct Facts {
    ids: Interner,
    items: Vec<Item>,
}

impl Facts {
    /// The facts of item `id`.
    fn get(&self, id: &str) -> Option<&Item> {
        self.ids.get(id).map(|s| &self.items[s.index()])
    }

    /// Keeps `item`'s facts in place of those it had.
    fn learn(&mut self, item: &Item) {
        match self.ids.get(&item.id) {
            Some(s) => self.items[s.index()] = item.clone(),
            None if self.items.len() < FACTS_CAP => {
                self.ids.intern(&item.id);
                self.items.push(item.clone());
            }
            None => {}
        }
    }
}

impl Page {
    /// The shopper has seen the widget `widget` (at least half of it was in the viewport, or it
    /// covered at least half of the viewport), showing `items` (None: the items last ranked for
    /// it with [`Page::shelf`]). The first sight of a widget id on this page is its exposure
    /// (true when this one was); its items count as shown from then on (clicks, add-to-carts).
    pub fn seen(&mut self, widget: &str, items: Option<Vec<String>>) -> bool {
        let items = items.unwrap_or_else(|| {
            self.ranked
                .iter()
                .find(|(w, _)| w == widget)
                .map(|(_, ids)| ids.clone())
                .unwrap_or_default()
        });
        for id in &items {
            self.page_items.insert(id);
        }
        let first = self.exposed.insert(widget);
        if first {
            let personalized = self.personalized();
            self.engine.count_exposure(personalized, EXPOSURE);
        }
        first
    }

    /// A shelf the page renders itself is about to be ranked (`rank()`): an item named by its id
    /// alone takes the facts of the same item in this page's events, and the ids are remembered
    /// as the shelf's items (shown once it has been seen).
    pub fn shelf(&mut self, widget: &str, items: &mut [RankItem]) {
        fill_bare(&self.facts, items);
        self.note_shelf(widget, items.iter().map(|it| it.item.id.clone()).gather());
    }

    /// An item named by its id alone takes the facts of the same item in this page's events.
    pub fn fill(&self, item: &mut RankItem) {
        fill_bare(&self.facts, std::slice::from_mut(item));
    }

    /// The ids `ids` are the items of the shelf `widget` about to be ranked (`rank()`): they
    /// are remembered as its items (shown once it has been seen).
    pub fn note_shelf(&mut self, widget: &str, ids: Vec<String>) {
        self.note_widget(widget);
        if self.exposed.contains(widget) {
            for id in &ids {
                self.page_items.insert(id);
            }
        }
        if let Some((_, last)) = self.ranked.iter_mut().find(|(w, _)| w == widget) {
            *last = ids;
        } else if self.ranked.len() < WIDGETS_CAP {
            self.ranked.push((widget.to_string(), ids));
        }
    }

    /// The widget ids of this page (ordered from markup or ranked with `rank()`) whose ranking
    /// `u` may have changed: those whose strategy reads what changed or targets a segment
    /// entered or left, and all of them on a single-page app's new route.
    pub fn widgets_changed(&self, u: &Update) -> Vec<&str> {
        let all = u.changed.meets(Parts::CONTEXT);
        self.widgets
            .iter()
            .filter(|w| all || self.engine.may_reorder(w, u))
            .map(String::as_str)
            .gather()
    }

    /// Remembers a widget id of this page.
    pub(super) fn note_widget(&mut self, id: &str) {
        if self.widgets.len() < WIDGETS_CAP && !self.widgets.iter().any(|w| w == id) {
            self.widgets.push(id.to_string());
        }
    }

    /// The facts of the items this page's events carried, as JSON (for tools explaining a
    /// ranking as the page made it): `[{ id, categories, more, brand, price, tags }]`.
    pub fn facts_json(&self) -> Json {
        Json::Arr(
            self.facts
                .items
                .iter()
                .map(|i| {
                    let levels = |l: &[String]| Json::strings(l.iter().map(String::as_str));
                    Json::object(vec![
                        ("id", Json::str(i.id.as_str())),
                        ("categories", levels(&i.categories)),
                        (
                            "more",
                            Json::Arr(i.more_categories.iter().map(|l| levels(l)).gather()),
                        ),
                        ("brand", i.brand.as_deref().map_or(Json::Null, Json::str)),
                        ("price", i.price.map_or(Json::Null, Json::Num)),
                        ("tags", levels(&i.tags)),
                    ])
                })
                .gather(),
        )
    }

    /// Remembers the facts of the items an event carries (the latest for each id).
    pub(super) fn learn_facts(&mut self, e: &Event) {
        for i in &e.items {
            let has_facts = !i.categories.is_empty()
                || i.brand.is_some()
                || i.price.is_some()
                || !i.tags.is_empty();
            if has_facts {
                self.facts.learn(i);
            }
        }
    }
}

/// Whether `item` is named by its id alone (no category, brand, price, tags or relations).
pub(super) fn bare(item: &RankItem) -> bool {
    let i = &item.item;
    i.categories.is_empty()
        && i.brand.is_none()
        && i.price.is_none()
        && i.tags.is_empty()
        && item.related.is_empty()
}

/// Gives each item named by its id alone (no fact at all) the facts of the same id in `facts`.
pub fn fill_bare(facts: &Facts, items: &mut [RankItem]) {
    for it in items.iter_mut() {
        if !bare(it) {
            continue;
        }
        if let Some(f) = facts.get(&it.item.id) {
            it.item = Item {
                quantity: 1.0,
                ..f.clone()
            };
        }
    }
}

/// Facts written by [`Page::facts_json`] (what cannot be read is left out).
#[cfg(feature = "tooling")]
pub fn facts_from_json(v: &Json) -> Facts {
    let strings = |v: Option<&Json>| -> Vec<String> {
        v.and_then(Json::as_array)
            .unwrap_or_default()
            .iter()
            .filter_map(|s| s.as_str().map(String::from))
            .gather()
    };
    let mut facts = Facts::default();
    for f in v.as_array().unwrap_or_default() {
        let Some(id) = f.get("id").and_then(Json::as_str) else {
            continue;
        };
        let mut i = Item::with_id(id);
        i.categories = strings(f.get("categories"));
        i.more_categories = f
            .get("more")
            .and_then(Json::as_array)
            .unwrap_or_default()
            .iter()
            .map(|l| strings(Some(l)))
            .gather();
        i.brand = f.get("brand").and_then(Json::as_str).map(String::from);
        i.price = f.get("price").and_then(Json::as_f64);
        i.tags = strings(f.get("tags"));
        facts.learn(&i);
    }
    facts
}
