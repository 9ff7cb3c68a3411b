//! The rules' arithmetic and their state, on plain data: what a window measures, whether that
//! breaches, and what to post (fired, resolved, reminded). No SQL, no clock: tested natively.

use super::rules::Stat;
use crate::store::percentile;

/// A monitor's state as the dashboard shows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    pub firing: bool,
    /// When it last changed (epoch ms).
    pub since: i64,
    pub value: Option<f64>,
    /// What the value is about (the route, the company…), for the message and the link.
    pub subject: String,
    pub last_post: i64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Post {
    Fired,
    Resolved,
    StillFiring,
}

impl State {
    /// One evaluation: moves the state and says what to post, if anything. A firing monitor is
    /// posted once, then again after `renotify_ms` while it stays firing, and once when it
    /// resolves.
    pub fn step(
        &mut self,
        breach: bool,
        value: Option<f64>,
        now: i64,
        renotify_ms: i64,
    ) -> Option<Post> {
        self.value = value;
        match (self.firing, breach) {
            (false, true) => {
                self.firing = true;
                self.since = now;
                self.last_post = now;
                Some(Post::Fired)
            }
            (true, false) => {
                self.firing = false;
                self.since = now;
                self.last_post = now;
                Some(Post::Resolved)
            }
            (true, true) if now - self.last_post >= renotify_ms => {
                self.last_post = now;
                Some(Post::StillFiring)
            }
            _ => None,
        }
    }
}

/// p95 or mean; `None` without data (no data is no breach). The p95 is the dashboard's own
/// ([`percentile`]), so an alert's value is the figure the linked panel shows.
pub fn latency(values: &mut [f64], stat: Stat) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    match stat {
        Stat::Avg => Some(values.iter().sum::<f64>() / values.len() as f64),
        Stat::P95 => {
            values.sort_by(f64::total_cmp);
            percentile(values, 95.0)
        }
    }
}

/// Errors as the rule measures them: a count over the window, or a rate per minute.
pub fn errors(count: i64, window_ms: i64, per_minute: bool) -> f64 {
    if per_minute {
        count as f64 * 60_000.0 / window_ms.max(1) as f64
    } else {
        count as f64
    }
}

/// The key whose share of requests grew the most, when it grew to at least `factor` times its
/// share of the previous window with at least `min` requests: `(key, growth, share now)`. A key
/// absent before grows without bound.
pub fn share_surge(
    now: &[(String, i64)],
    before: &[(String, i64)],
    factor: f64,
    min: i64,
) -> Option<(String, f64, f64)> {
    let total_now: i64 = now.iter().map(|(_, n)| n).sum();
    let total_before: i64 = before.iter().map(|(_, n)| n).sum();
    if total_now == 0 {
        return None;
    }
    now.iter()
        .filter(|(_, n)| *n >= min)
        .map(|(key, n)| {
            let share = *n as f64 / total_now as f64;
            let prev = before
                .iter()
                .find(|(k, _)| k == key)
                .map_or(0.0, |(_, m)| *m as f64 / total_before.max(1) as f64);
            let growth = if prev > 0.0 {
                share / prev
            } else {
                f64::INFINITY
            };
            (key.clone(), growth, share)
        })
        .filter(|(_, growth, _)| *growth >= factor)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(a.2.total_cmp(&b.2)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fires_once_reminds_after_the_interval_resolves_once_and_fires_again() {
        let mut s = State::default();
        assert_eq!(s.step(false, Some(100.0), 0, 60_000), None);
        assert_eq!(s.step(true, Some(900.0), 1_000, 60_000), Some(Post::Fired));
        assert_eq!(
            s.step(true, Some(950.0), 31_000, 60_000),
            None,
            "no post while firing"
        );
        assert_eq!(
            s.step(true, Some(990.0), 61_000, 60_000),
            Some(Post::StillFiring)
        );
        assert_eq!(s.step(true, Some(990.0), 91_000, 60_000), None);
        assert_eq!(
            s.step(false, Some(200.0), 121_000, 60_000),
            Some(Post::Resolved)
        );
        assert_eq!((s.firing, s.since), (false, 121_000));
        assert_eq!(s.step(false, None, 151_000, 60_000), None);
        assert_eq!(
            s.step(true, Some(800.0), 181_000, 60_000),
            Some(Post::Fired)
        );
    }

    #[test]
    fn latency_p95_and_average() {
        let mut v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(latency(&mut v, Stat::P95), Some(95.0));
        assert_eq!(latency(&mut [10.0, 20.0, 60.0], Stat::Avg), Some(30.0));
        assert_eq!(latency(&mut [7.0], Stat::P95), Some(7.0));
        assert_eq!(latency(&mut [], Stat::Avg), None);
    }

    #[test]
    fn errors_as_count_or_rate() {
        assert_eq!(errors(12, 300_000, false), 12.0);
        assert_eq!(errors(12, 300_000, true), 2.4);
    }

    #[test]
    fn a_share_surge_needs_the_factor_and_the_minimum() {
        let before = vec![("acme".to_string(), 50), ("globex".to_string(), 50)];
        // Acme from 50 % to 90 %: 1.8 times, under a factor of 3.
        let now = vec![("acme".to_string(), 90), ("globex".to_string(), 10)];
        assert_eq!(share_surge(&now, &before, 3.0, 20), None);
        // Globex from 10 % to 60 %: six times, 60 requests.
        let before = vec![("acme".to_string(), 90), ("globex".to_string(), 10)];
        let now = vec![("acme".to_string(), 40), ("globex".to_string(), 60)];
        let (key, growth, share) = share_surge(&now, &before, 3.0, 20).unwrap();
        assert_eq!(key, "globex");
        assert!((growth - 6.0).abs() < 1e-9 && (share - 0.6).abs() < 1e-9);
        // The same growth on 12 requests pages nobody.
        let now = vec![("acme".to_string(), 8), ("globex".to_string(), 12)];
        assert_eq!(share_surge(&now, &before, 3.0, 20), None);
        // A newcomer with enough requests is a surge; an empty window is none.
        let now = vec![("initech".to_string(), 30), ("acme".to_string(), 30)];
        assert_eq!(share_surge(&now, &before, 3.0, 20).unwrap().0, "initech");
        assert_eq!(share_surge(&[], &before, 3.0, 20), None);
    }
}
