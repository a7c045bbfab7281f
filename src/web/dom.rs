//! Reading widgets from markup and applying orders by moving the existing nodes.
//!
//! Nodes are never cloned or re-created (listeners, focus, loaded images and form state
//! survive); how they move is `moves`' business. Non-item children keep their places. No string
//! is ever inserted as HTML. The page's own order of each widget is remembered, so that ranking
//! always starts from the shop's order.

use super::moves::Mover;
use crate::core::rank::RankItem;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element};

/// Attribute that marks a widget.
pub const WIDGET: &str = "data-sw-widget";
/// Attribute that marks an item (its id).
pub const ITEM: &str = "data-sw-item";
/// Attribute the engine sets once a widget or slot is in order (releases the first-paint guard).
pub const READY: &str = "data-sw-ready";
/// Attribute the engine sets on a visible widget whose new order waits until it is off screen.
pub const STALE: &str = "data-sw-stale";
/// Attribute the engine sets on items it hid.
pub const HIDDEN_BY_ENGINE: &str = "data-sw-hidden";

/// Every element matching `selector` in `root`, `root` included.
pub fn select(root: &Element, selector: &str) -> Vec<Element> {
    let mut out = Vec::new();
    if root.matches(selector).unwrap_or(false) {
        out.push(root.clone());
    }
    if let Ok(list) = root.query_selector_all(selector) {
        for i in 0..list.length() {
            if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                out.push(e);
            }
        }
    }
    out
}

/// The product an element describes through `data-sw-*` attributes, with id attribute `id_attr`.
pub fn read_item(e: &Element, id_attr: &str) -> Option<RankItem> {
    crate::core::rank::from_markup(id_attr, |name| e.get_attribute(name))
}

/// The item children of a widget, in page order.
pub fn items(widget: &Element) -> Vec<(Element, RankItem)> {
    let children = widget.children();
    (0..children.length())
        .filter_map(|i| children.item(i))
        .filter_map(|e| read_item(&e, ITEM).map(|it| (e, it)))
        .collect()
}

thread_local! {
    /// Per widget element: `[page order, order the engine left]` of its item ids, as JSON.
    static MEMORY: js_sys::WeakMap = js_sys::WeakMap::new();
}

fn ids_of(current: &[(Element, RankItem)]) -> Vec<String> {
    current.iter().map(|(_, it)| it.item.id.clone()).collect()
}

/// The items of `widget` (`current`, in DOM order) in the page's own order: as the shop laid
/// them out, however the engine has moved them since. Ranking from this order makes ties, and a
/// visitor who has lost every signal, fall back to the shop's order. When the shop rearranged
/// the items itself since the engine last ordered them (a re-sort, a re-render), the order it
/// made is the page's order from then on; items it added come after the ones already known.
pub fn page_order(widget: &Element, current: &[(Element, RankItem)]) -> Vec<RankItem> {
    let now = ids_of(current);
    let remembered = remembered(widget);
    let original = crate::core::page::shop_order(
        &now,
        remembered
            .as_ref()
            .map(|(p, l)| (p.as_slice(), l.as_slice())),
    );
    let place: HashMap<&String, usize> =
        original.iter().enumerate().map(|(i, id)| (id, i)).collect();
    let mut items: Vec<RankItem> = current.iter().map(|(_, it)| it.clone()).collect();
    // Stable: an id listed twice keeps its DOM order.
    let at = |it: &RankItem| place.get(&it.item.id).copied().unwrap_or(usize::MAX);
    crate::core::sort::insertion_sort_by(&mut items, |a, b| at(a) < at(b));
    items
}

/// What was remembered when the engine last ordered `widget`: `(the shop's order then, the order
/// the engine left)` of its item ids; None when it never ordered it.
pub fn remembered(widget: &Element) -> Option<(Vec<String>, Vec<String>)> {
    MEMORY.with(|m| m.get(widget).as_string()).and_then(|s| {
        let v: Value = serde_json::from_str(&s).ok()?;
        let ids = |i: usize| -> Option<Vec<String>> {
            v.get(i)?
                .as_array()?
                .iter()
                .map(|x| x.as_str().map(String::from))
                .collect()
        };
        Some((ids(0)?, ids(1)?))
    })
}

