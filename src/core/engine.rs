//! The engine: one visitor's profile under one config, kept up to date event by event.

use crate::core::attributes::{self, Context, Sources};
use crate::core::config::{digest, Config};
use crate::core::event::Event;
use crate::core::json::{obj, strings};
use crate::core::profile::snapshot::{self, DecodeError};
use crate::core::profile::{writes, Profile};
use crate::core::rank::{self, RankItem, Ranking, Visitor};
use serde_json::{Map, Value};

/// A change of this tab; replayed onto what another tab stored until it is written and safe.
#[derive(Clone, Debug, PartialEq)]
enum Change {
    Event(Event, i64),
    Prefs(Map<String, Value>),
    Exposure { personalized: bool, outcome: usize },
}

/// What an update changed about the visitor's segments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Update {
    /// The event was counted (false for a repeated purchase).
    pub counted: bool,
    /// It started a new session.
    pub new_session: bool,
    /// Segments the visitor entered.
    pub entered: Vec<String>,
    /// Segments the visitor left.
    pub left: Vec<String>,
}

impl Update {
    /// The change from segments `before` to segments `after` (nothing recorded).
    pub fn between(before: &[String], after: &[String]) -> Update {
        Update {
            counted: true,
            new_session: false,
            entered: after
                .iter()
                .filter(|s| !before.contains(s))
                .cloned()
                .collect(),
            left: before
                .iter()
                .filter(|s| !after.contains(s))
                .cloned()
                .collect(),
        }
    }
}

/// Changes this tab wrote as its write number `seq` at `at` (ms): kept for `writes::KEEP_MS`
/// to write them again should a tab that had not seen them overwrite them.
#[derive(Clone, Debug)]
struct Written {
    seq: u32,
    at: i64,
    changes: Vec<Change>,
}

/// One visitor's engine.
pub struct Engine {
    config: Config,
    profile: Profile,
    ctx: Context,
    attrs: Map<String, Value>,
    segments: Vec<String>,
    pending: Vec<Change>,
    /// This engine's id among the tabs writing the same storage.
    writer: String,
    /// Number of this engine's latest write.
    seq: u32,
    written: Vec<Written>,
    /// A write of this tab is missing from storage: it must be written again.
    rewrite: bool,
    /// The latest time the engine was told (ms).
    clock: i64,
    /// Related ids of the items this page showed (markup, ranked items), latest last; not stored.
    page_related: Vec<(String, Vec<String>)>,
}

static ENGINES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// Most shop-supplied or shopper-stated attributes, as JSON characters.
pub const MAX_ATTRS_LEN: usize = 4096;

impl Engine {
    /// An engine for `profile` under `config` on the page described by `ctx`, at `now`.
    pub fn new(config: Config, mut profile: Profile, ctx: Context, now: i64) -> Engine {
        profile.purge(now, &config);
        let mut e = Engine {
            config,
            profile,
            ctx,
            attrs: Map::new(),
            segments: Vec::new(),
            pending: Vec::new(),
            writer: format!(
                "e{}",
                ENGINES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            ),
            seq: 0,
            written: Vec::new(),
            rewrite: false,
            clock: now,
            page_related: Vec::new(),
        };
        e.evaluate(now);
        e
    }

    /// Names this engine among the tabs that write the same storage (a random id per page;
    /// two tabs must never share one).
    pub fn set_writer(&mut self, id: &str) {
        self.writer = id.to_string();
    }

    /// The config the engine runs on.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The profile as it is now.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Notes the related ids of items this page shows: when one of them is viewed or goes into
    /// the cart, the profile keeps its relations for later pages.
    pub fn note_related(&mut self, items: &[RankItem]) {
        for it in items.iter().filter(|it| !it.related.is_empty()) {
            self.page_related
                .push((it.item.id.clone(), it.related.clone()));
        }
        // The latest notes count; a long-lived page keeps only the most recent ones.
        let old = self.page_related.len().saturating_sub(rank::MAX_RANK_ITEMS);
        self.page_related.drain(..old);
    }

    /// Records an event at `now` and re-evaluates segments.
    pub fn track(&mut self, mut event: Event, now: i64) -> Update {
        if event.name == "view_item" || event.name == "add_to_cart" {
            for it in &event.items {
                let seen = self.page_related.iter().rev().find(|(id, _)| *id == it.id);
                if let Some((_, ids)) = seen {
                    if !event.related.iter().any(|(id, _)| *id == it.id) {
                        event.related.push((it.id.clone(), ids.clone()));
                    }
                }
            }
        }
        let r = self.profile.record(&event, now, &self.config);
        if !r.counted {
            return Update::default();
        }
        self.pending.push(Change::Event(event, now));
        let (entered, left) = self.evaluate(now);
        Update {
            counted: true,
            new_session: r.new_session,
            entered,
            left,
        }
    }

