//! One poller per run across the tabs of an origin: the Web Lock and the
//! BroadcastChannel of `js/run-tabs.js`.

use js_sys::{Object, Promise};
use std::future::{poll_fn, Future};
use std::pin::Pin;
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
}

/// This tab's part in polling one run URL. Dropping it gives the lock back (or stops
/// asking for it), so another waiting tab takes over.
pub struct Tabs(RunTabs);

impl Tabs {
    pub fn new(url: &str) -> Tabs {
        Tabs(RunTabs::new(url))
    }

    /// The next run the polling tab observed, or `None` once this tab may poll.
    /// (A closure over the `JsFuture`, not an `async fn`: one state machine fewer.)
    pub fn next_run(&self) -> impl Future<Output = Option<JsValue>> {
        let mut next = JsFuture::from(self.0.next());
        poll_fn(move |cx| {
            Pin::new(&mut next)
                .poll(cx)
                .map(|run| run.ok().filter(|run| !run.is_null()))
        })
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
