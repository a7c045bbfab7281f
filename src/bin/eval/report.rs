//! The figures as JSON, as a plain-text summary, and as the report's marked Markdown block.

use super::stats::{Lift, Sums, HIT_AT};
use super::{Outcome, Rel};
use serde_json::{json, Map, Value};

/// Marks the start of the evaluation's block in the report.
pub const START: &str = "<!-- eval:start -->";
/// Marks its end.
pub const END: &str = "<!-- eval:end -->";

fn r4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn lift_json(l: &Lift) -> Value {
    json!({
        "abs": r4(l.abs),
        "ci95": [r4(l.ci.0), r4(l.ci.1)],
        "rel": l.rel.map(r4),
        "relCi95": l.rel_ci.map(|(a, b)| [r4(a), r4(b)]),
    })
}

/// Names of the orderings: the default, then each variant.
fn ids(o: &Outcome) -> Vec<&str> {
    std::iter::once("default")
        .chain(o.variants.iter().map(|v| v.id.as_str()))
        .collect()
}

/// The raw figures.
pub fn to_json(o: &Outcome, source: &str) -> Value {
    let d = &o.data;
    let opt = &o.options;
    let orderings: Vec<Value> = ids(o)
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let s = &o.overall[i];
            let mut v = json!({
                "id": id,
                "cases": s.n as u64,
                "hitRate4": r4(s.hit_rate()),
                "mrr": r4(s.mrr()),
            });
            match i.checked_sub(1).and_then(|j| o.variants.get(j)) {
                None => {
                    v["label"] = json!("shop's default order (most viewed first)");
                }
                Some(var) => {
                    v["label"] = json!(var.label);
                    v["rules"] = var.rules.clone();
                    v["related"] = match var.rel {
                        Rel::CoViews(p) => json!({ "topN": p.top_n, "minCount": p.min_count }),
                        Rel::Learned(k) => o.options.learned.get(k).map_or(Value::Null, |s| {
                            json!({ "learnedBy": format!("shelfwise relations {}", s.args), "relations": s.pairs(), "items": s.relations.len() })
                        }),
                    };
                    if let Some((base, l)) = o.against.get(i).copied().flatten() {
                        v["against"] = json!({
                            "ordering": ids(o)[base],
                            "hitRate4": lift_json(&l.hit_rate),
                            "mrr": lift_json(&l.mrr),
                        });
                    }
                    v["sweep"] = json!(var.sweep);
                    v["lift"] = json!({
                        "hitRate4": lift_json(&o.lifts[i].hit_rate),
                        "mrr": lift_json(&o.lifts[i].mrr),
                    });
                }
            }
            v
        })
        .collect();
    let groups: Vec<Value> = o
        .groups
        .iter()
        .map(|g| {
            let by: Map<String, Value> = ids(o)
                .iter()
                .zip(&g.sums)
                .map(|(id, s)| {
                    (
                        id.to_string(),
                        json!({ "hitRate4": r4(s.hit_rate()), "mrr": r4(s.mrr()) }),
                    )
                })
                .collect();
            json!({ "name": g.name, "cases": g.sums[0].n as u64, "orderings": by })
        })
        .collect();
    json!({
        "data": {
            "source": source,
            "rows": d.rows.0,
            "rowsSkipped": d.rows.1,
            "sessions": d.sessions,
            "items": d.items,
            "days": d.days,
            "learn": { "from": d.learn.0, "to": d.learn.1, "sessions": d.learn.2 },
            "test": { "from": d.test.0, "to": d.test.1, "sessions": d.test.2 },
            "itemsWithCategory": d.facets.0,
            "itemsWithBrand": d.facets.1,
            "itemsWithRelations": d.relations.0,
            "relationsShipped": d.relations.1,
            "itemsWhoseStrongestRelationIsOneSession": d.relations.2,
        },
        "method": {
            "learnShareOfDays": opt.learn_share,
            "shelfSize": opt.shelves.size,
            "candidatePool": d.pool,
            "seed": opt.shelves.seed,
            "relatedTopN": opt.rel.top_n,
            "relatedMinCount": opt.rel.min_count,
            "bootstrapResamples": opt.bootstrap,
            "hitRateAt": HIT_AT,
        },
        "cases": {
            "total": o.cases.len(),
            "reViewed": o.seen_at.iter().sum::<usize>(),
            "reViewedByStepsBack": o
                .seen_at
                .iter()
                .enumerate()
                .map(|(k, n)| {
                    let key = if k + 1 == o.seen_at.len() { format!("{k}+") } else { k.to_string() };
                    (key, json!(n))
                })
                .collect::<Map<String, Value>>(),
        },
        "randomOrder": { "hitRate4": r4(o.random.hit_rate()), "mrr": r4(o.random.mrr()) },
        "orderings": orderings,
        "groups": groups,
        "relatedShelves": super::related_shelf::to_json(&o.related_shelf),
    })
}

/// A share as a percentage with one decimal.
pub fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A difference of shares in percentage points, signed.
pub fn pts(x: f64) -> String {
    format!("{:+.1}", x * 100.0)
}

/// A HitRate lift with its interval, in points.
pub fn ci_pts(l: &Lift) -> String {
    format!("{} [{}, {}]", pts(l.abs), pts(l.ci.0), pts(l.ci.1))
}

