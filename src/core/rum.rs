//! The RUM engine: turns what happens in the page (a view starts, a click, an error) into
//! events for the current session and view. Time, randomness and session storage come from an
//! [`Env`], so every rule here runs natively under `cargo test` with a fake clock.

use super::action::{ClickChains, FinishedClick};
use super::config::Config;
use super::context::{user_from, Context, Truncated};
use super::event::{self, object, string, Body, Common, Envelope, Event};
use super::ids;
use super::session::{live_session, Session};
use super::trace::{self, Injection, TraceIds};
use super::value::Value;
use super::view::{LoadingType, View, ViewRef};
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
}

/// How long a tab trusts its copy of the session before reading the shared record again, to
/// notice another tab's renewal or `stopSession`.
pub const SESSION_RECHECK_MS: f64 = 1000.0;
/// A view that changed is re-sent at most this often (and always when it ends or the page hides).
pub const VIEW_UPDATE_INTERVAL_MS: f64 = 5000.0;
/// Events kept while a manually tracked app has not started its first view.
pub const MAX_EVENTS_BEFORE_FIRST_VIEW: usize = 1000;

/// Where a route change came from: `replaceState` only makes a new view when the path changes,
/// and hash changes only count behind `trackHashChanges`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Navigation {
    Push,
    Replace,
    Pop,
    Hash,
}

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
}

/// A click, named and identified by the browser layer.
#[derive(Debug, Clone, PartialEq)]
pub struct ClickData {
    id: String,
    name: String,
    view: ViewRef,
    /// Errors that followed the click, sent after it once its action id is final.
    errors: Vec<(f64, ErrorReport)>,
}

/// An event that arrived before the first view of a manually tracked app.
enum Early {
    Action(f64, String, Option<Value>),
    Error(f64, ErrorReport),
}

pub struct Rum {
    config: Config,
    common: Common,
    /// Where the SDK's own requests go: never traced nor reported.
    intake_endpoint: String,
    session: Option<Session>,
    session_checked: f64,
    view: Option<View>,
    last_view_sent: f64,
    /// The last view's url, to start a new view after a session ends.
    last_url: Option<(String, String)>,
    user: Context,
    global: Context,
    clicks: ClickChains<ClickData>,
    early: Vec<Early>,
    out: Vec<Event>,
    /// Traces of requests in flight, by handle, oldest first; bounded by [`MAX_OPEN_TRACES`]. A
    /// Vec (its front removal is a short copy) rather than a second VecDeque type in the wasm.
    traces: Vec<(u32, TraceIds, bool)>,
    next_trace: u32,
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
            user: Context::default(),
            global: Context::default(),
            clicks: ClickChains::default(),
            early: Vec::new(),
            out: Vec::new(),
            traces: Vec::new(),
            next_trace: 1,
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Starts (or joins) the session and, unless views are tracked manually, the first view.
    pub fn start(&mut self, env: &mut impl Env, url: &str, referrer: &str) {
        self.last_url = Some((url.to_owned(), referrer.to_owned()));
        self.ensure_session(env, false);
        if !self.config.track_views_manually && self.view.is_none() {
            self.start_view_at(env, url, referrer, None, LoadingType::InitialLoad);
        }
    }

    /// The current session, if tracked, as `getSessionId` reports it.
    pub fn session_id(&mut self, env: &mut impl Env) -> Option<String> {
        self.ensure_session(env, false);
        self.session
            .as_ref()
            .filter(|s| s.tracked)
            .map(|s| s.id.clone())
    }

    pub fn is_tracked(&self) -> bool {
        self.session.as_ref().is_some_and(|s| s.tracked)
    }

    pub fn current_view(&self) -> Option<&ViewRef> {
        self.view.as_ref().map(|v| &v.reference)
    }

    /// Ends the session now, in every tab; the next activity or event starts a new one.
    pub fn stop_session(&mut self, env: &mut impl Env) {
        self.end_view(env);
        env.write_session(None);
        self.session = None;
        self.session_checked = env.now();
    }

    /// User activity (a click, a key, a scroll) keeps the session alive.
    pub fn activity(&mut self, env: &mut impl Env) {
        self.ensure_session(env, true);
    }

