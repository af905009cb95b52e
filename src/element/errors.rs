//! Errors the element itself raises (before the client is involved): the same
//! `DrushIoError` class the client rejects with, so listeners handle both alike.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use crate::{DrushIoError, Error};

pub fn invalid_argument(message: &'static str) -> JsValue {
    DrushIoError::from(Error::invalid_argument(message)).into()
}

/// A run was asked for while the element has no way to reach the API.
pub fn no_client() -> JsValue {
    invalid_argument(
        "no client: set the base-url attribute or the token or client property, or pass a client to defineElements",
    )
}

/// The text shown under the button when a request failed.
pub fn message_of(error: &JsValue) -> String {
    Reflect::get(error, &"message".into())
        .ok()
        .and_then(|message| message.as_string())
        .filter(|message| !message.is_empty())
        .unwrap_or_else(|| "The request failed.".into())
}
