//! Item filters (`match` of rules, `where` of features) and feature windows.

use super::reader::{Errors, Obj};
use crate::core::error::JsonPath;
use crate::core::event::{describe, Item};
use crate::core::num::show;
use serde_json::Value;

/// Which items a rule or feature is about; every given facet must match (names ignore case).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemFilter {
    /// Category names at any level (`Running`) or paths (`Shoes/Running`); any may match.
    pub categories: Vec<String>,
    /// Brands; any may match.
    pub brands: Vec<String>,
    /// Tags; any may match.
    pub tags: Vec<String>,
    /// Item ids; any may match.
    pub ids: Vec<String>,
    /// Lowest price, inclusive.
    pub price_min: Option<f64>,
    /// Highest price, inclusive.
    pub price_max: Option<f64>,
}

/// The keys an item filter allows.
pub const FILTER_KEYS: [&str; 5] = ["category", "brand", "tag", "ids", "price"];
/// The keys a price range allows.
pub const PRICE_KEYS: [&str; 2] = ["min", "max"];

fn any_eq(wanted: &[String], have: &str) -> bool {
    wanted.iter().any(|w| w.eq_ignore_ascii_case(have))
}

impl ItemFilter {
    /// Reads a filter object at `path`.
    pub fn parse(v: &Value, path: JsonPath, errors: &mut Errors) -> ItemFilter {
        let Some(o) = Obj::new(v, path, &FILTER_KEYS, errors) else {
            return ItemFilter::default();
        };
        let mut f = ItemFilter {
            categories: o.strings("category", errors),
            brands: o.strings("brand", errors),
            tags: o.strings("tag", errors),
            ids: o.strings("ids", errors),
            ..ItemFilter::default()
        };
        if let Some(p) = o.get("price") {
            if let Some(p) = Obj::new(p, o.at("price"), &PRICE_KEYS, errors) {
                let max = crate::core::event::MAX_AMOUNT;
                f.price_min = p.get("min").map(|_| p.num("min", 0.0, 0.0, max, errors));
                f.price_max = p.get("max").map(|_| p.num("max", max, 0.0, max, errors));
                if let (Some(lo), Some(hi)) = (f.price_min, f.price_max) {
                    if lo > hi {
                        errors.at(
                            &p.path,
                            format!("min ({}) is above max ({})", show(lo), show(hi)),
                        );
                    }
                }
            }
        }
        if f.is_empty() {
            errors.at(
                &o.path,
                "matches every item; give at least one of category, brand, tag, ids, price",
            );
        }
        f
    }

    /// Whether the filter has no facet at all.
    pub fn is_empty(&self) -> bool {
        self.categories.is_empty()
            && self.brands.is_empty()
            && self.tags.is_empty()
            && self.ids.is_empty()
            && self.price_min.is_none()
            && self.price_max.is_none()
    }

    /// Whether `item` passes every facet of the filter.
    pub fn matches(&self, item: &Item) -> bool {
        (self.ids.is_empty() || self.ids.contains(&item.id))
            && (self.brands.is_empty()
                || item
                    .brand
                    .as_deref()
                    .is_some_and(|b| any_eq(&self.brands, b)))
            && (self.tags.is_empty() || item.tags.iter().any(|t| any_eq(&self.tags, t)))
            && (self.categories.is_empty() || self.categories.iter().any(|c| item.in_category(c)))
            && self.price_ok(item.price)
    }

    fn price_ok(&self, price: Option<f64>) -> bool {
        if self.price_min.is_none() && self.price_max.is_none() {
            return true;
        }
        price.is_some_and(|p| {
            self.price_min.is_none_or(|lo| p >= lo) && self.price_max.is_none_or(|hi| p <= hi)
        })
    }
}

/// How far back a feature looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    /// The current session only.
    Session,
    /// Everything kept (up to the retention).
    All,
    /// The last n hours.
    Hours(u32),
    /// The last n days.
    Days(u32),
}

/// Longest window in hours.
pub const MAX_HOURS: u32 = 72;

impl Window {
    /// Reads `"session"`, `"all"`, `"12h"` or `"7d"`; days may not exceed the retention.
    pub fn parse(v: &Value, path: &JsonPath, retention_days: u32, errors: &mut Errors) -> Window {
        let bad = |errors: &mut Errors, why: String| {
            errors.at(path, why);
            Window::All
        };
        let Value::String(s) = v else {
            return bad(
                errors,
                format!(
                    "must be a window such as \"7d\", \"12h\", \"session\" or \"all\", got {}",
                    describe(v)
                ),
            );
        };
        match s.as_str() {
            "session" => return Window::Session,
            "all" => return Window::All,
            _ => {}
        }
        let (num, unit) = match s.char_indices().last() {
            Some((i, c)) if c == 'd' || c == 'h' => (&s[..i], c),
            _ => ("", ' '),
        };
        match (num.parse::<u32>(), unit) {
            (Ok(n @ 1..), 'd') if n <= retention_days => Window::Days(n),
            (Ok(1..), 'd') => bad(
                errors,
                format!("\"{s}\" is longer than the retention of {retention_days} days (storage.retentionDays)"),
            ),
            (Ok(n @ 1..), 'h') if n <= MAX_HOURS => Window::Hours(n),
            (Ok(_), 'h') => bad(errors, format!("\"{s}\": hour windows go up to {MAX_HOURS}h; use days")),
            _ => bad(
                errors,
                format!("\"{s}\" is not a window; use \"<n>d\", \"<n>h\", \"session\" or \"all\""),
            ),
        }
    }
}
