//! The browser shell: the wasm-bindgen API over the core, storage, context and the DOM.
//!
//! Every method is called by the hand-written JS entry inside a guard; the shell holds no
//! business rule, it only carries facts in and orders out.

mod console;
mod context;
mod dom;
mod ids;
mod privacy;
mod pure;
mod regex;
mod store;
mod widgets;

use crate::cat;
use crate::core::config;
use crate::core::engine::{Engine, Update};
use crate::core::error::Error;
use crate::core::event::{Event, PageFacts};
use crate::core::json::Json;
use crate::core::profile::snapshot;
use crate::core::profile::Profile;
use console::{debug, warn};
use ids::Ids;
pub use pure::{eval_condition_json, validate_config_json};
use wasm_bindgen::prelude::*;
use web_sys::Document;

/// Reports of one item's click this close together (ms) are the same click.
const SAME_CLICK_MS: i64 = 2_000;

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

/// The console line for a config the engine refuses.
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
    let lines: Vec<String> = list.iter().map(|e| cat!("  ", e.line())).collect();
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
    /// Item ids shown in widgets on this page (to attribute add-to-carts).
    page_items: Ids,
    /// Widgets already exposed on this page.
    exposed: Ids,
    /// Items whose view was counted on this page (the markup, the shop's dataLayer and a
    /// `track` call may all report the same product view: it counts once).
    viewed_here: Ids,
    /// When each item's click was last counted (the markup and the shop's own `select_item`
    /// report the same click: reports within `SAME_CLICK_MS` count once).
    clicked_at: Vec<(String, i64)>,
    /// What changed since the widgets were last ordered: only widgets whose ranking reads it
    /// are ordered again.
    changes: Update,
    debug: bool,
}

#[wasm_bindgen(js_class = RawEngine)]
impl Shell {
    /// Starts the engine with config text and options `{ consent?, debug?, gpc?, dataLayer? }`
    /// (JSON; `dataLayer`: the Consent Mode commands pushed before start, applied before storage
    /// is touched).
    #[wasm_bindgen(constructor)]
    pub fn new(config: &str, options: &str) -> Result<Shell, JsError> {
        let opts = Json::parse(options).unwrap_or_default();
        let program =
            config::compile(config, &regex::JsRegex).map_err(|e| JsError::new(&refused(&e)))?;
        let doc = document()?;
        let opt = |k: &str| opts.get(k).and_then(Json::as_bool);
        let debug_on = program.debug || opt("debug").unwrap_or(false);
        let track_product = program.track_product_page;
        let mut shell = Shell {
            engine: Engine::new(
                program,
                Profile::new(&random_id()),
                context::context(&doc),
                now(),
            ),
            doc,
            consent: opt("consent"),
            consent_default: None,
            attrs_json: None,
            gpc: opt("gpc").unwrap_or(false),
            read_only: false,
            from_storage: false,
            page_items: Ids::default(),
            exposed: Ids::default(),
            viewed_here: Ids::default(),
            clicked_at: Vec::new(),
            changes: Update::default(),
            debug: debug_on,
        };
        // Tabs of one shop write the same storage: each needs its own name.
        shell.engine.set_writer(&random_id());
        if let Some(Json::Arr(entries)) = opts.get("dataLayer") {
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
        let allowed = shell.storage_allowed();
        shell.engine.set_id_kept(allowed);
        if allowed {
            shell.load();
        } else if shell.debug {
            debug(&cat!("storage not used: ", shell.storage_state()));
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
        let name = Json::parse(name).unwrap_or_default();
        let params = Json::parse(params).unwrap_or_else(|_| Json::str("(not JSON)"));
        self.track_value(&name, &params)
    }

    /// Reads one `window.dataLayer` entry (gtag arguments as an array, or a GTM object).
    #[wasm_bindgen(js_name = dataLayer)]
    pub fn data_layer(&mut self, entry: &str) -> String {
        let Ok(v) = Json::parse(entry) else {
            return "{}".into();
        };
        match crate::core::datalayer::read_entry(&v) {
            crate::core::datalayer::Entry::Event(n, p)
                if self.engine.program().track_data_layer =>
            {
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
    cat!(
        " -> segments +[",
        u.entered.join(", "),
        "] -[",
        u.left.join(", "),
        ']'
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
    fn track_value(&mut self, name: &Json, params: &Json) -> String {
        #[cfg(feature = "panic-test")]
        if name.as_str() == Some("shelfwise_test_panic") {
            panic!("panic requested by a test build");
        }
        match Event::parse_with(name, params, self.engine.program().categories) {
            Ok(e) => {
                let u = self.record(e);
                self.update_json(&u)
            }
            Err(err) => {
                let text = Error::Event(err).message();
                warn(&cat!(text, ". The event is ignored; tracking goes on."));
                Json::object(vec![("ok", Json::Bool(false)), ("error", Json::Str(text))]).to_text()
            }
        }
    }

    /// An update as the JS entry reads it: `{ ok, counted, entered, left, segments }`.
    pub(crate) fn update_json(&self, u: &Update) -> String {
        let strings = |l: &[String]| Json::strings(l.iter().map(String::as_str));
        Json::object(vec![
            ("ok", Json::Bool(true)),
            ("counted", Json::Bool(u.counted)),
            ("entered", strings(&u.entered)),
            ("left", strings(&u.left)),
            ("segments", strings(self.engine.segments())),
        ])
        .to_text()
    }

    /// Notes what an update changed (widgets reading it are ordered again).
    pub(crate) fn note(&mut self, u: &Update) {
        self.changes.merge(u);
        if !u.entered.is_empty() || !u.left.is_empty() {
            dom::set_segments(&self.doc, self.engine.segments());
        }
    }

    fn record(&mut self, mut e: Event) -> Update {
        // Whatever has outlived the retention goes as the page stays open.
        let purged = self.engine.purge(now());
        self.note(&purged);
        if e.name == "view_item" {
            e.items.retain(|i| self.viewed_here.insert(&i.id));
            if e.items.is_empty() {
                return Update::default();
            }
        }
        if e.name == "select_item" {
            let t = now();
            let clicked = &mut self.clicked_at;
            e.items.retain(|i| {
                let at = clicked.iter().position(|(id, _)| *id == i.id);
                let again = at.is_some_and(|k| t - clicked[k].1 < SAME_CLICK_MS);
                match at {
                    Some(k) => clicked[k].1 = t,
                    None => clicked.push((i.id.clone(), t)),
                }
                !again
            });
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
        self.note(&u);
        if self.debug {
            let seg = segment_change(&u);
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
            debug(&cat!(why, segment_change(u)));
        }
    }

    /// The stored text of the profile, for export.
    fn stored_profile(&self) -> Json {
        Json::parse(&snapshot::encode(self.engine.profile())).unwrap_or_default()
    }
}
