//! Widgets and content slots on the page: ordering, what the shopper saw, clicks, and ranking for
//! frameworks.

use super::console::debug;
use super::{dom, now, Shell};
use crate::cat;
use crate::core::gather::Gather;
use crate::core::json::Json;
use crate::core::page::screen;
use crate::core::rank::{parse_items, ItemRef, RankItem};
use wasm_bindgen::prelude::*;
use web_sys::Element;

#[wasm_bindgen(js_class = RawEngine)]
impl Shell {
    /// Orders the widgets and shows the right variant of every slot under `root` (the whole
    /// document when None). With `initial`, every widget and slot is ordered or shown, those on
    /// screen too (they are still hidden by the first-paint guard), unless the guard had let go
    /// when the engine started: then the shopper already sees them as the shop made them, and
    /// the ones on screen wait as below (released: `data-sw-ready`). Otherwise only widgets never
    /// ordered on this page (just inserted, not painted yet, or on a single-page app's new route)
    /// and widgets whose ranking may have changed since they were last ordered are ordered; of
    /// those, and of slots whose variant changes, the ones on screen wait until they leave the
    /// viewport (`data-sw-stale`), except widgets whose strategy says `reorderWhileVisible`
    /// (`core::page::screen`). Held-out visitors see default variants. Returns the exposures to
    /// announce (see
    /// [`Shell::exposures`]).
    pub fn refresh(&mut self, root: Option<Element>, initial: bool) -> js_sys::Array {
        let whole = root.is_none();
        let Some(root) = root.or_else(|| self.doc.document_element()) else {
            return js_sys::Array::new();
        };
        // Painted before the engine started: what the shopper sees may not change on screen.
        let painted = initial && self.shown;
        self.show_segments();
        for slot in dom::select(&root, "[data-sw-slot]") {
            let id = slot.get_attribute("data-sw-slot").unwrap_or_default();
            let shown = self.page.variant(&id, &dom::variants(&slot));
            let guarded = !painted && (initial || !slot.has_attribute(dom::READY));
            let same = dom::shown_variant(&slot).as_deref() == Some(shown.as_str());
            if !guarded && same {
                let _ = slot.remove_attribute(dom::STALE);
            } else if screen::may_change(guarded, false, || dom::on_screen(&slot)) {
                dom::show_variant(&slot, &shown);
                let _ = slot.remove_attribute(dom::STALE);
            } else {
                let _ = slot.set_attribute(dom::STALE, "");
            }
            let _ = slot.set_attribute(dom::READY, "");
        }
        let changes = self.page.take_changes();
        for w in dom::select(&root, "[data-sw-widget]") {
            let first = initial || !w.has_attribute(dom::READY);
            let id = w.get_attribute(dom::WIDGET).unwrap_or_default();
            if !first && !self.page.may_reorder(&id, &changes) {
                continue;
            }
            let while_visible = self.page.engine().reorder_while_visible(&id);
            if !screen::may_change(first && !painted, while_visible, || dom::on_screen(&w)) {
                let _ = w.set_attribute(dom::STALE, "");
                if painted {
                    // Shown in the shop's order: released, its order waits like any other.
                    self.ready(&w);
                }
                continue;
            }
            self.order(&w);
        }
        if !whole {
            // Widgets outside `root` may still have to be ordered for these changes.
            self.page.keep_changes(&changes);
        }
        self.exposures()
    }

    /// A widget or slot left the viewport: applies the order or variant it was waiting for, if
    /// any; returns the exposures to announce.
    #[wasm_bindgen(js_name = widgetLeft)]
    pub fn widget_left(&mut self, widget: Element) -> js_sys::Array {
        if widget.has_attribute(dom::STALE) {
            let _ = widget.remove_attribute(dom::STALE);
            if let Some(id) = widget.get_attribute("data-sw-slot") {
                let shown = self.page.variant(&id, &dom::variants(&widget));
                dom::show_variant(&widget, &shown);
            } else {
                self.order(&widget);
            }
        }
        self.exposures()
    }

