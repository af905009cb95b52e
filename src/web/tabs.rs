//! One poller per run across the tabs of an origin: the Web Lock and the
//! BroadcastChannel of `js/run-tabs.js`, as futures for the polling loop.

use js_sys::{Function, Object, Promise};
use std::cell::RefCell;
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Poll, Waker};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/run-tabs.js")]
extern "C" {
    type RunTabs;

    #[wasm_bindgen(constructor)]
    fn new(url: &str, on_run: &Function) -> RunTabs;

    #[wasm_bindgen(method)]
    fn acquire(this: &RunTabs) -> Promise;

    #[wasm_bindgen(method)]
    fn publish(this: &RunTabs, run: &Object);

    #[wasm_bindgen(method)]
    fn close(this: &RunTabs);
}

/// Runs other tabs observed, not yet read by the loop.
#[derive(Default)]
struct Inbox {
    runs: RefCell<Vec<JsValue>>,
    waker: RefCell<Option<Waker>>,
}

/// This tab's part in polling one run URL. Dropping it gives the lock back (or stops
/// asking for it), so another waiting tab takes over.
pub struct Tabs {
    js: RunTabs,
    inbox: Rc<Inbox>,
    _listener: Closure<dyn FnMut(JsValue)>,
}

impl Tabs {
    pub fn new(url: &str) -> Tabs {
        let inbox = Rc::new(Inbox::default());
        let listener = {
            let inbox = inbox.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |run| {
                inbox.runs.borrow_mut().push(run);
                if let Some(waker) = inbox.waker.borrow_mut().take() {
                    waker.wake();
                }
            })
        };
        Tabs {
            js: RunTabs::new(url, listener.as_ref().unchecked_ref()),
            inbox,
            _listener: listener,
        }
    }

    /// Resolves once this tab may poll: at once when no other tab polls the run.
    pub fn acquire(&self) -> JsFuture {
        JsFuture::from(self.js.acquire())
    }

    /// The next run the polling tab observed.
    pub async fn next_run(&self) -> JsValue {
        poll_fn(|cx| {
            let mut runs = self.inbox.runs.borrow_mut();
            if runs.is_empty() {
                *self.inbox.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            } else {
                Poll::Ready(runs.remove(0))
            }
        })
        .await
    }

    /// Tells the other tabs what this one's poll saw.
    pub fn publish(&self, run: &Object) {
        self.js.publish(run);
    }
}

impl Drop for Tabs {
    fn drop(&mut self) {
        self.js.close();
    }
}
