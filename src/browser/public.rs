//! The app's own calls: user and global context, custom actions and errors, manual views, the
//! session.

use super::abi;
use super::host::{args, console_warn, out, store_write, CONTEXTS_STORE};
use super::state::{event_context, note_truncated, pump, warn, warn_once, with};
use crate::core::json_parse::parse;
use crate::core::rum::contexts::{self, Change, Changed};
use crate::core::value::Value;
use crate::core::view::ViewOptions;
use crate::prelude::*;

/// The app's calls that carry values, other than the contexts', their arguments as JSON the JS
/// sanitized (lengths in the inbox, `-1` for `undefined` and what JSON leaves out): `op` 0
/// `addAction(a, b)`, 1 `startView(a)` at URL `b`, 2 `setViewName(a)`, 3 `addTiming(a, b)`; 4
/// to 8 `startAction`, `stopAction`, `startDurationVital`, `stopDurationVital` and
/// `addDurationVital`, each `(name a, options b)`.
#[export_name = "rumApi"]
pub extern "C" fn api(op: u8, a: i32, b: i32) {
    let (_, mut texts) = args(0, &[a, b]);
    let b = value(texts.pop().flatten());
    let a = value(texts.pop().flatten());
    match op {
        abi::ADD_ACTION => add_action(string(a), b),
        abi::START_VIEW => {
            let url = string(b).unwrap_or_default();
            with(|s| {
                s.rum
                    .start_named_view(&mut s.env, &url, ViewOptions::from_value(a))
            });
        }
        abi::SET_VIEW_NAME => {
            with(|s| s.rum.set_view_name(string(a)));
        }
        abi::ADD_TIMING => {
            let Some(name) = string(a) else {
                warn_once(warn::BAD_ARGUMENT, "addTiming expects a name");
                return;
            };
            let time = match b {
                Some(Value::Number(n)) => n,
                _ => f64::NAN,
            };
            if let Some(Some(clean)) = with(|s| s.rum.add_timing(&mut s.env, &name, time)) {
                console_warn(&cat(&[
                    "invalid timing name ",
                    &name,
                    ", sanitized to ",
                    &clean,
                ]));
            }
        }
        // A long task's start, and its event part as the engine's JS wrote it.
        abi::LONG_TASK_ENTRY => {
            if let (Some(Value::Number(start)), Some(part)) = (a, string(b)) {
                with(|s| s.rum.long_task(&mut s.env, start, part));
            }
        }
        // The timed actions, the vitals and Datadog's operations: a name, and options.
        _ => {
            let Some(name) = string(a) else {
                warn_once(
                    warn::BAD_ARGUMENT,
                    "a timed action, vital or resource needs a name",
                );
                return;
            };
            let options = b.unwrap_or(Value::Object(Vec::new()));
            with(|s| match op {
                abi::START_ACTION => s.rum.start_action(&mut s.env, name, options),
                abi::STOP_ACTION => s.rum.stop_action(&mut s.env, &name, options),
                abi::START_VITAL => s.rum.start_vital(&mut s.env, name, options),
                abi::STOP_VITAL => s.rum.stop_vital(&mut s.env, &name, options),
                abi::START_RESOURCE => s.rum.start_resource(&mut s.env, name, options),
                abi::STOP_RESOURCE => s.rum.stop_resource(&mut s.env, &name, options),
                abi::OPERATION_STEP => s.rum.operation_step(&mut s.env, &name, options),
                _ => s.rum.add_vital(&mut s.env, &name, options),
            });
        }
    }
    pump();
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

fn value(json: Option<String>) -> Option<Value> {
    parse(&json?)
}

fn string(value: Option<Value>) -> Option<String> {
    match value {
        Some(Value::String(s)) => Some(s),
        _ => None,
    }
}

/// The app's setters of the contexts, for its warnings (`…Property` for one property).
const SETTERS: [&str; 5] = [
    "setUser",
    "setAccount",
    "setGlobalContext",
    "setViewContext",
    "addFeatureFlagEvaluation",
];

/// A context call: `which` context (`abi::USER`…), `change` what to do (`abi::REPLACE_CONTEXT` with
/// object `a`, `SET_PROPERTY` `a` to `b`, `REMOVE_PROPERTY` `a`, `CLEAR_CONTEXT`, `GET_CONTEXT`, which leaves
/// the context's JSON in the outbox; `abi::INTERNAL_CONTEXT` is read only). Arguments as in
/// `rumApi`.
#[export_name = "rumContext"]
pub extern "C" fn context(which: u8, change: u8, a: i32, b: i32) {
    let (_, mut texts) = args(0, &[a, b]);
    let b = value(texts.pop().flatten());
    let a = value(texts.pop().flatten());
    let which = usize::from(which);
    let setter = SETTERS.get(which).copied().unwrap_or_default();
    let change = match change {
        abi::GET_CONTEXT => {
            let json = with(|s| {
                if which == contexts::INTERNAL {
                    s.rum.internal_context(&mut s.env)
                } else {
                    s.rum.context_json(which)
                }
            });
            out(&[json.as_deref().unwrap_or("{}").as_bytes()]);
            return;
        }
        abi::REPLACE_CONTEXT => Change::Replace(a.unwrap_or(Value::Null)),
        abi::CLEAR_CONTEXT => Change::Clear,
        _ => {
            let Some(key) = string(a) else {
                let property = if which == usize::from(abi::FEATURE_FLAGS) {
                    ""
                } else {
                    "Property"
                };
                warn_once(
                    warn::BAD_ARGUMENT,
                    &cat(&[setter, property, " expects a string key"]),
                );
                return;
            };
            match (change, b) {
                (abi::SET_PROPERTY, Some(value)) => Change::Set(key, value),
                // `undefined` or a function: nothing to carry, as a removal.
                _ => Change::Remove(key),
            }
        }
    };
    let changed = with(|s| {
        let changed = s.rum.change_context(which, change);
        // (What a page keeps for the next: the user, the account and the global context.)
        if s.rum.config().store_contexts && which <= contexts::GLOBAL {
            let kept = s.rum.stored_contexts();
            store_write(CONTEXTS_STORE, Some(&kept), 0.0);
        }
        changed
    });
    match changed {
        Some(Changed::Done(cut)) => note_truncated(cut),
        Some(Changed::NotAnObject) => {
            warn_once(warn::BAD_ARGUMENT, &cat(&[setter, " expects an object"]))
        }
        None => {}
    }
}

fn add_action(name: Option<String>, context: Option<Value>) {
    let Some(name) = name.filter(|n| !n.trim().is_empty()) else {
        warn_once(warn::BAD_ARGUMENT, "addAction expects a non-empty name");
        return;
    };
    let context = event_context(context);
    with(|s| s.rum.add_action(&mut s.env, &name, context));
}

/// Panics while holding the SDK state, as a real bug would (test builds only).
#[cfg(feature = "fault-injection")]
#[export_name = "rumInjectPanic"]
pub extern "C" fn inject_panic() {
    with(|_| panic!("injected fault"));
}
