//! Storage: the stored form of the profile, and merging this tab's changes with what other tabs
//! of the shop wrote, so that no tab loses or double-counts an event.
//!
//! A flush reads what storage holds first. When that is exactly what this tab last wrote, no
//! other tab has written since: there is nothing to merge, and nothing is decoded or replayed.

use super::{Engine, Update};
use crate::core::error::DecodeError;
use crate::core::event::Event;
use crate::core::gather::Gather;
use crate::core::json::Obj;
use crate::core::parts::Parts;
use crate::core::profile::{snapshot, writes};

/// A change of this tab; replayed onto what another tab stored until it is written and safe.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Change {
    Event(Event, i64),
    Prefs(Obj),
    Exposure { personalized: bool, outcome: usize },
}

/// Changes this tab wrote as its write number `seq` at `at` (ms): kept for `writes::KEEP_MS`
/// to write them again should a tab that had not seen them overwrite them.
#[derive(Clone, Debug)]
pub(super) struct Written {
    pub seq: u32,
    pub at: i64,
    pub changes: Vec<Change>,
}

/// A digest of stored text (FNV-1a, 64 bits, with the length).
fn text_digest(text: &str) -> u64 {
    let h = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    h ^ (text.len() as u64).rotate_left(32)
}

impl Engine {
    /// The stored form of the profile (to write: then call `saved`).
    pub fn snapshot(&self) -> String {
        let text = if self.dirty() {
            let mut p = self.profile.clone();
            p.writes.note(&self.writer, self.seq + 1, self.clock);
            snapshot::encode(&p)
        } else {
            snapshot::encode(&self.profile)
        };
        self.snap.set(Some(text_digest(&text)));
        text
    }

    /// Whether there are changes not yet written.
    pub fn dirty(&self) -> bool {
        !self.pending.is_empty() || self.rewrite
    }

    /// Whether `stored` is exactly what this engine last wrote (nothing to merge).
    pub fn holds_own_write(&self, stored: &str) -> bool {
        self.last_write == Some(text_digest(stored))
    }

    /// Rebuilds the profile from what storage holds now (another tab may have written) plus
    /// this tab's changes that it lacks, so no tab loses or double-counts an event. When
    /// storage holds exactly this tab's last write, nothing is decoded.
    pub fn rebase(&mut self, stored: &str, now: i64) -> Result<Update, DecodeError> {
        if self.holds_own_write(stored) {
            return Ok(Update::default());
        }
        let mut base = snapshot::decode(stored, now, &self.program.rules)?;
        base.writes.expire(now);
        self.profile = base;
        self.written.retain(|w| now - w.at <= writes::KEEP_MS);
        // Writes of this tab that a tab working from an older copy overwrote: again.
        let lost: Vec<Change> = self
            .written
            .iter()
            .filter(|w| !self.profile.writes.holds(&self.writer, w.seq))
            .flat_map(|w| w.changes.iter().cloned())
            .gather();
        self.rewrite = !lost.is_empty();
        for c in lost.into_iter().chain(self.pending.clone()) {
            self.replay(c);
        }
        // A replayed change may be older than the retention by now.
        self.profile.purge(now, &self.program.rules);
        self.purged();
        self.last_write = None;
        Ok(self.reevaluate(now, Parts::ALL))
    }

    fn replay(&mut self, c: Change) {
        match c {
            Change::Event(e, t) => {
                self.profile.record(&e, t, &self.program.rules);
            }
            Change::Prefs(p) => self.profile.prefs = p,
            Change::Exposure {
                personalized,
                outcome,
            } => self.apply_exposure(personalized, outcome),
        }
    }

    /// Marks every change as written (the text of the latest `snapshot` is in storage).
    pub fn saved(&mut self) {
        if !self.dirty() {
            self.last_write = self.snap.get().or(self.last_write);
            return;
        }
        self.seq += 1;
        self.rewrite = false;
        let changes = std::mem::take(&mut self.pending);
        if !changes.is_empty() {
            self.written.push(Written {
                seq: self.seq,
                at: self.clock,
                changes,
            });
        }
        self.profile.writes.note(&self.writer, self.seq, self.clock);
        self.profile.writes.expire(self.clock);
        self.last_write = self.snap.get();
    }
}
