//! Turns a condition document into the evaluator's nodes, reporting every problem on the way.
//!
//! Whatever is reported, the nodes still mean exactly what the reference would do with the
//! document, so that `eval_condition` and the compiled condition can never disagree.

use super::eval::{At, Cond, CondValue, Conditions, Entry, Field, Logical, Op, Span};
use super::js::truthy;
use super::SlotTable;
use crate::core::error::{did_you_mean, with_suggestion, Errors, Path};
use crate::core::gather::Gather;
use crate::core::json::{Json, Obj};
use crate::core::regex::RegexEngine;
use crate::core::text::quote;

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

/// Compiles condition documents into an arena; `mute` > 0 while compiling parts already
/// reported as a whole; `rel` > 0 inside `$elemMatch` (fields read the element, not a slot).
pub(crate) struct Compiler<'a> {
    pub arena: &'a mut Conditions,
    pub groups: &'a Obj,
    pub re: &'a dyn RegexEngine,
    pub slots: &'a mut dyn SlotTable,
    pub errors: &'a mut Errors,
    pub mute: u32,
    pub rel: u32,
}

/// "a string", "an array", ... for messages.
pub(super) fn describe(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Num(_) => "a number",
        Json::Str(_) => "a string",
        Json::Arr(_) => "an array",
        Json::Obj(_) => "an object",
    }
}

/// The reference's `isOperatorObject`: at least one key, and every key starts with `$`.
pub(crate) fn is_operator_object(map: &Obj) -> bool {
    !map.is_empty() && map.keys().all(|k| k.starts_with('$'))
}

fn span(start: usize, len: usize) -> Span {
    Span {
        start: start as u32,
        len: len as u32,
    }
}

