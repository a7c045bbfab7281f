//! Events in the GA4 ecommerce vocabulary: checked one by one, normalized, never trusted.

use crate::core::num::show;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;

/// Longest accepted event name (GA4's own limit).
pub const MAX_NAME_LEN: usize = 40;
/// Longest accepted id (item, transaction).
pub const MAX_ID_LEN: usize = 100;
/// Longest accepted text (item name, brand, category, search term).
pub const MAX_TEXT_LEN: usize = 200;
/// Most items one event may carry.
pub const MAX_ITEMS: usize = 200;
/// Highest accepted price or event value.
pub const MAX_AMOUNT: f64 = 10_000_000.0;
/// Highest accepted quantity.
pub const MAX_QUANTITY: f64 = 10_000.0;

/// The GA4 ecommerce event names the engine gives meaning to; any other valid name is custom.
pub const KNOWN_EVENTS: [&str; 10] = [
    "page_view",
    "view_item_list",
    "select_item",
    "view_item",
    "add_to_cart",
    "remove_from_cart",
    "add_to_wishlist",
    "begin_checkout",
    "purchase",
    "search",
];

/// Events that are meaningless without items.
const NEED_ITEMS: [&str; 6] = [
    "select_item",
    "view_item",
    "add_to_cart",
    "remove_from_cart",
    "add_to_wishlist",
    "purchase",
];

/// A product as events and widgets describe it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The shop's product id.
    pub id: String,
    /// Category levels, broadest first (`item_category` … `item_category5`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// Brand, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// Unit price, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<f64>,
    /// Quantity (1 when not given).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub quantity: f64,
    /// Free tags (from `item_tags` or markup).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

fn one() -> f64 {
    1.0
}

fn is_one(q: &f64) -> bool {
    *q == 1.0
}

impl Item {
    /// Whether the item is in category `wanted`: a level named so (`Running`), or a path
    /// its levels begin with (`Shoes/Running`); names ignore case.
    pub fn in_category(&self, wanted: &str) -> bool {
        if self
            .categories
            .iter()
            .any(|l| l.eq_ignore_ascii_case(wanted))
        {
            return true;
        }
        let mut levels = self.categories.iter();
        let mut matched = false;
        for part in wanted.split('/') {
            match levels.next() {
                Some(l) if l.eq_ignore_ascii_case(part.trim()) => matched = true,
                _ => return false,
            }
        }
        matched
    }

    /// The category path at every level: `["Shoes", "Shoes/Running"]`.
    pub fn category_paths(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(self.categories.len());
        let mut path = String::new();
        for level in &self.categories {
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(level);
            out.push(path.clone());
        }
        out
    }
}

/// One event, checked and normalized.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// GA4 event name (`view_item`) or a custom one.
    pub name: String,
    /// Items the event is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
    /// Monetary value (purchase total), if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Transaction id of a purchase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// What the shopper searched for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_term: Option<String>,
    /// Page facts of a `page_view`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<PageFacts>,
    /// Relations its items were seen with on the page (their markup, or items given to `rank`):
    /// item id and related ids, strongest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<(String, Vec<String>)>,
}

/// What a `page_view` says about how the visitor arrived.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PageFacts {
    /// Path of the page (no query string).
    #[serde(default)]
    pub path: String,
    /// Host of the referring page, when it is another site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer: Option<String>,
    /// Campaign parameters found in the URL (`source`, `medium`, `campaign`, `term`, `content`).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub utm: Map<String, Value>,
}

/// Why an event was rejected: which event, where in it, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventError {
    /// The event's name, or `(unnamed)`.
    pub event: String,
    /// Where inside the event's parameters, e.g. `items[0].price`; empty for the event itself.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "event \"{}\" rejected: {}", self.event, self.message)
        } else {
            write!(
                f,
                "event \"{}\" rejected: {}: {}",
                self.event, self.path, self.message
            )
        }
    }
}

/// Whether a text holds something that looks like an email address: such a text is personal
/// data and is never kept, not even as a search term.
pub fn looks_like_email(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .any(|w| match w.split_once('@') {
            Some((user, domain)) => {
                let domain = domain.trim_end_matches(['.', '>', ')']);
                !user.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.contains('@')
            }
            None => false,
        })
}

/// Whether `name` can name an event: 1 to 40 ASCII letters, digits or underscores (as in GA4).
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && name
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
}

/// A number as JavaScript writes it (`1000000000000`, not `1000000000000.0`), whether the JSON
/// was parsed with it as an integer or as a float.
pub fn js_number(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if n.is_f64() => show(f),
        _ => n.to_string(),
    }
}

