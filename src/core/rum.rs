//! The RUM engine: turns what happens in the page (a view starts, a click, an error) into
//! events for the current session and view. Time, randomness and session storage come from an
//! [`Env`], so every rule here runs natively under `cargo test` with a fake clock.
//!
//! This file holds the engine's state, start, timers and the common fields of every event; one
//! file per domain beside it adds the rest: `session`, `views`, `actions`, `errors`,
//! `resources`, `long_tasks`, `activity`.

use super::action::{Child, ClickChains, FinishedClick, Spans};
use super::config::Config;
use super::context::Context;
use super::event::{self, Body, Common, Envelope, Event};
use super::ids;
use super::json::Obj;
use super::limit::{self, Limited, RateLimit};
use super::session::{live_session, Session};
use super::trace::{self, Injection, TraceIds};
use super::value::Value;
use super::view::{LoadingType, View, ViewOptions, ViewRef};
use crate::prelude::*;

/// What the engine needs from its host.
pub trait Env {
    /// Epoch milliseconds.
    fn now(&self) -> f64;
    fn random(&mut self) -> [u8; 16];
    /// The stored session record (cookie or `localStorage`), shared by every tab of the site.
    fn read_session(&self) -> Option<String>;
    /// Stores the record, or removes it with `None`.
    fn write_session(&mut self, session: Option<&Session>);

    /// A uniform draw, for sampling decisions.
    fn draw(&mut self) -> u32 {
        let r = self.random();
        u32::from_le_bytes([r[0], r[1], r[2], r[3]])
    }
}

/// How long a tab trusts its copy of the session before reading the shared record again, to
/// notice another tab's renewal or `stopSession`.
pub const SESSION_RECHECK_MS: f64 = 1000.0;
/// A view that changed is re-sent at most this often (and always when it ends or the page hides).
pub const VIEW_UPDATE_INTERVAL_MS: f64 = 5000.0;
/// Events kept while a manually tracked app has not started its first view.
pub const MAX_EVENTS_BEFORE_FIRST_VIEW: usize = 1000;

/// An error as the page reported it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrorReport {
    pub message: String,
    /// The error's class, e.g. `TypeError`.
    pub kind: Option<String>,
    pub stack: Option<String>,
    /// `source`, `custom`, `network`, `console`…
    pub source: &'static str,
    pub handled: bool,
    pub context: Option<Value>,
    /// A Content Security Policy violation's disposition (`enforce`, `report`).
    pub csp: Option<String>,
}

/// What to do with a request the page makes.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestPlan {
    /// The SDK's own intake requests: not reported, not traced.
    Ignore,
    /// Reported as a resource, sent exactly as the app made it.
    Track,
    /// Reported, and sent with these trace headers; `handle` names the trace when the request's
    /// resource is reported ([`Rum::trace_of`]), so its ids need not travel through JS.
    Trace {
        handle: u32,
        ids: TraceIds,
        sampled: bool,
        headers: Vec<(&'static str, String)>,
    },
}

/// A finished request or loaded resource, as the browser measured it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResourceReport {
    /// `fetch`, `xhr`, `js`, `css`, `image`, `font`, `media`, `beacon`, `other`.
    pub kind: &'static str,
    pub method: Option<String>,
    pub url: String,
    /// 0 for network errors and aborts; `None` when the browser does not say.
    pub status: Option<u16>,
    /// Epoch milliseconds.
    pub start: f64,
    pub duration: f64,
    pub size: Option<f64>,
    pub encoded_body_size: Option<f64>,
    pub decoded_body_size: Option<f64>,
    pub transfer_size: Option<f64>,
    /// Phases as `(name, start, duration)` in milliseconds from the request's start.
    pub phases: Vec<(&'static str, f64, f64)>,
    pub trace: Option<(TraceIds, bool)>,
    /// A network error (not an abort) or a server error: also reported as an error.
    pub failed: bool,
    /// A GraphQL request's `resource.graphql` object, as JSON the engine's JS wrote
    /// (`JSON.stringify` of its operation type, name, variables and query).
    pub graphql: Option<String>,
    /// The document's trace id, as the server rendered it (Datadog's `dd-trace-id` meta):
    /// the initial document is linked to that backend trace.
    pub document_trace: Option<String>,
}

/// A click, named by the browser layer, in the view it happened in.
#[derive(Debug, Clone, PartialEq)]
pub struct ClickData {
    name: String,
    view: ViewRef,
}

/// What arrived before the first view of a manually tracked app: it all waits for that view.
enum Early {
    Action(f64, String, Option<Value>),
    Error(f64, ErrorReport),
    Resource(ResourceReport),
    Timing(String, f64),
    /// `addTiming` before the first view: its name and epoch time.
    CustomTiming(String, f64),
    Shift(f64, f64, bool),
    Interaction(u64, f64, f64, u32),
    LongTask(f64, String),
}

