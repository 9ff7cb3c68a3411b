//! Errors, as the engine's JS read them (`js/src/errors.js`): where they came from and their
//! strings. The page's objects are read there, so nothing here walks them.

use super::abi;
use super::observe::record_error;
use super::state::event_context;
use crate::core::rum::error_report;
use crate::prelude::*;
use wasm_bindgen::prelude::*;

/// An error: `kind` 0 uncaught, 1 unhandled rejection, 2 `console.error`, 3 `addError` (with
/// its `context`); then its message, type (`TypeError`…) and stack.
#[wasm_bindgen(js_name = rumError)]
pub fn error(
    kind: u8,
    message: String,
    error_type: Option<String>,
    stack: Option<String>,
    context: JsValue,
) {
    let context = if kind == abi::CUSTOM {
        event_context(&context)
    } else {
        None
    };
    let (source, handled) = match kind {
        abi::UNCAUGHT | abi::REJECTION => ("source", false),
        abi::CONSOLE => ("console", true),
        _ => ("custom", true),
    };
    record_error(error_report(
        source, handled, message, error_type, stack, context,
    ));
}
