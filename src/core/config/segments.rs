//! Reading segments: ids, conditions compiled over attribute slots, the slots and segments each
//! one reads, and their dependency order (a cycle is an error).

use super::reader::{is_plain_id, Members};
use super::SEGMENT_KEYS;
use crate::cat;
use crate::core::attributes::{resolve, Slot, Unknown, GROUPS};
use crate::core::condition::{Conditions, SlotTable};
use crate::core::error::{with_suggestion, Errors, Path};
use crate::core::event::describe;
use crate::core::gather::Gather;
use crate::core::intern::Interner;
use crate::core::json::{Json, Obj};
use crate::core::parts::Parts;
use crate::core::profile::FeatureDef;
use crate::core::program::Segment;
use crate::core::regex::RegexEngine;

/// The program's attribute slots, each path once (found by `index`), and the ones the segment
/// being read uses. A path into `segments` gets a slot per segment: each segment sees only the
/// segments evaluated before it, so each keeps its own value, and it is made again only when
/// that list changed.
struct Slots<'a> {
    all: &'a mut Vec<Slot>,
    index: &'a mut Interner,
    features: &'a [FeatureDef],
    /// The index of the segment being read.
    segment: usize,
    used: Vec<u32>,
    /// Slot by slot: used by this segment already.
    seen: Vec<bool>,
    /// Slot by slot: reported as naming nothing in this segment already.
    reported: Vec<bool>,
}

impl SlotTable for Slots<'_> {
    fn slot(&mut self, path: &str, at: &Path, errors: Option<&mut Errors>) -> u32 {
        let own = path == "segments" || path.starts_with("segments.");
        let i = if own {
            self.index.intern(&cat!(path, '\u{0}', self.segment)).0
        } else {
            self.index.intern(path).0
        };
        let n = i as usize;
        if n == self.all.len() {
            self.all
                .push(resolve(path, self.features).unwrap_or_else(|_| Slot::missing(path)));
        }
        if self.seen.len() <= n {
            self.seen.resize(n + 1, false);
            self.reported.resize(n + 1, false);
        }
        if !self.seen[n] {
            self.seen[n] = true;
            self.used.push(i);
        }
        if let Some(errors) = errors {
            if !self.reported[n] {
                if let Err(unknown) = resolve(path, self.features) {
                    self.reported[n] = true;
                    report(unknown, at, self.features, errors);
                }
            }
        }
        i
    }
}

fn report(unknown: Unknown, at: &Path, features: &[FeatureDef], errors: &mut Errors) {
    match unknown {
        Unknown::Group(group) => errors.at(at, || {
            with_suggestion(
                format!(
                    "unknown attribute group \"{group}\"; shop-supplied attributes live under \
                     \"attrs.\""
                ),
                &group,
                &GROUPS,
            )
        }),
        Unknown::Feature(f) => errors.at(at, || {
            let ids: Vec<&str> = features.iter().map(|f| f.id.as_str()).gather();
            with_suggestion(format!("unknown feature \"{f}\""), &f, &ids)
        }),
    }
}

/// A segment read, with where its condition is (for messages about references).
struct Read<'v> {
    segment: Segment,
    /// Its index in `segments`.
    index: usize,
    source: &'v Json,
}

