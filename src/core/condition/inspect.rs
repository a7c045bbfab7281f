//! Static questions about a compiled condition: which attributes it reads, and which literal
//! strings it compares an attribute with.

use serde_json::Value;

use super::eval::{Cond, CondValue, ElemMatch, Entry, Group, OpKind};

/// Calls `visit(path, value)` for every attribute condition in `cond`, through `$and`, `$or`,
/// `$nor` and `$not`; `prefix` is prepended to the paths (conditions on array elements).
pub(crate) fn fields<'c>(
    cond: &'c Cond,
    prefix: &str,
    visit: &mut dyn FnMut(String, &'c CondValue),
) {
    let Cond::Entries(entries) = cond else {
        return;
    };
    for entry in entries {
        match entry {
            Entry::Or(l) | Entry::Nor(l) | Entry::And(l) => {
                l.items.iter().for_each(|c| fields(c, prefix, visit));
            }
            Entry::Not(c) => fields(c, prefix, visit),
            Entry::Field(f) => {
                let path = if prefix.is_empty() {
                    f.path.clone()
                } else {
                    format!("{prefix}.{}", f.path)
                };
                visit(path, &f.value);
            }
        }
    }
}

/// The attribute paths `cond` reads, in order of first appearance.
pub(crate) fn paths(cond: &Cond) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    fields(cond, "", &mut |path, _| {
        if !out.contains(&path) {
            out.push(path);
        }
    });
    out
}

/// The literal strings compared with the attribute at `target`, in order of first appearance.
pub(crate) fn literals_for(cond: &Cond, target: &str) -> Vec<String> {
    let mut out = Vec::new();
    collect_cond(cond, "", target, &mut out);
    out
}

fn collect_cond(cond: &Cond, prefix: &str, target: &str, out: &mut Vec<String>) {
    let mut found = Vec::new();
    fields(cond, prefix, &mut |path, value| found.push((path, value)));
    for (path, value) in found {
        collect_value(value, &path, target, out);
    }
}

fn push(out: &mut Vec<String>, s: &str) {
    if !out.iter().any(|o| o == s) {
        out.push(s.to_string());
    }
}

fn push_strings(out: &mut Vec<String>, values: &[Value]) {
    for v in values {
        if let Value::String(s) = v {
            push(out, s);
        }
    }
}

/// Literals in a condition on the value at `path`.
fn collect_value(cv: &CondValue, path: &str, target: &str, out: &mut Vec<String>) {
    let here = path == target;
    match cv {
        CondValue::Str { text, .. } if here => push(out, text),
        CondValue::Literal(Value::Array(items)) if here => push_strings(out, items),
        CondValue::Ops(ops) => {
            for op in ops {
                match &op.kind {
                    OpKind::Eq | OpKind::Ne if here => {
                        if let Value::String(s) = &op.operand {
                            push(out, s);
                        }
                    }
                    OpKind::In { .. } if here => {
                        if let Value::Array(items) = &op.operand {
                            push_strings(out, items);
                        }
                    }
                    OpKind::InGroup {
                        group: Group::Members(members),
                        ..
                    } if here => push_strings(out, members),
                    OpKind::Not(inner) => collect_value(inner, path, target, out),
                    OpKind::All {
                        items: Some(items), ..
                    } => items
                        .iter()
                        .for_each(|item| collect_value(item, path, target, out)),
                    OpKind::ElemMatch(ElemMatch::Ops(inner)) => {
                        collect_value(inner, path, target, out);
                    }
                    OpKind::ElemMatch(ElemMatch::Cond(c)) => collect_cond(c, path, target, out),
                    _ => {}
                }
            }
        }
        _ => {}
    }
}