    /// An SPA navigation to `url`.
    pub fn navigate(&mut self, env: &mut impl Env, url: &str, how: Navigation) {
        let Some(current) = self.view.as_ref().map(|v| v.reference.url.clone()) else {
            self.last_url = Some((url.to_owned(), String::new()));
            return;
        };
        if self.config.track_views_manually {
            return;
        }
        let (old_path, old_hash) = split_url(&current);
        let (new_path, new_hash) = split_url(url);
        let path_changed = old_path != new_path;
        let hash_changed = self.config.track_hash_changes && old_hash != new_hash;
        let new_view = match how {
            Navigation::Push | Navigation::Replace | Navigation::Pop => {
                path_changed || hash_changed
            }
            Navigation::Hash => hash_changed,
        };
        if new_view {
            self.start_view_at(env, url, &current, None, LoadingType::RouteChange);
        }
    }

    /// `startView(name)`: a new view at `url`, named by the app.
    pub fn start_named_view(&mut self, env: &mut impl Env, url: &str, name: Option<String>) {
        let referrer = self
            .view
            .as_ref()
            .map(|v| v.reference.url.clone())
            .or_else(|| self.last_url.as_ref().map(|(_, r)| r.clone()))
            .unwrap_or_default();
        let loading = if self.view.is_none() && self.last_view_sent == f64::NEG_INFINITY {
            LoadingType::InitialLoad
        } else {
            LoadingType::RouteChange
        };
        self.start_view_at(env, url, &referrer, name, loading);
        let early = core::mem::take(&mut self.early);
        for e in early {
            match e {
                Early::Action(at, name, context) => self.custom_action(env, at, name, context),
                Early::Error(at, report) => self.error_at(env, at, report),
            }
        }
    }

    /// A click on an element. `target` is a stable identity of the element (for rage clicks),
    /// `name` what a person would call it.
    pub fn click(&mut self, env: &mut impl Env, target: u64, name: String) {
        self.activity(env);
        let now = env.now();
        self.ensure_view(env);
        let Some(view) = self.current_view().cloned() else {
            return;
        };
        let data = ClickData {
            id: ids::uuid_v4(env.random()),
            name,
            view,
            errors: Vec::new(),
        };
        let finished = self.clicks.click(target, now, data);
        self.report_clicks(env, finished);
    }

    /// `addAction(name, context)`.
    pub fn add_action(&mut self, env: &mut impl Env, name: &str, context: Option<Value>) {
        let now = env.now();
        let name = super::action::clean_name(name);
        if self.needs_first_view() {
            self.keep_early(Early::Action(now, name, context));
            return;
        }
        self.custom_action(env, now, name, context);
    }

    /// An error from the page or from `addError`.
    pub fn add_error(&mut self, env: &mut impl Env, report: ErrorReport) {
        let now = env.now();
        if self.needs_first_view() {
            self.keep_early(Early::Error(now, report));
            return;
        }
        self.error_at(env, now, report);
    }

    /// Decides whether a request to `url` gets trace headers. `js` evaluates the app's RegExp and
    /// function matchers by index.
    pub fn plan_request(
        &mut self,
        env: &mut impl Env,
        url: &str,
        js: impl FnMut(usize) -> bool,
    ) -> RequestPlan {
        if url.starts_with(&self.intake_endpoint) {
            return RequestPlan::Ignore;
        }
        let Some(rule) = trace::matching_rule(&self.config.tracing_rules, url, js) else {
            return RequestPlan::Track;
        };
        let propagators = rule.propagators.clone();
        self.ensure_session(env, false);
        if !self.is_tracked() {
            return RequestPlan::Track;
        }
        let draw = u32::from_le_bytes(env.random()[..4].try_into().unwrap_or([0; 4]));
        let sampled = ids::is_sampled(draw, self.config.trace_sample_rate);
        if !sampled && self.config.trace_context_injection == Injection::Sampled {
            return RequestPlan::Track;
        }
        let span: [u8; 8] = env.random()[..8].try_into().unwrap_or([1; 8]);
        let ids = TraceIds::from_random(env.random(), span);
        let handle = self.next_trace;
        self.next_trace = self.next_trace.wrapping_add(1).max(1);
        if self.traces.len() >= MAX_OPEN_TRACES {
            self.traces.remove(0);
        }
        self.traces.push((handle, ids, sampled));
        RequestPlan::Trace {
            handle,
            headers: trace::headers(&ids, sampled, &propagators),
            ids,
            sampled,
        }
    }

