//! Compiling the operators of an attribute condition (`{"$gt": 1, "$lt": 9}`), with the
//! checks that make a config error name the exact operand at fault.

use serde_json::Value;

use super::compile::{describe, is_operator_object, quote, Compiler, VALUE_OPERATORS};
use super::eval::{ElemMatch, Group, Op, OpKind, Regex, VersionOp};
use super::hashed::Hashed;
use super::js::{to_js_string, truthy, CmpOp};
use super::version::padded_version;
use crate::core::error::{with_suggestion, JsonPath};

/// The names `$type` knows.
const TYPE_NAMES: &[&str] = &["string", "number", "boolean", "array", "object", "null"];

impl Compiler<'_> {
    /// One operator of an operator object on the attribute at `attr`.
    pub(super) fn op(&mut self, name: &str, operand: &Value, attr: &JsonPath) -> Op {
        let path = attr.key(name);
        let kind = self.op_kind(name, operand, attr, &path);
        Op {
            name: name.to_string(),
            operand: operand.clone(),
            kind,
        }
    }

    fn needs(&mut self, path: &JsonPath, name: &str, what: &str, found: &Value) {
        let message = format!("{} needs {what}, not {}", quote(name), describe(found));
        self.error(path, message);
    }

    fn op_kind(&mut self, name: &str, x: &Value, attr: &JsonPath, path: &JsonPath) -> OpKind {
        let version = |op| OpKind::Version(op, padded_version(x.into()));
        let cmp = |op| OpKind::Cmp(op);
        let scalar = !matches!(x, Value::Array(_) | Value::Object(_));
        let kind = match name {
            "$eq" => OpKind::Eq,
            "$ne" => OpKind::Ne,
            "$lt" => cmp(CmpOp::Lt),
            "$lte" => cmp(CmpOp::Lte),
            "$gt" => cmp(CmpOp::Gt),
            "$gte" => cmp(CmpOp::Gte),
            "$veq" => version(VersionOp::Eq),
            "$vne" => version(VersionOp::Ne),
            "$vgt" => version(VersionOp::Gt),
            "$vgte" => version(VersionOp::Gte),
            "$vlt" => version(VersionOp::Lt),
            "$vlte" => version(VersionOp::Lte),
            "$exists" => {
                if !x.is_boolean() {
                    self.needs(path, name, "true or false", x);
                }
                OpKind::Exists(truthy(x.into()))
            }
            "$in" | "$nin" | "$ini" | "$nini" => {
                let insensitive = name.ends_with('i');
                let list = match x {
                    Value::Array(items) if insensitive => Some(
                        items
                            .iter()
                            .map(|v| match v {
                                Value::String(s) => Value::String(crate::core::text::lowercase(s)),
                                other => other.clone(),
                            })
                            .collect(),
                    ),
                    Value::Array(items) => Some(items.clone()),
                    _ => {
                        self.needs(path, name, "an array of values", x);
                        None
                    }
                };
                OpKind::In {
                    list,
                    negate: name.starts_with("$n"),
                    insensitive,
                }
            }
            "$inGroup" | "$notInGroup" => OpKind::InGroup {
                group: self.group(name, x, path),
                negate: name == "$notInGroup",
            },
            "$not" => OpKind::Not(Box::new(self.value(x, path))),
            "$size" => {
                let ok = matches!(x, Value::Number(_))
                    || matches!(x, Value::Object(m) if is_operator_object(m));
                if !ok {
                    self.needs(
                        path,
                        name,
                        "a number or a condition such as {\"$gt\": 2}",
                        x,
                    );
                }
                OpKind::Size(Box::new(self.value(x, path)))
            }
            "$elemMatch" => OpKind::ElemMatch(match x {
                Value::Object(m) if is_operator_object(m) => {
                    ElemMatch::Ops(Box::new(self.value(x, path)))
                }
                Value::Object(_) => ElemMatch::Cond(Box::new(self.cond(x, path))),
                other => {
                    let what = "an object: operators such as {\"$gt\": 1} or a condition on \
                                the elements' fields";
                    self.needs(path, name, what, other);
                    match other {
                        Value::Null => ElemMatch::Throws,
                        _ => ElemMatch::Cond(Box::new(self.muted(|c| c.js_entries(other)))),
                    }
                }
            }),
            "$all" | "$alli" => {
                let items = match x {
                    Value::Array(items) => Some(
                        items
                            .iter()
                            .enumerate()
                            .map(|(i, item)| self.value(item, &path.index(i)))
                            .collect(),
                    ),
                    _ => {
                        self.needs(path, name, "an array of values", x);
                        None
                    }
                };
                OpKind::All {
                    items,
                    insensitive: name == "$alli",
                }
            }
            "$regex" | "$regexi" => OpKind::Regex(Regex(match x {
                Value::String(pattern) => match self.re.compile(pattern, name == "$regexi") {
                    Ok(p) => match crate::core::regex::check(pattern, name == "$regexi") {
                        Ok(()) => Some(p),
                        Err(reason) => {
                            let message = format!(
                                "regular expression {} is refused: {reason}",
                                quote(pattern)
                            );
                            self.error(path, message);
                            None
                        }
                    },
                    Err(reason) => {
                        let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
                        let message =
                            format!("invalid regular expression {}: {reason}", quote(pattern));
                        self.error(path, message);
                        None
                    }
                },
                other => {
                    self.needs(path, name, "a regular expression string", other);
                    None
                }
            })),
            "$type" => {
                if !matches!(x, Value::String(t) if TYPE_NAMES.contains(&t.as_str())) {
                    let message = format!(
                        "{} needs one of \"string\", \"number\", \"boolean\", \"array\", \
                         \"object\", \"null\", not {}",
                        quote(name),
                        match x {
                            Value::String(s) => quote(s),
                            other => describe(other).to_string(),
                        }
                    );
                    let word = x.as_str().unwrap_or("");
                    self.error(path, with_suggestion(message, word, TYPE_NAMES));
                }
                OpKind::Type(x.as_str().map(str::to_string))
            }
            _ => {
                let message = format!("unknown operator {}", quote(name));
                let message = with_suggestion(message, name, VALUE_OPERATORS);
                self.error(attr, message);
                return OpKind::Unknown;
            }
        };
        if name.starts_with("$v") && !matches!(x, Value::String(_) | Value::Number(_)) {
            self.needs(path, name, "a version string such as \"1.2.3\"", x);
        } else if matches!(name, "$eq" | "$ne" | "$lt" | "$lte" | "$gt" | "$gte") && !scalar {
            self.needs(path, name, "a string, number, boolean or null", x);
        }
        kind
    }

    /// `savedGroups[x] || []`, reporting a group id that names no group.
    fn group(&mut self, name: &str, x: &Value, path: &JsonPath) -> Group {
        let key = to_js_string(x.into()).into_owned();
        match (x, self.groups.get(&key)) {
            (Value::String(_), None) => {
                let names: Vec<&str> = self.groups.keys().map(String::as_str).collect();
                let message =
                    with_suggestion(format!("unknown group {}", quote(&key)), &key, &names);
                self.error(path, message);
            }
            (Value::String(_), Some(Value::Array(_))) => {}
            (Value::String(_), Some(v)) if Hashed::read(v).is_some() => {}
            (Value::String(_), Some(other)) => {
                let message = format!(
                    "group {} is {}, not an array of ids or a hashed group",
                    quote(&key),
                    describe(other)
                );
                self.error(path, message);
            }
            (other, _) => self.needs(path, name, "a group id string", other),
        }
        match self.groups.get(&key) {
            Some(Value::Array(members)) => Group::Members(members.clone()),
            Some(v) if Hashed::read(v).is_some() => {
                Hashed::read(v).map_or(Group::Throws, Group::Hashed)
            }
            Some(v) if !truthy(v.into()) => Group::Members(Vec::new()),
            Some(Value::String(s)) => Group::Text(s.clone()),
            Some(_) => Group::Throws,
            None => Group::Members(Vec::new()),
        }
    }
}
