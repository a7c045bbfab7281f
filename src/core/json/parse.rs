//! The JSON reader: RFC 8259 text to a [`Json`] value, saying where it stopped when it is not.

use super::{Json, Obj};

/// Deepest nesting of arrays and objects read (deeper text is refused, never a stack overflow).
pub const MAX_DEPTH: usize = 128;

/// Where and why text stopped being JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// The text ended before the value did.
    pub eof: bool,
}

impl ParseError {
    /// "syntax error at line 3, column 7" or "the text ends too early at line 1, column 14".
    pub fn message(&self) -> String {
        let what = if self.eof {
            "the text ends too early"
        } else {
            "syntax error"
        };
        crate::cat!(what, " at line ", self.line, ", column ", self.column)
    }
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

/// Reads one JSON value filling all of `text` (whitespace around it allowed).
pub fn parse(text: &str) -> Result<Json, ParseError> {
    let mut r = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let v = r.value()?;
    r.space();
    if r.pos < r.bytes.len() {
        return Err(r.error());
    }
    Ok(v)
}

impl Reader<'_> {
    fn error(&self) -> ParseError {
        let eof = self.pos >= self.bytes.len();
        let before = &self.text[..self.pos.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ParseError { line, column, eof }
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn expect(&mut self, word: &str) -> Result<(), ParseError> {
        for b in word.bytes() {
            if self.peek() != Some(b) {
                return Err(self.error());
            }
            self.pos += 1;
        }
        Ok(())
    }

    fn value(&mut self) -> Result<Json, ParseError> {
        self.space();
        match self.peek() {
            Some(b'n') => self.expect("null").map(|_| Json::Null),
            Some(b't') => self.expect("true").map(|_| Json::Bool(true)),
            Some(b'f') => self.expect("false").map(|_| Json::Bool(false)),
            Some(b'"') => self.string().map(Json::Str),
            Some(b'[') => self.nested(Reader::array),
            Some(b'{') => self.nested(Reader::object),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error()),
        }
    }

    fn nested(
        &mut self,
        read: fn(&mut Self) -> Result<Json, ParseError>,
    ) -> Result<Json, ParseError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error());
        }
        self.depth += 1;
        let v = read(self);
        self.depth -= 1;
        v
    }

    fn array(&mut self) -> Result<Json, ParseError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.space();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Arr(items));
        }
        loop {
            items.push(self.value()?);
            self.space();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Arr(items));
                }
                _ => return Err(self.error()),
            }
        }
    }

    fn object(&mut self) -> Result<Json, ParseError> {
        self.pos += 1;
        let mut members = Vec::new();
        self.space();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Obj(Obj::new()));
        }
        loop {
            self.space();
            if self.peek() != Some(b'"') {
                return Err(self.error());
            }
            let key = self.string()?;
            self.space();
            self.expect(":")?;
            let v = self.value()?;
            members.push((key, v));
            self.space();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Obj(Obj::from_pairs(members)));
                }
                _ => return Err(self.error()),
            }
        }
    }

    fn number(&mut self) -> Result<Json, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let digits = |r: &mut Self| {
            let from = r.pos;
            while let Some(b'0'..=b'9') = r.peek() {
                r.pos += 1;
            }
            r.pos - from
        };
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(self.error()),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if digits(self) == 0 {
                return Err(self.error());
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.error());
            }
        }
        Ok(Json::Num(crate::core::num::json_number(
            &self.text[start..self.pos],
        )))
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut v = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.error()),
            };
            v = v * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(v)
    }

    /// Moves past the characters a string holds as they are (up to a quote, an escape or a
    /// control character).
    fn plain(&mut self) {
        let rest = &self.bytes[self.pos..];
        self.pos += rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .unwrap_or(rest.len());
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1;
        let mut run = self.pos;
        self.plain();
        // Most strings have no escape: copied at once, in one allocation of their size.
        if self.peek() == Some(b'"') {
            self.pos += 1;
            return Ok(self.text[run..self.pos - 1].to_owned());
        }
        let mut out = String::new();
        loop {
            out.push_str(&self.text[run..self.pos]);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = match self.peek() {
                        Some(b'u') => {
                            self.pos += 1;
                            self.unicode()?
                        }
                        Some(e) => {
                            let c = match e {
                                b'"' => '"',
                                b'\\' => '\\',
                                b'/' => '/',
                                b'b' => '\u{8}',
                                b'f' => '\u{c}',
                                b'n' => '\n',
                                b'r' => '\r',
                                b't' => '\t',
                                _ => return Err(self.error()),
                            };
                            self.pos += 1;
                            c
                        }
                        None => return Err(self.error()),
                    };
                    out.push(c);
                }
                _ => return Err(self.error()),
            }
            run = self.pos;
            self.plain();
        }
    }

    /// The character of a `\u` escape (a surrogate pair is one character; a lone surrogate,
    /// which JavaScript strings may hold, becomes U+FFFD).
    fn unicode(&mut self) -> Result<char, ParseError> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) && self.text[self.pos..].starts_with("\\u") {
            let back = self.pos;
            self.pos += 2;
            let lo = self.hex4()?;
            if (0xDC00..0xE000).contains(&lo) {
                let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
            }
            self.pos = back;
        }
        Ok(char::from_u32(hi).unwrap_or('\u{FFFD}'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_where_text_stops_being_json() {
        let e = parse("{\"version\": 1,").unwrap_err();
        assert!(e.eof);
        assert!(e
            .message()
            .starts_with("the text ends too early at line 1, column"));
        let e = parse("{\n  \"a\": tru }").unwrap_err();
        assert_eq!((e.line, e.column, e.eof), (2, 11, false));
        assert_eq!(e.message(), "syntax error at line 2, column 11");
        for bad in [
            "",
            "01",
            "1.",
            "-",
            "[1,]",
            "{\"a\"}",
            "\"\u{1}\"",
            "nul",
            "[] []",
            "'a'",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn reads_escapes_and_surrogates() {
        let v = parse(r#""\ud83d\ude00 \u00e9 \ud800 \/""#).unwrap();
        assert_eq!(v, Json::str("😀 é \u{FFFD} /"));
    }

    #[test]
    fn reads_strings_as_serde_json_does() {
        // Plain runs before, between and after escapes; serde_json is the independent reader.
        for text in [
            r#""""#,
            r#""plain""#,
            r#""a\"b""#,
            r#""\\""#,
            r#""ends with\\""#,
            r#""\tstarts""#,
            r#""x\ny\rz\u0041\u00e9ü€""#,
            r#""\"\"\"""#,
            r#"{"k\u0065y": ["v\/1", "v2"]}"#,
        ] {
            let want: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(parse(text).unwrap(), Json::from(&want), "{text}");
        }
        for bad in [
            r#""open"#,
            r#""open\"#,
            r#""bad \x escape""#,
            "\"tab\there\"",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert!(parse(r#""open"#).unwrap_err().eof);
    }

    #[test]
    fn refuses_nesting_deeper_than_the_limit() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).is_err());
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
    }
}
