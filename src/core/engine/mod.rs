//! The engine: one visitor's profile under one compiled program, kept up to date event by event.
//!
//! After an event the engine computes again only the attribute slots whose parts of the
//! visitor's data changed, evaluates only the segments whose slots (or earlier segments)
//! changed, and says which parts changed, so the shell re-orders only the widgets whose
//! strategy reads them ([`Engine::may_reorder`]).

mod merge;
mod ranking;

use crate::cat;
use crate::core::attributes::{self, Context, Sources};
use crate::core::config::digest;
use crate::core::error::Error;
use crate::core::event::Event;
use crate::core::gather::Gather;
use crate::core::json::{Json, Obj};
use crate::core::parts::{FeatureSet, Parts};
use crate::core::profile::counts::HOUR;
use crate::core::profile::Profile;
use crate::core::program::Program;
use merge::{Change, Written};
use ranking::Ranker;
use std::cell::{Cell, RefCell};

/// What a call changed: whether the event counted, the segments entered and left, and the
/// parts of the visitor's data that changed.
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
    /// The parts of the visitor's data that changed.
    pub changed: Parts,
}

impl Update {
    /// Adds what `other` changed to this update (for updates gathered before one re-order).
    pub fn merge(&mut self, other: &Update) {
        self.counted |= other.counted;
        self.new_session |= other.new_session;
        self.changed |= other.changed;
        for s in &other.entered {
            if !self.entered.contains(s) {
                self.entered.push(s.clone());
            }
        }
        for s in &other.left {
            if !self.left.contains(s) {
                self.left.push(s.clone());
            }
        }
    }

    /// The change from segments `before` to segments `after` (nothing recorded).
    pub fn between(before: &[String], after: &[String]) -> Update {
        Update {
            counted: true,
            entered: after
                .iter()
                .filter(|s| !before.contains(s))
                .cloned()
                .gather(),
            left: before
                .iter()
                .filter(|s| !after.contains(s))
                .cloned()
                .gather(),
            ..Update::default()
        }
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.entered.is_empty() && self.left.is_empty()
    }

    /// An update that may have changed everything (a profile read or forgotten).
    pub fn everything() -> Update {
        Update {
            counted: true,
            changed: Parts::ALL,
            ..Update::default()
        }
    }
}

/// Most shop-supplied or shopper-stated attributes, as JSON characters.
pub const MAX_ATTRS_LEN: usize = 4096;

static ENGINES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// One visitor's engine.
pub struct Engine {
    program: Program,
    profile: Profile,
    ctx: Context,
    attrs: Obj,
    /// Attribute values by slot of the program (None: not present).
    slots: Vec<Option<Json>>,
    /// Membership by segment of the program.
    members: Vec<bool>,
    /// Current segment ids, in evaluation order.
    current: Vec<String>,
    /// When the slots were last computed (None: never).
    evaluated_at: Option<i64>,
    /// The catalog and the visitor as ranking sees them.
    ranker: RefCell<Ranker>,
    /// Changes not yet written, replayed onto what another tab stored.
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
    /// Digest of the text the latest [`Engine::snapshot`] produced.
    snap: Cell<Option<u64>>,
    /// Digest of the text this engine last wrote: storage still holding it has nothing new.
    last_write: Option<u64>,
    /// The visitor's id is kept from page to page (storage may be used).
    id_kept: bool,
    /// Until this time (ms) nothing kept is older than the retention: purging finds nothing.
    purge_due: i64,
}

impl Engine {
    /// An engine for `profile` under `program` on the page described by `ctx`, at `now`.
    pub fn new(program: Program, mut profile: Profile, ctx: Context, now: i64) -> Engine {
        profile.purge(now, &program.rules);
        let mut e = Engine {
            slots: vec![None; program.slots.len()],
            members: vec![false; program.segments.len()],
            program,
            profile,
            ctx,
            attrs: Obj::new(),
            current: Vec::new(),
            evaluated_at: None,
            ranker: RefCell::new(Ranker::default()),
            pending: Vec::new(),
            writer: cat!(
                'e',
                ENGINES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            ),
            seq: 0,
            written: Vec::new(),
            rewrite: false,
            clock: now,
            snap: Cell::new(None),
            last_write: None,
            id_kept: true,
            purge_due: i64::MIN,
        };
        e.purged();
        e.evaluate(now, Parts::ALL, FeatureSet::ALL);
        e
    }