impl Compiler<'_> {
    /// Records a problem (unless muted); `message` is only built where messages are kept.
    pub(super) fn error(&mut self, path: &Path, message: impl FnOnce() -> String) {
        if self.mute == 0 {
            self.errors.at(path, message);
        }
    }

    /// Runs `f` with error reporting muted.
    pub(super) fn muted<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        self.mute += 1;
        let out = f(self);
        self.mute -= 1;
        out
    }

    /// Runs `f` with fields reading the element `$elemMatch` looks at.
    pub(super) fn relative<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        self.rel += 1;
        let out = f(self);
        self.rel -= 1;
        out
    }

    pub(super) fn push_cond(&mut self, c: Cond) -> u32 {
        self.arena.conds.push(c);
        (self.arena.conds.len() - 1) as u32
    }

    pub(super) fn push_value(&mut self, v: CondValue) -> u32 {
        self.arena.values.push(v);
        (self.arena.values.len() - 1) as u32
    }

    pub(super) fn push_values(&mut self, vs: Vec<CondValue>) -> Span {
        let start = self.arena.values.len();
        let len = vs.len();
        self.arena.values.extend(vs);
        span(start, len)
    }

    fn push_entries(&mut self, es: Vec<Entry>) -> Cond {
        let start = self.arena.entries.len();
        let len = es.len();
        self.arena.entries.extend(es);
        Cond::Entries(span(start, len))
    }

    fn push_conds(&mut self, cs: Vec<Cond>) -> Span {
        let start = self.arena.conds.len();
        let len = cs.len();
        self.arena.conds.extend(cs);
        span(start, len)
    }

    fn push_ops(&mut self, ops: Vec<Op>) -> Span {
        let start = self.arena.ops.len();
        let len = ops.len();
        self.arena.ops.extend(ops);
        span(start, len)
    }

    /// `evalCondition(obj, v)`: a condition object (anything else is reported, then read the
    /// way `Object.entries` reads it).
    pub fn cond(&mut self, v: &Json, path: &Path) -> Cond {
        match v {
            Json::Obj(map) => {
                // JavaScript visits integer-like keys first, in numeric order.
                let mut keys: Vec<(&str, &Json)> = map.iter().gather();
                let order = |k: &str| integer_key(k).map_or((1, 0), |i| (0, i));
                crate::core::sort::insertion_sort_by(&mut keys, |a, b| order(a.0) < order(b.0));
                let entries = keys
                    .into_iter()
                    .map(|(key, value)| self.entry(key, value, path))
                    .gather();
                self.push_entries(entries)
            }
            other => {
                self.error(path, || {
                    let hint = if matches!(other, Json::Arr(_)) {
                        " (to combine conditions, use {\"$and\": [...]})"
                    } else {
                        ""
                    };
                    format!(
                        "a condition must be an object, not {}{hint}",
                        describe(other)
                    )
                });
                self.muted(|c| c.js_entries(other))
            }
        }
    }

    /// A field on the attribute or element path `key`, with condition `value` compiled.
    fn field(&mut self, key: &str, value: CondValue, at: &Path) -> Entry {
        let at = if self.rel > 0 {
            At::Rel(key.split('.').map(str::to_string).gather())
        } else {
            let errors = if self.mute == 0 {
                Some(&mut *self.errors)
            } else {
                None
            };
            At::Slot(self.slots.slot(key, at, errors))
        };
        let value = self.push_value(value);
        Entry::Field(Field {
            path: key.to_string(),
            at,
            value,
        })
    }

    /// `Object.entries(v)` for a `v` that is not an object.
    pub(super) fn js_entries(&mut self, v: &Json) -> Cond {
        let root = Path::Root;
        match v {
            Json::Null => Cond::Throws,
            Json::Arr(items) => {
                let mut entries = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let key = crate::cat!(i);
                    let value = self.value(item, &root);
                    entries.push(self.field(&key, value, &root));
                }
                self.push_entries(entries)
            }
            Json::Str(s) => {
                let mut entries = Vec::new();
                for (i, unit) in utf16_units(s).into_iter().enumerate() {
                    entries.push(self.field(&crate::cat!(i), unit, &root));
                }
                self.push_entries(entries)
            }
            _ => self.push_entries(Vec::new()),
        }
    }

    fn entry(&mut self, key: &str, value: &Json, path: &Path) -> Entry {
        let at = path.key(key);
        match key {
            "$or" => Entry::Or(self.logical(key, value, &at)),
            "$nor" => Entry::Nor(self.logical(key, value, &at)),
            "$and" => Entry::And(self.logical(key, value, &at)),
            "$not" => {
                let c = self.cond(value, &at);
                Entry::Not(self.push_cond(c))
            }
            _ => {
                if key.starts_with('$') {
                    self.error(path, || {
                        if VALUE_OPERATORS.contains(&key) {
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
                                "unknown operator {}: only \"$and\", \"$or\", \"$nor\" and \
                                 \"$not\" may stand beside attribute names",
                                quote(key)
                            )
                        }
                    });
                }
                let cv = self.value(value, &at);
                self.field(key, cv, &at)
            }
        }
    }

    /// The operand of `$and`/`$or`/`$nor`, read the way the reference's loops read it.
    fn logical(&mut self, name: &str, v: &Json, path: &Path) -> Logical {
        if let Json::Arr(items) = v {
            let conds = items
                .iter()
                .enumerate()
                .map(|(i, item)| self.cond(item, &path.index(i)))
                .gather();
            return Logical {
                items: self.push_conds(conds),
                nonempty: !items.is_empty(),
                throws_after: false,
            };
        }
        self.error(path, || {
            format!(
                "{} needs an array of conditions, not {}",
                quote(name),
                describe(v)
            )
        });
        self.muted(|c| c.js_logical(v))
    }

    /// `conditions.length` and `conditions[i]` for a non-array operand.
    fn js_logical(&mut self, v: &Json) -> Logical {
        let root = Path::Root;
        let mut conds = Vec::new();
        let mut nonempty = false;
        let mut throws_after = false;
        match v {
            Json::Null => {
                nonempty = true;
                throws_after = true;
            }
            Json::Str(s) => {
                nonempty = !s.is_empty();
                for unit in utf16_units(s) {
                    let e = self.field("0", unit, &root);
                    conds.push(self.push_entries(vec![e]));
                }
            }
            Json::Obj(map) => {
                if let Some(len) = map.get("length") {
                    nonempty = truthy(len.into());
                    let n = super::js::to_number(len.into());
                    let mut i = 0usize;
                    while (i as f64) < n {
                        match map.get(&crate::cat!(i)) {
                            Some(item) => conds.push(self.cond(item, &root)),
                            None => {
                                throws_after = true;
                                break;
                            }
                        }
                        i += 1;
                    }
                }
            }
            _ => {}
        }
        Logical {
            items: self.push_conds(conds),
            nonempty,
            throws_after,
        }
    }

    /// `evalConditionValue(v, value)`: a literal to compare with, or an object of operators.
    pub fn value(&mut self, v: &Json, path: &Path) -> CondValue {
        match v {
            Json::Str(s) => CondValue::Str {
                text: s.clone(),
                lower: crate::core::text::lowercase(s),
            },
            Json::Num(n) => CondValue::Num(*n),
            Json::Bool(b) => CondValue::Bool(*b),
            Json::Null => CondValue::Null,
            Json::Arr(_) => CondValue::Literal(v.clone()),
            Json::Obj(map) if is_operator_object(map) => {
                let ops = map
                    .iter()
                    .map(|(name, operand)| self.op(name, operand, path))
                    .gather();
                CondValue::Ops(self.push_ops(ops))
            }
            Json::Obj(map) => {
                let op = map.keys().find(|k| k.starts_with('$'));
                let plain = map.keys().find(|k| !k.starts_with('$'));
                if let (Some(op), Some(plain)) = (op, plain) {
                    self.error(path, || {
                        format!(
                            "mixes operator {} with plain key {}: an object of operators may \
                             only have \"$\" keys (any other object is compared as a literal \
                             value)",
                            quote(op),
                            quote(plain)
                        )
                    });
                }
                CondValue::Literal(v.clone())
            }
        }
    }
}

/// `key` as a JavaScript array index (`"7"`, not `"07"`), which objects list before other keys.
fn integer_key(key: &str) -> Option<u32> {
    let canonical = key == "0" || !key.starts_with('0');
    if !canonical {
        return None;
    }
    u32::try_from(crate::core::num::whole(key)?)
        .ok()
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
