//! The compiled form of a condition and the one evaluator that gives it meaning.
//!
//! Each node mirrors a step of the reference (`evalCondition`, `evalConditionValue`,
//! `evalOperatorCondition`), including the inputs on which the reference throws: those evaluate
//! to `Err(Thrown)`, and a thrown error makes the whole condition false.

use std::fmt;

use serde_json::Value;

use super::js::{
    js_compare, js_string_eq, js_string_eq_lower, json_eq, strict_eq, to_js_string, to_number,
    truthy, type_name, CmpOp, JsVal,
};
use super::version::padded_version;
use crate::core::regex::Pattern;

/// The reference would throw a `TypeError` here.
#[derive(Debug)]
pub(crate) struct Thrown;

/// The outcome of evaluating a node.
pub(crate) type Outcome = Result<bool, Thrown>;

/// `evalCondition(obj, condition)`: every entry must hold.
#[derive(Debug)]
pub(crate) enum Cond {
    /// `Object.entries(null)` throws.
    Throws,
    Entries(Vec<Entry>),
}

/// One `[key, value]` entry of a condition.
#[derive(Debug)]
pub(crate) enum Entry {
    Or(Logical),
    Nor(Logical),
    And(Logical),
    Not(Box<Cond>),
    Field(Field),
}

/// An attribute path and the condition on the value found there.
#[derive(Debug)]
pub(crate) struct Field {
    pub path: String,
    pub parts: Vec<String>,
    pub value: CondValue,
}

/// The operand of `$and`/`$or`/`$nor` as the reference's loops see it (normally an array).
#[derive(Debug)]
pub(crate) struct Logical {
    pub items: Vec<Cond>,
    /// `!!conditions.length`: an empty `$or` passes.
    pub nonempty: bool,
    /// Reading the next item (or the length itself) throws.
    pub throws_after: bool,
}

/// `evalConditionValue(condition, value)`.
#[derive(Debug)]
pub(crate) enum CondValue {
    /// `value + "" === text` (or lower-cased on both sides).
    Str { text: String, lower: String },
    /// A lone UTF-16 surrogate of a string used as a condition: equal to nothing.
    Never,
    /// `value * 1 === n`.
    Num(f64),
    /// `value !== null && !!value === b`.
    Bool(bool),
    /// `value === null`.
    Null,
    /// An array or a plain object: `JSON.stringify` equality.
    Literal(Value),
    /// An object whose keys all start with `$`: every operator must hold.
    Ops(Vec<Op>),
}

/// One operator with its operand as written (kept for explanations).
#[derive(Debug)]
pub(crate) struct Op {
    pub name: String,
    pub operand: Value,
    pub kind: OpKind,
}

/// A version comparison.
#[derive(Clone, Copy, Debug)]
pub(crate) enum VersionOp {
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
}

/// The members of a saved group as `savedGroups[key] || []` yields them.
#[derive(Debug)]
pub(crate) enum Group {
    Members(Vec<Value>),
    /// A string "group": the reference's `includes` does a substring search.
    Text(String),
    /// A group that is neither an array nor a string: `includes` is not a function.
    Throws,
    /// A hashed group (a Shelfwise extension): salted SHA-256 digests of the ids.
    Hashed(super::hashed::Hashed),
}

/// What `$elemMatch` does with each element.
#[derive(Debug)]
pub(crate) enum ElemMatch {
    /// `isOperatorObject(null)` throws.
    Throws,
    Ops(Box<CondValue>),
    Cond(Box<Cond>),
}

/// A compiled regular expression (`None`: invalid or not a string, so it never matches).
pub(crate) struct Regex(pub Option<Box<dyn Pattern>>);

impl fmt::Debug for Regex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Regex"
        } else {
            "Regex(invalid)"
        })
    }
}

/// The operators.
#[derive(Debug)]
pub(crate) enum OpKind {
    Version(VersionOp, String),
    Eq,
    Ne,
    Cmp(CmpOp),
    Exists(bool),
    /// `$in $nin $ini $nini`; `None` when the operand is not an array; insensitive lists are
    /// stored lower-cased.
    In {
        list: Option<Vec<Value>>,
        negate: bool,
        insensitive: bool,
    },
    InGroup {
        group: Group,
        negate: bool,
    },
    Not(Box<CondValue>),
    Size(Box<CondValue>),
    ElemMatch(ElemMatch),
    All {
        items: Option<Vec<CondValue>>,
        insensitive: bool,
    },
    Regex(Regex),
    Type(Option<String>),
    Unknown,
}