    /// Items were added to `widget` (infinite scroll, "load more"): once it is in order, the
    /// items that arrived are ordered among themselves where they arrived, and the ones already
    /// there do not move (`core::page::screen`). Returns the exposures to announce.
    pub fn arrived(&mut self, widget: Element) -> js_sys::Array {
        let Some((_, known)) = dom::remembered(&widget) else {
            return self.exposures();
        };
        let id = widget.get_attribute(dom::WIDGET).unwrap_or_default();
        let current = dom::items(&widget);
        let ids: Vec<(String, bool)> = current
            .iter()
            .map(|(e, it)| (it.item.id.clone(), e.has_attribute(dom::HIDDEN_BY_ENGINE)))
            .gather();
        let items = dom::page_order(&widget, &current);
        if let Some((order, hidden)) = self.page.arrived(&id, &items, &ids, &known, now()) {
            let moved = dom::apply(&widget, &current, &order, &hidden);
            dom::remember(&widget, &items);
            if self.debug && moved {
                debug(&cat!(
                    "ordered the items that arrived in widget \"",
                    id,
                    "\": ",
                    order.join(" ")
                ));
            }
        }
        self.exposures()
    }

    /// A click somewhere: a click on a marked item (not on a button inside it) is
    /// `select_item`; returns the update (nothing when the click was not on an item).
    pub fn click(&mut self, target: Element) -> JsValue {
        let Ok(Some(item_el)) = target.closest("[data-sw-item]") else {
            return JsValue::UNDEFINED;
        };
        if let Ok(Some(control)) = target.closest("button, input, select, textarea, label, summary")
        {
            if item_el.contains(Some(&control)) {
                return JsValue::UNDEFINED;
            }
        }
        if !item_el
            .parent_element()
            .is_some_and(|p| p.has_attribute(dom::WIDGET))
        {
            return JsValue::UNDEFINED;
        }
        let Some(it) = dom::read_item(&item_el, dom::ITEM) else {
            return JsValue::UNDEFINED;
        };
        // A widget clicked in has been seen (its exposure is announced after the next refresh).
        if let Some(widget) = item_el.parent_element() {
            self.seen(widget, None);
        }
        match self.page.click(it.item, now()) {
            Some(u) => {
                self.recorded("select_item", 1, &u);
                self.answer(&u)
            }
            None => JsValue::UNDEFINED,
        }
    }

    /// The widget ids of the page whose ranking the updates since the last call may have
    /// changed, as a JSON array, for the `ranking` event (framework shelves rank again).
    #[wasm_bindgen(js_name = rankingChanged)]
    pub fn ranking_changed(&mut self) -> String {
        let ids = std::mem::take(&mut self.rerank);
        Json::strings(ids.iter().map(String::as_str)).to_text()
    }

    /// Ranks items given as JSON (`[{ id, category, brand, price, tags, related }]` or rows in
    /// that order) for `widget` without touching the page; returns `{ order, hidden }` as JSON
    /// (explanations are tooling: `explainRankJson`).
    pub fn rank(&mut self, widget: &str, items: &str) -> Result<String, JsError> {
        let then = "; the items keep the order they were given in";
        let mut items = items_of("rank", widget, items, then)?;
        self.page.shelf(widget, &mut items);
        let r = self.page.rank(widget, &items, now());
        let mut out = r.to_json(false);
        if let Json::Obj(o) = &mut out {
            o.insert("personalized", Json::Bool(self.page.personalized()));
        }
        Ok(out.to_text())
    }

    /// The shopper has seen `element` (at least half of it in the viewport, or half of the
    /// viewport covered by it): the widget `widget` (a shelf a framework renders) or, without
    /// it, the element's own marked widget once ordered. Its first sight is its exposure;
    /// returns the exposures to announce.
    pub fn seen(&mut self, element: Element, widget: Option<String>) -> js_sys::Array {
        let seen = match widget {
            Some(id) => Some((id, None)),
            None if element.has_attribute(dom::READY) => {
                let items = dom::items(&element);
                Some((
                    element.get_attribute(dom::WIDGET).unwrap_or_default(),
                    Some(items.into_iter().map(|(_, it)| it.item.id).gather()),
                ))
            }
            None => None,
        };
        if let Some((id, items)) = seen {
            if self.page.seen(&id, items) {
                let personalized = self.page.personalized();
                self.expose(&element, &id, personalized);
            }
        }
        self.exposures()
    }

