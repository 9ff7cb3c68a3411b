//! Delivery to the intake: sealed batches wait in order, one request is in flight at a time,
//! failures are retried with exponential backoff and jitter, and what waits is bounded.
//! Sending itself is the browser layer's job; this decides what to send and when.

use super::batch::{Added, Batch, Limits};
use crate::prelude::*;

/// The first retry waits about this long, doubling up to [`MAX_BACKOFF_MS`].
pub const MIN_BACKOFF_MS: f64 = 1000.0;
pub const MAX_BACKOFF_MS: f64 = 60_000.0;
/// A `Retry-After` longer than this is not waited for in full.
pub const MAX_RETRY_AFTER_MS: f64 = 10.0 * 60_000.0;
/// Bytes of sealed batches that may wait while the intake fails; past it the oldest are dropped.
pub const MAX_QUEUED_BYTES: usize = 3 * 1024 * 1024;
/// While the intake takes everything, a burst may queue more (it drains as fast as the network
/// allows); this only stops a runaway producer.
pub const MAX_QUEUED_BYTES_HEALTHY: usize = 16 * 1024 * 1024;
/// Batches sealed while an earlier one still waits are merged into it up to this size: with one
/// request in flight at a time, a burst of events goes in fewer, larger requests, in order.
pub const MAX_REQUEST_BYTES: usize = 256 * 1024;
/// `sendBeacon` and keepalive requests share a 64 KiB budget: page-exit bodies stay under it.
pub const EXIT_BODY_BYTES: usize = 60 * 1024;

/// A sealed batch: its body and the request id it keeps across retries (and reloads), so an
/// intake can recognise a request it already took.
#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    pub id: u64,
    pub request_id: String,
    pub body: String,
    pub events: usize,
    pub attempts: u32,
    /// The HTTP status of the last failed attempt (0: a network error, or none yet).
    pub last_status: u16,
}

/// How a send ended, from the HTTP status (0 for a network error).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    Delivered,
    /// Network error, 5xx, 408 or 429: tried again later (after `Retry-After` when given).
    Retry {
        retry_after_ms: Option<f64>,
        status: u16,
    },
    /// Any other 4xx: the intake will never take it.
    Rejected,
}

impl Outcome {
    pub fn from_status(status: u16, retry_after_ms: Option<f64>) -> Outcome {
        match status {
            200..=299 => Outcome::Delivered,
            0 | 408 | 429 | 500..=599 => Outcome::Retry {
                retry_after_ms,
                status,
            },
            _ => Outcome::Rejected,
        }
    }
}

#[derive(Debug)]
pub struct Transport {
    batch: Batch,
    /// Oldest first. A Vec: the queue is short (bounded in bytes), a front removal is a small
    /// copy, and a VecDeque would bring its own code into the wasm.
    queue: Vec<Payload>,
    queued_bytes: usize,
    in_flight: Option<u64>,
    next_id: u64,
    /// No send before this time (epoch ms): the backoff after a failure.
    not_before: f64,
    failures: u32,
    /// Events dropped because the queue was full, not yet reported to the app.
    pub dropped_unreported: u64,
    /// Events the intake refused with a 4xx, not yet reported.
    pub rejected_unreported: u64,
}

impl Transport {
    pub fn new(limits: Limits) -> Transport {
        Transport {
            batch: Batch::new(limits),
            queue: Vec::new(),
            queued_bytes: 0,
            in_flight: None,
            next_id: 1,
            not_before: f64::NEG_INFINITY,
            failures: 0,
            dropped_unreported: 0,
            rejected_unreported: 0,
        }
    }

    pub fn add(&mut self, json: String, view_id: Option<String>, now: f64) -> Added {
        self.batch.add(json, view_id, now)
    }

    /// Payloads waiting, the one in flight included (for the tests' assertions).
    #[cfg(test)]
    pub fn pending(&self) -> usize {
        self.queue.len()
    }

    #[cfg(test)]
    pub fn is_idle(&self) -> bool {
        self.queue.is_empty() && self.batch.is_empty()
    }

