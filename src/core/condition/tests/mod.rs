//! Behaviour of the condition language a merchandiser would notice: error messages, the
//! JavaScript quirks the reference has, and the inspection helpers.

mod errors;
mod inspect;
#[cfg(not(target_arch = "wasm32"))]
mod props;
mod semantics;

use serde_json::{json, Map, Value};

use super::{eval_condition, Condition};
use crate::core::error::{ConfigError, JsonPath};
use crate::core::regex::NativeRegex;

fn groups() -> Map<String, Value> {
    match json!({"vips": ["u1", "u2"], "staff": "not-a-list"}) {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn errors_at(path: &JsonPath, cond: Value) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    Condition::compile(&cond, path, &groups(), &NativeRegex, &mut errors);
    errors
        .into_iter()
        .map(|ConfigError { path, message }| (path, message))
        .collect()
}

fn errors(cond: Value) -> Vec<(String, String)> {
    errors_at(&JsonPath::root(), cond)
}

fn one(path: &str, message: &str) -> Vec<(String, String)> {
    vec![(path.to_string(), message.to_string())]
}

fn holds(cond: Value, attrs: Value) -> bool {
    let reference = eval_condition(&cond, &attrs, &groups(), &NativeRegex);
    let mut errors = Vec::new();
    let compiled = Condition::compile(
        &cond,
        &JsonPath::root(),
        &groups(),
        &NativeRegex,
        &mut errors,
    );
    assert_eq!(
        compiled.eval(&attrs),
        reference,
        "eval and eval_condition disagree"
    );
    assert_eq!(
        compiled.explain(&attrs).pass,
        reference,
        "explain disagrees"
    );
    reference
}

fn compiled(cond: Value) -> Condition {
    let mut errors = Vec::new();
    Condition::compile(
        &cond,
        &JsonPath::root(),
        &groups(),
        &NativeRegex,
        &mut errors,
    )
}
