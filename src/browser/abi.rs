//! The numbers the engine's JS and the module exchange, defined once: `scripts/abi.mjs` writes
//! `js/src/abi.js` from the `pub const` lines of this file (`node --test js/unit/` fails when the
//! two differ). One line per constant, `pub const NAME: u8 = N;`.

// Feature flags `rumInit` returns.
pub const TRACK_CLICKS: u8 = 1;
pub const TRACK_CONSOLE_ERRORS: u8 = 2;
pub const TRACK_RESOURCES: u8 = 4;
pub const TRACK_LONG_TASKS: u8 = 16;

// `rumSignal(kind)`: what carries no data.
pub const STOP_SESSION: u8 = 0;
pub const ACTIVITY: u8 = 1;
pub const FLUSH: u8 = 2;
pub const TICK: u8 = 3;
pub const HIDDEN: u8 = 5;
pub const INPUT: u8 = 6;
pub const CLOCK: u8 = 7;
pub const VIEW_LOADED: u8 = 8;
pub const CONSENT_WITHDRAWN: u8 = 9;
// Page activity (`core::rum::Activity`): these return whether the module still watches for it.
pub const PAGE_CHANGE: u8 = 10;
pub const REQUEST_START: u8 = 11;
pub const REQUEST_END: u8 = 12;
// What the user did after a click (Datadog's user activity): a scroll, an input.
pub const CLICK_SCROLLED: u8 = 13;
pub const CLICK_TYPED: u8 = 14;

// `rumOnClick(id, flags, …)`.
pub const MAY_BE_DEAD: u8 = 1;
pub const MASKED: u8 = 2;
pub const SELECTED: u8 = 4;

// `rumApi(op, a, b)`: the app's calls that carry values, other than the contexts'.
pub const ADD_ACTION: u8 = 0;
pub const START_VIEW: u8 = 1;
pub const SET_VIEW_NAME: u8 = 2;
pub const ADD_TIMING: u8 = 3;
pub const START_ACTION: u8 = 4;
pub const STOP_ACTION: u8 = 5;
pub const START_VITAL: u8 = 6;
pub const STOP_VITAL: u8 = 7;
pub const ADD_VITAL: u8 = 8;
pub const LONG_TASK_ENTRY: u8 = 9;
pub const START_RESOURCE: u8 = 10;
pub const STOP_RESOURCE: u8 = 11;
pub const OPERATION_STEP: u8 = 12;

// `rumContext(which, change, a, b)`: the app's contexts (`core::rum::contexts` numbers them the
// same; a test checks) and what to do with one.
pub const USER: u8 = 0;
pub const ACCOUNT: u8 = 1;
pub const GLOBAL: u8 = 2;
pub const VIEW_CONTEXT: u8 = 3;
pub const FEATURE_FLAGS: u8 = 4;
pub const INTERNAL_CONTEXT: u8 = 5;
pub const REPLACE_CONTEXT: u8 = 0;
pub const SET_PROPERTY: u8 = 1;
pub const REMOVE_PROPERTY: u8 = 2;
pub const CLEAR_CONTEXT: u8 = 3;
pub const GET_CONTEXT: u8 = 4;

// `rumError(kind, …)`: where an error came from.
pub const UNCAUGHT: u8 = 0;
pub const REJECTION: u8 = 1;
pub const CONSOLE: u8 = 2;
pub const CUSTOM: u8 = 3;
pub const REPORT: u8 = 4;

// `rumAddRequest(kind, …)`.
pub const FETCH: u8 = 0;
pub const XHR: u8 = 1;

#[cfg(test)]
mod tests {
    use crate::core::rum::contexts;

    #[test]
    fn context_numbers_are_the_cores() {
        for (abi, core) in [
            (super::USER, contexts::USER),
            (super::ACCOUNT, contexts::ACCOUNT),
            (super::GLOBAL, contexts::GLOBAL),
            (super::VIEW_CONTEXT, contexts::VIEW),
            (super::FEATURE_FLAGS, contexts::FEATURE_FLAGS),
            (super::INTERNAL_CONTEXT, contexts::INTERNAL),
        ] {
            assert_eq!(usize::from(abi), core);
        }
    }
}
