//! Reading widget strategies: the ordered scoring rules a widget is ranked by.

use super::filter::read_filter;
use super::reader::Members;
use crate::core::error::{with_suggestion, Errors, Path};
use crate::core::event::describe;
use crate::core::gather::Gather;
use crate::core::item::ItemFilter;
use crate::core::json::Json;
use crate::core::program::{Diversity, Facet, Rule, RuleKind, Strategy};

/// The rule names a strategy accepts.
pub const RULE_NAMES: [&str; 9] = [
    "boost",
    "bury",
    "affinity",
    "preferences",
    "recentlyViewed",
    "purchased",
    "related",
    "pin",
    "hide",
];
/// The keys a strategy object allows.
pub const STRATEGY_KEYS: [&str; 4] = ["rules", "diversity", "minItems", "reorderWhileVisible"];
/// The keys a diversity object allows.
pub const DIVERSITY_KEYS: [&str; 2] = ["by", "maxInARow"];
/// Every key any rule may have (each rule allows the common ones plus its own).
pub const RULE_KEYS: [&str; 9] = [
    "rule", "weight", "segments", "match", "by", "action", "to", "item", "position",
];

fn rule_keys(name: &str) -> &'static [&'static str] {
    match name {
        "boost" | "bury" => &["rule", "weight", "segments", "match"],
        "hide" => &["rule", "segments", "match"],
        "affinity" => &["rule", "weight", "segments", "by"],
        "recentlyViewed" | "purchased" => &["rule", "weight", "segments", "action"],
        "related" => &["rule", "weight", "segments", "to"],
        "pin" => &["rule", "segments", "item", "position"],
        _ => &["rule", "weight", "segments"],
    }
}

/// Default weight of a rule kind when the config gives none.
fn default_weight(name: &str) -> f64 {
    match name {
        "preferences" => 20.0,
        "affinity" => 10.0,
        _ => 5.0,
    }
}

/// Reads one strategy object over `base`: keys it leaves out keep `base`'s values (a widget's
/// strategy overrides only what it says); `segments` are the known segment ids.
pub fn read_strategy(
    v: &Json,
    path: &Path,
    base: &Strategy,
    segments: &[&str],
    errors: &mut Errors,
) -> Strategy {
    let mut s = base.clone();
    let Some(o) = Members::new(v, path, &STRATEGY_KEYS, errors) else {
        return s;
    };
    s.min_items = o.num("minItems", base.min_items as f64, 0.0, 1000.0, errors) as usize;
    s.reorder_while_visible = o.bool("reorderWhileVisible", base.reorder_while_visible, errors);
    if o.map.get("diversity") == Some(&Json::Null) {
        s.diversity = None;
    } else if let Some(d) = o.get("diversity") {
        let at = o.at("diversity");
        if let Some(d) = Members::new(d, &at, &DIVERSITY_KEYS, errors) {
            let by = match d.choice("by", &["brand", "category"], "brand", errors) {
                "category" => Facet::Category,
                _ => Facet::Brand,
            };
            let max_in_a_row = d.num("maxInARow", 2.0, 1.0, 100.0, errors) as usize;
            s.diversity = Some(Diversity { by, max_in_a_row });
        }
    }
    match o.get("rules") {
        None => {}
        Some(Json::Arr(rules)) => {
            let at = o.at("rules");
            s.rules = rules
                .iter()
                .enumerate()
                .filter_map(|(i, r)| read_rule(r, &at.index(i), segments, errors))
                .gather();
        }
        Some(other) => errors.at(&o.at("rules"), || {
            format!("must be an array of rules, got {}", describe(other))
        }),
    }
    s
}

fn read_rule(v: &Json, path: &Path, segments: &[&str], errors: &mut Errors) -> Option<Rule> {
    let name = match v.get("rule") {
        Some(Json::Str(n)) => match RULE_NAMES.iter().find(|r| *r == n) {
            Some(n) => *n,
            None => {
                errors.at(&path.key("rule"), || {
                    with_suggestion(
                        format!("unknown rule \"{n}\"; rules are {}", RULE_NAMES.join(", ")),
                        n,
                        &RULE_NAMES,
                    )
                });
                return None;
            }
        },
        Some(other) => {
            errors.at(&path.key("rule"), || {
                format!("must be a rule name, got {}", describe(other))
            });
            return None;
        }
        None if v.as_object().is_some() => {
            errors.at(path, || {
                format!("needs \"rule\": one of {}", RULE_NAMES.join(", "))
            });
            return None;
        }
        None => {
            errors.at(path, || {
                format!("must be a rule object, got {}", describe(v))
            });
            return None;
        }
    };
    let o = Members::new(v, path, rule_keys(name), errors)?;
    let weight = o.num("weight", default_weight(name), -1000.0, 1000.0, errors);
    let targets = o.strings("segments", errors);
    let seg_at = o.at("segments");
    for (i, t) in targets.iter().enumerate() {
        if !segments.contains(&t.as_str()) {
            errors.at(&seg_at.index(i), || {
                with_suggestion(format!("unknown segment \"{t}\""), t, segments)
            });
        }
    }
    let filter = |errors: &mut Errors| match o.get("match") {
        Some(m) => read_filter(m, &o.at("match"), errors),
        None => {
            errors.at(o.path, || {
                format!("a {name} rule needs \"match\": which items")
            });
            ItemFilter::default()
        }
    };
    let kind = match name {
        "boost" => RuleKind::Boost(filter(errors)),
        "bury" => RuleKind::Bury(filter(errors)),
        "hide" => RuleKind::Hide(filter(errors)),
        "affinity" => {
            let by = o.strings("by", errors);
            let by_at = o.at("by");
            for (i, b) in by.iter().enumerate() {
                if !["category", "brand", "tag"].contains(&b.as_str()) {
                    errors.at(&by_at.index(i), || {
                        format!("\"{b}\": affinity is by \"category\", \"brand\" or \"tag\"")
                    });
                }
            }
            let has = |k: &str| by.is_empty() || by.iter().any(|b| b == k);
            RuleKind::Affinity {
                category: has("category"),
                brand: has("brand"),
                tag: has("tag"),
            }
        }
        "preferences" => RuleKind::Preferences,
        "recentlyViewed" => RuleKind::RecentlyViewed {
            bury: o.choice("action", &["boost", "bury"], "boost", errors) == "bury",
        },
        "purchased" => RuleKind::Purchased {
            hide: o.choice("action", &["bury", "hide"], "bury", errors) == "hide",
        },
        "related" => {
            let to = o.choice("to", &["cart", "viewed", "both"], "cart", errors);
            RuleKind::Related {
                cart: to != "viewed",
                viewed: to != "cart",
            }
        }
        "pin" => {
            let item = o.str("item", errors).unwrap_or_default().to_string();
            if item.is_empty() && o.get("item").is_none() {
                errors.say(o.path, "a pin rule needs \"item\": the id to pin");
            }
            let position = o.num("position", 1.0, 1.0, 1000.0, errors) as usize;
            RuleKind::Pin { item, position }
        }
        _ => RuleKind::Preferences,
    };
    Some(Rule {
        kind,
        weight,
        segments: targets,
        source: o.path.render(),
        name,
    })
}
