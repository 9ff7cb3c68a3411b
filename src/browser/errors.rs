//! Errors, as the engine's JS read them (`js/src/errors.js`): where they came from and their
//! strings. The page's objects are read there, so nothing here walks them.

use super::abi;
use super::host::args;
use super::observe::record_error;
use super::state::event_context;
use crate::core::json_parse::parse;
use crate::core::rum::error_report;
use crate::core::value::Value;

/// An error: `kind` 0 uncaught, 1 unhandled rejection, 2 `console.error`, 3 `addError`, 4 a
/// browser report (a CSP violation, an intervention, a deprecation); the inbox holds its
/// message, type (`TypeError`…), stack and, for `addError`, its context as JSON (for a CSP
/// violation, its disposition).
#[export_name = "rumError"]
pub extern "C" fn error(kind: u8, message: i32, error_type: i32, stack: i32, context: i32) {
    let (_, mut texts) = args(0, &[message, error_type, stack, context]);
    let context = texts.pop().flatten();
    let stack = texts.pop().flatten();
    let error_type = texts.pop().flatten();
    let message = texts.pop().flatten().unwrap_or_default();
    let context = context.as_deref().and_then(parse);
    let (source, handled) = match kind {
        abi::UNCAUGHT | abi::REJECTION => ("source", false),
        abi::CONSOLE => ("console", true),
        abi::REPORT => ("report", false),
        _ => ("custom", true),
    };
    let mut report = error_report(source, handled, message, error_type, stack, None);
    match (kind, context) {
        (abi::CUSTOM, context) => report.context = event_context(context),
        (abi::REPORT, Some(Value::String(disposition))) => report.csp = Some(disposition),
        _ => {}
    }
    record_error(report);
}
