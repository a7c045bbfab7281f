//! Relations of the visitor's own items: when an item is seen with its related ids (its markup,
//! or `items[].related` in an event) and goes into the cart or the recently viewed list, its
//! relations are kept, so that any later page can rank the companions of the cart and of recent
//! views without shipping the shop's whole catalogue of relations. Bounded: a few items, a few
//! ids each, a fixed number of characters in all.

use super::Profile;
use crate::core::event::MAX_ID_LEN;

/// Most items whose relations are kept.
pub const RELATED_CAP: usize = 8;
/// Most related ids kept per item (the strongest).
pub const RELATED_LEN: usize = 8;
/// Most characters of ids kept in all (items and their related ids): with the JSON around
/// them, under 1 KB of the 16 KB a stored profile may take.
pub const RELATED_CHARS: usize = 720;

impl Profile {
    /// Keeps `ids` (strongest first) as the relations of `item`, as the most recently seen.
    pub(super) fn keep_related(&mut self, item: &str, ids: &[String]) {
        let mut list: Vec<String> = Vec::new();
        for id in ids {
            let fits = !id.is_empty() && id.len() <= MAX_ID_LEN && !id.contains(' ');
            if fits && id != item && !list.contains(id) {
                list.push(id.clone());
            }
        }
        list.truncate(RELATED_LEN);
        self.related.retain(|(k, _)| k != item);
        if !list.is_empty() {
            self.related.insert(0, (item.to_string(), list));
        }
    }

    /// Keeps the relations of cart items (first) and of recently viewed items, the most recent
    /// first, as many as the bounds allow.
    pub(super) fn prune_related(&mut self) {
        let mut kept = Vec::new();
        let mut chars = 0;
        for cart in [true, false] {
            for (id, l) in &self.related {
                let in_cart = self.cart.iter().any(|c| c.0 == *id);
                let viewed = self.viewed.iter().any(|(v, _)| v == id);
                if in_cart != cart || !(in_cart || viewed) {
                    continue;
                }
                chars += id.len() + l.iter().map(|x| x.len() + 1).sum::<usize>();
                if kept.len() == RELATED_CAP || chars > RELATED_CHARS {
                    break;
                }
                kept.push((id.clone(), l.clone()));
            }
        }
        self.related = kept;
    }

    /// The related ids kept for `item`, strongest first.
    pub fn related_of(&self, item: &str) -> Option<&[String]> {
        self.related
            .iter()
            .find(|(k, _)| k == item)
            .map(|(_, l)| l.as_slice())
    }
}
