//! The core's [`Env`] in a page: `Date.now()`, `crypto.getRandomValues`, and the session record
//! in `localStorage`, or in a first-party cookie where subdomains share it or storage is refused.

use super::random;
use crate::core::rum::Env;
use crate::core::session::{Session, MAX_DURATION_MS};
use crate::prelude::*;
use js_sys::Function;
use wasm_bindgen::JsValue;

pub struct BrowserEnv {
    /// The session record's store, chosen by the engine's JS (`js/src/store.js`):
    /// `(value, maxAgeSeconds)`, where `undefined` reads, `null` removes, a string writes.
    session: Function,
    /// The same for the events `persistUnsentEvents` keeps for a next page.
    pub kept: Function,
    random: random::Pool,
    /// The time the calls being replayed happened at (epoch ms); `NaN` for the live clock.
    pub at: f64,
}

impl BrowserEnv {
    pub fn new(session: Function, kept: Function, random: random::Pool) -> BrowserEnv {
        BrowserEnv {
            session,
            kept,
            random,
            at: f64::NAN,
        }
    }
}

/// Reads what `store` holds (`None` when it holds nothing, or throws).
pub fn read(store: &Function) -> Option<String> {
    store.call0(&JsValue::UNDEFINED).ok()?.as_string()
}

/// Writes `value` to `store`, or removes it with `None`. A store that throws (full, refused)
/// loses the write, nothing else.
pub fn write(store: &Function, value: Option<&str>, max_age_s: f64) {
    let value = value.map_or(JsValue::NULL, JsValue::from_str);
    let _ = store.call2(&JsValue::UNDEFINED, &value, &max_age_s.into());
}

impl Env for BrowserEnv {
    fn now(&self) -> f64 {
        if self.at.is_nan() {
            js_sys::Date::now()
        } else {
            self.at
        }
    }

    fn random(&mut self) -> [u8; 16] {
        // `init` checked that crypto works; should it fail later, ids still differ by time.
        self.random
            .take16()
            .unwrap_or_else(|| ((js_sys::Date::now() * 1000.0) as u128).to_le_bytes())
    }

    fn read_session(&self) -> Option<String> {
        read(&self.session)
    }

    fn write_session(&mut self, session: Option<&Session>) {
        // A cookie outlives the idle deadline a little; the record's own expiry is what counts.
        let value = session.map(Session::encode);
        write(&self.session, value.as_deref(), MAX_DURATION_MS / 1000.0);
    }
}
