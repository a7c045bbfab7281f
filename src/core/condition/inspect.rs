//! Static questions about a compiled condition: which attributes it reads, and which literal
//! strings it compares an attribute with.

use super::eval::{Cond, CondValue, Conditions, ElemMatch, Entry, Group, OpKind};
use crate::core::json::Json;

impl Conditions {
    /// Calls `visit(path, value)` for every field in `cond`, through `$and`, `$or`, `$nor` and
    /// `$not`; `prefix` is prepended to the paths (conditions on array elements).
    fn fields<'c>(
        &'c self,
        cond: &'c Cond,
        prefix: &str,
        visit: &mut dyn FnMut(String, &'c CondValue),
    ) {
        let Cond::Entries(span) = cond else {
            return;
        };
        for entry in &self.entries[span.range()] {
            match entry {
                Entry::Or(l) | Entry::Nor(l) | Entry::And(l) => {
                    for c in &self.conds[l.items.range()] {
                        self.fields(c, prefix, visit);
                    }
                }
                Entry::Not(c) => self.fields(self.cond(*c), prefix, visit),
                Entry::Field(f) => {
                    let path = if prefix.is_empty() {
                        f.path.clone()
                    } else {
                        crate::cat!(prefix, '.', f.path)
                    };
                    visit(path, self.value(f.value));
                }
            }
        }
    }

    /// The attribute paths `cond` reads, in order of first appearance.
    pub(crate) fn paths_of(&self, cond: &Cond) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        self.fields(cond, "", &mut |path, _| {
            if !out.contains(&path) {
                out.push(path);
            }
        });
        out
    }

    /// The literal strings compared with the attribute at `target`, in order of first appearance.
    pub(crate) fn literals_of(&self, cond: &Cond, target: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_cond(cond, "", target, &mut out);
        out
    }

    fn collect_cond(&self, cond: &Cond, prefix: &str, target: &str, out: &mut Vec<String>) {
        let mut found = Vec::new();
        self.fields(cond, prefix, &mut |path, value| found.push((path, value)));
        for (path, value) in found {
            self.collect_value(value, &path, target, out);
        }
    }

    /// Literals in a condition on the value at `path`.
    fn collect_value(&self, cv: &CondValue, path: &str, target: &str, out: &mut Vec<String>) {
        let here = path == target;
        match cv {
            CondValue::Str { text, .. } if here => push(out, text),
            CondValue::Literal(Json::Arr(items)) if here => push_strings(out, items),
            CondValue::Ops(span) => {
                for op in &self.ops[span.range()] {
                    match &op.kind {
                        OpKind::Eq | OpKind::Ne if here => {
                            if let Json::Str(s) = &op.operand {
                                push(out, s);
                            }
                        }
                        OpKind::In { .. } if here => {
                            if let Json::Arr(items) = &op.operand {
                                push_strings(out, items);
                            }
                        }
                        OpKind::InGroup {
                            group: Group::Members(members),
                            ..
                        } if here => push_strings(out, members),
                        OpKind::Not(inner) => {
                            self.collect_value(self.value(*inner), path, target, out);
                        }
                        OpKind::All {
                            items: Some(items), ..
                        } => {
                            for item in &self.values[items.range()] {
                                self.collect_value(item, path, target, out);
                            }
                        }
                        OpKind::ElemMatch(ElemMatch::Ops(inner)) => {
                            self.collect_value(self.value(*inner), path, target, out);
                        }
                        OpKind::ElemMatch(ElemMatch::Cond(c)) => {
                            self.collect_cond(self.cond(*c), path, target, out);
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

fn push(out: &mut Vec<String>, s: &str) {
    if !out.iter().any(|o| o == s) {
        out.push(s.to_string());
    }
}

fn push_strings(out: &mut Vec<String>, values: &[Json]) {
    for v in values {
        if let Json::Str(s) = v {
            push(out, s);
        }
    }
}