/// Describes a JSON value in a few words for error messages.
pub fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => js_number(n),
        Value::String(s) if s.chars().count() > 40 => {
            format!("a string of {} characters", s.chars().count())
        }
        Value::String(s) => format!("\"{s}\""),
        Value::Array(a) => format!("an array of {}", a.len()),
        Value::Object(_) => "an object".into(),
    }
}

struct Checker<'a> {
    event: &'a str,
}

impl Checker<'_> {
    fn err(&self, path: &str, message: impl Into<String>) -> EventError {
        EventError {
            event: self.event.to_string(),
            path: path.to_string(),
            message: message.into(),
        }
    }

    fn text(&self, v: &Value, path: &str, max: usize) -> Result<Option<String>, EventError> {
        let s = match v {
            Value::Null => return Ok(None),
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) => js_number(n),
            other => {
                return Err(self.err(path, format!("must be a string, got {}", describe(other))))
            }
        };
        if s.chars().count() > max {
            return Err(self.err(
                path,
                format!(
                    "is {} characters long; at most {max} are accepted",
                    s.chars().count()
                ),
            ));
        }
        Ok((!s.is_empty()).then_some(s))
    }

    fn number(&self, v: &Value, path: &str, max: f64) -> Result<Option<f64>, EventError> {
        let n = match v {
            Value::Null => return Ok(None),
            Value::Number(n) => n.as_f64(),
            Value::String(s) if !s.trim().is_empty() => crate::core::num::parse(s),
            _ => None,
        };
        match n {
            Some(n) if n.is_finite() && (0.0..=max).contains(&n) => Ok(Some(n)),
            _ => Err(self.err(
                path,
                format!(
                    "must be a number from 0 to {}, got {}",
                    show(max),
                    describe(v)
                ),
            )),
        }
    }

    fn item(&self, v: &Value, path: &str) -> Result<Item, EventError> {
        let Value::Object(o) = v else {
            return Err(self.err(path, format!("must be an object, got {}", describe(v))));
        };
        let field = |k: &str| o.get(k).unwrap_or(&Value::Null);
        let at = |k: &str| format!("{path}.{k}");
        let id = match self.text(field("item_id"), &at("item_id"), MAX_ID_LEN)? {
            Some(id) => id,
            None => return Err(self.err(&at("item_id"), "is missing; every item needs an id")),
        };
        let mut categories = Vec::new();
        for (i, key) in [
            "item_category",
            "item_category2",
            "item_category3",
            "item_category4",
            "item_category5",
        ]
        .iter()
        .enumerate()
        {
            let Some(level) = self.text(field(key), &at(key), MAX_TEXT_LEN)? else {
                break;
            };
            // A level may itself hold a path ("Shoes/Running"); split it into levels.
            if i == 0 && level.contains('/') {
                categories.extend(
                    level
                        .split('/')
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(String::from),
                );
            } else {
                categories.push(level);
            }
        }
        let tags = match field("item_tags") {
            Value::Array(a) => a
                .iter()
                .enumerate()
                .filter_map(|(i, t)| {
                    self.text(t, &format!("{}[{i}]", at("item_tags")), MAX_TEXT_LEN)
                        .transpose()
                })
                .take(20)
                .collect::<Result<Vec<_>, _>>()?,
            Value::String(s) => s
                .split([' ', ','])
                .filter(|t| !t.is_empty())
                .take(20)
                .map(String::from)
                .collect(),
            Value::Null => Vec::new(),
            other => {
                return Err(self.err(
                    &at("item_tags"),
                    format!("must be an array of strings, got {}", describe(other)),
                ))
            }
        };
        let quantity = self
            .number(field("quantity"), &at("quantity"), MAX_QUANTITY)?
            .map(f64::round)
            .unwrap_or(1.0)
            .max(1.0);
        Ok(Item {
            id,
            categories,
            brand: self.text(field("item_brand"), &at("item_brand"), MAX_TEXT_LEN)?,
            price: self.number(field("price"), &at("price"), MAX_AMOUNT)?,
            quantity,
            tags,
        })
    }
}

