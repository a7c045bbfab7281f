//! JSON values as the engine reads and writes them: a small value type, a reader and a writer
//! of its own (no serde in the download; see ARCHITECTURE.md for the measured choice).
//!
//! Objects keep their members sorted by key, a later duplicate replacing an earlier one (what
//! `JSON.parse` keeps), so that lookups are binary searches and every walk of an object visits
//! its keys in one well-defined order.
//!
//! ```
//! use shelfwise::core::json::Json;
//!
//! let v = Json::parse(r#"{"b": [1, 2.5, "x"], "a": null}"#).unwrap();
//! assert_eq!(v.get("b").and_then(|b| b.at(1)).and_then(Json::as_f64), Some(2.5));
//! assert_eq!(v.to_text(), r#"{"a":null,"b":[1,2.5,"x"]}"#);
//! ```

mod parse;
mod write;

pub use parse::ParseError;
pub use write::string as write_string;

/// A JSON value.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Json {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (JSON has one kind).
    Num(f64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object.
    Obj(Obj),
}

/// A JSON object: members sorted by key, each key once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Obj(Vec<(String, Json)>);

impl Obj {
    /// An empty object.
    pub fn new() -> Obj {
        Obj(Vec::new())
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The member `key`.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    /// The member `key`, to change.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        match self.find(key) {
            Ok(i) => Some(&mut self.0[i].1),
            Err(_) => None,
        }
    }

    /// Sets member `key` (replacing its value if present).
    pub fn insert(&mut self, key: impl Into<String>, value: Json) {
        let key = key.into();
        match self.find(&key) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
    }

    /// Removes member `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<Json> {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }

    /// The members in key order, their values to change.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&str, &mut Json)> {
        self.0.iter_mut().map(|(k, v)| (k.as_str(), v))
    }

    /// The members in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Json)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// How many members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no member.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// An object of `pairs` in any order; of repeated keys the last one stays.
    pub fn from_pairs(mut pairs: Vec<(String, Json)>) -> Obj {
        if !pairs.windows(2).all(|w| w[0].0 < w[1].0) {
            let less = |a: &(String, Json), b: &(String, Json)| a.0 < b.0;
            // An event's item, a page's parameters: a few keys, sorted in place without the
            // merge sort's buffers; any number of keys in O(n log n).
            if pairs.len() <= 16 {
                crate::core::sort::insertion_sort_by(&mut pairs, less);
            } else {
                crate::core::sort::merge_sort_by(&mut pairs, less);
            }
            // Stable: of equal keys the last written comes last; keep that one.
            let mut kept = 0;
            for i in 1..pairs.len() {
                if pairs[i].0 != pairs[kept].0 {
                    kept += 1;
                }
                pairs.swap(kept, i);
            }
            pairs.truncate(kept + 1);
        }
        Obj(pairs)
    }
}

impl FromIterator<(String, Json)> for Obj {
    fn from_iter<I: IntoIterator<Item = (String, Json)>>(iter: I) -> Obj {
        // A loop, not `collect()`: each place that builds an object from its own kind of
        // iterator gets one function, not three (WebAssembly compiles each on its first call).
        let mut pairs = Vec::new();
        for p in iter {
            pairs.push(p);
        }
        Obj::from_pairs(pairs)
    }
}

impl Json {
    /// Reads JSON text.
    pub fn parse(text: &str) -> Result<Json, ParseError> {
        parse::parse(text)
    }

