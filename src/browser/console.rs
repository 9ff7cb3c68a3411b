//! Messages for the developer of the host page, always prefixed so they can be told apart.

use crate::prelude::*;
use wasm_bindgen::JsValue;

pub fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&("wasm-rum: ".to_owned() + message)));
}

/// Reports a Rust panic with its message in debug builds. Release builds leave it out (the message
/// formatting costs kilobytes); there the JS entry reports the trap and turns the SDK off.
#[cfg(all(debug_assertions, feature = "std"))]
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        warn(&format!("internal error, the SDK is now disabled: {info}"));
    }));
}

#[cfg(not(all(debug_assertions, feature = "std")))]
pub fn install_panic_hook() {}
