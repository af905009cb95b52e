//! The variables a run is triggered with: the `env` property, else the `env` attribute
//! (a JSON object), then the variables of the `form` attribute's form, read at click
//! time, on top. A form gives only its variables: fields an editor fills in whose
//! names are variable names, or exactly the fields the `vars` attribute names (see
//! `js/run-button-view.js`). Checking values is the client's job (it refuses bad ones
//! before any request).

use js_sys::{Array, Object, JSON};
use wasm_bindgen::{JsCast, JsValue};

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

/// Every variable for the next run, or `None` when there are none, from the `env`
/// property, else the `env` attribute, and the `form` and `vars` attributes.
pub fn collect(
    view: &View,
    env_property: Option<&JsValue>,
    env_attribute: &JsValue,
    form: &JsValue,
    only: &JsValue,
) -> Result<Option<Object>, JsValue> {
    let env = Object::new();
    if let Some(value) = env_property {
        Object::assign(&env, value.unchecked_ref());
    } else if let Some(text) = env_attribute.as_string() {
        Object::assign(&env, parse_env_attribute(&text)?.unchecked_ref());
    }
    if !form.is_null() {
        let fields = view.fields(form, only)?;
        if fields.is_null() {
            return Err(invalid_argument(
                "the form attribute names no form in this document",
            ));
        }
        if fields.is_string() {
            return Err(invalid_argument(
                "the vars attribute names a field the form does not have",
            ));
        }
        Object::assign(&env, fields.unchecked_ref());
    }
    Ok((Object::keys(&env).length() > 0).then_some(env))
}
