//! Turns a condition document into the evaluator's nodes, reporting every problem on the way.
//!
//! Whatever is reported, the nodes still mean exactly what the reference would do with the
//! document, so that `eval_condition` and `Condition::eval` can never disagree.

use serde_json::{Map, Value};

use super::eval::{Cond, CondValue, Entry, Field, Logical};
use super::js::truthy;
use crate::core::error::{did_you_mean, with_suggestion, ConfigError, JsonPath};
use crate::core::regex::RegexEngine;

/// Operators that apply to an attribute's value.
pub(crate) const VALUE_OPERATORS: &[&str] = &[
    "$eq",
    "$ne",
    "$lt",
    "$lte",
    "$gt",
    "$gte",
    "$in",
    "$nin",
    "$ini",
    "$nini",
    "$all",
    "$alli",
    "$elemMatch",
    "$size",
    "$exists",
    "$type",
    "$regex",
    "$regexi",
    "$not",
    "$veq",
    "$vne",
    "$vgt",
    "$vgte",
    "$vlt",
    "$vlte",
    "$inGroup",
    "$notInGroup",
];

/// Operators that combine whole conditions.
const LOGICAL_OPERATORS: &[&str] = &["$and", "$or", "$nor", "$not"];

/// Compiles condition documents; `mute` > 0 while compiling parts already reported as a whole.
pub(crate) struct Compiler<'a> {
    pub groups: &'a Map<String, Value>,
    pub re: &'a dyn RegexEngine,
    pub errors: &'a mut Vec<ConfigError>,
    pub mute: u32,
}

/// "a string", "an array", ... for messages.
pub(super) fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `s` as a JSON string literal, for messages.
pub(super) fn quote(s: &str) -> String {
    Value::from(s).to_string()
}

/// The reference's `isOperatorObject`: at least one key, and every key starts with `$`.
pub(crate) fn is_operator_object(map: &Map<String, Value>) -> bool {
    !map.is_empty() && map.keys().all(|k| k.starts_with('$'))
}

