//! The monitors at work: one task evaluates every rule on schedule, one task per synthetic check
//! makes its request on schedule, and one task posts the alerts, in order, retrying; the state
//! and the last alerts are kept for the dashboard.

use super::eval::{Post, State};
use super::measure::{measure, Reading};
use super::rules::{Check, Kind, Monitors, Rule, Stat};
use super::webhook;
use crate::store::{Span, Store};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// Alerts the dashboard lists.
const KEPT_ALERTS: usize = 50;

/// What the dashboard shows of a monitor or a check.
#[derive(Debug, Clone)]
struct Entry {
    kind: &'static str,
    describe: String,
    state: State,
}

#[derive(Debug, Clone)]
struct Alert {
    id: u64,
    at: i64,
    monitor: String,
    text: String,
    webhook: Option<String>,
    /// `sending`, `delivered`, `failed` (after every retry) or `no webhook`.
    status: String,
    attempts: u32,
    error: Option<String>,
}

pub struct Monitoring {
    entries: Mutex<BTreeMap<String, Entry>>,
    alerts: Mutex<VecDeque<Alert>>,
    /// (type, message) pairs a `new_error` rule has posted, so each fires once.
    announced: Mutex<HashSet<String>>,
    monitors: Monitors,
    base_url: String,
    webhook: Option<String>,
    outbox: mpsc::UnboundedSender<(u64, String, String)>,
    next_alert: std::sync::atomic::AtomicU64,
}

impl Monitoring {
    /// Starts every task. `base_url` is the demo's own address (links in the alerts, and the
    /// checks' paths); `webhook` overrides the file's default.
    pub fn start(
        store: Arc<Store>,
        monitors: Monitors,
        base_url: String,
        webhook: Option<String>,
    ) -> Arc<Monitoring> {
        let (tx, rx) = mpsc::unbounded_channel();
        let webhook = webhook.or_else(|| monitors.settings.webhook.clone());
        let mut entries = BTreeMap::new();
        for rule in &monitors.rules {
            entries.insert(
                rule.name.clone(),
                Entry {
                    kind: "monitor",
                    describe: describe(rule),
                    state: State::default(),
                },
            );
        }
        for check in &monitors.checks {
            entries.insert(
                check.name.clone(),
                Entry {
                    kind: "check",
                    describe: format!(
                        "{} {} every {} s: status {} within {} ms",
                        check.method,
                        check.url,
                        check.interval_ms as f64 / 1000.0,
                        check.expect_status,
                        check.max_latency_ms
                    ),
                    state: State::default(),
                },
            );
        }
        let m = Arc::new(Monitoring {
            entries: Mutex::new(entries),
            alerts: Mutex::new(VecDeque::new()),
            announced: Mutex::new(HashSet::new()),
            monitors,
            base_url,
            webhook,
            outbox: tx,
            next_alert: std::sync::atomic::AtomicU64::new(1),
        });
        tokio::spawn(deliver(m.clone(), rx));
        tokio::spawn(evaluate_forever(m.clone(), store.clone()));
        for i in 0..m.monitors.checks.len() {
            tokio::spawn(check_forever(m.clone(), store.clone(), i));
        }
        m
    }

    /// The monitors' states and the last alerts, for the dashboard.
    pub fn snapshot(&self) -> Value {
        let entries = lock(&self.entries);
        let monitors: Vec<Value> = entries
            .iter()
            .map(|(name, e)| {
                json!({
                    "name": name, "kind": e.kind, "rule": e.describe,
                    "state": if e.state.firing { "firing" } else { "ok" },
                    "since": if e.state.since > 0 { Some(e.state.since) } else { None },
                    "value": e.state.value, "subject": e.state.subject,
                })
            })
            .collect();
        let alerts: Vec<Value> = lock(&self.alerts)
            .iter()
            .rev()
            .map(|a| {
                json!({
                    "at": a.at, "monitor": a.monitor, "text": a.text, "status": a.status,
                    "attempts": a.attempts, "error": a.error,
                    "webhook": a.webhook.as_deref().map(webhook::redact),
                })
            })
            .collect();
        json!({
            "monitors": monitors,
            "alerts": alerts,
            "webhook": self.webhook.as_deref().map(webhook::redact),
            "interval_ms": self.monitors.settings.interval_ms,
        })
    }

    /// Moves one monitor's state; posts what the move calls for.
    fn record(
        &self,
        name: &str,
        reading: &Reading,
        now: i64,
        webhook: Option<&String>,
        text: impl Fn(Post, &str) -> String,
    ) {
        // A resolution is about what fired: the subject stays while the monitor fires.
        let (post, subject) = {
            let mut entries = lock(&self.entries);
            let Some(entry) = entries.get_mut(name) else {
                return;
            };
            if reading.breach || !entry.state.firing {
                entry.state.subject = reading.subject.clone();
            }
            let subject = entry.state.subject.clone();
            let post = entry.state.step(
                reading.breach,
                reading.value,
                now,
                self.monitors.settings.renotify_ms,
            );
            (post, subject)
        };
        if let Some(post) = post {
            self.send(name, text(post, &subject), webhook, now);
        }
    }

