//! Reading widgets from markup and applying orders by moving the existing nodes.
//!
//! Nodes are never cloned or re-created (listeners, focus, loaded images and form state
//! survive); how they move is `moves`' business. Non-item children keep their places. No string
//! is ever inserted as HTML. The page's own order of each widget is remembered, so that ranking
//! always starts from the shop's order.

use super::moves::Mover;
use crate::core::gather::Gather;
use crate::core::json::Json;
use crate::core::rank::RankItem;
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
        .gather()
}

thread_local! {
    /// Per widget element: `[page order, order the engine left]` of its item ids, as JSON.
    static MEMORY: js_sys::WeakMap = js_sys::WeakMap::new();
}

fn ids_of(current: &[(Element, RankItem)]) -> Vec<String> {
    current.iter().map(|(_, it)| it.item.id.clone()).gather()
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
    let place = Sorted::places(&original);
    let mut items: Vec<RankItem> = current.iter().map(|(_, it)| it.clone()).gather();
    // Stable: an id listed twice keeps its DOM order.
    let at = |it: &RankItem| place.place(&it.item.id).unwrap_or(usize::MAX);
    crate::core::sort::merge_sort_by(&mut items, |a, b| at(a) < at(b));
    items
}

/// Ids with their places, sorted for lookups (no hash table in the download).
struct Sorted<'a>(Vec<(&'a str, usize)>);

impl<'a> Sorted<'a> {
    /// The ids of `list` with their first place.
    fn places(list: &'a [String]) -> Sorted<'a> {
        let mut v: Vec<(&str, usize)> = list
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .gather();
        crate::core::sort::merge_sort_by(&mut v, |a, b| a < b);
        v.dedup_by(|b, a| a.0 == b.0);
        Sorted(v)
    }

    /// The ids of `list`.
    fn of(list: &'a [String]) -> Sorted<'a> {
        Sorted::places(list)
    }

    fn place(&self, id: &str) -> Option<usize> {
        self.0
            .binary_search_by(|(k, _)| (*k).cmp(id))
            .ok()
            .map(|i| self.0[i].1)
    }

    fn has(&self, id: &str) -> bool {
        self.place(id).is_some()
    }
}

/// What was remembered when the engine last ordered `widget`: `(the shop's order then, the order
/// the engine left)` of its item ids; None when it never ordered it.
pub fn remembered(widget: &Element) -> Option<(Vec<String>, Vec<String>)> {
    memory(widget).and_then(|s| {
        let v = Json::parse(&s).ok()?;
        let ids = |i: usize| -> Option<Vec<String>> {
            v.at(i)?
                .as_array()?
                .iter()
                .map(|x| x.as_str().map(String::from))
                .collect()
        };
        Some((ids(0)?, ids(1)?))
    })
}

/// What is remembered of `widget` (see [`remember`]), as its text.
pub fn memory(widget: &Element) -> Option<String> {
    MEMORY.with(|m| m.get(widget).as_string())
}

/// Takes what another copy of the shell remembered of `widget` (tools explaining the page's engine).
#[cfg(feature = "tooling")]
pub fn set_memory(widget: &Element, text: &str) {
    MEMORY.with(|m| {
        m.set(widget, &JsValue::from_str(text));
    });
}

/// Remembers, after ordering `widget`, the page's order of its items and the order the engine left.
pub fn remember(widget: &Element, page: &[RankItem]) {
    let left = ids_of(&items(widget));
    let text = Json::Arr(vec![
        Json::strings(page.iter().map(|it| it.item.id.as_str())),
        Json::strings(left.iter().map(String::as_str)),
    ])
    .to_text();
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
    let hidden = Sorted::of(hidden);
    let mut changed = false;
    for (e, it) in current {
        let hide = hidden.has(&it.item.id);
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
        .filter(|id| !hidden.has(id))
        .gather();
    if now.iter().copied().eq(order.iter()) {
        return changed;
    }
    // Shown items by id (the first element of an id listed twice).
    let shown_ids: Vec<String> = current
        .iter()
        .filter(|(_, it)| !hidden.has(&it.item.id))
        .map(|(_, it)| it.item.id.clone())
        .gather();
    let shown_at = Sorted::places(&shown_ids);
    let shown_elements: Vec<&Element> = current
        .iter()
        .filter(|(_, it)| !hidden.has(&it.item.id))
        .map(|(e, _)| e)
        .gather();
    let shown = |id: &str| shown_at.place(id).map(|i| shown_elements[i]);
    // Runs of item slots separated by other children; each run keeps its length and its anchor
    // (the first non-item element after it), so headings and links stay where they are.
    let children = widget.children();
    let is_item = |e: &Element| {
        e.get_attribute(ITEM)
            .is_some_and(|id| shown(id.trim()).is_some())
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
    let by_id = |id: &String| shown(id);
    let mover = Mover::new(widget, shown_elements.iter().copied());
    let mut targets = order.iter().filter_map(by_id);
    for (len, anchor) in runs {
        let run: Vec<&Element> = targets.by_ref().take(len).gather();
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
        .gather()
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
