//! `init`: the configuration, as JSON the engine's JS made of the app's object, checked by the
//! core; then the session and the first view.

use super::env::BrowserEnv;
use super::host::{arg, out};
use super::host::{console_warn, store_read, CONTEXTS_STORE};
use super::state::{pump, with, Sdk, SDK};
use super::{abi, random};
use crate::core::config::{check_proxy, is_js_function, Config, ConfigError};
use crate::core::json_parse::parse;
use crate::core::rum::Rum;
use crate::core::transport::Transport;
use crate::core::value::Value;
use crate::prelude::*;

/// Checks the configuration (JSON in the inbox, `-1` for `undefined`; functions marked
/// `{ $js: -1 }`, the app's tracing matchers `{ $js: n }`) and prepares the SDK; `rumStart`
/// then starts the session. Returns the feature flags; `-1` when the SDK was already initialised
/// (the first configuration is kept); `-2` with the message naming the bad option in the outbox,
/// and then nothing is started.
#[export_name = "rumInit"]
pub extern "C" fn init(options: i32) -> i32 {
    match prepare(options) {
        Ok(flags) => flags,
        Err(message) => {
            out(&[message.as_bytes()]);
            -2
        }
    }
}

fn prepare(options: i32) -> Result<i32, String> {
    if SDK.0.try_borrow().map_or(true, |s| s.is_some()) {
        console_warn("init was called more than once; the first configuration is kept");
        return Ok(-1);
    }
    if options < 0 {
        // The core's values have no `undefined`; say what the app passed, not `null`.
        return Err(ConfigError::not_an_object("undefined").message());
    }
    // (The JS's sanitizer writes the JSON: it always reads. `null` would be named if not.)
    let value = parse(&arg(options)).unwrap_or(Value::Null);
    let before_send = match value.get("beforeSend") {
        None | Some(Value::Null) => false,
        Some(v) if is_js_function(v) => true,
        Some(v) => {
            return Err("wasm-rum: beforeSend must be a function, got ".to_owned() + &v.describe())
        }
    };
    let mut config = Config::from_value(&value).map_err(|e| e.message())?;
    // A function-valued proxy is the engine's to call: it gets the intake path and query.
    if let Some(proxy) = value.get("proxy").filter(|p| **p != Value::Null) {
        config.proxy =
            Some(check_proxy(&config, is_js_function(proxy), proxy).map_err(|e| e.message())?);
    }
    // Everything fallible happens before the SDK is stored, so a failure starts nothing.
    let mut random = random::Pool::new();
    random
        .take16()
        .ok_or_else(|| "wasm-rum: crypto.getRandomValues is not available".to_owned())?;
    let mut flags = 0;
    for (on, flag) in [
        (config.track_user_interactions, abi::TRACK_CLICKS),
        (config.track_console_errors, abi::TRACK_CONSOLE_ERRORS),
        (config.track_resources, abi::TRACK_RESOURCES),
        (config.track_long_tasks, abi::TRACK_LONG_TASKS),
    ] {
        if on {
            flags |= i32::from(flag);
        }
    }
    for (name, why) in &config.ignored {
        console_warn(&cat(&["option ", name, " has no effect: ", why]));
    }
    let sdk = Sdk {
        transport: Transport::new(config.batch),
        rum: Rum::new(config),
        env: BrowserEnv::new(random),
        before_send,
        page: String::new(),
        persisted: false,
    };
    *SDK.0.borrow_mut() = Some(sdk);
    Ok(flags)
}

/// Starts (or joins) the session and the first view at `url` (the inbox holds it and the
/// referrer); `time_origin` is `performance.timeOrigin`. The engine calls it under a cross-tab
/// lock, so tabs opening together share one session.
#[export_name = "rumStart"]
pub extern "C" fn start(url: i32, referrer: i32, time_origin: f64) {
    let (_, mut texts) = super::host::args(0, &[url, referrer]);
    let referrer = texts.pop().flatten().unwrap_or_default();
    let url = texts.pop().flatten().unwrap_or_default();
    with(|s| {
        s.rum.start(&mut s.env, &url, &referrer, time_origin);
        if s.rum.config().persist_unsent_events {
            s.transport.restore(super::persist::take());
        }
        if s.rum.config().store_contexts {
            if let Some(stored) = store_read(CONTEXTS_STORE).and_then(|t| parse(&t)) {
                s.rum.restore_contexts(stored);
            }
        }
    });
    pump();
}
