//! The browser's storage, distrusted: missing, blocked, throwing or full storage never breaks
//! the page; the engine carries on in memory and says so once.
//!
//! Every call goes through web-sys, whose bindings return the exception as an error
//! (gloo-storage's `LocalStorage` throws instead when storage is blocked or a call throws).

use super::console::warn_once;
use crate::cat;
use crate::core::gather::Gather;
use wasm_bindgen::JsValue;

/// Prefix of every key the engine writes.
pub const PREFIX: &str = "shelfwise:";
/// Key of the stored profile in localStorage.
pub const PROFILE_KEY: &str = "shelfwise:profile";

/// Which of the browser's storages.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// localStorage: the long-lived profile.
    Local,
    /// sessionStorage: per-tab state.
    Session,
}

fn describe(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .map(|n| {
            let msg = js_sys::Reflect::get(e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_default();
            cat!(n, ": ", msg)
        })
        .unwrap_or_else(|| "unknown error".into())
}

fn storage(area: Area) -> Result<web_sys::Storage, String> {
    let w = web_sys::window().ok_or("no window")?;
    let s = match area {
        Area::Local => w.local_storage(),
        Area::Session => w.session_storage(),
    };
    match s {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err("storage is not available".into()),
        Err(e) => Err(describe(&e)),
    }
}

fn name(area: Area) -> &'static str {
    match area {
        Area::Local => "localStorage",
        Area::Session => "sessionStorage",
    }
}

fn trouble(area: Area, what: &str, why: &str) {
    warn_once(
        &cat!("storage-", name(area)),
        &cat!(
            name(area),
            " cannot be used (",
            what,
            ": ",
            why,
            "); carrying on in memory for this page, nothing already stored is lost. Nothing to \
             do unless it lasts: then check that the browser allows this site to store data and \
             has room for it"
        ),
    );
}

/// Reads `key`: Ok(None) when absent, Err when storage failed.
pub fn read(area: Area, key: &str) -> Result<Option<String>, ()> {
    let s = storage(area).map_err(|e| trouble(area, "opening", &e))?;
    s.get_item(key)
        .map_err(|e| trouble(area, "reading", &describe(&e)))
}

/// Writes `key`; false when storage failed (blocked, full).
pub fn write(area: Area, key: &str, value: &str) -> bool {
    let Ok(s) = storage(area).map_err(|e| trouble(area, "opening", &e)) else {
        return false;
    };
    match s.set_item(key, value) {
        Ok(()) => true,
        Err(e) => {
            trouble(area, "writing", &describe(&e));
            false
        }
    }
}

/// Every key of the engine in `area` (none when storage cannot be used).
pub fn keys(area: Area) -> Vec<String> {
    let Ok(s) = storage(area) else {
        return Vec::new();
    };
    let n = s.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .gather()
}

/// Removes every key of the engine from `area`.
pub fn erase(area: Area) {
    let Ok(s) = storage(area) else {
        return;
    };
    for k in keys(area) {
        let _ = s.remove_item(&k);
    }
}

/// The visitor's profile in this browser's localStorage, as the core reads and writes it.
pub struct Browser;

impl crate::core::page::Store for Browser {
    fn read(&mut self) -> Result<Option<String>, crate::core::page::Unreadable> {
        read(Area::Local, PROFILE_KEY).map_err(|()| crate::core::page::Unreadable)
    }

    fn write(&mut self, text: &str) -> bool {
        write(Area::Local, PROFILE_KEY, text)
    }

    fn erase(&mut self) {
        erase(Area::Local);
        erase(Area::Session);
    }
}
