//! Why a condition held or not: a tree mirroring the condition, each node with its verdict and
//! the attribute value it saw. Verdicts come from the evaluator itself, never recomputed here.

use super::eval::{Cond, CondValue, Conditions, ElemMatch, Entry, Op, OpKind, Outcome, Scope};
use super::js::{truthy, JsVal};
use crate::core::gather::Gather;
use crate::core::json::{Json, Obj};

const THROWN: &str = "the reference implementation throws an error here, which makes the whole \
                      condition false";
const MISSING: &str = "attribute not present (compared as null)";

/// One node of an explanation: which part of the condition, what it expected, what it saw.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// The operator (`"$gt"`, `"$or"`...), `"equals"` for implicit equality, `"$and"` for the
    /// implicit conjunction of a condition's entries or of an attribute's operators, or
    /// `"condition"` for a `null` condition.
    pub op: String,
    /// The dotted attribute path, for nodes about an attribute (`"hobbies.1.name"` inside
    /// `$elemMatch`, `"tags.length"` under `$size`).
    pub path: Option<String>,
    /// The operand as written in the condition.
    pub expected: Option<Json>,
    /// The attribute value seen at `path` (`null` when missing).
    pub actual: Option<Json>,
    /// Whether this part held.
    pub pass: bool,
    /// A remark such as "attribute not present" or "unknown operator".
    pub note: Option<String>,
    /// The parts this node is made of.
    pub children: Vec<Explanation>,
}

impl Explanation {
    fn new(op: &str, outcome: Outcome) -> Self {
        Explanation {
            op: op.to_string(),
            path: None,
            expected: None,
            actual: None,
            pass: outcome.as_ref().is_ok_and(|b| *b),
            note: outcome.is_err().then(|| THROWN.to_string()),
            children: Vec::new(),
        }
    }

    fn at(mut self, path: &str, found: Option<JsVal>) -> Self {
        self.path = Some(path.to_string());
        self.actual = Some(found.map_or(Json::Null, JsVal::to_json));
        if found.is_none() && self.note.is_none() {
            self.note = Some(MISSING.to_string());
        }
        self
    }

    /// This explanation as JSON: `{"op", "path"?, "expected"?, "actual"?, "pass", "note"?,
    /// "children"?}` (absent fields and empty children are left out).
    pub fn to_json(&self) -> Json {
        let mut m = Obj::new();
        m.insert("op", Json::str(self.op.as_str()));
        if let Some(p) = &self.path {
            m.insert("path", Json::str(p.as_str()));
        }
        if let Some(e) = &self.expected {
            m.insert("expected", e.clone());
        }
        if let Some(a) = &self.actual {
            m.insert("actual", a.clone());
        }
        m.insert("pass", Json::Bool(self.pass));
        if let Some(n) = &self.note {
            m.insert("note", Json::str(n.as_str()));
        }
        if !self.children.is_empty() {
            let children = self.children.iter().map(Explanation::to_json).gather();
            m.insert("children", Json::Arr(children));
        }
        Json::Obj(m)
    }
}

fn join(prefix: &str, path: &str) -> String {
    if prefix.is_empty() {
        path.to_string()
    } else {
        format!("{prefix}.{path}")
    }
}

impl Conditions {
    /// Explains `cond` evaluated against `scope`; paths are prefixed with `prefix`.
    pub(crate) fn explain_cond(&self, cond: &Cond, scope: Scope, prefix: &str) -> Explanation {
        match cond {
            Cond::Entries(span) if span.len == 1 => {
                self.explain_entry(&self.entries[span.start as usize], scope, prefix)
            }
            Cond::Entries(span) => {
                let mut e = Explanation::new("$and", self.eval_cond(cond, scope));
                e.children = self.entries[span.range()]
                    .iter()
                    .map(|en| self.explain_entry(en, scope, prefix))
                    .gather();
                e
            }
            Cond::Throws => {
                let mut e = Explanation::new("condition", self.eval_cond(cond, scope));
                e.note = Some(format!("the condition is null: {THROWN}"));
                e
            }
        }
    }

