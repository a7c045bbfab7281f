//! Lower-casing for the case-insensitive condition operators (`$ini`, `$regexi`, …).
//!
//! ASCII text is lowered here. Other text goes to a function the platform lends: in the
//! browser, JavaScript's own `toLowerCase` (exactly the semantics GrowthBook's JavaScript SDK
//! has, and no Unicode tables shipped in the .wasm); natively, Rust's `to_lowercase`.

use std::sync::OnceLock;

static LOWER: OnceLock<fn(&str) -> String> = OnceLock::new();

/// Lends the platform's lower-casing of non-ASCII text (the first call wins).
pub fn set_lowercase(lower: fn(&str) -> String) {
    let _ = LOWER.set(lower);
}

/// `text` in lower case.
pub fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    match LOWER.get() {
        Some(lower) => lower(text),
        None => fallback(text),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn fallback(text: &str) -> String {
    text.to_lowercase()
}

// The browser shell lends JavaScript's lower-casing when the module starts.
#[cfg(target_arch = "wasm32")]
fn fallback(text: &str) -> String {
    text.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowers_ascii_and_unicode() {
        assert_eq!(lowercase("Trail RUNNING"), "trail running");
        assert_eq!(lowercase("ÉCOLE Ünïcode"), "école ünïcode");
    }
}