    /// Names this engine among the tabs that write the same storage (a random id per page;
    /// two tabs must never share one).
    pub fn set_writer(&mut self, id: &str) {
        self.writer = id.to_string();
    }

    /// The program the engine runs on.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// The profile as it is now.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The page and device the engine was told of.
    pub fn context(&self) -> &Context {
        &self.ctx
    }

    fn changed(&mut self, parts: Parts) {
        self.ranker.get_mut().changed(parts);
    }

    /// Records an event at `now` and evaluates the segments it may have changed.
    pub fn track(&mut self, mut event: Event, now: i64) -> Update {
        self.relations_seen(&mut event);
        let r = self.profile.record(&event, now, &self.program.rules);
        if !r.counted {
            return Update::default();
        }
        self.pending.push(Change::Event(event, now));
        // What the event added is at most as old as `now`.
        self.purge_due = self
            .purge_due
            .min(now.saturating_add(self.program.rules.retention_ms()));
        self.changed(r.touched);
        let (entered, left) = self.evaluate(now, r.touched, r.features);
        Update {
            counted: true,
            new_session: r.new_session,
            entered,
            left,
            changed: r.touched,
        }
    }

    /// Replaces what the shop supplies about the visitor (`attrs.*`); not stored.
    pub fn set_attributes(&mut self, attrs: Obj, now: i64) -> Result<Update, Error> {
        check_size(&attrs, "attributes")?;
        self.attrs = attrs;
        Ok(self.reevaluate(now, Parts::ATTRS))
    }

    /// Replaces the shopper's stated preferences (`prefs.*`); stored.
    pub fn set_preferences(&mut self, prefs: Obj, now: i64) -> Result<Update, Error> {
        check_size(&prefs, "preferences")?;
        self.profile.prefs = prefs.clone();
        self.pending.push(Change::Prefs(prefs));
        Ok(self.reevaluate(now, Parts::PREFS))
    }

    /// The page and device changed (a route of a single-page app, a resize).
    pub fn set_context(&mut self, ctx: Context, now: i64) -> Update {
        self.ctx = ctx;
        self.reevaluate(now, Parts::CONTEXT)
    }

    /// Evaluates again what may have changed with time alone (the clock moved on).
    pub fn refresh(&mut self, now: i64) -> Update {
        self.reevaluate(now, Parts::NONE)
    }

    fn reevaluate(&mut self, now: i64, parts: Parts) -> Update {
        self.changed(parts);
        let (entered, left) = self.evaluate(now, parts, FeatureSet::ALL);
        Update {
            counted: true,
            new_session: false,
            entered,
            left,
            changed: parts,
        }
    }

