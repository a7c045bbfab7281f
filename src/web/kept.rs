//! Ranking for frameworks without a JSON document each way: the JS entry keeps every item it
//! has given by id with the facts it had, and sends only the items new or changed since (rows,
//! as `rank` takes them) with the number it keeps each one under; the engine keeps them
//! (`core::page::kept`) and answers with places, which the JS entry maps back to ids.

use super::{now, Shell};
use crate::core::json::Json;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = RawEngine)]
impl Shell {
    /// Ranks for `widget` the kept items `handles` (in the order given), after keeping `fresh`
    /// (a JSON array of rows `[id, category, brand, price, tags, related]`, new or changed since
    /// they were last given) under the numbers `fresh_at`. Returns `[personalized, number shown,
    /// places shown…, places hidden…]`, places in `handles`; None when anything is wrong (the
    /// JS entry then ranks through [`Shell::rank`], which says what).
    #[wasm_bindgen(js_name = rankKept)]
    pub fn rank_kept(
        &mut self,
        widget: &str,
        handles: &[u32],
        fresh: &str,
        fresh_at: &[u32],
    ) -> Option<Vec<u32>> {
        if !fresh_at.is_empty() {
            self.page.keep(&Json::parse(fresh).ok()?, fresh_at)?;
        }
        let r = self.page.rank_kept(widget, handles, now())?;
        let mut out = Vec::with_capacity(2 + handles.len());
        out.push(u32::from(self.page.personalized()));
        out.push(r.order.len() as u32);
        out.extend_from_slice(&r.order);
        out.extend_from_slice(&r.hidden);
        Some(out)
    }
}
