//! The numbers the engine's JS and the module exchange, defined once: `scripts/abi.mjs` writes
//! `js/src/abi.js` from the `pub const` lines of this file (`node --test js/unit/` fails when the
//! two differ). One line per constant, `pub const NAME: u8 = N;`.

// Feature flags `rumInit` returns.
pub const TRACK_CLICKS: u8 = 1;
pub const TRACK_CONSOLE_ERRORS: u8 = 2;
pub const TRACK_RESOURCES: u8 = 4;
pub const COMPRESS: u8 = 8;

// `rumSignal(kind)`: what carries no data.
pub const CLEAR_USER: u8 = 0;
pub const CLEAR_GLOBAL_CONTEXT: u8 = 1;
pub const STOP_SESSION: u8 = 2;
pub const ACTIVITY: u8 = 3;
pub const FLUSH: u8 = 4;
pub const TICK: u8 = 5;
pub const LONG_TASK: u8 = 6;
pub const HIDDEN: u8 = 7;
pub const INPUT: u8 = 8;
pub const CLOCK: u8 = 9;

// `rumApi(op, a, b)`: the app's calls that carry values.
pub const SET_USER: u8 = 0;
pub const SET_GLOBAL_CONTEXT_PROPERTY: u8 = 1;
pub const REMOVE_GLOBAL_CONTEXT_PROPERTY: u8 = 2;
pub const SET_GLOBAL_CONTEXT: u8 = 3;
pub const ADD_ACTION: u8 = 4;
pub const START_VIEW: u8 = 5;

// `rumError(kind, …)`: where an error came from.
pub const UNCAUGHT: u8 = 0;
pub const REJECTION: u8 = 1;
pub const CONSOLE: u8 = 2;
pub const CUSTOM: u8 = 3;

// `rumAddRequest(kind, …)`.
pub const FETCH: u8 = 0;
pub const XHR: u8 = 1;

// `rumOnNavigate(kind, url)`.
pub const PUSH: u8 = 0;
pub const REPLACE: u8 = 1;
pub const POP: u8 = 2;
pub const HASH: u8 = 3;