impl Event {
    /// Checks a raw event (`name` plus GA4 `params`) and returns it normalized, or says what is wrong.
    pub fn parse(name: &Value, params: &Value) -> Result<Event, EventError> {
        let shown = match name {
            Value::String(s) => s.chars().take(MAX_NAME_LEN).collect(),
            _ => "(unnamed)".to_string(),
        };
        let c = Checker { event: &shown };
        let Value::String(name) = name else {
            return Err(c.err(
                "",
                format!("the event name must be a string, got {}", describe(name)),
            ));
        };
        if !is_valid_name(name) {
            return Err(c.err(
                "",
                format!(
                    "the event name must be 1 to {MAX_NAME_LEN} letters, digits or underscores"
                ),
            ));
        }
        let params = match params {
            Value::Object(o) => o,
            Value::Null => &Map::new(),
            other => {
                return Err(c.err(
                    "",
                    format!("parameters must be an object, got {}", describe(other)),
                ))
            }
        };
        let field = |k: &str| params.get(k).unwrap_or(&Value::Null);
        let items = match field("items") {
            Value::Null => Vec::new(),
            Value::Array(a) if a.len() > MAX_ITEMS => {
                return Err(c.err(
                    "items",
                    format!("has {} items; at most {MAX_ITEMS} are accepted", a.len()),
                ))
            }
            Value::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, v)| c.item(v, &format!("items[{i}]")))
                .collect::<Result<Vec<_>, _>>()?,
            other => {
                return Err(c.err(
                    "items",
                    format!("must be an array, got {}", describe(other)),
                ))
            }
        };
        if items.is_empty() && NEED_ITEMS.contains(&name.as_str()) {
            return Err(c.err("items", format!("{name} needs at least one item")));
        }
        let transaction_id = c.text(field("transaction_id"), "transaction_id", MAX_ID_LEN)?;
        let value = c.number(field("value"), "value", MAX_AMOUNT)?;
        let search_term = c.text(field("search_term"), "search_term", MAX_TEXT_LEN)?;
        if name == "search" && search_term.is_none() {
            return Err(c.err("search_term", "search needs a search_term"));
        }
        Ok(Event {
            name: name.clone(),
            items,
            value,
            transaction_id,
            search_term,
            page: None,
            related: Vec::new(),
        })
    }

    /// Total value of the event: `value` when given, else the sum of price × quantity.
    pub fn amount(&self) -> f64 {
        self.value.unwrap_or_else(|| {
            self.items
                .iter()
                .map(|i| i.price.unwrap_or(0.0) * i.quantity)
                .sum()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(name: &str, params: Value) -> Result<Event, String> {
        Event::parse(&json!(name), &params).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_ga4_items() {
        let e = parse(
            "add_to_cart",
            json!({"currency": "EUR", "value": "178.00", "items": [{
                "item_id": "SH-1", "item_brand": "Stride", "item_category": "Shoes",
                "item_category2": "Running", "price": "89.00", "quantity": 2, "color": "red"
            }]}),
        )
        .unwrap();
        let item = &e.items[0];
        assert_eq!(item.category_paths(), ["Shoes", "Shoes/Running"]);
        assert_eq!((item.price, item.quantity), (Some(89.0), 2.0));
        assert_eq!(e.amount(), 178.0);
    }

    #[test]
    fn names_what_is_wrong_and_where() {
        let cases = [
            (json!(42), json!({}), "event \"(unnamed)\" rejected: the event name must be a string, got 42"),
            (json!("view_item"), json!([1]), "event \"view_item\" rejected: parameters must be an object, got an array of 1"),
            (json!("view_item"), json!({}), "event \"view_item\" rejected: items: view_item needs at least one item"),
            (json!("view_item"), json!({"items": [{"item_name": "x"}]}), "event \"view_item\" rejected: items[0].item_id: is missing; every item needs an id"),
            (json!("add_to_cart"), json!({"items": [{"item_id": "a", "price": -5}]}), "event \"add_to_cart\" rejected: items[0].price: must be a number from 0 to 10000000, got -5"),
            (json!("add_to_cart"), json!({"items": [{"item_id": "a", "quantity": 1e12}]}), "event \"add_to_cart\" rejected: items[0].quantity: must be a number from 0 to 10000, got 1000000000000"),
            (json!("search"), json!({"search_term": "x".repeat(500)}), "event \"search\" rejected: search_term: is 500 characters long; at most 200 are accepted"),
            (json!("bad name!"), json!({}), "event \"bad name!\" rejected: the event name must be 1 to 40 letters, digits or underscores"),
        ];
        for (name, params, want) in cases {
            assert_eq!(Event::parse(&name, &params).unwrap_err().to_string(), want);
        }
    }

    #[test]
    fn spots_email_addresses() {
        for t in [
            "jane.doe@example.com",
            "mail me: jane@example.co.uk",
            "<a@b.io>",
        ] {
            assert!(looks_like_email(t), "{t}");
        }
        for t in [
            "trail shoes",
            "@home",
            "size 42 @ 50%",
            "user@localhost",
            "a@.com",
        ] {
            assert!(!looks_like_email(t), "{t}");
        }
    }

    #[test]
    fn custom_events_need_no_items() {
        assert_eq!(
            parse("newsletter_signup", Value::Null).unwrap().name,
            "newsletter_signup"
        );
    }
}
