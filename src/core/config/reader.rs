//! Walks a parsed JSON config by hand, reporting every problem with its exact path.

use crate::core::error::{with_suggestion, Errors, Path};
use crate::core::event::describe;
use crate::core::gather::Gather;
use crate::core::json::{Json, Obj};
use crate::core::num::show;

/// An object of the config being read: its members and its path.
pub struct Members<'v, 'p> {
    /// The members.
    pub map: &'v Obj,
    /// Where the object is.
    pub path: &'p Path<'p>,
}

impl<'v, 'p> Members<'v, 'p> {
    /// Reads `v` as an object allowing only `keys`; reports anything else (with a suggestion).
    pub fn new(
        v: &'v Json,
        path: &'p Path<'p>,
        keys: &[&str],
        errors: &mut Errors,
    ) -> Option<Members<'v, 'p>> {
        let Json::Obj(map) = v else {
            errors.at(path, || format!("must be an object, got {}", describe(v)));
            return None;
        };
        for k in map.keys() {
            if !keys.contains(&k) {
                errors.at(&path.key(k), || {
                    with_suggestion(format!("unknown key \"{k}\""), k, keys)
                });
            }
        }
        Some(Members { map, path })
    }

    /// The member `key`, if present and not null.
    pub fn get(&self, key: &str) -> Option<&'v Json> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// The path of member `key`.
    pub fn at<'s>(&'s self, key: &'s str) -> Path<'s> {
        self.path.key(key)
    }

    /// A number in `min..=max`, or `default` when absent.
    pub fn num(&self, key: &str, default: f64, min: f64, max: f64, errors: &mut Errors) -> f64 {
        match self.get(key) {
            None => default,
            Some(Json::Num(n)) if *n >= min && *n <= max => *n,
            Some(v) => {
                errors.at(&self.at(key), || {
                    format!(
                        "must be a number from {} to {}, got {}",
                        show(min),
                        show(max),
                        describe(v)
                    )
                });
                default
            }
        }
    }

    /// A boolean, or `default` when absent.
    pub fn bool(&self, key: &str, default: bool, errors: &mut Errors) -> bool {
        match self.get(key) {
            None => default,
            Some(Json::Bool(b)) => *b,
            Some(v) => {
                errors.at(&self.at(key), || {
                    format!("must be true or false, got {}", describe(v))
                });
                default
            }
        }
    }

    /// A non-empty string, if present.
    pub fn str(&self, key: &str, errors: &mut Errors) -> Option<&'v str> {
        match self.get(key)? {
            Json::Str(s) if !s.trim().is_empty() => Some(s),
            v => {
                errors.at(&self.at(key), || {
                    format!("must be a non-empty string, got {}", describe(v))
                });
                None
            }
        }
    }

    /// One of `choices`, or `default` when absent.
    pub fn choice<'c>(
        &self,
        key: &str,
        choices: &[&'c str],
        default: &'c str,
        errors: &mut Errors,
    ) -> &'c str {
        let Some(s) = self.str(key, errors) else {
            return default;
        };
        match choices.iter().find(|c| **c == s) {
            Some(c) => c,
            None => {
                errors.at(&self.at(key), || {
                    let list = choices
                        .iter()
                        .map(|c| format!("\"{c}\""))
                        .gather()
                        .join(", ");
                    with_suggestion(format!("must be one of {list}, got \"{s}\""), s, choices)
                });
                default
            }
        }
    }

    /// A string or an array of strings, as a list; empty when absent.
    pub fn strings(&self, key: &str, errors: &mut Errors) -> Vec<String> {
        match self.get(key) {
            None => Vec::new(),
            Some(v) => strings(v, &self.at(key), errors),
        }
    }
}

/// A string or an array of non-empty strings, as a list.
pub fn strings(v: &Json, path: &Path, errors: &mut Errors) -> Vec<String> {
    match v {
        Json::Str(s) if !s.is_empty() => vec![s.clone()],
        Json::Arr(a) => a
            .iter()
            .enumerate()
            .filter_map(|(i, x)| match x {
                Json::Str(s) if !s.is_empty() => Some(s.clone()),
                other => {
                    errors.at(&path.index(i), || {
                        format!("must be a non-empty string, got {}", describe(other))
                    });
                    None
                }
            })
            .gather(),
        other => {
            errors.at(path, || {
                format!(
                    "must be a string or an array of strings, got {}",
                    describe(other)
                )
            });
            Vec::new()
        }
    }
}

/// Whether `id` is usable as an id in markup and CSS: letters, digits, `-` and `_`.
pub fn is_plain_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
