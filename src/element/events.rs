//! The element's events: `CustomEvent`s that bubble out of the shadow root, with the
//! run (and the error, when a request failed) in `detail`.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

pub const QUEUED: &str = "drush-io-queued";
pub const STATUS: &str = "drush-io-status";
pub const COMPLETE: &str = "drush-io-complete";
pub const ERROR: &str = "drush-io-error";

/// Dispatches `name`; an exception in a listener is reported by the browser and never
/// stops the element.
pub fn emit(host: &HtmlElement, name: &str, run: &JsValue, error: Option<&JsValue>) {
    let detail = Object::new();
    let _ = Reflect::set(&detail, &"run".into(), run);
    if let Some(error) = error {
        let _ = Reflect::set(&detail, &"error".into(), error);
    }
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}
