//! The event rate limit, as Datadog's SDK has it: at most 3,000 errors and 3,000 actions a
//! minute, so an error loop in the app cannot flood the intake (or the user's bandwidth). What is
//! dropped is counted, and each minute that dropped something is reported once. Views and
//! resources are not limited (Datadog does not limit them either: views must reach the intake,
//! and resources follow the page's own requests).

use crate::prelude::*;

/// Events of one kind admitted per window.
pub const EVENT_RATE_LIMIT: u32 = 3000;
pub const WINDOW_MS: f64 = 60_000.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limited {
    Error = 0,
    Action = 1,
}

impl Limited {
    pub fn plural(self) -> &'static str {
        match self {
            Limited::Error => "errors",
            Limited::Action => "actions",
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Window {
    start: f64,
    count: u32,
    dropped: u32,
}

#[derive(Debug, Default)]
pub struct RateLimit {
    windows: [Window; 2],
    /// Windows that ended having dropped events, not reported yet.
    ended: Vec<(Limited, u32)>,
}

impl RateLimit {
    /// Whether an event of `kind` at `at` (epoch ms) may go; a `false` is counted.
    pub fn admit(&mut self, kind: Limited, at: f64) -> bool {
        self.roll(kind, at);
        let w = &mut self.windows[kind as usize];
        if w.count == 0 {
            w.start = at;
        }
        if w.count < EVENT_RATE_LIMIT {
            w.count += 1;
            true
        } else {
            w.dropped += 1;
            false
        }
    }

    /// Closes `kind`'s window if it ended by `at`, keeping its drop count for the report.
    fn roll(&mut self, kind: Limited, at: f64) {
        let w = &mut self.windows[kind as usize];
        if w.count > 0 && at >= w.start + WINDOW_MS {
            if w.dropped > 0 {
                self.ended.push((kind, w.dropped));
            }
            *w = Window::default();
        }
    }

    /// The windows that ended by `now` having dropped events: each kind with its count, once.
    pub fn take_reports(&mut self, now: f64) -> Vec<(Limited, u32)> {
        self.roll(Limited::Error, now);
        self.roll(Limited::Action, now);
        core::mem::take(&mut self.ended)
    }

    /// When the next report is due (epoch ms); `INFINITY` when nothing was dropped.
    pub fn deadline(&self) -> f64 {
        if !self.ended.is_empty() {
            return f64::NEG_INFINITY;
        }
        self.windows
            .iter()
            .filter(|w| w.dropped > 0)
            .map(|w| w.start + WINDOW_MS)
            .fold(f64::INFINITY, f64::min)
    }
}

/// The report's message, Datadog's own words with the count added.
pub fn report_message(kind: Limited, dropped: u32) -> String {
    cat(&[
        "Reached max number of ",
        kind.plural(),
        " by minute: ",
        &super::json::u64_string(u64::from(EVENT_RATE_LIMIT)),
        " (",
        &super::json::u64_string(u64::from(dropped)),
        " more were dropped)",
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admits_the_limit_per_minute_and_counts_the_rest() {
        let mut limit = RateLimit::default();
        let admitted = (0..5000)
            .filter(|i| limit.admit(Limited::Error, 1000.0 + f64::from(*i)))
            .count();
        assert_eq!(admitted, 3000);
        // Actions have a window of their own.
        assert!(limit.admit(Limited::Action, 2000.0));
        assert_eq!(limit.deadline(), 61_000.0);
        assert_eq!(limit.take_reports(60_999.0), vec![]);
        assert_eq!(limit.take_reports(61_000.0), vec![(Limited::Error, 2000)]);
        assert_eq!(limit.take_reports(61_000.0), vec![], "reported once");
        assert_eq!(limit.deadline(), f64::INFINITY);
        // A new minute admits again.
        assert!(limit.admit(Limited::Error, 61_001.0));
    }

    #[test]
    fn a_window_that_dropped_nothing_restarts_without_a_report() {
        let mut limit = RateLimit::default();
        for i in 0..3000 {
            assert!(limit.admit(Limited::Action, f64::from(i)));
        }
        assert!(limit.admit(Limited::Action, 60_000.0), "the next minute");
        assert_eq!(limit.deadline(), f64::INFINITY);
        assert_eq!(limit.take_reports(1e9), vec![]);
    }

    #[test]
    fn a_new_minute_admits_at_once_and_the_last_one_is_still_reported() {
        let mut limit = RateLimit::default();
        for i in 0..3001 {
            limit.admit(Limited::Error, f64::from(i));
        }
        assert!(limit.admit(Limited::Error, 70_000.0));
        assert_eq!(limit.deadline(), f64::NEG_INFINITY, "a report is due now");
        assert_eq!(limit.take_reports(70_000.0), vec![(Limited::Error, 1)]);
        assert_eq!(limit.deadline(), f64::INFINITY);
    }

    #[test]
    fn the_report_names_the_kind_the_limit_and_the_count() {
        assert_eq!(
            report_message(Limited::Error, 12),
            "Reached max number of errors by minute: 3000 (12 more were dropped)"
        );
    }
}
