//! The browser shell: the wasm-bindgen API over the core, storage, context and the DOM.
//!
//! Every method is called by the hand-written JS entry inside a guard; the shell holds no
//! business rule, it only carries facts in and orders out.

mod console;
mod context;
mod dom;
mod privacy;
mod pure;
mod regex;
mod shelves;
mod store;
mod widgets;

use crate::core::config::Config;
use crate::core::engine::{Engine, Update};
use crate::core::event::{Event, Item, PageFacts};
use crate::core::json::{obj, strings};
use crate::core::profile::snapshot;
use crate::core::profile::Profile;
use console::{debug, warn};
pub use pure::{eval_condition_json, validate_config_json};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use wasm_bindgen::prelude::*;
use web_sys::Document;

/// Reports of one item's click this close together (ms) are the same click.
const SAME_CLICK_MS: i64 = 2_000;

/// Runs when the module is instantiated: lends the core JavaScript's lower-casing.
#[wasm_bindgen(start)]
fn on_load() {
    crate::core::text::set_lowercase(|s| String::from(js_sys::JsString::from(s).to_lower_case()));
}

fn now() -> i64 {
    js_sys::Date::now() as i64
}

fn random_id() -> String {
    (0..4)
        .map(|_| format!("{:04x}", (js_sys::Math::random() * 65536.0) as u32 & 0xffff))
        .collect()
}

fn document() -> Result<Document, JsError> {
    web_sys::window().and_then(|w| w.document()).ok_or_else(|| {
        JsError::new(
            "no document: start() personalizes a page; in a worker, use only evalCondition \
             and validateConfig",
        )
    })
}

/// The engine living in one page.
#[wasm_bindgen(js_name = RawEngine, skip_typescript)]
pub struct Shell {
    engine: Engine,
    doc: Document,
    /// The visitor's decision on storage: a `consent()` call, the `consent` start option or a
    /// Consent Mode `update` (None: not said).
    consent: Option<bool>,
    /// The page's starting state from a Consent Mode `default` (None: none pushed).
    consent_default: Option<bool>,
    /// What the shop last supplied through `setAttributes` (kept across a consent withdrawal).
    attrs_json: Option<String>,
    /// Global Privacy Control is on in this browser.
    gpc: bool,
    /// Storage holds a newer engine's profile: never overwrite it.
    read_only: bool,
    /// Memory holds what storage held (read or written on this page).
    from_storage: bool,
    /// Item ids of the widgets seen on this page (to attribute clicks and add-to-carts).
    page_items: HashSet<String>,
    /// Widgets already exposed on this page.
    exposed: HashSet<String>,
    /// Widget ids of this page: marked ones ordered and ids ranked with `rank()`.
    widgets: Vec<String>,
    /// The item ids last ranked with `rank()`, by widget id.
    ranked: Vec<(String, Vec<String>)>,
    /// The facts of items carried by this page's events, by id (for items ranked by id alone).
    facts: Vec<Item>,
    /// Items whose view was counted on this page (the markup, the shop's dataLayer and a
    /// `track` call may all report the same product view: it counts once).
    viewed_here: HashSet<String>,
    /// When each item's click was last counted (the markup and the shop's own `select_item`
    /// report the same click: reports within `SAME_CLICK_MS` count once).
    clicked_at: HashMap<String, i64>,
    debug: bool,
}

