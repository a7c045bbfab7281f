//! Items handed to ranking, from markup or from a framework page: objects, rows or bare ids.

use crate::cat;
use crate::core::event::{describe, MAX_AMOUNT, MAX_ID_LEN, MAX_TEXT_LEN};
use crate::core::gather::Gather;
use crate::core::item::{split_path, Item};
use crate::core::json::Json;

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

/// Where a problem is: item `i`, field `field` (written out only when there is a problem).
#[derive(Clone, Copy)]
struct At(usize, &'static str);

impl At {
    fn says(self, what: String) -> String {
        cat!("items[", self.0, "].", self.1, ": ", what)
    }
}

/// Splits space- or comma-separated words (tags, related ids in markup).
pub fn words(text: &str) -> Vec<String> {
    text.split([' ', ','])
        .filter(|w| !w.is_empty())
        .take(50)
        .map(String::from)
        .gather()
}

fn list(v: Option<&Json>, at: At, max: usize) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut keep = |s: &str| {
        let s = s.trim();
        if !s.is_empty() && s.len() <= max && out.len() < 50 {
            out.push(s.to_string());
        }
    };
    match v {
        None | Some(Json::Null) => {}
        Some(Json::Str(s)) => s.split_whitespace().for_each(&mut keep),
        Some(Json::Arr(a)) => {
            for x in a {
                match x {
                    Json::Str(s) => keep(s),
                    Json::Num(n) => keep(&crate::core::num::show(*n)),
                    other => return Err(at.says(cat!("must hold strings, got ", describe(other)))),
                }
            }
        }
        Some(other) => {
            return Err(at.says(cat!(
                "must be a string or an array of strings, got ",
                describe(other)
            )))
        }
    }
    Ok(out)
}

fn text(v: Option<&Json>, at: At) -> Result<Option<String>, String> {
    match v {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Str(s)) if s.trim().is_empty() => Ok(None),
        Some(Json::Str(s)) if s.len() <= MAX_TEXT_LEN => Ok(Some(s.trim().to_string())),
        Some(other) => Err(at.says(cat!(
            "must be a string of at most ",
            MAX_TEXT_LEN,
            " characters, got ",
            describe(other)
        ))),
    }
}

/// One item from an object `{ id, category, … }` or a row `[id, category, brand, price, tags, related]`.
fn parse_item(i: usize, x: &Json) -> Result<RankItem, String> {
    let get = |k: &'static str| -> Option<&Json> {
        match x {
            Json::Obj(o) => o.get(k),
            Json::Arr(row) => ITEM_FIELDS
                .iter()
                .position(|f| *f == k)
                .and_then(|p| row.get(p)),
            _ => None,
        }
    };
    match x {
        Json::Str(id) if !id.is_empty() && id.len() <= MAX_ID_LEN => {
            return Ok(RankItem {
                item: Item::with_id(id),
                related: Vec::new(),
            })
        }
        Json::Obj(_) | Json::Arr(_) => {}
        other => {
            return Err(cat!(
                "items[",
                i,
                "]: must be an object with an id, got ",
                describe(other)
            ))
        }
    }
    let id = match get("id") {
        Some(Json::Str(s)) if !s.trim().is_empty() && s.len() <= MAX_ID_LEN => s.trim().to_string(),
        Some(Json::Num(n)) => crate::core::num::show(*n),
        other => {
            return Err(At(i, "id").says(cat!(
                "every item needs an id of at most ",
                MAX_ID_LEN,
                " characters, got ",
                other.map_or("nothing".into(), describe)
            )))
        }
    };
    let categories = match get("category") {
        Some(Json::Str(s)) => split_path(s),
        v @ Some(Json::Arr(_)) => list(v, At(i, "category"), MAX_TEXT_LEN)?,
        None | Some(Json::Null) => Vec::new(),
        Some(other) => {
            return Err(At(i, "category").says(cat!(
                "must be a path like \"Shoes/Running\", got ",
                describe(other)
            )))
        }
    };
    let price = match get("price") {
        None | Some(Json::Null) => None,
        Some(Json::Num(n)) => Some(*n).filter(|p| (0.0..=MAX_AMOUNT).contains(p)),
        Some(Json::Str(s)) => crate::core::num::parse(s).filter(|p| (0.0..=MAX_AMOUNT).contains(p)),
        Some(other) => {
            return Err(At(i, "price").says(cat!("must be a number, got ", describe(other))))
        }
    };
    let mut item = Item::with_id(&id);
    item.categories = categories;
    item.brand = text(get("brand"), At(i, "brand"))?;
    item.price = price;
    item.tags = list(get("tags"), At(i, "tags"), MAX_TEXT_LEN)?;
    Ok(RankItem {
        item,
        related: list(get("related"), At(i, "related"), MAX_ID_LEN)?,
    })
}

/// Reads items given as objects `{ id, category, brand, price, tags, related }`, as rows in
/// that order, or as bare id strings.
pub fn parse_items(v: &Json) -> Result<Vec<RankItem>, String> {
    let Json::Arr(items) = v else {
        return Err(cat!("items must be an array, got ", describe(v)));
    };
    if items.len() > MAX_RANK_ITEMS {
        return Err(cat!(
            items.len(),
            " items given; at most ",
            MAX_RANK_ITEMS,
            " can be ranked at once"
        ));
    }
    items
        .iter()
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
    let id = get(id_attr).filter(|id| id.len() <= MAX_ID_LEN)?;
    let mut item = Item::with_id(&id);
    item.categories = get("data-sw-category")
        .map(|c| split_path(&c))
        .unwrap_or_default();
    item.price = get("data-sw-price")
        .and_then(|p| crate::core::num::parse(&p))
        .filter(|p| p.is_finite() && *p >= 0.0);
    item.brand = get("data-sw-brand");
    item.tags = get("data-sw-tags").map_or_else(Vec::new, |t| words(&t));
    Some(RankItem {
        item,
        related: get("data-sw-related").map_or_else(Vec::new, |r| words(&r)),
    })
}
