//! Events in the GA4 ecommerce vocabulary: checked one by one, normalized, never trusted.

use crate::cat;
use crate::core::error::EventError;
use crate::core::gather::Gather;
use crate::core::item::{split_path, CategoryFields, Item};
use crate::core::json::{Json, Obj};
use crate::core::num::show;

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

/// The GA4 fields of an item's categories, in order.
const CATEGORY_FIELDS: [&str; 5] = [
    "item_category",
    "item_category2",
    "item_category3",
    "item_category4",
    "item_category5",
];

/// One event, checked and normalized.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Event {
    /// GA4 event name (`view_item`) or a custom one.
    pub name: String,
    /// Items the event is about.
    pub items: Vec<Item>,
    /// Monetary value (purchase total), if given.
    pub value: Option<f64>,
    /// Transaction id of a purchase.
    pub transaction_id: Option<String>,
    /// What the shopper searched for.
    pub search_term: Option<String>,
    /// Page facts of a `page_view`.
    pub page: Option<PageFacts>,
    /// Relations its items were seen with on the page (their markup, or items given to `rank`):
    /// item id and related ids, strongest first.
    pub related: Vec<(String, Vec<String>)>,
}

/// What a `page_view` says about how the visitor arrived.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageFacts {
    /// Path of the page (no query string).
    pub path: String,
    /// Host of the referring page, when it is another site.
    pub referrer: Option<String>,
    /// Campaign parameters found in the URL (`source`, `medium`, `campaign`, `term`, `content`).
    pub utm: Obj,
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

/// Describes a JSON value in a few words for error messages.
pub fn describe(v: &Json) -> String {
    match v {
        Json::Null => "null".into(),
        Json::Bool(b) => if *b { "true" } else { "false" }.into(),
        Json::Num(n) => show(*n),
        Json::Str(s) if s.chars().count() > 40 => {
            cat!("a string of ", s.chars().count(), " characters")
        }
        Json::Str(s) => cat!('"', s, '"'),
        Json::Arr(a) => cat!("an array of ", a.len()),
        Json::Obj(_) => "an object".into(),
    }
}

struct Checker<'a> {
    /// The event's name as given (cut to its first MAX_NAME_LEN characters in an error).
    event: &'a str,
    categories: CategoryFields,
}

const NULL: Json = Json::Null;

/// Where a value is in the event, written out only for an error: under `.0` (the event itself
/// when empty), field `.1`, element `.2` of it.
#[derive(Clone, Copy)]
struct At<'p>(&'p str, &'p str, Option<usize>);

impl At<'_> {
    fn path(self) -> String {
        let at = if self.0.is_empty() {
            self.1.to_string()
        } else {
            cat!(self.0, '.', self.1)
        };
        match self.2 {
            Some(i) => cat!(at, '[', i, ']'),
            None => at,
        }
    }
}

