//! Reading features: named aggregates over the visitor's events.

use super::filter::{read_filter, read_window};
use super::reader::{is_plain_id, Members};
use super::{digest, FEATURE_KEYS};
use crate::core::error::Errors;
use crate::core::event::describe;
use crate::core::json::Json;
use crate::core::profile::counts::Window;
use crate::core::profile::{FeatureDef, Measure};

/// Reads `features` (an object of name to definition).
pub(super) fn read_features(
    top: &Members,
    retention_days: u32,
    errors: &mut Errors,
) -> Vec<FeatureDef> {
    let Some(v) = top.get("features") else {
        return Vec::new();
    };
    let at = top.at("features");
    let Json::Obj(m) = v else {
        errors.at(&at, || {
            format!(
                "must be an object of feature name to definition, got {}",
                describe(v)
            )
        });
        return Vec::new();
    };
    let mut out = Vec::new();
    for (id, def) in m.iter() {
        let path = at.key(id);
        if !is_plain_id(id) {
            errors.say(&path, "feature names are letters, digits, - and _");
        }
        let Some(o) = Members::new(def, &path, &FEATURE_KEYS, errors) else {
            continue;
        };
        let events = o.strings("events", errors);
        let filter = o
            .get("where")
            .map(|w| read_filter(w, &o.at("where"), errors));
        let window = match o.get("window") {
            Some(w) => read_window(w, &o.at("window"), retention_days, errors),
            None => {
                errors.say(
                    o.path,
                    "needs \"window\": \"session\", \"all\", \"<n>d\" or \"<n>h\"",
                );
                Window::All
            }
        };
        let measure = match o.choice("sum", &["value", "quantity"], "", errors) {
            "value" => Measure::Value,
            "quantity" => Measure::Quantity,
            _ => Measure::Count,
        };
        out.push(FeatureDef {
            id: id.to_string(),
            events,
            filter,
            window,
            measure,
            signature: digest(&def.to_text()),
        });
    }
    out
}
