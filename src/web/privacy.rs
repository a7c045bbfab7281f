//! Storage under the visitor's control, as the JS entry calls it: the core's rules
//! (`core::page`, consent and Global Privacy Control) over the browser's localStorage.

use super::console::{debug, warn_once};
use super::store::{self, Area, PROFILE_KEY};
use super::{now, random_id, Shell};
use crate::cat;
use crate::core::error::{DecodeError, Error};
use crate::core::page::Load;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = RawEngine)]
impl Shell {
    /// Storage state in a word: `local` or why not (`consent-pending`, `consent-denied`, `gpc`,
    /// `unavailable` when the browser's storage cannot be used).
    #[wasm_bindgen(js_name = storageState)]
    pub fn storage_state(&self) -> String {
        self.page.storage_state().as_str().into()
    }

    /// Writes unsaved changes, merged with whatever other tabs wrote meanwhile.
    pub fn flush(&mut self) -> bool {
        match self.page.flush(&mut store::Browser, now()) {
            Ok(written) => written,
            Err(e) => {
                warn_once("stored", &newer_message(&e));
                false
            }
        }
    }

    /// Another tab changed the stored profile (None: erased it); returns the update.
    #[wasm_bindgen(js_name = storageChanged)]
    pub fn storage_changed(&mut self, value: Option<String>) -> JsValue {
        if value.is_none() && self.page.storage_allowed() {
            // Forgotten in another tab: this tab's own keys go too.
            store::erase(Area::Session);
        }
        match self
            .page
            .storage_changed(value.as_deref(), &random_id(), now())
        {
            Some(u) => {
                self.debug_segments("another tab changed the profile", &u);
                self.answer(&u)
            }
            None => JsValue::UNDEFINED,
        }
    }

    /// The visitor gives (true) or withdraws (false) consent to storage; withdrawing erases
    /// what is stored. Returns the update.
    pub fn consent(&mut self, granted: bool) -> JsValue {
        let (u, load) = self
            .page
            .consent(granted, true, &mut store::Browser, &random_id(), now());
        warn_load(&load);
        self.consent_debug(granted, true);
        self.answer(&u)
    }

    /// Erases everything about the visitor: storage, memory, and (through the storage event) other tabs.
    pub fn forget(&mut self) -> JsValue {
        let u = self.page.forget(&mut store::Browser, &random_id(), now());
        if self.debug {
            debug("visitor forgotten: every stored key erased");
        }
        self.answer(&u)
    }
}

impl Shell {
    /// In debug mode, the line that says what a consent signal left storage at.
    pub(crate) fn consent_debug(&self, granted: bool, update: bool) {
        if self.debug {
            debug(&cat!(
                "consent ",
                if granted { "granted" } else { "refused" },
                " (",
                if update { "decision" } else { "default" },
                "): storage ",
                self.page.storage_state().as_str()
            ));
        }
    }
}

/// Says once what went wrong when the stored profile was read, if anything did.
pub(crate) fn warn_load(load: &Load) {
    match load {
        Load::Damaged(e) => warn_once(
            "stored",
            &cat!(
                Error::Stored(e.clone()).message(),
                " (localStorage \"",
                PROFILE_KEY,
                "\"); starting afresh in memory, the next save repairs it (nothing to do, \
                 unless a script of the page writes that key)"
            ),
        ),
        Load::Newer(e) => warn_once("stored", &newer_message(e)),
        _ => {}
    }
}

/// The warning for a profile stored by a newer engine: left untouched, and how to fix it.
fn newer_message(e: &DecodeError) -> String {
    cat!(
        Error::Stored(e.clone()).message(),
        " (localStorage \"",
        PROFILE_KEY,
        "\"); it is left untouched and this page runs in memory: load the same shelfwise \
         version on every page of the shop"
    )
}
