//! Time-bucketed totals of one config feature, bounded by its window.
//!
//! A window of up to 31 days keeps one bucket per UTC day ("7d" = today and the 6 days
//! before); longer windows and `all` use buckets of several days (at most 31 buckets);
//! hour windows keep one bucket per hour; `session` keeps one running total.

pub use crate::core::num::round2;

/// How far back a feature looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    /// The current session only.
    Session,
    /// Everything kept (up to the retention).
    All,
    /// The last n hours.
    Hours(u32),
    /// The last n days.
    Days(u32),
}

/// Longest window in hours.
pub const MAX_HOURS: u32 = 72;

/// One hour in ms.
pub const HOUR: i64 = 3_600_000;
/// One day in ms.
pub const DAY: i64 = 24 * HOUR;
/// Most buckets one feature keeps.
pub const MAX_BUCKETS: i64 = 31;

/// Stored totals of one feature.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counts {
    /// Digest of the feature's definition these totals were counted for.
    pub sig: u32,
    /// Bucket index (time / unit) of `b[0]`.
    pub base: i64,
    /// Totals per bucket.
    pub b: Vec<f64>,
    /// Session the running total belongs to.
    pub sid: u32,
    /// Running total of that session.
    pub s: f64,
}

/// Bucket size (ms) and bucket count for a window.
fn layout(w: Window, retention_days: u32) -> (i64, i64) {
    let days = |n: i64| {
        let k = (n + MAX_BUCKETS - 1) / MAX_BUCKETS;
        (k * DAY, (n + k - 1) / k)
    };
    match w {
        Window::Session => (0, 0),
        Window::Hours(n) => (HOUR, i64::from(n)),
        Window::Days(n) => days(i64::from(n)),
        Window::All => days(i64::from(retention_days)),
    }
}

impl Counts {
    /// Adds `amount` at `now` in session `session`.
    pub fn add(&mut self, w: Window, retention_days: u32, now: i64, session: u32, amount: f64) {
        if w == Window::Session {
            if self.sid != session {
                self.sid = session;
                self.s = 0.0;
            }
            self.s = round2(self.s + amount);
            return;
        }
        let (unit, n) = layout(w, retention_days);
        let idx = now.div_euclid(unit);
        if self.b.is_empty() {
            self.base = idx;
            self.b.push(0.0);
        }
        if idx < self.base {
            if self.base - idx >= n {
                return; // older than the window can ever see
            }
            let pad = (self.base - idx) as usize;
            let mut b = vec![0.0; pad];
            b.extend_from_slice(&self.b);
            self.b = b;
            self.base = idx;
        }
        let at = (idx - self.base) as usize;
        if at >= self.b.len() {
            self.b.resize(at + 1, 0.0);
        }
        self.b[at] = round2(self.b[at] + amount);
        self.trim(unit, n, idx);
    }

    /// Drops buckets that have left the window as of bucket `idx`.
    fn trim(&mut self, _unit: i64, n: i64, idx: i64) {
        let first = idx - n + 1;
        if self.base < first {
            let drop = ((first - self.base) as usize).min(self.b.len());
            self.b.drain(..drop);
            self.base = first;
        }
        while self.b.len() > n as usize {
            self.b.remove(0);
            self.base += 1;
        }
        while self.b.last() == Some(&0.0) && self.b.len() > 1 {
            self.b.pop();
        }
        if self.b.iter().all(|x| *x == 0.0) {
            self.b.clear();
        }
    }

    /// The total over the window as of `now`, in session `session`.
    pub fn value(&self, w: Window, retention_days: u32, now: i64, session: u32) -> f64 {
        if w == Window::Session {
            return if self.sid == session { self.s } else { 0.0 };
        }
        let (unit, n) = layout(w, retention_days);
        let idx = now.div_euclid(unit);
        let first = idx - n + 1;
        let total: f64 = self
            .b
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                let j = self.base + *i as i64;
                j >= first && j <= idx
            })
            .map(|(_, x)| *x)
            .sum();
        round2(total)
    }

    /// The earliest time whose passing out of the retention drops a bucket: the end of the
    /// oldest bucket (None without buckets).
    pub fn oldest(&self, w: Window, retention_days: u32) -> Option<i64> {
        if w == Window::Session || self.b.is_empty() {
            return None;
        }
        let (unit, _) = layout(w, retention_days);
        Some((self.base + 1) * unit - 1)
    }

    /// Forgets everything before `cutoff` (ms); session totals are kept.
    pub fn purge(&mut self, w: Window, retention_days: u32, cutoff: i64) {
        if w == Window::Session || self.b.is_empty() {
            return;
        }
        let (unit, _) = layout(w, retention_days);
        let first = cutoff.div_euclid(unit);
        if self.base < first {
            let drop = ((first - self.base) as usize).min(self.b.len());
            self.b.drain(..drop);
            self.base = first;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seven_days_means_today_and_the_six_before() {
        let w = Window::Days(7);
        let mut c = Counts::default();
        for day in 0..10 {
            c.add(w, 90, day * DAY + HOUR, 1, 1.0);
        }
        assert_eq!(c.value(w, 90, 9 * DAY + 2 * HOUR, 1), 7.0);
        assert_eq!(c.value(w, 90, 12 * DAY, 1), 4.0);
        assert_eq!(c.value(w, 90, 30 * DAY, 1), 0.0);
        assert!(c.b.len() <= 7);
    }

    #[test]
    fn hours_and_sessions() {
        let mut c = Counts::default();
        c.add(Window::Hours(2), 90, 0, 1, 2.0);
        c.add(Window::Hours(2), 90, HOUR, 1, 3.0);
        assert_eq!(c.value(Window::Hours(2), 90, HOUR, 1), 5.0);
        assert_eq!(c.value(Window::Hours(2), 90, 2 * HOUR, 1), 3.0);
        let mut s = Counts::default();
        s.add(Window::Session, 90, 0, 1, 1.0);
        s.add(Window::Session, 90, 0, 1, 1.0);
        assert_eq!(s.value(Window::Session, 90, 0, 1), 2.0);
        assert_eq!(s.value(Window::Session, 90, 0, 2), 0.0);
        s.add(Window::Session, 90, 0, 2, 1.0);
        assert_eq!(s.value(Window::Session, 90, 0, 2), 1.0);
    }

    #[test]
    fn long_windows_stay_bounded() {
        let w = Window::Days(90);
        let mut c = Counts::default();
        for h in 0..(200 * 24) {
            c.add(w, 90, h * HOUR, 1, 1.0);
        }
        assert!(c.b.len() <= MAX_BUCKETS as usize);
        let v = c.value(w, 90, 200 * 24 * HOUR - 1, 1);
        assert!((v - 90.0 * 24.0).abs() <= 3.0 * 24.0, "{v}");
    }

    #[test]
    fn late_events_inside_the_window_still_count() {
        let w = Window::Days(7);
        let mut c = Counts::default();
        c.add(w, 90, 5 * DAY, 1, 1.0);
        c.add(w, 90, 3 * DAY, 1, 1.0);
        c.add(w, 90, -20 * DAY, 1, 1.0);
        assert_eq!(c.value(w, 90, 5 * DAY, 1), 2.0);
    }
}
