//! The browser layer: reads what the page offers (`window`, `crypto`, cookies) and feeds the core.
//! Kept thin on purpose; decisions belong in `crate::core`, where they are tested natively.

pub mod api;
mod console;
pub mod dom;
mod env;
pub mod errors;
mod persist;
mod random;
pub mod sanitize;
pub mod tracing;
