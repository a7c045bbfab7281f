//! Features: named aggregates over the visitor's events.

use super::reader::{is_plain_id, Errors, Obj};
use super::{digest, Feature, ItemFilter, Measure, Window, FEATURE_KEYS};
use crate::core::event::describe;
use serde_json::Value;

/// Reads `features` (an object of name to definition).
pub(super) fn read_features(top: &Obj, retention_days: u32, errors: &mut Errors) -> Vec<Feature> {
    let Some(v) = top.get("features") else {
        return Vec::new();
    };
    let Value::Object(m) = v else {
        errors.at(
            &top.at("features"),
            format!(
                "must be an object of feature name to definition, got {}",
                describe(v)
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (id, def) in m {
        let path = top.at("features").key(id);
        if !is_plain_id(id) {
            errors.at(&path, "feature names are letters, digits, - and _");
        }
        let Some(o) = Obj::new(def, path, &FEATURE_KEYS, errors) else {
            continue;
        };
        let events = o.strings("events", errors);
        let filter = o
            .get("where")
            .map(|w| ItemFilter::parse(w, o.at("where"), errors));
        let window = match o.get("window") {
            Some(w) => Window::parse(w, &o.at("window"), retention_days, errors),
            None => {
                errors.at(
                    &o.path,
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
        let signature = digest(&def.to_string());
        out.push(Feature {
            id: id.clone(),
            events,
            filter,
            window,
            measure,
            signature,
        });
    }
    out
}
