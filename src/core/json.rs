//! Small builders of JSON values. `serde_json::json!` routes every field through serde's
//! serializer, which costs the download far more than building values directly.

use serde_json::{Map, Value};

/// An object from `(key, value)` fields.
pub fn obj(fields: Vec<(&str, Value)>) -> Value {
    Value::Object(map(fields.into_iter().map(|(k, v)| (k.to_string(), v))))
}

/// A map from `(key, value)` entries, inserted one by one (collecting would sort them with a
/// sort instantiated for this one type).
pub fn map(entries: impl Iterator<Item = (String, Value)>) -> Map<String, Value> {
    let mut m = Map::new();
    for (k, v) in entries {
        m.insert(k, v);
    }
    m
}

/// A JSON array of strings.
pub fn strings<'a>(items: impl Iterator<Item = &'a String>) -> Value {
    Value::Array(items.map(|s| Value::from(s.as_str())).collect())
}

/// A string value, or null.
pub fn opt_str(s: Option<&str>) -> Value {
    s.map_or(Value::Null, Value::from)
}
