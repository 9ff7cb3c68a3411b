//! What the page's hooks saw: clicks (their naming sources read by the JS in one pass), errors,
//! navigations, activity, page hide, vitals. Each is handed to the core as it is.

use super::abi;
use super::host::{arg, args};
use super::state::{pump, with};
use crate::core::action::{action_name, NameSources};
use crate::core::rum::{Activity, Env, ErrorReport};
use crate::core::transport::Transport;

/// A click on the element the JS numbered `id`, with what names it; the core names it.
/// `flags`: `abi::MAY_BE_DEAD`, `abi::MASKED`, `abi::SELECTED`. The inbox holds the name
/// Datadog's rules read (`js/src/click.js`) and the tag name.
#[export_name = "rumOnClick"]
pub extern "C" fn on_click(id: f64, flags: u8, name: i32, tag: i32) {
    let (_, mut texts) = args(0, &[name, tag]);
    let tag = texts.pop().flatten().unwrap_or_default();
    let name = action_name(&NameSources {
        name: texts.pop().flatten(),
        tag,
        masked: flags & abi::MASKED != 0,
    });
    let may_be_dead = flags & abi::MAY_BE_DEAD != 0;
    let selected = flags & abi::SELECTED != 0;
    with(|s| {
        s.rum
            .click(&mut s.env, id as u64, name, may_be_dead, selected)
    });
    pump();
}

pub fn record_error(report: ErrorReport) {
    with(|s| s.rum.add_error(&mut s.env, report));
    pump();
}

/// `kind`: 0 `pushState`, 1 `replaceState`, 2 `popstate`, 3 `hashchange`; `url` where the page
/// went.
#[export_name = "rumOnNavigate"]
pub extern "C" fn on_navigate(anchor: bool, url: i32) {
    let url = &arg(url);
    with(|s| s.rum.navigate(&mut s.env, url, anchor));
    pump();
}

/// Vitals and timings, in one export: `fcp`, `lcp`, `ttfb`, `dom_interactive`,
/// `dom_content_loaded`, `dom_complete`, `load_event` at `a` ms from navigation start; `cls`, a
/// layout shift of value `a` at `b` (`c` 1 after recent input); `inp`, an event-timing entry of
/// interaction `a` lasting `b` ms from `c` (ms from the time origin) with
/// `performance.interactionCount` `d` (0 where the browser has none).
#[export_name = "rumTiming"]
pub extern "C" fn timing(name: i32, a: f64, b: f64, c: f64, d: f64) {
    let name = arg(name);
    with(|s| match name.as_str() {
        "cls" => s.rum.layout_shift(a, b, c != 0.0),
        "inp" => s.rum.interaction(a as u64, b, c, d as u32),
        _ => s.rum.set_timing(&name, a),
    });
}

/// What the page or the app signals with no data, by number (one export instead of one each):
/// 0 `stopSession`, 1 user activity, 2 the page is hidden or unloading (what waits goes now:
/// clicks, the view's latest state), 3 the engine's timer fired (work that was due), 5 the page is hidden (2 and the end of LCP), 6 a pointer or key press (1 and the end of
/// LCP); 7, the clock: the time (epoch ms) the next calls happened at, while the engine
/// replays what the page did before it ran (`NaN` goes back to the live clock); 8
/// `setViewLoadingTime`; 9 the app withdrew its tracking consent; page activity, which returns
/// whether the module still watches for it (1, else 0): 10 a DOM mutation or loaded resource (at
/// `at`, `NaN` for now), 11 a request began, 12 one ended (`at`: its duration).
#[export_name = "rumSignal"]
pub extern "C" fn signal(kind: u8, at: f64) -> i32 {
    if kind == abi::CLOCK {
        with(|s| s.env.at = at);
        return 0;
    }
    let activity = match kind {
        abi::PAGE_CHANGE => Some(Activity::Change),
        abi::REQUEST_START => Some(Activity::RequestStart),
        abi::REQUEST_END => Some(Activity::RequestEnd),
        _ => None,
    };
    if let Some(kind) = activity {
        // (A request's end comes with its duration: its start by the core's clock.)
        return with(|s| {
            let at = if kind == Activity::RequestEnd {
                s.env.now() - at
            } else {
                at
            };
            s.rum.page_activity(&mut s.env, kind, at)
        })
        .unwrap_or(false) as i32;
    }
    with(|s| match kind {
        abi::STOP_SESSION => s.rum.stop_session(&mut s.env),
        abi::ACTIVITY => s.rum.activity(&mut s.env),
        abi::FLUSH => s.rum.flush_pending(&mut s.env),
        abi::TICK => s.rum.tick(&mut s.env),
        abi::HIDDEN => s.rum.hidden(&mut s.env),
        abi::VIEW_LOADED => s.rum.set_view_loading_time(&mut s.env),
        abi::CLICK_SCROLLED => s.rum.clicks.user_activity(true),
        abi::CLICK_TYPED => s.rum.clicks.user_activity(false),
        abi::CONSENT_WITHDRAWN => {
            s.rum.withdraw_consent(&mut s.env);
            // What waits to be sent goes nowhere, this page's kept copy included.
            s.transport = Transport::new(s.rum.config().batch);
            if s.persisted {
                super::persist::store(&s.page, &[]);
                s.persisted = false;
            }
        }
        _ => s.rum.input(&mut s.env),
    });
    pump();
    0
}
