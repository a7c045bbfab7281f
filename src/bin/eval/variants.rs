//! The strategies the evaluation compares: the headline ones, the small sweep of weights and
//! relation settings, and one per set of relations learned by `shelfwise relations`.

use super::learn::RelParams;
use super::replay::Variant;
use super::{shipped, Options, Rel};
use serde_json::{json, Value};

/// The strategies to compare; affinity ones only when the log has categories or brands.
pub fn variants(o: &Options, category: bool, brand: bool) -> Vec<Variant> {
    let w = o.weights;
    let recent = |wt: f64, action: &str| json!({ "rule": "recentlyViewed", "weight": weight(wt), "action": action });
    let related = |wt: f64| json!({ "rule": "related", "to": "viewed", "weight": weight(wt) });
    let v = |id: &str, label: &str, rules: Vec<Value>, rel: RelParams, sweep: bool| Variant {
        id: id.into(),
        label: label.into(),
        rules: Value::Array(rules),
        rel: Rel::CoViews(rel),
        sweep,
    };
    let base = o.rel;
    let mut out = vec![
        v(
            "recent",
            "recently viewed",
            vec![recent(w.recent, "boost")],
            base,
            false,
        ),
        v(
            "related",
            "related to viewed",
            vec![related(w.related)],
            base,
            false,
        ),
        v(
            "both",
            "recently viewed + related",
            vec![recent(w.recent, "boost"), related(w.related)],
            base,
            false,
        ),
    ];
    let by: Vec<&str> = [(category, "category"), (brand, "brand")]
        .iter()
        .filter(|(has, _)| *has)
        .map(|(_, b)| *b)
        .collect();
    let affinity =
        |by: &[&str]| json!({ "rule": "affinity", "by": by, "weight": weight(w.affinity) });
    for b in &by {
        out.push(v(
            b,
            &format!("{b} affinity"),
            vec![affinity(&[b])],
            base,
            false,
        ));
    }
    if !by.is_empty() {
        let rules = vec![recent(w.recent, "boost"), related(w.related), affinity(&by)];
        out.push(v(
            "all",
            "recently viewed + related + affinity",
            rules,
            base,
            false,
        ));
    }
    if o.sweep {
        let rel = |top_n, min_count| RelParams { top_n, min_count };
        let both = |r: f64| vec![recent(r, "boost"), related(w.related)];
        out.extend([
            v(
                "sweep-recent-1",
                "related 5 + recently viewed 1",
                both(1.0),
                base,
                true,
            ),
            v(
                "sweep-recent-10",
                "related 5 + recently viewed 10",
                both(10.0),
                base,
                true,
            ),
            v(
                "sweep-bury-viewed",
                "related 5 + viewed items pushed back 5",
                vec![recent(5.0, "bury"), related(w.related)],
                base,
                true,
            ),
            v(
                "sweep-top-5",
                "related, top 5 per item",
                vec![related(w.related)],
                rel(5, 1),
                true,
            ),
            v(
                "sweep-top-50",
                "related, top 50 per item",
                vec![related(w.related)],
                rel(50, 1),
                true,
            ),
            v(
                "sweep-min-2",
                "related, pairs seen in 2+ sessions",
                vec![related(w.related)],
                rel(base.top_n, 2),
                true,
            ),
        ]);
    }
    out.extend(shipped::variants(
        &o.learned,
        &related(w.related),
        &recent(w.recent, "boost"),
    ));
    out
}

/// A weight as JSON: whole numbers without a decimal point, as a shop would write them.
fn weight(w: f64) -> Value {
    if w.fract() == 0.0 && w.abs() < 1e9 {
        json!(w as i64)
    } else {
        json!(w)
    }
}
