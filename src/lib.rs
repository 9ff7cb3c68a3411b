//! wasm-rum: a browser Real User Monitoring SDK.
//!
//! [`core`] holds the logic and is pure Rust; [`browser`] connects it to the page through
//! `web-sys`. The package's JavaScript (`js/src/`) owns the hooks and guards every call into it.

pub mod browser;
pub mod core;
