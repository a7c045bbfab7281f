//! Calls that only read: pure functions (conditions, config checks) and the visitor's data.

use super::{now, regex::JsRegex, store, Shell};
use crate::core::condition::eval_condition;
use crate::core::config::Config;
use crate::core::json::{obj, strings};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

/// GrowthBook-compatible condition evaluation over JSON texts (an unknown operator is false).
#[wasm_bindgen(js_name = evalConditionJson, skip_typescript)]
pub fn eval_condition_json(condition: &str, attributes: &str, groups: &str) -> bool {
    let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
    let groups = match parse(groups) {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    eval_condition(&parse(condition), &parse(attributes), &groups, &JsRegex)
}

/// Checks config text; returns a JSON array of `{ path, message }` (empty when valid).
#[wasm_bindgen(js_name = validateConfigJson, skip_typescript)]
pub fn validate_config_json(config: &str) -> String {
    let errors = match Config::parse(config, &JsRegex) {
        Ok(_) => Vec::new(),
        Err(errors) => errors,
    };
    Value::Array(
        errors
            .iter()
            .map(|e| {
                obj(vec![
                    ("path", Value::from(e.path.as_str())),
                    ("message", Value::from(e.message.as_str())),
                ])
            })
            .collect(),
    )
    .to_string()
}

fn object(json: &str, what: &str) -> Result<Map<String, Value>, JsError> {
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(JsError::new(&format!(
            "{what} must be a plain object ({{ key: value, … }}); nothing changed"
        ))),
    }
}

#[wasm_bindgen(js_class = RawEngine)]
impl Shell {
    /// Current segment ids as a JSON array.
    pub fn segments(&self) -> String {
        strings(self.page.engine().segments().iter()).to_string()
    }

    /// The attributes document as JSON.
    pub fn attributes(&self) -> String {
        self.page.engine().attributes(now()).to_string()
    }

    /// Which parts of a segment's condition held, as JSON (None for an unknown segment).
    #[wasm_bindgen(js_name = explainSegment)]
    pub fn explain_segment(&self, id: &str) -> Option<String> {
        self.page
            .engine()
            .explain_segment(id, now())
            .map(|v| v.to_string())
    }

    /// Segment ids with their human names, as JSON `[{ id, name }]`, for panels.
    #[wasm_bindgen(js_name = segmentNames)]
    pub fn segment_names(&self) -> String {
        let cfg = self.page.engine().config();
        let list: Vec<Value> = self
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
                obj(vec![
                    ("id", Value::from(id.as_str())),
                    ("name", Value::from(name)),
                ])
            })
            .collect();
        Value::Array(list).to_string()
    }

    /// Replaces what the shop supplies about the visitor; returns the segment change as JSON.
    #[wasm_bindgen(js_name = setAttributes)]
    pub fn set_attributes(&mut self, attrs: &str) -> Result<String, JsError> {
        let u = self
            .page
            .set_attributes(object(attrs, "setAttributes: attributes")?, now())
            .map_err(|e| {
                JsError::new(&format!(
                    "setAttributes: {e}; nothing changed, pass fewer or shorter values"
                ))
            })?;
        self.debug_segments("attributes set", &u);
        Ok(self.update_json(&u))
    }

    /// Replaces the shopper's stated preferences; returns the segment change as JSON.
    #[wasm_bindgen(js_name = setPreferences)]
    pub fn set_preferences(&mut self, prefs: &str) -> Result<String, JsError> {
        let u = self
            .page
            .set_preferences(object(prefs, "setPreferences: preferences")?, now())
            .map_err(|e| {
                JsError::new(&format!(
                    "setPreferences: {e}; nothing changed, pass fewer or shorter values"
                ))
            })?;
        self.debug_segments("preferences set", &u);
        Ok(self.update_json(&u))
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
        obj(vec![
            ("storage", Value::from(self.storage_state())),
            ("storedKeys", strings(keys.iter())),
            ("profile", self.stored_profile()),
            ("segments", strings(self.page.engine().segments().iter())),
            ("attributes", self.page.engine().attributes(now())),
        ])
        .to_string()
    }

    /// Exposure and outcome counters of personalized vs held-out widgets, as JSON.
    pub fn report(&self) -> String {
        let r = &self.page.engine().profile().report;
        let side = |c: &[u32; 3]| {
            obj(vec![
                ("exposures", Value::from(c[0])),
                ("clicks", Value::from(c[1])),
                ("addToCarts", Value::from(c[2])),
            ])
        };
        obj(vec![
            ("inHoldout", Value::from(self.page.engine().in_holdout())),
            ("personalized", side(&r.p)),
            ("holdout", side(&r.h)),
        ])
        .to_string()
    }
}
