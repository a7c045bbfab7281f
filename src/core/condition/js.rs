//! The JavaScript value semantics the reference implementation relies on: truthiness,
//! `String(x)`, `Number(x)`, `===`, `<`, `JSON.stringify` equality and number formatting.
//!
//! JavaScript's `undefined` never occurs: the reference turns a missing path into `null`
//! before comparing.

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::core::json::{Json, Obj};

/// A borrowed view of a value as JavaScript sees it (an array's `length` is a computed number).
#[derive(Clone, Copy, Debug)]
pub(crate) enum JsVal<'a> {
    Null,
    Bool(bool),
    Num(f64),
    Str(&'a str),
    Arr(&'a [Json]),
    Obj(&'a Obj),
}

impl<'a> From<&'a Json> for JsVal<'a> {
    fn from(v: &'a Json) -> Self {
        match v {
            Json::Null => JsVal::Null,
            Json::Bool(b) => JsVal::Bool(*b),
            Json::Num(n) => JsVal::Num(*n),
            Json::Str(s) => JsVal::Str(s),
            Json::Arr(a) => JsVal::Arr(a),
            Json::Obj(o) => JsVal::Obj(o),
        }
    }
}

impl JsVal<'_> {
    /// An owned copy (for explanations).
    #[cfg_attr(not(feature = "tooling"), allow(dead_code))]
    pub(crate) fn to_json(self) -> Json {
        match self {
            JsVal::Null => Json::Null,
            JsVal::Bool(b) => Json::Bool(b),
            JsVal::Num(n) => Json::Num(n),
            JsVal::Str(s) => Json::str(s),
            JsVal::Arr(a) => Json::Arr(a.to_vec()),
            JsVal::Obj(o) => Json::Obj(o.clone()),
        }
    }
}

/// JavaScript truthiness (`!!v`).
pub(crate) fn truthy(v: JsVal) -> bool {
    match v {
        JsVal::Null => false,
        JsVal::Bool(b) => b,
        JsVal::Num(n) => n != 0.0 && !n.is_nan(),
        JsVal::Str(s) => !s.is_empty(),
        JsVal::Arr(_) | JsVal::Obj(_) => true,
    }
}

/// The reference's `getType`: `typeof`, with `null` and arrays told apart.
pub(crate) fn type_name(v: JsVal) -> &'static str {
    match v {
        JsVal::Null => "null",
        JsVal::Bool(_) => "boolean",
        JsVal::Num(_) => "number",
        JsVal::Str(_) => "string",
        JsVal::Arr(_) => "array",
        JsVal::Obj(_) => "object",
    }
}

/// Where `String(v)` is written: a string, or a comparison that stops at the first difference.
trait Sink {
    /// Takes the next piece; false to stop.
    fn put(&mut self, s: &str) -> bool;
}

impl Sink for String {
    fn put(&mut self, s: &str) -> bool {
        self.push_str(s);
        true
    }
}

/// Compares what is written against `rest`.
struct Eq<'a> {
    rest: &'a str,
}

impl Sink for Eq<'_> {
    fn put(&mut self, s: &str) -> bool {
        match self.rest.strip_prefix(s) {
            Some(r) => {
                self.rest = r;
                true
            }
            None => false,
        }
    }
}

/// Writes `String(v)` (also `v + ""`): arrays join their elements with commas.
fn write_js_string(w: &mut dyn Sink, v: JsVal) -> bool {
    match v {
        JsVal::Null => w.put("null"),
        JsVal::Bool(b) => w.put(if b { "true" } else { "false" }),
        JsVal::Num(n) => w.put(&crate::core::num::show(n)),
        JsVal::Str(s) => w.put(s),
        JsVal::Obj(_) => w.put("[object Object]"),
        JsVal::Arr(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 && !w.put(",") {
                    return false;
                }
                if !item.is_null() && !write_js_string(w, item.into()) {
                    return false;
                }
            }
            true
        }
    }
}

