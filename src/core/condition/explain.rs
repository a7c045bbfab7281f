//! Why a condition held or not: a tree mirroring the condition, each node with its verdict and
//! the attribute value it saw. Verdicts come from the evaluator itself, never recomputed here.

use serde_json::{Map, Value};

use super::eval::{
    eval_cond, eval_entry, eval_op, eval_value, get_path, Cond, CondValue, ElemMatch, Entry, Op,
    OpKind, Outcome,
};
use super::js::{number_value, truthy, JsVal};

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
    pub expected: Option<Value>,
    /// The attribute value seen at `path` (`null` when missing).
    pub actual: Option<Value>,
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
        self.actual = Some(found.map_or(Value::Null, JsVal::to_value));
        if found.is_none() && self.note.is_none() {
            self.note = Some(MISSING.to_string());
        }
        self
    }

    /// This explanation as JSON: `{"op", "path"?, "expected"?, "actual"?, "pass", "note"?,
    /// "children"?}` (absent fields and empty children are left out).
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("op".into(), Value::String(self.op.clone()));
        if let Some(p) = &self.path {
            m.insert("path".into(), Value::String(p.clone()));
        }
        if let Some(e) = &self.expected {
            m.insert("expected".into(), e.clone());
        }
        if let Some(a) = &self.actual {
            m.insert("actual".into(), a.clone());
        }
        m.insert("pass".into(), Value::Bool(self.pass));
        if let Some(n) = &self.note {
            m.insert("note".into(), Value::String(n.clone()));
        }
        if !self.children.is_empty() {
            let children = self.children.iter().map(Explanation::to_json).collect();
            m.insert("children".into(), Value::Array(children));
        }
        Value::Object(m)
    }
}

fn join(prefix: &str, path: &str) -> String {
    if prefix.is_empty() {
        path.to_string()
    } else {
        format!("{prefix}.{path}")
    }
}

/// Explains `cond` evaluated against `obj`; paths are prefixed with `prefix`.
pub(crate) fn explain_cond(cond: &Cond, obj: JsVal, prefix: &str) -> Explanation {
    match cond {
        Cond::Entries(entries) if entries.len() == 1 => explain_entry(&entries[0], obj, prefix),
        Cond::Entries(entries) => {
            let mut e = Explanation::new("$and", eval_cond(cond, obj));
            e.children = entries
                .iter()
                .map(|en| explain_entry(en, obj, prefix))
                .collect();
            e
        }
        Cond::Throws => {
            let mut e = Explanation::new("condition", eval_cond(cond, obj));
            e.note = Some(format!("the condition is null: {THROWN}"));
            e
        }
    }
}

fn explain_entry(entry: &Entry, obj: JsVal, prefix: &str) -> Explanation {
    let outcome = eval_entry(entry, obj);
    let (op, items) = match entry {
        Entry::Or(l) => ("$or", l.items.as_slice()),
        Entry::Nor(l) => ("$nor", l.items.as_slice()),
        Entry::And(l) => ("$and", l.items.as_slice()),
        Entry::Not(c) => ("$not", std::slice::from_ref(c.as_ref())),
        Entry::Field(f) => {
            let found = get_path(obj, &f.parts);
            return explain_value(&f.value, found, &join(prefix, &f.path));
        }
    };
    let mut e = Explanation::new(op, outcome);
    e.children = items.iter().map(|c| explain_cond(c, obj, prefix)).collect();
    e
}

/// The operand of a plain (non-operator) condition, as written.
fn plain_expected(cv: &CondValue) -> Value {
    match cv {
        CondValue::Str { text, .. } => Value::String(text.clone()),
        CondValue::Num(n) => number_value(*n),
        CondValue::Bool(b) => Value::Bool(*b),
        CondValue::Literal(v) => v.clone(),
        CondValue::Null | CondValue::Never | CondValue::Ops(_) => Value::Null,
    }
}

fn explain_value(cv: &CondValue, found: Option<JsVal>, path: &str) -> Explanation {
    let actual = found.unwrap_or(JsVal::Null);
    match cv {
        CondValue::Ops(ops) if ops.len() == 1 => explain_op(&ops[0], found, path),
        CondValue::Ops(ops) => {
            let mut e = Explanation::new("$and", eval_value(cv, actual)).at(path, found);
            e.children = ops.iter().map(|op| explain_op(op, found, path)).collect();
            e
        }
        _ => {
            let mut e = Explanation::new("equals", eval_value(cv, actual)).at(path, found);
            e.expected = Some(plain_expected(cv));
            e
        }
    }
}

/// `$elemMatch` skips elements that are falsy (`0`, `""`, `false`, `null`).
fn element(e: Explanation, el: &Value) -> Explanation {
    if truthy(el.into()) {
        return e;
    }
    Explanation {
        pass: false,
        note: Some("falsy elements are skipped by $elemMatch".to_string()),
        ..e
    }
}

fn explain_op(op: &Op, found: Option<JsVal>, path: &str) -> Explanation {
    let actual = found.unwrap_or(JsVal::Null);
    let mut e = Explanation::new(&op.name, eval_op(op, actual)).at(path, found);
    e.expected = Some(op.operand.clone());
    let items = match actual {
        JsVal::Arr(items) => items,
        _ => &[],
    };
    match &op.kind {
        OpKind::Not(inner) => e.children = vec![explain_value(inner, found, path)],
        OpKind::Size(inner) if found.is_some_and(|v| matches!(v, JsVal::Arr(_))) => {
            let len = Some(JsVal::Num(items.len() as f64));
            e.children = vec![explain_value(inner, len, &join(path, "length"))];
        }
        OpKind::ElemMatch(ElemMatch::Ops(inner)) => {
            e.children = items
                .iter()
                .enumerate()
                .map(|(i, el)| {
                    let path = join(path, &i.to_string());
                    element(explain_value(inner, Some(el.into()), &path), el)
                })
                .collect();
        }
        OpKind::ElemMatch(ElemMatch::Cond(c)) => {
            e.children = items
                .iter()
                .enumerate()
                .map(|(i, el)| {
                    let path = join(path, &i.to_string());
                    element(explain_cond(c, el.into(), &path), el)
                })
                .collect();
        }
        OpKind::Unknown => e.note = Some("unknown operator: never holds".to_string()),
        OpKind::Regex(r) if r.0.is_none() => {
            e.note = Some("not a valid regular expression: never holds".to_string());
        }
        _ => {}
    }
    e
}
