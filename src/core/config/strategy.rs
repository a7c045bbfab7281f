//! Widget strategies: the ordered scoring rules a widget is ranked by.

use super::filter::ItemFilter;
use super::reader::{Errors, Obj};
use crate::core::error::JsonPath;
use crate::core::event::describe;
use serde_json::Value;

/// What a rule does to an item's score or place.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleKind {
    /// Adds the weight to items matching the filter.
    Boost(ItemFilter),
    /// Takes the weight from items matching the filter.
    Bury(ItemFilter),
    /// Weight × the visitor's affinity for the item's category, brand and tags.
    Affinity {
        /// Count category affinity.
        category: bool,
        /// Count brand affinity.
        brand: bool,
        /// Count tag affinity.
        tag: bool,
    },
    /// Weight × how well the item fits the shopper's explicit preferences.
    Preferences,
    /// Items the visitor viewed recently (most recent counts most); `bury` pushes them back.
    RecentlyViewed {
        /// Push back instead of forward.
        bury: bool,
    },
    /// Items the visitor bought; `hide` removes them instead of pushing them back.
    Purchased {
        /// Remove instead of pushing back.
        hide: bool,
    },
    /// Items related ("people also bought/viewed") to the cart and/or recently viewed items.
    Related {
        /// Relate to cart items.
        cart: bool,
        /// Relate to recently viewed items.
        viewed: bool,
    },
    /// Puts one item at a 1-based position.
    Pin {
        /// The item.
        item: String,
        /// 1-based position.
        position: usize,
    },
    /// Removes items matching the filter (keeping the widget's minimum count).
    Hide(ItemFilter),
}

/// One rule of a strategy.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// What it does.
    pub kind: RuleKind,
    /// How much it counts.
    pub weight: f64,
    /// Segments it is targeted at; empty means every visitor.
    pub segments: Vec<String>,
    /// Where it is in the config, for explanations (`widgets.home.rules[2]`).
    pub source: String,
    /// The rule's name as written (`boost`, `affinity`, …).
    pub name: &'static str,
}

/// Which facet diversity limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Facet {
    /// The item's brand.
    Brand,
    /// The item's top-level category.
    Category,
}

/// At most `max_in_a_row` items of the same facet value next to each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Diversity {
    /// What must vary.
    pub by: Facet,
    /// Longest run allowed.
    pub max_in_a_row: usize,
}

/// How a widget is ranked.
#[derive(Clone, Debug, PartialEq)]
pub struct Strategy {
    /// Scoring rules, in order.
    pub rules: Vec<Rule>,
    /// Optional diversity pass after scoring.
    pub diversity: Option<Diversity>,
    /// Hiding never leaves fewer items than this.
    pub min_items: usize,
    /// Whether a widget on screen may move under the shopper's eyes after an event.
    pub reorder_while_visible: bool,
}

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

/// The strategy used when the config gives none: explicit preferences over inferred
/// affinity, companions of the cart, purchases pushed back.
pub fn builtin_default() -> Strategy {
    let rule = |kind, weight, name| Rule {
        kind,
        weight,
        segments: Vec::new(),
        source: "(built-in default strategy)".into(),
        name,
    };
    Strategy {
        rules: vec![
            rule(RuleKind::Preferences, 20.0, "preferences"),
            rule(
                RuleKind::Affinity {
                    category: true,
                    brand: true,
                    tag: true,
                },
                10.0,
                "affinity",
            ),
            rule(
                RuleKind::Related {
                    cart: true,
                    viewed: false,
                },
                5.0,
                "related",
            ),
            rule(RuleKind::Purchased { hide: false }, 5.0, "purchased"),
        ],
        diversity: None,
        min_items: 4,
        reorder_while_visible: false,
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
pub fn parse_strategy(
    v: &Value,
    path: JsonPath,
    base: &Strategy,
    segments: &[&str],
    errors: &mut Errors,
) -> Strategy {
    let mut s = base.clone();
    let Some(o) = Obj::new(v, path, &STRATEGY_KEYS, errors) else {
        return s;
    };
    s.min_items = o.num("minItems", base.min_items as f64, 0.0, 1000.0, errors) as usize;
    s.reorder_while_visible = o.bool("reorderWhileVisible", base.reorder_while_visible, errors);
    if o.map.get("diversity") == Some(&Value::Null) {
        s.diversity = None;
    } else if let Some(d) = o.get("diversity") {
        if let Some(d) = Obj::new(d, o.at("diversity"), &DIVERSITY_KEYS, errors) {
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
        Some(Value::Array(rules)) => {
            s.rules = rules
                .iter()
                .enumerate()
                .filter_map(|(i, r)| parse_rule(r, o.at("rules").index(i), segments, errors))
                .collect();
        }
        Some(other) => errors.at(
            &o.at("rules"),
            format!("must be an array of rules, got {}", describe(other)),
        ),
    }
    s
}

fn parse_rule(v: &Value, path: JsonPath, segments: &[&str], errors: &mut Errors) -> Option<Rule> {
    let name = match v.get("rule") {
        Some(Value::String(n)) => match RULE_NAMES.iter().find(|r| *r == n) {
            Some(n) => *n,
            None => {
                let msg = crate::core::error::with_suggestion(
                    format!("unknown rule \"{n}\"; rules are {}", RULE_NAMES.join(", ")),
                    n,
                    &RULE_NAMES,
                );
                errors.at(&path.key("rule"), msg);
                return None;
            }
        },
        Some(other) => {
            errors.at(
                &path.key("rule"),
                format!("must be a rule name, got {}", describe(other)),
            );
            return None;
        }
        None if v.is_object() => {
            errors.at(
                &path,
                format!("needs \"rule\": one of {}", RULE_NAMES.join(", ")),
            );
            return None;
        }
        None => {
            errors.at(&path, format!("must be a rule object, got {}", describe(v)));
            return None;
        }
    };
    let o = Obj::new(v, path, rule_keys(name), errors)?;
    let weight = o.num("weight", default_weight(name), -1000.0, 1000.0, errors);
    let targets = o.strings("segments", errors);
    for (i, t) in targets.iter().enumerate() {
        if !segments.contains(&t.as_str()) {
            let msg = crate::core::error::with_suggestion(
                format!("unknown segment \"{t}\""),
                t,
                segments,
            );
            errors.at(&o.at("segments").index(i), msg);
        }
    }
    let filter = |errors: &mut Errors| match o.get("match") {
        Some(m) => ItemFilter::parse(m, o.at("match"), errors),
        None => {
            errors.at(
                &o.path,
                format!("a {name} rule needs \"match\": which items"),
            );
            ItemFilter::default()
        }
    };
    let kind = match name {
        "boost" => RuleKind::Boost(filter(errors)),
        "bury" => RuleKind::Bury(filter(errors)),
        "hide" => RuleKind::Hide(filter(errors)),
        "affinity" => {
            let by = o.strings("by", errors);
            for (i, b) in by.iter().enumerate() {
                if !["category", "brand", "tag"].contains(&b.as_str()) {
                    errors.at(
                        &o.at("by").index(i),
                        format!("\"{b}\": affinity is by \"category\", \"brand\" or \"tag\""),
                    );
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
                errors.at(&o.path, "a pin rule needs \"item\": the id to pin");
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
        source: o.path.as_str().to_string(),
        name,
    })
}