/// `String(v)`, borrowed when `v` already is a string.
pub(crate) fn to_js_string(v: JsVal<'_>) -> Cow<'_, str> {
    match v {
        JsVal::Str(s) => Cow::Borrowed(s),
        other => {
            let mut s = String::new();
            write_js_string(&mut s, other);
            Cow::Owned(s)
        }
    }
}

/// `v + "" === text`, without allocating.
pub(crate) fn js_string_eq(v: JsVal, text: &str) -> bool {
    if let JsVal::Str(s) = v {
        return s == text;
    }
    let mut w = Eq { rest: text };
    write_js_string(&mut w, v) && w.rest.is_empty()
}

/// `String(v).toLowerCase() === lower` where `lower` is already lower-cased.
pub(crate) fn js_string_eq_lower(v: JsVal, lower: &str) -> bool {
    if let JsVal::Str(s) = v {
        if s.is_ascii() {
            return s.len() == lower.len()
                && s.bytes()
                    .zip(lower.bytes())
                    .all(|(a, b)| a.to_ascii_lowercase() == b);
        }
    }
    crate::core::text::lowercase(&to_js_string(v)) == lower
}

fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{B}' | '\u{C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

fn is_decimal_literal(s: &str) -> bool {
    let digits = |t: &str| t.bytes().take_while(u8::is_ascii_digit).count();
    let int = digits(s);
    let mut rest = &s[int..];
    let mut frac = 0;
    if let Some(r) = rest.strip_prefix('.') {
        frac = digits(r);
        rest = &r[frac..];
    }
    if int == 0 && frac == 0 {
        return false;
    }
    match rest.strip_prefix(['e', 'E']) {
        None => rest.is_empty(),
        Some(e) => {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            !e.is_empty() && digits(e) == e.len()
        }
    }
}

/// JavaScript's `Number(text)`: trims, accepts `0x`/`0o`/`0b`, `Infinity`, `""` is 0, else NaN.
pub(crate) fn string_to_number(text: &str) -> f64 {
    let t = text.trim_matches(is_js_space);
    if t.is_empty() {
        return 0.0;
    }
    let radix = match t.as_bytes() {
        [b'0', b'x' | b'X', _, ..] => 16,
        [b'0', b'o' | b'O', _, ..] => 8,
        [b'0', b'b' | b'B', _, ..] => 2,
        _ => 0,
    };
    if radix != 0 {
        return t[2..]
            .chars()
            .try_fold(0.0f64, |acc, c| {
                c.to_digit(radix)
                    .map(|d| acc * f64::from(radix) + f64::from(d))
            })
            .unwrap_or(f64::NAN);
    }
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    if unsigned == "Infinity" {
        return if t.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    if !is_decimal_literal(unsigned) {
        return f64::NAN;
    }
    crate::core::num::parse(t).unwrap_or(f64::NAN)
}

/// JavaScript's `Number(v)` (`v * 1`): `null` is 0, `[]` is 0, `[7]` is 7, objects are NaN.
pub(crate) fn to_number(v: JsVal) -> f64 {
    match v {
        JsVal::Null => 0.0,
        JsVal::Bool(b) => f64::from(u8::from(b)),
        JsVal::Num(n) => n,
        JsVal::Str(s) => string_to_number(s),
        JsVal::Arr([]) => 0.0,
        JsVal::Arr(_) => string_to_number(&to_js_string(v)),
        JsVal::Obj(_) => f64::NAN,
    }
}

/// Compares two strings by UTF-16 code units, as JavaScript's `<` does.
pub(crate) fn cmp_utf16(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// JavaScript's `a < b`: `None` when either side becomes NaN (the comparison is `undefined`).
fn js_less(a: JsVal, b: JsVal) -> Option<bool> {
    let prim = |v: JsVal| matches!(v, JsVal::Str(_) | JsVal::Arr(_) | JsVal::Obj(_));
    if prim(a) && prim(b) {
        return Some(cmp_utf16(&to_js_string(a), &to_js_string(b)) == Ordering::Less);
    }
    let (x, y) = (to_number(a), to_number(b));
    if x.is_nan() || y.is_nan() {
        None
    } else {
        Some(x < y)
    }
}

/// One of the ordering operators `$lt $lte $gt $gte`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Lt,
    Lte,
    Gt,
    Gte,
}

/// `actual <op> expected` with JavaScript's coercions (`"10" > 9`, `null < 1`).
pub(crate) fn js_compare(op: CmpOp, actual: JsVal, expected: JsVal) -> bool {
    if let (JsVal::Num(a), JsVal::Num(e)) = (actual, expected) {
        return match op {
            CmpOp::Lt => a < e,
            CmpOp::Gt => a > e,
            CmpOp::Lte => a <= e,
            CmpOp::Gte => a >= e,
        };
    }
    match op {
        CmpOp::Lt => js_less(actual, expected) == Some(true),
        CmpOp::Gt => js_less(expected, actual) == Some(true),
        CmpOp::Lte => js_less(expected, actual) == Some(false),
        CmpOp::Gte => js_less(actual, expected) == Some(false),
    }
}

/// `actual === expected` (arrays and objects are never identical to a condition's value).
pub(crate) fn strict_eq(actual: JsVal, expected: &Json) -> bool {
    match (actual, expected) {
        (JsVal::Null, Json::Null) => true,
        (JsVal::Bool(a), Json::Bool(b)) => a == *b,
        (JsVal::Num(a), Json::Num(b)) => a == *b,
        (JsVal::Str(a), Json::Str(b)) => a == b,
        _ => false,
    }
}

/// `JSON.stringify(actual) === JSON.stringify(expected)`.
pub(crate) fn json_eq(actual: JsVal, expected: &Json) -> bool {
    match (actual, expected) {
        (JsVal::Num(a), Json::Null) => !a.is_finite(),
        (JsVal::Num(a), Json::Num(b)) if !b.is_finite() => !a.is_finite(),
        (JsVal::Arr(a), Json::Arr(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| json_eq(x.into(), y))
        }
        (JsVal::Obj(a), Json::Obj(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b.iter())
                    .all(|((ka, va), (kb, vb))| ka == kb && json_eq(va.into(), vb))
        }
        (a, b) => strict_eq(a, b),
    }
}
