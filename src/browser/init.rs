//! `init`: the configuration read from its JS value and checked by the core, then the session
//! and the first view; and the clock the engine sets while it replays what happened before.

use super::env::BrowserEnv;
use super::sanitize::{sanitize, sanitize_value};
use super::state::{pump, with, Sdk, SDK};
use super::{abi, console, random};
use crate::core::config::{check_proxy, is_js_option, Config, ConfigError};
use crate::core::resource::TIMING_FIELDS;
use crate::core::rum::Rum;
use crate::core::transport::Transport;
use crate::core::value::Value;
use crate::prelude::*;
use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Checks the configuration and prepares the SDK; `rumStart` then starts the session. Throws an
/// `Error` naming the bad option, and then leaves nothing started. Returns the feature flags, or
/// `undefined` when the SDK was already initialised (the first configuration is kept).
/// `session` and `kept` are the stores the engine's JS chose (`js/src/store.js`); `random`
/// returns 256 bytes of `crypto.getRandomValues`; `matchers` are the app's RegExps and functions
/// in `allowedTracingUrls`, which the options carry as `{ $js: n }` (`js/src/tracing.js`).
#[wasm_bindgen(js_name = rumInit)]
pub fn init(
    options: JsValue,
    session: Function,
    kept: Function,
    random: Function,
    matchers: js_sys::Array,
) -> Result<Option<u32>, JsError> {
    if SDK.0.try_borrow().map_or(true, |s| s.is_some()) {
        console::warn("init was called more than once; the first configuration is kept");
        return Ok(None);
    }
    let before_send = match option(&options, "beforeSend") {
        v if v.is_undefined() || v.is_null() => None,
        v => Some(v.dyn_into::<Function>().map_err(|v| {
            JsError::new(
                &("wasm-rum: beforeSend must be a function, got ".to_owned()
                    + &sanitize(&v).0.describe()),
            )
        })?),
    };
    let mut config = read_config(&options)?;
    // A function-valued proxy is the engine's to call: it gets the intake path and query.
    let proxy = option(&options, "proxy");
    if !proxy.is_undefined() && !proxy.is_null() {
        config.proxy = Some(
            check_proxy(&config, proxy.is_function(), &sanitize(&proxy).0)
                .map_err(|e| JsError::new(&e.message()))?,
        );
    }
    // Everything fallible happens before the SDK is stored, so a failure starts nothing.
    let mut random = random::Pool::new(random);
    random
        .take16()
        .ok_or_else(|| JsError::new("wasm-rum: crypto.getRandomValues is not available"))?;
    super::tracing::keep(&matchers);
    console::install_panic_hook();
    let mut flags = 0;
    for (on, flag) in [
        (config.track_user_interactions, abi::TRACK_CLICKS),
        (config.track_console_errors, abi::TRACK_CONSOLE_ERRORS),
        (config.track_resources, abi::TRACK_RESOURCES),
        (config.compress_intake_requests, abi::COMPRESS),
    ] {
        if on {
            flags |= u32::from(flag);
        }
    }
    let env = BrowserEnv::new(session, kept, random);
    let sdk = Sdk {
        transport: Transport::new(config.batch),
        rum: Rum::new(config),
        env,
        before_send,
        page: String::new(),
        persisted: false,
    };
    *SDK.0.borrow_mut() = Some(sdk);
    Ok(Some(flags))
}

/// Starts (or joins) the session and the first view at `url`; `time_origin` is
/// `performance.timeOrigin`. The engine calls it under a
/// cross-tab lock, so tabs opening together share one session.
#[wasm_bindgen(js_name = rumStart)]
pub fn start(url: &str, referrer: &str, time_origin: f64) {
    with(|s| {
        s.rum.start(&mut s.env, url, referrer, time_origin);
        if s.rum.config().persist_unsent_events {
            let kept = super::persist::take(&s.env.kept);
            s.transport.restore(kept);
        }
    });
    pump();
}

/// The `PerformanceResourceTiming` fields, comma-separated, in the order the request and
/// resource exports take them.
#[wasm_bindgen(js_name = rumTimingFields)]
pub fn timing_fields() -> String {
    TIMING_FIELDS.into()
}

fn option(options: &JsValue, key: &str) -> JsValue {
    if !options.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(options, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The options as data, read key by key through `Reflect` (a throwing getter cannot escape),
/// without the JS-valued ones; the core checks each and names the bad one.
fn read_config(options: &JsValue) -> Result<Config, JsError> {
    let value = if options.is_object() && !js_sys::Array::is_array(options) {
        let unreadable = |_| JsError::new("wasm-rum: the configuration object cannot be read");
        let mut entries = Vec::new();
        for key in Reflect::own_keys(options).map_err(unreadable)?.iter() {
            let Some(name) = key.as_string() else {
                continue;
            };
            // Functions and RegExps: taken above, not read as data.
            if is_js_option(&name) {
                continue;
            }
            let raw = Reflect::get(options, &key).map_err(unreadable)?;
            if raw.is_function() || raw.is_symbol() {
                return Err(JsError::new(
                    &("wasm-rum: ".to_owned()
                        + &name
                        + " must be a string, number, boolean, array or plain object \
                           (functions, symbols and class instances cannot be read)"),
                ));
            }
            // `undefined` is an option given no value, as JSON has it.
            if let Some(value) = sanitize_value(&raw).0 {
                entries.push((name, value));
            }
        }
        Value::Object(entries)
    } else if options.is_undefined() {
        // The core's values have no `undefined`; say what the app passed, not `null`.
        return Err(JsError::new(
            &ConfigError::not_an_object("undefined").message(),
        ));
    } else {
        sanitize(options).0
    };
    Config::from_value(&value).map_err(|e| JsError::new(&e.message()))
}
