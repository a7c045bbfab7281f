//! The compiled config: what the engine runs on. Every attribute a condition reads is a typed
//! slot, conditions are flat nodes over slots, each segment knows the slots (and segments) it
//! reads, and each widget's strategy knows what of the visitor's data its order depends on.
//!
//! A program is built once from the config text by [`crate::core::config`]; it holds no
//! visitor data (that is the profile's), and the engine joins the two.

pub mod strategy;

use crate::core::attributes::Slot;
use crate::core::condition::{CondId, Conditions};
use crate::core::gather::Gather;
use crate::core::item::CategoryFields;
use crate::core::json::Json;
use crate::core::parts::Parts;
use crate::core::profile::Rules;
pub use strategy::{Diversity, Facet, Rule, RuleKind, Strategy};

/// Where consent for storage comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Consent {
    /// Storage may be used without asking.
    #[default]
    NotRequired,
    /// Nothing is read or written until consent is given.
    Required,
}

/// A named segment of visitors.
#[derive(Debug)]
pub struct Segment {
    /// Id used in targeting, CSS and conditions (`segments`).
    pub id: String,
    /// Human name for the debug overlay and the privacy panel.
    pub name: String,
    /// Higher wins when one content variant must be chosen.
    pub priority: f64,
    /// Membership condition.
    pub cond: CondId,
    /// The attribute slots the condition reads.
    pub slots: Vec<u32>,
    /// The condition reads `segments` (the segments evaluated before it).
    pub reads_segments: bool,
    /// The parts of the visitor's data its slots are computed from.
    pub reads: Parts,
}

/// A content variant and the segments it is for.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// The `data-sw-variant` value to show.
    pub show: String,
    /// Segments it is for.
    pub segments: Vec<String>,
}

/// A content slot: variants per segment and a default.
#[derive(Clone, Debug, PartialEq)]
pub struct Content {
    /// Candidates, in order.
    pub variants: Vec<Variant>,
    /// What everyone else sees.
    pub default: String,
}

/// "People also bought / viewed" relations: item id → related ids with strengths in (0, 1],
/// strongest first; sorted by item id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Relations(pub Vec<(String, Vec<(String, f64)>)>);

impl Relations {
    /// The items related to `id`, strongest first.
    pub fn get(&self, id: &str) -> Option<&[(String, f64)]> {
        self.0
            .binary_search_by(|(k, _)| k.as_str().cmp(id))
            .ok()
            .map(|i| self.0[i].1.as_slice())
    }

    /// How many items have relations.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no item has relations.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A validated, compiled config.
#[derive(Debug)]
pub struct Program {
    /// What recording events needs (sessions, affinity, price bands, features, retention).
    pub rules: Rules,
    /// How `item_category2…5` are read.
    pub categories: CategoryFields,
    /// Whether storage needs consent.
    pub consent: Consent,
    /// Whether `navigator.globalPrivacyControl` refuses storage.
    pub honor_gpc: bool,
    /// Without a Consent Mode `wait_for_update`, how long after the page starts loading widgets
    /// wait for the visitor's decision (ms; 0: not at all).
    pub wait_for_consent_ms: i64,
    /// The longest widgets wait for the visitor's decision, whatever the page asks (ms after the
    /// page starts loading).
    pub max_wait_for_consent_ms: i64,
    /// Read `window.dataLayer`.
    pub track_data_layer: bool,
    /// Track clicks on marked items as `select_item`.
    pub track_clicks: bool,
    /// Track a page's declared product as `view_item`.
    pub track_product_page: bool,
    /// Count a page view and follow the route on a single-page app's history navigation.
    pub track_history: bool,
    /// Share of visitors (0–100) who see the original order.
    pub holdout_percent: f64,
    /// Push exposure events to `window.dataLayer`.
    pub exposure_to_data_layer: bool,
    /// Log each event, segment change and reorder.
    pub debug: bool,
    /// Write the segment ids on `<html data-sw-segments>` (every script of the page can read them).
    pub segments_attribute: bool,
    /// Every segment condition.
    pub conds: Conditions,
    /// Every attribute path a segment reads.
    pub slots: Vec<Slot>,
    /// Segments in evaluation order (a segment comes after those it refers to).
    pub segments: Vec<Segment>,
    /// Strategy for widgets without their own.
    pub default_strategy: Strategy,
    /// Strategies by widget id, sorted by id.
    pub widgets: Vec<(String, Strategy)>,
    /// Related items.
    pub related: Relations,
    /// Content slots by id, sorted by id.
    pub content: Vec<(String, Content)>,
}

impl Default for Program {
    fn default() -> Program {
        Program {
            rules: Rules::default(),
            categories: CategoryFields::Levels,
            consent: Consent::NotRequired,
            honor_gpc: true,
            wait_for_consent_ms: 0,
            max_wait_for_consent_ms: 1000,
            track_data_layer: true,
            track_clicks: true,
            track_product_page: true,
            track_history: false,
            holdout_percent: 0.0,
            exposure_to_data_layer: false,
            debug: false,
            segments_attribute: false,
            conds: Conditions::new(),
            slots: Vec::new(),
            segments: Vec::new(),
            default_strategy: strategy::builtin_default(),
            widgets: Vec::new(),
            related: Relations::default(),
            content: Vec::new(),
        }
    }
}

fn find<'a, T>(list: &'a [(String, T)], id: &str) -> Option<&'a T> {
    list.binary_search_by(|(k, _)| k.as_str().cmp(id))
        .ok()
        .map(|i| &list[i].1)
}

impl Program {
    /// A program with every default and nothing defined (the engine's behaviour without config).
    pub fn empty() -> Program {
        Program::default()
    }

    /// The strategy for `widget`.
    pub fn strategy(&self, widget: &str) -> &Strategy {
        find(&self.widgets, widget).unwrap_or(&self.default_strategy)
    }

    /// Content slot `id`.
    pub fn content(&self, id: &str) -> Option<&Content> {
        find(&self.content, id)
    }

    /// The index of segment `id`.
    pub fn segment(&self, id: &str) -> Option<usize> {
        self.segments.iter().position(|s| s.id == id)
    }

    /// The slots' paths split at dots (for evaluating against a whole document).
    pub fn slot_paths(&self) -> Vec<Vec<String>> {
        self.slots.iter().map(|s| s.parts.clone()).gather()
    }

    /// Whether segment `i`'s condition holds for the attributes document `doc` (with its
    /// `segments` as the condition should see them).
    pub fn eval_segment_on(&self, i: usize, doc: &Json) -> bool {
        self.segments
            .get(i)
            .is_some_and(|s| self.conds.eval_doc(s.cond, doc, &self.slot_paths()))
    }

    /// Which parts of segment `id`'s condition held against the attributes document `doc`
    /// (whose `segments` say whether the visitor is a member), with the values seen; None if
    /// the program has no such segment.
    #[cfg(feature = "tooling")]
    pub fn explain_segment(&self, id: &str, doc: &Json) -> Option<Json> {
        let seg = self.segments.iter().find(|s| s.id == id)?;
        let member = match doc.get("segments") {
            Some(Json::Arr(ids)) => ids.iter().any(|s| s.as_str() == Some(id)),
            _ => false,
        };
        let explanation = self.conds.explain(seg.cond, doc, &self.slot_paths());
        Some(Json::object(vec![
            ("id", Json::str(seg.id.as_str())),
            ("name", Json::str(seg.name.as_str())),
            ("member", Json::Bool(member)),
            ("explanation", explanation.to_json()),
        ]))
    }
}
