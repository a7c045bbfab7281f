//! Explanations, loaded on demand: the tooling build of the engine explains a running engine's
//! segments and orders from what it hands over (`RawEngine.toolState()`), without touching the
//! page, its storage or the running engine.

use super::{dom, now, regex::JsRegex};
use crate::core::attributes::Context;
use crate::core::config;
use crate::core::engine::Engine;
use crate::core::gather::Gather;
use crate::core::json::Json;
use crate::core::page::{facts_from_json, fill_bare};
use crate::core::profile::snapshot;
use crate::core::rank::RankItem;
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// The config compiled with every problem named (tools only explain a config that loads).
fn program(config: &str) -> Result<crate::core::program::Program, JsError> {
    config::compile(config, &JsRegex).map_err(|e| JsError::new(&e.message()))
}

fn state(text: &str) -> Json {
    Json::parse(text).unwrap_or_default()
}

/// Which parts of segment `id`'s condition held for the engine whose state is `state`, as JSON
/// `{ id, name, member, explanation }` (None for a segment the config does not define).
#[wasm_bindgen(js_name = explainSegmentJson, skip_typescript)]
pub fn explain_segment_json(
    config: &str,
    state_json: &str,
    id: &str,
) -> Result<Option<String>, JsError> {
    let doc = state(state_json)
        .get("attributes")
        .cloned()
        .unwrap_or_default();
    Ok(program(config)?
        .explain_segment(id, &doc)
        .map(|v| v.to_text()))
}

/// The engine of `state` rebuilt from its stored profile, with its segments and id keeping.
fn engine(config: &str, st: &Json) -> Result<Engine, JsError> {
    let program = program(config)?;
    let t = now();
    let text = st.get("profile").and_then(Json::as_str).unwrap_or_default();
    let profile = snapshot::decode(text, t, &program.rules)
        .map_err(|e| JsError::new(&crate::core::error::Error::Stored(e).message()))?;
    let segments: Vec<String> = st
        .get("segments")
        .and_then(Json::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(|s| s.as_str().map(String::from))
        .gather();
    let mut e = Engine::new(program, profile, Context::default(), t);
    e.assume(
        &segments,
        st.get("idKept").and_then(Json::as_bool).unwrap_or(true),
    );
    Ok(e)
}

/// `items` of `widget` ranked with every rule's part in each score, with `personalized`.
fn explained(e: &Engine, widget: &str, items: &[RankItem]) -> Json {
    let mut out = e.rank(widget, items, now()).to_json(true);
    if let Json::Obj(o) = &mut out {
        o.insert("personalized", Json::Bool(!e.in_holdout()));
    }
    out
}

/// Ranks items given as `rank()` takes them for `widget`, explained: `{ order, hidden,
/// personalized, items: [{ id, score, originalPosition, reasons }] }` as JSON.
#[wasm_bindgen(js_name = explainRankJson, skip_typescript)]
pub fn explain_rank_json(
    config: &str,
    state_json: &str,
    widget: &str,
    items: &str,
) -> Result<String, JsError> {
    let st = state(state_json);
    let e = engine(config, &st)?;
    let mut items = super::widgets::items_of("explainRank", widget, items, "")?;
    // Items named by their id alone take the facts the page's events carried, as in rank().
    let facts = st.get("facts").map(facts_from_json).unwrap_or_default();
    fill_bare(&facts, &mut items);
    Ok(explained(&e, widget, &items).to_text())
}

/// Explains the order of the widget element `widget` of the page (the debug overlay), as
/// JSON: the explained ranking of its items in the shop's order, with `widget` (its id).
/// `memory` is what the page's engine remembers of the element (`RawEngine.widgetMemory`).
#[wasm_bindgen(js_name = explainWidgetJson, skip_typescript)]
pub fn explain_widget_json(
    config: &str,
    state_json: &str,
    widget: Element,
    memory: Option<String>,
) -> Result<String, JsError> {
    let e = engine(config, &state(state_json))?;
    if let Some(text) = memory {
        dom::set_memory(&widget, &text);
    }
    let id = widget.get_attribute(dom::WIDGET).unwrap_or_default();
    let items = dom::page_order(&widget, &dom::items(&widget));
    let mut out = explained(&e, &id, &items);
    if let Json::Obj(o) = &mut out {
        o.insert("widget", Json::str(id));
    }
    Ok(out.to_text())
}
