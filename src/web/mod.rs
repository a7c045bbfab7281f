//! The browser shell: the wasm-bindgen API over the core, storage, context and the DOM.
//!
//! Every method is called by the hand-written JS entry inside a guard; the shell holds no
//! business rule, it only carries facts in and orders out.

mod console;
mod context;
mod dom;
mod moves;
mod privacy;
mod pure;
mod regex;
mod route;
mod store;
mod widgets;

use crate::core::config::Config;
use crate::core::engine::{Engine, Update};
use crate::core::json::{obj, strings};
use crate::core::page::{Load, Page, Pushed, Start};
use crate::core::profile::snapshot;
use crate::core::profile::Profile;
use console::{debug, warn};
pub use pure::{eval_condition_json, validate_config_json};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use web_sys::Document;

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
    page: Page,
    doc: Document,
    debug: bool,
    /// Exposures counted during the current call, announced by the JS entry after it.
    outbox: Vec<(web_sys::Element, String, Option<String>)>,
}

#[wasm_bindgen(js_class = RawEngine)]
impl Shell {
    /// Starts the engine with config text and options `{ consent?, debug?, gpc?, dataLayer?,
    /// sinceLoad?, shown? }` (JSON; `dataLayer`: the Consent Mode commands pushed before start,
    /// applied before storage is touched; `sinceLoad`: `performance.now()`; `shown`: the
    /// first-paint guard has let go already).
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
        let mut engine = Engine::new(
            config,
            Profile::new(&random_id()),
            context::context(&doc),
            now(),
        );
        // Tabs of one shop write the same storage: each needs its own name.
        engine.set_writer(&random_id());
        let product = context::product(&doc);
        let start = Start {
            consent: opts["consent"].as_bool(),
            gpc: opts["gpc"].as_bool().unwrap_or(false),
            data_layer: match &opts["dataLayer"] {
                Value::Array(entries) => entries.clone(),
                _ => Vec::new(),
            },
            facts: context::page_facts(&doc),
            product,
            route: context::route(&doc),
            since_load: opts["sinceLoad"].as_f64().unwrap_or(0.0) as i64,
            shown: opts["shown"].as_bool().unwrap_or(false),
        };
        let opened = Page::open(engine, start, &mut store::Browser, now());
        let shell = Shell {
            page: opened.page,
            doc,
            debug: debug_on,
            outbox: Vec::new(),
        };
        privacy::warn_load(&opened.load);
        if opened.load == Load::NotAllowed && shell.debug {
            debug(&format!(
                "storage not used: {}",
                shell.page.storage_state().as_str()
            ));
        }
        for r in &opened.recorded {
            if let Pushed::Event {
                name,
                items,
                update,
            } = r
            {
                shell.recorded(name, *items, update);
            }
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
        let doc = self.doc.clone();
        let here = || context::place(&doc);
        match self
            .page
            .data_layer(&v, &mut store::Browser, &random_id(), &here, now())
        {
            Ok(Pushed::Event {
                name,
                items,
                update,
            }) => {
                self.recorded(&name, items, &update);
                self.update_json(&update)
            }
            Ok(Pushed::Consent {
                granted,
                decision,
                update,
                load,
            }) => {
                privacy::warn_load(&load);
                self.consent_debug(granted, decision);
                self.update_json(&update)
            }
            Ok(Pushed::Ignored) => "{}".into(),
            Err(err) => rejected(&err),
        }
    }
}

/// What `track` and `dataLayer` answer for a rejected event, after saying so in the console.
fn rejected(err: &crate::core::event::EventError) -> String {
    warn(&format!("{err}. The event is ignored; tracking goes on."));
    obj(vec![
        ("ok", Value::from(false)),
        ("error", Value::from(err.to_string())),
    ])
    .to_string()
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

impl Shell {
    fn track_value(&mut self, name: &Value, params: &Value) -> String {
        #[cfg(feature = "panic-test")]
        if name.as_str() == Some("shelfwise_test_panic") {
            panic!("panic requested by a test build");
        }
        match crate::core::event::Event::parse(name, params) {
            Ok(e) => {
                let (name, items) = (e.name.clone(), e.items.len());
                let doc = self.doc.clone();
                let u = self.page.record_at(e, &|| context::place(&doc), now());
                self.recorded(&name, items, &u);
                self.update_json(&u)
            }
            Err(err) => rejected(&err),
        }
    }

    /// An update as the JS entry reads it: `{ ok, counted, reorder, entered, left, segments,
    /// widgets }` (`widgets`: the ids whose ranking it may have changed, when `reorder` says
    /// what widgets are ranked by may have changed: a single-page app's new route does).
    pub(crate) fn update_json(&self, u: &Update) -> String {
        let widgets: &[String] = if u.reorder { self.page.widgets() } else { &[] };
        obj(vec![
            ("ok", Value::from(true)),
            ("counted", Value::from(u.counted)),
            ("reorder", Value::from(u.reorder)),
            ("entered", strings(u.entered.iter())),
            ("left", strings(u.left.iter())),
            ("segments", strings(self.page.engine().segments().iter())),
            ("widgets", strings(widgets.iter())),
        ])
        .to_string()
    }

    /// After an event was recorded: shows segment changes on `<html>` and, in debug mode,
    /// says what happened.
    fn recorded(&self, name: &str, items: usize, u: &Update) {
        if !u.entered.is_empty() || !u.left.is_empty() {
            self.show_segments();
        }
        if self.debug {
            let seg = segment_change(u);
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
    }

    /// Writes the segment ids on `<html data-sw-segments>` when the config asks for it (every
    /// script of the page can read that attribute).
    pub(crate) fn show_segments(&self) {
        if let Some(segments) = self.page.shown_segments() {
            dom::set_segments(&self.doc, segments);
        }
    }

    /// In debug mode, one line for a segment change that no event caused (`why`: what did).
    pub(crate) fn debug_segments(&self, why: &str, u: &Update) {
        if self.debug && !(u.entered.is_empty() && u.left.is_empty()) {
            debug(&format!("{why}{}", segment_change(u)));
        }
    }

    /// The stored text of the profile, for export.
    fn stored_profile(&self) -> Value {
        serde_json::from_str(&snapshot::encode(self.page.engine().profile())).unwrap_or(Value::Null)
    }
}
