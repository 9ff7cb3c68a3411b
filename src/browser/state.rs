//! The SDK's one state, and what every export shares: the guarded borrow, one-time warnings,
//! and the pump that moves new events through `beforeSend` into the batch.
//!
//! The state is borrowed only for short, JS-free stretches: app code (`beforeSend`, getters on
//! context objects) runs outside the borrow, so it may call back into the SDK safely.

use super::env::BrowserEnv;
use super::host::{self, Verdict};
use crate::core::batch::Added;
use crate::core::context::{truncate, Truncated, CONTEXT_LIMIT_BYTES};
use crate::core::event::{apply_edits, Event};
use crate::core::rum::{Env, Rum};
use crate::core::transport::Transport;
use crate::core::value::Value;
use crate::core::{json, json_parse};
use crate::prelude::*;
use core::cell::{Cell, RefCell};

pub struct Sdk {
    pub rum: Rum,
    pub env: BrowserEnv,
    pub transport: Transport,
    /// Whether the app gave a `beforeSend` (the engine's JS keeps it).
    pub before_send: bool,
    /// With `persistUnsentEvents`: this page's id in the kept entries, and whether it has some
    /// there now (so each delivery updates them).
    pub page: String,
    pub persisted: bool,
}

/// A static that only one thread ever touches: the wasm module runs on the page's thread, with
/// no shared memory. Cheaper than `thread_local!`, whose lazy-init bookkeeping costs bytes in
/// every access.
pub struct Local<T>(pub T);
// SAFETY: the module is built without threads (no atomics, no shared memory), so a `Local` is
// only ever reached from the one thread that runs it.
unsafe impl<T> Sync for Local<T> {}

pub static SDK: Local<RefCell<Option<Sdk>>> = Local(RefCell::new(None));
static WARNED: Local<Cell<u32>> = Local(Cell::new(0));

/// Runs `f` on the SDK; `None` before `init`, or when called back from app code that an SDK
/// call is running (the call is then dropped rather than risking a re-entrant borrow).
pub fn with<R>(f: impl FnOnce(&mut Sdk) -> R) -> Option<R> {
    let mut guard = SDK.0.try_borrow_mut().ok()?;
    guard.as_mut().map(f)
}

/// Console warnings the app sees once per kind, however often the cause repeats.
pub mod warn {
    pub const CONTEXT_TRUNCATED: u32 = 1;
    pub const EVENT_TOO_LARGE: u32 = 2;
    pub const BEFORE_SEND_THREW: u32 = 4;
    pub const BAD_ARGUMENT: u32 = 8;
    pub const EVENTS_DROPPED: u32 = 32;
    pub const EVENTS_REJECTED: u32 = 64;
    pub const VIEW_NOT_DROPPED: u32 = 128;
}

pub fn warn_once(kind: u32, message: &str) {
    let seen = WARNED.0.get();
    WARNED.0.set(seen | kind);
    if seen & kind == 0 {
        host::console_warn(message);
    }
}

/// Moves new events through `beforeSend` into the batch. The hook runs with the SDK unborrowed.
pub fn pump() {
    let Some((mut events, hook)) = with(|s| (s.rum.take_events(), s.before_send)) else {
        return;
    };
    if events.is_empty() {
        return;
    }
    if hook {
        events.retain_mut(apply_before_send);
    }
    let dropped = with(|s| {
        let now = s.env.now();
        let mut dropped = 0;
        for event in events {
            if s.transport.add(event.json, event.view_id, now) == Added::TooLarge {
                dropped += 1;
            }
        }
        dropped
    });
    if dropped.unwrap_or(0) > 0 {
        warn_once(
            warn::EVENT_TOO_LARGE,
            "an event larger than 256 KiB was dropped (the rest of the batch is kept)",
        );
    }
}

/// Runs the app's `beforeSend` on a copy of the event; returns `false` when it drops the event.
fn apply_before_send(event: &mut Event) -> bool {
    // `[context, the rest of the event]`, each sanitized on its own by the JS.
    let edited = match host::call_before_send(&event.json) {
        Verdict::Unchanged => return true,
        Verdict::Dropped if event.droppable() => return false,
        Verdict::Dropped => {
            warn_once(
                warn::VIEW_NOT_DROPPED,
                "beforeSend cannot drop view events (the other events refer to them); the view is sent",
            );
            return true;
        }
        Verdict::Edited(text) => json_parse::parse(&text),
    };
    let Some(Value::Array(mut parts)) = edited else {
        return true;
    };
    let copy = parts.pop().unwrap_or(Value::Null);
    // (The event's own text, which the SDK wrote, reads back as it was.)
    let Some(mut value) = json_parse::parse(&event.json) else {
        return true;
    };
    apply_edits(&mut value, |path| {
        match path.iter().try_fold(&copy, |v, key| v.get(key))? {
            Value::String(s) => Some(s.clone()),
            _ => None,
        }
    });
    match parts.pop() {
        Some(mut context @ Value::Object(_)) if context != Value::Object(Vec::new()) => {
            if truncate(&mut context, CONTEXT_LIMIT_BYTES) {
                note_truncated(Truncated(true));
            }
            value.set("context", context);
        }
        _ => value.remove("context"),
    }
    event.json = json::to_string(&value);
    true
}

/// An event's own context (`addAction`, `addError`), as the JS sanitized it: an object, cut to
/// the context limit.
pub fn event_context(value: Option<Value>) -> Option<Value> {
    let mut value = value?;
    if !matches!(value, Value::Object(_)) {
        if value != Value::Null {
            warn_once(
                warn::BAD_ARGUMENT,
                "an event context must be an object; it was ignored",
            );
        }
        return None;
    }
    note_truncated(Truncated(truncate(&mut value, CONTEXT_LIMIT_BYTES)));
    Some(value)
}

pub fn note_truncated(cut: Truncated) {
    if cut.0 {
        warn_once(
            warn::CONTEXT_TRUNCATED,
            "a context larger than 3 KiB was truncated to fit",
        );
    }
}
