//! drush-io-embed: trigger drush.io ops jobs from the browser.
//!
//! The modules without a `wasm` gate hold the browser-free core and are tested natively.
