//! The browser shell: the wasm-bindgen API over the core, storage, context and the DOM.
//!
//! Every method is called by the hand-written JS entry inside a guard; the shell holds no
//! business rule, it only carries facts in and orders out.

mod console;
mod context;
mod dom;
mod pure;
mod regex;
mod store;
mod widgets;

use crate::core::config::{Config, Consent};
use crate::core::engine::{Engine, Update};
use crate::core::event::{Event, PageFacts};
use crate::core::profile::snapshot::{self, DecodeError};
use crate::core::profile::Profile;
use console::{debug, warn, warn_once};
pub use pure::{eval_condition_json, validate_config_json};
use serde_json::{json, Value};
use std::collections::HashSet;
use store::{Area, PROFILE_KEY};
use wasm_bindgen::prelude::*;
use web_sys::Document;

fn now() -> i64 {
    js_sys::Date::now() as i64
}

fn random_id() -> String {
    (0..4)
        .map(|_| format!("{:04x}", (js_sys::Math::random() * 65536.0) as u32 & 0xffff))
        .collect()
}

fn document() -> Result<Document, JsError> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsError::new("no document: the engine runs in a browser page"))
}

/// The engine living in one page.
#[wasm_bindgen(js_name = RawEngine, skip_typescript)]
pub struct Shell {
    engine: Engine,
    doc: Document,
    /// Explicit consent from a call or Consent Mode (None: not said).
    consent: Option<bool>,
    /// Global Privacy Control is on in this browser.
    gpc: bool,
    /// Storage holds a newer engine's profile: never overwrite it.
    read_only: bool,
    /// Item ids shown in widgets on this page (to attribute add-to-carts).
    page_items: HashSet<String>,
    /// Widgets already exposed on this page.
    exposed: HashSet<String>,
    /// Items whose view was counted on this page (the markup, the shop's dataLayer and a
    /// `track` call may all report the same product view: it counts once).
    viewed_here: HashSet<String>,
    debug: bool,
}

#[wasm_bindgen(js_class = RawEngine)]
impl Shell {
    /// Starts the engine with config text and options `{ consent?, debug?, gpc? }` (JSON).
    #[wasm_bindgen(constructor)]
    pub fn new(config: &str, options: &str) -> Result<Shell, JsError> {
        let opts: Value = serde_json::from_str(options).unwrap_or(Value::Null);
        let config = Config::parse(config, &regex::JsRegex).map_err(|errors| {
            let lines: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
            JsError::new(&format!(
                "the config has {} error{}; the page keeps its original order until they are fixed:\n{}",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" },
                lines.join("\n")
            ))
        })?;
        let doc = document()?;
        let debug_on = config.debug || opts["debug"].as_bool().unwrap_or(false);
        let track_product = config.track_product_page;
        let mut shell = Shell {
            engine: Engine::new(
                config,
                Profile::new(&random_id()),
                context::context(&doc),
                now(),
            ),
            doc,
            consent: opts["consent"].as_bool(),
            gpc: opts["gpc"].as_bool().unwrap_or(false),
            read_only: false,
            page_items: HashSet::new(),
            exposed: HashSet::new(),
            viewed_here: HashSet::new(),
            debug: debug_on,
        };
        if shell.storage_allowed() {
            shell.load();
        } else if shell.debug {
            debug(&format!("storage not used: {}", shell.storage_state()));
        }
        let facts = context::page_facts(&shell.doc);
        shell.record(page_view(facts));
        if track_product {
            shell.track_product_page();
        }
        Ok(shell)
    }

    /// Storage state in a word: `local` or why not (`consent-pending`, `consent-denied`, `gpc`).
    #[wasm_bindgen(js_name = storageState)]
    pub fn storage_state(&self) -> String {
        let cfg = self.engine.config();
        if self.consent == Some(false) {
            "consent-denied"
        } else if self.consent != Some(true) && self.gpc && cfg.honor_gpc {
            "gpc"
        } else if cfg.consent == Consent::Required && self.consent != Some(true) {
            "consent-pending"
        } else {
            "local"
        }
        .into()
    }

    fn storage_allowed(&self) -> bool {
        self.storage_state() == "local"
    }

    /// Loads the stored profile and merges this page's changes into it.
    fn load(&mut self) {
        let Ok(Some(text)) = store::read(Area::Local, PROFILE_KEY) else {
            return;
        };
        match self.engine.rebase(&text, now()) {
            Ok(_) => {}
            Err(e @ DecodeError::Newer(_)) => {
                self.read_only = true;
                warn_once(
                    "stored",
                    &format!("{e}; it is left untouched and this page runs in memory"),
                );
            }
            Err(e) => warn_once(
                "stored",
                &format!("{e}; starting afresh in memory, the next save repairs it"),
            ),
        }
    }

    /// Writes unsaved changes, merged with whatever other tabs wrote meanwhile.
    pub fn flush(&mut self) -> bool {
        if !self.storage_allowed() || self.read_only || !self.engine.dirty() {
            return false;
        }
        let Ok(stored) = store::read(Area::Local, PROFILE_KEY) else {
            return false;
        };
        if let Some(text) = stored {
            if let Err(DecodeError::Newer(v)) = self.engine.rebase(&text, now()) {
                self.read_only = true;
                warn_once("stored", &DecodeError::Newer(v).to_string());
                return false;
            }
        }
        if store::write(Area::Local, PROFILE_KEY, &self.engine.snapshot()) {
            self.engine.saved();
            return true;
        }
        false
    }

