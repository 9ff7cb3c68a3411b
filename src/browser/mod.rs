//! The browser layer: translates what the page's JS hands over into core calls, and back. Kept
//! thin on purpose; decisions belong in `crate::core`, where they are tested natively. One file
//! per concern of the exports: `init`, page observations, requests, the app's calls, errors,
//! delivery; `host` is the boundary itself.

pub mod abi;
pub mod alloc;
#[cfg(target_arch = "wasm32")]
pub mod delivery;
#[cfg(target_arch = "wasm32")]
mod env;
#[cfg(target_arch = "wasm32")]
pub mod errors;
#[cfg(target_arch = "wasm32")]
pub mod host;
#[cfg(target_arch = "wasm32")]
pub mod init;
#[cfg(target_arch = "wasm32")]
pub mod observe;
#[cfg(target_arch = "wasm32")]
mod persist;
#[cfg(target_arch = "wasm32")]
pub mod public;
#[cfg(target_arch = "wasm32")]
mod random;
#[cfg(target_arch = "wasm32")]
pub mod requests;
#[cfg(target_arch = "wasm32")]
pub mod state;