    /// Records an alert and queues its post: to the rule's or check's own webhook, else the
    /// server's.
    fn send(&self, monitor: &str, text: String, webhook: Option<&String>, now: i64) {
        let url = webhook.or(self.webhook.as_ref()).cloned();
        let id = self
            .next_alert
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let Some(u) = &url {
            let _ = self.outbox.send((id, text.clone(), u.clone()));
        }
        let mut alerts = lock(&self.alerts);
        alerts.push_back(Alert {
            id,
            at: now,
            monitor: monitor.to_owned(),
            text,
            webhook: url.clone(),
            status: if url.is_some() {
                "sending"
            } else {
                "no webhook"
            }
            .into(),
            attempts: 0,
            error: None,
        });
        if alerts.len() > KEPT_ALERTS {
            alerts.pop_front();
        }
    }

    fn link(&self, rule: &Rule, subject: &str) -> String {
        let base = self.base_url.trim_end_matches('/');
        let param = match &rule.kind {
            Kind::Latency { route, .. } => format!("route={}", encode(route)),
            Kind::Share { by, .. } => format!(
                "{}={}",
                match by {
                    super::rules::By::Company => "company",
                    super::rules::By::User => "user",
                    super::rules::By::Route => "route",
                },
                encode(subject)
            ),
            _ => format!("monitor={}", encode(&rule.name)),
        };
        format!("{base}/dashboard/?{param}")
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn describe(rule: &Rule) -> String {
    let window = format!("{} s", rule.window_ms / 1000);
    match &rule.kind {
        Kind::Latency {
            route,
            side,
            stat,
            threshold_ms,
        } => format!(
            "{} {} latency of {route} over {window} above {threshold_ms} ms",
            if *stat == Stat::P95 { "p95" } else { "average" },
            if *side == super::rules::Side::Server { "server" } else { "browser" },
        ),
        Kind::Errors {
            error_type,
            source,
            per_minute,
            threshold,
        } => format!(
            "{} of {} over {window} above {threshold}",
            if *per_minute { "errors per minute" } else { "error count" },
            error_type
                .clone()
                .or_else(|| source.clone().map(|s| format!("source {s}")))
                .unwrap_or_else(|| "all errors".into())
        ),
        Kind::Share {
            by,
            factor,
            min_requests,
        } => format!(
            "a {by:?} whose share of requests over {window} is {factor}× the window before (≥ {min_requests} requests)"
        )
        .to_lowercase(),
        Kind::NewError { lookback_ms } => format!(
            "an error (type, message) not seen in the {} h before",
            lookback_ms / 3_600_000
        ),
    }
}

fn head(post: Post) -> &'static str {
    match post {
        Post::Fired => "FIRING",
        Post::StillFiring => "STILL FIRING",
        Post::Resolved => "RESOLVED",
    }
}

fn unit(rule: &Rule) -> &'static str {
    match rule.kind {
        Kind::Latency { .. } => " ms",
        Kind::Share { .. } => "×",
        _ => "",
    }
}

fn threshold(rule: &Rule) -> String {
    match &rule.kind {
        Kind::Latency { threshold_ms, .. } => format!("{threshold_ms} ms"),
        Kind::Errors { threshold, .. } => format!("{threshold}"),
        Kind::Share { factor, .. } => format!("{factor}×"),
        Kind::NewError { .. } => "new".into(),
    }
}

async fn evaluate_forever(m: Arc<Monitoring>, store: Arc<Store>) {
    let mut tick = tokio::time::interval(Duration::from_millis(m.monitors.settings.interval_ms));
    loop {
        tick.tick().await;
        for rule in m.monitors.rules.clone() {
            let s = store.clone();
            let r = rule.clone();
            let now = crate::now_ms();
            let readings = match tokio::task::spawn_blocking(move || measure(&s, &r, now)).await {
                Ok(Ok(readings)) => readings,
                Ok(Err(e)) => {
                    eprintln!("wasm-rum-demo: monitor \"{}\": {e}", rule.name);
                    continue;
                }
                Err(_) => continue,
            };
            apply(&m, &rule, readings, now);
        }
    }
}

fn apply(m: &Monitoring, rule: &Rule, readings: Vec<Reading>, now: i64) {
    if let Kind::NewError { .. } = rule.kind {
        // Each new pair fires once; the monitor shows the last one, and is ok otherwise.
        let fresh: Vec<Reading> = {
            let mut announced = lock(&m.announced);
            readings
                .into_iter()
                .filter(|r| announced.insert(r.subject.clone()))
                .collect()
        };
        for r in &fresh {
            let text = format!(
                "NEW: {}: a new error, {} · {}",
                rule.name,
                r.subject,
                m.link(rule, &r.subject)
            );
            m.send(&rule.name, text, rule.webhook.as_ref(), now);
        }
        let mut entries = lock(&m.entries);
        if let Some(e) = entries.get_mut(&rule.name) {
            if let Some(last) = fresh.last() {
                e.state.subject = last.subject.clone();
                e.state.since = now;
                e.state.value = Some(fresh.len() as f64);
            }
        }
        return;
    }
    let reading = readings.into_iter().next().unwrap_or(Reading {
        breach: false,
        value: None,
        subject: String::new(),
    });
    let window = format!("{} s", rule.window_ms / 1000);
    let value = reading
        .value
        .map_or("no data".into(), |v| format!("{:.1}{}", v, unit(rule)));
    m.record(
        &rule.name,
        &reading,
        now,
        rule.webhook.as_ref(),
        |post, subject| {
            format!(
                "{}: {} — {subject}: {value} (threshold {}, window {window}) · {}",
                head(post),
                rule.name,
                threshold(rule),
                m.link(rule, subject)
            )
        },
    );
}

