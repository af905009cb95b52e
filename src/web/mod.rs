//! The browser layer (wasm32 only): the `DrushIo` class, `DrushIoError`, and the loop
//! that drives the core's polling state machine with real fetches and timers.
//!
//! Cancellation is Rust's own: dropping a future drops its timer (`clearTimeout`) and
//! aborts its request, so settling a promise early leaves nothing running behind it.

mod abort;
mod client;
mod fetch;
mod js_error;
mod options;
mod run_object;
mod types;
mod wait;

pub use client::DrushIo;
pub use js_error::DrushIoError;