    /// Moves the batch into the queue when it is due, or whenever `force` (flush, page hidden).
    /// `request_id` names the request it will be sent as.
    pub fn seal(&mut self, now: f64, force: bool, request_id: impl FnOnce() -> String) {
        if !(force || self.batch.is_due(now)) {
            return;
        }
        let events = self.batch.len();
        if let Some(body) = self.batch.take() {
            self.enqueue(Payload {
                id: self.next_id,
                request_id: request_id(),
                body,
                events,
                attempts: 0,
                last_status: 0,
            });
            self.next_id += 1;
        }
    }

    /// When [`Transport::seal`] and [`Transport::next_send`] next have work, in epoch ms: the
    /// batch's age limit, or the end of a backoff. `INFINITY` while a request is in flight (its
    /// result comes first), offline (the browser says when it is back), or with nothing to send.
    pub fn deadline(&self, online: bool) -> f64 {
        if self.in_flight.is_some() || !online {
            f64::INFINITY
        } else if !self.queue.is_empty() {
            self.not_before
        } else {
            self.batch.due_at()
        }
    }

    /// Puts back payloads a previous page could not deliver, ahead of this page's.
    pub fn restore(&mut self, payloads: Vec<(String, String, usize)>) {
        for (request_id, body, events) in payloads.into_iter().rev() {
            self.queued_bytes += body.len();
            self.queue.insert(
                0,
                Payload {
                    id: self.next_id,
                    request_id,
                    body,
                    events,
                    attempts: 0,
                    last_status: 0,
                },
            );
            self.next_id += 1;
        }
        self.bound();
    }

    fn enqueue(&mut self, payload: Payload) {
        self.queued_bytes += payload.body.len();
        let in_flight = self.in_flight;
        match self.queue.last_mut() {
            // Never one that was sent already: a retry must carry exactly what the intake may
            // have seen under its request id.
            Some(last)
                if Some(last.id) != in_flight
                    && last.attempts == 0
                    && last.body.len() + 1 + payload.body.len() <= MAX_REQUEST_BYTES =>
            {
                self.queued_bytes += 1;
                last.body.push('\n');
                last.body.push_str(&payload.body);
                last.events += payload.events;
            }
            _ => self.queue.push(payload),
        }
        self.bound();
    }

    /// Drops the oldest waiting payloads (never the one in flight) until the queue fits.
    fn bound(&mut self) {
        let limit = if self.failures > 0 {
            MAX_QUEUED_BYTES
        } else {
            MAX_QUEUED_BYTES_HEALTHY
        };
        while self.queued_bytes > limit {
            let victim = self.queue.iter().position(|p| Some(p.id) != self.in_flight);
            let Some(i) = victim else { break };
            let p = self.queue.remove(i);
            self.queued_bytes -= p.body.len();
            self.dropped_unreported += p.events as u64;
        }
    }

    /// The next payload to send, if one may go now: nothing in flight, online, backoff over.
    pub fn next_send(&mut self, now: f64, online: bool) -> Option<&Payload> {
        if self.in_flight.is_some() || !online || now < self.not_before {
            return None;
        }
        let payload = self.queue.first_mut()?;
        payload.attempts += 1;
        self.in_flight = Some(payload.id);
        Some(payload)
    }

    /// The result of the send of payload `id`. `jitter` is a draw in `[0, 1)`.
    pub fn on_result(&mut self, id: u64, outcome: Outcome, now: f64, jitter: f64) {
        if self.in_flight != Some(id) {
            return;
        }
        self.in_flight = None;
        match outcome {
            Outcome::Delivered | Outcome::Rejected => {
                if !self.queue.is_empty() {
                    let p = self.queue.remove(0);
                    self.queued_bytes -= p.body.len();
                    if outcome == Outcome::Rejected {
                        self.rejected_unreported += p.events as u64;
                    }
                }
                self.failures = 0;
                self.not_before = f64::NEG_INFINITY;
            }
            Outcome::Retry {
                retry_after_ms,
                status,
            } => {
                if let Some(p) = self.queue.first_mut() {
                    p.last_status = status;
                }
                self.failures += 1;
                let wait = match retry_after_ms {
                    Some(ms) if ms > 0.0 => ms.min(MAX_RETRY_AFTER_MS),
                    _ => backoff(self.failures, jitter),
                };
                self.not_before = now + wait;
                self.bound();
            }
        }
    }

    /// When the next send may go, if something waits for a backoff to end (for the tests;
    /// the engine asks [`Transport::deadline`]).
    #[cfg(test)]
    pub fn retry_at(&self) -> Option<f64> {
        (!self.queue.is_empty() && self.not_before.is_finite()).then_some(self.not_before)
    }

