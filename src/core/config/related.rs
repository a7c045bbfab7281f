//! "People also bought / viewed" relations shipped in the config.
//!
//! An array lists related ids strongest first (strengths 1, then falling linearly to 1/n);
//! an object gives strengths, scaled by the largest strength of the whole config (so the
//! shop's own scale survives: a weakly related pair stays weak). Relations work both ways,
//! as they do in markup: if A lists B, B's companions include A with the same strength.

use super::reader::{self, Errors};
use crate::core::error::JsonPath;
use crate::core::event::describe;
use serde_json::Value;
use std::collections::HashMap;

/// Related items by item id, strongest first, with strengths in (0, 1].
pub type Relations = HashMap<String, Vec<(String, f64)>>;

/// One relation as written: from, to, strength, and whether it is a weight to scale.
type Pair<'a> = (&'a str, String, f64, bool);

/// Reads `related` (an object of item id to related ids or to `{ id: strength }`).
pub(super) fn read_related(v: &Value, path: JsonPath, errors: &mut Errors) -> Relations {
    let Value::Object(m) = v else {
        errors.at(
            &path,
            format!(
                "must be an object of item id to related ids, got {}",
                describe(v)
            ),
        );
        return Relations::new();
    };
    let mut pairs: Vec<Pair> = Vec::new();
    for (id, rel) in m {
        let p = path.key(id);
        match rel {
            Value::Array(a) => {
                let n = a.len().max(1) as f64;
                for (i, r) in reader::strings(rel, &p, errors).into_iter().enumerate() {
                    pairs.push((id, r, 1.0 - i as f64 / n, false));
                }
            }
            Value::Object(w) => {
                for (r, s) in w {
                    match s.as_f64() {
                        Some(s) if s > 0.0 && s.is_finite() => pairs.push((id, r.clone(), s, true)),
                        _ => errors.at(
                            &p.key(r),
                            format!("must be a positive strength, got {}", describe(s)),
                        ),
                    }
                }
            }
            other => errors.at(
                &p,
                format!(
                    "must be an array of ids or an object of id to strength, got {}",
                    describe(other)
                ),
            ),
        }
    }
    let max = pairs
        .iter()
        .filter(|p| p.3)
        .map(|p| p.2)
        .fold(0.0, f64::max);
    let mut out = Relations::new();
    let mut add = |from: &str, to: &str, s: f64| {
        if from == to {
            return;
        }
        let list = out.entry(from.to_string()).or_default();
        match list.iter_mut().find(|(id, _)| id == to) {
            Some(e) => e.1 = e.1.max(s),
            None => list.push((to.to_string(), s)),
        }
    };
    for (from, to, s, weighted) in &pairs {
        let s = if *weighted { s / max } else { *s };
        add(from, to, s);
        add(to, from, s);
    }
    for list in out.values_mut() {
        crate::core::sort::insertion_sort_by(list, |a, b| a.1 > b.1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(v: Value) -> Relations {
        let mut e = Errors::default();
        let r = read_related(&v, JsonPath::root().key("related"), &mut e);
        assert!(e.0.is_empty(), "{:?}", e.0);
        r
    }

    #[test]
    fn weighted_relations_keep_the_shops_scale_and_work_both_ways() {
        let r = read(json!({ "a": { "b": 10, "c": 1 }, "d": { "e": 1 } }));
        assert_eq!(r["a"], [("b".to_string(), 1.0), ("c".to_string(), 0.1)]);
        assert_eq!(r["e"], [("d".to_string(), 0.1)]);
        assert_eq!(r["b"], [("a".to_string(), 1.0)]);
    }

    #[test]
    fn ranked_lists_fall_linearly() {
        let r = read(json!({ "a": ["b", "c"] }));
        assert_eq!(r["a"], [("b".to_string(), 1.0), ("c".to_string(), 0.5)]);
        assert_eq!(r["c"], [("a".to_string(), 0.5)]);
    }
}
