//! The app's own calls: user and global context, custom actions and errors, manual views, the
//! session.

use super::abi;
use super::host::{args, out};
use super::state::{event_context, note_truncated, pump, warn, warn_once, with};
use crate::core::json_parse::parse;
use crate::core::value::Value;
use crate::prelude::*;

/// The app's calls that carry values, in one export (one crossing point instead of six), their
/// arguments as JSON the JS sanitized (lengths in the inbox, `-1` for `undefined` and what JSON
/// leaves out): `op` 0 `setUser(a)`, 1 `setGlobalContextProperty(a, b)`, 2
/// `removeGlobalContextProperty(a)`, 3 `setGlobalContext(a)`, 4 `addAction(a, b)`, 5
/// `startView(a)` at URL `b`.
#[export_name = "rumApi"]
pub extern "C" fn api(op: u8, a: i32, b: i32) {
    let (_, mut texts) = args(0, &[a, b]);
    let b = texts.pop().flatten();
    let a = texts.pop().flatten();
    let value = |text: &Option<String>| text.as_deref().and_then(parse);
    let text = |text: &Option<String>| match value(text) {
        Some(Value::String(s)) => Some(s),
        _ => None,
    };
    match op {
        abi::SET_USER => set_user(value(&a)),
        abi::SET_GLOBAL_CONTEXT_PROPERTY => set_global_context_property(text(&a), value(&b)),
        abi::REMOVE_GLOBAL_CONTEXT_PROPERTY => {
            if let Some(key) = text(&a) {
                with(|s| s.rum.global_context().remove_property(&key));
            }
        }
        abi::SET_GLOBAL_CONTEXT => set_global_context(value(&a)),
        abi::ADD_ACTION => add_action(text(&a), b),
        _ => start_view(value(&a), &text(&b).unwrap_or_default()),
    }
}

/// The current session id, as the one part of the outbox; no part before `init` or when the
/// session is not tracked.
#[export_name = "rumGetSessionId"]
pub extern "C" fn get_session_id() {
    match with(|s| s.rum.session_id(&mut s.env)).flatten() {
        Some(id) => out(&[id.as_bytes()]),
        None => out(&[]),
    }
}

fn set_user(user: Option<Value>) {
    match with(|s| s.rum.set_user(user.unwrap_or(Value::Null))).flatten() {
        Some(cut) => note_truncated(cut),
        None => warn_once(
            warn::BAD_ARGUMENT,
            "setUser expects an object such as { id, name, email }",
        ),
    }
}

fn set_global_context_property(key: Option<String>, value: Option<Value>) {
    let Some(key) = key else {
        warn_once(
            warn::BAD_ARGUMENT,
            "setGlobalContextProperty expects a string key",
        );
        return;
    };
    let Some(value) = value else {
        return; // a function or `undefined`: nothing to carry
    };
    if let Some(cut) = with(|s| s.rum.global_context().set_property(&key, value)) {
        note_truncated(cut);
    }
}

fn set_global_context(context: Option<Value>) {
    let Some(value @ Value::Object(_)) = context else {
        warn_once(warn::BAD_ARGUMENT, "setGlobalContext expects an object");
        return;
    };
    if let Some(cut) = with(|s| s.rum.global_context().replace(value)) {
        note_truncated(cut);
    }
}

fn add_action(name: Option<String>, context: Option<String>) {
    let Some(name) = name.filter(|n| !n.trim().is_empty()) else {
        warn_once(warn::BAD_ARGUMENT, "addAction expects a non-empty name");
        return;
    };
    let context = event_context(context);
    with(|s| s.rum.add_action(&mut s.env, &name, context));
    pump();
}

/// `startView(name)` or `startView({ name })` at `url`, where the page was when the app called it.
fn start_view(name: Option<Value>, url: &str) {
    let name = match name {
        Some(Value::String(s)) => Some(s),
        Some(v @ Value::Object(_)) => match v.get("name") {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    };
    with(|s| s.rum.start_named_view(&mut s.env, url, name));
    pump();
}

/// Panics while holding the SDK state, as a real bug would (test builds only).
#[cfg(feature = "fault-injection")]
#[export_name = "rumInjectPanic"]
pub extern "C" fn inject_panic() {
    with(|_| panic!("injected fault"));
}
