//! Calls that only read: pure functions (conditions, config checks) and the visitor's data.

use super::{now, regex::JsRegex, store, Shell};
use crate::cat;
use crate::core::condition::eval_condition;
#[cfg(feature = "tooling")]
use crate::core::config;
use crate::core::gather::Gather;
use crate::core::json::{Json, Obj};
use crate::core::profile::snapshot;
use wasm_bindgen::prelude::*;

/// GrowthBook-compatible condition evaluation over JSON texts (an unknown operator is false).
#[wasm_bindgen(js_name = evalConditionJson, skip_typescript)]
pub fn eval_condition_json(condition: &str, attributes: &str, groups: &str) -> bool {
    let parse = |s: &str| Json::parse(s).unwrap_or_default();
    let groups = match parse(groups) {
        Json::Obj(m) => m,
        _ => Obj::new(),
    };
    eval_condition(&parse(condition), &parse(attributes), &groups, &JsRegex)
}

/// Checks config text; returns a JSON array of `{ path, message }` (empty when valid).
#[cfg(feature = "tooling")]
#[wasm_bindgen(js_name = validateConfigJson, skip_typescript)]
pub fn validate_config_json(config: &str) -> String {
    let errors = config::check(config, &JsRegex);
    Json::Arr(
        errors
            .iter()
            .map(|e| {
                Json::object(vec![
                    ("path", Json::str(e.path.as_str())),
                    ("message", Json::str(e.message.as_str())),
                ])
            })
            .gather(),
    )
    .to_text()
}

fn object(json: &str, what: &str) -> Result<Obj, JsError> {
    match Json::parse(json) {
        Ok(Json::Obj(m)) => Ok(m),
        _ => Err(JsError::new(&cat!(
            what,
            " must be a plain object ({ key: value, … }); nothing changed"
        ))),
    }
}

#[wasm_bindgen(js_class = RawEngine)]
impl Shell {
    /// Current segment ids as a JSON array.
    pub fn segments(&self) -> String {
        Json::strings(self.page.engine().segments().iter().map(String::as_str)).to_text()
    }

    /// The attributes document as JSON.
    pub fn attributes(&self) -> String {
        self.page.engine().attributes(now()).to_text()
    }

    /// What tools need to explain this engine's segments and orders, as JSON: `profile` (the
    /// stored text of the profile), `segments`, `idKept`, `attributes` (the document conditions
    /// see) and `facts` (of the items this page's events carried, for items ranked by id alone).
    #[wasm_bindgen(js_name = toolState)]
    pub fn tool_state(&self) -> String {
        let e = self.page.engine();
        Json::object(vec![
            ("profile", Json::Str(snapshot::encode(e.profile()))),
            (
                "segments",
                Json::strings(e.segments().iter().map(String::as_str)),
            ),
            ("idKept", Json::Bool(e.id_kept())),
            ("attributes", e.attributes(now())),
            ("facts", self.page.facts_json()),
        ])
        .to_text()
    }

    /// Segment ids with their human names, as JSON `[{ id, name }]`, for panels.
    #[wasm_bindgen(js_name = segmentNames)]
    pub fn segment_names(&self) -> String {
        let cfg = self.page.engine().program();
        let list: Vec<Json> = self
            .page
            .engine()
            .segments()
            .iter()
            .map(|id| {
                let name = cfg
                    .segments
                    .iter()
                    .find(|s| s.id == *id)
                    .map_or(id.as_str(), |s| s.name.as_str());
                Json::object(vec![
                    ("id", Json::str(id.as_str())),
                    ("name", Json::str(name)),
                ])
            })
            .gather();
        Json::Arr(list).to_text()
    }

    /// Replaces what the shop supplies about the visitor; returns the update.
    #[wasm_bindgen(js_name = setAttributes)]
    pub fn set_attributes(&mut self, attrs: &str) -> Result<JsValue, JsError> {
        let u = self
            .page
            .set_attributes(object(attrs, "setAttributes: attributes")?, now())
            .map_err(|e| {
                JsError::new(&cat!(
                    "setAttributes: ",
                    e.message(),
                    "; nothing changed, pass fewer or shorter values"
                ))
            })?;
        self.debug_segments("attributes set", &u);
        Ok(self.answer(&u))
    }

    /// Replaces the shopper's stated preferences; returns the update.
    #[wasm_bindgen(js_name = setPreferences)]
    pub fn set_preferences(&mut self, prefs: &str) -> Result<JsValue, JsError> {
        let u = self
            .page
            .set_preferences(object(prefs, "setPreferences: preferences")?, now())
            .map_err(|e| {
                JsError::new(&cat!(
                    "setPreferences: ",
                    e.message(),
                    "; nothing changed, pass fewer or shorter values"
                ))
            })?;
        self.debug_segments("preferences set", &u);
        Ok(self.answer(&u))
    }

    /// Everything kept about the visitor, as JSON (access and portability): how it is kept,
    /// the keys in this browser's storage, the profile, segments and attributes.
    #[wasm_bindgen(js_name = exportData)]
    pub fn export_data(&self) -> String {
        // Storage is only looked at when it may be used.
        let keys = if self.page.storage_allowed() {
            let mut k = store::keys(store::Area::Local);
            k.extend(store::keys(store::Area::Session));
            k
        } else {
            Vec::new()
        };
        Json::object(vec![
            ("storage", Json::Str(self.storage_state())),
            ("storedKeys", Json::strings(keys.iter().map(String::as_str))),
            ("profile", self.stored_profile()),
            (
                "segments",
                Json::strings(self.page.engine().segments().iter().map(String::as_str)),
            ),
            ("attributes", self.page.engine().attributes(now())),
        ])
        .to_text()
    }

    /// Exposure and outcome counters of personalized vs held-out widgets, as JSON.
    pub fn report(&self) -> String {
        let r = &self.page.engine().profile().report;
        let side = |c: &[u32; 3]| {
            Json::object(vec![
                ("exposures", Json::from(c[0])),
                ("clicks", Json::from(c[1])),
                ("addToCarts", Json::from(c[2])),
            ])
        };
        Json::object(vec![
            ("inHoldout", Json::Bool(self.page.engine().in_holdout())),
            ("personalized", side(&r.p)),
            ("holdout", side(&r.h)),
        ])
        .to_text()
    }
}
