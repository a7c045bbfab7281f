//! Figures: HitRate@k and MRR per ordering, lifts over the default order, and bootstrap
//! intervals from resampling whole sessions (cases of one session are not independent).

/// A small reproducible random generator (SplitMix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

/// The cutoff of HitRate@k.
pub const HIT_AT: usize = 4;

/// Sums of one ordering over some cases.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sums {
    /// Cases.
    pub n: f64,
    /// Cases with the next item in the first [`HIT_AT`] places.
    pub hits: f64,
    /// Sum of 1 / (1-based place of the next item).
    pub rr: f64,
}

impl Sums {
    /// Adds one case where the next item landed at 0-based `pos`.
    pub fn add(&mut self, pos: usize) {
        self.n += 1.0;
        if pos < HIT_AT {
            self.hits += 1.0;
        }
        self.rr += 1.0 / (pos as f64 + 1.0);
    }

    /// Adds what a shelf of `n` items in random order scores on average.
    pub fn add_random(&mut self, n: usize) {
        if n == 0 {
            return;
        }
        self.n += 1.0;
        self.hits += HIT_AT.min(n) as f64 / n as f64;
        self.rr += (1..=n).map(|p| 1.0 / p as f64).sum::<f64>() / n as f64;
    }

    fn plus(&mut self, o: &Sums) {
        self.n += o.n;
        self.hits += o.hits;
        self.rr += o.rr;
    }

    /// HitRate@[`HIT_AT`] (0 without cases).
    pub fn hit_rate(&self) -> f64 {
        if self.n > 0.0 {
            self.hits / self.n
        } else {
            0.0
        }
    }

    /// Mean reciprocal rank (0 without cases).
    pub fn mrr(&self) -> f64 {
        if self.n > 0.0 {
            self.rr / self.n
        } else {
            0.0
        }
    }
}

/// One metric's lift of an ordering over the default order.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Lift {
    /// Ordering minus default.
    pub abs: f64,
    /// Ordering / default − 1 (None when the default scores 0).
    pub rel: Option<f64>,
    /// 95% bootstrap interval of `abs`.
    pub ci: (f64, f64),
    /// 95% bootstrap interval of `rel`.
    pub rel_ci: Option<(f64, f64)>,
}

/// Lifts of HitRate@k and MRR.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Lifts {
    /// HitRate lift.
    pub hit_rate: Lift,
    /// MRR lift.
    pub mrr: Lift,
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn interval(mut xs: Vec<f64>) -> (f64, f64) {
    xs.sort_by(f64::total_cmp);
    (percentile(&xs, 0.025), percentile(&xs, 0.975))
}

fn lift(ordering: f64, default: f64, abs: Vec<f64>, rel: Vec<f64>) -> Lift {
    let has_rel = default > 0.0 && !rel.is_empty();
    Lift {
        abs: ordering - default,
        rel: (default > 0.0).then(|| ordering / default - 1.0),
        ci: interval(abs),
        rel_ci: has_rel.then(|| interval(rel)),
    }
}

/// Lifts of every ordering over ordering `base` (0: the default order), with intervals from
/// `rounds` resamples of sessions (paired: each resample scores every ordering on the same
/// sessions); `per_session[s][o]` holds session `s`'s sums for ordering `o`.
pub fn lifts(
    per_session: &[Vec<Sums>],
    orderings: usize,
    base: usize,
    rounds: usize,
    seed: u64,
) -> Vec<Lifts> {
    let total = |rows: &mut dyn Iterator<Item = &Vec<Sums>>| {
        let mut t = vec![Sums::default(); orderings];
        for row in rows {
            for (acc, s) in t.iter_mut().zip(row) {
                acc.plus(s);
            }
        }
        t
    };
    let whole = total(&mut per_session.iter());
    let mut rng = Rng::new(seed);
    let mut samples: Vec<[Vec<f64>; 4]> = (0..orderings).map(|_| Default::default()).collect();
    if !per_session.is_empty() {
        for _ in 0..rounds {
            let t = total(
                &mut (0..per_session.len()).map(|_| &per_session[rng.below(per_session.len())]),
            );
            let (dh, dm) = (t[base].hit_rate(), t[base].mrr());
            for (o, s) in t.iter().enumerate() {
                let x = &mut samples[o];
                x[0].push(s.hit_rate() - dh);
                x[1].push(s.mrr() - dm);
                if dh > 0.0 {
                    x[2].push(s.hit_rate() / dh - 1.0);
                }
                if dm > 0.0 {
                    x[3].push(s.mrr() / dm - 1.0);
                }
            }
        }
    }
    samples
        .into_iter()
        .enumerate()
        .map(|(o, [ah, am, rh, rm])| Lifts {
            hit_rate: lift(whole[o].hit_rate(), whole[base].hit_rate(), ah, rh),
            mrr: lift(whole[o].mrr(), whole[base].mrr(), am, rm),
        })
        .collect()
}