/// Remembers, after ordering `widget`, the page's order of its items and the order the engine left.
pub fn remember(widget: &Element, page: &[RankItem]) {
    let page: Vec<&String> = page.iter().map(|it| &it.item.id).collect();
    let left = ids_of(&items(widget));
    let text = Value::Array(vec![
        crate::core::json::strings(page.into_iter()),
        crate::core::json::strings(left.iter()),
    ])
    .to_string();
    MEMORY.with(|m| {
        m.set(widget, &JsValue::from_str(&text));
    });
}

/// Whether any part of `e` is inside the viewport.
pub fn on_screen(e: &Element) -> bool {
    let r = e.get_bounding_client_rect();
    let h = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    r.width() > 0.0 && r.bottom() > 0.0 && r.top() < h
}

/// Puts the item elements of `widget` in `order` (by item id) and hides `hidden`, moving only
/// what is out of place. Returns whether anything changed.
pub fn apply(
    widget: &Element,
    current: &[(Element, RankItem)],
    order: &[String],
    hidden: &[String],
) -> bool {
    let hidden: HashSet<&str> = hidden.iter().map(String::as_str).collect();
    let mut changed = false;
    for (e, it) in current {
        let hide = hidden.contains(it.item.id.as_str());
        let was = e.has_attribute(HIDDEN_BY_ENGINE);
        if hide && !was {
            let _ = e.set_attribute(HIDDEN_BY_ENGINE, "");
            let _ = e.set_attribute("hidden", "");
            changed = true;
        } else if !hide && was {
            let _ = e.remove_attribute(HIDDEN_BY_ENGINE);
            let _ = e.remove_attribute("hidden");
            changed = true;
        }
    }
    let now: Vec<&String> = current
        .iter()
        .map(|(_, it)| &it.item.id)
        .filter(|id| !hidden.contains(id.as_str()))
        .collect();
    if now.iter().copied().eq(order.iter()) {
        return changed;
    }
    // Shown items by id (the first element of an id listed twice).
    let mut shown: HashMap<&str, &Element> = HashMap::new();
    for (e, it) in current {
        if !hidden.contains(it.item.id.as_str()) {
            shown.entry(it.item.id.as_str()).or_insert(e);
        }
    }
    // Runs of item slots separated by other children; each run keeps its length and its anchor
    // (the first non-item element after it), so headings and links stay where they are.
    let children = widget.children();
    let is_item = |e: &Element| {
        e.get_attribute(ITEM)
            .is_some_and(|id| shown.contains_key(id.trim()))
    };
    let mut runs: Vec<(usize, Option<Element>)> = Vec::new();
    let mut len = 0;
    for i in 0..children.length() {
        let Some(c) = children.item(i) else { continue };
        if is_item(&c) {
            len += 1;
        } else if len > 0 {
            runs.push((len, Some(c)));
            len = 0;
        }
    }
    if len > 0 {
        runs.push((len, None));
    }
    let by_id = |id: &String| shown.get(id.as_str()).copied();
    let mover = Mover::new(widget, shown.values().copied());
    let mut targets = order.iter().filter_map(by_id);
    for (len, anchor) in runs {
        let run: Vec<&Element> = targets.by_ref().take(len).collect();
        let mut next = anchor;
        for e in run.iter().rev() {
            if e.next_element_sibling().as_ref() != next.as_ref() {
                mover.place(widget, e, next.as_ref(), is_item);
            }
            next = Some((*e).clone());
        }
    }
    mover.finish();
    true
}

/// The names of a content slot's variants (`data-sw-variant`), in page order.
pub fn variants(slot: &Element) -> Vec<String> {
    select(slot, "[data-sw-variant]")
        .iter()
        .filter_map(|v| v.get_attribute("data-sw-variant"))
        .collect()
}

/// The variant a content slot shows now (the first without `hidden`), if any.
pub fn shown_variant(slot: &Element) -> Option<String> {
    slot.query_selector("[data-sw-variant]:not([hidden])")
        .ok()
        .flatten()
        .and_then(|v| v.get_attribute("data-sw-variant"))
}

/// Shows the variant `show` of a content slot and hides the others.
pub fn show_variant(slot: &Element, show: &str) {
    for v in select(slot, "[data-sw-variant]") {
        if v.get_attribute("data-sw-variant").as_deref() == Some(show) {
            let _ = v.remove_attribute("hidden");
        } else {
            let _ = v.set_attribute("hidden", "");
        }
    }
}

/// Writes the segment ids on `<html data-sw-segments="…">` for CSS and scripts.
pub fn set_segments(doc: &Document, segments: &[String]) {
    if let Some(html) = doc.document_element() {
        let _ = html.set_attribute("data-sw-segments", &segments.join(" "));
    }
}
