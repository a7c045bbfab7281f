//! The browser shell: the wasm-bindgen API over the core, storage, context and the DOM.
//!
//! Every method is called by the hand-written JS entry inside a guard; the shell holds no
//! business rule, it only carries facts in and orders out.

mod console;
mod context;
mod dom;
mod kept;
mod moves;
mod privacy;
mod pure;
mod regex;
mod route;
mod store;
#[cfg(feature = "tooling")]
mod tools;
mod widgets;

// Smaller than std's dlmalloc and as fast for the engine's many small allocations
// (ARCHITECTURE.md, "talc as the allocator"). The engine runs on the page's one thread.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use crate::cat;
use crate::core::config;
use crate::core::engine::{Engine, Update};
use crate::core::error::{Error, EventError};
use crate::core::gather::Gather;
use crate::core::json::Json;
use crate::core::page::{Load, Page, Pushed, Start};
use crate::core::parts::Parts;
use crate::core::profile::snapshot;
use crate::core::profile::Profile;
use console::debug;
pub use context::Here;
pub use pure::eval_condition_json;
#[cfg(feature = "tooling")]
pub use pure::validate_config_json;
use wasm_bindgen::prelude::*;
use web_sys::Document;

#[wasm_bindgen]
extern "C" {
    // `String(x)` and `parseFloat(text)`, lent to the core's number text.
    #[wasm_bindgen(js_name = String)]
    fn js_string(x: f64) -> String;
    #[wasm_bindgen(js_name = parseFloat)]
    fn js_parse_float(text: &str) -> f64;
}

/// Runs when the module is instantiated: lends the core JavaScript's lower-casing and its
/// number printer and parser (none of them is then shipped in the .wasm).
#[wasm_bindgen(start)]
fn on_load() {
    crate::core::text::set_lowercase(|s| String::from(js_sys::JsString::from(s).to_lower_case()));
    crate::core::num::set_platform(crate::core::num::Platform {
        show: js_string,
        parse: js_parse_float,
    });
}

fn now() -> i64 {
    js_sys::Date::now() as i64
}

fn random_id() -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    (0..16)
        .map(|_| char::from(HEX[(js_sys::Math::random() * 16.0) as usize & 15]))
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

/// The console line for a config the engine refuses: every problem with the tooling build,
/// the first problem's path without it.
fn refused(e: &Error) -> String {
    let Error::Config(list) = e else {
        return e.message();
    };
    let how = "the page keeps its original order until it is fixed (`npx shelfwise validate \
               <file>` or validateConfig() lists every problem)";
    if list.iter().all(|e| e.message.is_empty()) {
        let at = list.first().map_or("", |e| e.path.as_str());
        let at = if at.is_empty() { "(root)" } else { at };
        return cat!("the config is invalid at ", at, "; ", how);
    }
    let lines: Vec<String> = list.iter().map(|e| cat!("  ", e.line())).gather();
    cat!(
        "the config has ",
        list.len(),
        if list.len() == 1 {
            " error; "
        } else {
            " errors; "
        },
        how,
        ":\n",
        lines.join("\n")
    )
}

/// The engine living in one page.
#[wasm_bindgen(js_name = RawEngine, skip_typescript)]
pub struct Shell {
    page: Page,
    doc: Document,
    /// Reads where the browser is (the JS entry's function, see [`context::Here`]).
    here: context::Here,
    debug: bool,
    /// Exposures counted during the current call, announced by the JS entry after it.
    outbox: Vec<(web_sys::Element, String, Option<String>)>,
    /// Widget ids of the page whose ranking updates may have changed since the last `ranking`
    /// event ([`Shell::ranking_changed`]).
    rerank: Vec<String>,
    /// The first-paint guard had let go when the engine started: the shopper already sees the
    /// widgets and slots of the page as the shop made them ([`Shell::refresh`]).
    shown: bool,
}

