//! The functions exported to JavaScript. The package's `index.js` calls them from guarded
//! wrappers and listeners, so that a fault here never reaches the host page.
//!
//! The SDK state is borrowed only for short, JS-free stretches: app code (`beforeSend`, getters
//! on context objects) runs outside the borrow, so it may call back into the SDK safely.

use super::env::BrowserEnv;
use super::sanitize::{sanitize, sanitize_value};
use super::{console, dom, errors, random};
use crate::core::batch::Added;
use crate::core::config::Config;
use crate::core::context::{truncate, Truncated, CONTEXT_LIMIT_BYTES};
use crate::core::event::Event;
use crate::core::rum::{Env, ErrorReport, Navigation, RequestPlan, ResourceReport, Rum};
use crate::core::trace::TraceIds;
use crate::core::transport::{Outcome, Transport};
use crate::core::value::Value;
use crate::core::{ids, intake, json};
use js_sys::{Function, Object, Reflect};
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

struct Sdk {
    rum: Rum,
    env: BrowserEnv,
    transport: Transport,
    before_send: Option<Function>,
    ddtags: String,
}

thread_local! {
    static SDK: RefCell<Option<Sdk>> = const { RefCell::new(None) };
    static WARNED: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f` on the SDK; `None` before `init`, or when called back from app code that an SDK
/// call is running (the call is then dropped rather than risking a re-entrant borrow).
fn with<R>(f: impl FnOnce(&mut Sdk) -> R) -> Option<R> {
    SDK.with(|cell| {
        let mut guard = cell.try_borrow_mut().ok()?;
        guard.as_mut().map(f)
    })
}

/// Console warnings the app sees once per kind, however often the cause repeats.
mod warn {
    pub const CONTEXT_TRUNCATED: u32 = 1;
    pub const EVENT_TOO_LARGE: u32 = 2;
    pub const BEFORE_SEND_THREW: u32 = 4;
    pub const BAD_ARGUMENT: u32 = 8;
    pub const LOSSY_VALUE: u32 = 16;
    pub const EVENTS_DROPPED: u32 = 32;
    pub const EVENTS_REJECTED: u32 = 64;
}

fn warn_once(kind: u32, message: &str) {
    let seen = WARNED.with(|w| {
        let seen = w.get() & kind != 0;
        w.set(w.get() | kind);
        seen
    });
    if !seen {
        console::warn(message);
    }
}

/// Feature flags `init` returns to the JS entry, which installs only the listeners needed.
const TRACK_CLICKS: u32 = 1;
const TRACK_CONSOLE_ERRORS: u32 = 2;
const TRACK_RESOURCES: u32 = 4;
const COMPRESS: u32 = 8;

/// Checks the configuration and prepares the SDK; `rumStart` then starts the session. Throws an
/// `Error` naming the bad option, and then leaves nothing started. Returns the feature flags, or
/// `undefined` when the SDK was already initialised (the first configuration is kept).
#[wasm_bindgen(js_name = rumInit)]
pub fn init(options: JsValue) -> Result<Option<u32>, JsError> {
    if SDK.with(|sdk| sdk.try_borrow().map_or(true, |s| s.is_some())) {
        console::warn("init was called more than once; the first configuration is kept");
        return Ok(None);
    }
    let (options, taken) = take_js_options(&options)?;
    let [before_send, tracing_urls] = taken;
    let before_send = match before_send {
        v if v.is_undefined() || v.is_null() => None,
        v => Some(v.dyn_into::<Function>().map_err(|v| {
            JsError::new(&format!(
                "wasm-rum: beforeSend must be a function, got {}",
                sanitize(&v).0.describe()
            ))
        })?),
    };
    let mut config = read_config(options)?;
    config.tracing_rules =
        super::tracing::read_rules(&tracing_urls).map_err(|e| JsError::new(&e))?;
    // Everything fallible happens before the SDK is stored, so a failure starts nothing.
    random::bytes::<16>()
        .map_err(|_| JsError::new("wasm-rum: crypto.getRandomValues is not available"))?;
    console::install_panic_hook();
    let mut flags = 0;
    if config.track_user_interactions {
        flags |= TRACK_CLICKS;
    }
    if config.track_console_errors {
        flags |= TRACK_CONSOLE_ERRORS;
    }
    if config.track_resources {
        flags |= TRACK_RESOURCES;
    }
    if config.compress_intake_requests {
        flags |= COMPRESS;
    }
    let env = BrowserEnv::new(config.track_session_across_subdomains);
    let ddtags = crate::core::event::ddtags(
        config.service.as_deref(),
        config.env.as_deref(),
        config.version.as_deref(),
    );
    let sdk = Sdk {
        transport: Transport::new(config.batch),
        rum: Rum::new(config),
        env,
        before_send,
        ddtags,
    };
    SDK.with(|cell| *cell.borrow_mut() = Some(sdk));
    Ok(Some(flags))
}

/// Starts (or joins) the session and the first view. The JS entry calls it under a cross-tab
/// lock, so tabs opening together share one session.
#[wasm_bindgen(js_name = rumStart)]
pub fn start() {
    let (url, referrer) = location();
    with(|s| {
        s.rum.start(&mut s.env, &url, &referrer);
        if s.rum.config().persist_unsent_events {
            let kept = super::persist::take();
            s.transport.restore(kept);
        }
    });
    pump();
}

/// The current session id, or `undefined` before `init` or when the session is not tracked.
#[wasm_bindgen(js_name = rumGetSessionId)]
pub fn get_session_id() -> Option<String> {
    with(|s| s.rum.session_id(&mut s.env)).flatten()
}

/// Where the session is stored: `cookie`, `localStorage` or `memory`.
#[wasm_bindgen(js_name = rumSessionStore)]
pub fn session_store() -> Option<String> {
    with(|s| s.env.store_kind().to_owned())
}

#[wasm_bindgen(js_name = rumStopSession)]
pub fn stop_session() {
    with(|s| s.rum.stop_session(&mut s.env));
    pump();
}

#[wasm_bindgen(js_name = rumSetUser)]
pub fn set_user(user: JsValue) {
    let (value, lossy) = sanitize(&user);
    note_lossy(lossy);
    match with(|s| s.rum.set_user(value)).flatten() {
        Some(cut) => note_truncated(cut),
        None => warn_once(
            warn::BAD_ARGUMENT,
            "setUser expects an object such as { id, name, email }",
        ),
    }
}

#[wasm_bindgen(js_name = rumClearUser)]
pub fn clear_user() {
    with(|s| s.rum.clear_user());
}

#[wasm_bindgen(js_name = rumSetGlobalContextProperty)]
pub fn set_global_context_property(key: JsValue, value: JsValue) {
    let Some(key) = key.as_string() else {
        warn_once(
            warn::BAD_ARGUMENT,
            "setGlobalContextProperty expects a string key",
        );
        return;
    };
    let (value, lossy) = sanitize_value(&value);
    note_lossy(lossy);
    let Some(value) = value else {
        return; // a function or `undefined`: nothing to carry
    };
    if let Some(cut) = with(|s| s.rum.global_context().set_property(&key, value)) {
        note_truncated(cut);
    }
}

#[wasm_bindgen(js_name = rumRemoveGlobalContextProperty)]
pub fn remove_global_context_property(key: JsValue) {
    if let Some(key) = key.as_string() {
        with(|s| s.rum.global_context().remove_property(&key));
    }
}

#[wasm_bindgen(js_name = rumSetGlobalContext)]
pub fn set_global_context(context: JsValue) {
    let (value, lossy) = sanitize(&context);
    note_lossy(lossy);
    if !matches!(value, Value::Object(_)) {
        warn_once(warn::BAD_ARGUMENT, "setGlobalContext expects an object");
        return;
    }
    if let Some(cut) = with(|s| s.rum.global_context().replace(value)) {
        note_truncated(cut);
    }
}

#[wasm_bindgen(js_name = rumClearGlobalContext)]
pub fn clear_global_context() {
    with(|s| s.rum.global_context().clear());
}

#[wasm_bindgen(js_name = rumAddAction)]
pub fn add_action(name: JsValue, context: JsValue) {
    let Some(name) = name.as_string().filter(|n| !n.trim().is_empty()) else {
        warn_once(warn::BAD_ARGUMENT, "addAction expects a non-empty name");
        return;
    };
    let context = event_context(&context);
    with(|s| s.rum.add_action(&mut s.env, &name, context));
    pump();
}

#[wasm_bindgen(js_name = rumAddError)]
pub fn add_error(error: JsValue, context: JsValue) {
    let report = errors::from_custom(&error, event_context(&context));
    record_error(report);
}

#[wasm_bindgen(js_name = rumStartView)]
pub fn start_view(name: JsValue) {
    let name = name.as_string().or_else(|| {
        Reflect::get(&name, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
    });
    let (url, _) = location();
    with(|s| s.rum.start_named_view(&mut s.env, &url, name));
    pump();
}

// ---- requests and resources ----

/// What to do with a request to `url` (absolute): `null` to leave it alone entirely (the SDK's
/// own intake), `undefined` to report it without headers, or one string
/// `traceIdHex\nspanIdDecimal\nsampled(1|0)\nname1\nvalue1\nname2\nvalue2…` for the headers to
/// add (one string crosses into JS far cheaper than an array built item by item).
#[wasm_bindgen(js_name = rumPlanRequest)]
pub fn plan_request(url: String) -> JsValue {
    let js = super::tracing::evaluate_matchers(&url);
    let plan = with(|s| {
        s.rum
            .plan_request(&mut s.env, &url, |i| js.get(i).copied().unwrap_or(false))
    });
    match plan {
        None | Some(RequestPlan::Track) => JsValue::UNDEFINED,
        Some(RequestPlan::Ignore) => JsValue::NULL,
        Some(RequestPlan::Trace {
            ids,
            sampled,
            headers,
        }) => {
            let mut out = ids.trace_hex();
            out.push('\n');
            out.push_str(&ids.span_decimal());
            out.push_str(if sampled { "\n1" } else { "\n0" });
            for (name, value) in headers {
                out.push('\n');
                out.push_str(name);
                out.push('\n');
                out.push_str(&value);
            }
            JsValue::from_str(&out)
        }
    }
}

/// A finished fetch or XHR. `start` is epoch milliseconds; `timing` the matching
/// `PerformanceResourceTiming` entry when the browser has one; `trace` [`plan_request`]'s answer
/// when the request carried headers.
#[wasm_bindgen(js_name = rumAddRequest)]
#[allow(clippy::too_many_arguments)]
pub fn add_request(
    kind: &str,
    method: String,
    url: String,
    status: u16,
    start: f64,
    duration: f64,
    timing: JsValue,
    trace: JsValue,
    failed: bool,
) {
    let trace = trace.as_string().and_then(|t| {
        let mut parts = t.split('\n');
        let ids = TraceIds::parse(parts.next()?, parts.next()?)?;
        Some((ids, parts.next() == Some("1")))
    });
    let mut report = ResourceReport {
        kind: if kind == "xhr" { "xhr" } else { "fetch" },
        method: Some(method),
        url,
        status: Some(status),
        start,
        duration,
        trace,
        failed,
        ..ResourceReport::default()
    };
    read_timing(&timing, &mut report);
    with(|s| s.rum.add_resource(&mut s.env, report));
    pump();
}

/// A `PerformanceResourceTiming` entry of a script, style sheet, image… (not fetch or XHR);
/// `time_origin` is `performance.timeOrigin`.
#[wasm_bindgen(js_name = rumAddResourceEntry)]
pub fn add_resource_entry(entry: JsValue, time_origin: f64) {
    let text = |key: &str| {
        Reflect::get(&entry, &key.into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    let url = text("name");
    let kind = resource_kind(&text("initiatorType"), &url);
    let mut report = ResourceReport {
        kind,
        method: Some("GET".into()),
        url,
        start: time_origin + number(&entry, "startTime").unwrap_or(0.0),
        ..ResourceReport::default()
    };
    read_timing(&entry, &mut report);
    report.status = number(&entry, "responseStatus")
        .filter(|s| *s > 0.0)
        .map(|s| s as u16);
    with(|s| s.rum.add_resource(&mut s.env, report));
    pump();
}

/// The resource type by what loaded it, then by the file's extension.
fn resource_kind(initiator: &str, url: &str) -> &'static str {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match (initiator, ext) {
        ("script", _) | (_, "js" | "mjs") => "js",
        (_, "css") => "css",
        ("img" | "image", _)
        | (_, "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp" | "avif" | "ico") => "image",
        (_, "woff" | "woff2" | "ttf" | "otf" | "eot") => "font",
        ("video" | "audio", _) | (_, "mp4" | "webm" | "mp3" | "ogg" | "wav") => "media",
        _ => "other",
    }
}

fn number(v: &JsValue, key: &str) -> Option<f64> {
    Reflect::get(v, &key.into()).ok()?.as_f64()
}

/// Sizes, duration and phases from a `PerformanceResourceTiming` entry, when there is one.
/// Cross-origin entries without `Timing-Allow-Origin` have zeros: those phases are left out.
fn read_timing(entry: &JsValue, report: &mut ResourceReport) {
    if !entry.is_object() {
        return;
    }
    let n = |key: &str| number(entry, key).unwrap_or(0.0);
    let start = n("startTime");
    if let Some(d) = number(entry, "duration").filter(|d| *d > 0.0) {
        report.duration = d;
    }
    let size = |key: &str| number(entry, key).filter(|v| *v > 0.0);
    report.encoded_body_size = size("encodedBodySize");
    report.decoded_body_size = size("decodedBodySize");
    report.transfer_size = size("transferSize");
    report.size = report.decoded_body_size;
    let phases = [
        ("redirect", "redirectStart", "redirectEnd"),
        ("dns", "domainLookupStart", "domainLookupEnd"),
        ("connect", "connectStart", "connectEnd"),
        ("ssl", "secureConnectionStart", "connectEnd"),
        ("first_byte", "requestStart", "responseStart"),
        ("download", "responseStart", "responseEnd"),
    ];
    for (name, from, to) in phases {
        let (a, b) = (n(from), n(to));
        if a > 0.0 && b >= a && a >= start {
            report.phases.push((name, a - start, b - a));
        }
    }
}

// ---- what the page's listeners report ----

#[wasm_bindgen(js_name = rumOnClick)]
pub fn on_click(target: JsValue) {
    let Some(attribute) = with(|s| s.rum.config().action_name_attribute.clone()) else {
        return;
    };
    let Some((identity, sources)) = dom::click_target(target, &attribute) else {
        return;
    };
    let name = crate::core::action::action_name(&sources);
    with(|s| s.rum.click(&mut s.env, identity, name));
    pump();
}

#[wasm_bindgen(js_name = rumOnError)]
pub fn on_error(event: JsValue) {
    record_error(errors::from_error_event(&event));
}

#[wasm_bindgen(js_name = rumOnRejection)]
pub fn on_rejection(reason: JsValue) {
    record_error(errors::from_rejection(&reason));
}

#[wasm_bindgen(js_name = rumOnConsoleError)]
pub fn on_console_error(args: js_sys::Array) {
    record_error(errors::from_console(&args));
}

/// 0 `pushState`, 1 `replaceState`, 2 `popstate`, 3 `hashchange`.
#[wasm_bindgen(js_name = rumOnNavigate)]
pub fn on_navigate(kind: u8) {
    let how = match kind {
        0 => Navigation::Push,
        1 => Navigation::Replace,
        2 => Navigation::Pop,
        _ => Navigation::Hash,
    };
    let (url, _) = location();
    with(|s| s.rum.navigate(&mut s.env, &url, how));
    pump();
}

#[wasm_bindgen(js_name = rumOnActivity)]
pub fn on_activity() {
    with(|s| s.rum.activity(&mut s.env));
    pump();
}

/// The page is hidden or unloading: what waits (clicks, the view's latest state) goes now.
#[wasm_bindgen(js_name = rumOnHidden)]
pub fn on_hidden() {
    with(|s| s.rum.flush_pending(&mut s.env));
    pump();
}

#[wasm_bindgen(js_name = rumTick)]
pub fn tick() {
    with(|s| s.rum.tick(&mut s.env));
    pump();
}

/// `fcp`, `lcp`, `ttfb`, `dom_interactive`, `dom_content_loaded`, `dom_complete`, `load_event`,
/// in milliseconds from navigation start.
#[wasm_bindgen(js_name = rumTiming)]
pub fn timing(name: &str, ms: f64) {
    with(|s| s.rum.set_timing(name, ms));
}

#[wasm_bindgen(js_name = rumLayoutShift)]
pub fn layout_shift(value: f64, at: f64, had_recent_input: bool) {
    with(|s| s.rum.layout_shift(value, at, had_recent_input));
}

#[wasm_bindgen(js_name = rumInteraction)]
pub fn interaction(duration: f64) {
    with(|s| s.rum.interaction(duration));
}

#[wasm_bindgen(js_name = rumLongTask)]
pub fn long_task() {
    with(|s| s.rum.long_task());
}

/// The next intake request as `[id, url, body]`, or `undefined` when nothing may go now (nothing
/// due, a request in flight, offline, or backing off). `force` seals the batch first.
#[wasm_bindgen(js_name = rumNextSend)]
pub fn next_send(force: bool, online: bool) -> JsValue {
    let request = with(|s| {
        let now = s.env.now();
        let env = &mut s.env;
        s.transport.seal(now, force, || ids::uuid_v4(env.random()));
        let payload = s.transport.next_send(now, online)?;
        let url = intake::request_url(s.rum.config(), &s.ddtags, &payload.request_id);
        Some((payload.id, url, payload.body.clone()))
    })
    .flatten();
    match request {
        Some((id, url, body)) => {
            js_sys::Array::of3(&JsValue::from_f64(id as f64), &url.into(), &body.into()).into()
        }
        None => JsValue::UNDEFINED,
    }
}

/// The HTTP status of the send of payload `id` (0 for a network error), with `Retry-After` in
/// milliseconds when the intake gave one (`NaN` otherwise).
#[wasm_bindgen(js_name = rumSendResult)]
pub fn send_result(id: f64, status: u16, retry_after_ms: f64) {
    let retry_after = retry_after_ms.is_finite().then_some(retry_after_ms);
    let counts = with(|s| {
        let now = s.env.now();
        let jitter = f64::from(u32::from_le_bytes(
            s.env.random()[..4].try_into().unwrap_or([0; 4]),
        )) / f64::from(u32::MAX);
        s.transport.on_result(
            id as u64,
            Outcome::from_status(status, retry_after),
            now,
            jitter,
        );
        (
            std::mem::take(&mut s.transport.dropped_unreported),
            std::mem::take(&mut s.transport.rejected_unreported),
        )
    });
    report_losses(counts.unwrap_or((0, 0)), status);
}

/// The page is going away: everything waiting, as `[[url, body], …]` in bodies that fit
/// `sendBeacon`. With `persistUnsentEvents`, when the intake cannot be reached (offline or
/// failing) they are kept in `localStorage` for the next page instead, and the list is empty.
#[wasm_bindgen(js_name = rumTakeExit)]
pub fn take_exit(online: bool) -> js_sys::Array {
    let out = js_sys::Array::new();
    let taken = with(|s| {
        let now = s.env.now();
        let env = &mut s.env;
        let payloads = s
            .transport
            .take_for_exit(now, || ids::uuid_v4(env.random()));
        let keep = s.rum.config().persist_unsent_events && (!online || s.transport.in_retry());
        let urls: Vec<String> = payloads
            .iter()
            .map(|p| intake::request_url(s.rum.config(), &s.ddtags, &p.request_id))
            .collect();
        (payloads, urls, keep)
    });
    let Some((payloads, urls, keep)) = taken else {
        return out;
    };
    if keep {
        super::persist::keep(&payloads);
        return out;
    }
    for (payload, url) in payloads.into_iter().zip(urls) {
        out.push(&js_sys::Array::of2(&url.into(), &payload.body.into()));
    }
    out
}

fn report_losses((dropped, rejected): (u64, u64), status: u16) {
    if dropped > 0 {
        warn_once(
            warn::EVENTS_DROPPED,
            &format!(
                "{dropped} events were dropped: the intake could not be reached and the events waiting for it passed 3 MiB"
            ),
        );
    }
    if rejected > 0 {
        warn_once(
            warn::EVENTS_REJECTED,
            &format!("the intake refused {rejected} events with HTTP {status}; they were dropped, not retried"),
        );
    }
}

/// Panics while holding the SDK state, as a real bug would (test builds only).
#[cfg(feature = "fault-injection")]
#[wasm_bindgen(js_name = rumInjectPanic)]
pub fn inject_panic() {
    with(|_| panic!("injected fault"));
}

// ---- helpers ----

fn record_error(report: ErrorReport) {
    with(|s| s.rum.add_error(&mut s.env, report));
    pump();
}

/// Moves new events through `beforeSend` into the batch. The hook runs with the SDK unborrowed.
fn pump() {
    let Some((events, hook)) = with(|s| (s.rum.take_events(), s.before_send.clone())) else {
        return;
    };
    if events.is_empty() {
        return;
    }
    let lines: Vec<(String, Option<String>)> = events
        .into_iter()
        .filter_map(|mut event| {
            if let Some(hook) = &hook {
                if !apply_before_send(hook, &mut event) {
                    return None;
                }
            }
            Some((json::to_string(&event.value), event.view_id))
        })
        .collect();
    let dropped = with(|s| {
        let now = s.env.now();
        lines
            .into_iter()
            .filter(|(line, view)| {
                s.transport.add(line.clone(), view.clone(), now) == Added::TooLarge
            })
            .count()
    });
    if dropped.unwrap_or(0) > 0 {
        warn_once(
            warn::EVENT_TOO_LARGE,
            "an event larger than 256 KiB was dropped (the rest of the batch is kept)",
        );
    }
}

/// The fields `beforeSend` may change; anything else it changes is ignored.
const EDITABLE: &[&[&str]] = &[
    &["view", "url"],
    &["view", "referrer"],
    &["view", "name"],
    &["action", "target", "name"],
    &["error", "message"],
    &["error", "stack"],
    &["resource", "url"],
];

/// Runs the app's `beforeSend` on a copy of the event; returns `false` when it drops the event.
fn apply_before_send(hook: &Function, event: &mut Event) -> bool {
    let Ok(copy) = js_sys::JSON::parse(&json::to_string(&event.value)) else {
        return true;
    };
    match hook.call1(&JsValue::UNDEFINED, &copy) {
        Err(_) => {
            warn_once(
                warn::BEFORE_SEND_THREW,
                "beforeSend threw an exception; the event is sent unchanged",
            );
            true
        }
        Ok(result) if result.as_bool() == Some(false) => false,
        Ok(_) => {
            for path in EDITABLE {
                let edited = path
                    .iter()
                    .try_fold(copy.clone(), |v, key| Reflect::get(&v, &(*key).into()).ok())
                    .and_then(|v| v.as_string());
                if let (Some(text), Some(slot)) = (edited, event.value.get_path_mut(path)) {
                    *slot = Value::String(text);
                }
            }
            let context = Reflect::get(&copy, &"context".into()).unwrap_or(JsValue::UNDEFINED);
            match sanitize(&context).0 {
                Value::Object(entries) => {
                    let mut context = Value::Object(entries);
                    if truncate(&mut context, CONTEXT_LIMIT_BYTES) {
                        note_truncated(Truncated(true));
                    }
                    event.value.set("context", context);
                }
                _ => event.value.remove("context"),
            }
            true
        }
    }
}

/// An event's own context (`addAction`, `addError`): an object, cut to the context limit.
fn event_context(context: &JsValue) -> Option<Value> {
    if context.is_undefined() || context.is_null() {
        return None;
    }
    let (mut value, lossy) = sanitize(context);
    note_lossy(lossy);
    if !matches!(value, Value::Object(_)) {
        warn_once(
            warn::BAD_ARGUMENT,
            "an event context must be an object; it was ignored",
        );
        return None;
    }
    note_truncated(Truncated(truncate(&mut value, CONTEXT_LIMIT_BYTES)));
    Some(value)
}

fn note_truncated(cut: Truncated) {
    if cut.0 {
        warn_once(
            warn::CONTEXT_TRUNCATED,
            "a context larger than 3 KiB was truncated to fit",
        );
    }
}

fn note_lossy(lossy: bool) {
    if lossy {
        warn_once(
            warn::LOSSY_VALUE,
            "a context value held functions, symbols, DOM nodes or cycles; they were dropped or turned into strings",
        );
    }
}

fn location() -> (String, String) {
    let Some(window) = web_sys::window() else {
        return (String::new(), String::new());
    };
    let url = window.location().href().unwrap_or_default();
    let referrer = window.document().map(|d| d.referrer()).unwrap_or_default();
    (url, referrer)
}

/// The options serde cannot read (functions, RegExps), taken out of the options object.
const JS_OPTIONS: [&str; 2] = ["beforeSend", "allowedTracingUrls"];

/// Splits the JS-valued options from the rest, copying the object through `Reflect` so that a
/// throwing getter cannot escape.
fn take_js_options(options: &JsValue) -> Result<(JsValue, [JsValue; 2]), JsError> {
    let mut taken = [JsValue::UNDEFINED, JsValue::UNDEFINED];
    if !options.is_object() {
        return Ok((options.clone(), taken));
    }
    let unreadable = |_| JsError::new("wasm-rum: the configuration object cannot be read");
    let copy = Object::new();
    for key in Reflect::own_keys(options).map_err(unreadable)?.iter() {
        let value = Reflect::get(options, &key).map_err(unreadable)?;
        match JS_OPTIONS
            .iter()
            .position(|name| key.as_string().as_deref() == Some(name))
        {
            Some(i) => taken[i] = value,
            None => {
                let _ = Reflect::set(&copy, &key, &value);
            }
        }
    }
    Ok((copy.into(), taken))
}

fn read_config(options: JsValue) -> Result<Config, JsError> {
    let value: Value = serde_wasm_bindgen::from_value(options).map_err(|e| {
        let error = JsValue::from(e);
        let message = error
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "the configuration object cannot be read".into());
        JsError::new(&format!("wasm-rum: {message}"))
    })?;
    Config::from_value(&value).map_err(|e| JsError::new(&e.to_string()))
}
