//! The app's own calls: user and global context, custom actions and errors, manual views, the
//! session.

use super::abi;
use super::sanitize::{sanitize, sanitize_value};
use super::state::{event_context, note_lossy, note_truncated, pump, warn, warn_once, with};
use crate::core::value::Value;
use crate::prelude::*;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

/// The current session id, or `undefined` before `init` or when the session is not tracked.
/// The app's calls that carry values, in one export (one crossing point instead of six): `op` 0
/// `setUser(a)`, 1 `setGlobalContextProperty(a, b)`, 2 `removeGlobalContextProperty(a)`, 3
/// `setGlobalContext(a)`, 4 `addAction(a, b)`, 5 `startView(a)` at URL `b`.
#[wasm_bindgen(js_name = rumApi)]
pub fn api(op: u8, a: JsValue, b: JsValue) {
    match op {
        abi::SET_USER => set_user(a),
        abi::SET_GLOBAL_CONTEXT_PROPERTY => set_global_context_property(a, b),
        abi::REMOVE_GLOBAL_CONTEXT_PROPERTY => remove_global_context_property(a),
        abi::SET_GLOBAL_CONTEXT => set_global_context(a),
        abi::ADD_ACTION => add_action(a, b),
        _ => start_view(a, &b.as_string().unwrap_or_default()),
    }
}

#[wasm_bindgen(js_name = rumGetSessionId)]
pub fn get_session_id() -> Option<String> {
    with(|s| s.rum.session_id(&mut s.env)).flatten()
}

fn set_user(user: JsValue) {
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

fn set_global_context_property(key: JsValue, value: JsValue) {
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

fn remove_global_context_property(key: JsValue) {
    if let Some(key) = key.as_string() {
        with(|s| s.rum.global_context().remove_property(&key));
    }
}

fn set_global_context(context: JsValue) {
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

fn add_action(name: JsValue, context: JsValue) {
    let Some(name) = name.as_string().filter(|n| !n.trim().is_empty()) else {
        warn_once(warn::BAD_ARGUMENT, "addAction expects a non-empty name");
        return;
    };
    let context = event_context(&context);
    with(|s| s.rum.add_action(&mut s.env, &name, context));
    pump();
}

/// `startView(name)` or `startView({ name })` at `url`, where the page was when the app called it.
fn start_view(name: JsValue, url: &str) {
    let name = name.as_string().or_else(|| {
        Reflect::get(&name, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
    });
    with(|s| s.rum.start_named_view(&mut s.env, url, name));
    pump();
}

/// Panics while holding the SDK state, as a real bug would (test builds only).
#[cfg(feature = "fault-injection")]
#[wasm_bindgen(js_name = rumInjectPanic)]
pub fn inject_panic() {
    with(|_| panic!("injected fault"));
}
