//! The page coming back (`online`, visible again, `resume`, `pageshow` from the
//! back/forward cache), told to a polling loop: each event is one more input to the
//! core's poller ([`crate::core::poll::Poller::come_back`]), which decides whether to
//! poll early.

use js_sys::Function;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/timer.js")]
extern "C" {
    #[wasm_bindgen(js_name = onComeBack)]
    fn on_come_back(back: &Function) -> Function;
}

/// The page events a loop listens to while it runs; dropping it removes the listeners,
/// so an idle page holds none.
pub struct ComeBack {
    remove: Function,
    _back: Closure<dyn FnMut()>,
}

impl ComeBack {
    /// Calls `back` each time the page comes back.
    pub fn listen(back: impl FnMut() + 'static) -> ComeBack {
        let back = Closure::<dyn FnMut()>::new(back);
        ComeBack {
            remove: on_come_back(back.as_ref().unchecked_ref()),
            _back: back,
        }
    }
}

impl Drop for ComeBack {
    fn drop(&mut self) {
        let _ = self.remove.call0(&JsValue::UNDEFINED);
    }
}
