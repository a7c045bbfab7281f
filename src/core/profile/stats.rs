//! Per-key behaviour counters with a time-decayed affinity score, in capped maps.

use crate::core::keymap::KeyMap;

/// What an event did to an item, for counting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// `view_item`.
    View = 0,
    /// `select_item`.
    Click = 1,
    /// `add_to_cart`.
    Cart = 2,
    /// `add_to_wishlist`.
    Wishlist = 3,
    /// `purchase`.
    Purchase = 4,
}

impl Action {
    /// The action an event name stands for, if it counts.
    pub fn of(event: &str) -> Option<Action> {
        Some(match event {
            "view_item" => Action::View,
            "select_item" => Action::Click,
            "add_to_cart" => Action::Cart,
            "add_to_wishlist" => Action::Wishlist,
            "purchase" => Action::Purchase,
            _ => return None,
        })
    }

    /// Attribute names of the counters, in `Action` order.
    pub const NAMES: [&'static str; 5] = ["views", "clicks", "carts", "wishlists", "purchases"];
}

/// Counters of one key (an item, a category, a brand…): `[counts…, score, score time]`.
///
/// `score` is the affinity at `time` (ms); at a later `now` it is worth
/// `score × 0.5^((now − time) / half_life)`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Stat(pub [u32; 5], pub f64, pub i64);

/// Multiplier that decays a score over `age_ms` with the given half-life.
pub fn decay(age_ms: f64, half_life_ms: f64) -> f64 {
    if age_ms <= 0.0 || half_life_ms <= 0.0 {
        return 1.0;
    }
    (-(age_ms / half_life_ms) * std::f64::consts::LN_2).exp()
}

impl Stat {
    /// How many times the action happened.
    pub fn count(&self, a: Action) -> u32 {
        self.0[a as usize]
    }

    /// When the key was last touched (ms).
    pub fn time(&self) -> i64 {
        self.2
    }

    /// The affinity score at `now`.
    pub fn score(&self, now: i64, half_life_ms: f64) -> f64 {
        self.1 * decay((now - self.2) as f64, half_life_ms)
    }

    /// Counts `a` at `now` and adds `points` to the decayed score.
    pub fn add(&mut self, a: Action, points: f64, now: i64, half_life_ms: f64) {
        self.0[a as usize] = self.0[a as usize].saturating_add(1);
        let now = now.max(self.2);
        self.1 = round3(self.score(now, half_life_ms) + points);
        self.2 = now;
    }
}

pub use crate::core::num::round3;

/// A map of key → counters holding at most `cap` keys, evicting the least recently touched.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stats(pub KeyMap<Stat>);

impl Stats {
    /// Counts `a` for `key` at `now`, then evicts down to `cap` keys.
    pub fn add(
        &mut self,
        key: &str,
        a: Action,
        points: f64,
        now: i64,
        half_life_ms: f64,
        cap: usize,
    ) {
        self.0
            .get_or_insert_with(key, Stat::default)
            .add(a, points, now, half_life_ms);
        self.evict(cap);
    }

    /// Removes least recently touched keys until at most `cap` remain (of keys touched at the
    /// same time, the longest goes first, so a category outlives its sub-categories).
    pub fn evict(&mut self, cap: usize) {
        while self.0.len() > cap {
            // The least recently touched; of those, the longest key.
            let mut oldest: Option<(&String, i64, usize)> = None;
            for (k, s) in self.0.iter() {
                if oldest.is_none_or(|(_, t, n)| s.time() < t || (s.time() == t && k.len() > n)) {
                    oldest = Some((k, s.time(), k.len()));
                }
            }
            match oldest.map(|(k, _, _)| k.clone()) {
                Some(k) => self.0.remove(&k),
                None => break,
            };
        }
    }

    /// Drops keys not touched since `cutoff` (ms).
    pub fn purge(&mut self, cutoff: i64) {
        self.0.retain(|_, s| s.time() >= cutoff);
    }

    /// The counters of `key`, if kept.
    pub fn get(&self, key: &str) -> Option<&Stat> {
        self.0.get(key)
    }

    /// The highest score at `now` (0 when empty).
    pub fn max_score(&self, now: i64, half_life_ms: f64) -> f64 {
        self.0
            .values()
            .map(|s| s.score(now, half_life_ms))
            .fold(0.0, f64::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;

    #[test]
    fn score_halves_every_half_life() {
        let mut s = Stat::default();
        s.add(Action::Cart, 8.0, 0, 30.0 * DAY as f64);
        assert_eq!(s.score(0, 30.0 * DAY as f64), 8.0);
        assert!((s.score(30 * DAY, 30.0 * DAY as f64) - 4.0).abs() < 1e-9);
        assert!((s.score(60 * DAY, 30.0 * DAY as f64) - 2.0).abs() < 1e-9);
        s.add(Action::View, 1.0, 30 * DAY, 30.0 * DAY as f64);
        assert!((s.score(30 * DAY, 30.0 * DAY as f64) - 5.0).abs() < 1e-9);
        assert_eq!((s.count(Action::Cart), s.count(Action::View)), (1, 1));
    }

    #[test]
    fn evicts_least_recently_touched() {
        let mut m = Stats::default();
        m.add("a", Action::View, 1.0, 1, 1.0, 2);
        m.add("b", Action::View, 1.0, 2, 1.0, 2);
        m.add("a", Action::View, 1.0, 3, 1.0, 2);
        m.add("c", Action::View, 1.0, 4, 1.0, 2);
        assert_eq!(m.0.keys().collect::<Vec<_>>(), ["a", "c"]);
        m.purge(4);
        assert_eq!(m.0.keys().collect::<Vec<_>>(), ["c"]);
    }
}