pub struct Rum {
    config: Config,
    common: Common,
    /// Where the SDK's own requests go: never traced nor reported.
    intake_endpoint: String,
    session: Option<Session>,
    session_checked: f64,
    view: Option<Box<View>>,
    last_view_sent: f64,
    /// The page's first view, which its `document` resource belongs to whenever it comes.
    first_view: Option<ViewRef>,
    /// The last view's url, to start a new view after a session ends.
    last_url: Option<(String, String)>,
    /// The app's contexts, by `contexts::USER`, `ACCOUNT`, `GLOBAL`, `VIEW`, `FEATURE_FLAGS`.
    contexts: [Context; contexts::CONTEXTS],
    pub clicks: ClickChains<ClickData>,
    /// Clicks and timed actions that ended, for the events that started within them.
    spans: Spans,
    early: Vec<Early>,
    out: Vec<Event>,
    /// Traces of requests in flight, by handle, oldest first; bounded by [`MAX_OPEN_TRACES`]. A
    /// Vec (its front removal is a short copy) rather than a second VecDeque type in the wasm.
    traces: Vec<(u32, TraceIds, bool)>,
    next_trace: u32,
    limit: RateLimit,
    /// `performance.timeOrigin`: entry times (ms from it) become epoch ms.
    time_origin: f64,
    /// When LCP stopped taking candidates (epoch ms): the first input or the first time the page
    /// was hidden, as web-vitals rules.
    lcp_stop: f64,
    /// `performance.interactionCount` when the current view started.
    interactions_before_view: u32,
    interactions: u32,
    /// Events are made from `start` on, and not after the app withdrew its tracking consent.
    collecting: bool,
    /// Timed actions, duration vitals and custom resources started and not stopped.
    started: [Vec<timed::Started>; 3],
    /// Starts of the requests in flight that began while page activity was watched
    /// (`core::activity`).
    requests: Vec<f64>,
}

/// Traced requests whose resource is not reported yet; past this the oldest lose their trace ids
/// (their resource events are still sent, without `_dd.trace_id`).
pub const MAX_OPEN_TRACES: usize = 512;