/// An MRR lift with its interval.
pub fn mrr_ci(l: &Lift) -> String {
    format!("{:+.3} [{:+.3}, {:+.3}]", l.abs, l.ci.0, l.ci.1)
}

/// A plain-text table for the terminal.
pub fn summary(o: &Outcome) -> String {
    let mut out = format!(
        "{} test cases from {} test sessions ({} .. {})\n{:<26}{:>10}{:>8}{:>26}{:>26}\n",
        o.cases.len(),
        o.data.test.2,
        o.data.test.0,
        o.data.test.1,
        "ordering",
        format!("HR@{HIT_AT}"),
        "MRR",
        "HR lift (pts, 95% CI)",
        "MRR lift (95% CI)"
    );
    for (i, id) in ids(o).iter().enumerate() {
        let s = &o.overall[i];
        let (h, m) = if i == 0 {
            (String::new(), String::new())
        } else {
            (ci_pts(&o.lifts[i].hit_rate), mrr_ci(&o.lifts[i].mrr))
        };
        out += &format!(
            "{id:<26}{:>10}{:>8.3}{h:>26}{m:>26}\n",
            pct(s.hit_rate()),
            s.mrr()
        );
    }
    out
}

fn row(o: &Outcome, i: usize) -> String {
    let s: &Sums = &o.overall[i];
    let (label, rules, h, m) = match i.checked_sub(1).and_then(|j| o.variants.get(j)) {
        None => (
            "default order (most viewed first)".to_string(),
            "—".to_string(),
            "—".to_string(),
            "—".to_string(),
        ),
        Some(v) => (
            v.label.clone(),
            format!("`{}`", v.rules),
            ci_pts(&o.lifts[i].hit_rate),
            mrr_ci(&o.lifts[i].mrr),
        ),
    };
    format!(
        "| {label} | {rules} | {} | {:.3} | {h} | {m} |\n",
        pct(s.hit_rate()),
        s.mrr()
    )
}

fn table(o: &Outcome, sweep: bool) -> String {
    let mut t = format!(
        "| ordering | widget rules | HitRate@{HIT_AT} | MRR | HitRate@{HIT_AT} lift, points [95% CI] | MRR lift [95% CI] |\n|---|---|---:|---:|---:|---:|\n"
    );
    let learned = |v: &super::replay::Variant| matches!(v.rel, Rel::Learned(_));
    if !sweep {
        t += &format!(
            "| random order (expected; reference) | — | {} | {:.3} | — | — |\n",
            pct(o.random.hit_rate()),
            o.random.mrr()
        );
        t += &row(o, 0);
    }
    for (j, v) in o.variants.iter().enumerate() {
        if v.sweep == sweep && !learned(v) {
            t += &row(o, j + 1);
        }
    }
    t
}

/// The table of relations learned by `shelfwise relations`, each against today's co-views in
/// the same strategy (empty when there are none).
pub fn learned_table(o: &Outcome) -> String {
    let mut t = format!(
        "| relations | learned with | relations (items) | HitRate@{HIT_AT} | MRR | HitRate@{HIT_AT} lift over default, points [95% CI] | … over today's relations, points [95% CI] | MRR over today's [95% CI] |\n|---|---|---:|---:|---:|---:|---:|---:|\n"
    );
    let mut any = false;
    for (j, v) in o.variants.iter().enumerate() {
        let Rel::Learned(k) = v.rel else { continue };
        let (Some(set), Some(s)) = (o.options.learned.get(k), o.overall.get(j + 1)) else {
            continue;
        };
        any = true;
        let (vs, vs_mrr) = match o.against.get(j + 1).copied().flatten() {
            Some((base, l)) => (
                format!("{} (vs {})", ci_pts(&l.hit_rate), ids(o)[base]),
                mrr_ci(&l.mrr),
            ),
            None => ("—".into(), "—".into()),
        };
        t += &format!(
            "| {} | `{}` | {} ({}) | {} | {:.3} | {} | {vs} | {vs_mrr} |\n",
            v.label,
            set.args,
            set.pairs(),
            set.relations.len(),
            pct(s.hit_rate()),
            s.mrr(),
            ci_pts(&o.lifts[j + 1].hit_rate),
        );
    }
    if any {
        t
    } else {
        String::new()
    }
}

/// The report's block, markers included.
pub fn markdown(o: &Outcome, source: &str) -> String {
    let mut md = format!("{START}\n## Offline evaluation: replayed shopper sessions\n\n");
    md += &super::report_text::account(
        o,
        source,
        &table(o, false),
        &table(o, true),
        &learned_table(o),
    );
    md += &format!("\n{END}\n");
    md
}

/// `existing` with its marked block replaced by `block` (appended when there is none; the
/// whole file is the block when there is no file).
pub fn splice(existing: Option<&str>, block: &str) -> String {
    let Some(text) = existing else {
        return block.to_string();
    };
    match (text.find(START), text.find(END)) {
        (Some(a), Some(b)) if a < b => {
            let rest = &text[b + END.len()..];
            let rest = rest.strip_prefix('\n').unwrap_or(rest);
            format!("{}{block}{rest}", &text[..a])
        }
        _ => {
            let sep = if text.is_empty() || text.ends_with("\n\n") {
                ""
            } else if text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            format!("{text}{sep}{block}")
        }
    }
}