#[wasm_bindgen(js_class = RawEngine)]
impl Shell {
    /// Starts the engine with config text and options `{ consent?, debug?, gpc?, dataLayer?,
    /// sinceLoad?, shown? }` (JSON; `dataLayer`: the Consent Mode commands pushed before start,
    /// applied before storage is touched; `sinceLoad`: `performance.now()`; `shown`: the
    /// first-paint guard has let go already); `here` reads where the browser is
    /// ([`context::Here`]).
    #[wasm_bindgen(constructor)]
    pub fn new(config: &str, options: &str, here: context::Here) -> Result<Shell, JsError> {
        let opts = Json::parse(options).unwrap_or_default();
        let opt = |k: &str| opts.get(k).and_then(Json::as_bool);
        let program =
            config::compile(config, &regex::JsRegex).map_err(|e| JsError::new(&refused(&e)))?;
        let doc = document()?;
        let debug_on = program.debug || opt("debug").unwrap_or(false);
        let at = context::place(&doc, &here);
        let shown = opt("shown").unwrap_or(false);
        let mut engine = Engine::new(program, Profile::new(&random_id()), at.ctx, now());
        // Tabs of one shop write the same storage: each needs its own name.
        engine.set_writer(&random_id());
        let start = Start {
            consent: opt("consent"),
            gpc: opt("gpc").unwrap_or(false),
            data_layer: match opts.get("dataLayer") {
                Some(Json::Arr(entries)) => entries.clone(),
                _ => Vec::new(),
            },
            facts: at.facts,
            product: at.product,
            route: at.route,
            since_load: opts.get("sinceLoad").and_then(Json::as_f64).unwrap_or(0.0) as i64,
            shown,
        };
        let opened = Page::open(engine, start, &mut store::Browser, now());
        let shell = Shell {
            page: opened.page,
            doc,
            here,
            debug: debug_on,
            outbox: Vec::new(),
            rerank: Vec::new(),
            shown,
        };
        privacy::warn_load(&opened.load);
        if opened.load == Load::NotAllowed && shell.debug {
            debug(&cat!(
                "storage not used: ",
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

    /// Tracks an event given as JSON name and JSON params; returns the update (see
    /// [`Shell::answer`]); a malformed event is refused with its message.
    pub fn track(&mut self, name: &str, params: &str) -> Result<JsValue, JsError> {
        let name = Json::parse(name).unwrap_or_default();
        let params = Json::parse(params).unwrap_or_else(|_| Json::str("(not JSON)"));
        self.track_value(&name, &params)
    }

    /// Reads one `window.dataLayer` entry (gtag arguments as an array, or a GTM object);
    /// returns the update, nothing for an entry that is not an event (nor a consent command); a
    /// malformed event is refused with its message.
    #[wasm_bindgen(js_name = dataLayer)]
    pub fn data_layer(&mut self, entry: &str) -> Result<JsValue, JsError> {
        let Ok(v) = Json::parse(entry) else {
            return Ok(JsValue::UNDEFINED);
        };
        let (doc, at) = (&self.doc, &self.here);
        let here = || context::place(doc, at);
        Ok(
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
                    self.answer(&update)
                }
                Ok(Pushed::Consent {
                    granted,
                    decision,
                    update,
                    load,
                }) => {
                    privacy::warn_load(&load);
                    self.consent_debug(granted, decision);
                    self.answer(&update)
                }
                Ok(Pushed::Ignored) => JsValue::UNDEFINED,
                Err(err) => return Err(rejected(err)),
            },
        )
    }
}

/// How `track` and `dataLayer` refuse a malformed event: its message (the JS entry says it in
/// the console, and `track` answers it).
fn rejected(err: EventError) -> JsError {
    JsError::new(&Error::Event(err).message())
}

/// ` -> segments +[entered] -[left]` for a debug line, or nothing when no segment changed.
fn segment_change(u: &Update) -> String {
    if u.entered.is_empty() && u.left.is_empty() {
        return String::new();
    }
    cat!(
        " -> segments +[",
        u.entered.join(", "),
        "] -[",
        u.left.join(", "),
        ']'
    )
}

impl Shell {
    fn track_value(&mut self, name: &Json, params: &Json) -> Result<JsValue, JsError> {
        #[cfg(feature = "panic-test")]
        if name.as_str() == Some("shelfwise_test_panic") {
            panic!("panic requested by a test build");
        }
        match self.page.parse_event(name, params) {
            Ok(e) => {
                let (name, items) = (e.name.clone(), e.items.len());
                let (doc, at) = (&self.doc, &self.here);
                let u = self.page.record_at(e, &|| context::place(doc, at), now());
                self.recorded(&name, items, &u);
                Ok(self.answer(&u))
            }
            Err(err) => Err(rejected(err)),
        }
    }

    /// An update as the JS entry reads it. Most events change no segment and leave the page's
    /// context as it was: their answer is a boolean, whether the page may show something else
    /// (widgets may re-order), with no text to carry. Otherwise JSON text `{ ok, reorder,
    /// entered?, left?, segments? }`: `entered`, `left` and the current `segments` when a
    /// segment was entered or left; the page's context changed (a single-page app's new route,
    /// whose widgets the JS entry watches anew) with neither. The widget ids of the page whose
    /// ranking the update may have changed are kept for the next `ranking` event
    /// ([`Shell::ranking_changed`]).
    pub(crate) fn answer(&mut self, u: &Update) -> JsValue {
        let reorder = self.page.reorders(u);
        if reorder {
            for w in self.page.widgets_changed(u) {
                if !self.rerank.iter().any(|r| r == w) {
                    self.rerank.push(w.to_string());
                }
            }
        }
        let segments = !u.entered.is_empty() || !u.left.is_empty();
        if !segments && !u.changed.meets(Parts::CONTEXT) {
            return JsValue::from_bool(reorder);
        }
        let strings = |l: &[String]| Json::strings(l.iter().map(String::as_str));
        let mut fields = vec![("ok", Json::Bool(true)), ("reorder", Json::Bool(reorder))];
        if segments {
            fields.push(("entered", strings(&u.entered)));
            fields.push(("left", strings(&u.left)));
            fields.push(("segments", strings(self.page.engine().segments())));
        }
        JsValue::from_str(&Json::object(fields).to_text())
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
            debug(&cat!(
                "event ",
                name,
                " (",
                items,
                if items == 1 { " item)" } else { " items)" },
                what,
                seg
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
            debug(&cat!(why, segment_change(u)));
        }
    }

    /// The stored text of the profile, for export.
    fn stored_profile(&self) -> Json {
        Json::parse(&snapshot::encode(self.page.engine().profile())).unwrap_or_default()
    }
}
