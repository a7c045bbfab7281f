//! The specification suite, natively: every case of `tests/spec/cases/*.json` (the format is in
//! tests/spec/README.md) run against the engine's Rust API through one adapter
//! (`tests/spec/native/adapter.rs`). The same files run in browsers through the public JS API
//! (`tests/spec/browser/`).
//!
//! A custom harness (`harness = false`) reports one test per case, as libtest does:
//! `cargo test --test spec` runs them all, `cargo test --test spec -- boost` those whose
//! `file › name` contains "boost".
#[cfg(not(target_arch = "wasm32"))]
#[path = "spec/native/mod.rs"]
mod native;

/// Built for wasm32 too (clippy checks every target), where it does nothing: in browsers the
/// suite runs through the JS API (tests/spec/browser/).
fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    native::main();
}
