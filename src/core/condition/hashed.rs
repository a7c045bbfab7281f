//! Hashed groups for `$inGroup` / `$notInGroup`: instead of the ids themselves, the config
//! ships `{ "salt": "…", "sha256": [hex digests of salt + id] }`, and the value a visitor has
//! is hashed on the device before it is compared, so the page never lists the ids in plain text.
//!
//! ```
//! use serde_json::json;
//! use shelfwise::core::condition::eval_condition;
//! use shelfwise::core::json::{Json, Obj};
//! use shelfwise::core::regex::NativeRegex;
//!
//! // SHA-256 of "s3cret" + "C-1001", as `printf '%s' 's3cretC-1001' | sha256sum` prints it.
//! let digest = shelfwise::core::condition::group_digest("s3cret", "C-1001");
//! assert_eq!(digest, "b5a751c188cb7a8ffbd7e0efe6870a97d42a4d4b15ca89b0fcf18110cd43c091");
//! let groups = Json::from(json!({ "vip": { "salt": "s3cret", "sha256": [digest] } }));
//! let groups = groups.as_object().cloned().unwrap_or_else(Obj::new);
//! let cond = Json::from(json!({ "attrs.customerId": { "$inGroup": "vip" } }));
//! let visitor = |id: &str| Json::from(json!({ "attrs": { "customerId": id } }));
//! assert!(eval_condition(&cond, &visitor("C-1001"), &groups, &NativeRegex));
//! assert!(!eval_condition(&cond, &visitor("C-1002"), &groups, &NativeRegex));
//! ```

use crate::core::json::Json;
use sha2::{Digest, Sha256};

use super::js::{to_js_string, JsVal};

/// The keys of a hashed group.
pub const HASHED_GROUP_KEYS: [&str; 2] = ["salt", "sha256"];

/// A hashed group, ready to test values against.
#[derive(Debug)]
pub(crate) struct Hashed {
    salt: String,
    /// The digests, sorted.
    digests: Vec<[u8; 32]>,
}

/// The 32 bytes a 64-digit hex digest stands for.
pub(crate) fn parse_hex(hex: &str) -> Option<[u8; 32]> {
    let b = hex.as_bytes();
    if b.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in b.chunks(2).enumerate() {
        let digit = |c: u8| (c as char).to_digit(16);
        out[i] = (digit(pair[0])? * 16 + digit(pair[1])?) as u8;
    }
    Some(out)
}

fn sha256(salt: &str, text: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update(text.as_bytes());
    h.finalize().into()
}

/// The lower-case hex SHA-256 of `salt` followed by `id`: what a hashed group lists for `id`.
pub fn group_digest(salt: &str, id: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    sha256(salt, id)
        .iter()
        .flat_map(|b| [HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]])
        .map(char::from)
        .collect()
}

impl Hashed {
    /// `v` as a hashed group; None when it is not a well-formed one.
    pub fn read(v: &Json) -> Option<Hashed> {
        let Json::Obj(m) = v else { return None };
        let salt = m.get("salt")?.as_str()?.to_string();
        let Json::Arr(list) = m.get("sha256")? else {
            return None;
        };
        let mut digests = Vec::with_capacity(list.len());
        for d in list {
            digests.push(d.as_str().and_then(parse_hex)?);
        }
        // The crate's sort: the standard one adds several kilobytes for each type it sorts.
        crate::core::sort::merge_sort_by(&mut digests, |a, b| a < b);
        Some(Hashed { salt, digests })
    }

    /// Whether the value (or, for an array, any of its elements) hashes to a member. Only
    /// strings and numbers are ids (compared as text: `1001` and `"1001"` alike).
    pub fn contains(&self, actual: JsVal) -> bool {
        let one = |v: JsVal| match v {
            JsVal::Str(_) | JsVal::Num(_) => self
                .digests
                .binary_search(&sha256(&self.salt, &to_js_string(v)))
                .is_ok(),
            _ => false,
        };
        match actual {
            JsVal::Arr(items) => items.iter().any(|e| one(e.into())),
            v => one(v),
        }
    }
}
