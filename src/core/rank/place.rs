//! After scoring: hiding (never below the minimum), diversity, and pins.

use super::catalog::Facts;
use super::Entry;
use crate::core::program::{Diversity, Facet, Rule, RuleKind};

/// Splits ranked items into shown and hidden, keeping at least `min_items` shown; items that
/// asked to be hidden but have to stay come after the others.
pub(super) fn apply_hide(ranked: Vec<Entry>, min_items: usize) -> (Vec<Entry>, Vec<Entry>) {
    let total = ranked.len();
    let want_hidden = ranked.iter().filter(|e| e.hide).count();
    let can_hide = total.saturating_sub(min_items.min(total)).min(want_hidden);
    // Hide the lowest-ranked of the items that asked to be hidden; keep the rest in place.
    let mut to_hide = can_hide;
    let mut flags: Vec<bool> = vec![false; total];
    for (i, e) in ranked.iter().enumerate().rev() {
        if to_hide == 0 {
            break;
        }
        if e.hide {
            flags[i] = true;
            to_hide -= 1;
        }
    }
    let mut kept = Vec::new();
    let mut hidden = Vec::new();
    let mut kept_asking = Vec::new();
    for (e, hide) in ranked.into_iter().zip(flags) {
        if hide {
            hidden.push(e);
        } else if e.hide {
            #[cfg(feature = "tooling")]
            let e = {
                let mut e = e;
                for r in e.reasons.iter_mut().filter(|r| r.note.is_some()) {
                    r.note = Some(format!("kept to show at least {min_items} items"));
                }
                e
            };
            kept_asking.push(e);
        } else {
            kept.push(e);
        }
    }
    // The kept items that asked to be hidden go last, in their ranked order.
    kept.extend(kept_asking);
    (kept, hidden)
}

fn facet<'a>(items: &[&'a Facts], e: &Entry, by: Facet) -> Option<&'a str> {
    let it = &items.get(e.index)?.item;
    match by {
        Facet::Brand => it.brand.as_deref(),
        Facet::Category => it.categories.first().map(String::as_str),
    }
}

/// Moves items up so no more than `max_in_a_row` of the same brand or category are adjacent.
pub(super) fn diversify(list: &mut [Entry], items: &[&Facts], d: Diversity) {
    for i in d.max_in_a_row..list.len() {
        let run_value = facet(items, &list[i - 1], d.by);
        let run = run_value.is_some()
            && (1..=d.max_in_a_row).all(|k| facet(items, &list[i - k], d.by) == run_value);
        if !run || facet(items, &list[i], d.by) != run_value {
            continue;
        }
        if let Some(j) = (i + 1..list.len()).find(|j| facet(items, &list[*j], d.by) != run_value) {
            list[i..=j].rotate_right(1);
            #[cfg(feature = "tooling")]
            {
                let by = if d.by == Facet::Brand {
                    "brand"
                } else {
                    "category"
                };
                list[i].reasons.push(super::Reason {
                    rule: "diversity",
                    source: "diversity".into(),
                    points: 0.0,
                    segment: None,
                    note: Some(format!(
                        "moved up: at most {} of one {by} in a row",
                        d.max_in_a_row
                    )),
                });
            }
        }
    }
}

/// Puts pinned items at their 1-based positions; a pin to a place already taken by another
/// pin goes right after it. `pins` are the pin rules that apply, with the segment that made
/// them apply.
pub(super) fn apply_pins(list: &mut Vec<Entry>, items: &[&Facts], pins: &[(&Rule, Option<&str>)]) {
    let mut pinned: Vec<(Entry, usize)> = Vec::new();
    for (rule, _seg) in pins {
        let RuleKind::Pin { item, position } = &rule.kind else {
            continue;
        };
        let Some(from) = list
            .iter()
            .position(|e| items.get(e.index).is_some_and(|f| f.item.id == *item))
        else {
            continue;
        };
        let entry = list.remove(from);
        #[cfg(feature = "tooling")]
        let entry = {
            let mut entry = entry;
            entry.reasons.push(super::Reason {
                rule: "pin",
                source: rule.source.clone(),
                points: 0.0,
                segment: _seg.map(str::to_string),
                note: Some(format!("pinned at position {position}")),
            });
            entry
        };
        pinned.push((entry, *position));
    }
    // Stable: equal positions keep rule order.
    crate::core::sort::insertion_sort_by(&mut pinned, |a, b| a.1 < b.1);
    let mut last: Option<usize> = None;
    for (entry, position) in pinned {
        let mut at = (position - 1).min(list.len());
        if let Some(l) = last {
            at = at.max(l + 1);
        }
        list.insert(at, entry);
        last = Some(at);
    }
}
