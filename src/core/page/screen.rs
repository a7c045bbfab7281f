//! What may change where the shopper can see it. A widget takes a new order, and a content slot
//! another variant, only before the page shows it or while it is off screen (a widget whose
//! strategy says `reorderWhileVisible` also on screen), its first one too when the page showed it
//! before the engine started (the first-paint guard had let go); items that arrive in a widget
//! already in order ("load more", infinite scroll) are ordered among themselves, in the places
//! where they arrived, and what was there does not move.

use super::Page;
use crate::core::gather::Gather;
use crate::core::rank::{ItemRef, RankItem, Ranking};

impl Page {
    /// Items arrived in a widget of this page that was already in order ("load more", infinite
    /// scroll): `items` are its items in the shop's order, `current` their ids in page order with
    /// whether the engine hides each, `known` the ids it had when last ordered. Returns where they
    /// go, as [`arrival`] says (the order of the items shown, the ids hidden); None when
    /// nothing arrived.
    pub fn arrived(
        &mut self,
        widget: &str,
        items: &[RankItem],
        current: &[(String, bool)],
        known: &[String],
        now: i64,
    ) -> Option<(Vec<String>, Vec<String>)> {
        if current.iter().all(|(id, _)| known.contains(id)) {
            return None;
        }
        let refs: Vec<ItemRef> = items.iter().map(|i| self.put_item(i)).gather();
        let (places, _) = self.order(widget, &refs, now);
        let ids = items.iter().map(|i| i.item.id.clone()).gather();
        arrival(current, known, &Ranking::new(ids, places))
    }
}

/// Whether a widget or slot may take its new order or variant now: `guarded` when the page does
/// not show it yet (the first-paint guard hides it, or it was never ordered: just inserted, not
/// painted; not when the guard let go before the engine started, which shows it in the shop's
/// order), `while_visible` when its strategy lets it move on screen (never for a slot),
/// `on_screen` whether any part of it is in the viewport (asked only when it matters).
pub fn may_change(guarded: bool, while_visible: bool, on_screen: impl FnOnce() -> bool) -> bool {
    guarded || while_visible || !on_screen()
}

/// Where a widget's items go when some arrived after it was ordered. `current`: its item ids in
/// page order, with whether the engine hides each; `known`: the ids it had when last ordered;
/// `ranked`: the widget's order as a whole, for this visitor. The items that were there keep
/// their places (and stay shown or hidden); the ones that arrived fill the places where they
/// arrived, best first, and those the ranking hides are hidden. Returns the order of the items
/// shown and the ids hidden; None when no item arrived.
pub fn arrival(
    current: &[(String, bool)],
    known: &[String],
    ranked: &Ranking,
) -> Option<(Vec<String>, Vec<String>)> {
    // A widget's items are few: lists are enough.
    let old = |id: &String| known.contains(id);
    let new = |id: &String| !old(id) && current.iter().any(|(c, _)| c == id);
    if current.iter().all(|(id, _)| old(id)) {
        return None;
    }
    let mut hidden: Vec<String> = current
        .iter()
        .filter(|(id, hid)| *hid && old(id))
        .map(|(id, _)| id.clone())
        .gather();
    hidden.extend(ranked.hidden.iter().filter(|id| new(id)).cloned());
    let mut best = ranked.order.iter().filter(|id| new(id));
    let order = current
        .iter()
        .filter(|(id, _)| !hidden.contains(id))
        .map(|(id, _)| {
            if old(id) {
                id.clone()
            } else {
                best.next().unwrap_or(id).clone()
            }
        })
        .gather();
    Some((order, hidden))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(s: &str) -> Vec<String> {
        s.split(' ')
            .filter(|x| !x.is_empty())
            .map(String::from)
            .collect()
    }

    fn shown(s: &str) -> Vec<(String, bool)> {
        ids(s).into_iter().map(|id| (id, false)).collect()
    }

    fn ranking(order: &str, hidden: &str) -> Ranking {
        Ranking {
            order: ids(order),
            hidden: ids(hidden),
            ..Ranking::default()
        }
    }

    #[test]
    fn only_what_is_not_shown_yet_may_change() {
        assert!(may_change(true, false, || true), "not painted yet");
        assert!(may_change(false, false, || false), "off screen");
        assert!(!may_change(false, false, || true), "on screen");
        assert!(
            may_change(false, true, || true),
            "allowed to move while visible"
        );
    }

    #[test]
    fn items_loaded_later_are_ordered_after_the_ones_already_there() {
        // The widget showed B A C; D E F arrived; the ranking as a whole wants F B E A D C.
        let current = shown("B A C D E F");
        let r = ranking("F B E A D C", "");
        let (order, hidden) = arrival(&current, &ids("A B C"), &r).expect("items arrived");
        assert_eq!(order, ids("B A C F E D"));
        assert!(hidden.is_empty());
    }

    #[test]
    fn arrived_items_take_the_places_where_they_arrived() {
        // Inserted in the middle (a re-render): the new ones swap among their own places.
        let current = shown("A X B Y");
        let r = ranking("Y X A B", "");
        let (order, _) = arrival(&current, &ids("A B"), &r).expect("items arrived");
        assert_eq!(order, ids("A Y B X"));
    }

    #[test]
    fn hiding_applies_to_arrived_items_and_never_reveals_hidden_ones() {
        let current = vec![
            ("A".to_string(), false),
            ("K".to_string(), true),
            ("N".to_string(), false),
            ("M".to_string(), false),
        ];
        // The ranking would show K again and hides N.
        let r = ranking("M A K", "N");
        let (order, hidden) = arrival(&current, &ids("A K"), &r).expect("items arrived");
        assert_eq!(order, ids("A M"));
        assert_eq!(hidden, ids("K N"));
    }

    #[test]
    fn nothing_arrived_nothing_moves() {
        let r = ranking("C B A", "");
        assert_eq!(arrival(&shown("A B C"), &ids("A B C"), &r), None);
        // Every item is new (a route rendered other items in the same element): all are ordered.
        let (order, _) = arrival(&shown("X Y Z"), &ids("A B"), &ranking("Z X Y", "")).unwrap();
        assert_eq!(order, ids("Z X Y"));
    }
}
