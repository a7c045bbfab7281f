//! The visitor's say over storage: consent (a call, the start option, Google Consent Mode),
//! Global Privacy Control, loading and saving the profile, and forgetting the visitor.
//!
//! Nothing is read from or written to storage until it is allowed; a refusal erases what
//! earlier pages stored; until then the page is personalized in memory only. Storage itself
//! is the shell's ([`Store`]): the core says when to read, write and erase, and remembers
//! whether the browser let it (storage that is allowed but fails is `unavailable`).

use super::Page;
use crate::core::config::Consent;
use crate::core::engine::Update;
use crate::core::profile::snapshot::DecodeError;

/// Storage could not be read (blocked, throwing); the shell has said why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unreadable;

/// Where the visitor's profile is kept between pages (the browser's localStorage).
pub trait Store {
    /// The stored profile: `Ok(None)` when there is none.
    fn read(&mut self) -> Result<Option<String>, Unreadable>;
    /// Stores the profile; false when storage refused (blocked, full).
    fn write(&mut self, text: &str) -> bool;
    /// Erases every key of the engine.
    fn erase(&mut self);
}

/// How data is kept right now, and why not when it is not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageState {
    /// Kept in this browser's storage.
    Local,
    /// `storage.consent` is `required` and the visitor has not said yes yet.
    ConsentPending,
    /// The visitor (or the page's Consent Mode default) refused.
    ConsentDenied,
    /// The browser sends Global Privacy Control.
    Gpc,
    /// Storage is allowed, but the browser does not let the page use it (blocked, missing,
    /// throwing or full): the page runs in memory and tries again at the next save.
    Unavailable,
}

impl StorageState {
    /// The word `storage()` returns.
    pub fn as_str(self) -> &'static str {
        match self {
            StorageState::Local => "local",
            StorageState::ConsentPending => "consent-pending",
            StorageState::ConsentDenied => "consent-denied",
            StorageState::Gpc => "gpc",
            StorageState::Unavailable => "unavailable",
        }
    }
}

/// What happened when the page looked at storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Load {
    /// Storage may not be used (yet).
    NotAllowed,
    /// Nothing stored, or storage could not be read.
    Nothing,
    /// The stored profile was read and this page's changes merged into it.
    Merged,
    /// The stored profile was damaged: the visitor starts afresh; the next save repairs it.
    Damaged(DecodeError),
    /// A newer engine wrote the profile: it is left untouched and this page runs in memory.
    Newer(DecodeError),
}

impl Page {
    /// How data is kept right now.
    pub fn storage_state(&self) -> StorageState {
        match self.consent_state() {
            StorageState::Local if self.storage_failed => StorageState::Unavailable,
            state => state,
        }
    }

    /// What the visitor's choices (and the config) allow: `Local`, or why not.
    fn consent_state(&self) -> StorageState {
        let cfg = self.engine.config();
        let said = self.consent.or(self.consent_default);
        if said == Some(false) {
            StorageState::ConsentDenied
        } else if self.gpc && cfg.honor_gpc && self.consent != Some(true) {
            // Only the visitor's own decision overrides their browser's signal.
            StorageState::Gpc
        } else if cfg.consent == Consent::Required && said != Some(true) {
            StorageState::ConsentPending
        } else {
            StorageState::Local
        }
    }

    /// Whether storage may be used now (whether the browser lets it work is another matter:
    /// see [`StorageState::Unavailable`]).
    pub fn storage_allowed(&self) -> bool {
        self.consent_state() == StorageState::Local
    }

    /// Reads the stored profile and merges this page's changes into it.
    pub(super) fn load(&mut self, store: &mut dyn Store, now: i64) -> Load {
        let stored = store.read();
        self.storage_failed = stored.is_err();
        let Ok(Some(text)) = stored else {
            return Load::Nothing;
        };
        match self.engine.rebase(&text, now) {
            Ok(_) => {
                self.from_storage = true;
                Load::Merged
            }
            Err(e @ DecodeError::Newer(_)) => {
                self.read_only = true;
                Load::Newer(e)
            }
            Err(e) => Load::Damaged(e),
        }
    }

    /// Writes unsaved changes, merged with whatever other tabs wrote meanwhile. `Ok(false)`:
    /// nothing written (not allowed, nothing new, storage failed); `Err`: a newer engine's
    /// profile is in storage, and this page will not write over it.
    pub fn flush(&mut self, store: &mut dyn Store, now: i64) -> Result<bool, DecodeError> {
        if !self.storage_allowed() || self.read_only || !self.engine.dirty() {
            return Ok(false);
        }
        // When storage cannot be read, what it holds cannot be merged: nothing is written.
        let Ok(stored) = store.read() else {
            self.storage_failed = true;
            return Ok(false);
        };
        if let Some(text) = stored {
            if let Err(e @ DecodeError::Newer(_)) = self.engine.rebase(&text, now) {
                self.read_only = true;
                return Err(e);
            }
        }
        let written = store.write(&self.engine.snapshot());
        self.storage_failed = !written;
        if written {
            self.engine.saved();
            self.from_storage = true;
        }
        Ok(written)
    }

    /// Another tab changed the stored profile (`None`: erased it, forgetting the visitor, who
    /// gets `new_id`). None when this page does not use storage or cannot read the new value.
    pub fn storage_changed(
        &mut self,
        value: Option<&str>,
        new_id: &str,
        now: i64,
    ) -> Option<Update> {
        if !self.storage_allowed() {
            return None;
        }
        match value {
            None => Some(self.engine.forget(new_id, now)),
            Some(text) => {
                let u = self.engine.rebase(text, now).ok()?;
                self.from_storage = true;
                Some(u)
            }
        }
    }

    /// A consent signal: the visitor's decision (`update`: a call, the start option, a Consent
    /// Mode update) or the page's default (a Consent Mode default, which never erases). A
    /// refusal erases what is stored and what this page read from it (the visitor then gets
    /// `new_id`); a consent loads what is stored and writes this page's changes. Returns the
    /// segment change and what happened when storage was read.
    pub fn consent(
        &mut self,
        granted: bool,
        update: bool,
        store: &mut dyn Store,
        new_id: &str,
        now: i64,
    ) -> (Update, Load) {
        let before = self.storage_allowed();
        let segments = self.engine.segments().to_vec();
        if update {
            self.consent = Some(granted);
        } else {
            self.consent_default = Some(granted);
        }
        let after = self.storage_allowed();
        let mut load = Load::NotAllowed;
        if update && !granted {
            store.erase();
            if self.from_storage {
                self.engine.forget(new_id, now);
                self.from_storage = false;
                if let Some(a) = self.attrs.clone() {
                    // What the shop supplied is about this page, not stored: it stays.
                    let _ = self.engine.set_attributes(a, now);
                }
            }
        } else if after && !before {
            load = self.load(store, now);
            // A newer engine's profile makes the page read-only, as `load` has said.
            let _ = self.flush(store, now);
        }
        (Update::between(&segments, self.engine.segments()), load)
    }

    /// Erases everything about the visitor: storage, memory and what the shop supplied; the
    /// visitor gets `new_id`.
    pub fn forget(&mut self, store: &mut dyn Store, new_id: &str, now: i64) -> Update {
        store.erase();
        self.from_storage = false;
        self.attrs = None;
        self.engine.forget(new_id, now)
    }
}
