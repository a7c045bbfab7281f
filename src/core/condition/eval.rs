//! The compiled form of conditions and the one evaluator that gives it meaning.
//!
//! Conditions live flat in one [`Conditions`] arena: every node kind in its own list, children as
//! index ranges. A field on an attribute names a slot (its value computed by whoever evaluates:
//! the engine from the profile, or a walk of an attributes document); a field inside
//! `$elemMatch` names a path relative to each element.
//!
//! Each node mirrors a step of the reference (`evalCondition`, `evalConditionValue`,
//! `evalOperatorCondition`), including the inputs on which the reference throws: those evaluate
//! to `Err(Thrown)`, and a thrown error makes the whole condition false.

use super::js::{
    js_compare, js_string_eq, js_string_eq_lower, json_eq, strict_eq, to_js_string, to_number,
    truthy, type_name, CmpOp, JsVal,
};
use super::version::padded_version;
use crate::core::json::Json;
use crate::core::regex::Pattern;

/// The reference would throw a `TypeError` here.
#[derive(Debug)]
pub(crate) struct Thrown;

/// The outcome of evaluating a node.
pub(crate) type Outcome = Result<bool, Thrown>;

/// A run of sibling nodes in one of the arena's lists.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Span {
    pub start: u32,
    pub len: u32,
}

impl Span {
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }
}

/// A compiled condition in a [`Conditions`] arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CondId(pub(crate) u32);

/// Every node of some compiled conditions.
#[derive(Debug, Default)]
pub struct Conditions {
    pub(crate) conds: Vec<Cond>,
    pub(crate) entries: Vec<Entry>,
    pub(crate) values: Vec<CondValue>,
    pub(crate) ops: Vec<Op>,
}

/// `evalCondition(obj, condition)`: every entry must hold.
#[derive(Debug)]
pub(crate) enum Cond {
    /// `Object.entries(null)` throws.
    Throws,
    Entries(Span),
}

/// One `[key, value]` entry of a condition.
#[derive(Debug)]
pub(crate) enum Entry {
    Or(Logical),
    Nor(Logical),
    And(Logical),
    Not(u32),
    Field(Field),
}

/// Where a field's value comes from.
#[derive(Debug)]
pub(crate) enum At {
    /// An attribute: slot `n` of the scope's values.
    Slot(u32),
    /// A path inside the element `$elemMatch` is looking at.
    Rel(Vec<String>),
}

/// An attribute path and the condition on the value found there.
#[derive(Debug)]
pub(crate) struct Field {
    /// The dotted path as written.
    pub path: String,
    pub at: At,
    pub value: u32,
}

/// The operand of `$and`/`$or`/`$nor` as the reference's loops see it (normally an array).
#[derive(Debug)]
pub(crate) struct Logical {
    pub items: Span,
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
    Literal(Json),
    /// An object whose keys all start with `$`: every operator must hold.
    Ops(Span),
}

/// One operator with its operand as written (kept for explanations and inspection).
#[derive(Debug)]
pub(crate) struct Op {
    #[cfg_attr(not(feature = "tooling"), allow(dead_code))]
    pub name: String,
    pub operand: Json,
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
    Members(Vec<Json>),
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
    Ops(u32),
    Cond(u32),
}

/// A compiled regular expression (`None`: invalid or not a string, so it never matches).
pub(crate) struct Regex(pub Option<Box<dyn Pattern>>);

impl std::fmt::Debug for Regex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
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
        list: Option<Vec<Json>>,
        negate: bool,
        insensitive: bool,
    },
    InGroup {
        group: Group,
        negate: bool,
    },
    Not(u32),
    Size(u32),
    ElemMatch(ElemMatch),
    All {
        items: Option<Span>,
        insensitive: bool,
    },
    Regex(Regex),
    Type(Option<String>),
    Unknown,
}

/// What the fields of a condition read.
#[derive(Clone, Copy)]
pub(crate) enum Scope<'a> {
    /// Attribute values by slot (`None`: the attribute is not present).
    Slots(&'a [Option<Json>]),
    /// An attributes document and the paths of the slots (split at dots).
    Doc(JsVal<'a>, &'a [Vec<String>]),
    /// An element `$elemMatch` looks at.
    Val(JsVal<'a>),
}

impl<'a> Scope<'a> {
    /// The value a field reads (`None`: missing; the reference then uses `null`).
    pub fn get(self, at: &At) -> Option<JsVal<'a>> {
        match (self, at) {
            (Scope::Slots(values), At::Slot(i)) => values
                .get(*i as usize)
                .and_then(Option::as_ref)
                .map(JsVal::from),
            (Scope::Doc(doc, paths), At::Slot(i)) => get_path(doc, paths.get(*i as usize)?),
            (Scope::Val(v), At::Rel(parts)) => get_path(v, parts),
            _ => None,
        }
    }
}

