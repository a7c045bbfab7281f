//! Reading content slots: which variant of a `data-sw-slot` each segment sees.

use super::reader::Members;
use super::{SLOT_KEYS, VARIANT_KEYS};
use crate::core::error::{with_suggestion, Errors, Path};
use crate::core::event::describe;
use crate::core::json::Json;
use crate::core::program::{Content, Variant};

/// Reads `content` (an object of slot id to variants); `segments` are the known segment ids.
pub(super) fn read_content(
    v: &Json,
    path: &Path,
    segments: &[&str],
    errors: &mut Errors,
) -> Vec<(String, Content)> {
    let mut out = Vec::new();
    let Json::Obj(m) = v else {
        errors.at(path, || {
            format!(
                "must be an object of slot id to variants, got {}",
                describe(v)
            )
        });
        return out;
    };
    for (id, slot) in m.iter() {
        let at = path.key(id);
        let Some(o) = Members::new(slot, &at, &SLOT_KEYS, errors) else {
            continue;
        };
        let default = o.str("default", errors).unwrap_or("default").to_string();
        let mut variants = Vec::new();
        match o.get("variants") {
            Some(Json::Arr(a)) => {
                let list = o.at("variants");
                for (i, var) in a.iter().enumerate() {
                    let vat = list.index(i);
                    let Some(vo) = Members::new(var, &vat, &VARIANT_KEYS, errors) else {
                        continue;
                    };
                    let show = vo.str("show", errors).unwrap_or_default().to_string();
                    if show.is_empty() {
                        errors.say(vo.path, "needs \"show\": the data-sw-variant to show");
                    }
                    let segs = vo.strings("segments", errors);
                    if segs.is_empty() {
                        errors.say(vo.path, "needs \"segments\": who sees this variant");
                    }
                    let seg_at = vo.at("segments");
                    for (j, s) in segs.iter().enumerate() {
                        if !segments.contains(&s.as_str()) {
                            errors.at(&seg_at.index(j), || {
                                with_suggestion(format!("unknown segment \"{s}\""), s, segments)
                            });
                        }
                    }
                    variants.push(Variant {
                        show,
                        segments: segs,
                    });
                }
            }
            Some(other) => errors.at(&o.at("variants"), || {
                format!("must be an array, got {}", describe(other))
            }),
            None => errors.say(o.path, "needs \"variants\""),
        }
        out.push((id.to_string(), Content { variants, default }));
    }
    out
}
