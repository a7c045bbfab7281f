//! What the page shows the shopper: exposure once a widget is seen, the items shown, the widgets
//! whose ranking an update may change, and the facts of items that framework shelves name by id.

use super::{dom, Shell};
use crate::core::event::{Event, Item};
use crate::core::rank::RankItem;
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// Most widget ids remembered per page (ranked with `rank()` or marked on the page).
const WIDGETS_CAP: usize = 200;
/// Most items whose facts are remembered from this page's events.
const FACTS_CAP: usize = 500;

#[wasm_bindgen(js_class = RawEngine)]
impl Shell {
    /// The shopper has seen `element`: at least half of it was in the viewport, or it covered at
    /// least half of the viewport's height. Its widget — `widget` for a shelf a framework
    /// renders (its items are the ones last ranked for that id), else the element's
    /// `data-sw-widget`, once ordered — is exposed once per page, and its items count as shown.
    pub fn seen(&mut self, element: Element, widget: Option<String>) {
        let ids: Vec<String> = match &widget {
            Some(id) => self
                .ranked
                .iter()
                .find(|(w, _)| w == id)
                .map(|(_, ids)| ids.clone())
                .unwrap_or_default(),
            None if element.has_attribute(dom::READY) => dom::items(&element)
                .into_iter()
                .map(|(_, it)| it.item.id)
                .collect(),
            None => return,
        };
        let Some(id) = widget.or_else(|| element.get_attribute(dom::WIDGET)) else {
            return;
        };
        self.page_items.extend(ids);
        if self.exposed.insert(id.clone()) {
            let personalized = !self.engine.in_holdout();
            self.expose(&element, &id, personalized);
        }
    }

    /// Whether the widget `widget` may move while it is on screen (`reorderWhileVisible`).
    #[wasm_bindgen(js_name = moveWhileVisible)]
    pub fn move_while_visible(&self, widget: &str) -> bool {
        self.engine.reorder_while_visible(widget)
    }
}

impl Shell {
    /// Remembers a widget id of this page (its ranking may change with the visitor's profile).
    pub(crate) fn note_widget(&mut self, id: &str) {
        if self.widgets.len() < WIDGETS_CAP && !self.widgets.iter().any(|w| w == id) {
            self.widgets.push(id.to_string());
        }
    }

    /// Remembers the items ranked for `widget`; once the widget has been seen they count as shown.
    pub(crate) fn ranked(&mut self, widget: &str, items: &[RankItem]) {
        self.note_widget(widget);
        let ids: Vec<String> = items.iter().map(|it| it.item.id.clone()).collect();
        if self.exposed.contains(widget) {
            self.page_items.extend(ids.iter().cloned());
        }
        if let Some((_, last)) = self.ranked.iter_mut().find(|(w, _)| w == widget) {
            *last = ids;
        } else if self.ranked.len() < WIDGETS_CAP {
            self.ranked.push((widget.to_string(), ids));
        }
    }

    /// Gives an item named by its id alone (no category, brand, price, tag or relation) the
    /// facts of the same item in this page's events.
    pub(crate) fn known_facts(&self, items: &mut [RankItem]) {
        for it in items.iter_mut() {
            let i = &it.item;
            let bare = i.categories.is_empty()
                && i.brand.is_none()
                && i.price.is_none()
                && i.tags.is_empty()
                && it.related.is_empty();
            if !bare {
                continue;
            }
            if let Some(known) = self.facts.iter().find(|k| k.id == i.id) {
                it.item = Item {
                    quantity: 1.0,
                    ..known.clone()
                };
            }
        }
    }

    /// Remembers the facts of the items an event carries (the latest for each id).
    pub(crate) fn learn_facts(&mut self, e: &Event) {
        for i in &e.items {
            let has_facts = !i.categories.is_empty()
                || i.brand.is_some()
                || i.price.is_some()
                || !i.tags.is_empty();
            if !has_facts {
                continue;
            }
            if let Some(known) = self.facts.iter_mut().find(|k| k.id == i.id) {
                *known = i.clone();
            } else if self.facts.len() < FACTS_CAP {
                self.facts.push(i.clone());
            }
        }
    }
}
