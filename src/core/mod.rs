//! The browser-free core: identifiers and URLs, validation, run normalisation, back-off
//! and the polling state machine. Nothing here knows JavaScript, so `cargo test` checks
//! it natively, without a browser.

pub mod backoff;
pub mod base_url;
pub mod env;
pub mod error;
pub mod history;
pub mod path;
pub mod poll;
// Native only: proptest does not build for wasm32.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod poll_properties;
pub mod retry_after;
pub mod run;
pub mod schedule;
pub mod share;
