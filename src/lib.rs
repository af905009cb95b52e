//! drush-io-embed: trigger drush.io ops jobs from the browser.
//!
//! The modules without a `wasm` gate hold the browser-free core and are tested natively:
//! they know nothing of JavaScript, so `cargo test` runs them in a blink. The browser
//! layer in `web` only exists on wasm32 and loops over the core with real fetches.

pub mod backoff;
pub mod base_url;
pub mod env;
pub mod error;
pub mod history;
pub mod path;
pub mod poll;
pub mod retry_after;
pub mod run;

#[cfg(feature = "element")]
mod element;
#[cfg(target_arch = "wasm32")]
mod web;

// Talc instead of the standard dlmalloc: about 3 KB smaller (gzipped) in the wasm file,
// and a page is single-threaded, which is the case it is made for.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use backoff::{Backoff, BackoffConfig};
pub use base_url::BaseUrl;
#[cfg(all(target_arch = "wasm32", feature = "element"))]
pub use element::define_elements;
pub use error::{Error, ErrorKind};
pub use poll::{PauseContext, PauseReason, Poller, Schedule, Seen, Start, Step};
pub use run::{RunFields, RunSummary};
#[cfg(target_arch = "wasm32")]
pub use web::{DrushIo, DrushIoError};
