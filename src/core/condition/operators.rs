//! Compiling the operators of an attribute condition (`{"$gt": 1, "$lt": 9}`), with the
//! checks that make a config error name the exact operand at fault.

use super::compile::{describe, is_operator_object, Compiler, VALUE_OPERATORS};
use super::eval::{ElemMatch, Group, Op, OpKind, Regex, VersionOp};
use super::hashed::Hashed;
use super::js::{to_js_string, truthy, CmpOp};
use super::version::padded_version;
use crate::core::error::{with_suggestion, Path};
use crate::core::gather::Gather;
use crate::core::json::Json;
use crate::core::text::quote;

/// The names `$type` knows.
const TYPE_NAMES: &[&str] = &["string", "number", "boolean", "array", "object", "null"];

impl Compiler<'_> {
    /// One operator of an operator object on the attribute at `attr`.
    pub(super) fn op(&mut self, name: &str, operand: &Json, attr: &Path) -> Op {
        let path = attr.key(name);
        let kind = self.op_kind(name, operand, attr, &path);
        Op {
            name: name.to_string(),
            operand: operand.clone(),
            kind,
        }
    }

    fn needs(&mut self, path: &Path, name: &str, what: &str, found: &Json) {
        self.error(path, || {
            format!("{} needs {what}, not {}", quote(name), describe(found))
        });
    }

    fn op_kind(&mut self, name: &str, x: &Json, attr: &Path, path: &Path) -> OpKind {
        let version = |op| OpKind::Version(op, padded_version(x.into()));
        let cmp = |op| OpKind::Cmp(op);
        let scalar = !matches!(x, Json::Arr(_) | Json::Obj(_));
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
                if !matches!(x, Json::Bool(_)) {
                    self.needs(path, name, "true or false", x);
                }
                OpKind::Exists(truthy(x.into()))
            }
            "$in" | "$nin" | "$ini" | "$nini" => {
                let insensitive = name.ends_with('i');
                let list = match x {
                    Json::Arr(items) if insensitive => Some(
                        items
                            .iter()
                            .map(|v| match v {
                                Json::Str(s) => Json::Str(crate::core::text::lowercase(s)),
                                other => other.clone(),
                            })
                            .gather(),
                    ),
                    Json::Arr(items) => Some(items.clone()),
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
            "$not" => {
                let v = self.value(x, path);
                OpKind::Not(self.push_value(v))
            }
            "$size" => {
                let ok =
                    matches!(x, Json::Num(_)) || matches!(x, Json::Obj(m) if is_operator_object(m));
                if !ok {
                    self.needs(
                        path,
                        name,
                        "a number or a condition such as {\"$gt\": 2}",
                        x,
                    );
                }
                let v = self.value(x, path);
                OpKind::Size(self.push_value(v))
            }
            "$elemMatch" => OpKind::ElemMatch(match x {
                Json::Obj(m) if is_operator_object(m) => {
                    let v = self.value(x, path);
                    ElemMatch::Ops(self.push_value(v))
                }
                Json::Obj(_) => {
                    let c = self.relative(|c| c.cond(x, path));
                    ElemMatch::Cond(self.push_cond(c))
                }
                other => {
                    let what = "an object: operators such as {\"$gt\": 1} or a condition on \
                                the elements' fields";
                    self.needs(path, name, what, other);
                    match other {
                        Json::Null => ElemMatch::Throws,
                        _ => {
                            let c = self.relative(|c| c.muted(|c| c.js_entries(other)));
                            ElemMatch::Cond(self.push_cond(c))
                        }
                    }
                }
            }),
            "$all" | "$alli" => {
                let items = match x {
                    Json::Arr(items) => {
                        let values = items
                            .iter()
                            .enumerate()
                            .map(|(i, item)| self.value(item, &path.index(i)))
                            .gather();
                        Some(self.push_values(values))
                    }
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
                Json::Str(pattern) => match self.re.compile(pattern, name == "$regexi") {
                    Ok(p) => match crate::core::regex::check(pattern, name == "$regexi") {
                        Ok(()) => Some(p),
                        Err(reason) => {
                            self.error(path, || {
                                format!(
                                    "regular expression {} is refused: {reason}",
                                    quote(pattern)
                                )
                            });
                            None
                        }
                    },
                    Err(reason) => {
                        self.error(path, || {
                            let reason = reason.split_whitespace().gather().join(" ");
                            format!("invalid regular expression {}: {reason}", quote(pattern))
                        });
                        None
                    }
                },
                other => {
                    self.needs(path, name, "a regular expression string", other);
                    None
                }
            })),
            "$type" => {
                if !matches!(x, Json::Str(t) if TYPE_NAMES.contains(&t.as_str())) {
                    self.error(path, || {
                        let message = format!(
                            "{} needs one of \"string\", \"number\", \"boolean\", \"array\", \
                             \"object\", \"null\", not {}",
                            quote(name),
                            match x {
                                Json::Str(s) => quote(s),
                                other => describe(other).to_string(),
                            }
                        );
                        with_suggestion(message, x.as_str().unwrap_or(""), TYPE_NAMES)
                    });
                }
                OpKind::Type(x.as_str().map(str::to_string))
            }
            _ => {
                self.error(attr, || {
                    with_suggestion(
                        format!("unknown operator {}", quote(name)),
                        name,
                        VALUE_OPERATORS,
                    )
                });
                return OpKind::Unknown;
            }
        };
        if name.starts_with("$v") && !matches!(x, Json::Str(_) | Json::Num(_)) {
            self.needs(path, name, "a version string such as \"1.2.3\"", x);
        } else if matches!(name, "$eq" | "$ne" | "$lt" | "$lte" | "$gt" | "$gte") && !scalar {
            self.needs(path, name, "a string, number, boolean or null", x);
        }
        kind
    }

    /// `savedGroups[x] || []`, reporting a group id that names no group.
    fn group(&mut self, name: &str, x: &Json, path: &Path) -> Group {
        let key = to_js_string(x.into()).into_owned();
        let groups = self.groups;
        match (x, groups.get(&key)) {
            (Json::Str(_), None) => {
                self.error(path, || {
                    let names: Vec<&str> = groups.keys().gather();
                    with_suggestion(format!("unknown group {}", quote(&key)), &key, &names)
                });
            }
            (Json::Str(_), Some(Json::Arr(_))) => {}
            (Json::Str(_), Some(v)) if Hashed::read(v).is_some() => {}
            (Json::Str(_), Some(other)) => {
                self.error(path, || {
                    format!(
                        "group {} is {}, not an array of ids or a hashed group",
                        quote(&key),
                        describe(other)
                    )
                });
            }
            (other, _) => self.needs(path, name, "a group id string", other),
        }
        match groups.get(&key) {
            Some(Json::Arr(members)) => Group::Members(members.clone()),
            Some(v) if Hashed::read(v).is_some() => {
                Hashed::read(v).map_or(Group::Throws, Group::Hashed)
            }
            Some(v) if !truthy(v.into()) => Group::Members(Vec::new()),
            Some(Json::Str(s)) => Group::Text(s.clone()),
            Some(_) => Group::Throws,
            None => Group::Members(Vec::new()),
        }
    }
}