impl Compiler<'_> {
    /// Records a problem (unless muted).
    pub(super) fn error(&mut self, path: &JsonPath, message: String) {
        if self.mute == 0 {
            self.errors.push(ConfigError::new(path, message));
        }
    }

    /// Runs `f` with error reporting muted.
    pub(super) fn muted<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        self.mute += 1;
        let out = f(self);
        self.mute -= 1;
        out
    }

    /// `evalCondition(obj, v)`: a condition object (anything else is reported, then read the
    /// way `Object.entries` reads it).
    pub fn cond(&mut self, v: &Value, path: &JsonPath) -> Cond {
        match v {
            Value::Object(map) => {
                // JavaScript visits integer-like keys first, in numeric order.
                let mut keys: Vec<(&String, &Value)> = map.iter().collect();
                let order = |k: &str| integer_key(k).map_or((1, 0), |i| (0, i));
                crate::core::sort::insertion_sort_by(&mut keys, |a, b| order(a.0) < order(b.0));
                Cond::Entries(
                    keys.into_iter()
                        .map(|(key, value)| self.entry(key, value, path))
                        .collect(),
                )
            }
            other => {
                let hint = if other.is_array() {
                    " (to combine conditions, use {\"$and\": [...]})"
                } else {
                    ""
                };
                let message = format!("a condition must be an object, not {}", describe(other));
                self.error(path, message + hint);
                self.muted(|c| c.js_entries(other))
            }
        }
    }

    /// `Object.entries(v)` for a `v` that is not an object.
    pub(super) fn js_entries(&mut self, v: &Value) -> Cond {
        let field = |path: String, value: CondValue| {
            Entry::Field(Field {
                parts: vec![path.clone()],
                path,
                value,
            })
        };
        match v {
            Value::Null => Cond::Throws,
            Value::Array(items) => Cond::Entries(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| field(i.to_string(), self.value(item, &JsonPath::root())))
                    .collect(),
            ),
            Value::String(s) => Cond::Entries(
                utf16_units(s)
                    .into_iter()
                    .enumerate()
                    .map(|(i, unit)| field(i.to_string(), unit))
                    .collect(),
            ),
            _ => Cond::Entries(Vec::new()),
        }
    }

    fn entry(&mut self, key: &str, value: &Value, path: &JsonPath) -> Entry {
        match key {
            "$or" => Entry::Or(self.logical(key, value, &path.key(key))),
            "$nor" => Entry::Nor(self.logical(key, value, &path.key(key))),
            "$and" => Entry::And(self.logical(key, value, &path.key(key))),
            "$not" => Entry::Not(Box::new(self.cond(value, &path.key(key)))),
            _ => {
                if key.starts_with('$') {
                    let message = if VALUE_OPERATORS.contains(&key) {
                        format!(
                            "operator {} must be applied to an attribute, \
                             as in {{\"cart.value\": {{{}: ...}}}}",
                            quote(key),
                            quote(key)
                        )
                    } else if did_you_mean(key, LOGICAL_OPERATORS).is_some() {
                        with_suggestion(
                            format!("unknown operator {}", quote(key)),
                            key,
                            LOGICAL_OPERATORS,
                        )
                    } else {
                        format!(
                            "unknown operator {}: only \"$and\", \"$or\", \"$nor\" and \"$not\" \
                             may stand beside attribute names",
                            quote(key)
                        )
                    };
                    self.error(path, message);
                }
                Entry::Field(Field {
                    path: key.to_string(),
                    parts: key.split('.').map(str::to_string).collect(),
                    value: self.value(value, &path.key(key)),
                })
            }
        }
    }

    /// The operand of `$and`/`$or`/`$nor`, read the way the reference's loops read it.
    fn logical(&mut self, name: &str, v: &Value, path: &JsonPath) -> Logical {
        if let Value::Array(items) = v {
            return Logical {
                items: items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.cond(item, &path.index(i)))
                    .collect(),
                nonempty: !items.is_empty(),
                throws_after: false,
            };
        }
        let message = format!(
            "{} needs an array of conditions, not {}",
            quote(name),
            describe(v)
        );
        self.error(path, message);
        self.muted(|c| c.js_logical(v))
    }

    /// `conditions.length` and `conditions[i]` for a non-array operand.
    fn js_logical(&mut self, v: &Value) -> Logical {
        let mut l = Logical {
            items: Vec::new(),
            nonempty: false,
            throws_after: false,
        };
        match v {
            Value::Null => {
                l.nonempty = true;
                l.throws_after = true;
            }
            Value::String(s) => {
                l.nonempty = !s.is_empty();
                for unit in utf16_units(s) {
                    let field = Field {
                        path: "0".into(),
                        parts: vec!["0".into()],
                        value: unit,
                    };
                    l.items.push(Cond::Entries(vec![Entry::Field(field)]));
                }
            }
            Value::Object(map) => {
                if let Some(len) = map.get("length") {
                    l.nonempty = truthy(len.into());
                    let n = super::js::to_number(len.into());
                    let mut i = 0usize;
                    while (i as f64) < n {
                        match map.get(&i.to_string()) {
                            Some(item) => l.items.push(self.cond(item, &JsonPath::root())),
                            None => {
                                l.throws_after = true;
                                break;
                            }
                        }
                        i += 1;
                    }
                }
            }
            _ => {}
        }
        l
    }

    /// `evalConditionValue(v, value)`: a literal to compare with, or an object of operators.
    pub fn value(&mut self, v: &Value, path: &JsonPath) -> CondValue {
        match v {
            Value::String(s) => CondValue::Str {
                text: s.clone(),
                lower: crate::core::text::lowercase(s),
            },
            Value::Number(n) => CondValue::Num(n.as_f64().unwrap_or(f64::NAN)),
            Value::Bool(b) => CondValue::Bool(*b),
            Value::Null => CondValue::Null,
            Value::Array(_) => CondValue::Literal(v.clone()),
            Value::Object(map) if is_operator_object(map) => CondValue::Ops(
                map.iter()
                    .map(|(name, operand)| self.op(name, operand, path))
                    .collect(),
            ),
            Value::Object(map) => {
                let op = map.keys().find(|k| k.starts_with('$'));
                let plain = map.keys().find(|k| !k.starts_with('$'));
                if let (Some(op), Some(plain)) = (op, plain) {
                    let message = format!(
                        "mixes operator {} with plain key {}: an object of operators may only \
                         have \"$\" keys (any other object is compared as a literal value)",
                        quote(op),
                        quote(plain)
                    );
                    self.error(path, message);
                }
                CondValue::Literal(v.clone())
            }
        }
    }
}

/// `key` as a JavaScript array index (`"7"`, not `"07"`), which objects list before other keys.
fn integer_key(key: &str) -> Option<u32> {
    let canonical = key == "0" || !key.starts_with('0');
    let digits = !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit());
    (canonical && digits)
        .then(|| key.parse().ok())
        .flatten()
        .filter(|i| *i < u32::MAX)
}

/// A string's UTF-16 code units as single-character conditions (a lone surrogate equals nothing).
fn utf16_units(s: &str) -> Vec<CondValue> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        if c.len_utf16() == 1 {
            let text = c.to_string();
            out.push(CondValue::Str {
                lower: crate::core::text::lowercase(&text),
                text,
            });
        } else {
            out.push(CondValue::Never);
            out.push(CondValue::Never);
        }
    }
    out
}
