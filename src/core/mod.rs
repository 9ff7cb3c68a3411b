//! The pure core: everything that can be decided without a browser. Nothing here knows of the
//! page; time and randomness come in as arguments, so `cargo test` runs it natively.

pub mod action;
pub mod activity;
pub mod batch;
pub mod config;
pub mod context;
pub mod deflate;
pub mod event;
pub mod float;
pub mod ids;
pub mod intake;
pub mod json;
pub mod json_parse;
pub mod kept;
pub mod limit;
pub mod resource;
pub mod rum;
pub mod session;
pub mod trace;
pub mod transport;
pub mod value;
pub mod view;