    fn explain_entry(&self, entry: &Entry, scope: Scope, prefix: &str) -> Explanation {
        let outcome = self.eval_entry(entry, scope);
        let (op, items): (&str, Vec<&Cond>) = match entry {
            Entry::Or(l) => ("$or", self.conds[l.items.range()].iter().gather()),
            Entry::Nor(l) => ("$nor", self.conds[l.items.range()].iter().gather()),
            Entry::And(l) => ("$and", self.conds[l.items.range()].iter().gather()),
            Entry::Not(c) => ("$not", vec![self.cond(*c)]),
            Entry::Field(f) => {
                let found = scope.get(&f.at);
                return self.explain_value(self.value(f.value), found, &join(prefix, &f.path));
            }
        };
        let mut e = Explanation::new(op, outcome);
        e.children = items
            .into_iter()
            .map(|c| self.explain_cond(c, scope, prefix))
            .gather();
        e
    }

    fn explain_value(&self, cv: &CondValue, found: Option<JsVal>, path: &str) -> Explanation {
        let actual = found.unwrap_or(JsVal::Null);
        match cv {
            CondValue::Ops(span) if span.len == 1 => {
                self.explain_op(&self.ops[span.start as usize], found, path)
            }
            CondValue::Ops(span) => {
                let mut e = Explanation::new("$and", self.eval_value(cv, actual)).at(path, found);
                e.children = self.ops[span.range()]
                    .iter()
                    .map(|op| self.explain_op(op, found, path))
                    .gather();
                e
            }
            _ => {
                let mut e = Explanation::new("equals", self.eval_value(cv, actual)).at(path, found);
                e.expected = Some(plain_expected(cv));
                e
            }
        }
    }

    fn explain_op(&self, op: &Op, found: Option<JsVal>, path: &str) -> Explanation {
        let actual = found.unwrap_or(JsVal::Null);
        let mut e = Explanation::new(&op.name, self.eval_op(op, actual)).at(path, found);
        e.expected = Some(op.operand.clone());
        let items = match actual {
            JsVal::Arr(items) => items,
            _ => &[],
        };
        match &op.kind {
            OpKind::Not(inner) => {
                e.children = vec![self.explain_value(self.value(*inner), found, path)]
            }
            OpKind::Size(inner) if found.is_some_and(|v| matches!(v, JsVal::Arr(_))) => {
                let len = Some(JsVal::Num(items.len() as f64));
                e.children =
                    vec![self.explain_value(self.value(*inner), len, &join(path, "length"))];
            }
            OpKind::ElemMatch(ElemMatch::Ops(inner)) => {
                e.children = items
                    .iter()
                    .enumerate()
                    .map(|(i, el)| {
                        let path = join(path, &i.to_string());
                        element(
                            self.explain_value(self.value(*inner), Some(el.into()), &path),
                            el,
                        )
                    })
                    .gather();
            }
            OpKind::ElemMatch(ElemMatch::Cond(c)) => {
                e.children = items
                    .iter()
                    .enumerate()
                    .map(|(i, el)| {
                        let path = join(path, &i.to_string());
                        element(
                            self.explain_cond(self.cond(*c), Scope::Val(el.into()), &path),
                            el,
                        )
                    })
                    .gather();
            }
            OpKind::Unknown => e.note = Some("unknown operator: never holds".to_string()),
            OpKind::Regex(r) if r.0.is_none() => {
                e.note = Some("not a valid regular expression: never holds".to_string());
            }
            _ => {}
        }
        e
    }
}

/// The operand of a plain (non-operator) condition, as written.
fn plain_expected(cv: &CondValue) -> Json {
    match cv {
        CondValue::Str { text, .. } => Json::str(text.as_str()),
        CondValue::Num(n) => Json::Num(*n),
        CondValue::Bool(b) => Json::Bool(*b),
        CondValue::Literal(v) => v.clone(),
        CondValue::Null | CondValue::Never | CondValue::Ops(_) => Json::Null,
    }
}

/// `$elemMatch` skips elements that are falsy (`0`, `""`, `false`, `null`).
fn element(e: Explanation, el: &Json) -> Explanation {
    if truthy(el.into()) {
        return e;
    }
    Explanation {
        pass: false,
        note: Some("falsy elements are skipped by $elemMatch".to_string()),
        ..e
    }
}
