//! Errors, as the engine's JS read them (`js/src/errors.js`): where they came from and their
//! strings. The page's objects are read there, so nothing here walks them.

use super::abi;
use super::host::args;
use super::observe::record_error;
use super::state::event_context;
use crate::core::json_parse::parse;
use crate::core::rum::error_report;

/// An error: `kind` 0 uncaught, 1 unhandled rejection, 2 `console.error`, 3 `addError`; the
/// inbox holds its message, type (`TypeError`…), stack and, for `addError`, its context as JSON.
#[export_name = "rumError"]
pub extern "C" fn error(kind: u8, message: i32, error_type: i32, stack: i32, context: i32) {
    let (_, mut texts) = args(0, &[message, error_type, stack, context]);
    let context = texts.pop().flatten();
    let stack = texts.pop().flatten();
    let error_type = texts.pop().flatten();
    let message = texts.pop().flatten().unwrap_or_default();
    let context = if kind == abi::CUSTOM {
        event_context(context.as_deref().and_then(parse))
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
