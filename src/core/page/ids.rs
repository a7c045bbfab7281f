//! A set of ids (widgets exposed, views counted on this page), over the interner's hash table:
//! a page may count thousands of product views, each looked up and added in constant time.

use crate::core::intern::Interner;

/// Ids, each once.
#[derive(Debug, Default)]
pub struct Ids(Interner);

impl Ids {
    /// Adds `id`; false when it was there already.
    pub fn insert(&mut self, id: &str) -> bool {
        let n = self.0.len();
        self.0.intern(id);
        self.0.len() > n
    }

    /// Whether `id` is in the set.
    pub fn contains(&self, id: &str) -> bool {
        self.0.get(id).is_some()
    }

    /// Empties the set (another route of a single-page app is another page).
    pub fn clear(&mut self) {
        self.0 = Interner::new();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_id_once_until_cleared() {
        let mut ids = Ids::default();
        assert!(!ids.contains("a"));
        assert!(ids.insert("a"));
        assert!(ids.insert("b"));
        assert!(!ids.insert("a"));
        assert!(ids.contains("a") && ids.contains("b") && !ids.contains("c"));
        for n in 0..2_000 {
            assert!(ids.insert(&n.to_string()));
        }
        assert!(!ids.insert("1999") && ids.contains("0"));
        ids.clear();
        assert!(!ids.contains("a") && ids.insert("a"));
    }
}
