//! Widget strategies: the ordered scoring rules a widget is ranked by, and what each reads.

use crate::core::item::ItemFilter;
use crate::core::parts::Parts;

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

impl RuleKind {
    /// The parts of the visitor's data the rule's points depend on.
    pub fn reads(&self) -> Parts {
        match self {
            RuleKind::Affinity {
                category,
                brand,
                tag,
            } => {
                let mut p = Parts::NONE;
                for (on, part) in [
                    (*category, Parts::CATEGORIES),
                    (*brand, Parts::BRANDS),
                    (*tag, Parts::TAGS),
                ] {
                    if on {
                        p |= part;
                    }
                }
                p
            }
            RuleKind::Preferences => Parts::PREFS,
            RuleKind::RecentlyViewed { .. } => Parts::VIEWED,
            RuleKind::Purchased { .. } => Parts::PURCHASED,
            RuleKind::Related { cart, viewed } => {
                // The relations the profile keeps for the visitor's items count too.
                let mut p = Parts::RELATED;
                if *cart {
                    p |= Parts::CART;
                }
                if *viewed {
                    p |= Parts::VIEWED;
                }
                p
            }
            RuleKind::Boost(_) | RuleKind::Bury(_) | RuleKind::Pin { .. } | RuleKind::Hide(_) => {
                Parts::NONE
            }
        }
    }
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

impl Strategy {
    /// The parts of the visitor's data its order depends on (besides segments and the items).
    pub fn reads(&self) -> Parts {
        let mut p = Parts::ID;
        for r in &self.rules {
            p |= r.kind.reads();
        }
        p
    }

    /// Whether its order depends on the visitor being in segment `id` (a targeted rule).
    pub fn targets(&self, id: &str) -> bool {
        self.rules
            .iter()
            .any(|r| r.segments.iter().any(|s| s == id))
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