/// Evaluates `cond` against `obj`.
pub(crate) fn eval_cond(cond: &Cond, obj: JsVal) -> Outcome {
    match cond {
        Cond::Throws => Err(Thrown),
        Cond::Entries(entries) => {
            for entry in entries {
                if !eval_entry(entry, obj)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
    }
}

/// Evaluates one entry of a condition.
pub(crate) fn eval_entry(entry: &Entry, obj: JsVal) -> Outcome {
    match entry {
        Entry::Or(l) => eval_or(l, obj),
        Entry::Nor(l) => eval_or(l, obj).map(|b| !b),
        Entry::And(l) => eval_and(l, obj),
        Entry::Not(c) => eval_cond(c, obj).map(|b| !b),
        Entry::Field(f) => eval_value(&f.value, get_path(obj, &f.parts).unwrap_or(JsVal::Null)),
    }
}

fn eval_or(l: &Logical, obj: JsVal) -> Outcome {
    if !l.nonempty {
        return Ok(true);
    }
    for c in &l.items {
        if eval_cond(c, obj)? {
            return Ok(true);
        }
    }
    if l.throws_after {
        Err(Thrown)
    } else {
        Ok(false)
    }
}

fn eval_and(l: &Logical, obj: JsVal) -> Outcome {
    for c in &l.items {
        if !eval_cond(c, obj)? {
            return Ok(false);
        }
    }
    if l.throws_after {
        Err(Thrown)
    } else {
        Ok(true)
    }
}

/// The value at a dotted path (`None` when missing; the reference then uses `null`).
/// Arrays answer to element indexes and `length`.
pub(crate) fn get_path<'a>(obj: JsVal<'a>, parts: &[String]) -> Option<JsVal<'a>> {
    let mut current = obj;
    for part in parts {
        current = match current {
            JsVal::Obj(map) => map.get(part.as_str())?.into(),
            JsVal::Arr(items) if part == "length" => JsVal::Num(items.len() as f64),
            JsVal::Arr(items) => items.get(array_index(part)?)?.into(),
            _ => return None,
        };
    }
    Some(current)
}

fn array_index(part: &str) -> Option<usize> {
    let canonical = part == "0" || !part.starts_with('0');
    if canonical && !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
        part.parse().ok()
    } else {
        None
    }
}

/// `evalConditionValue(condition, actual)`.
pub(crate) fn eval_value(cv: &CondValue, actual: JsVal) -> Outcome {
    eval_value_ci(cv, actual, false)
}

