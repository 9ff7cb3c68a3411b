//! The functions exported to JavaScript. The package's `index.js` wraps each one so that a
//! fault here never reaches the host page.

use super::{console, random};
use crate::core::config::{Config, ConfigError};
use crate::core::ids;
use crate::core::value::Value;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

struct Sdk {
    #[allow(dead_code)] // read by the event pipeline as it lands
    config: Config,
    session: Session,
}

struct Session {
    id: String,
    tracked: bool,
}

thread_local! {
    static SDK: RefCell<Option<Sdk>> = const { RefCell::new(None) };
}

/// Starts the SDK. Throws an `Error` naming the bad option, and then leaves nothing started.
#[wasm_bindgen(js_name = rumInit)]
pub fn init(options: JsValue) -> Result<(), JsError> {
    if SDK.with(|sdk| sdk.borrow().is_some()) {
        console::warn("init was called more than once; the first configuration is kept");
        return Ok(());
    }
    let config = read_config(options)?;
    // Everything fallible happens before the SDK is stored, so a failure starts nothing.
    let session = Session {
        id: ids::uuid_v4(random::bytes().map_err(no_crypto)?),
        tracked: ids::is_sampled(
            random::u32().map_err(no_crypto)?,
            config.session_sample_rate,
        ),
    };
    console::install_panic_hook();
    SDK.with(|sdk| *sdk.borrow_mut() = Some(Sdk { config, session }));
    Ok(())
}

/// The current session id, or `undefined` before `init` or when the session is not tracked.
#[wasm_bindgen(js_name = rumGetSessionId)]
pub fn get_session_id() -> Option<String> {
    SDK.with(|sdk| {
        sdk.borrow()
            .as_ref()
            .filter(|s| s.session.tracked)
            .map(|s| s.session.id.clone())
    })
}

fn read_config(options: JsValue) -> Result<Config, JsError> {
    let value: Value = serde_wasm_bindgen::from_value(options).map_err(|e| {
        let error = JsValue::from(e);
        let message = error
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "the configuration object cannot be read".into());
        JsError::new(&format!("wasm-rum: {message}"))
    })?;
    Config::from_value(&value).map_err(|e: ConfigError| JsError::new(&e.to_string()))
}

fn no_crypto(_: JsValue) -> JsError {
    JsError::new("wasm-rum: crypto.getRandomValues is not available")
}
