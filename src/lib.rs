//! Shelfwise: a personalization engine for online shops that runs in the shopper's browser.
//!
//! [`core`] is the whole engine as a plain Rust library (no browser types, time passed
//! in); the `web` module is the thin browser shell compiled only for wasm32.
//!
//! Features: `tooling` (on by default) adds what only tools need — every config error with a
//! message and a suggestion, explanations of segments and rankings, conversions from
//! `serde_json`; the browser's runtime build leaves it out. `schema` adds the config's JSON
//! Schema types.

/// `serde_json::json!` as a [`core::json::Json`], for the library's own tests.
#[cfg(test)]
macro_rules! json {
    ($($t:tt)+) => {
        $crate::core::json::Json::from(::serde_json::json!($($t)+))
    };
}

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod web;
