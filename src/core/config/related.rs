//! Reading "people also bought / viewed" relations shipped in the config.
//!
//! An array lists related ids strongest first (strengths 1, then falling linearly to 1/n);
//! an object gives strengths, scaled by the largest strength of the whole config (so the
//! shop's own scale survives: a weakly related pair stays weak). Relations work both ways,
//! as they do in markup: if A lists B, B's companions include A with the same strength.

use super::reader;
use crate::core::error::{Errors, Path};
use crate::core::event::describe;
use crate::core::json::Json;
use crate::core::program::Relations;
use crate::core::sort::merge_sort_by;

/// Reads `related` (an object of item id to related ids or to `{ id: strength }`).
pub(super) fn read_related(v: &Json, path: &Path, errors: &mut Errors) -> Relations {
    let Json::Obj(m) = v else {
        errors.at(path, || {
            format!(
                "must be an object of item id to related ids, got {}",
                describe(v)
            )
        });
        return Relations::default();
    };
    // (from, to, strength, whether it is a weight to scale)
    let mut pairs: Vec<(&str, String, f64, bool)> = Vec::new();
    for (id, rel) in m.iter() {
        let p = path.key(id);
        match rel {
            Json::Arr(a) => {
                let n = a.len().max(1) as f64;
                for (i, r) in reader::strings(rel, &p, errors).into_iter().enumerate() {
                    pairs.push((id, r, 1.0 - i as f64 / n, false));
                }
            }
            Json::Obj(w) => {
                for (r, s) in w.iter() {
                    match s.as_f64() {
                        Some(s) if s > 0.0 && s.is_finite() => {
                            pairs.push((id, r.to_string(), s, true))
                        }
                        _ => errors.at(&p.key(r), || {
                            format!("must be a positive strength, got {}", describe(s))
                        }),
                    }
                }
            }
            other => errors.at(&p, || {
                format!(
                    "must be an array of ids or an object of id to strength, got {}",
                    describe(other)
                )
            }),
        }
    }
    let max = pairs
        .iter()
        .filter(|p| p.3)
        .map(|p| p.2)
        .fold(0.0, f64::max);
    let mut edges: Vec<(String, String, f64)> = Vec::with_capacity(pairs.len() * 2);
    for (from, to, s, weighted) in pairs {
        let s = if weighted { s / max } else { s };
        if from != to {
            edges.push((to.clone(), from.to_string(), s));
            edges.push((from.to_string(), to, s));
        }
    }
    // One edge per (from, to), the strongest; grouped by `from`, strongest first.
    merge_sort_by(&mut edges, |a, b| (&a.0, &a.1) < (&b.0, &b.1));
    let mut out: Vec<(String, Vec<(String, f64)>)> = Vec::new();
    for (from, to, s) in edges {
        match out.last_mut() {
            Some((f, list)) if *f == from => match list.last_mut() {
                Some((t, best)) if *t == to => *best = best.max(s),
                _ => list.push((to, s)),
            },
            _ => out.push((from, vec![(to, s)])),
        }
    }
    for (_, list) in &mut out {
        merge_sort_by(list, |a, b| a.1 > b.1);
    }
    Relations(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(v: Json) -> Relations {
        let mut e = Errors::default();
        let root = Path::Root;
        let r = read_related(&v, &root.key("related"), &mut e);
        assert!(e.is_empty(), "{e:?}");
        r
    }

    fn get(r: &Relations, id: &str) -> Vec<(String, f64)> {
        r.get(id).unwrap_or_default().to_vec()
    }

    #[test]
    fn weighted_relations_keep_the_shops_scale_and_work_both_ways() {
        let r = read(json!({ "a": { "b": 10, "c": 1 }, "d": { "e": 1 } }));
        assert_eq!(
            get(&r, "a"),
            [("b".to_string(), 1.0), ("c".to_string(), 0.1)]
        );
        assert_eq!(get(&r, "e"), [("d".to_string(), 0.1)]);
        assert_eq!(get(&r, "b"), [("a".to_string(), 1.0)]);
    }

    #[test]
    fn ranked_lists_fall_linearly() {
        let r = read(json!({ "a": ["b", "c"] }));
        assert_eq!(
            get(&r, "a"),
            [("b".to_string(), 1.0), ("c".to_string(), 0.5)]
        );
        assert_eq!(get(&r, "c"), [("a".to_string(), 0.5)]);
    }
}