    /// Computes the slots whose parts changed (all of them at `now` if time moved) and
    /// evaluates the segments that read changed slots; returns the segments (entered, left).
    /// A feature's slot is computed again only when `features` holds it, the hour moved on or a
    /// session began.
    fn evaluate(
        &mut self,
        now: i64,
        parts: Parts,
        features: FeatureSet,
    ) -> (Vec<String>, Vec<String>) {
        self.clock = self.clock.max(now);
        let first = self.evaluated_at.is_none();
        let mut parts = parts;
        if self.evaluated_at != Some(now) {
            parts |= Parts::TIME;
        }
        if self.evaluated_at.map(|t| t.div_euclid(HOUR)) != Some(now.div_euclid(HOUR)) {
            parts |= Parts::HOUR;
        }
        self.evaluated_at = Some(now);
        let src = Sources {
            profile: &self.profile,
            ctx: &self.ctx,
            attrs: &self.attrs,
            rules: &self.program.rules,
            now,
        };
        // Parts that move every feature (the counts themselves move only for `features`).
        let windows = parts.without(Parts::FEATURES);
        let mut fresh = vec![first; self.program.slots.len()];
        for (i, slot) in self.program.slots.iter().enumerate() {
            let due = match slot.feature() {
                Some(f) => {
                    slot.reads.meets(windows) || (parts.meets(Parts::FEATURES) && features.has(f))
                }
                None => slot.reads.meets(parts),
            };
            if slot.is_segments() || !(first || due) {
                continue;
            }
            if slot.refresh(&src, &mut self.slots[i]) {
                fresh[i] = true;
            }
        }
        let (mut entered, mut left) = (Vec::new(), Vec::new());
        let mut moved = false;
        for k in 0..self.program.segments.len() {
            let seg = &self.program.segments[k];
            let mut dirty = first || seg.slots.iter().any(|s| fresh[*s as usize]);
            // A segment reading `segments` has slots of its own holding the segments before it
            // that the visitor is in: they change only when one of those was entered or left.
            if seg.reads_segments && (first || moved) {
                for s in &seg.slots {
                    let slot = &self.program.slots[*s as usize];
                    if slot.is_segments() {
                        let ids = self.program.segments[..k]
                            .iter()
                            .zip(&self.members)
                            .filter(|(_, m)| **m)
                            .map(|(s, _)| s.id.as_str());
                        dirty |= slot.set_segments(&mut self.slots[*s as usize], ids);
                    }
                }
            }
            if !dirty {
                continue;
            }
            let member = self.program.conds.eval(seg.cond, &self.slots);
            if member != self.members[k] {
                self.members[k] = member;
                moved = true;
                if member {
                    entered.push(seg.id.clone());
                } else {
                    left.push(seg.id.clone());
                }
            }
        }
        if moved {
            self.current = self.members_ids();
        }
        (entered, left)
    }

    /// The ids of the segments `members` marks, in evaluation order.
    fn members_ids(&self) -> Vec<String> {
        self.program
            .segments
            .iter()
            .zip(&self.members)
            .filter(|(_, m)| **m)
            .map(|(s, _)| s.id.clone())
            .gather()
    }

    /// The attribute values the program's slots hold now (None: not present).
    pub fn slot_values(&self) -> &[Option<Json>] {
        &self.slots
    }

    /// Current segment ids, in evaluation order.
    pub fn segments(&self) -> &[String] {
        &self.current
    }

    /// Whether the visitor is in segment `id`.
    pub fn is_member(&self, id: &str) -> bool {
        self.current.iter().any(|s| s == id)
    }

    /// The full attributes document conditions see, segments included.
    pub fn attributes(&self, now: i64) -> Json {
        let src = Sources {
            profile: &self.profile,
            ctx: &self.ctx,
            attrs: &self.attrs,
            rules: &self.program.rules,
            now,
        };
        let mut d = attributes::document(&src);
        d.insert(
            "segments",
            Json::strings(self.current.iter().map(String::as_str)),
        );
        Json::Obj(d)
    }

    /// Takes the segment membership and id keeping of an engine being explained: tools
    /// rebuild the engine from its stored profile, and the page context and attributes that
    /// decided its segments stay behind.
    #[cfg(feature = "tooling")]
    pub fn assume(&mut self, segments: &[String], id_kept: bool) {
        self.members = self
            .program
            .segments
            .iter()
            .map(|s| segments.contains(&s.id))
            .gather();
        self.current = self.members_ids();
        self.id_kept = id_kept;
        self.changed(Parts::ALL);
    }

    /// Tells the engine whether the visitor's id is kept from page to page (storage may be
    /// used). Without a kept id the visitor is never held out: a draw made again on every page
    /// would move one visitor between groups. Returns whether that changed anything.
    pub fn set_id_kept(&mut self, kept: bool) -> bool {
        let before = self.in_holdout();
        self.id_kept = kept;
        let changed = before != self.in_holdout();
        if changed {
            self.changed(Parts::ID);
        }
        changed
    }

