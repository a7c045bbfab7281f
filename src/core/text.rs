//! Text without `core::fmt`: joining pieces ([`cat!`](crate::cat)) and lower-casing for the
//! case-insensitive condition operators (`$ini`, `$regexi`, …).
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

/// Something [`cat!`](crate::cat) can append to a string.
pub trait Piece {
    /// Appends itself to `out`.
    fn put(&self, out: &mut String);
}

impl Piece for str {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for char {
    fn put(&self, out: &mut String) {
        out.push(*self);
    }
}

impl Piece for usize {
    fn put(&self, out: &mut String) {
        crate::core::num::write_u64(out, *self as u64);
    }
}

impl Piece for u32 {
    fn put(&self, out: &mut String) {
        crate::core::num::write_u64(out, u64::from(*self));
    }
}

impl Piece for u64 {
    fn put(&self, out: &mut String) {
        crate::core::num::write_u64(out, *self);
    }
}

impl Piece for i64 {
    fn put(&self, out: &mut String) {
        crate::core::num::write_i64(out, *self);
    }
}

impl Piece for f64 {
    fn put(&self, out: &mut String) {
        crate::core::num::write(out, *self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn put(&self, out: &mut String) {
        (**self).put(out);
    }
}

/// Joins text pieces (`&str`, `String`, `char`, integers, `f64` as JavaScript prints it) into a
/// `String`, without `format!`'s machinery in the download.
///
/// ```
/// let n = 3usize;
/// assert_eq!(shelfwise::cat!("items[", n, "].price: ", 1.5), "items[3].price: 1.5");
/// ```
#[macro_export]
macro_rules! cat {
    ($($piece:expr),* $(,)?) => {{
        let mut out = ::std::string::String::new();
        $( $crate::core::text::Piece::put(&$piece, &mut out); )*
        out
    }};
}

/// `"text"` quoted as a JSON string, for messages.
pub fn quote(s: &str) -> String {
    let mut out = String::new();
    crate::core::json::write_string(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowers_ascii_and_unicode() {
        assert_eq!(lowercase("Trail RUNNING"), "trail running");
        assert_eq!(lowercase("ÉCOLE Ünïcode"), "école ünïcode");
    }

    #[test]
    fn joins_pieces() {
        let id = String::from("SH-1");
        assert_eq!(
            crate::cat!("a", 'b', id, 7u32, -2i64, 0.25, &id),
            "abSH-17-20.25SH-1"
        );
        assert_eq!(quote("a\"b"), "\"a\\\"b\"");
    }
}
