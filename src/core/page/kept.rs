//! Items a framework page ranks again and again (`rank()` on every render): kept parsed, in the
//! catalog, under numbers the caller gives them, so that only the items new or changed since
//! they were last given are read, and a ranking takes numbers in and gives places out.

use super::Page;
use crate::core::json::Json;
use crate::core::rank::{parse_items, ItemRef, Order, RankItem, ITEM_FIELDS};

/// Most items a caller may keep (their numbers are below it).
pub const MAX_KEPT: usize = 50_000;

/// An item given to `rank()`, kept under the number its caller gave it.
pub struct Kept {
    /// As given (parsed once).
    item: RankItem,
    /// Named by its id alone: it takes the facts the page's events carried, on every ranking.
    bare: bool,
    /// Its reference in the catalog.
    at: ItemRef,
    /// The catalog's version of its facts when it was put (put again when they differ).
    version: u32,
}

impl Page {
    /// Keeps the items `rows` (a JSON array, as `rank()` takes items) under the numbers `at`,
    /// replacing what those numbers held. None when they cannot be read, when a number is out of
    /// range, or when an id is not exactly the string given (callers map places back to the ids
    /// they gave): the caller then ranks them the full way, which says what is wrong.
    pub fn keep(&mut self, rows: &Json, at: &[u32]) -> Option<()> {
        let items = parse_items(rows).ok()?;
        let Json::Arr(rows) = rows else { return None };
        if items.len() != at.len() || at.iter().any(|h| *h as usize >= MAX_KEPT) {
            return None;
        }
        for ((item, row), h) in items.into_iter().zip(rows).zip(at) {
            let given = match row {
                Json::Arr(r) => r.first(),
                Json::Obj(o) => o.get(ITEM_FIELDS[0]),
                _ => None,
            };
            if !matches!(given, Some(Json::Str(s)) if *s == item.item.id) {
                return None;
            }
            let h = *h as usize;
            if self.kept.len() <= h {
                self.kept.resize_with(h + 1, || None);
            }
            let bare = super::shelves::bare(&item);
            let (at, version) = self.put_kept(&item, bare);
            self.kept[h] = Some(Kept {
                item,
                bare,
                at,
                version,
            });
        }
        Some(())
    }

    /// Puts a kept item in the catalog (filled from the page's events when bare); returns its
    /// reference and the version of its facts.
    fn put_kept(&self, item: &RankItem, bare: bool) -> (ItemRef, u32) {
        let at = if bare {
            let mut filled = item.clone();
            self.fill(&mut filled);
            self.engine.put_item(&filled)
        } else {
            self.engine.put_item(item)
        };
        (at, self.engine.item_version(at))
    }

    /// Ranks for `widget` the kept items `handles` (in the shelf's order), as `rank()` ranks
    /// items: places in `handles`. None when a number holds no item.
    pub fn rank_kept(&mut self, widget: &str, handles: &[u32], now: i64) -> Option<Order> {
        let mut refs = Vec::with_capacity(handles.len());
        let mut ids = Vec::with_capacity(handles.len());
        for h in handles {
            let k = self.kept.get(*h as usize)?.as_ref()?;
            // Bare items follow the page's events; others are put again only when another put
            // (a widget's markup, a product page) changed their facts in the catalog since.
            let (at, version) = if k.bare || self.engine.item_version(k.at) != k.version {
                self.put_kept(&k.item, k.bare)
            } else {
                (k.at, k.version)
            };
            refs.push(at);
            ids.push(k.item.item.id.clone());
            if let Some(Some(k)) = self.kept.get_mut(*h as usize) {
                k.at = at;
                k.version = version;
            }
        }
        self.note_shelf(widget, ids);
        Some(self.engine.order(widget, &refs, now))
    }
}

