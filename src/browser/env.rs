//! The core's [`Env`] in a page: `Date.now()`, `crypto.getRandomValues`, and the session record
//! in `localStorage`, or in a first-party cookie where subdomains share it or storage is refused.

use super::random;
use crate::core::rum::Env;
use crate::core::session::{Session, MAX_DURATION_MS, STORAGE_KEY};
use crate::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlDocument;

pub enum Store {
    Cookie {
        document: HtmlDocument,
        /// `; domain=…` when the session spans subdomains, else empty (host-only cookie).
        domain: String,
        secure: bool,
    },
    Local(web_sys::Storage),
    /// Neither cookies nor storage: the session lives as long as the page.
    Memory(Option<String>),
}

pub struct BrowserEnv {
    store: Store,
    random: random::Pool,
    /// The time the calls being replayed happened at (epoch ms); `NaN` for the live clock.
    pub at: f64,
}

impl BrowserEnv {
    pub fn new(across_subdomains: bool) -> BrowserEnv {
        BrowserEnv {
            store: pick_store(across_subdomains),
            random: random::Pool::new(),
            at: f64::NAN,
        }
    }
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
        self.random.take16().unwrap_or_else(|_| {
            let t = (js_sys::Date::now() * 1000.0) as u128;
            t.to_le_bytes()
        })
    }

    fn read_session(&self) -> Option<String> {
        match &self.store {
            Store::Cookie { document, .. } => read_cookie(document, STORAGE_KEY),
            Store::Local(storage) => storage.get_item(STORAGE_KEY).ok().flatten(),
            Store::Memory(value) => value.clone(),
        }
    }

    fn write_session(&mut self, session: Option<&Session>) {
        match &mut self.store {
            Store::Cookie {
                document,
                domain,
                secure,
            } => {
                let (value, max_age) = match session {
                    // The cookie outlives the idle deadline a little; the record's own expiry
                    // is what counts.
                    Some(s) => (s.encode(), (MAX_DURATION_MS / 1000.0) as u64),
                    None => (String::new(), 0),
                };
                let _ = document.set_cookie(&cookie_line(
                    STORAGE_KEY,
                    &value,
                    max_age,
                    domain,
                    *secure,
                ));
            }
            Store::Local(storage) => {
                let _ = match session {
                    Some(s) => storage.set_item(STORAGE_KEY, &s.encode()),
                    None => storage.remove_item(STORAGE_KEY),
                };
            }
            Store::Memory(value) => *value = session.map(Session::encode),
        }
    }
}

fn cookie_line(name: &str, value: &str, max_age: u64, domain: &str, secure: bool) -> String {
    let max_age = crate::core::json::u64_string(max_age);
    let mut line = cat(&[
        name,
        "=",
        value,
        "; path=/; max-age=",
        &max_age,
        "; SameSite=Strict",
        domain,
    ]);
    if secure {
        line.push_str("; Secure");
    }
    line
}

fn read_cookie(document: &HtmlDocument, name: &str) -> Option<String> {
    let all = document.cookie().ok()?;
    pieces(&all, b';').find_map(|pair| {
        let (k, v) = cut(pair.trim(), b'=')?;
        (k == name && !v.is_empty()).then(|| v.to_owned())
    })
}

/// `localStorage` by default: a cookie rides along on every request the page makes to its own
/// origin (measured at about 0.3 ms of CPU per request on a page without the SDK), and tabs of one
/// origin share `localStorage` as they share cookies. A cookie only where subdomains must share
/// the session (`trackSessionAcrossSubdomains`), or when storage is refused; memory last.
fn pick_store(across_subdomains: bool) -> Store {
    let window = web_sys::window();
    let local = || {
        let storage = window.as_ref()?.local_storage().ok().flatten()?;
        let probe = "_wrum_probe";
        (storage.set_item(probe, "1").is_ok() && storage.remove_item(probe).is_ok())
            .then_some(storage)
    };
    if !across_subdomains {
        if let Some(storage) = local() {
            return Store::Local(storage);
        }
    }
    let document = window
        .as_ref()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<HtmlDocument>().ok());
    if let (Some(window), Some(document)) = (window.as_ref(), document) {
        let secure = window.location().protocol().is_ok_and(|p| p == "https:");
        let host = window.location().hostname().unwrap_or_default();
        let candidates = if across_subdomains {
            domain_candidates(&host)
        } else {
            Vec::new()
        };
        // The widest domain that takes a cookie, or a host-only cookie.
        let domains = candidates
            .into_iter()
            .map(|d| "; domain=".to_owned() + d)
            .chain(core::iter::once(String::new()));
        for domain in domains {
            if cookie_works(&document, &domain, secure) {
                return Store::Cookie {
                    document,
                    domain,
                    secure,
                };
            }
        }
    }
    match local() {
        Some(storage) => Store::Local(storage),
        None => Store::Memory(None),
    }
}

fn cookie_works(document: &HtmlDocument, domain: &str, secure: bool) -> bool {
    const PROBE: &str = "_wrum_test";
    let _ = document.set_cookie(&cookie_line(PROBE, "1", 60, domain, secure));
    let works = read_cookie(document, PROBE).is_some();
    let _ = document.set_cookie(&cookie_line(PROBE, "", 0, domain, secure));
    works
}

/// `a.b.example.co.uk` → `co.uk`, `example.co.uk`, `b.example.co.uk`, `a.b.example.co.uk`: from
/// the widest, so the first that takes a cookie is the registrable domain (browsers refuse
/// public suffixes).
fn domain_candidates(host: &str) -> Vec<&str> {
    if host.bytes().all(|b| b.is_ascii_digit() || b == b'.') || !has(host, b'.') {
        return Vec::new();
    }
    // Each is a suffix of the host: what follows a dot, skipping the last label alone.
    let mut out: Vec<&str> = host
        .bytes()
        .enumerate()
        .rev()
        .filter(|(_, b)| *b == b'.')
        .skip(1)
        .filter_map(|(i, _)| host.get(i + 1..))
        .collect();
    out.push(host);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_lines() {
        assert_eq!(
            cookie_line("_wrum_s", "id=x", 14400, "", false),
            "_wrum_s=id=x; path=/; max-age=14400; SameSite=Strict"
        );
        assert_eq!(
            cookie_line("_wrum_s", "", 0, "; domain=example.com", true),
            "_wrum_s=; path=/; max-age=0; SameSite=Strict; domain=example.com; Secure"
        );
    }

    #[test]
    fn domains_from_widest() {
        assert_eq!(
            domain_candidates("a.b.example.co.uk"),
            [
                "co.uk",
                "example.co.uk",
                "b.example.co.uk",
                "a.b.example.co.uk"
            ]
        );
        assert_eq!(
            domain_candidates("app.example.com"),
            ["example.com", "app.example.com"]
        );
        assert_eq!(domain_candidates("example.com"), ["example.com"]);
        assert!(domain_candidates("localhost").is_empty());
        assert!(domain_candidates("127.0.0.1").is_empty());
    }
}
