//! Reading item filters (`match` of rules, `where` of features) and feature windows.

use super::reader::Members;
use crate::core::error::{Errors, Path};
use crate::core::event::{describe, MAX_AMOUNT};
use crate::core::gather::Gather;
use crate::core::item::{Category, ItemFilter};
use crate::core::json::Json;
use crate::core::num::show;
use crate::core::profile::counts::{Window, MAX_HOURS};

/// The keys an item filter allows.
pub const FILTER_KEYS: [&str; 5] = ["category", "brand", "tag", "ids", "price"];
/// The keys a price range allows.
pub const PRICE_KEYS: [&str; 2] = ["min", "max"];

/// Reads a filter object at `path`.
pub fn read_filter(v: &Json, path: &Path, errors: &mut Errors) -> ItemFilter {
    let Some(o) = Members::new(v, path, &FILTER_KEYS, errors) else {
        return ItemFilter::default();
    };
    let mut f = ItemFilter {
        categories: o
            .strings("category", errors)
            .iter()
            .map(|c| Category::new(c))
            .gather(),
        brands: o.strings("brand", errors),
        tags: o.strings("tag", errors),
        ids: o.strings("ids", errors),
        ..ItemFilter::default()
    };
    if let Some(p) = o.get("price") {
        let at = o.at("price");
        if let Some(p) = Members::new(p, &at, &PRICE_KEYS, errors) {
            f.price_min = p
                .get("min")
                .map(|_| p.num("min", 0.0, 0.0, MAX_AMOUNT, errors));
            f.price_max = p
                .get("max")
                .map(|_| p.num("max", MAX_AMOUNT, 0.0, MAX_AMOUNT, errors));
            if let (Some(lo), Some(hi)) = (f.price_min, f.price_max) {
                if lo > hi {
                    errors.at(p.path, || {
                        format!("min ({}) is above max ({})", show(lo), show(hi))
                    });
                }
            }
        }
    }
    if f.is_empty() {
        errors.say(
            o.path,
            "matches every item; give at least one of category, brand, tag, ids, price",
        );
    }
    f
}

/// Reads `"session"`, `"all"`, `"12h"` or `"7d"`; days may not exceed the retention.
pub fn read_window(v: &Json, path: &Path, retention_days: u32, errors: &mut Errors) -> Window {
    let Json::Str(s) = v else {
        errors.at(path, || {
            format!(
                "must be a window such as \"7d\", \"12h\", \"session\" or \"all\", got {}",
                describe(v)
            )
        });
        return Window::All;
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
    let n: Option<u32> = (!num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()))
        .then(|| crate::core::num::parse(num))
        .flatten()
        .filter(|n| *n <= f64::from(u32::MAX))
        .map(|n| n as u32);
    match (n, unit) {
        (Some(n @ 1..), 'd') if n <= retention_days => Window::Days(n),
        (Some(1..), 'd') => {
            errors.at(path, || {
                format!(
                    "\"{s}\" is longer than the retention of {retention_days} days \
                     (storage.retentionDays)"
                )
            });
            Window::All
        }
        (Some(n @ 1..), 'h') if n <= MAX_HOURS => Window::Hours(n),
        (Some(_), 'h') => {
            errors.at(path, || {
                format!("\"{s}\": hour windows go up to {MAX_HOURS}h; use days")
            });
            Window::All
        }
        _ => {
            errors.at(path, || {
                format!("\"{s}\" is not a window; use \"<n>d\", \"<n>h\", \"session\" or \"all\"")
            });
            Window::All
        }
    }
}
