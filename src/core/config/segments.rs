//! Reading segments: ids, conditions, the attributes they read, and their dependency order.

use super::reader::{is_plain_id, Errors, Obj};
use super::{Feature, Segment, SEGMENT_KEYS};
use crate::core::attributes::GROUPS;
use crate::core::condition::Condition;
use crate::core::error::{with_suggestion, JsonPath};
use crate::core::event::describe;
use crate::core::regex::RegexEngine;
use serde_json::{Map, Value};

/// Reads `segments`, checks every reference, and returns them in evaluation order.
pub(super) fn read_segments(
    top: &Obj,
    features: &[Feature],
    groups: &Map<String, Value>,
    re: &dyn RegexEngine,
    errors: &mut Errors,
) -> Vec<Segment> {
    let Some(v) = top.get("segments") else {
        return Vec::new();
    };
    let Value::Array(list) = v else {
        errors.at(
            &top.at("segments"),
            format!("must be an array of segments, got {}", describe(v)),
        );
        return Vec::new();
    };
    let mut segs: Vec<(Segment, JsonPath, &Value)> = Vec::new();
    for (i, s) in list.iter().enumerate() {
        let path = top.at("segments").index(i);
        let Some(o) = Obj::new(s, path.clone(), &SEGMENT_KEYS, errors) else {
            continue;
        };
        let id = o.str("id", errors).unwrap_or_default().to_string();
        if id.is_empty() && o.get("id").is_none() {
            errors.at(&path, "needs \"id\"");
        } else if !is_plain_id(&id) {
            errors.at(
                &o.at("id"),
                format!("\"{id}\": segment ids are letters, digits, - and _ (they appear in CSS)"),
            );
        } else if segs.iter().any(|(s, _, _)| s.id == id) {
            errors.at(&o.at("id"), format!("\"{id}\" is defined twice"));
        }
        let name = o.str("name", errors).unwrap_or(&id).to_string();
        let priority = o.num("priority", 0.0, -1e6, 1e6, errors);
        let cond_v = o.get("if").unwrap_or(&Value::Null);
        if cond_v.is_null() {
            errors.at(&path, "needs \"if\": the condition visitors must meet");
        }
        let condition = Condition::compile(cond_v, &o.at("if"), groups, re, &mut errors.0);
        check_paths(&condition, cond_v, &o.at("if"), features, errors);
        segs.push((
            Segment {
                id,
                name,
                condition,
                priority,
            },
            o.at("if"),
            cond_v,
        ));
    }
    order(segs, errors)
}

/// Reports attribute paths outside the known groups and features that do not exist.
fn check_paths(
    c: &Condition,
    source: &Value,
    at: &JsonPath,
    features: &[Feature],
    errors: &mut Errors,
) {
    let feature_ids: Vec<&str> = features.iter().map(|f| f.id.as_str()).collect();
    for p in c.paths() {
        let mut parts = p.split('.');
        let group = parts.next().unwrap_or_default();
        let where_ = find_key(source, &p, at.clone()).unwrap_or_else(|| at.clone());
        if !GROUPS.contains(&group) {
            let msg = with_suggestion(
                format!("unknown attribute group \"{group}\"; shop-supplied attributes live under \"attrs.\""),
                group,
                &GROUPS,
            );
            errors.at(&where_, msg);
        } else if group == "features" {
            let f = parts.next().unwrap_or_default();
            if !feature_ids.contains(&f) {
                let msg = with_suggestion(format!("unknown feature \"{f}\""), f, &feature_ids);
                errors.at(&where_, msg);
            }
        }
    }
}

/// The path of the first object member named `key` inside `v`.
fn find_key(v: &Value, key: &str, path: JsonPath) -> Option<JsonPath> {
    match v {
        Value::Object(m) => m.iter().find_map(|(k, x)| {
            if k == key {
                Some(path.key(k))
            } else {
                find_key(x, key, path.key(k))
            }
        }),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, x)| find_key(x, key, path.index(i))),
        _ => None,
    }
}

/// Orders segments so each comes after those it refers to; reports unknown references and cycles.
fn order(segs: Vec<(Segment, JsonPath, &Value)>, errors: &mut Errors) -> Vec<Segment> {
    let ids: Vec<&str> = segs.iter().map(|(s, _, _)| s.id.as_str()).collect();
    let deps: Vec<Vec<usize>> = segs
        .iter()
        .map(|(s, at, src)| {
            s.condition
                .literals_for("segments")
                .iter()
                .filter_map(|r| match ids.iter().position(|i| i == r) {
                    Some(j) => Some(j),
                    None => {
                        let where_ =
                            find_key(src, "segments", at.clone()).unwrap_or_else(|| at.clone());
                        let msg =
                            with_suggestion(format!("refers to unknown segment \"{r}\""), r, &ids);
                        errors.at(&where_, msg);
                        None
                    }
                })
                .collect()
        })
        .collect();
    // Depth-first topological sort; 0 = unvisited, 1 = on the stack, 2 = done.
    let mut state = vec![0u8; segs.len()];
    let mut out = Vec::with_capacity(segs.len());
    let mut reported = false;
    fn visit(
        i: usize,
        deps: &[Vec<usize>],
        state: &mut [u8],
        stack: &mut Vec<usize>,
        out: &mut Vec<usize>,
    ) -> Option<Vec<usize>> {
        match state[i] {
            2 => return None,
            1 => {
                let from = stack.iter().position(|s| *s == i).unwrap_or(0);
                let mut cycle = stack[from..].to_vec();
                cycle.push(i);
                return Some(cycle);
            }
            _ => {}
        }
        state[i] = 1;
        stack.push(i);
        for &d in &deps[i] {
            if let Some(c) = visit(d, deps, state, stack, out) {
                return Some(c);
            }
        }
        stack.pop();
        state[i] = 2;
        out.push(i);
        None
    }
    for i in 0..segs.len() {
        let mut stack = Vec::new();
        if let Some(cycle) = visit(i, &deps, &mut state, &mut stack, &mut out) {
            if !reported {
                let names: Vec<&str> = cycle.iter().map(|j| ids[*j]).collect();
                errors.at(
                    &segs[cycle[0]].1,
                    format!(
                        "segments refer to each other in a cycle: {}",
                        names.join(" -> ")
                    ),
                );
                reported = true;
            }
            // Mark the cycle done so sorting can go on and report other problems.
            cycle.iter().for_each(|j| state[*j] = 2);
        }
    }
    let mut slots: Vec<Option<Segment>> = segs.into_iter().map(|(s, _, _)| Some(s)).collect();
    out.iter().filter_map(|i| slots[*i].take()).collect()
}
