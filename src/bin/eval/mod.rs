//! Offline evaluation: replays real shoppers' sessions through the engine and measures how
//! much better personalized shelves predict the next viewed item than the shop's default order.

pub mod cli;
pub mod learn;
pub mod log;
pub mod related_shelf;
pub mod replay;
pub mod report;
pub mod report_learned;
pub mod report_text;
pub mod shipped;
pub mod stats;
pub mod variants;

use learn::RelParams;
use log::{Columns, Log};
use replay::{Case, Shelves, Variant};
use stats::{Lifts, Sums};
pub use variants::variants;

/// Where a strategy's relations come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rel {
    /// Co-view counts learned here (today's relations), with these settings.
    CoViews(RelParams),
    /// Set `i` of the relations learned by `shelfwise relations`.
    Learned(usize),
}

/// Rule weights of the headline strategies.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weights {
    /// `recentlyViewed` weight.
    pub recent: f64,
    /// `related` (to viewed items) weight.
    pub related: f64,
    /// `affinity` weight.
    pub affinity: f64,
}

impl Default for Weights {
    /// The engine's own default weights.
    fn default() -> Weights {
        Weights {
            recent: 5.0,
            related: 5.0,
            affinity: 10.0,
        }
    }
}

/// Everything a run is told.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// How the log's columns map to session, item, time, category, brand.
    pub columns: Columns,
    /// How shelves are drawn.
    pub shelves: Shelves,
    /// Which relations the headline strategies ship.
    pub rel: RelParams,
    /// Share of the days to learn from.
    pub learn_share: f64,
    /// Bootstrap resamples.
    pub bootstrap: usize,
    /// Weights of the headline strategies.
    pub weights: Weights,
    /// Also run the small sweep of weights and relation settings.
    pub sweep: bool,
    /// Relations learned by `shelfwise relations` from the learning days, to compare.
    pub learned: Vec<shipped::Learned>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            columns: Columns::diginetica(),
            shelves: Shelves {
                size: 20,
                pool: 1000,
                seed: 20_160_601,
            },
            rel: RelParams {
                top_n: 20,
                min_count: 1,
            },
            learn_share: 0.8,
            bootstrap: 1000,
            weights: Weights::default(),
            sweep: true,
            learned: Vec::new(),
        }
    }
}

/// Cases whose next item is the item just viewed, again.
pub const REPEAT: &str = "the item just viewed, again";
/// Cases whose next item is one viewed earlier in the session.
pub const BACK: &str = "back to an item viewed earlier in the session";
/// Cases whose next item was not yet viewed in the session.
pub const NEW: &str = "an item not yet viewed in the session";
/// Cases whose next item is related (as shipped) to something viewed.
pub const REACHABLE: &str = "reachable by a shipped relation";
/// Cases whose next item was never viewed in the learning days.
pub const COLD: &str = "never viewed in the learning days";
/// Every case except repeats of the item just viewed.
pub const NO_REPEATS: &str = "all but repeats of the item just viewed";

/// Facts about the data and the split.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DataFacts {
    /// Rows read, and rows skipped as unreadable.
    pub rows: (usize, usize),
    /// Sessions, distinct items, distinct days.
    pub sessions: usize,
    /// Distinct items.
    pub items: usize,
    /// Distinct days.
    pub days: usize,
    /// First and last learning day (`YYYY-MM-DD`), and learning sessions.
    pub learn: (String, String, usize),
    /// First and last test day, and test sessions.
    pub test: (String, String, usize),
    /// Items the shelves' other items are drawn from (the pool, or fewer if fewer were seen).
    pub pool: usize,
    /// Items with a category, with a brand.
    pub facets: (usize, usize),
    /// Items with shipped relations, relations shipped (headline settings), and items whose
    /// strongest relation was seen in a single session.
    pub relations: (usize, usize, usize),
}

/// Figures of a subset of the cases.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// What the subset is.
    pub name: &'static str,
    /// Sums per ordering (default first).
    pub sums: Vec<Sums>,
}

/// The result of a run.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The options it ran with.
    pub options: Options,
    /// The data.
    pub data: DataFacts,
    /// Strategies compared with the default order (ordering i + 1 is variant i).
    pub variants: Vec<Variant>,
    /// Every case.
    pub cases: Vec<Case>,
    /// Sums per ordering over all cases.
    pub overall: Vec<Sums>,
    /// What the same shelves would score on average in random order (a reference).
    pub random: Sums,
    /// Lifts per ordering (entry 0, the default itself, is zero).
    pub lifts: Vec<Lifts>,
    /// Figures of subsets of the cases.
    pub groups: Vec<Group>,
    /// Re-viewed targets by how far back they were seen (last bucket: that far or further).
    pub seen_at: Vec<usize>,
    /// For strategies with learned relations: the ordering they are compared with (today's
    /// relations in the same strategy) and the lifts over it.
    pub against: Vec<Option<(usize, Lifts)>>,
    /// With the primary learned set: cases whose shelf holds an item related to something
    /// viewed, and cases whose shelf holds two or more (where the scores decide between them).
    pub contested: Option<(usize, usize)>,
    /// Related shelves built from each set of relations (today's first), when sets were given.
    pub related_shelf: Vec<related_shelf::Row>,
}

