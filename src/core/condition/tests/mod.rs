//! Behaviour of the condition language a merchandiser would notice: error messages, the
//! JavaScript quirks the reference has, and the inspection helpers.

mod errors;
mod inspect;
#[cfg(not(target_arch = "wasm32"))]
mod props;
mod semantics;

use super::{eval_condition, Condition};
use crate::core::error::{ConfigError, Errors, Path};
use crate::core::json::{Json, Obj};
use crate::core::regex::NativeRegex;

fn groups() -> Obj {
    match json!({"vips": ["u1", "u2"], "staff": "not-a-list"}) {
        Json::Obj(m) => m,
        _ => Obj::new(),
    }
}

/// The path `segments[i].if`.
fn segment_if(i: usize, f: impl FnOnce(&Path) -> Vec<(String, String)>) -> Vec<(String, String)> {
    let root = Path::Root;
    let segments = root.key("segments");
    let at = segments.index(i);
    f(&at.key("if"))
}

fn errors_at(path: &Path, cond: Json) -> Vec<(String, String)> {
    let mut errors = Errors::default();
    Condition::compile(&cond, path, &groups(), &NativeRegex, &mut errors);
    errors
        .into_list()
        .into_iter()
        .map(|ConfigError { path, message }| (path, message))
        .collect()
}

fn errors(cond: Json) -> Vec<(String, String)> {
    errors_at(&Path::Root, cond)
}

fn one(path: &str, message: &str) -> Vec<(String, String)> {
    vec![(path.to_string(), message.to_string())]
}

fn holds(cond: Json, attrs: Json) -> bool {
    let reference = eval_condition(&cond, &attrs, &groups(), &NativeRegex);
    let mut errors = Errors::default();
    let compiled = Condition::compile(&cond, &Path::Root, &groups(), &NativeRegex, &mut errors);
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

fn compiled(cond: Json) -> Condition {
    let mut errors = Errors::default();
    Condition::compile(&cond, &Path::Root, &groups(), &NativeRegex, &mut errors)
}
