//! The module's boundary with the engine's JS (`js/src/module.js`), without wasm-bindgen: its
//! runtime and generated glue cost about 4 KB gzip for what numbers and a few byte strings do.
//!
//! - Numbers cross as they are.
//! - Strings and numbers for an export go through the *inbox*: the JS asks `rumIn(bytes)` for
//!   room, writes the `f64`s first and then the UTF-8 strings one after another, and passes each
//!   string's byte length to the export (`-1` for none). The export copies them out at once,
//!   before any call into JS (app code may re-enter and fill the inbox again).
//! - Results go through the *outbox* at `rumOut()`: the number of parts, then each part's
//!   length and its bytes (lengths as little-endian `u32`s).
//! - The JS's functions are imports of module `r`: numbers in, numbers out; a string from JS is
//!   prepared by the call, which returns its byte length, and copied by `take(ptr)`.
//!
//! The browser tests (feature `std`) bind the same imports through wasm-bindgen to
//! `globalThis.rumHost`, a host they build in the page.

use super::state::Local;
use crate::prelude::utf8;
use crate::prelude::*;
use core::cell::RefCell;

// One declaration, two bindings: the shipped module imports them from module `r`; the browser
// tests (feature `std`) bind them through wasm-bindgen to `globalThis.rumHost`.
#[cfg_attr(not(feature = "std"), link(wasm_import_module = "r"))]
#[cfg_attr(
    feature = "std",
    wasm_bindgen::prelude::wasm_bindgen(js_namespace = rumHost)
)]
extern "C" {
    fn now() -> f64;
    fn warn(ptr: *const u8, len: usize);
    fn store(which: u32, ptr: *const u8, len: i32, max_age_s: f64) -> i32;
    fn take(ptr: *mut u8);
    fn random(ptr: *mut u8, len: usize) -> i32;
    fn matches(index: u32, ptr: *const u8, len: usize) -> i32;
    fn before_send(ptr: *const u8, len: usize) -> i32;
}

// (One `unsafe` block for both bindings: wasm-bindgen's functions are safe to call.)
#[allow(unused_unsafe)]
pub fn date_now() -> f64 {
    unsafe { now() }
}

/// A message for the developer of the host page (the engine's JS prefixes it with `wasm-rum: `).
#[allow(unused_unsafe)]
pub fn console_warn(message: &str) {
    unsafe { warn(message.as_ptr(), message.len()) }
}

/// The text a call into JS prepared, `len` bytes (`None` for a negative length).
#[allow(unused_unsafe)]
fn taken(len: i32) -> Option<String> {
    let mut bytes = vec![0u8; usize::try_from(len).ok()?];
    unsafe { take(bytes.as_mut_ptr()) };
    utf8(bytes)
}

pub const SESSION_STORE: u32 = 0;
pub const KEPT_STORE: u32 = 1;
pub const CONTEXTS_STORE: u32 = 2;

/// What store `which` holds; `None` when it holds nothing, or cannot be read.
#[allow(unused_unsafe)]
pub fn store_read(which: u32) -> Option<String> {
    taken(unsafe { store(which, core::ptr::null(), -2, 0.0) })
}

/// Writes `value` to store `which` (kept `max_age_s` seconds where a cookie holds it), or
/// removes it with `None`. A store that throws (full, refused) loses the write, nothing else.
#[allow(unused_unsafe)]
pub fn store_write(which: u32, value: Option<&str>, max_age_s: f64) {
    let (ptr, len) = value.map_or((core::ptr::null(), -1), |v| (v.as_ptr(), v.len() as i32));
    unsafe { store(which, ptr, len, max_age_s) };
}

/// Fills `bytes` from `crypto.getRandomValues`; `false` when the browser gives none.
#[allow(unused_unsafe)]
pub fn fill_random(bytes: &mut [u8]) -> bool {
    unsafe { random(bytes.as_mut_ptr(), bytes.len()) == 1 }
}

/// Whether the app's matcher `index` (`js/src/tracing.js`) accepts `url`; one that throws does
/// not.
#[allow(unused_unsafe)]
pub fn js_matches(index: usize, url: &str) -> bool {
    unsafe { matches(index as u32, url.as_ptr(), url.len()) == 1 }
}

/// What the app's `beforeSend` did with the event `json`.
pub enum Verdict {
    /// It returned `false`.
    Dropped,
    /// It threw, or there is none: the event goes as it is.
    Unchanged,
    /// The event as the hook left it, sanitized, as JSON.
    Edited(String),
}

#[allow(unused_unsafe)]
pub fn call_before_send(json: &str) -> Verdict {
    match unsafe { before_send(json.as_ptr(), json.len()) } {
        -1 => Verdict::Dropped,
        n => taken(n).map_or(Verdict::Unchanged, Verdict::Edited),
    }
}

static INBOX: Local<RefCell<Vec<u64>>> = Local(RefCell::new(Vec::new()));
static OUTBOX: Local<RefCell<Vec<u8>>> = Local(RefCell::new(Vec::new()));

/// Room for `bytes` bytes of arguments (8-aligned, for the numbers that come first).
#[export_name = "rumIn"]
pub extern "C" fn inbox(bytes: usize) -> *mut u8 {
    let mut inbox = INBOX.0.borrow_mut();
    inbox.clear();
    inbox.resize(bytes.div_ceil(8), 0);
    inbox.as_mut_ptr().cast()
}

/// Where the last export's results are.
#[export_name = "rumOut"]
pub extern "C" fn outbox() -> *const u8 {
    OUTBOX.0.borrow().as_ptr()
}

/// The inbox's arguments: `numbers` `f64`s, then one string per length (`None` for a negative
/// one).
pub fn args(numbers: usize, lens: &[i32]) -> (Vec<f64>, Vec<Option<String>>) {
    let inbox = INBOX.0.borrow();
    let words = inbox.get(..numbers).unwrap_or_default();
    let floats = words.iter().map(|w| f64::from_bits(*w)).collect();
    // SAFETY: the inbox is a live `Vec<u64>`: its bytes are initialised, and `u8` needs no
    // alignment.
    let bytes: &[u8] =
        unsafe { core::slice::from_raw_parts(inbox.as_ptr().cast(), inbox.len() * 8) };
    let mut at = numbers * 8;
    let mut strings = Vec::with_capacity(lens.len());
    for &len in lens {
        let text = usize::try_from(len).ok().and_then(|len| {
            let s = bytes.get(at..at + len)?;
            at += len;
            utf8(s.to_vec())
        });
        strings.push(text);
    }
    (floats, strings)
}

/// The one string argument of an export (empty when absent).
pub fn arg(len: i32) -> String {
    args(0, &[len]).1.pop().flatten().unwrap_or_default()
}

/// Replaces the outbox with `parts`.
pub fn out(parts: &[&[u8]]) {
    let mut outbox = OUTBOX.0.borrow_mut();
    outbox.clear();
    outbox.extend_from_slice(&(parts.len() as u32).to_le_bytes());
    for part in parts {
        outbox.extend_from_slice(&(part.len() as u32).to_le_bytes());
        outbox.extend_from_slice(part);
    }
}