    /// Whether the visitor's id is kept from page to page.
    pub fn id_kept(&self) -> bool {
        self.id_kept
    }

    /// Whether this visitor is in the holdout group (sees original orders everywhere). Only a
    /// visitor whose id is kept is ever held out.
    pub fn in_holdout(&self) -> bool {
        if !self.id_kept {
            return false;
        }
        let bucket = digest(&cat!("holdout:", self.profile.id)) % 10_000;
        f64::from(bucket) < self.program.holdout_percent * 100.0
    }

    /// Whether the order of `widget` may differ after `u` (its strategy reads what changed, or
    /// targets a segment entered or left).
    pub fn may_reorder(&self, widget: &str, u: &Update) -> bool {
        let s = self.program.strategy(widget);
        s.reads().meets(u.changed) || u.entered.iter().chain(&u.left).any(|id| s.targets(id))
    }

    /// The widgets whose ranking may differ after `u`: the configured widget ids whose
    /// strategy reads what changed, and whether the default strategy's rankings (any widget id
    /// the config does not name) may too. Framework bindings re-rank only these.
    pub fn rankings_changed(&self, u: &Update) -> (Vec<&str>, bool) {
        let moved = |s: &crate::core::program::Strategy| {
            s.reads().meets(u.changed) || u.entered.iter().chain(&u.left).any(|id| s.targets(id))
        };
        let ids = self
            .program
            .widgets
            .iter()
            .filter(|(_, s)| moved(s))
            .map(|(id, _)| id.as_str())
            .gather();
        (ids, moved(&self.program.default_strategy))
    }

    /// Whether a widget on screen may move right after an event (or its first order, when the
    /// page showed it before the engine started).
    pub fn reorder_while_visible(&self, widget: &str) -> bool {
        self.program.strategy(widget).reorder_while_visible
    }

    /// The variant of content slot `slot` to show: the highest-priority segment's, else the
    /// default (None: no such slot).
    pub fn variant(&self, slot: &str) -> Option<&str> {
        let s = self.program.content(slot)?;
        let priority = |id: &String| {
            self.program
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
                .filter(|id| self.is_member(id))
                .map(priority)
                .fold(f64::NEG_INFINITY, f64::max);
            if p > f64::NEG_INFINITY && best.is_none_or(|(_, b)| p > b) {
                best = Some((&v.show, p));
            }
        }
        Some(best.map_or(s.default.as_str(), |(v, _)| v))
    }

    /// Counts an exposure (`outcome` 0), click (1) or add-to-cart (2) of a personalized or
    /// held-out widget.
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

    /// Forgets everything about the visitor; `new_id` becomes their new random id.
    pub fn forget(&mut self, new_id: &str, now: i64) -> Update {
        self.profile = Profile::new(new_id);
        self.purged();
        self.pending.clear();
        self.written.clear();
        self.rewrite = false;
        self.last_write = None;
        self.attrs = Obj::new();
        self.reevaluate(now, Parts::ALL)
    }

    /// Purges what has outlived the retention (and evaluates what that changed).
    pub fn purge(&mut self, now: i64) -> Update {
        if now <= self.purge_due {
            return Update::default();
        }
        let parts = self.profile.purge(now, &self.program.rules);
        self.purged();
        if parts.is_empty() {
            return Update::default();
        }
        self.reevaluate(now, parts)
    }

    /// Notes when purging the profile as it is now could next change something.
    pub(super) fn purged(&mut self) {
        let rules = &self.program.rules;
        self.purge_due = self
            .profile
            .oldest(rules)
            .saturating_add(rules.retention_ms());
    }
}

fn check_size(m: &Obj, what: &str) -> Result<(), Error> {
    let n = Json::Obj(m.clone()).to_text().len();
    if n > MAX_ATTRS_LEN {
        return Err(Error::Input(cat!(
            what,
            " are ",
            n,
            " characters as JSON; at most ",
            MAX_ATTRS_LEN,
            " are accepted"
        )));
    }
    Ok(())
}
