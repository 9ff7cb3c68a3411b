//! Page activity, read the way Datadog's `waitPageActivityEnd` reads it: DOM mutations, loaded
//! resources and requests (but those of `excludedActivityUrls`, which the browser layer leaves
//! out) are activity. A wait that sees none within [`VALIDATION_MS`] of its start is quiet; one
//! that does settles once no request it saw start is in flight and nothing happened for
//! [`END_MS`], and ends at its last activity. A route view's loading time is such a wait.

use crate::prelude::*;

/// Datadog's `PAGE_ACTIVITY_VALIDATION_DELAY`.
pub const VALIDATION_MS: f64 = 100.0;
/// Datadog's `PAGE_ACTIVITY_END_DELAY`.
pub const END_MS: f64 = 100.0;

/// One wait for the page to settle, from `start` (epoch ms).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Watch {
    pub start: f64,
    /// The latest activity at or after `start`.
    last: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    /// Still waiting.
    Pending,
    /// Nothing happened within the validation window.
    Quiet,
    /// The page settled; its last activity was at this time.
    Settled(f64),
}

impl Watch {
    pub fn new(start: f64) -> Watch {
        Watch { start, last: None }
    }

    /// Activity at `at`; what came before the start is not this wait's.
    pub fn change(&mut self, at: f64) {
        if at >= self.start {
            self.last = Some(self.last.map_or(at, |last| last.max(at)));
        }
    }

    /// Whether a request this wait saw start is still in flight (`requests`: their starts).
    fn busy(&self, requests: &[f64]) -> bool {
        requests.iter().any(|&started| started >= self.start)
    }

    /// When the outcome can next change by the clock alone: `INFINITY` while a request is in
    /// flight (its end is the next change).
    pub fn deadline(&self, requests: &[f64]) -> f64 {
        match self.last {
            None => self.start + VALIDATION_MS,
            Some(_) if self.busy(requests) => f64::INFINITY,
            Some(last) => last + END_MS,
        }
    }

    /// The outcome at `now`.
    pub fn outcome(&self, now: f64, requests: &[f64]) -> Outcome {
        match self.last {
            None if now > self.start + VALIDATION_MS => Outcome::Quiet,
            Some(last) if now > last + END_MS && !self.busy(requests) => Outcome::Settled(last),
            _ => Outcome::Pending,
        }
    }

    /// The outcome when the wait must end at `now` (the page is hidden): settled if it saw
    /// activity and nothing is in flight; otherwise there is no end to report.
    pub fn cut(&self, requests: &[f64]) -> Option<f64> {
        self.last.filter(|_| !self.busy(requests))
    }
}

/// The starts of watched requests in flight: a request's start is recorded when it begins, and
/// its end removes the latest start at or before the one it gives, within 2 ms (the browser
/// layer gives the end's time less the request's duration, in whole milliseconds).
pub fn request_ended(requests: &mut Vec<f64>, started: f64) {
    // (Starts are recorded in time order: the last that fits is the latest.)
    if let Some(i) = requests.iter().rposition(|&s| s <= started + 2.0) {
        requests.remove(i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_activity_within_the_window_is_quiet() {
        let w = Watch::new(1000.0);
        assert_eq!(w.deadline(&[]), 1100.0);
        assert_eq!(w.outcome(1100.0, &[]), Outcome::Pending);
        assert_eq!(w.outcome(1100.5, &[]), Outcome::Quiet);
    }

    #[test]
    fn activity_settles_a_quiet_period_after_the_last_change() {
        let mut w = Watch::new(1000.0);
        w.change(990.0);
        assert_eq!(w.outcome(1101.0, &[]), Outcome::Quiet, "before the start");
        w.change(1050.0);
        w.change(1120.0);
        assert_eq!(w.deadline(&[]), 1220.0);
        assert_eq!(w.outcome(1200.0, &[]), Outcome::Pending);
        assert_eq!(w.outcome(1220.5, &[]), Outcome::Settled(1120.0));
    }

    #[test]
    fn a_request_in_flight_holds_the_end_until_it_ends() {
        let mut w = Watch::new(1000.0);
        let mut requests = vec![900.0, 1010.0];
        w.change(1010.0);
        assert_eq!(w.deadline(&requests), f64::INFINITY);
        assert_eq!(w.outcome(5000.0, &requests), Outcome::Pending);
        request_ended(&mut requests, 1010.3);
        assert_eq!(requests, vec![900.0], "the one that started then");
        w.change(5000.0);
        assert_eq!(
            w.outcome(5100.5, &requests),
            Outcome::Settled(5000.0),
            "one that started before the wait does not hold it"
        );
        assert_eq!(w.cut(&requests), Some(5000.0));
        assert_eq!(w.cut(&[1500.0]), None, "busy when cut");
        assert_eq!(Watch::new(0.0).cut(&[]), None, "no activity");
    }
}
