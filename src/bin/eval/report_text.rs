//! The written account of a run: method, figures and an honest reading of them. Every
//! judgement in it is derived from the figures, so it stays true when the data changes.

use super::replay::Variant;
use super::report::{ci_pts, pct, pts};
use super::stats::{Lift, Sums, HIT_AT};
use super::{Outcome, BACK, COLD, NEW, NO_REPEATS, REACHABLE, REPEAT};

/// The ordering index of variant `id` (0 is the default order).
fn at(o: &Outcome, id: &str) -> Option<usize> {
    o.variants.iter().position(|v| v.id == id).map(|i| i + 1)
}

/// The sums of group `name` for ordering `i`.
fn group(o: &Outcome, name: &str, i: usize) -> Sums {
    o.groups
        .iter()
        .find(|g| g.name == name)
        .and_then(|g| g.sums.get(i).copied())
        .unwrap_or_default()
}

/// A strategy of the headline table (not the sweep, not the learned relations).
fn headline_row(v: &Variant) -> bool {
    !v.sweep && !matches!(v.rel, super::Rel::Learned(_))
}

fn verdict(l: &Lift) -> &'static str {
    if l.ci.0 > 0.0 {
        "better than the default order"
    } else if l.ci.1 < 0.0 {
        "worse than the default order"
    } else {
        "not clearly different from the default order"
    }
}

fn share(part: f64, whole: f64) -> String {
    pct(if whole > 0.0 { part / whole } else { 0.0 })
}

fn method(o: &Outcome, source: &str) -> String {
    let d = &o.data;
    let p = &o.options;
    let facets = match d.facets {
        (0, 0) => "no categories or brands".to_string(),
        (c, b) => format!("{c} items with a category and {b} with a brand"),
    };
    format!(
        "**Question.** When a shelf is ordered for this one shopper, does the product they look at \
next come nearer the front than in the shop's default order?\n\n\
**Data.** `{source}`: {} product views in {} sessions over {} items and {} days ({} .. {}); \
{facets}. It is read at run time and not part of the package.\n\n\
**Method.**\n\n\
1. Split by time: sessions that start on the earliest {:.0}% of the days ({} .. {}, {} sessions) \
are the past the shop learns from; the sessions of the later days ({} .. {}, {} sessions) are \
replayed. Each session's views are sorted by time.\n\
2. From the learning days only: views per item give the shop's default order (most viewed \
first), and co-views give relations: for each item, the {} items viewed in the most sessions \
together with it, weighted by that number of sessions. They reach the engine the way a shop \
ships them, in the config's `related` key (object form): {} items, {} relations.\n\
3. For every test session and every step k ≥ 1, the first k views go in as `view_item` events \
at their real times (`Event::parse`, `Engine::track`). A shelf of {} items — the item the \
shopper actually viewed next plus up to {} others drawn (SplitMix64, seed {}) from the {} most viewed items of \
the learning days — is laid out in the default order (equal counts shuffled) and ranked by \
`Engine::rank` with the widget strategy under test; the place of the next item is recorded. \
{} cases in all.\n\
4. HitRate@{HIT_AT}: share of cases with the next item in the first {HIT_AT} places. MRR: mean \
of 1 / place. Lift: strategy minus default order, with a 95% percentile bootstrap interval \
from {} resamples of whole test sessions.\n",
        d.rows.0,
        d.sessions,
        d.items,
        d.days,
        o.data.learn.0,
        o.data.test.1,
        p.learn_share * 100.0,
        d.learn.0,
        d.learn.1,
        d.learn.2,
        d.test.0,
        d.test.1,
        d.test.2,
        p.rel.top_n,
        d.relations.0,
        d.relations.1,
        p.shelves.size,
        p.shelves.size.saturating_sub(1),
        p.shelves.seed,
        d.pool,
        o.cases.len(),
        p.bootstrap,
    )
}

