//! Version strings made comparable as plain strings, as the reference's `paddedVersionString`.
//!
//! `v1.2.3-rc.1+build` loses its leading `v` and its build suffix, is split on `-` and `.`, gets
//! a `~` part when it is exactly three parts (so a release sorts after its pre-releases), and
//! every all-digit part is left-padded with spaces to five characters (`" 9" < "10"`).

use super::js::JsVal;
use crate::core::gather::Gather;

/// The reference's `paddedVersionString(v)`: numbers are stringified, anything else empty or
/// not a string counts as `"0"`.
pub(crate) fn padded_version(v: JsVal) -> String {
    let number;
    let input = match v {
        JsVal::Num(n) => {
            number = crate::core::num::show(n);
            number.as_str()
        }
        JsVal::Str(s) if !s.is_empty() => s,
        _ => "0",
    };
    let input = input.strip_prefix('v').unwrap_or(input);
    let input = &input[..build_start(input)];
    let mut parts: Vec<&str> = input.split(['-', '.']).gather();
    if parts.len() == 3 {
        parts.push("~");
    }
    let mut out = String::with_capacity(parts.len() * 6);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('-');
        }
        if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
            (part.len()..5).for_each(|_| out.push(' '));
        }
        out.push_str(part);
    }
    out
}

/// Where `/\+.*$/` starts matching: the first `+` with no line terminator after it.
fn build_start(s: &str) -> usize {
    let after_last_line = s
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    s[after_last_line..]
        .find('+')
        .map_or(s.len(), |i| after_last_line + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_like_the_reference() {
        assert_eq!(
            padded_version(JsVal::Str("v1.2.3+build")),
            "    1-    2-    3-~"
        );
        assert_eq!(
            padded_version(JsVal::Str("1.0.0-rc.1")),
            "    1-    0-    0-rc-    1"
        );
        assert_eq!(padded_version(JsVal::Null), "    0");
        assert_eq!(padded_version(JsVal::Num(2.5)), "    2-    5");
        assert_eq!(
            padded_version(JsVal::Str("123456.0.0")),
            "123456-    0-    0-~"
        );
    }
}
