//! The element's events: `CustomEvent`s that bubble out of the shadow root, with the
//! run (and the error, when a request failed) in `detail`.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
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
    // Built with `Reflect::set` (already imported) rather than three more setter imports.
    let init = Object::new();
    let _ = Reflect::set(&init, &"bubbles".into(), &JsValue::TRUE);
    let _ = Reflect::set(&init, &"composed".into(), &JsValue::TRUE);
    let _ = Reflect::set(&init, &"detail".into(), &detail);
    if let Ok(event) =
        CustomEvent::new_with_event_init_dict(name, init.unchecked_ref::<CustomEventInit>())
    {
        let _ = host.dispatch_event(&event);
    }
}
