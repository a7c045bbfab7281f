//! Sessions as analytics tools define them: 30 minutes of inactivity or a new campaign ends one.

use super::Profile;
use crate::core::event::{PageFacts, MAX_TEXT_LEN};
use crate::core::json::Obj;

/// Most session start times remembered (for session frequency).
pub const STARTS_CAP: usize = 32;

/// The current session.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Session {
    /// Session number: 1 for the first visit, and the visit count.
    pub n: u32,
    /// Start (ms).
    pub start: i64,
    /// Latest activity (ms).
    pub last: i64,
    /// Page views in this session.
    pub pages: u32,
    /// Events in this session.
    pub events: u32,
    /// Latest activity of the session before this one (ms; 0 on a first visit).
    pub prev: i64,
    /// Path of the first page.
    pub landing: String,
    /// Host of the referring site, if another site.
    pub referrer: Option<String>,
    /// Campaign parameters the session started with.
    pub utm: Obj,
}

const SEARCH_ENGINES: [&str; 8] = [
    "google.",
    "bing.",
    "duckduckgo.",
    "yahoo.",
    "baidu.",
    "yandex.",
    "ecosia.",
    "qwant.",
];

impl Session {
    /// How the visitor arrived: `campaign`, `search`, `referral` or `direct`.
    pub fn source(&self) -> &'static str {
        if !self.utm.is_empty() {
            "campaign"
        } else if let Some(r) = &self.referrer {
            if SEARCH_ENGINES.iter().any(|s| r.contains(s)) {
                "search"
            } else {
                "referral"
            }
        } else {
            "direct"
        }
    }
}

/// `s` cut to the longest text kept.
fn cut(s: &str) -> String {
    s.chars().take(MAX_TEXT_LEN).collect()
}

impl Profile {
    /// Marks activity at `now`; starts a new session after `timeout_ms` of inactivity or
    /// when `page` brings a different campaign. Returns whether a session started.
    pub fn touch(&mut self, now: i64, page: Option<&PageFacts>, timeout_ms: i64) -> bool {
        // A page view older than the session (replayed from another tab) starts nothing.
        let late = now < self.session.start;
        let now = now.max(self.last);
        let new_campaign =
            !late && page.is_some_and(|p| !p.utm.is_empty() && p.utm != self.session.utm);
        let expired = self.session.n == 0 || now - self.session.last > timeout_ms;
        let started = expired || new_campaign;
        if started {
            self.session = Session {
                n: self.session.n + 1,
                start: now,
                last: now,
                prev: self.session.last,
                ..Session::default()
            };
            if let Some(p) = page {
                self.session.landing = cut(&p.path);
                self.session.referrer = p.referrer.as_deref().map(cut);
                self.session.utm = p.utm.clone();
            }
            self.starts.push(now);
            if self.starts.len() > STARTS_CAP {
                self.starts.remove(0);
            }
        }
        self.session.last = now;
        self.last = now;
        started
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json::Json;
    use crate::core::profile::counts::HOUR;

    fn page(utm: Json) -> PageFacts {
        PageFacts {
            path: "/".into(),
            referrer: None,
            utm: utm.as_object().cloned().unwrap_or_default(),
        }
    }

    #[test]
    fn thirty_minutes_of_quiet_ends_a_session() {
        let mut p = Profile::new("x");
        let t = 30 * 60_000;
        assert!(p.touch(0, None, t));
        assert!(!p.touch(t, None, t));
        assert!(!p.touch(2 * t, None, t));
        assert!(p.touch(3 * t + 1, None, t));
        assert_eq!((p.session.n, p.starts.len()), (2, 2));
    }

    #[test]
    fn a_new_campaign_starts_a_session() {
        let mut p = Profile::new("x");
        let t = HOUR;
        p.touch(0, Some(&page(json!({"campaign": "spring"}))), t);
        assert!(!p.touch(1000, Some(&page(json!({"campaign": "spring"}))), t));
        assert!(!p.touch(2000, Some(&page(json!({}))), t));
        assert!(p.touch(3000, Some(&page(json!({"campaign": "summer"}))), t));
        assert_eq!(p.session.source(), "campaign");
    }
}
