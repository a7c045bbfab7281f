//! Items handed to ranking, from markup or from a framework page.

use crate::core::event::{describe, Item, MAX_AMOUNT, MAX_ID_LEN, MAX_TEXT_LEN};
use serde_json::Value;

/// Most items one widget may be ranked with.
pub const MAX_RANK_ITEMS: usize = 5000;

/// The fields of an item, in the order of the row form `[id, category, brand, price, tags, related]`.
pub const ITEM_FIELDS: [&str; 6] = ["id", "category", "brand", "price", "tags", "related"];

/// An item to rank, with the related ids its markup lists.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RankItem {
    /// The product facts.
    pub item: Item,
    /// Ids it is related to (`data-sw-related`).
    pub related: Vec<String>,
}

/// Where a problem is: item `i`, field `field` (formatted only when there is a problem).
struct At(usize, &'static str);

impl At {
    fn says(&self, what: impl std::fmt::Display) -> String {
        format!("items[{}].{}: {what}", self.0, self.1)
    }
}

fn words(v: Option<&Value>, at: At, max: usize) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut keep = |s: &str| {
        let s = s.trim();
        if !s.is_empty() && s.len() <= max && out.len() < 50 {
            out.push(s.to_string());
        }
    };
    match v {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => s.split_whitespace().for_each(&mut keep),
        Some(Value::Array(a)) => {
            for x in a {
                match x {
                    Value::String(s) => keep(s),
                    Value::Number(n) => keep(&n.to_string()),
                    other => {
                        return Err(at.says(format!("must hold strings, got {}", describe(other))))
                    }
                }
            }
        }
        Some(other) => {
            return Err(at.says(format!(
                "must be a string or an array of strings, got {}",
                describe(other)
            )))
        }
    }
    Ok(out)
}

fn text(v: Option<&Value>, at: At) -> Result<Option<String>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) if s.len() <= MAX_TEXT_LEN => Ok(Some(s.trim().to_string())),
        Some(other) => Err(at.says(format!(
            "must be a string of at most {MAX_TEXT_LEN} characters, got {}",
            describe(other)
        ))),
    }
}

/// One item from an object `{ id, category, … }` or a row `[id, category, brand, price, tags, related]`.
fn parse_item(i: usize, x: &Value) -> Result<RankItem, String> {
    let get = |k: &'static str| -> Option<&Value> {
        match x {
            Value::Object(o) => o.get(k),
            Value::Array(row) => ITEM_FIELDS
                .iter()
                .position(|f| *f == k)
                .and_then(|p| row.get(p)),
            _ => None,
        }
    };
    match x {
        Value::String(id) if !id.is_empty() && id.len() <= MAX_ID_LEN => {
            return Ok(super::item(id))
        }
        Value::Object(_) | Value::Array(_) => {}
        other => {
            return Err(format!(
                "items[{i}]: must be an object with an id, got {}",
                describe(other)
            ))
        }
    }
    let id = match get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() && s.len() <= MAX_ID_LEN => {
            s.trim().to_string()
        }
        Some(Value::Number(n)) => n.to_string(),
        other => {
            return Err(At(i, "id").says(format!(
                "every item needs an id of at most {MAX_ID_LEN} characters, got {}",
                other.map_or("nothing".into(), describe)
            )))
        }
    };
    let categories = match get("category") {
        Some(Value::String(s)) => s
            .split('/')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect(),
        v @ Some(Value::Array(_)) => words(v, At(i, "category"), MAX_TEXT_LEN)?,
        None | Some(Value::Null) => Vec::new(),
        Some(other) => {
            return Err(At(i, "category").says(format!(
                "must be a path like \"Shoes/Running\", got {}",
                describe(other)
            )))
        }
    };
    let price = match get("price") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => n.as_f64().filter(|p| (0.0..=MAX_AMOUNT).contains(p)),
        Some(Value::String(s)) => {
            crate::core::num::parse(s).filter(|p| (0.0..=MAX_AMOUNT).contains(p))
        }
        Some(other) => {
            return Err(At(i, "price").says(format!("must be a number, got {}", describe(other))))
        }
    };
    Ok(RankItem {
        item: Item {
            id,
            categories,
            brand: text(get("brand"), At(i, "brand"))?,
            price,
            quantity: 1.0,
            tags: words(get("tags"), At(i, "tags"), MAX_TEXT_LEN)?,
        },
        related: words(get("related"), At(i, "related"), MAX_ID_LEN)?,
    })
}

/// Reads items given as objects `{ id, category, brand, price, tags, related }`, as rows in
/// that order, or as bare id strings.
pub fn parse_items(v: &Value) -> Result<Vec<RankItem>, String> {
    let Value::Array(list) = v else {
        return Err(format!("items must be an array, got {}", describe(v)));
    };
    if list.len() > MAX_RANK_ITEMS {
        return Err(format!(
            "{} items given; at most {MAX_RANK_ITEMS} can be ranked at once",
            list.len()
        ));
    }
    list.iter()
        .enumerate()
        .map(|(i, x)| parse_item(i, x))
        .collect()
}

/// The item an element of the page describes through its attributes: `attr(name)` reads one
/// (None when absent), `id_attr` names the one holding the id (`data-sw-item`,
/// `data-sw-product`). `data-sw-category` is a path (`Shoes/Running`), `data-sw-tags` and
/// `data-sw-related` are words separated by spaces or commas, `data-sw-price` a number.
pub fn from_markup(id_attr: &str, attr: impl Fn(&str) -> Option<String>) -> Option<RankItem> {
    let get = |name: &str| {
        attr(name)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let words = |name: &str| -> Vec<String> {
        get(name)
            .map(|s| {
                s.split([' ', ','])
                    .filter(|w| !w.is_empty())
                    .take(50)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    };
    let id = get(id_attr).filter(|id| id.len() <= MAX_ID_LEN)?;
    let categories = get("data-sw-category")
        .map(|c| {
            c.split('/')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    let price = get("data-sw-price")
        .and_then(|p| crate::core::num::parse(&p))
        .filter(|p| p.is_finite() && *p >= 0.0);
    Some(RankItem {
        item: Item {
            id,
            categories,
            brand: get("data-sw-brand"),
            price,
            quantity: 1.0,
            tags: words("data-sw-tags"),
        },
        related: words("data-sw-related"),
    })
}
