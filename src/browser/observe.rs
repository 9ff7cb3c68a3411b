//! What the page's hooks saw: clicks (their naming sources read by the JS in one pass), errors,
//! navigations, activity, page hide, vitals. Each is handed to the core as it is.

use super::state::{pump, with};
use crate::core::action::{action_name, NameSources};
use crate::core::rum::{ErrorReport, Navigation};
use crate::prelude::*;
use wasm_bindgen::prelude::*;

/// A click on the element the JS numbered `id`, with what names it; the core names it.
#[wasm_bindgen(js_name = rumOnClick)]
pub fn on_click(
    id: f64,
    explicit: Option<String>,
    aria_label: Option<String>,
    text: Option<String>,
    attribute: Option<String>,
    tag: String,
) {
    let name = action_name(&NameSources {
        explicit,
        aria_label,
        text,
        attribute,
        tag,
    });
    with(|s| s.rum.click(&mut s.env, id as u64, name));
    pump();
}

pub fn record_error(report: ErrorReport) {
    with(|s| s.rum.add_error(&mut s.env, report));
    pump();
}

/// `kind`: 0 `pushState`, 1 `replaceState`, 2 `popstate`, 3 `hashchange`; `url` where the page
/// went.
#[wasm_bindgen(js_name = rumOnNavigate)]
pub fn on_navigate(kind: u8, url: &str) {
    let how = match kind {
        0 => Navigation::Push,
        1 => Navigation::Replace,
        2 => Navigation::Pop,
        _ => Navigation::Hash,
    };
    with(|s| s.rum.navigate(&mut s.env, url, how));
    pump();
}

/// `fcp`, `lcp`, `ttfb`, `dom_interactive`, `dom_content_loaded`, `dom_complete`, `load_event`,
/// in milliseconds from navigation start.
#[wasm_bindgen(js_name = rumTiming)]
pub fn timing(name: &str, ms: f64) {
    with(|s| s.rum.set_timing(name, ms));
}

#[wasm_bindgen(js_name = rumLayoutShift)]
pub fn layout_shift(value: f64, at: f64, had_recent_input: bool) {
    with(|s| s.rum.layout_shift(value, at, had_recent_input));
}

/// An event-timing entry: its interaction id, duration and start (ms from the time origin), and
/// `performance.interactionCount` (0 where the browser has none).
#[wasm_bindgen(js_name = rumInteraction)]
pub fn interaction(id: f64, duration: f64, start: f64, count: f64) {
    with(|s| s.rum.interaction(id as u64, duration, start, count as u32));
}

/// What the page or the app signals with no data, by number (one export instead of one each):
/// 0 `clearUser`, 1 `clearGlobalContext`, 2 `stopSession`, 3 user activity, 4 the page is hidden
/// or unloading (what waits goes now: clicks, the view's latest state), 5 the engine's timer fired
/// (work that was due), 6 a long task, 7 the page is hidden (4 and the end of LCP), 8 a pointer or
/// key press (3 and the end of LCP).
#[wasm_bindgen(js_name = rumSignal)]
pub fn signal(kind: u8) {
    with(|s| match kind {
        0 => s.rum.clear_user(),
        1 => s.rum.global_context().clear(),
        2 => s.rum.stop_session(&mut s.env),
        3 => s.rum.activity(&mut s.env),
        4 => s.rum.flush_pending(&mut s.env),
        5 => s.rum.tick(&mut s.env),
        6 => s.rum.long_task(),
        7 => s.rum.hidden(&mut s.env),
        _ => s.rum.input(&mut s.env),
    });
    pump();
}
