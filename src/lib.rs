//! drush-io-embed: trigger drush.io ops jobs from the browser.
//!
//! The modules without a `wasm` gate hold the browser-free core and are tested natively.

mod element;

#[cfg(target_arch = "wasm32")]
pub use element::define_elements;