    /// The value as JSON text (as `JSON.stringify` writes it, keys in order).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        write::write(&mut out, self);
        out
    }

    /// Appends the value as JSON text.
    pub fn write_to(&self, out: &mut String) {
        write::write(out, self);
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Num(n) => Some(*n),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Arr(a) => Some(a),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&Obj> {
        match self {
            Json::Obj(o) => Some(o),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// Member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.as_object()?.get(key)
    }

    /// Element `i` of an array.
    pub fn at(&self, i: usize) -> Option<&Json> {
        self.as_array()?.get(i)
    }

    /// A string value.
    pub fn str(s: impl Into<String>) -> Json {
        Json::Str(s.into())
    }

    /// An array of strings.
    pub fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> Json {
        let mut out = Vec::new();
        for s in items {
            out.push(Json::str(s));
        }
        Json::Arr(out)
    }

    /// Makes `held` the array of strings `items`; whether it changed. The strings are written
    /// over those held, so an unchanged or shifted list allocates nothing.
    pub fn set_strings<'a>(held: &mut Option<Json>, items: impl Iterator<Item = &'a str>) -> bool {
        let Some(Json::Arr(had)) = held else {
            *held = Some(Json::strings(items));
            return true;
        };
        let mut n = 0;
        let mut changed = false;
        for s in items {
            match had.get_mut(n) {
                Some(Json::Str(h)) if h == s => {}
                Some(Json::Str(h)) => {
                    h.clear();
                    h.push_str(s);
                    changed = true;
                }
                Some(other) => {
                    *other = Json::str(s);
                    changed = true;
                }
                None => {
                    had.push(Json::str(s));
                    changed = true;
                }
            }
            n += 1;
        }
        if had.len() > n {
            had.truncate(n);
            changed = true;
        }
        changed
    }

    /// An object from `(key, value)` fields.
    pub fn object(fields: Vec<(&str, Json)>) -> Json {
        let mut pairs = Vec::with_capacity(fields.len());
        for (k, v) in fields {
            pairs.push((k.to_string(), v));
        }
        Json::Obj(Obj::from_pairs(pairs))
    }

    /// A string, or null.
    pub fn opt_str(s: Option<&str>) -> Json {
        s.map_or(Json::Null, Json::str)
    }
}

impl std::fmt::Display for Json {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_text())
    }
}

impl From<f64> for Json {
    fn from(n: f64) -> Json {
        Json::Num(n)
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::Str(s.to_string())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::Str(s)
    }
}

impl From<u32> for Json {
    fn from(n: u32) -> Json {
        Json::Num(f64::from(n))
    }
}

impl From<i64> for Json {
    fn from(n: i64) -> Json {
        Json::Num(n as f64)
    }
}

impl From<usize> for Json {
    fn from(n: usize) -> Json {
        Json::Num(n as f64)
    }
}

/// Conversions from `serde_json` values, for native tools and tests.
#[cfg(any(test, feature = "tooling"))]
impl From<&serde_json::Value> for Json {
    fn from(v: &serde_json::Value) -> Json {
        match v {
            serde_json::Value::Null => Json::Null,
            serde_json::Value::Bool(b) => Json::Bool(*b),
            serde_json::Value::Number(n) => Json::Num(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Json::Str(s.clone()),
            serde_json::Value::Array(a) => Json::Arr(a.iter().map(Json::from).collect()),
            serde_json::Value::Object(o) => {
                Json::Obj(o.iter().map(|(k, v)| (k.clone(), Json::from(v))).collect())
            }
        }
    }
}

#[cfg(any(test, feature = "tooling"))]
impl From<serde_json::Map<String, serde_json::Value>> for Obj {
    fn from(m: serde_json::Map<String, serde_json::Value>) -> Obj {
        m.iter().map(|(k, v)| (k.clone(), Json::from(v))).collect()
    }
}

#[cfg(any(test, feature = "tooling"))]
impl From<serde_json::Value> for Json {
    fn from(v: serde_json::Value) -> Json {
        Json::from(&v)
    }
}

/// Conversions to `serde_json` values, for native tools and tests.
#[cfg(any(test, feature = "tooling"))]
impl From<&Json> for serde_json::Value {
    fn from(v: &Json) -> serde_json::Value {
        match v {
            Json::Null => serde_json::Value::Null,
            Json::Bool(b) => serde_json::Value::Bool(*b),
            Json::Num(n) if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 => {
                serde_json::Value::from(*n as i64)
            }
            Json::Num(n) => serde_json::Number::from_f64(*n)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Json::Str(s) => serde_json::Value::String(s.clone()),
            Json::Arr(a) => serde_json::Value::Array(a.iter().map(Into::into).collect()),
            Json::Obj(o) => serde_json::Value::Object(
                o.iter().map(|(k, v)| (k.to_string(), v.into())).collect(),
            ),
        }
    }
}

#[cfg(any(test, feature = "tooling"))]
impl From<Json> for serde_json::Value {
    fn from(v: Json) -> serde_json::Value {
        serde_json::Value::from(&v)
    }
}

/// What native tools and tests compare and index values with (`doc["cart"]["value"] == 12`),
/// as they would a `serde_json::Value`.
#[cfg(any(test, feature = "tooling"))]
mod convenience {
    use super::Json;

