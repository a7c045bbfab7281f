//! Regular expressions for `$regex` conditions, behind a trait so the browser can lend its own.
//!
//! In the browser the shell supplies JavaScript's `RegExp` (no regex engine shipped in the
//! .wasm). Natively, [`NativeRegex`] uses `regex-lite`. JavaScript's RegExp backtracks, and the
//! texts patterns meet (paths, campaign tags, search terms) are written by whoever writes a
//! link, so every pattern must first pass [`check`]: a dialect that means the same to both
//! engines and cannot backtrack catastrophically.

mod parse;
mod safety;
mod set;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use safety::{LIMIT, MAX_PATTERN_LEN};

/// Ok when `pattern` is in the safe dialect (`ci`: the `i` flag); Err says what is refused and why.
///
/// ```
/// use shelfwise::core::regex::check;
/// assert!(check("^/collections/(shoes|boots)/", false).is_ok());
/// assert!(check("^/x/(a+)+$", false).is_err());
/// ```
pub fn check(pattern: &str, ci: bool) -> Result<(), Why> {
    safety::check(pattern, ci)
}

/// Why a pattern is refused: a sentence with the `tooling` feature (what the checker, the CLI
/// and `validateConfig` say). The build pages download names only the path of a refused config
/// (`validateConfig` says why), so it keeps no sentence, and its .wasm carries none of them.
#[cfg(feature = "tooling")]
pub type Why = String;

/// Why a pattern is refused, in the build pages download: nothing (see the `tooling` form).
#[cfg(not(feature = "tooling"))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Why;

#[cfg(not(feature = "tooling"))]
impl std::fmt::Display for Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("it is refused")
    }
}

/// The reason `text` writes, where reasons are kept.
#[inline(always)]
fn why(text: impl FnOnce() -> String) -> Why {
    #[cfg(feature = "tooling")]
    return text();
    #[cfg(not(feature = "tooling"))]
    {
        let _ = text;
        Why
    }
}

/// A compiled pattern.
pub trait Pattern {
    /// Whether the pattern matches anywhere in `text`.
    fn is_match(&self, text: &str) -> bool;
}

/// Compiles patterns; `case_insensitive` is JavaScript's `i` flag.
pub trait RegexEngine {
    /// The compiled pattern, or a sentence saying why it is invalid.
    fn compile(&self, pattern: &str, case_insensitive: bool) -> Result<Box<dyn Pattern>, String>;
}

/// Longest text a pattern is matched against; longer values never match (guards against
/// catastrophic backtracking on visitor-controlled strings such as URLs).
pub const MAX_MATCH_LEN: usize = 1024;

/// The native engine, backed by `regex-lite` (linear time).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Copy, Debug, Default)]
pub struct NativeRegex;

#[cfg(not(target_arch = "wasm32"))]
impl Pattern for regex_lite::Regex {
    fn is_match(&self, text: &str) -> bool {
        text.len() <= MAX_MATCH_LEN && regex_lite::Regex::is_match(self, text)
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl RegexEngine for NativeRegex {
    fn compile(&self, pattern: &str, case_insensitive: bool) -> Result<Box<dyn Pattern>, String> {
        regex_lite::RegexBuilder::new(pattern)
            .case_insensitive(case_insensitive)
            .build()
            .map(|r| Box::new(r) as Box<dyn Pattern>)
            .map_err(|e| e.to_string())
    }
}