    /// The trace planned for a request under `handle` (and forgets it): `None` for 0, an unknown
    /// or an evicted handle.
    pub fn trace_of(&mut self, handle: u32) -> Option<(TraceIds, bool)> {
        let i = self.traces.iter().position(|t| t.0 == handle)?;
        let (_, ids, sampled) = self.traces.remove(i);
        Some((ids, sampled))
    }

    /// A finished request or loaded resource: a resource event, counted in its view, and an
    /// error event when it failed.
    pub fn add_resource(&mut self, env: &mut impl Env, report: ResourceReport) {
        if self.needs_first_view() {
            return;
        }
        self.ensure_session(env, false);
        self.ensure_view(env);
        let Some(view) = self.view.as_mut() else {
            return;
        };
        view.resources += 1;
        view.dirty = true;
        let reference = view.reference.clone();
        let method = report
            .method
            .as_deref()
            .filter(|m| is_schema_method(m))
            .map(str::to_owned);
        let mut resource = object([
            ("id", string(&ids::uuid_v4(env.random()))),
            ("type", string(report.kind)),
            ("method", method.as_deref().and_then(string)),
            ("url", string(&report.url)),
            (
                "status_code",
                report.status.map(|s| Value::Number(f64::from(s))),
            ),
            ("duration", event::ns(report.duration)),
            ("size", report.size.and_then(event::number)),
            (
                "encoded_body_size",
                report.encoded_body_size.and_then(event::number),
            ),
            (
                "decoded_body_size",
                report.decoded_body_size.and_then(event::number),
            ),
            (
                "transfer_size",
                report.transfer_size.and_then(event::number),
            ),
        ]);
        for (name, start, duration) in &report.phases {
            resource.set(
                name,
                object([
                    ("start", event::ns(*start)),
                    ("duration", event::ns(*duration)),
                ]),
            );
        }
        let trace = report.trace.map(|(ids, _)| {
            (
                ids.trace_hex(),
                ids.span_decimal(),
                self.config.trace_sample_rate / 100.0,
            )
        });
        self.emit_with(
            report.start,
            &reference,
            Body::Resource(resource),
            None,
            trace
                .as_ref()
                .map(|(t, s, psr)| (t.as_str(), s.as_str(), *psr)),
        );
        if report.failed {
            let message = [
                if report.kind == "xhr" { "XHR" } else { "Fetch" },
                " error ",
                report.method.as_deref().unwrap_or("GET"),
                " ",
                &report.url,
            ]
            .concat();
            let resource = method.map(|m| {
                object([
                    ("method", Some(Value::String(m))),
                    (
                        "status_code",
                        event::number(f64::from(report.status.unwrap_or(0))),
                    ),
                    ("url", Some(Value::String(report.url))),
                ])
            });
            if let Some(view) = self.view.as_mut() {
                view.errors += 1;
            }
            let at = report.start + report.duration;
            self.emit_network_error(env, at, &reference, message, resource);
        }
    }

    /// Vitals and timings from the browser, in milliseconds from the start of the page.
    pub fn set_timing(&mut self, name: &str, ms: f64) {
        let Some(view) = self.view.as_mut() else {
            return;
        };
        if view.loading_type != LoadingType::InitialLoad || !ms.is_finite() || ms < 0.0 {
            return;
        }
        let v = &mut view.vitals;
        let slot = match name {
            "fcp" => &mut v.first_contentful_paint,
            "lcp" => &mut v.largest_contentful_paint,
            "ttfb" => &mut v.first_byte,
            "dom_interactive" => &mut v.dom_interactive,
            "dom_content_loaded" => &mut v.dom_content_loaded,
            "dom_complete" => &mut v.dom_complete,
            "load_event" => &mut v.load_event,
            _ => return,
        };
        *slot = Some(ms);
        view.dirty = true;
    }