    static NULL: Json = Json::Null;

    impl std::ops::Index<&str> for Json {
        type Output = Json;
        fn index(&self, key: &str) -> &Json {
            self.get(key).unwrap_or(&NULL)
        }
    }

    impl std::ops::Index<usize> for Json {
        type Output = Json;
        fn index(&self, i: usize) -> &Json {
            self.at(i).unwrap_or(&NULL)
        }
    }

    impl Json {
        /// The number, if it is a whole number from 0 to 2^53.
        pub fn as_u64(&self) -> Option<u64> {
            self.as_f64()
                .filter(|n| *n >= 0.0 && n.fract() == 0.0 && *n <= 9_007_199_254_740_992.0)
                .map(|n| n as u64)
        }

        /// The number, if it is a whole number within ±2^53.
        pub fn as_i64(&self) -> Option<i64> {
            self.as_f64()
                .filter(|n| n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_992.0)
                .map(|n| n as i64)
        }
    }

    impl PartialEq<serde_json::Value> for Json {
        fn eq(&self, other: &serde_json::Value) -> bool {
            let other = Json::from(other);
            *self == other
        }
    }

    impl PartialEq<Json> for serde_json::Value {
        fn eq(&self, other: &Json) -> bool {
            let this = Json::from(self);
            this == *other
        }
    }

    macro_rules! eq_number {
        ($($t:ty),*) => {$(
            impl PartialEq<$t> for Json {
                fn eq(&self, other: &$t) -> bool {
                    self.as_f64() == Some(*other as f64)
                }
            }
        )*};
    }
    eq_number!(f64, i32, i64, u32, u64, usize);

    impl PartialEq<&str> for Json {
        fn eq(&self, other: &&str) -> bool {
            self.as_str() == Some(*other)
        }
    }

    impl PartialEq<str> for Json {
        fn eq(&self, other: &str) -> bool {
            self.as_str() == Some(other)
        }
    }

    impl PartialEq<String> for Json {
        fn eq(&self, other: &String) -> bool {
            self.as_str() == Some(other.as_str())
        }
    }

    impl PartialEq<bool> for Json {
        fn eq(&self, other: &bool) -> bool {
            self.as_bool() == Some(*other)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_keep_one_sorted_member_per_key() {
        let v = Json::parse(r#"{"b": 1, "a": 2, "b": 3}"#).unwrap();
        assert_eq!(v.to_text(), r#"{"a":2,"b":3}"#);
        // More keys than a few, in reverse, one of them three times: the last value stays.
        let mut text = String::from("{");
        for k in (0..40).rev() {
            text.push_str(&format!(r#""k{k:02}": {k}, "#));
        }
        text.push_str(r#""k07": "a", "k07": "b"}"#);
        let v = Json::parse(&text).unwrap();
        let o = v.as_object().unwrap();
        assert_eq!(o.len(), 40);
        assert_eq!(o.keys().next(), Some("k00"));
        assert_eq!(o.get("k07"), Some(&Json::str("b")));
        assert_eq!(o.get("k39"), Some(&Json::Num(39.0)));
        let mut o = Obj::new();
        o.insert("z", Json::Null);
        o.insert("m", Json::from(1.5));
        o.insert("z", Json::from(true));
        assert_eq!(o.keys().collect::<Vec<_>>(), ["m", "z"]);
        assert_eq!(o.get("z"), Some(&Json::Bool(true)));
        assert_eq!(o.remove("m"), Some(Json::Num(1.5)));
        assert_eq!(o.len(), 1);
    }

    #[test]
    fn round_trips_text() {
        for text in [
            r#"null"#,
            r#"[true,false,0,-1.5,1e+21,"a\"b\\c\n\u0001é😀"]"#,
            r#"{"":{},"k":[[],{"x":"y"}]}"#,
        ] {
            let v = Json::parse(text).unwrap();
            assert_eq!(Json::parse(&v.to_text()).unwrap(), v, "{text}");
        }
    }
}