impl Rum {
    pub fn new(config: Config) -> Rum {
        let common = Common {
            application_id: config.application_id.clone(),
            service: config.service.clone(),
            version: config.version.clone(),
            ddtags: event::ddtags(
                config.service.as_deref(),
                config.env.as_deref(),
                config.version.as_deref(),
            ),
            session_sample_rate: config.session_sample_rate,
        };
        Rum {
            intake_endpoint: super::intake::endpoint(&config),
            config,
            common,
            session: None,
            session_checked: f64::NEG_INFINITY,
            view: None,
            last_view_sent: f64::NEG_INFINITY,
            last_url: None,
            first_view: None,
            contexts: Default::default(),
            clicks: ClickChains::default(),
            spans: Spans::default(),
            early: Vec::new(),
            out: Vec::new(),
            traces: Vec::new(),
            next_trace: 1,
            limit: RateLimit::default(),
            time_origin: 0.0,
            lcp_stop: f64::INFINITY,
            interactions_before_view: 0,
            interactions: 0,
            collecting: false,
            started: Default::default(),
            requests: Vec::new(),
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The intake URL of an attempt at a request, with the tags every event carries.
    pub fn intake_url(&self, attempt: &super::intake::Attempt) -> String {
        super::intake::request_url(&self.config, &self.common.ddtags, attempt)
    }

    /// Starts (or joins) the session and, unless views are tracked manually, the first view.
    pub fn start(&mut self, env: &mut impl Env, url: &str, referrer: &str, time_origin: f64) {
        self.collecting = true;
        self.time_origin = time_origin;
        self.last_url = Some((url.to_owned(), referrer.to_owned()));
        self.ensure_session(env, false);
        if !self.config.track_views_manually && self.view.is_none() {
            self.start_view_at(
                env,
                url,
                referrer,
                ViewOptions::default(),
                LoadingType::InitialLoad,
            );
        }
    }

    /// Periodic work: clicks whose window closed, view updates that are due.
    pub fn tick(&mut self, env: &mut impl Env) {
        let now = env.now();
        let due = self.clicks.due(now, &self.requests, &mut self.spans, false);
        self.report_clicks(env, due);
        self.settle(now, false);
        for (kind, dropped) in self.limit.take_reports(now) {
            self.report_rate_limit(env, now, kind, dropped);
        }
        if now - self.last_view_sent >= VIEW_UPDATE_INTERVAL_MS {
            self.send_view_if_dirty(env);
        }
    }

    /// When [`Rum::tick`] next has work, in epoch ms: a click's activity or chain ends, or a
    /// changed view is due to be re-sent. `INFINITY` when nothing waits, so an idle page is never
    /// woken.
    pub fn deadline(&self) -> f64 {
        // A chain closes strictly after its window (`ClickChains::due`): one millisecond past it.
        let clicks = self
            .clicks
            .deadline(&self.requests)
            .map_or(f64::INFINITY, |at| at + 1.0);
        let view = match &self.view {
            Some(view) if view.dirty => self.last_view_sent + VIEW_UPDATE_INTERVAL_MS,
            _ => f64::INFINITY,
        };
        // An outcome comes strictly after its deadline, as a chain's does.
        let watch = match self.view.as_ref().and_then(|v| v.watch) {
            Some(watch) => watch.deadline(&self.requests) + 1.0,
            None => f64::INFINITY,
        };
        clicks.min(view).min(watch).min(self.limit.deadline())
    }

    /// Whether an error or action at `at` is under the rate limit ([`limit`]).
    pub(super) fn admit(&mut self, kind: Limited, at: f64) -> bool {
        self.limit.admit(kind, at)
    }

    /// One `agent` error for a minute whose events passed the rate limit, with the count.
    fn report_rate_limit(&mut self, env: &mut impl Env, now: f64, kind: Limited, dropped: u32) {
        self.ensure_view(env);
        let Some(view) = self.view.as_mut() else {
            return;
        };
        view.errors += 1;
        view.dirty = true;
        let reference = view.reference.clone();
        let report = ErrorReport {
            message: limit::report_message(kind, dropped),
            source: "agent",
            handled: true,
            ..ErrorReport::default()
        };
        self.emit_error(env, now, &reference, report, false);
    }

    /// The page is hidden (it may be closing): LCP stops, and everything pending goes now.
    pub fn hidden(&mut self, env: &mut impl Env) {
        self.stop_lcp(env.now());
        self.settle(env.now(), true);
        self.flush_pending(env);
    }

    /// Report everything pending now (the page hides, or the app calls `flush`).
    pub fn flush_pending(&mut self, env: &mut impl Env) {
        let open = self
            .clicks
            .due(env.now(), &self.requests, &mut self.spans, true);
        self.report_clicks(env, open);
        self.send_view_if_dirty(env);
    }

    /// The events ready to be sent, oldest first.
    pub fn take_events(&mut self) -> Vec<Event> {
        core::mem::take(&mut self.out)
    }

    pub(super) fn emit(&mut self, date: f64, view: &ViewRef, body: Body, context: Option<Value>) {
        self.emit_with(date, view, body, context, None);
    }

    pub(super) fn emit_with(
        &mut self,
        date: f64,
        view: &ViewRef,
        body: Body,
        context: Option<Value>,
        trace: Option<(&str, &str, f64)>,
    ) {
        if !self.collecting || !self.session.as_ref().is_some_and(|s| s.tracked) {
            return;
        }
        // Errors, resources and long tasks belong to the actions in progress when they started,
        // as Datadog links them (a long task a millisecond later: its entry starts a little
        // before the click that caused it).
        let child = match body {
            Body::Error(_, true) => Some((Child::Error, date)),
            Body::Resource(_) => Some((Child::Resource, date)),
            Body::LongTask(_) => Some((Child::LongTask, date + 1.0)),
            _ => None,
        };
        let mut actions = Vec::new();
        if let Some((kind, at)) = child {
            self.clicks.link(kind, at, &mut actions);
            self.spans.find(at, &mut actions);
            self.link_started(kind, at, &mut actions);
        }
        let Some(session) = self.session.as_ref() else {
            return;
        };
        // Feature flags go with views and errors, as Datadog sends them, and with the event types
        // `trackFeatureFlagsForEvents` names (bits in `config::FEATURE_FLAG_EVENTS` order).
        let also = self.config.feature_flag_events;
        let wanted = match body {
            Body::View(..) | Body::Error(..) => true,
            Body::Action(_) => also & 1 != 0,
            Body::Resource(_) => also & 2 != 0,
            Body::LongTask(_) => also & 4 != 0,
            Body::Vital(_) => also & 8 != 0,
        };
        let built = event::build(
            Envelope {
                common: &self.common,
                date,
                session_id: &session.id,
                view,
                trace,
                actions: &actions,
            },
            body,
            |o| self.write_contexts(o, context.as_ref(), session.anonymous_id.as_deref(), wanted),
        );
        self.out.push(built);
    }
}

/// The methods the event schema knows; others are left out of the event.
pub(super) fn is_schema_method(method: &str) -> bool {
    matches!(
        method,
        "POST" | "GET" | "HEAD" | "PUT" | "DELETE" | "PATCH" | "TRACE" | "OPTIONS" | "CONNECT"
    )
}

/// `(everything before the hash, the hash)`; the query belongs to the path for view purposes
/// only through the pathname, so it is dropped.
pub(super) fn split_url(url: &str) -> (&str, &str) {
    let (before_hash, hash) = cut(url, b'#').unwrap_or((url, ""));
    let path = until_any(before_hash, b"?");
    (path, hash)
}

mod actions;
mod activity;
pub use activity::Activity;
pub mod contexts;
mod errors;
pub use errors::error_report;
mod long_tasks;
mod resources;
mod session;
mod timed;
mod views;

#[cfg(test)]
mod click_tests;
#[cfg(test)]
mod tests;