    pub fn layout_shift(&mut self, value: f64, at: f64, had_recent_input: bool) {
        if let Some(view) = self.view.as_mut() {
            view.vitals.cls.add_shift(value, at, had_recent_input);
            view.dirty = true;
        }
    }

    pub fn interaction(&mut self, duration: f64) {
        if let Some(view) = self.view.as_mut() {
            view.vitals.inp.add_interaction(duration);
            view.dirty = true;
        }
    }

    pub fn long_task(&mut self) {
        if let Some(view) = self.view.as_mut() {
            view.long_tasks += 1;
            view.dirty = true;
        }
    }

    /// Periodic work: clicks whose window closed, view updates that are due.
    pub fn tick(&mut self, env: &mut impl Env) {
        let now = env.now();
        let due = self.clicks.due(now);
        self.report_clicks(env, due);
        if now - self.last_view_sent >= VIEW_UPDATE_INTERVAL_MS {
            self.send_view_if_dirty(env);
        }
    }

    /// When [`Rum::tick`] next has work, in epoch ms: a click chain closes, or a changed view is
    /// due to be re-sent. `INFINITY` when nothing waits, so an idle page is never woken.
    pub fn deadline(&self) -> f64 {
        // A chain closes strictly after its window (`ClickChains::due`): one millisecond past it.
        let clicks = self.clicks.deadline().map_or(f64::INFINITY, |at| at + 1.0);
        let view = match &self.view {
            Some(view) if view.dirty => self.last_view_sent + VIEW_UPDATE_INTERVAL_MS,
            _ => f64::INFINITY,
        };
        clicks.min(view)
    }

    /// The page is hidden or going away: report everything pending now.
    pub fn flush_pending(&mut self, env: &mut impl Env) {
        let open = self.clicks.close();
        self.report_clicks(env, open);
        self.send_view_if_dirty(env);
    }

    /// The events ready to be sent, oldest first.
    pub fn take_events(&mut self) -> Vec<Event> {
        core::mem::take(&mut self.out)
    }

    /// `setUser`: `None` when `user` is not an object (the user is left as it was).
    pub fn set_user(&mut self, user: Value) -> Option<Truncated> {
        let (user, cut) = user_from(user)?;
        self.user = user;
        Some(cut)
    }

    pub fn clear_user(&mut self) {
        self.user.clear();
    }

    pub fn global_context(&mut self) -> &mut Context {
        &mut self.global
    }

    // ---- internals ----

    fn needs_first_view(&self) -> bool {
        self.config.track_views_manually && self.view.is_none()
    }

    fn keep_early(&mut self, e: Early) {
        if self.early.len() < MAX_EVENTS_BEFORE_FIRST_VIEW {
            self.early.push(e);
        }
    }

    /// Makes sure there is a live session, joining the one other tabs share or starting one.
    fn ensure_session(&mut self, env: &mut impl Env, activity: bool) {
        let now = env.now();
        let trusted = self
            .session
            .as_ref()
            .is_some_and(|s| s.is_live(now) && now - self.session_checked < SESSION_RECHECK_MS);
        if !trusted {
            self.session_checked = now;
            let stored = live_session(env.read_session().as_deref(), now);
            let session = match stored {
                Some(s) => s,
                None => {
                    let draw = u32::from_le_bytes(env.random()[..4].try_into().unwrap_or([0; 4]));
                    let tracked = ids::is_sampled(draw, self.config.session_sample_rate);
                    let fresh = Session::start(ids::uuid_v4(env.random()), tracked, now);
                    env.write_session(Some(&fresh));
                    // Another tab may have written its own in between: the stored one wins.
                    live_session(env.read_session().as_deref(), now).unwrap_or(fresh)
                }
            };
            self.switch_session(env, session);
        }
        if activity {
            if let Some(s) = self.session.as_mut() {
                let before = s.expire;
                s.extend(now);
                // Each write is a cookie update: skip the ones that change almost nothing.
                if s.expire - before >= 1000.0 {
                    env.write_session(Some(s));
                }
            }
        }
    }

