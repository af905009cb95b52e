//! One poller per run across the tabs of an origin: the Web Lock and the
//! BroadcastChannel of `js/run-tabs.js`.

use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/run-tabs.js")]
extern "C" {
    type RunTabs;

    #[wasm_bindgen(constructor)]
    fn new(url: &str) -> RunTabs;

    #[wasm_bindgen(method)]
    fn next(this: &RunTabs) -> Promise;

    #[wasm_bindgen(method)]
    fn publish(this: &RunTabs, run: &Object);

    #[wasm_bindgen(method)]
    fn close(this: &RunTabs);

    #[wasm_bindgen(method, getter)]
    fn mine(this: &RunTabs) -> bool;
}

/// This tab's part in polling one run URL. Dropping it gives the lock back (or stops
/// asking for it), so another waiting tab takes over.
pub struct Tabs(RunTabs);

impl Tabs {
    pub fn new(url: &str) -> Tabs {
        Tabs(RunTabs::new(url))
    }

    /// Resolves with the next run the polling tab observed, or with `null` once this tab
    /// may poll (the loop keeps this future in a field, so it is not wrapped).
    pub fn next_run(&self) -> JsFuture {
        JsFuture::from(self.0.next())
    }

    /// Whether this tab polls for the others (it holds the lock, or there are no tabs).
    pub fn mine(&self) -> bool {
        self.0.mine()
    }

    /// Tells the other tabs what this one's poll saw.
    pub fn publish(&self, run: &Object) {
        self.0.publish(run);
    }
}

impl Drop for Tabs {
    fn drop(&mut self) {
        self.0.close();
    }
}
