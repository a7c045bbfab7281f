//! The JavaScript value semantics the reference implementation relies on: truthiness,
//! `String(x)`, `Number(x)`, `===`, `<`, `JSON.stringify` equality and number formatting.
//!
//! Attribute values are `serde_json::Value`s; JavaScript's `undefined` never occurs because the
//! reference turns a missing path into `null` before comparing.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt::{self, Write};

use serde_json::{Map, Number, Value};

/// A borrowed view of a value as JavaScript sees it (an array's `length` is a computed number).
#[derive(Clone, Copy, Debug)]
pub(crate) enum JsVal<'a> {
    Null,
    Bool(bool),
    Num(f64),
    Str(&'a str),
    Arr(&'a [Value]),
    Obj(&'a Map<String, Value>),
}

impl<'a> From<&'a Value> for JsVal<'a> {
    fn from(v: &'a Value) -> Self {
        match v {
            Value::Null => JsVal::Null,
            Value::Bool(b) => JsVal::Bool(*b),
            Value::Number(n) => JsVal::Num(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => JsVal::Str(s),
            Value::Array(a) => JsVal::Arr(a),
            Value::Object(o) => JsVal::Obj(o),
        }
    }
}

impl JsVal<'_> {
    /// An owned JSON copy (for explanations).
    pub(crate) fn to_value(self) -> Value {
        match self {
            JsVal::Null => Value::Null,
            JsVal::Bool(b) => Value::Bool(b),
            JsVal::Num(n) => number_value(n),
            JsVal::Str(s) => Value::String(s.to_owned()),
            JsVal::Arr(a) => Value::Array(a.to_vec()),
            JsVal::Obj(o) => Value::Object(o.clone()),
        }
    }
}

/// `n` as a JSON number, an integer when it is one.
pub(crate) fn number_value(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        Value::from(n as i64)
    } else {
        Number::from_f64(n).map_or(Value::Null, Value::Number)
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

/// Writes `x` the way JavaScript's `Number.prototype.toString()` does (`1e+21`, `1e-7`, `0.1`).
pub(crate) fn write_number(w: &mut impl Write, x: f64) -> fmt::Result {
    w.write_str(&crate::core::num::show(x))
}

/// Writes `String(v)` (also `v + ""`): arrays join their elements with commas.
pub(crate) fn write_js_string(w: &mut impl Write, v: JsVal) -> fmt::Result {
    match v {
        JsVal::Null => w.write_str("null"),
        JsVal::Bool(b) => w.write_str(if b { "true" } else { "false" }),
        JsVal::Num(n) => write_number(w, n),
        JsVal::Str(s) => w.write_str(s),
        JsVal::Obj(_) => w.write_str("[object Object]"),
        JsVal::Arr(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    w.write_char(',')?;
                }
                if !item.is_null() {
                    write_js_string(w, item.into())?;
                }
            }
            Ok(())
        }
    }
}

/// `String(v)`, borrowed when `v` already is a string.
pub(crate) fn to_js_string(v: JsVal<'_>) -> Cow<'_, str> {
    match v {
        JsVal::Str(s) => Cow::Borrowed(s),
        other => {
            let mut s = String::new();
            let _ = write_js_string(&mut s, other);
            Cow::Owned(s)
        }
    }
}

/// Compares what is written against `rest`, stopping at the first difference.
struct EqWriter<'a> {
    rest: &'a str,
}

impl Write for EqWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.rest = self.rest.strip_prefix(s).ok_or(fmt::Error)?;
        Ok(())
    }
}

/// `v + "" === text`, without allocating.
pub(crate) fn js_string_eq(v: JsVal, text: &str) -> bool {
    if let JsVal::Str(s) = v {
        return s == text;
    }
    let mut w = EqWriter { rest: text };
    write_js_string(&mut w, v).is_ok() && w.rest.is_empty()
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
    match op {
        CmpOp::Lt => js_less(actual, expected) == Some(true),
        CmpOp::Gt => js_less(expected, actual) == Some(true),
        CmpOp::Lte => js_less(expected, actual) == Some(false),
        CmpOp::Gte => js_less(actual, expected) == Some(false),
    }
}

/// `actual === expected` (arrays and objects are never identical to a condition's value).
pub(crate) fn strict_eq(actual: JsVal, expected: &Value) -> bool {
    match (actual, expected) {
        (JsVal::Null, Value::Null) => true,
        (JsVal::Bool(a), Value::Bool(b)) => a == *b,
        (JsVal::Num(a), Value::Number(b)) => b.as_f64() == Some(a),
        (JsVal::Str(a), Value::String(b)) => a == b,
        _ => false,
    }
}

/// `JSON.stringify(actual) === JSON.stringify(expected)`.
pub(crate) fn json_eq(actual: JsVal, expected: &Value) -> bool {
    match (actual, expected) {
        (JsVal::Num(a), Value::Null) => !a.is_finite(),
        (JsVal::Arr(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| json_eq(x.into(), y))
        }
        (JsVal::Obj(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((ka, va), (kb, vb))| ka == kb && json_eq(va.into(), vb))
        }
        (a, b) => strict_eq(a, b),
    }
}