impl Checker<'_> {
    fn err(&self, path: &str, message: String) -> EventError {
        EventError {
            event: self.event.chars().take(MAX_NAME_LEN).collect(),
            path: path.to_string(),
            message,
        }
    }

    // The path of a value is written out only for an error (an event's items have many values).
    fn text(&self, v: &Json, at: At, max: usize) -> Result<Option<String>, EventError> {
        let s = match v {
            Json::Null => return Ok(None),
            Json::Str(s) => s.trim().to_string(),
            Json::Num(n) => show(*n),
            other => {
                return Err(self.err(&at.path(), cat!("must be a string, got ", describe(other))))
            }
        };
        let n = s.chars().count();
        if n > max {
            return Err(self.err(
                &at.path(),
                cat!("is ", n, " characters long; at most ", max, " are accepted"),
            ));
        }
        Ok((!s.is_empty()).then_some(s))
    }

    fn number(&self, v: &Json, at: At, max: f64) -> Result<Option<f64>, EventError> {
        let n = match v {
            Json::Null => return Ok(None),
            Json::Num(n) => Some(*n),
            Json::Str(s) if !s.trim().is_empty() => crate::core::num::parse(s),
            _ => None,
        };
        match n {
            Some(n) if n.is_finite() && (0.0..=max).contains(&n) => Ok(Some(n)),
            _ => Err(self.err(
                &at.path(),
                cat!("must be a number from 0 to ", max, ", got ", describe(v)),
            )),
        }
    }

    fn item(&self, v: &Json, path: &str) -> Result<Item, EventError> {
        let Json::Obj(o) = v else {
            return Err(self.err(path, cat!("must be an object, got ", describe(v))));
        };
        let field = |k: &str| o.get(k).unwrap_or(&NULL);
        let at = |k: &'static str| At(path, k, None);
        let id = match self.text(field("item_id"), at("item_id"), MAX_ID_LEN)? {
            Some(id) => id,
            None => {
                return Err(self.err(
                    &at("item_id").path(),
                    "is missing; every item needs an id".into(),
                ))
            }
        };
        // The id read is the item's own (no copy of it).
        let mut item = Item {
            id,
            ..Item::with_id("")
        };
        for (i, key) in CATEGORY_FIELDS.iter().enumerate() {
            let Some(text) = self.text(field(key), at(key), MAX_TEXT_LEN)? else {
                break;
            };
            match self.categories {
                // A level may itself hold a path ("Shoes/Running"); split it into levels.
                CategoryFields::Levels if i == 0 && text.contains('/') => {
                    item.categories.extend(split_path(&text));
                }
                CategoryFields::Levels => item.categories.push(text),
                CategoryFields::Separate if i == 0 => item.categories = split_path(&text),
                CategoryFields::Separate => {
                    let path = split_path(&text);
                    if !path.is_empty() && path != item.categories {
                        item.more_categories.push(path);
                    }
                }
            }
        }
        item.tags = match field("item_tags") {
            Json::Arr(a) => {
                let mut tags = Vec::new();
                for (i, t) in a.iter().enumerate().take(20) {
                    if let Some(t) = self.text(t, At(path, "item_tags", Some(i)), MAX_TEXT_LEN)? {
                        tags.push(t);
                    }
                }
                tags
            }
            Json::Str(s) => s
                .split([' ', ','])
                .filter(|t| !t.is_empty())
                .take(20)
                .map(String::from)
                .gather(),
            Json::Null => Vec::new(),
            other => {
                return Err(self.err(
                    &at("item_tags").path(),
                    cat!("must be an array of strings, got ", describe(other)),
                ))
            }
        };
        item.quantity = self
            .number(field("quantity"), at("quantity"), MAX_QUANTITY)?
            .map(f64::round)
            .unwrap_or(1.0)
            .max(1.0);
        item.brand = self.text(field("item_brand"), at("item_brand"), MAX_TEXT_LEN)?;
        item.price = self.number(field("price"), at("price"), MAX_AMOUNT)?;
        Ok(item)
    }
}

impl Event {
    /// Checks a raw event (`name` plus GA4 `params`), reading `item_category2…5` as levels of
    /// one path, and returns it normalized, or says what is wrong.
    pub fn parse(name: &Json, params: &Json) -> Result<Event, EventError> {
        Event::parse_with(name, params, CategoryFields::Levels)
    }

