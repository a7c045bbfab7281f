//! `eval`: replays a shop's real browsing log through the engine and reports how much
//! personalized shelves beat the shop's default order (see `npm run eval`).

#[cfg(not(target_arch = "wasm32"))]
#[path = "eval/mod.rs"]
mod eval;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(eval::cli::main(&argv));
}

/// The evaluation reads files and runs natively only.
#[cfg(target_arch = "wasm32")]
fn main() {}
