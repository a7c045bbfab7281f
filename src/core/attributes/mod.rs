//! The attributes document: what segment conditions see, computed from the profile, the page
//! context, and what the shop and the shopper supplied.
//!
//! Conditions never get the whole document: each attribute path a config reads is resolved once
//! into a [`Slot`] (what it is computed from and which parts of the visitor's data it depends
//! on), and after an event only the slots whose parts changed are computed again. The whole
//! document (`sw.attributes()`) is built from the same functions, group by group.

mod groups;
mod slot;

pub use groups::{group, key, Group, ALL_GROUPS, DIMENSIONS, GROUPS};
pub use slot::{resolve, Slot, Unknown};

use crate::core::json::{Json, Obj};
use crate::core::profile::{Profile, Rules};

/// Facts about the current page and device, supplied by the shell.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Context {
    /// Page path, without query string.
    pub path: String,
    /// Page type (`home`, `category`, `product`, `cart`, … or `other`).
    pub page_type: String,
    /// `mobile`, `tablet` or `desktop`.
    pub device: String,
    /// Viewport width in CSS pixels.
    pub width: f64,
    /// The browser's language, e.g. `de-DE`.
    pub locale: String,
    /// Minutes to add to UTC for local time (e.g. 60 in Berlin in winter).
    pub tz_offset_min: i64,
}

/// What attribute values are computed from.
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    /// The visitor's profile.
    pub profile: &'a Profile,
    /// The page and device.
    pub ctx: &'a Context,
    /// What the shop supplied.
    pub attrs: &'a Obj,
    /// The shop's settings (features, half-life).
    pub rules: &'a Rules,
    /// Now (ms).
    pub now: i64,
}

/// The whole document (every group but `segments`, which the engine adds).
pub fn document(src: &Sources) -> Obj {
    ALL_GROUPS
        .iter()
        .filter_map(|g| Some((g.name().to_string(), group(*g, src)?)))
        .collect()
}

/// The value at `parts` inside `v`, as conditions walk it: objects by key, arrays by index and
/// `length`.
pub fn walk(v: &Json, parts: &[String]) -> Option<Json> {
    let mut at = v;
    for (i, part) in parts.iter().enumerate() {
        at = match at {
            Json::Obj(o) => o.get(part)?,
            // A length is a number: nothing lies below it.
            Json::Arr(items) if part == "length" => {
                return (i + 1 == parts.len()).then_some(Json::Num(items.len() as f64));
            }
            Json::Arr(items) => {
                let canonical = part == "0" || !part.starts_with('0');
                if !canonical {
                    return None;
                }
                items.get(usize::try_from(crate::core::num::whole(part)?).ok()?)?
            }
            _ => return None,
        };
    }
    Some(at.clone())
}