fn day(d: i64) -> String {
    log::civil_from_days(d)
}

fn sums_of<'a>(cases: impl Iterator<Item = &'a Case>, orderings: usize) -> Vec<Sums> {
    let mut s = vec![Sums::default(); orderings];
    for c in cases {
        for (acc, p) in s.iter_mut().zip(&c.pos) {
            acc.add(*p);
        }
    }
    s
}

/// Runs the whole evaluation on a read log.
pub fn evaluate(log: &Log, options: &Options) -> Result<Outcome, String> {
    let split = learn::split(&log.sessions, options.learn_share);
    if split.test.is_empty() || split.learn.is_empty() {
        return Err(format!(
            "the log spans {} day(s); learning and testing each need at least one",
            split.days
        ));
    }
    let learned = learn::learn(&split.learn);
    let relations = learned.relations(options.rel);
    let category = log.catalog.values().any(|f| f.category.is_some());
    let brand = log.catalog.values().any(|f| f.brand.is_some());
    let variants = variants(options, category, brand);
    let mut cases = replay::cases(&split.test, &learned, &relations, &options.shelves);
    replay::replay(
        &split.test,
        &mut cases,
        &variants,
        &learned,
        &options.learned,
        &log.catalog,
    )?;
    let orderings = 1 + variants.len();
    let mut per_session = vec![vec![Sums::default(); orderings]; split.test.len()];
    for c in &cases {
        for (acc, p) in per_session[c.session].iter_mut().zip(&c.pos) {
            acc.add(*p);
        }
    }
    per_session.retain(|s| s[0].n > 0.0);
    let lifts = stats::lifts(
        &per_session,
        orderings,
        0,
        options.bootstrap,
        options.shelves.seed ^ 0xb007,
    );
    let against = shipped::against(&variants, &per_session, options);
    let contested = options
        .learned
        .iter()
        .position(|s| s.primary)
        .map(|i| shipped::contested(&cases, &split.test, &options.learned[i]));
    let related_shelf = if options.learned.is_empty() {
        Vec::new()
    } else {
        related_shelf::measure(
            &split.test,
            &learned,
            options.rel,
            &options.learned,
            options.bootstrap,
            options.shelves.seed ^ 0xb009,
        )?
    };
    let group = |name, f: &dyn Fn(&Case) -> bool| Group {
        name,
        sums: sums_of(cases.iter().filter(|c| f(c)), orderings),
    };
    let groups = vec![
        group(REPEAT, &|c| c.seen_at == Some(0)),
        group(BACK, &|c| c.seen_at.is_some_and(|k| k > 0)),
        group(NEW, &|c| c.seen_at.is_none()),
        group(REACHABLE, &|c| c.covered),
        group(COLD, &|c| c.cold),
        group(NO_REPEATS, &|c| c.seen_at != Some(0)),
    ];
    let mut random = Sums::default();
    cases.iter().for_each(|c| random.add_random(c.shelf.len()));
    let mut seen_at = vec![0usize; 6];
    for k in cases.iter().filter_map(|c| c.seen_at) {
        seen_at[k.min(5)] += 1;
    }
    let mut items: Vec<&str> = log
        .sessions
        .iter()
        .flat_map(|s| s.views.iter().map(|v| v.item.as_str()))
        .collect();
    items.sort_unstable();
    items.dedup();
    let data = DataFacts {
        rows: (log.rows, log.skipped),
        sessions: log.sessions.len(),
        items: items.len(),
        days: split.days,
        pool: options.shelves.pool.min(learned.by_popularity.len()),
        learn: (
            day(split.learn_days.0),
            day(split.learn_days.1),
            split.learn.len(),
        ),
        test: (
            day(split.test_days.0),
            day(split.test_days.1),
            split.test.len(),
        ),
        facets: (
            log.catalog
                .values()
                .filter(|f| f.category.is_some())
                .count(),
            log.catalog.values().filter(|f| f.brand.is_some()).count(),
        ),
        relations: (
            relations.len(),
            relations.values().map(Vec::len).sum(),
            relations
                .values()
                .filter(|l| l.first().is_some_and(|(_, c)| *c == 1))
                .count(),
        ),
    };
    Ok(Outcome {
        options: options.clone(),
        data,
        overall: sums_of(cases.iter(), orderings),
        random,
        variants,
        cases,
        lifts,
        groups,
        seen_at,
        against,
        contested,
        related_shelf,
    })
}
