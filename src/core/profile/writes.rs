//! Which tab wrote what: a version vector kept in the stored profile, so that a tab can tell
//! whether the copy in storage holds its own earlier writes.
//!
//! Browsers do not promise that one tab reads another tab's latest localStorage write at once
//! (Chromium caches storage per process and updates the cache later), so a tab may merge its
//! changes onto an older copy and overwrite a write it never saw. Each write therefore records
//! `writer → (number of its latest write, time)`; a tab whose write is missing from what storage
//! holds writes it again. Entries of writers that have not written for a while are dropped.

use crate::core::keymap::KeyMap;

/// How long (ms) a tab keeps its written changes to write them again if they get overwritten.
pub const KEEP_MS: i64 = 10_000;
/// How long (ms) a writer's entry stays in the stored profile after its latest write (longer than
/// `KEEP_MS`, so a kept write is always judged by a present entry).
pub const ENTRY_MS: i64 = 6 * KEEP_MS;

/// Writer id → `[number of its latest write, time of that write]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Writes(pub KeyMap<(u32, i64)>);

impl Writes {
    /// Whether write number `seq` of `writer` (and every earlier one) is in this copy.
    pub fn holds(&self, writer: &str, seq: u32) -> bool {
        self.0.get(writer).is_some_and(|(n, _)| *n >= seq)
    }

    /// Notes write number `seq` of `writer` at `at` (ms).
    pub fn note(&mut self, writer: &str, seq: u32, at: i64) {
        let e = self.0.get_or_insert_with(writer, || (0, at));
        *e = (e.0.max(seq), e.1.max(at));
    }

    /// Drops writers whose latest write is older than `ENTRY_MS` at `now`.
    pub fn expire(&mut self, now: i64) {
        self.0.retain(|_, (_, at)| now - *at <= ENTRY_MS);
    }

    /// Whether no writer is noted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
