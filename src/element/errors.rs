//! Errors the element itself raises (before the client is involved): the same
//! `DrushIoError` class the client rejects with, so listeners handle both alike.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use super::button::Button;
use super::messages::error_slot;
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

impl Button {
    /// Why a request failed, in the element's messages: the text for the `kind` of the
    /// `DrushIoError` (`messages.errors`), or null for an error of no known kind (a page's
    /// own client may throw anything), which the badge's state word then says alone. The
    /// error's own `message` is English and for developers: it stays on the event.
    pub(super) fn reason(&self, error: &JsValue) -> JsValue {
        let kind = Reflect::get(error, &"kind".into()).unwrap_or_default();
        error_slot(&kind).map_or(JsValue::NULL, |slot| self.text(slot))
    }
}
