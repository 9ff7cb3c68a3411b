//! The pure core: everything that can be decided without a browser. Nothing here touches
//! `web-sys`; time and randomness come in as arguments, so `cargo test` runs it natively.

pub mod config;
pub mod ids;
pub mod value;