#[wasm_bindgen(js_class = RawEngine)]
impl Shell {
    /// Starts the engine with config text and options `{ consent?, debug?, gpc?, dataLayer? }`
    /// (JSON; `dataLayer`: the Consent Mode commands pushed before start, applied before storage
    /// is touched).
    #[wasm_bindgen(constructor)]
    pub fn new(config: &str, options: &str) -> Result<Shell, JsError> {
        let opts: Value = serde_json::from_str(options).unwrap_or(Value::Null);
        let config = Config::parse(config, &regex::JsRegex).map_err(|errors| {
            let lines: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
            JsError::new(&format!(
                "the config has {} error{}; the page keeps its original order until they are fixed \
                 (`npx shelfwise validate <file>` lists them too):\n{}",
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
            consent_default: None,
            attrs_json: None,
            gpc: opts["gpc"].as_bool().unwrap_or(false),
            read_only: false,
            from_storage: false,
            page_items: HashSet::new(),
            exposed: HashSet::new(),
            widgets: Vec::new(),
            ranked: Vec::new(),
            facts: Vec::new(),
            viewed_here: HashSet::new(),
            clicked_at: HashMap::new(),
            debug: debug_on,
        };
        // Tabs of one shop write the same storage: each needs its own name.
        shell.engine.set_writer(&random_id());
        if let Value::Array(entries) = &opts["dataLayer"] {
            for e in entries {
                if let crate::core::datalayer::Entry::Consent { granted, update } =
                    crate::core::datalayer::read_entry(e)
                {
                    if update {
                        shell.consent = Some(granted);
                    } else {
                        shell.consent_default = Some(granted);
                    }
                }
            }
        }
        if shell.consent == Some(false) {
            // The visitor refused: nothing of theirs is kept.
            store::erase(store::Area::Local);
            store::erase(store::Area::Session);
        }
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
            crate::core::datalayer::Entry::Consent { granted, update } => {
                self.apply_consent(granted, update)
            }
            _ => "{}".into(),
        }
    }
}

/// ` -> segments +[entered] -[left]` for a debug line, or nothing when no segment changed.
fn segment_change(u: &Update) -> String {
    if u.entered.is_empty() && u.left.is_empty() {
        return String::new();
    }
    format!(
        " -> segments +[{}] -[{}]",
        u.entered.join(", "),
        u.left.join(", ")
    )
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
                obj(vec![
                    ("ok", Value::from(false)),
                    ("error", Value::from(err.to_string())),
                ])
                .to_string()
            }
        }
    }

    /// An update as the JS entry reads it: `{ ok, counted, entered, left, segments, widgets }`
    /// (`widgets`: the ids whose ranking it may have changed; for now, every widget of the page
    /// once anything was counted).
    pub(crate) fn update_json(&self, u: &Update) -> String {
        let widgets = if u.counted {
            self.widgets.iter().collect()
        } else {
            Vec::new()
        };
        obj(vec![
            ("ok", Value::from(true)),
            ("counted", Value::from(u.counted)),
            ("entered", strings(u.entered.iter())),
            ("left", strings(u.left.iter())),
            ("segments", strings(self.engine.segments().iter())),
            ("widgets", strings(widgets.into_iter())),
        ])
        .to_string()
    }

    fn record(&mut self, mut e: Event) -> Update {
        // Whatever has outlived the retention goes as the page stays open.
        self.engine.purge(now());
        self.learn_facts(&e);
        if e.name == "view_item" {
            e.items.retain(|i| self.viewed_here.insert(i.id.clone()));
            if e.items.is_empty() {
                return Update::default();
            }
        }
        if e.name == "select_item" {
            let t = now();
            let clicked = &mut self.clicked_at;
            e.items.retain(|i| {
                let again = clicked
                    .get(&i.id)
                    .is_some_and(|last| t - last < SAME_CLICK_MS);
                clicked.insert(i.id.clone(), t);
                !again
            });
            if e.items.is_empty() {
                return Update::default();
            }
        }
        let name = e.name.clone();
        let items = e.items.len();
        // A click on (or an add-to-cart of) an item of a widget the shopper has seen.
        let outcome = match name.as_str() {
            "select_item" => Some(1),
            "add_to_cart" => Some(2),
            _ => None,
        }
        .filter(|_| e.items.iter().any(|i| self.page_items.contains(&i.id)));
        let u = self.engine.track(e, now());
        if let Some(outcome) = outcome {
            let personalized = !self.engine.in_holdout();
            self.engine.count_exposure(personalized, outcome);
        }
        if !u.entered.is_empty() || !u.left.is_empty() {
            dom::set_segments(&self.doc, self.engine.segments());
        }
        if self.debug {
            let seg = segment_change(&u);
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

    /// In debug mode, one line for a segment change that no event caused (`why`: what did).
    pub(crate) fn debug_segments(&self, why: &str, u: &Update) {
        if self.debug && !(u.entered.is_empty() && u.left.is_empty()) {
            debug(&format!("{why}{}", segment_change(u)));
        }
    }

    /// The stored text of the profile, for export.
    fn stored_profile(&self) -> Value {
        serde_json::from_str(&snapshot::encode(self.engine.profile())).unwrap_or(Value::Null)
    }
}