    /// What the engine remembers of the widget element `widget` (the shop's order of its items):
    /// tools explaining its order need it.
    #[wasm_bindgen(js_name = widgetMemory)]
    pub fn widget_memory(&self, widget: Element) -> Option<String> {
        dom::memory(&widget)
    }

    /// Whether the widget `widget` may move while it is on screen (`reorderWhileVisible`).
    #[wasm_bindgen(js_name = moveWhileVisible)]
    pub fn move_while_visible(&self, widget: &str) -> bool {
        self.page.engine().reorder_while_visible(widget)
    }
}

impl Shell {
    /// Ranks one widget from its markup and applies the order.
    fn order(&mut self, w: &Element) {
        let id = w.get_attribute(dom::WIDGET).unwrap_or_default();
        let current = dom::items(w);
        // Ranked from the shop's order, not from the order the engine left last time.
        let items = dom::page_order(w, &current);
        let refs: Vec<ItemRef> = items.iter().map(|i| self.page.put_item(i)).gather();
        let (r, _) = self.page.order(&id, &refs, now());
        let ids = |places: &[u32]| -> Vec<String> {
            places
                .iter()
                .filter_map(|i| items.get(*i as usize).map(|it| it.item.id.clone()))
                .gather()
        };
        let (order, hidden) = (ids(&r.order), ids(&r.hidden));
        let moved = dom::apply(w, &current, &order, &hidden);
        dom::remember(w, &items);
        let _ = w.remove_attribute(dom::STALE);
        self.ready(w);
        if self.debug && moved {
            debug(&cat!("reordered widget \"", id, "\": ", order.join(" ")));
        }
    }

    /// Marks a widget as released from the first-paint guard, with the visitor's group.
    fn ready(&self, w: &Element) {
        let _ = w.set_attribute(
            dom::READY,
            if self.page.personalized() {
                "personalized"
            } else {
                "holdout"
            },
        );
    }

    /// Reports a widget's first sight on this page (the core has counted it); the event (and
    /// the dataLayer push, when the config asks for it) waits in the outbox until the call
    /// returns, so that the page's listeners never run while the engine is in the middle of a
    /// call.
    fn expose(&mut self, w: &Element, id: &str, personalized: bool) {
        let detail = Json::object(vec![
            ("widget", Json::str(id)),
            ("personalized", Json::Bool(personalized)),
        ])
        .to_text();
        let engine = self.page.engine();
        let push = engine.program().exposure_to_data_layer.then(|| {
            // Without a kept id a visitor is in no group: their exposures say so, so that a
            // holdout comparison can leave them out.
            let group = if !engine.id_kept() {
                "unassigned"
            } else if personalized {
                "personalized"
            } else {
                "holdout"
            };
            Json::object(vec![
                ("event", Json::str("shelfwise_exposure")),
                (
                    "shelfwise",
                    Json::object(vec![("widget", Json::str(id)), ("group", Json::str(group))]),
                ),
            ])
            .to_text()
        });
        self.outbox.push((w.clone(), detail, push));
    }

    /// The exposures waiting to be announced, flat: `[widget, detail JSON, dataLayer entry JSON
    /// or undefined, …]`. The JS entry dispatches `shelfwise:exposure` from each widget and
    /// pushes the entries once the engine's call has returned.
    fn exposures(&mut self) -> js_sys::Array {
        let out = js_sys::Array::new();
        for (w, detail, push) in self.outbox.drain(..) {
            out.push(&w);
            out.push(&detail.into());
            out.push(&push.map_or(wasm_bindgen::JsValue::UNDEFINED, Into::into));
        }
        out
    }
}

/// The items of a call `call` for `widget` (JSON text, as `rank()` takes them), or an error
/// naming the call and what is wrong in them, followed by `then` (what happens meanwhile).
pub(crate) fn items_of(
    call: &str,
    widget: &str,
    items: &str,
    then: &str,
) -> Result<Vec<RankItem>, JsError> {
    let v = Json::parse(items).map_err(|e| {
        JsError::new(&cat!(
            call,
            "(\"",
            widget,
            "\"): items are not JSON (",
            e.message(),
            ')',
            then
        ))
    })?;
    parse_items(&v).map_err(|e| JsError::new(&cat!(call, "(\"", widget, "\"): ", e, then)))
}
