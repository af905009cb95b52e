//! Errors the element itself raises (before the client is involved): the same
//! `DrushIoError` class the client rejects with, so listeners handle both alike.
//! (A leaf: it imports nothing of the element; the button shows errors, `Button::reason`.)

use wasm_bindgen::JsValue;

use crate::{DrushIoError, Error};

pub fn invalid_argument(message: &'static str) -> JsValue {
    DrushIoError::from(Error::invalid_argument(message)).into()
}

/// A run was asked for while the element has no way to reach the API.
pub fn no_client() -> JsValue {
    invalid_argument("no client: set base-url, token or client, or give defineElements one")
}
