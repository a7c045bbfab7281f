//! Items handed to ranking, from markup or from a framework page.

use crate::core::event::{describe, Item, MAX_AMOUNT, MAX_ID_LEN, MAX_TEXT_LEN};
use serde_json::Value;

/// Most items one widget may be ranked with.
pub const MAX_RANK_ITEMS: usize = 5000;

/// An item to rank, with the related ids its markup lists.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RankItem {
    /// The product facts.
    pub item: Item,
    /// Ids it is related to (`data-sw-related`).
    pub related: Vec<String>,
}

fn words(v: &Value, at: &str, max: usize) -> Result<Vec<String>, String> {
    let list: Vec<String> = match v {
        Value::Null => Vec::new(),
        Value::String(s) => s.split_whitespace().map(String::from).collect(),
        Value::Array(a) => a
            .iter()
            .map(|x| match x {
                Value::String(s) => Ok(s.trim().to_string()),
                Value::Number(n) => Ok(n.to_string()),
                other => Err(format!("{at}: must hold strings, got {}", describe(other))),
            })
            .collect::<Result<_, _>>()?,
        other => {
            return Err(format!(
                "{at}: must be a string or an array of strings, got {}",
                describe(other)
            ))
        }
    };
    Ok(list
        .into_iter()
        .filter(|s| !s.is_empty() && s.len() <= max)
        .take(50)
        .collect())
}

fn text(v: Option<&Value>, at: &str) -> Result<Option<String>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) if s.len() <= MAX_TEXT_LEN => Ok(Some(s.trim().to_string())),
        Some(other) => Err(format!(
            "{at}: must be a string of at most {MAX_TEXT_LEN} characters, got {}",
            describe(other)
        )),
    }
}

/// Reads items given as `[{ id, category, brand, price, tags, related }]` (or bare id strings).
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
        .map(|(i, x)| {
            let at = |k: &str| format!("items[{i}].{k}");
            let o = match x {
                Value::String(id) if !id.is_empty() && id.len() <= MAX_ID_LEN => {
                    return Ok(super::item(id));
                }
                Value::Object(o) => o,
                other => {
                    return Err(format!(
                        "items[{i}]: must be an object with an id, got {}",
                        describe(other)
                    ))
                }
            };
            let id = match o.get("id") {
                Some(Value::String(s)) if !s.trim().is_empty() && s.len() <= MAX_ID_LEN => {
                    s.trim().to_string()
                }
                Some(Value::Number(n)) => n.to_string(),
                other => {
                    return Err(format!(
                        "{}: every item needs an id of at most {MAX_ID_LEN} characters, got {}",
                        at("id"),
                        other.map_or("nothing".into(), describe)
                    ))
                }
            };
            let categories = match o.get("category") {
                Some(Value::String(s)) => s
                    .split('/')
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(String::from)
                    .collect(),
                Some(v @ Value::Array(_)) => words(v, &at("category"), MAX_TEXT_LEN)?,
                None | Some(Value::Null) => Vec::new(),
                Some(other) => {
                    return Err(format!(
                        "{}: must be a path like \"Shoes/Running\", got {}",
                        at("category"),
                        describe(other)
                    ))
                }
            };
            let price = match o.get("price") {
                None | Some(Value::Null) => None,
                Some(Value::Number(n)) => n.as_f64().filter(|p| (0.0..=MAX_AMOUNT).contains(p)),
                Some(Value::String(s)) if s.trim().is_empty() => None,
                Some(Value::String(s)) => {
                    crate::core::num::parse(s).filter(|p| (0.0..=MAX_AMOUNT).contains(p))
                }
                Some(other) => {
                    return Err(format!(
                        "{}: must be a number, got {}",
                        at("price"),
                        describe(other)
                    ))
                }
            };
            Ok(RankItem {
                item: Item {
                    id,
                    categories,
                    brand: text(o.get("brand"), &at("brand"))?,
                    price,
                    quantity: 1.0,
                    tags: words(
                        o.get("tags").unwrap_or(&Value::Null),
                        &at("tags"),
                        MAX_TEXT_LEN,
                    )?,
                },
                related: words(
                    o.get("related").unwrap_or(&Value::Null),
                    &at("related"),
                    MAX_ID_LEN,
                )?,
            })
        })
        .collect()
}