    /// [`Event::parse`], reading `item_category2…5` as `categories` says.
    pub fn parse_with(
        name: &Json,
        params: &Json,
        categories: CategoryFields,
    ) -> Result<Event, EventError> {
        let c = Checker {
            event: name.as_str().unwrap_or("(unnamed)"),
            categories,
        };
        let Json::Str(name) = name else {
            return Err(c.err(
                "",
                cat!("the event name must be a string, got ", describe(name)),
            ));
        };
        if !is_valid_name(name) {
            return Err(c.err(
                "",
                cat!(
                    "the event name must be 1 to ",
                    MAX_NAME_LEN,
                    " letters, digits or underscores"
                ),
            ));
        }
        let empty = Obj::new();
        let params = match params {
            Json::Obj(o) => o,
            Json::Null => &empty,
            other => {
                return Err(c.err(
                    "",
                    cat!("parameters must be an object, got ", describe(other)),
                ))
            }
        };
        let field = |k: &str| params.get(k).unwrap_or(&NULL);
        let items = match field("items") {
            Json::Null => Vec::new(),
            Json::Arr(a) if a.len() > MAX_ITEMS => {
                return Err(c.err(
                    "items",
                    cat!(
                        "has ",
                        a.len(),
                        " items; at most ",
                        MAX_ITEMS,
                        " are accepted"
                    ),
                ))
            }
            Json::Arr(a) => {
                let mut items = Vec::with_capacity(a.len());
                for (i, v) in a.iter().enumerate() {
                    items.push(c.item(v, &cat!("items[", i, ']'))?);
                }
                items
            }
            other => return Err(c.err("items", cat!("must be an array, got ", describe(other)))),
        };
        if items.is_empty() && NEED_ITEMS.contains(&name.as_str()) {
            return Err(c.err("items", cat!(name, " needs at least one item")));
        }
        let transaction_id = c.text(
            field("transaction_id"),
            At("", "transaction_id", None),
            MAX_ID_LEN,
        )?;
        let value = c.number(field("value"), At("", "value", None), MAX_AMOUNT)?;
        let search_term = c.text(
            field("search_term"),
            At("", "search_term", None),
            MAX_TEXT_LEN,
        )?;
        if name == "search" && search_term.is_none() {
            return Err(c.err("search_term", "search needs a search_term".into()));
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

    fn j(text: &str) -> Json {
        Json::parse(text).unwrap()
    }

    fn parse(name: &str, params: &str) -> Result<Event, String> {
        Event::parse(&Json::str(name), &j(params)).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_ga4_items() {
        let e = parse(
            "add_to_cart",
            r#"{"currency": "EUR", "value": "178.00", "items": [{
                "item_id": "SH-1", "item_brand": "Stride", "item_category": "Shoes",
                "item_category2": "Running", "price": "89.00", "quantity": 2, "color": "red"
            }]}"#,
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
            ("42", "{}", "event \"(unnamed)\" rejected: the event name must be a string, got 42"),
            ("\"view_item\"", "[1]", "event \"view_item\" rejected: parameters must be an object, got an array of 1"),
            ("\"view_item\"", "{}", "event \"view_item\" rejected: items: view_item needs at least one item"),
            ("\"view_item\"", r#"{"items": [{"item_name": "x"}]}"#, "event \"view_item\" rejected: items[0].item_id: is missing; every item needs an id"),
            ("\"add_to_cart\"", r#"{"items": [{"item_id": "a", "price": -5}]}"#, "event \"add_to_cart\" rejected: items[0].price: must be a number from 0 to 10000000, got -5"),
            ("\"add_to_cart\"", r#"{"items": [{"item_id": "a", "quantity": 1e12}]}"#, "event \"add_to_cart\" rejected: items[0].quantity: must be a number from 0 to 10000, got 1000000000000"),
            ("\"search\"", &format!(r#"{{"search_term": "{}"}}"#, "x".repeat(500)), "event \"search\" rejected: search_term: is 500 characters long; at most 200 are accepted"),
            ("\"view_item\"", r#"{"items": [{"item_id": "a"}, {"item_id": "b", "item_tags": ["x", 3, {}]}]}"#, "event \"view_item\" rejected: items[1].item_tags[2]: must be a string, got an object"),
            ("\"purchase\"", r#"{"transaction_id": "T1", "value": "lots", "items": [{"item_id": "a"}]}"#, "event \"purchase\" rejected: value: must be a number from 0 to 10000000, got \"lots\""),
            ("\"bad name!\"", "{}", "event \"bad name!\" rejected: the event name must be 1 to 40 letters, digits or underscores"),
        ];
        for (name, params, want) in cases {
            assert_eq!(
                Event::parse(&j(name), &j(params)).unwrap_err().to_string(),
                want
            );
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
            parse("newsletter_signup", "null").unwrap().name,
            "newsletter_signup"
        );
    }

    #[test]
    fn category_fields_are_levels_or_separate_categories() {
        let params = r#"{"items": [{"item_id": "h1", "item_category": "Clothing",
            "item_category2": "Hoodies", "item_category3": "Sale"}]}"#;
        let levels = Event::parse(&Json::str("view_item"), &j(params)).unwrap();
        assert_eq!(
            levels.items[0].category_paths(),
            ["Clothing", "Clothing/Hoodies", "Clothing/Hoodies/Sale"]
        );
        let separate = Event::parse_with(
            &Json::str("view_item"),
            &j(params),
            CategoryFields::Separate,
        )
        .unwrap();
        assert_eq!(
            separate.items[0].category_paths(),
            ["Clothing", "Hoodies", "Sale"]
        );
    }
}
