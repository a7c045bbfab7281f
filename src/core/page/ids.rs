//! A small sorted set of ids (widgets exposed, views counted on this page).

/// Ids, each once, sorted.
#[derive(Debug, Default)]
pub struct Ids(Vec<String>);

impl Ids {
    /// Adds `id`; false when it was there already.
    pub fn insert(&mut self, id: &str) -> bool {
        match self.0.binary_search_by(|x| x.as_str().cmp(id)) {
            Ok(_) => false,
            Err(i) => {
                self.0.insert(i, id.to_string());
                true
            }
        }
    }

    /// Whether `id` is in the set.
    pub fn contains(&self, id: &str) -> bool {
        self.0.binary_search_by(|x| x.as_str().cmp(id)).is_ok()
    }

    /// Empties the set (another route of a single-page app is another page).
    pub fn clear(&mut self) {
        self.0.clear();
    }
}