    /// Another tab changed the stored profile (None: erased it); returns the update as JSON.
    #[wasm_bindgen(js_name = storageChanged)]
    pub fn storage_changed(&mut self, value: Option<String>) -> String {
        if !self.storage_allowed() {
            return "{}".into();
        }
        let u = match value {
            None => self.engine.forget(&random_id(), now()),
            Some(text) => match self.engine.rebase(&text, now()) {
                Ok(u) => u,
                Err(_) => return "{}".into(),
            },
        };
        self.update_json(&u)
    }

    /// Consent for storage given (true) or withdrawn (false).
    pub fn consent(&mut self, granted: bool) {
        let before = self.storage_allowed();
        self.consent = Some(granted);
        let after = self.storage_allowed();
        if after && !before {
            self.load();
            self.flush();
        } else if before && !after {
            store::erase(Area::Local);
            store::erase(Area::Session);
        }
        if self.debug {
            debug(&format!(
                "consent {}: storage {}",
                if granted { "granted" } else { "withdrawn" },
                self.storage_state()
            ));
        }
    }

    /// Erases everything about the visitor: storage, memory, and (through the storage event) other tabs.
    pub fn forget(&mut self) -> String {
        store::erase(Area::Local);
        store::erase(Area::Session);
        let u = self.engine.forget(&random_id(), now());
        if self.debug {
            debug("visitor forgotten: every stored key erased");
        }
        self.update_json(&u)
    }

    /// Tracks an event given as JSON name and JSON params; returns `{ ok, error?, entered, left, segments }`.
    pub fn track(&mut self, name: &str, params: &str) -> String {
        let name: Value = serde_json::from_str(name).unwrap_or(Value::Null);
        let params: Value = match serde_json::from_str(params) {
            Ok(p) => p,
            Err(_) => Value::String("(not JSON)".into()),
        };
        self.track_value(&name, &params)
    }

    /// Reads one `window.dataLayer` entry (gtag arguments as an array, or a GTM object).
    #[wasm_bindgen(js_name = dataLayer)]
    pub fn data_layer(&mut self, entry: &str) -> String {
        let Ok(v) = serde_json::from_str::<Value>(entry) else {
            return "{}".into();
        };
        match crate::core::datalayer::read_entry(&v) {
            crate::core::datalayer::Entry::Event(n, p) if self.engine.config().track_data_layer => {
                self.track_value(&n, &p)
            }
            crate::core::datalayer::Entry::Consent(granted) => {
                self.consent(granted);
                "{}".into()
            }
            _ => "{}".into(),
        }
    }
}

fn page_view(facts: PageFacts) -> Event {
    Event {
        name: "page_view".into(),
        page: Some(facts),
        ..Event::default()
    }
}

impl Shell {
    fn track_value(&mut self, name: &Value, params: &Value) -> String {
        #[cfg(feature = "panic-test")]
        if name.as_str() == Some("shelfwise_test_panic") {
            panic!("panic requested by a test build");
        }
        match Event::parse(name, params) {
            Ok(e) => {
                let u = self.record(e);
                self.update_json(&u)
            }
            Err(err) => {
                warn(&format!("{err}. The event is ignored; tracking goes on."));
                json!({ "ok": false, "error": err.to_string() }).to_string()
            }
        }
    }

    /// An update as the JS entry reads it: `{ ok, counted, entered, left, segments }`.
    pub(crate) fn update_json(&self, u: &Update) -> String {
        json!({ "ok": true, "counted": u.counted, "entered": u.entered, "left": u.left,
                "segments": self.engine.segments() })
        .to_string()
    }

    fn record(&mut self, mut e: Event) -> Update {
        if e.name == "view_item" {
            e.items.retain(|i| self.viewed_here.insert(i.id.clone()));
            if e.items.is_empty() {
                return Update::default();
            }
        }
        let name = e.name.clone();
        let items = e.items.len();
        let to_cart =
            name == "add_to_cart" && e.items.iter().any(|i| self.page_items.contains(&i.id));
        let u = self.engine.track(e, now());
        if to_cart {
            let personalized = !self.engine.in_holdout();
            self.engine.count_exposure(personalized, 2);
        }
        if !u.entered.is_empty() || !u.left.is_empty() {
            dom::set_segments(&self.doc, self.engine.segments());
        }
        if self.debug {
            let seg = if u.entered.is_empty() && u.left.is_empty() {
                String::new()
            } else {
                format!(
                    " -> segments +[{}] -[{}]",
                    u.entered.join(", "),
                    u.left.join(", ")
                )
            };
            let what = if u.counted {
                ""
            } else {
                " (already counted, ignored)"
            };
            debug(&format!(
                "event {name} ({items} item{}){what}{seg}",
                if items == 1 { "" } else { "s" }
            ));
        }
        u
    }

    fn track_product_page(&mut self) {
        let Ok(Some(el)) = self.doc.query_selector("[data-sw-product]") else {
            return;
        };
        let Some(it) = dom::read_item(&el, "data-sw-product") else {
            return;
        };
        self.record(Event {
            name: "view_item".into(),
            items: vec![it.item],
            ..Event::default()
        });
    }

    /// The stored text of the profile, for export.
    fn stored_profile(&self) -> Value {
        serde_json::from_str(&snapshot::encode(self.engine.profile())).unwrap_or(Value::Null)
    }
}
