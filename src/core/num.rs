//! Numbers to and from text as JavaScript writes and reads them, without `core::fmt` and without
//! a float parser or printer in the download.
//!
//! Almost every number a shop's page holds (prices, counts, times, scores rounded to three
//! decimals) has few significant digits: those are read and written exactly here with integer
//! arithmetic (a decimal of at most 15 digits times or divided by a power of ten up to 10²² is
//! correctly rounded in one float operation). The rare other numbers go to the platform: in the
//! browser JavaScript's own `String(x)` and `parseFloat` (lent by the shell, [`set_platform`]),
//! natively Rust's standard library.

use std::sync::OnceLock;

/// The platform's own printer (`String(x)`) and parser (`parseFloat(text)`) of numbers.
#[derive(Clone, Copy)]
pub struct Platform {
    /// JavaScript's `String(x)` of a finite number.
    pub show: fn(f64) -> String,
    /// JavaScript's `parseFloat` of decimal text already checked to be a number.
    pub parse: fn(&str) -> f64,
}

static PLATFORM: OnceLock<Platform> = OnceLock::new();

/// Lends the platform's number printer and parser (the first call wins).
pub fn set_platform(p: Platform) {
    let _ = PLATFORM.set(p);
}

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Largest integer a double holds exactly.
const EXACT: f64 = 9_007_199_254_740_992.0;

/// The value of text made only of ASCII digits (None for anything else, or beyond `u64`).
pub fn whole(text: &str) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    text.bytes().try_fold(0u64, |n, b| {
        if b.is_ascii_digit() {
            n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        } else {
            None
        }
    })
}

/// Appends the decimal digits of `n`.
pub fn write_u64(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for b in &buf[i..] {
        out.push(char::from(*b));
    }
}

/// Appends `n` in decimal.
pub fn write_i64(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    write_u64(out, n.unsigned_abs());
}

/// Appends `x` as JavaScript's `String(x)` writes it (`1`, `0.1`, `1e+21`, `1e-7`, `NaN`).
pub fn write(out: &mut String, x: f64) {
    if x.is_nan() {
        out.push_str("NaN");
        return;
    }
    if x == 0.0 {
        out.push('0');
        return;
    }
    if x < 0.0 {
        out.push('-');
    }
    let a = x.abs();
    if a.is_infinite() {
        out.push_str("Infinity");
        return;
    }
    if a < EXACT && a.fract() == 0.0 {
        write_u64(out, a as u64);
        return;
    }
    if (1e-6..1e15).contains(&a) {
        for (k, p) in POW10.iter().enumerate().take(10).skip(1) {
            let n = (a * p).round();
            if n < 1e15 && n / p == a {
                let n = n as u64;
                let int = n / (*p as u64);
                let frac = n % (*p as u64);
                write_u64(out, int);
                out.push('.');
                let mut digits = String::new();
                write_u64(&mut digits, frac);
                for _ in digits.len()..k {
                    out.push('0');
                }
                out.push_str(&digits);
                return;
            }
        }
    }
    out.push_str(&general(a));
}

/// `x` as JavaScript's `String(x)` writes it.
pub fn show(x: f64) -> String {
    let mut s = String::new();
    write(&mut s, x);
    s
}

/// `String(x)` of a finite positive number that has no short exact form.
fn general(x: f64) -> String {
    if let Some(p) = PLATFORM.get() {
        return (p.show)(x);
    }
    fallback_show(x)
}

#[cfg(not(target_arch = "wasm32"))]
fn fallback_show(x: f64) -> String {
    // `{:e}` gives the shortest digits that read back as `x`: `1.2345e2`.
    let text = format!("{x:e}");
    let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    from_digits(&digits, exp + 1)
}

// Without a lent printer (the shell lends JavaScript's), a close approximation.
#[cfg(target_arch = "wasm32")]
fn fallback_show(x: f64) -> String {
    let mut exp = 0i32;
    let mut m = x;
    while m >= 10.0 {
        m /= 10.0;
        exp += 1;
    }
    while m < 1.0 {
        m *= 10.0;
        exp -= 1;
    }
    let mut n = (m * 1e14).round() as u64;
    while n % 10 == 0 && n > 0 {
        n /= 10;
    }
    let mut digits = String::new();
    write_u64(&mut digits, n);
    from_digits(&digits, exp + 1)
}

/// JavaScript's layout of digits `d` meaning `0.d × 10^n` (`("1", 22)` is `1e+21`).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
fn from_digits(d: &str, n: i32) -> String {
    let k = d.len() as i32;
    let mut out = String::new();
    if k <= n && n <= 21 {
        out.push_str(d);
        (0..n - k).for_each(|_| out.push('0'));
    } else if 0 < n && n <= 21 {
        let (int, frac) = d.split_at(n as usize);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        (0..-n).for_each(|_| out.push('0'));
        out.push_str(d);
    } else {
        let (first, rest) = d.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let e = n - 1;
        out.push('e');
        out.push(if e < 0 { '-' } else { '+' });
        write_u64(&mut out, u64::from(e.unsigned_abs()));
    }
    out
}