    fn switch_session(&mut self, env: &mut impl Env, session: Session) {
        let same = self.session.as_ref().is_some_and(|s| s.id == session.id);
        if same {
            self.session = Some(session);
            return;
        }
        // The old view belongs to the old session: close it there, then start over.
        let resume = self.view.as_ref().map(|v| {
            (
                v.reference.url.clone(),
                v.reference.referrer.clone(),
                v.reference.name.clone(),
            )
        });
        if self.session.is_some() {
            self.end_view(env);
        }
        self.session = Some(session);
        if let Some((url, referrer, name)) = resume {
            if self.view.is_none() {
                self.start_view_at(env, &url, &referrer, name, LoadingType::SessionRenewal);
            }
        }
    }

    /// Starts a view when there is none (after `stopSession` or an expired session).
    fn ensure_view(&mut self, env: &mut impl Env) {
        if self.view.is_some() || self.config.track_views_manually {
            return;
        }
        if let Some((url, referrer)) = self.last_url.clone() {
            let loading = if self.last_view_sent == f64::NEG_INFINITY {
                LoadingType::InitialLoad
            } else {
                LoadingType::SessionRenewal
            };
            self.start_view_at(env, &url, &referrer, None, loading);
        }
    }

    fn start_view_at(
        &mut self,
        env: &mut impl Env,
        url: &str,
        referrer: &str,
        name: Option<String>,
        loading: LoadingType,
    ) {
        self.end_view(env);
        self.ensure_session(env, false);
        let now = env.now();
        let reference = ViewRef {
            id: ids::uuid_v4(env.random()),
            url: url.to_owned(),
            referrer: referrer.to_owned(),
            name: name
                .map(|n| super::action::clean_name(&n))
                .filter(|n| !n.is_empty()),
        };
        self.last_url = Some((url.to_owned(), referrer.to_owned()));
        self.view = Some(View::new(reference, now, loading));
        self.send_view(env);
    }

    fn end_view(&mut self, env: &mut impl Env) {
        let open = self.clicks.close();
        self.report_clicks(env, open);
        if let Some(view) = self.view.as_mut() {
            view.end = Some(env.now());
            view.dirty = true;
            self.send_view(env);
            self.view = None;
        }
    }

    fn send_view_if_dirty(&mut self, env: &mut impl Env) {
        if self.view.as_ref().is_some_and(|v| v.dirty) {
            self.send_view(env);
        }
    }

    fn send_view(&mut self, env: &mut impl Env) {
        let now = env.now();
        let Some(view) = self.view.as_mut() else {
            return;
        };
        view.dirty = false;
        let body = event::view_body(view, now);
        view.document_version += 1;
        let reference = view.reference.clone();
        let start = view.start;
        self.last_view_sent = now;
        self.emit(start, &reference, body, None);
    }

    fn custom_action(&mut self, env: &mut impl Env, at: f64, name: String, context: Option<Value>) {
        self.ensure_session(env, false);
        self.ensure_view(env);
        let Some(view) = self.view.as_mut() else {
            return;
        };
        view.actions += 1;
        view.dirty = true;
        let reference = view.reference.clone();
        let action = object([
            ("id", string(&ids::uuid_v4(env.random()))),
            ("type", string("custom")),
            (
                "target",
                Some(object([("name", Some(Value::String(name)))])),
            ),
        ]);
        self.emit(at, &reference, Body::Action(action), context);
    }

    fn error_at(&mut self, env: &mut impl Env, at: f64, report: ErrorReport) {
        self.ensure_session(env, false);
        self.ensure_view(env);
        let Some(view) = self.view.as_mut() else {
            return;
        };
        view.errors += 1;
        view.dirty = true;
        // An error right after a click waits for the click, whose action id is only final
        // once its chain closes (a rage click reports the chain under its first click).
        if let Some(click) = self.clicks.error(at) {
            click.errors.push((at, report));
            return;
        }
        let reference = view.reference.clone();
        self.emit_error(env, at, &reference, report, None);
    }

    fn emit_error(
        &mut self,
        env: &mut impl Env,
        at: f64,
        view: &ViewRef,
        report: ErrorReport,
        action_id: Option<String>,
    ) {
        let error = object([
            ("id", string(&ids::uuid_v4(env.random()))),
            ("message", Some(Value::String(report.message))),
            ("source", string(report.source)),
            ("type", report.kind.map(Value::String)),
            ("stack", report.stack.map(Value::String)),
            (
                "handling",
                string(if report.handled {
                    "handled"
                } else {
                    "unhandled"
                }),
            ),
            ("source_type", string("browser")),
        ]);
        self.emit(at, view, Body::Error(error, action_id), report.context);
    }