    /// Replaces what the shop supplies about the visitor (`attrs.*`); not stored.
    pub fn set_attributes(
        &mut self,
        attrs: Map<String, Value>,
        now: i64,
    ) -> Result<Update, String> {
        check_size(&attrs, "attributes")?;
        self.attrs = attrs;
        Ok(self.reevaluate(now))
    }

    /// Replaces the shopper's stated preferences (`prefs.*`); stored.
    pub fn set_preferences(
        &mut self,
        prefs: Map<String, Value>,
        now: i64,
    ) -> Result<Update, String> {
        check_size(&prefs, "preferences")?;
        self.profile.prefs = prefs.clone();
        self.pending.push(Change::Prefs(prefs));
        Ok(self.reevaluate(now))
    }

    fn reevaluate(&mut self, now: i64) -> Update {
        let (entered, left) = self.evaluate(now);
        Update {
            counted: true,
            new_session: false,
            entered,
            left,
        }
    }

    /// Re-evaluates every segment (in dependency order); returns (entered, left).
    pub fn evaluate(&mut self, now: i64) -> (Vec<String>, Vec<String>) {
        self.clock = self.clock.max(now);
        let mut doc = self.config.segment_needs.build(&self.sources(now));
        doc.insert("segments".into(), Value::Array(Vec::new()));
        let mut doc = Value::Object(doc);
        let mut current: Vec<String> = Vec::new();
        for seg in &self.config.segments {
            if seg.condition.eval(&doc) {
                current.push(seg.id.clone());
                if let Some(Value::Array(ids)) = doc.get_mut("segments") {
                    ids.push(Value::from(seg.id.as_str()));
                }
            }
        }
        let entered = current
            .iter()
            .filter(|s| !self.segments.contains(s))
            .cloned()
            .collect();
        let left = self
            .segments
            .iter()
            .filter(|s| !current.contains(s))
            .cloned()
            .collect();
        self.segments = current;
        (entered, left)
    }

