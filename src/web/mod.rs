//! The browser layer (wasm32 only): the `DrushIo` class, `DrushIoError`, and the loop
//! that drives the core's polling state machine with real fetches and timers.
//!
//! Cancellation is Rust's own: dropping a future drops its timer (`clearTimeout`) and
//! aborts its request, so settling a promise early leaves nothing running behind it.

mod abort;
mod client;
mod come_back;
mod durations;
mod fetch;
mod js_error;
mod options;
mod run_object;
mod tabs;
mod types;
mod wait;

pub use client::DrushIo;
pub use js_error::DrushIoError;

use std::future::Future;
use std::pin::Pin;

/// Runs `task` on the page's event loop. Every task goes through this one boxed type, so
/// the wasm file holds one copy of the spawning code instead of one per future type.
pub(crate) fn spawn(task: Pin<Box<dyn Future<Output = ()>>>) {
    wasm_bindgen_futures::spawn_local(task);
}