    fn report_clicks(&mut self, env: &mut impl Env, finished: Vec<FinishedClick<ClickData>>) {
        for chain in finished {
            self.ensure_session(env, false);
            let errors = chain.errors();
            let mut frustrations = Vec::new();
            if chain.rage {
                frustrations.push(Value::String("rage_click".into()));
            }
            if errors > 0 {
                frustrations.push(Value::String("error_click".into()));
            }
            let mut clicks = chain.clicks.into_iter();
            let Some(first) = clicks.next() else {
                continue;
            };
            let data = first.data;
            if let Some(view) = self
                .view
                .as_mut()
                .filter(|v| v.reference.id == data.view.id)
            {
                view.actions += 1;
                view.frustrations += frustrations.len() as u32;
                view.dirty = true;
            }
            let action = object([
                ("id", string(&data.id)),
                ("type", string("click")),
                (
                    "target",
                    Some(object([("name", Some(Value::String(data.name)))])),
                ),
                ("error", event::count(errors)),
                (
                    "frustration",
                    (!frustrations.is_empty())
                        .then(|| object([("type", Some(Value::Array(frustrations)))])),
                ),
            ]);
            self.emit(first.at, &data.view, Body::Action(action), None);
            let followers = data
                .errors
                .into_iter()
                .chain(clicks.flat_map(|c| c.data.errors));
            for (at, report) in followers {
                self.emit_error(env, at, &data.view, report, Some(data.id.clone()));
            }
        }
    }

    fn emit_network_error(
        &mut self,
        env: &mut impl Env,
        at: f64,
        view: &ViewRef,
        message: String,
        resource: Option<Value>,
    ) {
        let mut error = object([
            ("id", string(&ids::uuid_v4(env.random()))),
            ("message", Some(Value::String(message))),
            ("source", string("network")),
            ("handling", string("unhandled")),
            ("source_type", string("browser")),
        ]);
        if let Some(resource) = resource {
            error.set("resource", resource);
        }
        self.emit(at, view, Body::Error(error, None), None);
    }

    fn emit(&mut self, date: f64, view: &ViewRef, body: Body, context: Option<Value>) {
        self.emit_with(date, view, body, context, None);
    }

    fn emit_with(
        &mut self,
        date: f64,
        view: &ViewRef,
        body: Body,
        context: Option<Value>,
        trace: Option<(&str, &str, f64)>,
    ) {
        let Some(session) = self.session.as_ref().filter(|s| s.tracked) else {
            return;
        };
        let context = if context.is_some() || !self.global.is_empty() {
            Some(self.global.merged_with(context.as_ref()))
        } else {
            None
        };
        let user = (!self.user.is_empty()).then(|| self.user.to_value());
        let mut built = event::build(
            Envelope {
                common: &self.common,
                date,
                session_id: &session.id,
                view,
                user,
                context,
            },
            body,
        );
        if let (Some((trace_id, span_id, rule_psr)), Some(dd)) =
            (trace, built.value.get_path_mut(&["_dd"]))
        {
            dd.set("trace_id", Value::String(trace_id.to_owned()));
            dd.set("span_id", Value::String(span_id.to_owned()));
            dd.set("rule_psr", Value::Number(rule_psr));
        }
        self.out.push(built);
    }
}

/// The methods the event schema knows; others are left out of the event.
fn is_schema_method(method: &str) -> bool {
    matches!(
        method,
        "POST" | "GET" | "HEAD" | "PUT" | "DELETE" | "PATCH" | "TRACE" | "OPTIONS" | "CONNECT"
    )
}

/// `(everything before the hash, the hash)`; the query belongs to the path for view purposes
/// only through the pathname, so it is dropped.
fn split_url(url: &str) -> (&str, &str) {
    let (before_hash, hash) = url.split_once('#').unwrap_or((url, ""));
    let path = before_hash.split_once('?').map_or(before_hash, |(p, _)| p);
    (path, hash)
}

#[cfg(test)]
mod tests;