    fn sources(&self, now: i64) -> Sources<'_> {
        Sources {
            profile: &self.profile,
            ctx: &self.ctx,
            attrs: &self.attrs,
            cfg: &self.config,
            now,
        }
    }

    /// The full attributes document conditions see, segments included.
    pub fn attributes(&self, now: i64) -> Value {
        let mut d = attributes::build(&self.sources(now));
        d.insert("segments".into(), strings(self.segments.iter()));
        Value::Object(d)
    }

    /// Current segment ids, in evaluation order.
    pub fn segments(&self) -> &[String] {
        &self.segments
    }

    /// Which parts of segment `id`'s condition held, with the values seen; None if unknown.
    pub fn explain_segment(&self, id: &str, now: i64) -> Option<Value> {
        let seg = self.config.segments.iter().find(|s| s.id == id)?;
        let doc = self.attributes(now);
        Some(obj(vec![
            ("id", Value::from(seg.id.as_str())),
            ("name", Value::from(seg.name.as_str())),
            ("member", Value::from(self.segments.iter().any(|s| s == id))),
            ("explanation", seg.condition.explain(&doc).to_json()),
        ]))
    }

    /// Whether this visitor is in the holdout group (sees original orders everywhere).
    pub fn in_holdout(&self) -> bool {
        let bucket = digest(&format!("holdout:{}", self.profile.id)) % 10_000;
        f64::from(bucket) < self.config.holdout_percent * 100.0
    }

    /// Ranks `items` of `widget` for this visitor, with every rule's part in each score (the
    /// original order for held-out visitors).
    pub fn rank(&self, widget: &str, items: &[RankItem], now: i64) -> Ranking {
        self.ranking(widget, items, now, true)
    }

    /// Ranks `items` of `widget` for this visitor, the order only (no explanations: faster).
    pub fn order(&self, widget: &str, items: &[RankItem], now: i64) -> Ranking {
        self.ranking(widget, items, now, false)
    }

    fn ranking(&self, widget: &str, items: &[RankItem], now: i64, explain: bool) -> Ranking {
        if self.in_holdout() {
            return Ranking::original(items);
        }
        let visitor = Visitor {
            profile: &self.profile,
            segments: &self.segments,
            config: &self.config,
            now,
            explain,
        };
        rank::rank(self.config.strategy(widget), items, &visitor)
    }

    /// Whether a widget on screen may move right after an event.
    pub fn reorder_while_visible(&self, widget: &str) -> bool {
        self.config.strategy(widget).reorder_while_visible
    }

    /// The variant of content slot `slot` to show: the highest-priority segment's, else the default.
    pub fn variant(&self, slot: &str) -> Option<String> {
        let s = self.config.content.get(slot)?;
        let priority = |id: &String| {
            self.config
                .segments
                .iter()
                .find(|s| s.id == *id)
                .map_or(f64::MIN, |s| s.priority)
        };
        let mut best: Option<(&str, f64)> = None;
        for v in &s.variants {
            let p = v
                .segments
                .iter()
                .filter(|id| self.segments.contains(id))
                .map(priority)
                .fold(f64::NEG_INFINITY, f64::max);
            if p > f64::NEG_INFINITY && best.is_none_or(|(_, b)| p > b) {
                best = Some((&v.show, p));
            }
        }
        Some(best.map_or(s.default.clone(), |(v, _)| v.to_string()))
    }

    /// Counts an exposure (`outcome` 0), click (1) or add-to-cart (2) of a personalized or held-out widget.
    pub fn count_exposure(&mut self, personalized: bool, outcome: usize) {
        self.apply_exposure(personalized, outcome);
        self.pending.push(Change::Exposure {
            personalized,
            outcome,
        });
    }

    fn apply_exposure(&mut self, personalized: bool, outcome: usize) {
        let r = &mut self.profile.report;
        let c = if personalized { &mut r.p } else { &mut r.h };
        if let Some(x) = c.get_mut(outcome) {
            *x = x.saturating_add(1);
        }
    }

    /// The stored form of the profile (to write: then call `saved`).
    pub fn snapshot(&self) -> String {
        if !self.dirty() {
            return snapshot::encode(&self.profile);
        }
        let mut p = self.profile.clone();
        p.writes.note(&self.writer, self.seq + 1, self.clock);
        snapshot::encode(&p)
    }

    /// Whether there are changes not yet written.
    pub fn dirty(&self) -> bool {
        !self.pending.is_empty() || self.rewrite
    }

    /// Rebuilds the profile from what storage holds now (another tab may have written) plus
    /// this tab's changes that it lacks, so no tab loses or double-counts an event.
    pub fn rebase(&mut self, stored: &str, now: i64) -> Result<Update, DecodeError> {
        let mut base = snapshot::decode(stored, now, &self.config)?;
        base.writes.expire(now);
        self.profile = base;
        self.written.retain(|w| now - w.at <= writes::KEEP_MS);
        // Writes of this tab that a tab working from an older copy overwrote: again.
        let lost: Vec<Change> = self
            .written
            .iter()
            .filter(|w| !self.profile.writes.holds(&self.writer, w.seq))
            .flat_map(|w| w.changes.iter().cloned())
            .collect();
        self.rewrite = !lost.is_empty();
        for c in lost.into_iter().chain(self.pending.clone()) {
            self.replay(c);
        }
        // A replayed change may be older than the retention by now.
        self.profile.purge(now, &self.config);
        Ok(self.reevaluate(now))
    }

    fn replay(&mut self, c: Change) {
        match c {
            Change::Event(e, t) => {
                self.profile.record(&e, t, &self.config);
            }
            Change::Prefs(p) => self.profile.prefs = p,
            Change::Exposure {
                personalized,
                outcome,
            } => self.apply_exposure(personalized, outcome),
        }
    }

    /// Marks every change as written (the text of the latest `snapshot` is in storage).
    pub fn saved(&mut self) {
        if !self.dirty() {
            return;
        }
        self.seq += 1;
        self.rewrite = false;
        let changes = std::mem::take(&mut self.pending);
        if !changes.is_empty() {
            self.written.push(Written {
                seq: self.seq,
                at: self.clock,
                changes,
            });
        }
        self.profile.writes.note(&self.writer, self.seq, self.clock);
        self.profile.writes.expire(self.clock);
    }

    /// Forgets everything about the visitor; `new_id` becomes their new random id.
    pub fn forget(&mut self, new_id: &str, now: i64) -> Update {
        self.profile = Profile::new(new_id);
        self.pending.clear();
        self.written.clear();
        self.rewrite = false;
        self.attrs.clear();
        self.reevaluate(now)
    }

    /// Purges what has outlived the retention.
    pub fn purge(&mut self, now: i64) {
        self.profile.purge(now, &self.config);
    }
}

fn check_size(m: &Map<String, Value>, what: &str) -> Result<(), String> {
    let n = Value::Object(m.clone()).to_string().len();
    if n > MAX_ATTRS_LEN {
        return Err(format!(
            "{what} are {n} characters as JSON; at most {MAX_ATTRS_LEN} are accepted"
        ));
    }
    Ok(())
}
