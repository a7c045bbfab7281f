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
            let id = id.trim();
            let fits =
                !id.is_empty() && id.len() <= MAX_ID_LEN && !id.contains(char::is_whitespace);
            if fits && id != item && !list.iter().any(|x| x == id) {
                list.push(id.to_string());
            }
            if list.len() == RELATED_LEN {
                break;
            }
        }
        self.related.retain(|(k, _)| k != item);
        if !list.is_empty() {
            self.related.insert(0, (item.to_string(), list));
        }
    }

    /// Forgets the relations of items no longer in the cart or recently viewed, then the oldest
    /// (those of cart items last) until the bounds hold.
    pub(super) fn prune_related(&mut self) {
        if self.related.is_empty() {
            return;
        }
        let in_cart = |p: &Profile, id: &str| p.cart.iter().any(|l| l.0 == id);
        let kept: Vec<(String, Vec<String>)> = std::mem::take(&mut self.related)
            .into_iter()
            .filter(|(id, _)| in_cart(self, id) || self.viewed.iter().any(|(v, _)| v == id))
            .collect();
        self.related = kept;
        let chars = |r: &[(String, Vec<String>)]| -> usize {
            r.iter()
                .map(|(id, l)| id.len() + l.iter().map(|x| x.len() + 1).sum::<usize>())
                .sum()
        };
        while self.related.len() > RELATED_CAP || chars(&self.related) > RELATED_CHARS {
            let last = self.related.len() - 1;
            let drop = (0..=last)
                .rev()
                .find(|&i| !in_cart(self, &self.related[i].0))
                .unwrap_or(last);
            self.related.remove(drop);
        }
    }

    /// The related ids kept for `item`, strongest first.
    pub fn related_of(&self, item: &str) -> Option<&[String]> {
        self.related
            .iter()
            .find(|(k, _)| k == item)
            .map(|(_, l)| l.as_slice())
    }
}
