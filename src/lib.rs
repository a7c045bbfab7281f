//! Shelfwise: a personalization engine for online shops that runs in the shopper's browser.
//!
//! [`core`] is the whole engine as a plain Rust library (no browser types, time passed
//! in); the `web` module is the thin browser shell compiled only for wasm32.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod web;
