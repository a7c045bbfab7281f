//! Moving a widget's item elements without losing what the shopper is doing.
//!
//! `Element.moveBefore` (Chromium, Firefox) moves a node atomically: it keeps its focus, and
//! iframes and videos keep playing. Where the browser lacks it (WebKit), `insertBefore` takes
//! the node out and puts it back, which blurs a focused field inside it; there the item that
//! holds the focus stays where it is and the items around it move instead, and only when it
//! must cross another element of the widget is it moved, and its field focused again.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

/// How the items of one widget are moved.
pub struct Mover {
    /// The browser's `moveBefore`, where it has one.
    move_before: Option<js_sys::Function>,
    /// Without `moveBefore`: the item that holds the page's focus.
    pinned: Option<Element>,
    /// The focused element inside `pinned`.
    focused: Option<Element>,
}

impl Mover {
    /// A mover for the children of `widget`, whose shown items are `items`.
    pub fn new<'a>(widget: &Element, items: impl Iterator<Item = &'a Element>) -> Self {
        let move_before = js_sys::Reflect::get(widget, &"moveBefore".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if move_before.is_some() {
            return Mover {
                move_before,
                pinned: None,
                focused: None,
            };
        }
        let focused = widget
            .owner_document()
            .and_then(|d| d.active_element())
            .filter(|a| widget.contains(Some(a)));
        let pinned = focused
            .as_ref()
            .and_then(|a| items.into_iter().find(|i| i.contains(Some(a))).cloned());
        Mover {
            move_before: None,
            pinned,
            focused,
        }
    }

    /// Puts `node` right before `anchor` (at the end when `None`) in `parent`. `movable` says
    /// which of the elements in between may move instead, to keep a focused item in place.
    pub fn place(
        &self,
        parent: &Element,
        node: &Element,
        anchor: Option<&Element>,
        movable: impl Fn(&Element) -> bool,
    ) {
        let anchor_js: JsValue = anchor.map_or(JsValue::NULL, |a| a.into());
        if let Some(f) = &self.move_before {
            if f.call2(parent, node, &anchor_js).is_ok() {
                return;
            }
        }
        if self.pinned.as_ref() == Some(node) && make_room(parent, node, anchor, movable) {
            return;
        }
        let _ = parent.insert_before(node, anchor.map(|a| a.as_ref()));
    }

    /// Focuses the field that had the focus again if moving its item took it away.
    pub fn finish(self) {
        let Some(field) = self.focused else { return };
        let active = field.owner_document().and_then(|d| d.active_element());
        if active.as_ref() == Some(&field) || !field.is_connected() {
            return;
        }
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"preventScroll".into(), &JsValue::TRUE);
        if let Ok(focus) = js_sys::Reflect::get(&field, &"focus".into()) {
            if let Some(focus) = focus.dyn_ref::<js_sys::Function>() {
                let _ = focus.call1(&field, &options);
            }
        }
    }
}

/// Moves the elements between `node` and `anchor` in front of `node`, so that `node` comes
/// right before `anchor` without moving. False (nothing moved) when `anchor` is not after
/// `node` or an element in between may not move.
fn make_room(
    parent: &Element,
    node: &Element,
    anchor: Option<&Element>,
    movable: impl Fn(&Element) -> bool,
) -> bool {
    let mut between = Vec::new();
    let mut next = node.next_element_sibling();
    while next.as_ref() != anchor {
        match next {
            Some(e) if movable(&e) => {
                next = e.next_element_sibling();
                between.push(e);
            }
            _ => return false,
        }
    }
    for e in between {
        let _ = parent.insert_before(&e, Some(node));
    }
    true
}
