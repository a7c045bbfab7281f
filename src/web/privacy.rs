//! Storage under the visitor's control: consent (a call, the start option, Google Consent
//! Mode), Global Privacy Control, loading and saving the profile, and forgetting the visitor.
//!
//! Nothing is read from or written to storage until it is allowed; a refusal erases what
//! earlier pages stored; until then the page is personalized in memory only.

use super::console::{debug, warn_once};
use super::store::{self, Area, PROFILE_KEY};
use super::{now, random_id, Shell};
use crate::core::config::Consent;
use crate::core::engine::Update;
use crate::core::profile::snapshot::DecodeError;
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = RawEngine)]
impl Shell {
    /// Storage state in a word: `local` or why not (`consent-pending`, `consent-denied`, `gpc`,
    /// `unavailable` when the browser's storage cannot be used).
    #[wasm_bindgen(js_name = storageState)]
    pub fn storage_state(&self) -> String {
        match self.consent_state() {
            "local" if self.storage_failed => "unavailable".into(),
            state => state.into(),
        }
    }

    /// Writes unsaved changes, merged with whatever other tabs wrote meanwhile.
    pub fn flush(&mut self) -> bool {
        if !self.storage_allowed() || self.read_only || !self.engine.dirty() {
            return false;
        }
        // When storage cannot be read, what it holds cannot be merged: nothing is written.
        let Ok(stored) = store::read(Area::Local, PROFILE_KEY) else {
            self.storage_failed = true;
            return false;
        };
        if let Some(text) = stored {
            if let Err(DecodeError::Newer(v)) = self.engine.rebase(&text, now()) {
                self.read_only = true;
                warn_once("stored", &newer_message(&DecodeError::Newer(v)));
                return false;
            }
        }
        let written = store::write(Area::Local, PROFILE_KEY, &self.engine.snapshot());
        self.storage_failed = !written;
        if written {
            self.engine.saved();
            self.from_storage = true;
        }
        written
    }

    /// Another tab changed the stored profile (None: erased it); returns the update as JSON.
    #[wasm_bindgen(js_name = storageChanged)]
    pub fn storage_changed(&mut self, value: Option<String>) -> String {
        if !self.storage_allowed() {
            return "{}".into();
        }
        let u = match value {
            None => {
                // Forgotten in another tab: this tab's own keys go too.
                store::erase(Area::Session);
                self.engine.forget(&random_id(), now())
            }
            Some(text) => match self.engine.rebase(&text, now()) {
                Ok(u) => {
                    self.from_storage = true;
                    u
                }
                Err(_) => return "{}".into(),
            },
        };
        self.debug_segments("another tab changed the profile", &u);
        self.update_json(&u)
    }

    /// The visitor gives (true) or withdraws (false) consent to storage; withdrawing erases
    /// what is stored. Returns the segment change as JSON.
    pub fn consent(&mut self, granted: bool) -> String {
        self.apply_consent(granted, true)
    }

    /// Erases everything about the visitor: storage, memory, and (through the storage event) other tabs.
    pub fn forget(&mut self) -> String {
        store::erase(Area::Local);
        store::erase(Area::Session);
        let u = self.engine.forget(&random_id(), now());
        self.from_storage = false;
        self.attrs_json = None;
        if self.debug {
            debug("visitor forgotten: every stored key erased");
        }
        self.update_json(&u)
    }
}

impl Shell {
    /// What the visitor's choices allow: `local`, or why not.
    fn consent_state(&self) -> &'static str {
        let cfg = self.engine.config();
        let said = self.consent.or(self.consent_default);
        if said == Some(false) {
            "consent-denied"
        } else if self.gpc && cfg.honor_gpc && self.consent != Some(true) {
            // Only the visitor's own decision overrides their browser's signal.
            "gpc"
        } else if cfg.consent == Consent::Required && said != Some(true) {
            "consent-pending"
        } else {
            "local"
        }
    }

    /// Whether storage may be used now (whether it works is another matter).
    pub(crate) fn storage_allowed(&self) -> bool {
        self.consent_state() == "local"
    }

    /// Loads the stored profile and merges this page's changes into it.
    pub(crate) fn load(&mut self) {
        let stored = store::read(Area::Local, PROFILE_KEY);
        self.storage_failed = stored.is_err();
        let Ok(Some(text)) = stored else {
            return;
        };
        match self.engine.rebase(&text, now()) {
            Ok(_) => self.from_storage = true,
            Err(e @ DecodeError::Newer(_)) => {
                self.read_only = true;
                warn_once("stored", &newer_message(&e));
            }
            Err(e) => warn_once(
                "stored",
                &format!(
                    "{e} (localStorage \"{PROFILE_KEY}\"); starting afresh in memory, the next \
                     save repairs it (nothing to do, unless a script of the page writes that key)"
                ),
            ),
        }
    }

    /// A consent signal: the visitor's decision (`update`: a call, the start option, a Consent
    /// Mode update) or the page's default (a Consent Mode default, which never erases).
    pub(crate) fn apply_consent(&mut self, granted: bool, update: bool) -> String {
        let before = self.storage_allowed();
        let segments = self.engine.segments().to_vec();
        if update {
            self.consent = Some(granted);
        } else {
            self.consent_default = Some(granted);
        }
        let after = self.storage_allowed();
        if update && !granted {
            // A refusal: what earlier pages stored goes, and so does what this page read.
            store::erase(Area::Local);
            store::erase(Area::Session);
            if self.from_storage {
                self.engine.forget(&random_id(), now());
                self.from_storage = false;
                self.reapply_attributes();
            }
        } else if after && !before {
            self.load();
            self.flush();
        }
        if self.debug {
            debug(&format!(
                "consent {} ({}): storage {}",
                if granted { "granted" } else { "refused" },
                if update { "decision" } else { "default" },
                self.storage_state()
            ));
        }
        let now_in = self.engine.segments();
        let u = Update {
            counted: true,
            new_session: false,
            entered: now_in
                .iter()
                .filter(|s| !segments.contains(s))
                .cloned()
                .collect(),
            left: segments
                .iter()
                .filter(|s| !now_in.contains(s))
                .cloned()
                .collect(),
        };
        self.update_json(&u)
    }

    fn reapply_attributes(&mut self) {
        let attrs =
            self.attrs_json
                .as_deref()
                .and_then(|t| match serde_json::from_str::<Value>(t) {
                    Ok(Value::Object(m)) => Some(m),
                    _ => None,
                });
        if let Some(a) = attrs {
            let _ = self.engine.set_attributes(a, now());
        }
    }
}

/// The warning for a profile stored by a newer engine: left untouched, and how to fix it.
fn newer_message(e: &DecodeError) -> String {
    format!(
        "{e} (localStorage \"{PROFILE_KEY}\"); it is left untouched and this page runs in memory: \
         load the same shelfwise version on every page of the shop"
    )
}