async fn check_forever(m: Arc<Monitoring>, store: Arc<Store>, index: usize) {
    let check = m.monitors.checks[index].clone();
    let url = if check.url.starts_with('/') {
        format!("{}{}", m.base_url.trim_end_matches('/'), check.url)
    } else {
        check.url.clone()
    };
    let mut tick = tokio::time::interval(Duration::from_millis(check.interval_ms));
    loop {
        tick.tick().await;
        let (c, u) = (check.clone(), url.clone());
        let Ok(result) = tokio::task::spawn_blocking(move || probe(&c, &u)).await else {
            continue;
        };
        let now = crate::now_ms();
        let (status, duration_ms, error) = result;
        let span = Span {
            trace_id: format!("{:032x}", crate::trace::random_u128()),
            span_id: crate::trace::random_u64().to_string(),
            parent_id: None,
            route: check.url.clone(),
            method: check.method.clone(),
            status,
            start_ms: now - duration_ms as i64,
            duration_ms,
            company_id: None,
            customer_id: None,
            propagation: None,
            origin: Some("synthetic".into()),
        };
        let s = store.clone();
        let _ = tokio::task::spawn_blocking(move || s.insert_span(&span)).await;
        let failed = error.is_some() || status != check.expect_status;
        let slow = duration_ms > check.max_latency_ms;
        let reading = Reading {
            breach: failed || slow,
            value: Some(duration_ms),
            subject: url.clone(),
        };
        let why = match (&error, failed, slow) {
            (Some(e), _, _) => e.clone(),
            (None, true, _) => format!("status {status}, expected {}", check.expect_status),
            (None, false, true) => format!("{duration_ms:.0} ms, over {} ms", check.max_latency_ms),
            _ => format!("status {status} in {duration_ms:.0} ms"),
        };
        let link = format!(
            "{}/dashboard/?synthetic=1",
            m.base_url.trim_end_matches('/')
        );
        m.record(
            &check.name,
            &reading,
            now,
            check.webhook.as_ref(),
            |post, _| {
                format!(
                    "{}: synthetic check {} — {} {}: {why} · {link}",
                    head(post),
                    check.name,
                    check.method,
                    check.url
                )
            },
        );
    }
}

/// One check request: `(status, duration ms, error)`; status 0 for a network error.
fn probe(check: &Check, url: &str) -> (u16, f64, Option<String>) {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_millis(
            (check.max_latency_ms * 4.0).max(5000.0) as u64,
        ))
        .build();
    let started = Instant::now();
    let result = agent
        .request(&check.method, url)
        .set("x-synthetic-check", &check.name)
        .call();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    match result {
        Ok(r) => (r.status(), ms, None),
        Err(ureq::Error::Status(code, _)) => (code, ms, None),
        Err(ureq::Error::Transport(t)) => (0, ms, Some(format!("network error ({})", t.kind()))),
    }
}

/// Posts the alerts in order, each with its retries; a webhook that is down delays only the
/// alerts behind it.
async fn deliver(m: Arc<Monitoring>, mut rx: mpsc::UnboundedReceiver<(u64, String, String)>) {
    while let Some((id, text, url)) = rx.recv().await {
        let mut last_error = None;
        let mut attempts = 0;
        for attempt in 0..webhook::ATTEMPTS {
            if attempt > 0 {
                tokio::time::sleep(webhook::backoff(m.monitors.settings.retry_ms, attempt - 1))
                    .await;
            }
            attempts = attempt + 1;
            let (u, t) = (url.clone(), text.clone());
            match tokio::task::spawn_blocking(move || webhook::post(&u, &t)).await {
                Ok(Ok(_)) => {
                    last_error = None;
                    break;
                }
                Ok(Err(e)) => last_error = Some(e),
                Err(e) => last_error = Some(e.to_string()),
            }
        }
        if let Some(e) = &last_error {
            eprintln!(
                "wasm-rum-demo: an alert could not be posted to {} after {attempts} attempts: {e}",
                webhook::redact(&url)
            );
        }
        let mut alerts = lock(&m.alerts);
        if let Some(a) = alerts.iter_mut().find(|a| a.id == id) {
            a.attempts = attempts;
            a.status = if last_error.is_some() {
                "failed"
            } else {
                "delivered"
            }
            .into();
            a.error = last_error;
        }
    }
}
