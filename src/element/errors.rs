//! Errors the element itself raises (before the client is involved), shaped like the
//! client's `DrushIoError` so listeners handle both the same way.

use js_sys::{Error, Reflect};
use wasm_bindgen::JsValue;

pub fn invalid_argument(message: &str) -> JsValue {
    let error = Error::new(message);
    error.set_name("DrushIoError");
    let _ = Reflect::set(&error, &"kind".into(), &"invalid-argument".into());
    error.into()
}

/// The text shown under the button when a request failed.
pub fn message_of(error: &JsValue) -> String {
    Reflect::get(error, &"message".into())
        .ok()
        .and_then(|message| message.as_string())
        .filter(|message| !message.is_empty())
        .unwrap_or_else(|| "The request failed.".into())
}
