//! The variables a run is triggered with: the `env` property, else the `env` attribute
//! (a JSON object), then the named fields of the `form` attribute's form, read at click
//! time, on top. Checking names and values is the client's job (it refuses bad ones
//! before any request).

use js_sys::{Array, Object, JSON};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

use super::button::attribute;
use super::errors::invalid_argument;
use super::view::View;

/// A plain object (not an array, not null).
pub fn is_plain_object(value: &JsValue) -> bool {
    value.is_object() && !Array::is_array(value)
}

/// The `env` attribute parsed, or an `invalid-argument` error naming the attribute.
pub fn parse_env_attribute(text: &str) -> Result<JsValue, JsValue> {
    match JSON::parse(text) {
        Ok(value) if is_plain_object(&value) => Ok(value),
        _ => Err(invalid_argument(
            "the env attribute must be a JSON object of variables",
        )),
    }
}

/// Every variable for the next run, or `None` when there are none.
pub fn collect(
    host: &HtmlElement,
    view: &View,
    env_property: Option<&JsValue>,
) -> Result<Option<Object>, JsValue> {
    let env = Object::new();
    if let Some(value) = env_property {
        Object::assign(&env, value.unchecked_ref());
    } else if let Some(text) = attribute(host, "env").as_string() {
        Object::assign(&env, parse_env_attribute(&text)?.unchecked_ref());
    }
    let form = attribute(host, "form");
    if !form.is_null() {
        let fields = view.fields(&form)?;
        if fields.is_null() {
            return Err(invalid_argument(
                "the form attribute names no form in this document",
            ));
        }
        Object::assign(&env, fields.unchecked_ref());
    }
    Ok((Object::keys(&env).length() > 0).then_some(env))
}
