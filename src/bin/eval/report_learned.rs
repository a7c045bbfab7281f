//! The report's account of the relations learned by `shelfwise relations`: how they were made
//! from the learning days alone, their figures next to today's co-views, and a reading derived
//! from those figures.

use super::report::{ci_pts, pct};
use super::stats::HIT_AT;
use super::{Outcome, Rel};

fn against_today(l: &super::stats::Lift) -> &'static str {
    if l.ci.0 > 0.0 {
        "better than today's relations"
    } else if l.ci.1 < 0.0 {
        "worse than today's relations"
    } else {
        "not clearly different from today's relations"
    }
}

/// The section (empty when no learned set was given).
pub fn section(o: &Outcome, table: &str) -> String {
    let sets = &o.options.learned;
    if sets.is_empty() {
        return String::new();
    }
    let d = &o.data;
    let mut s = format!(
        "\n**Relations learned by `shelfwise relations`.** The learning sessions ({} .. {}, {} \
sessions; nothing of the test days) went out as a plain CSV log (`session,item,time`); \
`shelfwise relations` learned each set below from that file alone, and its per-item output \
(`--csv`) came back into the config's `related` key, as a shop would ship it. Each set is \
ranked by the same strategy as today's co-view counts (related to viewed items; the \"recently \
viewed +\" row also has recently viewed) on the same cases and shelves. The last columns compare \
it with today's relations in that same strategy, resampling the same test sessions for both.\n\n",
        d.learn.0, d.learn.1, d.learn.2
    );
    if !table.is_empty() {
        s += table;
        s += "\n";
    }
    for (j, v) in o.variants.iter().enumerate() {
        let Rel::Learned(_) = v.rel else { continue };
        let Some((base, l)) = o.against.get(j + 1).copied().flatten() else {
            continue;
        };
        s += &format!(
            "- {}: HitRate@{HIT_AT} {} against {} with today's relations ({} points) — {}.\n",
            v.label,
            pct(o.overall[j + 1].hit_rate()),
            pct(o.overall[base].hit_rate()),
            ci_pts(&l.hit_rate),
            against_today(&l.hit_rate),
        );
    }
    s += &reading(o);
    s += &shelves(o);
    for set in sets.iter().filter(|s| s.pairs() == 0) {
        s += &format!(
            "- {} (`{}`) learned no relation from this log{}: there is nothing to measure.\n",
            set.label,
            set.args,
            if set.args.contains("--signals purchase") {
                ", which has no purchases (only product views)"
            } else {
                ""
            },
        );
    }
    s
}

/// HitRate of the strategy "related to viewed" with learned set `id` (None without it).
fn hit(o: &Outcome, id: &str) -> Option<(f64, usize)> {
    let j = o
        .variants
        .iter()
        .position(|v| v.id == format!("learned-{id}"))?;
    let Rel::Learned(k) = o.variants[j].rel else {
        return None;
    };
    Some((
        o.overall[j + 1].hit_rate(),
        o.options.learned.get(k)?.pairs(),
    ))
}

/// What the figures say about the settings, from the sets that were run.
fn reading(o: &Outcome) -> String {
    let mut s = String::new();
    let today = o
        .variants
        .iter()
        .position(|v| v.id == "related")
        .map(|j| o.overall[j + 1].hit_rate());
    if let (Some((count, _)), Some(today)) = (hit(o, "count"), today) {
        if (count - today).abs() < 5e-4 {
            s += &format!(
                "- The command's co-view counts (top 20, no correction) reproduce today's \
relations exactly ({} both): the export, the SQL and the engine agree.\n",
                pct(count)
            );
        }
    }
    let measures: Vec<f64> = ["defaults", "raw", "lift", "jaccard", "count-decayed"]
        .iter()
        .filter_map(|id| hit(o, id).map(|h| h.0))
        .collect();
    if measures.len() >= 2 {
        let (lo, hi) = measures
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(*x), b.max(*x)));
        s += &format!(
            "- The measures (cosine, lift, Jaccard, counts; with or without shrinkage and decay) \
land within {:.1} points of each other ({} to {}).",
            (hi - lo) * 100.0,
            pct(lo),
            pct(hi)
        );
        if let Some((one, two)) = o.contested {
            s += &format!(
                " They order an item's relations among themselves, and that decides only where a \
shelf holds two or more items related to what was viewed: {two} of the {} cases here (a \
related item is on the shelf in {one}). Where one related item is there, it comes first \
whatever its score; so on these shelves what counts is which items have relations at all.",
                o.cases.len()
            );
        }
        s += "\n";
    }
    if let (Some((def, n)), Some((min2, n2))) = (hit(o, "defaults"), hit(o, "min2")) {
        s += &format!(
            "- Dropping pairs seen in a single session leaves {n2} relations instead of {n} and \
gives {} instead of {}: in a log this size most pairs are seen once. Shrinkage keeps them but \
ranks them below pairs seen more often, so the default minimum support is 1.\n",
            pct(min2),
            pct(def)
        );
    }
    if let (Some((def, n)), Some((t20, n20))) = (hit(o, "defaults"), hit(o, "top20")) {
        s += &format!(
            "- The top 20 per item instead of 10 ({n20} relations instead of {n}) give {} instead \
of {}, for about twice the bytes each product carries in markup.\n",
            pct(t20),
            pct(def)
        );
    }
    s
}

/// The related shelves: made of the relations themselves, where scores decide the order.
fn shelves(o: &Outcome) -> String {
    let rows = &o.related_shelf;
    let Some(today) = rows.first() else {
        return String::new();
    };
    let mut s = format!(
        "\n*A shelf made of the relations.* A \"people also viewed\" shelf shows the items related to \
what the shopper viewed, not a drawn assortment. Here, after each view of the {} test cases, the \
items related to anything viewed so far (as the engine reads the config's `related`: both ways) \
form the shelf, ranked by the same rule; a next item that is not on it counts as a miss. Here the \
scores decide the order, so this is where one way of scoring can beat another.\n\n{}\n",
        o.cases.len(),
        super::related_shelf::table(rows)
    );
    let best = rows
        .iter()
        .skip(1)
        .max_by(|a, b| a.sums.hit_rate().total_cmp(&b.sums.hit_rate()));
    if let Some(b) = best {
        let l = &b.lifts.hit_rate;
        s += &format!(
            "The best of the learned sets here is \"{}\": HitRate@{HIT_AT} {} against {} with today's \
co-view counts ({} points), {}.\n",
            b.label,
            pct(b.sums.hit_rate()),
            pct(today.sums.hit_rate()),
            ci_pts(l),
            if l.ci.0 > 0.0 {
                "a clear gain"
            } else if l.ci.1 < 0.0 {
                "a clear loss"
            } else {
                "not clearly different"
            }
        );
    }
    s
}
