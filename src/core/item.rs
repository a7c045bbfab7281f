//! Products as events, markup and frameworks describe them, and the filters rules and features
//! select them with.

use crate::core::gather::Gather;

/// How the `item_category2` … `item_category5` fields of GA4 items are read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CategoryFields {
    /// Levels of one path, broadest first (GA4's own meaning, and what Google Tag Manager for
    /// WordPress, GTM Kit and most shops push): `Footwear`, `Hiking Boots` is
    /// `Footwear/Hiking Boots`.
    #[default]
    Levels,
    /// Separate categories the product belongs to (what Google Analytics for WooCommerce
    /// pushes: the product's first five categories): `Hoodies`, `Sale` are two categories.
    Separate,
}

/// A product as events and widgets describe it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Item {
    /// The shop's product id.
    pub id: String,
    /// Levels of its category path, broadest first (`item_category` … `item_category5`).
    pub categories: Vec<String>,
    /// Further categories, each a path of levels (`item_category2` … read as separate
    /// categories, see [`CategoryFields::Separate`]).
    pub more_categories: Vec<Vec<String>>,
    /// Brand, if known.
    pub brand: Option<String>,
    /// Unit price, if known.
    pub price: Option<f64>,
    /// Quantity (1 when not given).
    pub quantity: f64,
    /// Free tags (from `item_tags` or markup).
    pub tags: Vec<String>,
}

/// A category as a rule, a feature or a preference names it, its levels split once (for
/// matching many items): the levels of an item's category path are in it when a level is named
/// so (`Running`) or when the path begins with it (`Shoes/Running`); names ignore ASCII case.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Category {
    name: String,
    levels: Vec<String>,
}

impl Category {
    /// The category named `name` (`Running`, `Shoes/Running`).
    pub fn new(name: &str) -> Category {
        Category {
            name: name.to_string(),
            levels: name.split('/').map(|l| l.trim().to_string()).gather(),
        }
    }

    /// Whether the levels of one category path are in this category.
    pub fn holds(&self, levels: &[String]) -> bool {
        levels.iter().any(|l| l.eq_ignore_ascii_case(&self.name))
            || (self.levels.len() <= levels.len()
                && self
                    .levels
                    .iter()
                    .zip(levels)
                    .all(|(w, l)| l.eq_ignore_ascii_case(w)))
    }
}

/// The category path at every level: `["Shoes", "Shoes/Running"]`.
pub fn prefixes(levels: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(levels.len());
    let mut path = String::new();
    for level in levels {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(level);
        out.push(path.clone());
    }
    out
}

/// Splits a category path written as text (`Shoes / Running`) into its levels.
pub fn split_path(text: &str) -> Vec<String> {
    text.split('/')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .gather()
}

impl Item {
    /// An item known by its id only.
    pub fn with_id(id: &str) -> Item {
        Item {
            id: id.to_string(),
            quantity: 1.0,
            ..Item::default()
        }
    }

    /// Every category path of the item, as levels: the main one, then the others.
    pub fn paths(&self) -> impl Iterator<Item = &[String]> {
        std::iter::once(self.categories.as_slice())
            .filter(|p| !p.is_empty())
            .chain(self.more_categories.iter().map(Vec::as_slice))
    }

    /// Whether the item is in `category`, by any of its paths.
    pub fn in_category(&self, category: &Category) -> bool {
        self.paths().any(|p| category.holds(p))
    }

    /// Every category path at every level, each once: `["Shoes", "Shoes/Running", "Sale"]`.
    pub fn category_paths(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in self.paths() {
            for prefix in prefixes(p) {
                if !out.contains(&prefix) {
                    out.push(prefix);
                }
            }
        }
        out
    }
}

/// Which items a rule or feature is about; every given facet must match (names ignore case).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemFilter {
    /// Category names at any level (`Running`) or paths (`Shoes/Running`); any may match.
    pub categories: Vec<Category>,
    /// Brands; any may match.
    pub brands: Vec<String>,
    /// Tags; any may match.
    pub tags: Vec<String>,
    /// Item ids; any may match.
    pub ids: Vec<String>,
    /// Lowest price, inclusive.
    pub price_min: Option<f64>,
    /// Highest price, inclusive.
    pub price_max: Option<f64>,
}

fn any_eq(wanted: &[String], have: &str) -> bool {
    wanted.iter().any(|w| w.eq_ignore_ascii_case(have))
}

impl ItemFilter {
    /// Whether the filter has no facet at all.
    pub fn is_empty(&self) -> bool {
        self.categories.is_empty()
            && self.brands.is_empty()
            && self.tags.is_empty()
            && self.ids.is_empty()
            && self.price_min.is_none()
            && self.price_max.is_none()
    }

    /// Whether `item` passes every facet of the filter.
    pub fn matches(&self, item: &Item) -> bool {
        (self.ids.is_empty() || self.ids.contains(&item.id))
            && (self.brands.is_empty()
                || item
                    .brand
                    .as_deref()
                    .is_some_and(|b| any_eq(&self.brands, b)))
            && (self.tags.is_empty() || item.tags.iter().any(|t| any_eq(&self.tags, t)))
            && (self.categories.is_empty() || self.categories.iter().any(|c| item.in_category(c)))
            && self.price_ok(item.price)
    }

    /// Whether `price` is within the filter's range (any price when it has none).
    pub fn price_ok(&self, price: Option<f64>) -> bool {
        if self.price_min.is_none() && self.price_max.is_none() {
            return true;
        }
        price.is_some_and(|p| {
            self.price_min.is_none_or(|lo| p >= lo) && self.price_max.is_none_or(|hi| p <= hi)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(p: &str) -> Vec<String> {
        split_path(p)
    }

    #[test]
    fn categories_match_by_level_or_by_leading_path() {
        let l = levels("Shoes/Running");
        let holds = |w: &str| Category::new(w).holds(&l);
        assert!(holds("running"));
        assert!(holds("Shoes/RUNNING"));
        assert!(holds("Shoes / running"));
        assert!(holds("shoes"));
        assert!(holds(" Shoes "));
        assert!(!holds("Running/Shoes"));
        assert!(!holds("Shoes/Running/Trail"));
        assert!(!holds(""));
        assert!(!holds("Shoes/"));
        assert!(!Category::new("Shoes").holds(&[]));
        let mut item = Item::with_id("a");
        item.categories = levels("Clothing");
        item.more_categories = vec![levels("Hoodies"), levels("Sale")];
        assert!(item.in_category(&Category::new("sale")));
        assert!(!item.in_category(&Category::new("Clothing/Sale")));
        assert_eq!(item.category_paths(), ["Clothing", "Hoodies", "Sale"]);
    }
}
