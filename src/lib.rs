//! wasm-rum: a browser Real User Monitoring SDK.
//!
//! [`core`] holds the logic and is pure Rust; [`browser`] connects it to the page through the
//! module's own boundary (`browser/host.rs` and `js/src/module.js`: numbers, and UTF-8 in an
//! inbox and an outbox; no `web-sys`, no generated glue). The package's JavaScript (`js/src/`)
//! owns the hooks and guards every call into it.
//!
//! The shipped wasm is `no_std` (with `alloc`): std's panic and formatting machinery costs
//! kilobytes that every page view would download, and a panic here only has to trap (the JS
//! turns the SDK off and the page goes on). Native builds, and the browser tests (feature
//! `std`), keep std.
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]

extern crate alloc;

pub mod browser;
pub mod core;
mod prelude;

/// A panic traps: the JS entry catches the `RuntimeError`, reports it once and turns the SDK off.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}