    pub fn in_retry(&self) -> bool {
        self.failures > 0
    }

    /// What would be lost if the page went away now: every waiting payload but the one in flight
    /// (the batch sealed first). They stay queued: a hidden page may come back and send them, so
    /// the caller keeps a copy for the next page and replaces it as the queue changes.
    pub fn unsent(&mut self, now: f64, request_id: impl FnMut() -> String) -> Vec<Payload> {
        self.seal(now, true, request_id);
        let mut out = Vec::new();
        for p in &self.queue {
            if Some(p.id) != self.in_flight {
                out.push(p.clone());
            }
        }
        out
    }

    /// The page is going away: every waiting payload (but the one in flight, which the browser
    /// finishes on its own) as bodies of at most `max` bytes, split at event boundaries.
    /// They leave the queue: the caller hands them to `sendBeacon` or keeps them.
    pub fn take_for_exit(
        &mut self,
        now: f64,
        max: usize,
        request_id: impl FnMut() -> String,
    ) -> Vec<Payload> {
        let mut request_id = request_id;
        self.seal(now, true, &mut request_id);
        let in_flight = self.in_flight;
        let mut out = Vec::new();
        let mut kept = Vec::new();
        for p in self.queue.drain(..) {
            if Some(p.id) == in_flight {
                kept.push(p);
                continue;
            }
            self.queued_bytes -= p.body.len();
            let parts = split_body(&p.body, max);
            let single = parts.len() == 1;
            for body in parts {
                let events = pieces(&body, b'\n').count();
                out.push(Payload {
                    id: p.id,
                    // A split body is a new request; a whole one keeps its id for dedup.
                    request_id: if single {
                        p.request_id.clone()
                    } else {
                        request_id()
                    },
                    body,
                    events,
                    attempts: p.attempts,
                    last_status: p.last_status,
                });
            }
        }
        self.queue = kept;
        out
    }
}

