//! Turns what the page throws or reports (an `ErrorEvent`, a rejection reason, `addError`'s
//! argument, `console.error`'s arguments) into an [`ErrorReport`].

use super::sanitize::sanitize;
use crate::core::json::{self, u64_string};
use crate::core::rum::ErrorReport;
use crate::core::value::{cut, Value};
use crate::prelude::*;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

const MAX_MESSAGE: usize = 4 * 1024;
const MAX_STACK: usize = 16 * 1024;

/// An uncaught error, from the `error` event of `window`.
pub fn from_error_event(event: &JsValue) -> ErrorReport {
    let error = get(event, "error");
    if is_error_like(&error) {
        return report(&error, "source", false, None);
    }
    let message = get(event, "message")
        .as_string()
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| "Script error.".into());
    // Without an error object (a cross-origin script, or a thrown primitive), the location is
    // all the stack there is.
    let file = get(event, "filename").as_string().unwrap_or_default();
    let stack = (!file.is_empty()).then(|| {
        let line = get(event, "lineno").as_f64().unwrap_or(0.0);
        let column = get(event, "colno").as_f64().unwrap_or(0.0);
        let (line, column) = (u64_string(line as u64), u64_string(column as u64));
        cat(&["at ", &file, ":", &line, ":", &column])
    });
    let message = if error.is_undefined() || error.is_null() {
        message
    } else {
        "Uncaught ".to_owned() + &describe(&error)
    };
    ErrorReport {
        message: cut(message, MAX_MESSAGE),
        kind: None,
        stack,
        source: "source",
        handled: false,
        context: None,
    }
}

/// An unhandled promise rejection's reason.
pub fn from_rejection(reason: &JsValue) -> ErrorReport {
    if is_error_like(reason) {
        return report(reason, "source", false, None);
    }
    ErrorReport {
        message: cut(
            "Unhandled promise rejection: ".to_owned() + &describe(reason),
            MAX_MESSAGE,
        ),
        source: "source",
        ..ErrorReport::default()
    }
}

/// `addError(error, context)`.
pub fn from_custom(error: &JsValue, context: Option<Value>) -> ErrorReport {
    if is_error_like(error) {
        return report(error, "custom", true, context);
    }
    ErrorReport {
        message: cut(describe(error), MAX_MESSAGE),
        source: "custom",
        handled: true,
        context,
        ..ErrorReport::default()
    }
}

/// `console.error(...args)`: the arguments joined as the console shows them; the stack of the
/// first error among them.
pub fn from_console(args: &js_sys::Array) -> ErrorReport {
    let mut message = String::new();
    let mut first_error = None;
    for arg in args.iter() {
        if !message.is_empty() {
            message.push(' ');
        }
        if is_error_like(&arg) {
            message.push_str(&get(&arg, "message").as_string().unwrap_or_default());
            first_error.get_or_insert(arg);
        } else {
            message.push_str(&describe(&arg));
        }
    }
    ErrorReport {
        message: cut(message, MAX_MESSAGE),
        kind: first_error
            .as_ref()
            .and_then(|e| get(e, "name").as_string()),
        stack: first_error
            .as_ref()
            .and_then(|e| get(e, "stack").as_string())
            .map(|s| cut(s, MAX_STACK)),
        source: "console",
        handled: true,
        context: None,
    }
}

fn report(
    error: &JsValue,
    source: &'static str,
    handled: bool,
    context: Option<Value>,
) -> ErrorReport {
    let message = get(error, "message").as_string().unwrap_or_default();
    ErrorReport {
        message: cut(
            if message.is_empty() {
                "Empty message".into()
            } else {
                message
            },
            MAX_MESSAGE,
        ),
        kind: get(error, "name").as_string().filter(|n| !n.is_empty()),
        stack: get(error, "stack").as_string().map(|s| cut(s, MAX_STACK)),
        source,
        handled,
        context,
    }
}

/// Errors from this realm (`instanceof Error`) and from others (an iframe's), which only look
/// like one: a string `message` and a string `name`.
fn is_error_like(v: &JsValue) -> bool {
    v.dyn_ref::<js_sys::Error>().is_some()
        || (v.is_object() && get(v, "message").is_string() && get(v, "name").is_string())
}

/// A thrown value that is not an error, as text: strings as they are, anything else as JSON.
fn describe(v: &JsValue) -> String {
    if let Some(s) = v.as_string() {
        return s;
    }
    let (value, _) = sanitize(v);
    json::to_string(&value)
}

fn get(v: &JsValue, key: &str) -> JsValue {
    if !v.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}
