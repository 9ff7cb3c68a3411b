//! Messages for the developer of the host page, always prefixed so they can be told apart.

use crate::prelude::*;

pub fn warn(message: &str) {
    super::host::console_warn(&cat(&["wasm-rum: ", message]));
}
