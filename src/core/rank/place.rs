//! After scoring: hiding (never below the minimum), diversity, and pins.

use super::{RankItem, Reason, Scored, Visitor};
use crate::core::config::strategy::{Diversity, Facet};
use crate::core::config::{RuleKind, Strategy};

/// A scored item and whether a rule asked to hide it.
pub(super) type Entry = (Scored, bool);

/// Splits ranked items into shown and hidden, keeping at least `min_items` shown; items that
/// asked to be hidden but have to stay come after the others.
pub(super) fn apply_hide(ranked: Vec<Entry>, min_items: usize) -> (Vec<Entry>, Vec<Entry>) {
    let total = ranked.len();
    let want_hidden = ranked.iter().filter(|(_, h)| *h).count();
    let can_hide = total.saturating_sub(min_items.min(total)).min(want_hidden);
    // Hide the lowest-ranked of the items that asked to be hidden; keep the rest in place.
    let mut to_hide = can_hide;
    let mut flags: Vec<bool> = vec![false; total];
    for (i, (_, h)) in ranked.iter().enumerate().rev() {
        if to_hide == 0 {
            break;
        }
        if *h {
            flags[i] = true;
            to_hide -= 1;
        }
    }
    let mut kept = Vec::new();
    let mut hidden = Vec::new();
    for ((s, h), hide) in ranked.into_iter().zip(flags) {
        if hide {
            hidden.push((s, h));
        } else {
            let mut s = s;
            if h {
                for r in s.reasons.iter_mut().filter(|r| r.note.is_some()) {
                    r.note = Some(format!("kept to show at least {min_items} items"));
                }
            }
            kept.push((s, h));
        }
    }
    // Stable: the kept items that asked to be hidden go last, in their ranked order.
    crate::core::sort::insertion_sort_by(&mut kept, |a, b| !a.1 && b.1);
    (kept, hidden)
}

fn facet<'a>(items: &'a [RankItem], s: &Scored, by: Facet) -> Option<&'a str> {
    let it = &items.get(s.original)?.item;
    match by {
        Facet::Brand => it.brand.as_deref(),
        Facet::Category => it.categories.first().map(String::as_str),
    }
}

/// Moves items up so no more than `max_in_a_row` of the same brand or category are adjacent.
pub(super) fn diversify(list: &mut [Entry], items: &[RankItem], d: Diversity) {
    for i in d.max_in_a_row..list.len() {
        let run_value = facet(items, &list[i - 1].0, d.by);
        let run = run_value.is_some()
            && (1..=d.max_in_a_row).all(|k| facet(items, &list[i - k].0, d.by) == run_value);
        if !run || facet(items, &list[i].0, d.by) != run_value {
            continue;
        }
        if let Some(j) = (i + 1..list.len()).find(|j| facet(items, &list[*j].0, d.by) != run_value)
        {
            list[i..=j].rotate_right(1);
            let by = if d.by == Facet::Brand {
                "brand"
            } else {
                "category"
            };
            list[i].0.reasons.push(Reason {
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

/// Puts pinned items at their 1-based positions; a pin to a place already taken by another
/// pin goes right after it.
pub(super) fn apply_pins(list: &mut Vec<Entry>, strategy: &Strategy, v: &Visitor) {
    let mut pins: Vec<(Entry, usize)> = Vec::new();
    for rule in &strategy.rules {
        let RuleKind::Pin { item, position } = &rule.kind else {
            continue;
        };
        let seg = if rule.segments.is_empty() {
            None
        } else {
            match rule.segments.iter().find(|s| v.segments.contains(s)) {
                Some(s) => Some(s.clone()),
                None => continue,
            }
        };
        let Some(from) = list.iter().position(|(s, _)| s.id == *item) else {
            continue;
        };
        let mut entry = list.remove(from);
        entry.0.reasons.push(Reason {
            rule: "pin",
            source: rule.source.clone(),
            points: 0.0,
            segment: seg,
            note: Some(format!("pinned at position {position}")),
        });
        pins.push((entry, *position));
    }
    // Stable: equal positions keep rule order.
    crate::core::sort::insertion_sort_by(&mut pins, |a, b| a.1 < b.1);
    let mut last: Option<usize> = None;
    for (entry, position) in pins {
        let mut at = (position - 1).min(list.len());
        if let Some(l) = last {
            at = at.max(l + 1);
        }
        list.insert(at, entry);
        last = Some(at);
    }
}
