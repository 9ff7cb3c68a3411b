//! The browser layer: translates what the page's JS hands over into core calls, and back. Kept
//! thin on purpose; decisions belong in `crate::core`, where they are tested natively. One file
//! per concern of the exports: `init`, page observations, requests, the app's calls, delivery.

pub mod abi;
pub mod alloc;
mod console;
pub mod delivery;
mod env;
pub mod errors;
pub mod init;
pub mod observe;
mod persist;
pub mod public;
mod random;
pub mod requests;
pub mod sanitize;
pub mod state;
pub mod tracing;