impl Conditions {
    pub(crate) fn cond(&self, i: u32) -> &Cond {
        &self.conds[i as usize]
    }

    pub(crate) fn value(&self, i: u32) -> &CondValue {
        &self.values[i as usize]
    }

    /// Evaluates `cond` against `scope`.
    pub(crate) fn eval_cond(&self, cond: &Cond, scope: Scope) -> Outcome {
        match cond {
            Cond::Throws => Err(Thrown),
            Cond::Entries(span) => {
                for entry in &self.entries[span.range()] {
                    if !self.eval_entry(entry, scope)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
        }
    }

    /// Evaluates one entry of a condition.
    pub(crate) fn eval_entry(&self, entry: &Entry, scope: Scope) -> Outcome {
        match entry {
            Entry::Or(l) => self.eval_or(l, scope),
            Entry::Nor(l) => self.eval_or(l, scope).map(|b| !b),
            Entry::And(l) => self.eval_and(l, scope),
            Entry::Not(c) => self.eval_cond(self.cond(*c), scope).map(|b| !b),
            Entry::Field(f) => {
                let actual = scope.get(&f.at).unwrap_or(JsVal::Null);
                self.eval_value(self.value(f.value), actual)
            }
        }
    }

    fn eval_or(&self, l: &Logical, scope: Scope) -> Outcome {
        if !l.nonempty {
            return Ok(true);
        }
        for c in &self.conds[l.items.range()] {
            if self.eval_cond(c, scope)? {
                return Ok(true);
            }
        }
        if l.throws_after {
            Err(Thrown)
        } else {
            Ok(false)
        }
    }

    fn eval_and(&self, l: &Logical, scope: Scope) -> Outcome {
        for c in &self.conds[l.items.range()] {
            if !self.eval_cond(c, scope)? {
                return Ok(false);
            }
        }
        if l.throws_after {
            Err(Thrown)
        } else {
            Ok(true)
        }
    }

    /// `evalConditionValue(condition, actual)`.
    pub(crate) fn eval_value(&self, cv: &CondValue, actual: JsVal) -> Outcome {
        self.eval_value_ci(cv, actual, false)
    }

    /// `evalConditionValue` with the `insensitive` flag `$alli` passes down.
    ///
    /// Shelfwise extension (DESIGN.md, "Conditions"): a plain (non-operator) condition also
    /// matches an array attribute when any element matches it, as in MongoDB. The reference alone
    /// compares the whole array (`["a","b"] + ""` is `"a,b"`), which this keeps as the first try.
    fn eval_value_ci(&self, cv: &CondValue, actual: JsVal, insensitive: bool) -> Outcome {
        if let CondValue::Ops(span) = cv {
            for op in &self.ops[span.range()] {
                if !self.eval_op(op, actual)? {
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

    /// `evalOperatorCondition(op, actual, operand)`.
    pub(crate) fn eval_op(&self, op: &Op, actual: JsVal) -> Outcome {
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
            OpKind::Not(inner) => !self.eval_value(self.value(*inner), actual)?,
            OpKind::Size(inner) => match actual {
                JsVal::Arr(items) => {
                    self.eval_value(self.value(*inner), JsVal::Num(items.len() as f64))?
                }
                _ => false,
            },
            OpKind::ElemMatch(em) => self.elem_match(em, actual)?,
            OpKind::All { items, insensitive } => match (items, actual) {
                (Some(items), JsVal::Arr(actual)) => {
                    for item in &self.values[items.range()] {
                        let mut found = false;
                        for el in actual {
                            if self.eval_value_ci(item, el.into(), *insensitive)? {
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

    fn elem_match(&self, em: &ElemMatch, actual: JsVal) -> Outcome {
        let JsVal::Arr(items) = actual else {
            return Ok(false);
        };
        if let ElemMatch::Throws = em {
            return Err(Thrown);
        }
        for el in items.iter().map(JsVal::from).filter(|el| truthy(*el)) {
            let hit = match em {
                ElemMatch::Throws => return Err(Thrown),
                ElemMatch::Ops(cv) => self.eval_value(self.value(*cv), el)?,
                ElemMatch::Cond(c) => self.eval_cond(self.cond(*c), Scope::Val(el))?,
            };
            if hit {
                return Ok(true);
            }
        }
        Ok(false)
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
    if canonical {
        usize::try_from(crate::core::num::whole(part)?).ok()
    } else {
        None
    }
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

/// The reference's `isIn`: an array attribute intersects the list.
fn is_in(actual: JsVal, list: &[Json], insensitive: bool) -> bool {
    let one = |v: JsVal| match v {
        JsVal::Str(s) if insensitive => list
            .iter()
            .any(|x| matches!(x, Json::Str(x) if js_string_eq_lower(JsVal::Str(s), x))),
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
