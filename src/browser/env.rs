//! The core's [`Env`] in a page: `Date.now()`, `crypto.getRandomValues`, and the session record
//! in the store the engine's JS chose (`js/src/store.js`: `localStorage`, or a first-party
//! cookie where subdomains share it or storage is refused).

use super::host::{date_now, store_read, store_write, SESSION_STORE};
use super::random;
use crate::core::rum::Env;
use crate::core::session::{Session, MAX_DURATION_MS};
use crate::prelude::*;

pub struct BrowserEnv {
    random: random::Pool,
    /// The time the calls being replayed happened at (epoch ms); `NaN` for the live clock.
    pub at: f64,
}

impl BrowserEnv {
    pub fn new(random: random::Pool) -> BrowserEnv {
        BrowserEnv {
            random,
            at: f64::NAN,
        }
    }
}

impl Env for BrowserEnv {
    fn now(&self) -> f64 {
        if self.at.is_nan() {
            date_now()
        } else {
            self.at
        }
    }

    fn random(&mut self) -> [u8; 16] {
        // `init` checked that crypto works; should it fail later, ids still differ by time.
        self.random
            .take16()
            .unwrap_or_else(|| ((date_now() * 1000.0) as u128).to_le_bytes())
    }

    fn read_session(&self) -> Option<String> {
        store_read(SESSION_STORE)
    }

    fn write_session(&mut self, session: Option<&Session>) {
        // A cookie outlives the idle deadline a little; the record's own expiry is what counts.
        // With an anonymous id it lasts a year, as Datadog's does.
        let value = session.map(Session::encode);
        let max_age = match session {
            Some(s) if s.anonymous_id.is_some() => 365.0 * 24.0 * 3600.0,
            _ => MAX_DURATION_MS / 1000.0,
        };
        store_write(SESSION_STORE, value.as_deref(), max_age);
    }
}
