//! Console messages: every one names the engine; warnings are said once.

use crate::cat;
use std::cell::RefCell;

thread_local! {
    static SAID: RefCell<crate::core::page::Ids> = RefCell::new(crate::core::page::Ids::default());
}

/// Warns in the console: `[shelfwise] message`.
pub fn warn(message: &str) {
    web_sys::console::warn_1(&cat!("[shelfwise] ", message).into());
}

/// Warns once per page for a given `topic` (later warnings on the same topic are dropped).
pub fn warn_once(topic: &str, message: &str) {
    let first = SAID.with(|s| s.borrow_mut().insert(topic));
    if first {
        warn(message);
    }
}

/// One readable line in debug mode.
pub fn debug(message: &str) {
    web_sys::console::info_1(&cat!("[shelfwise] ", message).into());
}
