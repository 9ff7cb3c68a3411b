//! From dashboard to detection: monitors evaluated on the store, synthetic API checks, and the
//! alerts they post to a webhook. The state lives here for the dashboard to show.

pub mod eval;
pub mod measure;
pub mod rules;
pub mod runner;
pub mod webhook;

pub use runner::Monitoring;