/// Exponential backoff with jitter: between half and all of `1 s · 2^(n-1)`, at most 60 s.
pub fn backoff(failures: u32, jitter: f64) -> f64 {
    let base = (MIN_BACKOFF_MS * f64::from(1u32 << failures.saturating_sub(1).min(16)))
        .min(MAX_BACKOFF_MS);
    base * (0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

/// Splits newline-delimited `body` into bodies of at most `max` bytes, at line boundaries. A
/// single line longer than `max` goes alone.
pub fn split_body(body: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in pieces(body, b'\n') {
        if !current.is_empty() && current.len() + 1 + line.len() > max {
            out.push(core::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push('\n');
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> impl FnMut() -> String {
        let mut n = 0;
        move || {
            n += 1;
            format!("req-{n}")
        }
    }

    fn transport_with(events: &[&str]) -> Transport {
        let mut t = Transport::new(Limits::default());
        for e in events {
            let _ = t.add((*e).into(), None, 0.0);
        }
        t
    }

    #[test]
    fn the_deadline_follows_the_batch_the_backoff_and_the_request_in_flight() {
        let mut t = Transport::new(Limits::default());
        assert_eq!(t.deadline(true), f64::INFINITY, "nothing to send");
        let _ = t.add("{}".into(), None, 100.0);
        assert_eq!(t.deadline(true), 100.0 + Limits::default().max_age_ms);
        assert_eq!(
            t.deadline(false),
            f64::INFINITY,
            "offline: the browser says when to go"
        );
        let mut ids = ids();
        t.seal(200.0, true, &mut ids);
        let id = t.next_send(200.0, true).unwrap().id;
        assert_eq!(t.deadline(true), f64::INFINITY, "the result comes first");
        t.on_result(
            id,
            Outcome::Retry {
                retry_after_ms: Some(5000.0),
                status: 503,
            },
            300.0,
            0.5,
        );
        assert_eq!(t.deadline(true), 5300.0, "the backoff's end");
        assert!(t.next_send(5299.0, true).is_none());
        assert!(t.next_send(5300.0, true).is_some());
    }

    #[test]
    fn statuses_map_to_outcomes() {
        assert_eq!(Outcome::from_status(202, None), Outcome::Delivered);
        for s in [0, 408, 429, 500, 503] {
            assert!(
                matches!(Outcome::from_status(s, None), Outcome::Retry { .. }),
                "{s}"
            );
        }
        for s in [400, 401, 403, 404, 413] {
            assert_eq!(Outcome::from_status(s, None), Outcome::Rejected, "{s}");
        }
    }

    #[test]
    fn batches_waiting_together_are_merged_in_order_up_to_the_request_size() {
        let mut t = transport_with(&["a"]);
        let mut id = ids();
        t.seal(0.0, true, &mut id);
        let _ = t.add("b".into(), None, 0.0);
        t.seal(0.0, true, &mut id);
        assert_eq!(t.pending(), 1);
        let p = t.next_send(0.0, true).unwrap().clone();
        assert_eq!(
            (p.body.as_str(), p.events, p.request_id.as_str()),
            ("a\nb", 2, "req-1")
        );
        // Never into the one in flight.
        let _ = t.add("c".into(), None, 0.0);
        t.seal(0.0, true, &mut id);
        assert_eq!(t.pending(), 2);
        let big = "x".repeat(MAX_REQUEST_BYTES);
        let _ = t.add(big, None, 0.0);
        t.seal(0.0, true, &mut id);
        assert_eq!(t.pending(), 3, "too big to merge");
    }

    #[test]
    fn one_request_in_flight_and_order_kept_through_retries() {
        let mut t = transport_with(&["a"]);
        let mut id = ids();
        t.seal(0.0, true, &mut id);
        let first = t.next_send(0.0, true).unwrap().clone();
        let _ = t.add("b".into(), None, 0.0);
        t.seal(0.0, true, &mut id);
        assert_eq!(
            (first.body.as_str(), first.request_id.as_str()),
            ("a", "req-1")
        );
        assert!(t.next_send(0.0, true).is_none(), "one in flight");
        t.on_result(
            first.id,
            Outcome::Retry {
                retry_after_ms: None,
                status: 503,
            },
            0.0,
            0.0,
        );
        assert!(
            t.next_send(400.0, true).is_none(),
            "backing off (500 ms with no jitter)"
        );
        let again = t.next_send(500.0, true).unwrap().clone();
        assert_eq!(
            (
                again.body.as_str(),
                again.request_id.as_str(),
                again.attempts
            ),
            ("a", "req-1", 2)
        );
        t.on_result(again.id, Outcome::Delivered, 500.0, 0.0);
        let second = t.next_send(500.0, true).unwrap().clone();
        assert_eq!(second.body, "b");
        t.on_result(second.id, Outcome::Delivered, 501.0, 0.0);
        assert!(t.is_idle());
    }

    #[test]
    fn backoff_grows_to_a_minute_with_jitter() {
        assert_eq!(backoff(1, 1.0), 1000.0);
        assert_eq!(backoff(1, 0.0), 500.0);
        assert_eq!(backoff(2, 1.0), 2000.0);
        assert_eq!(backoff(6, 1.0), 32_000.0);
        assert_eq!(backoff(7, 1.0), 60_000.0);
        assert_eq!(backoff(40, 1.0), 60_000.0);
        assert!((30_000.0..=60_000.0).contains(&backoff(9, 0.37)));
    }

    #[test]
    fn retry_after_is_honoured() {
        let mut t = transport_with(&["a"]);
        t.seal(0.0, true, ids());
        let p = t.next_send(0.0, true).unwrap().id;
        t.on_result(p, Outcome::from_status(429, Some(7000.0)), 100.0, 0.0);
        assert_eq!(t.retry_at(), Some(7100.0));
        assert!(t.next_send(7099.0, true).is_none());
        assert!(t.next_send(7100.0, true).is_some());
    }

    #[test]
    fn rejected_batches_are_dropped_and_counted() {
        let mut t = transport_with(&["a", "b"]);
        t.seal(0.0, true, ids());
        let p = t.next_send(0.0, true).unwrap().id;
        t.on_result(p, Outcome::from_status(400, None), 0.0, 0.0);
        assert!(t.is_idle());
        assert_eq!(t.rejected_unreported, 2);
        assert!(!t.in_retry());
    }

    #[test]
    fn nothing_goes_out_while_offline() {
        let mut t = transport_with(&["a"]);
        t.seal(0.0, true, ids());
        assert!(t.next_send(0.0, false).is_none());
        assert!(t.next_send(0.0, true).is_some());
    }

    #[test]
    fn the_queue_is_bounded_dropping_the_oldest_but_never_the_one_in_flight() {
        let mut t = Transport::new(Limits::default());
        let mut id = ids();
        let line = "x".repeat(200 * 1024);
        for _ in 0..4 {
            let _ = t.add(line.clone(), None, 0.0);
            t.seal(0.0, true, &mut id);
        }
        let first = t.next_send(0.0, true).unwrap().id;
        t.on_result(
            first,
            Outcome::Retry {
                retry_after_ms: None,
                status: 503,
            },
            0.0,
            0.0,
        );
        let in_flight = t.next_send(10_000.0, true).unwrap().id;
        assert_eq!(in_flight, first);
        for _ in 0..20 {
            let _ = t.add(line.clone(), None, 0.0);
            t.seal(0.0, true, &mut id);
        }
        assert!(t.queued_bytes <= MAX_QUEUED_BYTES);
        assert_eq!(
            t.queue.first().unwrap().id,
            first,
            "the request in flight stays"
        );
        assert_eq!(t.dropped_unreported, 9);
        // Order is kept among the survivors.
        let ids: Vec<u64> = t.queue.iter().map(|p| p.id).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_burst_while_the_intake_is_healthy_is_not_dropped() {
        let mut t = Transport::new(Limits::default());
        let mut id = ids();
        let line = "x".repeat(200 * 1024);
        for _ in 0..40 {
            let _ = t.add(line.clone(), None, 0.0);
            t.seal(0.0, true, &mut id);
        }
        assert_eq!(t.dropped_unreported, 0, "8 MiB queued while healthy");
        let p = t.next_send(0.0, true).unwrap().id;
        t.on_result(
            p,
            Outcome::Retry {
                retry_after_ms: None,
                status: 503,
            },
            0.0,
            0.0,
        );
        assert!(
            t.queued_bytes <= MAX_QUEUED_BYTES,
            "cut to 3 MiB once the intake fails"
        );
        assert!(t.dropped_unreported > 0);
    }

    #[test]
    fn exit_takes_everything_but_the_request_in_flight_in_beacon_sized_bodies() {
        let mut t = Transport::new(Limits::default());
        let mut id = ids();
        let _ = t.add("first".into(), None, 0.0);
        t.seal(0.0, true, &mut id);
        let flying = t.next_send(0.0, true).unwrap().id;
        let event = format!("{{\"pad\":\"{}\"}}", "y".repeat(1000));
        for _ in 0..100 {
            let _ = t.add(event.clone(), None, 0.0);
        }
        let out = t.take_for_exit(0.0, EXIT_BODY_BYTES, &mut id);
        assert!(out.iter().all(|p| p.body.len() <= EXIT_BODY_BYTES));
        assert_eq!(out.iter().map(|p| p.events).sum::<usize>(), 100);
        assert!(out.len() >= 2);
        assert_eq!(t.pending(), 1, "the request in flight is left to finish");
        t.on_result(flying, Outcome::Delivered, 1.0, 0.0);
        assert!(t.is_idle());
    }

    #[test]
    fn split_keeps_lines_whole() {
        assert_eq!(split_body("aa\nbb\ncc", 5), ["aa\nbb", "cc"]);
        assert_eq!(split_body("toolong\nx", 3), ["toolong", "x"]);
        assert_eq!(split_body("a", 10), ["a"]);
    }

    #[test]
    fn unsent_payloads_stay_queued() {
        let mut t = transport_with(&["a", "b"]);
        t.seal(0.0, true, ids());
        let sent = t.next_send(0.0, true).unwrap().id;
        t.add("c".into(), None, 1.0);
        let unsent = t.unsent(2.0, ids());
        assert_eq!(unsent.len(), 1, "the payload in flight is not copied");
        assert_ne!(unsent[0].id, sent);
        assert_eq!(unsent[0].body, "c");
        assert_eq!(t.pending(), 2, "both still queued");
    }

    #[test]
    fn restored_payloads_go_first() {
        let mut t = transport_with(&["now"]);
        t.seal(0.0, true, ids());
        t.restore(vec![("old-1".into(), "old".into(), 1)]);
        let p = t.next_send(0.0, true).unwrap();
        assert_eq!((p.body.as_str(), p.request_id.as_str()), ("old", "old-1"));
    }
}