/// `evalConditionValue` with the `insensitive` flag `$alli` passes down.
///
/// Shelfwise extension (DESIGN.md, "Conditions"): a plain (non-operator) condition also matches
/// an array attribute when any element matches it, as in MongoDB. The reference alone compares
/// the whole array (`["a","b"] + ""` is `"a,b"`), which this keeps as the first try.
fn eval_value_ci(cv: &CondValue, actual: JsVal, insensitive: bool) -> Outcome {
    if let CondValue::Ops(ops) = cv {
        for op in ops {
            if !eval_op(op, actual)? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    if plain_eq(cv, actual, insensitive) {
        return Ok(true);
    }
    Ok(match actual {
        JsVal::Arr(items) => items.iter().any(|el| plain_eq(cv, el.into(), insensitive)),
        _ => false,
    })
}

/// The reference's comparison of a value with a non-operator condition.
fn plain_eq(cv: &CondValue, actual: JsVal, insensitive: bool) -> bool {
    match cv {
        CondValue::Str { lower, .. } if insensitive => js_string_eq_lower(actual, lower),
        CondValue::Str { text, .. } => js_string_eq(actual, text),
        CondValue::Num(n) => to_number(actual) == *n,
        CondValue::Bool(b) => !matches!(actual, JsVal::Null) && truthy(actual) == *b,
        CondValue::Null => matches!(actual, JsVal::Null),
        CondValue::Literal(v) => json_eq(actual, v),
        CondValue::Never | CondValue::Ops(_) => false,
    }
}

/// `evalOperatorCondition(op, actual, operand)`.
pub(crate) fn eval_op(op: &Op, actual: JsVal) -> Outcome {
    Ok(match &op.kind {
        OpKind::Version(vop, expected) => {
            let ord = super::js::cmp_utf16(&padded_version(actual), expected);
            match vop {
                VersionOp::Eq => ord.is_eq(),
                VersionOp::Ne => ord.is_ne(),
                VersionOp::Gt => ord.is_gt(),
                VersionOp::Gte => ord.is_ge(),
                VersionOp::Lt => ord.is_lt(),
                VersionOp::Lte => ord.is_le(),
            }
        }
        OpKind::Eq => strict_eq(actual, &op.operand),
        OpKind::Ne => !strict_eq(actual, &op.operand),
        OpKind::Cmp(c) => js_compare(*c, actual, (&op.operand).into()),
        OpKind::Exists(want) => matches!(actual, JsVal::Null) != *want,
        OpKind::In {
            list,
            negate,
            insensitive,
        } => match list {
            Some(list) => is_in(actual, list, *insensitive) != *negate,
            None => false,
        },
        OpKind::InGroup { group, negate } => in_group(actual, group)? != *negate,
        OpKind::Not(inner) => !eval_value(inner, actual)?,
        OpKind::Size(inner) => match actual {
            JsVal::Arr(items) => eval_value(inner, JsVal::Num(items.len() as f64))?,
            _ => false,
        },
        OpKind::ElemMatch(em) => elem_match(em, actual)?,
        OpKind::All { items, insensitive } => match (items, actual) {
            (Some(items), JsVal::Arr(actual)) => {
                for item in items {
                    let mut found = false;
                    for el in actual {
                        if eval_value_ci(item, el.into(), *insensitive)? {
                            found = true;
                            break;
                        }
                    }
                    if !found {
                        return Ok(false);
                    }
                }
                true
            }
            _ => false,
        },
        OpKind::Regex(Regex(pattern)) => pattern
            .as_ref()
            .is_some_and(|p| p.is_match(&to_js_string(actual))),
        OpKind::Type(expected) => expected.as_deref() == Some(type_name(actual)),
        OpKind::Unknown => false,
    })
}

/// The reference's `isIn`: an array attribute intersects the list.
fn is_in(actual: JsVal, list: &[Value], insensitive: bool) -> bool {
    let one = |v: JsVal| match v {
        JsVal::Str(s) if insensitive => list
            .iter()
            .any(|x| matches!(x, Value::String(x) if js_string_eq_lower(JsVal::Str(s), x))),
        v => list.iter().any(|x| strict_eq(v, x)),
    };
    match actual {
        JsVal::Arr(items) => items.iter().any(|el| one(el.into())),
        v => one(v),
    }
}

fn in_group(actual: JsVal, group: &Group) -> Outcome {
    let text_has = |text: &str, v: JsVal| text.contains(to_js_string(v).as_ref());
    match (group, actual) {
        (Group::Members(list), _) => Ok(is_in(actual, list, false)),
        (Group::Text(text), JsVal::Arr(items)) => {
            Ok(items.iter().any(|el| text_has(text, el.into())))
        }
        (Group::Text(text), v) => Ok(text_has(text, v)),
        (Group::Hashed(h), v) => Ok(h.contains(v)),
        (Group::Throws, JsVal::Arr([])) => Ok(false),
        (Group::Throws, _) => Err(Thrown),
    }
}

fn elem_match(em: &ElemMatch, actual: JsVal) -> Outcome {
    let JsVal::Arr(items) = actual else {
        return Ok(false);
    };
    if let ElemMatch::Throws = em {
        return Err(Thrown);
    }
    for el in items.iter().map(JsVal::from).filter(|el| truthy(*el)) {
        let hit = match em {
            ElemMatch::Throws => return Err(Thrown),
            ElemMatch::Ops(cv) => eval_value(cv, el)?,
            ElemMatch::Cond(c) => eval_cond(c, el)?,
        };
        if hit {
            return Ok(true);
        }
    }
    Ok(false)
}
