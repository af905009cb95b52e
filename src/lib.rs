//! drush-io-embed: trigger drush.io ops jobs from the browser.
//!
//! Three layers: `core` knows no browser and is tested natively; `web` is the `DrushIo`
//! class over `fetch` (wasm32 only); `element` is the `<drush-io-run-button>` web component.

pub mod core;

#[cfg(feature = "element")]
mod element;
#[cfg(target_arch = "wasm32")]
mod web;

// Talc instead of the standard dlmalloc: about 3 KB smaller (gzipped) in the wasm file,
// and a page is single-threaded, which is the case it is made for.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use crate::core::backoff::{Backoff, BackoffConfig};
pub use crate::core::base_url::BaseUrl;
pub use crate::core::error::{Error, ErrorKind};
pub use crate::core::poll::{PauseContext, PauseReason, Poller, Schedule, Seen, Start, Step};
pub use crate::core::run::{RunFields, RunSummary};
#[cfg(all(target_arch = "wasm32", feature = "element"))]
pub use element::define_elements;
#[cfg(target_arch = "wasm32")]
pub use web::{DrushIo, DrushIoError};
