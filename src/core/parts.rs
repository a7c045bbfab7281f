//! The parts of what the engine knows about a visitor, as a set: what an event changed, what an
//! attribute is computed from, what a widget's ranking reads. Comparing them tells the engine
//! which segments to evaluate again and which widgets may need a new order.

use std::ops::{BitOr, BitOrAssign};

/// A set of parts of the visitor's data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Parts(pub u32);

impl Parts {
    /// Nothing.
    pub const NONE: Parts = Parts(0);
    /// The current session and the visit counters (pages, events, start, source).
    pub const SESSION: Parts = Parts(1);
    /// The clock: anything computed from "now" (durations, decay, windows, the hour).
    pub const TIME: Parts = Parts(1 << 1);
    /// The page and the device.
    pub const CONTEXT: Parts = Parts(1 << 2);
    /// Orders.
    pub const ORDERS: Parts = Parts(1 << 3);
    /// The cart.
    pub const CART: Parts = Parts(1 << 4);
    /// Counters per item.
    pub const ITEMS: Parts = Parts(1 << 5);
    /// Counters and affinity per category.
    pub const CATEGORIES: Parts = Parts(1 << 6);
    /// Counters and affinity per brand.
    pub const BRANDS: Parts = Parts(1 << 7);
    /// Counters and affinity per tag.
    pub const TAGS: Parts = Parts(1 << 8);
    /// Counters and affinity per price band.
    pub const BANDS: Parts = Parts(1 << 9);
    /// Recently viewed items.
    pub const VIEWED: Parts = Parts(1 << 10);
    /// Purchased items.
    pub const PURCHASED: Parts = Parts(1 << 11);
    /// Recent searches.
    pub const SEARCHES: Parts = Parts(1 << 12);
    /// The shopper's stated preferences.
    pub const PREFS: Parts = Parts(1 << 13);
    /// What the shop supplied about the visitor.
    pub const ATTRS: Parts = Parts(1 << 14);
    /// Config feature totals.
    pub const FEATURES: Parts = Parts(1 << 15);
    /// Exposure counters.
    pub const REPORT: Parts = Parts(1 << 16);
    /// The visitor's id (and so the holdout draw).
    pub const ID: Parts = Parts(1 << 17);
    /// Relations kept for the visitor's own items (cart, recently viewed).
    pub const RELATED: Parts = Parts(1 << 18);
    /// The clock entered another hour (UTC): the buckets of feature windows are whole hours, so
    /// a window moves on only then.
    pub const HOUR: Parts = Parts(1 << 19);
    /// What is fixed when a session begins: its number, start, source, landing page and
    /// campaign, and the visits before it.
    pub const SESSION_START: Parts = Parts(1 << 20);
    /// Everything (a profile replaced, forgotten or read from storage).
    pub const ALL: Parts = Parts(u32::MAX);
    /// Every per-key counter map.
    pub const STATS: Parts = Parts((1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 9));

    /// Whether the two sets share a part.
    pub fn meets(self, other: Parts) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The set without the parts of `other`.
    pub fn without(self, other: Parts) -> Parts {
        Parts(self.0 & !other.0)
    }
}

/// Which of the config's features an event counted: bit `i` for feature `i` (features past the
/// 63rd share the last bit).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FeatureSet(pub u64);

impl FeatureSet {
    /// Every feature.
    pub const ALL: FeatureSet = FeatureSet(u64::MAX);

    fn bit(i: usize) -> u64 {
        1 << i.min(63)
    }

    /// Adds feature `i`.
    pub fn add(&mut self, i: usize) {
        self.0 |= FeatureSet::bit(i);
    }

    /// Whether feature `i` may be in the set.
    pub fn has(self, i: usize) -> bool {
        self.0 & FeatureSet::bit(i) != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl BitOr for Parts {
    type Output = Parts;
    fn bitor(self, o: Parts) -> Parts {
        Parts(self.0 | o.0)
    }
}

impl BitOrAssign for Parts {
    fn bitor_assign(&mut self, o: Parts) {
        self.0 |= o.0;
    }
}