// The tests read configs with the native regular expressions.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::{Page, Start, Store, Unreadable};
    use crate::core::attributes::Context;
    use crate::core::config;
    use crate::core::engine::Engine;
    use crate::core::profile::Profile;
    use crate::core::rank::{from_markup, parse_items};
    use crate::core::regex::NativeRegex;

    const NOW: i64 = 1_700_000_000_000;

    /// Storage that keeps nothing.
    struct Nothing;

    impl Store for Nothing {
        fn read(&mut self) -> Result<Option<String>, Unreadable> {
            Ok(None)
        }
        fn write(&mut self, _: &str) -> bool {
            true
        }
        fn erase(&mut self) {}
    }

    /// A page whose widget `w` boosts the brand Kestrel by 5 (docs/config.md, `boost`).
    fn page() -> Page {
        let config = json!({ "version": 1, "widgets": { "w": { "rules": [
            { "rule": "boost", "match": { "brand": "Kestrel" }, "weight": 5 }
        ] } } });
        let program = config::compile_json(&config, &NativeRegex).expect("a valid config");
        let engine = Engine::new(program, Profile::new("v1"), Context::default(), NOW);
        Page::open(engine, Start::default(), &mut Nothing, NOW).page
    }

    #[test]
    fn kept_items_rank_as_the_full_path_ranks_them() {
        let mut p = page();
        let given = json!([
            ["a", "Shoes", "Mossback", 10, null, null],
            ["b", "Shoes", "Kestrel", 20, null, null],
            ["c", "Shoes", "Mossback", 30, null, null],
            ["d", "Shoes", "Kestrel", 40, null, null]
        ]);
        p.keep(&given, &[0, 1, 2, 3])
            .expect("rows as rank() takes them");
        let kept = p.rank_kept("w", &[0, 1, 2, 3], NOW).expect("kept items");
        // Boosted items first, ties in the order given.
        assert_eq!(kept.order, vec![1, 3, 0, 2]);
        let mut items = parse_items(&given).expect("items");
        p.shelf("w", &mut items);
        let full = p.rank("w", &items, NOW);
        assert_eq!(full.order, vec!["b", "d", "a", "c"]);
        // Again, with nothing new: the kept items, in another order.
        let again = p.rank_kept("w", &[3, 2, 1, 0], NOW).expect("kept items");
        assert_eq!(again.order, vec![0, 2, 1, 3]);
    }

    #[test]
    fn facts_changed_elsewhere_do_not_change_the_kept_items() {
        let mut p = page();
        let given = json!([
            ["a", null, "Mossback", null, null, null],
            ["b", null, "Kestrel", null, null, null]
        ]);
        p.keep(&given, &[0, 1]).expect("rows");
        // A widget's markup says b is a Mossback now: rank() still ranks b as it was given.
        let markup = from_markup("data-sw-item", |n| match n {
            "data-sw-item" => Some("b".into()),
            "data-sw-brand" => Some("Mossback".into()),
            _ => None,
        })
        .expect("an item");
        p.put_item(&markup);
        assert_eq!(
            p.rank_kept("w", &[0, 1], NOW).expect("kept").order,
            vec![1, 0]
        );
        // Given again with other facts, the item is what it was given as last.
        p.keep(&json!([["b", null, "Mossback", null, null, null]]), &[1])
            .expect("rows");
        assert_eq!(
            p.rank_kept("w", &[0, 1], NOW).expect("kept").order,
            vec![0, 1]
        );
    }

    #[test]
    fn what_cannot_be_kept_is_refused() {
        let mut p = page();
        // Not items, an id that is not exactly as given, a number out of range: refused.
        assert!(p.keep(&json!({ "a": 1 }), &[0]).is_none());
        assert!(p
            .keep(&json!([[" a ", null, null, null, null, null]]), &[0])
            .is_none());
        assert!(p
            .keep(&json!([[7, null, null, null, null, null]]), &[0])
            .is_none());
        assert!(p
            .keep(
                &json!([["a", null, null, null, null, null]]),
                &[super::MAX_KEPT as u32]
            )
            .is_none());
        assert!(p
            .keep(&json!([["a", null, null, null, null, null]]), &[0, 1])
            .is_none());
        // A number never given holds nothing.
        assert!(p.rank_kept("w", &[5], NOW).is_none());
    }

    #[test]
    fn bare_items_take_the_facts_of_the_pages_events() {
        let mut p = page();
        p.keep(
            &json!([
                ["a", null, null, null, null, null],
                ["b", null, null, null, null, null]
            ]),
            &[0, 1],
        )
        .expect("rows");
        assert_eq!(
            p.rank_kept("w", &[0, 1], NOW).expect("kept").order,
            vec![0, 1]
        );
        let params = json!({ "items": [{ "item_id": "b", "item_brand": "Kestrel" }] });
        p.track(
            &json!("view_item"),
            &params,
            &super::super::Place::default,
            NOW + 1,
        )
        .expect("a valid event");
        assert_eq!(
            p.rank_kept("w", &[0, 1], NOW + 2).expect("kept").order,
            vec![1, 0]
        );
    }
}