/// Reads `segments`, checks every reference, and returns them in evaluation order.
#[allow(clippy::too_many_arguments)]
pub(super) fn read_segments(
    top: &Members,
    features: &[FeatureDef],
    groups: &Obj,
    re: &dyn RegexEngine,
    conds: &mut Conditions,
    slots: &mut Vec<Slot>,
    errors: &mut Errors,
) -> Vec<Segment> {
    let Some(v) = top.get("segments") else {
        return Vec::new();
    };
    let list_at = top.at("segments");
    let Json::Arr(list) = v else {
        errors.at(&list_at, || {
            format!("must be an array of segments, got {}", describe(v))
        });
        return Vec::new();
    };
    let mut segs: Vec<Read> = Vec::new();
    let mut index = Interner::new();
    for (i, s) in list.iter().enumerate() {
        let path = list_at.index(i);
        let Some(o) = Members::new(s, &path, &SEGMENT_KEYS, errors) else {
            continue;
        };
        let id = o.str("id", errors).unwrap_or_default().to_string();
        if id.is_empty() && o.get("id").is_none() {
            errors.say(&path, "needs \"id\"");
        } else if !is_plain_id(&id) {
            errors.at(&o.at("id"), || {
                format!("\"{id}\": segment ids are letters, digits, - and _ (they appear in CSS)")
            });
        } else if segs.iter().any(|s| s.segment.id == id) {
            errors.at(&o.at("id"), || format!("\"{id}\" is defined twice"));
        }
        let name = o.str("name", errors).unwrap_or(&id).to_string();
        let priority = o.num("priority", 0.0, -1e6, 1e6, errors);
        let source = o.get("if").unwrap_or(&Json::Null);
        if source.is_null() {
            errors.say(&path, "needs \"if\": the condition visitors must meet");
        }
        let if_at = o.at("if");
        let mut table = Slots {
            all: slots,
            index: &mut index,
            features,
            segment: i,
            used: Vec::new(),
            seen: Vec::new(),
            reported: Vec::new(),
        };
        let cond = conds.compile(source, &if_at, groups, re, &mut table, errors);
        let used = table.used;
        let reads_segments = used.iter().any(|i| slots[*i as usize].is_segments());
        let reads = used
            .iter()
            .fold(Parts::NONE, |p, i| p | slots[*i as usize].reads);
        segs.push(Read {
            segment: Segment {
                id,
                name,
                priority,
                cond,
                slots: used,
                reads_segments,
                reads,
            },
            index: i,
            source,
        });
    }
    order(segs, conds, errors)
}

/// `f` of the path `segments[i].if`.
fn at_if(i: usize, f: impl FnOnce(&Path) -> String) -> String {
    let root = Path::Root;
    let list = root.key("segments");
    let seg = list.index(i);
    f(&seg.key("if"))
}

/// The rendered path of the first object member named `key` inside `v` (at `path`).
fn find_key(v: &Json, key: &str, path: &Path) -> Option<String> {
    match v {
        Json::Obj(m) => m.iter().find_map(|(k, x)| {
            let here = path.key(k);
            if k == key {
                Some(here.render())
            } else {
                find_key(x, key, &here)
            }
        }),
        Json::Arr(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, x)| find_key(x, key, &path.index(i))),
        _ => None,
    }
}

/// Orders segments so each comes after those it refers to; reports unknown references and cycles.
fn order(segs: Vec<Read>, conds: &Conditions, errors: &mut Errors) -> Vec<Segment> {
    let ids: Vec<&str> = segs.iter().map(|s| s.segment.id.as_str()).gather();
    let mut deps: Vec<Vec<usize>> = Vec::with_capacity(segs.len());
    for s in &segs {
        let mut d = Vec::new();
        for r in conds.literals_for(s.segment.cond, "segments") {
            match ids.iter().position(|i| *i == r) {
                Some(j) => d.push(j),
                None => {
                    let where_ = at_if(s.index, |at| {
                        find_key(s.source, "segments", at).unwrap_or_else(|| at.render())
                    });
                    errors.at_rendered(where_, || {
                        with_suggestion(format!("refers to unknown segment \"{r}\""), &r, &ids)
                    });
                }
            }
        }
        deps.push(d);
    }
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
                let at = at_if(segs[cycle[0]].index, |p| p.render());
                errors.at_rendered(at, || {
                    let names: Vec<&str> = cycle.iter().map(|j| ids[*j]).gather();
                    format!(
                        "segments refer to each other in a cycle: {}",
                        names.join(" -> ")
                    )
                });
                reported = true;
            }
            // Mark the cycle done so sorting can go on and report other problems.
            cycle.iter().for_each(|j| state[*j] = 2);
        }
    }
    let mut slots: Vec<Option<Segment>> = segs.into_iter().map(|s| Some(s.segment)).gather();
    out.iter().filter_map(|i| slots[*i].take()).gather()
}