fn headline(o: &Outcome) -> String {
    let mut s = String::from("**Reading.**\n\n");
    let def = &o.overall[0];
    for (j, v) in o
        .variants
        .iter()
        .enumerate()
        .filter(|(_, v)| headline_row(v))
    {
        let l = &o.lifts[j + 1];
        s += &format!(
            "- {}: HitRate@{HIT_AT} {} against {} ({} points), MRR {:.3} against {:.3} — {}.\n",
            v.label,
            pct(o.overall[j + 1].hit_rate()),
            pct(def.hit_rate()),
            ci_pts(&l.hit_rate),
            o.overall[j + 1].mrr(),
            def.mrr(),
            verdict(&l.hit_rate),
        );
    }
    let n = o.cases.len() as f64;
    let (rep, back, new) = (group(o, REPEAT, 0), group(o, BACK, 0), group(o, NEW, 0));
    let (cold, reach) = (group(o, COLD, 0), group(o, REACHABLE, 0));
    if let Some(r) = at(o, "recent") {
        let mut gaps: Vec<i64> = o
            .cases
            .iter()
            .filter(|c| c.seen_at == Some(0))
            .map(|c| c.gap_ms)
            .collect();
        gaps.sort_unstable();
        let median = gaps.get(gaps.len() / 2).copied().unwrap_or(0) as f64 / 1000.0;
        s += &format!(
            "\n*Where the lift comes from.* In {} of the cases the next item had already been \
viewed in the session: {} times it was the item just viewed, again{}, {} times an item from \
further back. The recently viewed rule puts those near the front \
(HitRate@{HIT_AT} {} on returns to earlier items, against {} in the default order), as the \
other shelf items were seldom viewed by the same shopper. On an item not yet viewed it cannot \
help: {} against {}.",
            share(rep.n + back.n, n),
            rep.n,
            if gaps.is_empty() {
                String::new()
            } else {
                format!(" (a median {median:.0} s later)")
            },
            back.n,
            pct(group(o, BACK, r).hit_rate()),
            pct(back.hit_rate()),
            pct(group(o, NEW, r).hit_rate()),
            pct(new.hit_rate()),
        );
    }
    if let Some(r) = at(o, "related") {
        s += &format!(
            " Those new items ({} of the cases) are where related items work: HitRate@{HIT_AT} {} \
against {}. That is about all they can do here: a shipped relation leads from something viewed \
to the next item in only {} of the cases (there, HitRate@{HIT_AT} {}), and {} of the next items \
were never viewed in the learning days at all, so neither popularity nor co-views know them.",
            share(new.n, n),
            pct(group(o, NEW, r).hit_rate()),
            pct(new.hit_rate()),
            share(reach.n, n),
            pct(group(o, REACHABLE, r).hit_rate()),
            share(cold.n, n),
        );
    }
    if def.hit_rate() < o.random.hit_rate() {
        s += &format!(
            "\n\n*The default order is a weak baseline here.* It scores worse than shuffling the \
shelf ({} against {} expected at random): the next item is usually a rarely viewed one, while \
the other shelf items come from the {} most viewed, so \"most viewed first\" pushes it back. \
Popularity in this log says little about what one shopper looks at next.",
            pct(def.hit_rate()),
            pct(o.random.hit_rate()),
            o.data.pool,
        );
    } else {
        s += &format!(
            "\n\n*The default order against chance.* It scores {} against {} expected from a \
shuffled shelf, so popularity carries some signal about the next item here.",
            pct(def.hit_rate()),
            pct(o.random.hit_rate()),
        );
    }
    let (above, below): (Vec<&Variant>, Vec<&Variant>) = o
        .variants
        .iter()
        .enumerate()
        .filter(|(_, v)| headline_row(v))
        .map(|(j, v)| (o.overall[j + 1].hit_rate() > o.random.hit_rate(), v))
        .fold((Vec::new(), Vec::new()), |(mut a, mut b), (up, v)| {
            if up {
                a.push(v)
            } else {
                b.push(v)
            }
            (a, b)
        });
    let names = |l: &[&Variant]| {
        l.iter()
            .map(|v| format!("\"{}\"", v.label))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !below.is_empty() {
        s += &format!(
            " Against a shuffled shelf, {} {} not better: where no rule applies, the \
popularity order stays in place{}.",
            names(&below),
            if below.len() == 1 { "is" } else { "are" },
            if above.is_empty() {
                String::new()
            } else {
                format!(" ({} beat it)", names(&above))
            },
        );
    }
    let nr = group(o, NO_REPEATS, 0);
    if let Some(b) = at(o, "both") {
        s += &format!(
            " Leaving out the {} repeats of the item just viewed, recently viewed + related still \
scores {} against {}.",
            rep.n,
            pct(group(o, NO_REPEATS, b).hit_rate()),
            pct(nr.hit_rate()),
        );
    }
    for facet in ["category", "brand", "all"] {
        if let Some(i) = at(o, facet) {
            s += &format!(
                " With {}: HitRate@{HIT_AT} {} ({} points).",
                o.variants[i - 1].label,
                pct(o.overall[i].hit_rate()),
                ci_pts(&o.lifts[i].hit_rate),
            );
        }
    }
    s + "\n"
}

fn sweep_reading(o: &Outcome) -> String {
    let hr = |id: &str| at(o, id).map(|i| o.overall[i].hit_rate());
    let (Some(both), Some(rel)) = (hr("both"), hr("related")) else {
        return String::new();
    };
    let mut s = String::new();
    if let (Some(a), Some(b)) = (hr("sweep-recent-1"), hr("sweep-recent-10")) {
        let spread = a.max(b).max(both) - a.min(b).min(both);
        s += &format!(
            "The recently viewed weight next to related (weight {}) {} — 1, {}, 10 give {}, {}, \
{}. ",
            o.options.weights.related,
            if spread < 0.01 {
                "matters little, as the two rules rarely score the same item"
            } else {
                "matters"
            },
            o.options.weights.recent,
            pct(a),
            pct(both),
            pct(b),
        );
    }
    if let Some(x) = hr("sweep-bury-viewed") {
        s += &format!(
            "Pushing viewed items back instead (\"don't show what they have seen\") gives {}{}. ",
            pct(x),
            if x < both {
                ", losing the returns to earlier items"
            } else {
                ""
            }
        );
    }
    if let (Some(t5), Some(t50), Some(m2)) =
        (hr("sweep-top-5"), hr("sweep-top-50"), hr("sweep-min-2"))
    {
        s += &format!(
            "For related items alone ({} with the top {} per item), the top 5 give {} and the \
top 50 give {}{}. Keeping only pairs seen in two or more sessions gives {} ({} points against \
related as shipped){}.",
            pct(rel),
            o.options.rel.top_n,
            pct(t5),
            pct(t50),
            if t5 <= rel && rel <= t50 && t5 < t50 {
                ": more relations reach more next items"
            } else {
                ""
            },
            pct(m2),
            pts(m2 - rel),
            if m2 < rel {
                ": in a log this size most co-views happen once, and dropping them loses more \
than it cleans"
            } else {
                ""
            },
        );
    }
    s
}

fn findings(o: &Outcome) -> String {
    let n = |k: usize| o.seen_at.get(k).copied().unwrap_or(0);
    let further: usize = o.seen_at.iter().skip(2).sum();
    let on_shelf = o.cases.iter().filter(|c| c.current_on_shelf).count();
    let d = &o.data;
    format!(
        "**What the replay shows about the rules** (the engine's defaults were left as they \
are; these are findings, not tuning):\n\n\
- *Recently viewed ranks the item on screen first.* The rule gives the most points to the \
latest view. Among next items already seen in the session, the one viewed just before the \
current item came up {} times, the current item itself {} times, anything further back {} \
times. {} The shelves here hold the current item (without it being next) in {} cases, so \
the figures above barely feel this; a \"recently viewed\" shelf built from the session would.\n\
- *Relation strengths keep the shop's scale.* Strengths in the config's object form are \
divided by the largest of the whole config, not of each item, and relations work both ways. \
That matters here: for {} of the {} items with relations, the strongest co-view was seen in a \
single session, and under a per-item scale (how an earlier version read them) it weighed as \
much as a pair seen in many.\n",
        n(1),
        n(0),
        further,
        if n(1) >= n(0) {
            "Going back one step is at least as common as staying, so offering the product on \
screen first beside it is rarely the best use of the first place; starting the recency ramp at \
the previous item (or leaving the current item out) would match the data better."
        } else {
            "Staying on the item just viewed is the most common return here, so the rule's \
order matches this log."
        },
        on_shelf,
        d.relations.2,
        d.relations.0,
    )
}

fn needs(o: &Outcome) -> String {
    let cold = group(o, COLD, 0).n;
    let facets = if o.data.facets == (0, 0) {
        "*Categories and brands.* This log has none, so the affinity rule — the engine's main \
signal once a shopper has a history — is not measured. A log that has them plugs in through a \
column mapping (`--columns '{\"session\": \"visit\", \"item\": \"sku\", \"time\": \"ts\", \
\"category\": \"category\", \"brand\": \"brand\"}'`; for a separate item file such as \
Diginetica's product-categories.csv, `--catalog product-categories.csv --columns \
'{\"category\": \"categoryId\"}'`), and the table then gains category and brand affinity rows."
            .to_string()
    } else {
        "*Categories and brands* are in this log; the affinity rows above measure them.".to_string()
    };
    format!(
        "**What the engine would need to do better.**\n\n\
- More history per item: {} of the next items were never viewed in the learning days. \
Relations learned from a larger log (the full Diginetica log has about a hundred times more \
views, a shop's own log more still) would reach far more of them.\n\
- {facets}\n\
- Dwell time: the log knows how long each view lasted (the gap to the next one), but the \
engine counts every `view_item` alike; a glance and a five-minute read weigh the same. Events \
that carry engagement (`select_item`, `add_to_cart`) or a dwell-weighted view would separate \
interest from bounce.\n\
- The visitor across sessions: each test session is replayed from an empty profile, one \
session at a time, so the engine's memory across visits — decayed affinities, \
purchases pushed back — is not exercised; nor are carts and purchases: only views are replayed.\n",
        share(cold, o.cases.len() as f64),
    )
}

/// The account: method, figures, reading, sweep, learned relations, findings, needs.
pub fn account(o: &Outcome, source: &str, table: &str, sweep: &str, learned: &str) -> String {
    let mut md = method(o, source);
    md += &format!("\n{table}\n");
    md += &headline(o);
    if o.variants.iter().any(|v| v.sweep) {
        md += &format!("\n**A small sweep** (same cases and shelves):\n\n{sweep}\n");
        md += &sweep_reading(o);
        md += "\n";
    }
    md += &super::report_learned::section(o, learned);
    md += &format!("\n{}\n{}", findings(o), needs(o));
    md += "\nReproduce with `npm run eval` (it builds and runs `cargo run --release --bin eval`; \
`--help` lists the options: shelf size, candidate pool, relations, weights, seed, column \
mapping). Raw figures: `bench/eval.json`.\n";
    md
}
