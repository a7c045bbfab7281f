//! Content slots: which variant of a `data-sw-slot` each segment sees.

use super::reader::{Errors, Obj};
use super::{Slot, Variant, SLOT_KEYS, VARIANT_KEYS};
use crate::core::error::{with_suggestion, JsonPath};
use crate::core::event::describe;
use serde_json::Value;
use std::collections::HashMap;

/// Reads `content` (an object of slot id to variants); `segments` are the known segment ids.
pub(super) fn read_content(
    v: &Value,
    path: JsonPath,
    segments: &[&str],
    errors: &mut Errors,
) -> HashMap<String, Slot> {
    let mut out = HashMap::new();
    let Value::Object(m) = v else {
        errors.at(
            &path,
            format!(
                "must be an object of slot id to variants, got {}",
                describe(v)
            ),
        );
        return out;
    };
    for (id, slot) in m {
        let Some(o) = Obj::new(slot, path.key(id), &SLOT_KEYS, errors) else {
            continue;
        };
        let default = o.str("default", errors).unwrap_or("default").to_string();
        let mut variants = Vec::new();
        match o.get("variants") {
            Some(Value::Array(a)) => {
                for (i, var) in a.iter().enumerate() {
                    let Some(vo) = Obj::new(var, o.at("variants").index(i), &VARIANT_KEYS, errors)
                    else {
                        continue;
                    };
                    let show = vo.str("show", errors).unwrap_or_default().to_string();
                    if show.is_empty() {
                        errors.at(&vo.path, "needs \"show\": the data-sw-variant to show");
                    }
                    let segs = vo.strings("segments", errors);
                    if segs.is_empty() {
                        errors.at(&vo.path, "needs \"segments\": who sees this variant");
                    }
                    for (j, s) in segs.iter().enumerate() {
                        if !segments.contains(&s.as_str()) {
                            let msg =
                                with_suggestion(format!("unknown segment \"{s}\""), s, segments);
                            errors.at(&vo.at("segments").index(j), msg);
                        }
                    }
                    variants.push(Variant {
                        show,
                        segments: segs,
                    });
                }
            }
            Some(other) => errors.at(
                &o.at("variants"),
                format!("must be an array, got {}", describe(other)),
            ),
            None => errors.at(&o.path, "needs \"variants\""),
        }
        out.insert(id.clone(), Slot { variants, default });
    }
    out
}
