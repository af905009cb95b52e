//! The core's [`RunFields`] over the JavaScript object `Response.json()` produced, so a
//! run is checked and its numbers converted in place without copying it into Rust.

use crate::core::error::Error;
use crate::core::run::{normalise, FieldKind, RunFields, RunSummary};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

struct JsRun<'a>(&'a Object);

impl JsRun<'_> {
    fn get(&self, name: &str) -> JsValue {
        Reflect::get(self.0, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    }
}

impl RunFields for JsRun<'_> {
    fn kind(&self, name: &str) -> FieldKind {
        let value = self.get(name);
        if value.is_undefined() {
            FieldKind::Missing
        } else if value.is_null() {
            FieldKind::Null
        } else if value.as_bool().is_some() {
            FieldKind::Boolean
        } else if value.as_f64().is_some() {
            FieldKind::Number
        } else if value.is_string() {
            FieldKind::Text
        } else {
            FieldKind::Other
        }
    }

    fn number(&self, name: &str) -> Option<f64> {
        self.get(name).as_f64()
    }

    fn text(&self, name: &str) -> Option<String> {
        self.get(name).as_string()
    }

    fn set_number(&mut self, name: &str, value: f64) {
        // Setting a property on a plain object parsed from JSON cannot fail.
        let _ = Reflect::set(self.0, &JsValue::from_str(name), &JsValue::from_f64(value));
    }

    fn decimal_value(&self, text: &str) -> Option<f64> {
        Some(js_sys::Number::parse_float(text))
    }
}

/// Checks the parsed answer and normalises it in place; returns the same object.
pub fn normalise_answer(value: JsValue) -> Result<(Object, RunSummary), Error> {
    if !value.is_object() || Array::is_array(&value) {
        return Err(Error::parse("the answer is not a run object"));
    }
    let object: Object = value.unchecked_into();
    let summary = normalise(&mut JsRun(&object))?;
    Ok((object, summary))
}
