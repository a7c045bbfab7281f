//! Storage the visitor allows but the browser refuses: the page says `unavailable`, runs in
//! memory, and uses storage again as soon as it works (docs/privacy.md, `sw.storage()`).

use super::{Page, Start, StorageState, Store, Unreadable};
use crate::core::attributes::Context;
use crate::core::config::Config;
use crate::core::engine::Engine;
use crate::core::profile::Profile;
use crate::core::regex::NativeRegex;
use serde_json::json;

const NOW: i64 = 1_700_000_000_000;

/// localStorage whose reads and writes can be made to fail, as a blocked or full one does.
#[derive(Default)]
struct Flaky {
    stored: Option<String>,
    reads_fail: bool,
    writes_fail: bool,
}

impl Store for Flaky {
    fn read(&mut self) -> Result<Option<String>, Unreadable> {
        if self.reads_fail {
            return Err(Unreadable);
        }
        Ok(self.stored.clone())
    }
    fn write(&mut self, text: &str) -> bool {
        if self.writes_fail {
            return false;
        }
        self.stored = Some(text.to_string());
        true
    }
    fn erase(&mut self) {
        self.stored = None;
    }
}

fn open(config: serde_json::Value, store: &mut Flaky) -> Page {
    let config = Config::parse(&config.to_string(), &NativeRegex).expect("a valid config");
    let engine = Engine::new(config, Profile::new("v1"), Context::default(), NOW);
    Page::open(engine, Start::default(), store, NOW).page
}

fn add_to_cart(page: &mut Page) {
    let params = json!({ "items": [{ "item_id": "sku-1", "price": 10 }] });
    page.track(&json!("add_to_cart"), &params, NOW + 1)
        .expect("a valid event");
}

#[test]
fn storage_that_cannot_be_read_is_unavailable_not_local() {
    let mut store = Flaky {
        reads_fail: true,
        ..Flaky::default()
    };
    let page = open(json!({ "version": 1 }), &mut store);
    assert_eq!(page.storage_state(), StorageState::Unavailable);
    assert_eq!(page.storage_state().as_str(), "unavailable");
    // The visitor allowed it: the page keeps trying.
    assert!(page.storage_allowed());
}

#[test]
fn a_refused_write_is_unavailable_until_a_write_succeeds() {
    let mut store = Flaky::default();
    let mut page = open(json!({ "version": 1 }), &mut store);
    assert_eq!(page.storage_state(), StorageState::Local);
    add_to_cart(&mut page);
    store.writes_fail = true;
    assert_eq!(page.flush(&mut store, NOW + 2), Ok(false));
    assert_eq!(page.storage_state(), StorageState::Unavailable);
    assert_eq!(store.stored, None);
    // Room again (the visitor cleared some space): the next save writes what was kept in memory.
    store.writes_fail = false;
    assert_eq!(page.flush(&mut store, NOW + 3), Ok(true));
    assert_eq!(page.storage_state(), StorageState::Local);
    assert!(store.stored.is_some());
}

#[test]
fn a_failed_read_before_a_save_is_unavailable() {
    let mut store = Flaky::default();
    let mut page = open(json!({ "version": 1 }), &mut store);
    add_to_cart(&mut page);
    store.reads_fail = true;
    assert_eq!(page.flush(&mut store, NOW + 2), Ok(false));
    assert_eq!(page.storage_state(), StorageState::Unavailable);
}

#[test]
fn the_visitors_choice_is_said_before_the_browsers_failure() {
    let mut store = Flaky {
        reads_fail: true,
        writes_fail: true,
        ..Flaky::default()
    };
    let config = json!({ "version": 1, "storage": { "consent": "required" } });
    let mut page = open(config, &mut store);
    assert_eq!(page.storage_state(), StorageState::ConsentPending);
    // Consent given: storage is then tried, and it fails.
    page.consent(true, true, &mut store, "v2", NOW + 1);
    assert_eq!(page.storage_state(), StorageState::Unavailable);
    page.consent(false, true, &mut store, "v3", NOW + 2);
    assert_eq!(page.storage_state(), StorageState::ConsentDenied);
}
