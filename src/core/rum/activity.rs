//! Page activity in the engine: it tells dead clicks from live ones, and ends the wait that
//! gives a view its loading time (`core::activity` has the rules).

use super::*;
use crate::core::activity::{request_ended, Outcome};

/// What the browser layer saw, with the time it gives ([`Rum::page_activity`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// A DOM mutation or a loaded resource, at the time given (`NaN`: now).
    Change,
    /// A request began now.
    RequestStart,
    /// A request ended now; the time given is its start.
    RequestEnd,
}

impl Rum {
    /// Page activity. Returns whether anything still watches it (a click's window, a view's
    /// wait), for the browser layer to stop observing the DOM when nothing does.
    pub fn page_activity(&mut self, env: &mut impl Env, kind: Activity, at: f64) -> bool {
        let now = env.now();
        let at = match kind {
            Activity::Change if !at.is_nan() => at,
            Activity::Change => now,
            Activity::RequestStart => {
                if self.watching() {
                    self.requests.push(now);
                }
                now
            }
            Activity::RequestEnd => {
                request_ended(&mut self.requests, at);
                now
            }
        };
        self.clicks.activity(at);
        if let Some(watch) = self.view.as_mut().and_then(|v| v.watch.as_mut()) {
            watch.change(at);
        }
        self.settle(now, false);
        self.watching()
    }

    /// Whether a click or a view waits for page activity; when none does, the requests seen so
    /// far can no longer hold anything.
    pub(super) fn watching(&mut self) -> bool {
        let on = self.clicks.watching() || self.view.as_ref().is_some_and(|v| v.watch.is_some());
        if !on {
            self.requests.clear();
        }
        on
    }

    /// Ends the current view's wait once it has an outcome at `now`, or at once when `cut` (the
    /// page hides: a loading time past that would not be the page's own).
    pub(super) fn settle(&mut self, now: f64, cut: bool) {
        let origin = self.time_origin;
        let Some(view) = self.view.as_mut() else {
            return;
        };
        let Some(watch) = view.watch else {
            return;
        };
        let end = if cut {
            watch.cut(&self.requests)
        } else {
            match watch.outcome(now, &self.requests) {
                Outcome::Pending => return,
                Outcome::Quiet => None,
                Outcome::Settled(at) => Some(at),
            }
        };
        let before = view.loading_time();
        view.watch = None;
        let from = if view.loading_type == LoadingType::InitialLoad {
            origin
        } else {
            view.start
        };
        view.settled = end.map(|at| at - from);
        view.dirty |= view.loading_time() != before;
    }
}
