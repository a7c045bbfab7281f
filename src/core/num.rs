//! Numbers to and from text through serde_json's own number code, so the download carries one
//! float parser and one float printer (not also those of `core::fmt` and `str::parse`).

/// The shortest digits of a finite, positive `x` and its decimal exponent `n`, meaning
/// `x = 0.DIGITS × 10^n` (`0.1` → `("1", 0)`, `123` → `("123", 3)`, `1e21` → `("1", 22)`).
pub fn digits(x: f64) -> (String, i32) {
    let text = serde_json::Number::from_f64(x.abs()).map_or_else(String::new, |n| n.to_string());
    let (mantissa, exp) = text.split_once(['e', 'E']).unwrap_or((&text, "0"));
    let exp: i32 = exp.trim_start_matches('+').parse().unwrap_or(0);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = int.chars().chain(frac.chars()).collect();
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all[lead..].trim_end_matches('0').to_string();
    if digits.is_empty() {
        return ("0".into(), 1);
    }
    (digits, int.len() as i32 - lead as i32 + exp)
}

/// `x` as JavaScript's `String(x)` writes it (`1`, `0.1`, `1e+21`, `1e-7`, `NaN`, `-Infinity`).
pub fn show(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    let sign = if x < 0.0 { "-" } else { "" };
    if x.is_infinite() {
        return format!("{sign}Infinity");
    }
    let (d, n) = digits(x);
    let k = d.len() as i32;
    let body = if k <= n && n <= 21 {
        format!("{d}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        let (int, frac) = d.split_at(n as usize);
        format!("{int}.{frac}")
    } else if -6 < n && n <= 0 {
        format!("0.{}{d}", "0".repeat((-n) as usize))
    } else {
        let (first, rest) = d.split_at(1);
        let dot = if rest.is_empty() { "" } else { "." };
        let e = n - 1;
        format!(
            "{first}{dot}{rest}e{}{}",
            if e < 0 { '-' } else { '+' },
            e.abs()
        )
    };
    format!("{sign}{body}")
}

/// Reads decimal text such as `89.00`, `-1.5e3`, `.5`, `5.` or `+7` (None for anything else).
pub fn parse(text: &str) -> Option<f64> {
    let t = text.trim();
    let (neg, t) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let (mantissa, exp) = match t.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (t, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digit = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digit(int) || !digit(frac) {
        return None;
    }
    // Rewrite in JSON's number syntax, which serde_json reads.
    let int = int.trim_start_matches('0');
    let mut json = String::with_capacity(t.len() + 3);
    if neg {
        json.push('-');
    }
    json.push_str(if int.is_empty() { "0" } else { int });
    if !frac.is_empty() {
        json.push('.');
        json.push_str(frac);
    }
    if let Some(e) = exp {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        if digits.is_empty() || !digit(digits) {
            return None;
        }
        json.push('e');
        json.push_str(e);
    }
    serde_json::from_str::<serde_json::Value>(&json)
        .ok()
        .and_then(|v| v.as_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_numbers_as_javascript_does() {
        for (x, s) in [
            (1.0, "1"),
            (0.1, "0.1"),
            (123.456, "123.456"),
            (-2.5, "-2.5"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (1e-7, "1e-7"),
            (0.000001, "0.000001"),
            (1.5e-9, "1.5e-9"),
            (f64::NAN, "NaN"),
            (f64::NEG_INFINITY, "-Infinity"),
            (0.1 + 0.2, "0.30000000000000004"),
        ] {
            assert_eq!(show(x), s, "{x:?}");
        }
    }

    #[test]
    fn parses_decimal_text() {
        for (s, x) in [
            ("89.00", Some(89.0)),
            (" -1.5e3 ", Some(-1500.0)),
            (".5", Some(0.5)),
            ("5.", Some(5.0)),
            ("+7", Some(7.0)),
            ("007", Some(7.0)),
            ("1e-2", Some(0.01)),
            ("", None),
            (".", None),
            ("1e", None),
            ("12abc", None),
            ("0x10", None),
        ] {
            assert_eq!(parse(s), x, "{s:?}");
        }
    }
}