/// A decimal number split into its parts: sign, digits (without the dot) and where the dot is.
struct Decimal<'a> {
    neg: bool,
    int: &'a str,
    frac: &'a str,
    exp: i64,
}

/// Reads `[+-]digits[.digits][e[+-]digits]` (digits on at least one side of the dot).
fn scan(t: &str) -> Option<Decimal<'_>> {
    let (neg, t) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return None;
    }
    let exp = match exp {
        None => 0,
        Some(e) => {
            let (sign, d) = match e.as_bytes().first()? {
                b'-' => (-1, &e[1..]),
                b'+' => (1, &e[1..]),
                _ => (1, e),
            };
            if d.is_empty() || !digits(d) {
                return None;
            }
            // Beyond any double either way: clamp (the value is 0 or infinite anyway).
            let mut v: i64 = 0;
            for b in d.bytes() {
                v = (v * 10 + i64::from(b - b'0')).min(100_000);
            }
            sign * v
        }
    };
    Some(Decimal {
        neg,
        int,
        frac,
        exp,
    })
}

/// The value of a scanned decimal (`text` is the whole of it, sign included).
fn value(d: &Decimal, text: &str) -> f64 {
    let mut m: u64 = 0;
    let mut kept = 0;
    let mut rest: i64 = 0;
    let mut dropped = false;
    let digits = d.int.bytes().chain(d.frac.bytes());
    for b in digits.skip_while(|b| *b == b'0') {
        if kept < 19 {
            m = m * 10 + u64::from(b - b'0');
            kept += 1;
        } else {
            rest += 1;
            dropped |= b != b'0';
        }
    }
    let sign = if d.neg { -1.0 } else { 1.0 };
    if m == 0 {
        return 0.0 * sign;
    }
    // The digits kept stand for m × 10^e.
    let e = d.exp - d.frac.len() as i64 + rest;
    if !dropped && (m as f64) < EXACT && (-22..=22).contains(&e) {
        let mf = m as f64;
        let p = POW10[e.unsigned_abs() as usize];
        return sign * if e < 0 { mf / p } else { mf * p };
    }
    sign * slow(text.trim_start_matches(['+', '-']))
}

#[cfg(not(target_arch = "wasm32"))]
fn slow(text: &str) -> f64 {
    text.parse().unwrap_or(f64::NAN)
}

#[cfg(target_arch = "wasm32")]
fn slow(text: &str) -> f64 {
    match PLATFORM.get() {
        Some(p) => (p.parse)(text),
        None => rough(text),
    }
}

// Without a lent parser (the shell lends JavaScript's), a close approximation.
#[cfg(target_arch = "wasm32")]
fn rough(t: &str) -> f64 {
    let Some(d) = scan(t) else { return f64::NAN };
    let mut m = 0.0;
    for b in d.int.bytes().chain(d.frac.bytes()) {
        m = m * 10.0 + f64::from(b - b'0');
    }
    let e = d.exp - d.frac.len() as i64;
    let mut x = m;
    let step = if e < 0 { 0.1 } else { 10.0 };
    for _ in 0..e.unsigned_abs().min(400) {
        x *= step;
    }
    x
}

/// Reads decimal text such as `89.00`, `-1.5e3`, `.5`, `5.` or `+7`, with surrounding
/// whitespace (None for anything else).
pub fn parse(text: &str) -> Option<f64> {
    let t = text.trim();
    let d = scan(t)?;
    Some(value(&d, t))
}

/// The value of text already known to be a JSON number.
pub fn json_number(text: &str) -> f64 {
    match scan(text) {
        Some(d) => value(&d, text),
        None => f64::NAN,
    }
}

/// Rounds to cents.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Rounds to 3 decimals (keeps stored and shown scores short).
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
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
            (129.95, "129.95"),
            (44_012_345_678_901.0, "44012345678901"),
            (1_790_000_000_000.0, "1790000000000"),
            (0.007, "0.007"),
            (2.0f64.powi(60), "1152921504606847000"),
            (1.0 / 3.0, "0.3333333333333333"),
            (123_456.789_012_345_67, "123456.78901234567"),
        ] {
            assert_eq!(show(x), s, "{x:?}");
        }
    }

    #[test]
    fn every_short_decimal_reads_back_as_written() {
        for n in 0..20_000u64 {
            for p in &POW10[..4] {
                let x = n as f64 / p;
                assert_eq!(parse(&show(x)), Some(x), "{x}");
            }
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
            ("0.30000000000000004", Some(0.1 + 0.2)),
            ("12345678901234567890", Some(12_345_678_901_234_567_890.0)),
            ("1e400", Some(f64::INFINITY)),
            ("-0", Some(-0.0)),
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
