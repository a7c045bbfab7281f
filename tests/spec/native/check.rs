//! How what a runner saw is compared with what a case expects (the same rules as
//! tests/spec/browser/runner.js).

use serde_json::{Map, Value};

/// Why `actual` is not `expected` (None when it is): numbers equal to a billionth, arrays in
/// order, objects with the same keys.
pub fn differ(expected: &Value, actual: &Value) -> Option<String> {
    let same = match (expected, actual) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (
                a.as_f64().unwrap_or(f64::NAN),
                b.as_f64().unwrap_or(f64::NAN),
            );
            (a - b).abs() <= 1e-9 * a.abs().max(1.0)
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| differ(x, y).is_none())
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, x)| b.get(k).is_some_and(|y| differ(x, y).is_none()))
        }
        (a, b) => a == b,
    };
    (!same).then(|| format!("expected {expected}, got {actual}"))
}

/// The value at a dotted path of the attributes document (`cart.value`,
/// `affinity.category.Shoes/Running`, `history.viewed.0`), None when absent.
pub fn at_path<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(doc, |v, k| match v {
        Value::Array(a) => k.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => v.get(k),
    })
}

fn sorted(v: &Value) -> Value {
    let mut a = v.as_array().cloned().unwrap_or_default();
    a.sort_by_key(|x| x.to_string());
    Value::Array(a)
}

/// A widget expectation as `{ order, hidden }` (a bare array is the order, nothing hidden).
fn widget_expectation(v: &Value) -> (Value, Value) {
    match v {
        Value::Array(_) => (v.clone(), Value::Array(Vec::new())),
        _ => (
            v.get("order").cloned().unwrap_or(Value::Null),
            v.get("hidden").cloned().unwrap_or(Value::Array(Vec::new())),
        ),
    }
}

/// Every way `observed` (what the adapter saw, with the keys of `expect`) falls short of
/// `expect`, one line each.
pub fn check(expect: &Map<String, Value>, observed: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut diff = |what: String, e: &Value, a: &Value| {
        if let Some(d) = differ(e, a) {
            out.push(format!("{what}: {d}"));
        }
    };
    let get = |k: &str| observed.get(k).unwrap_or(&Value::Null);
    for (key, want) in expect {
        match key.as_str() {
            "segments" => diff("segments".into(), &sorted(want), &sorted(get(key))),
            "widgets" | "slots" => {
                for (id, w) in want.as_object().into_iter().flatten() {
                    let seen = get(key).get(id).unwrap_or(&Value::Null);
                    if key == "slots" {
                        diff(format!("slots.{id}"), w, seen);
                        continue;
                    }
                    let (order, hidden) = widget_expectation(w);
                    diff(format!("widgets.{id}.order"), &order, &seen["order"]);
                    diff(
                        format!("widgets.{id}.hidden"),
                        &sorted(&hidden),
                        &sorted(&seen["hidden"]),
                    );
                }
            }
            "attributes" => {
                for (path, w) in want.as_object().into_iter().flatten() {
                    match at_path(get(key), path) {
                        Some(seen) => diff(format!("attributes {path}"), w, seen),
                        None => diff(format!("attributes {path}"), w, &Value::from("(absent)")),
                    }
                }
            }
            "absent" => {
                for path in want.as_array().into_iter().flatten() {
                    let path = path.as_str().unwrap_or_default();
                    if let Some(seen) = at_path(get("attributes"), path) {
                        diff(format!("attributes {path}"), &Value::from("(absent)"), seen);
                    }
                }
            }
            "rank" => {
                for (i, r) in want.as_array().into_iter().flatten().enumerate() {
                    let seen = get(key).get(i).unwrap_or(&Value::Null);
                    let (order, hidden) = widget_expectation(r);
                    diff(format!("rank[{i}].order"), &order, &seen["order"]);
                    diff(
                        format!("rank[{i}].hidden"),
                        &sorted(&hidden),
                        &sorted(&seen["hidden"]),
                    );
                    if let Some(p) = r.get("personalized") {
                        diff(format!("rank[{i}].personalized"), p, &seen["personalized"]);
                    }
                }
            }
            _ => diff(key.clone(), want, get(key)),
        }
    }
    out
}
