//! `DrushIoError`: the JavaScript class from `js/drush-io-error.js`, re-exported by the
//! package, and the conversion of the core's [`Error`] into it.

use crate::core::error::Error;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/drush-io-error.js")]
extern "C" {
    /// The error every `DrushIo` promise rejects with (a subclass of `Error`).
    #[wasm_bindgen(extends = js_sys::Error)]
    #[derive(Clone, Debug)]
    pub type DrushIoError;

    // Never called: it makes the package entry re-export the class itself. Its type is
    // declared precisely in `types.rs` (a re-exported type would be typed `unknown`).
    #[wasm_bindgen(js_name = DrushIoError, reexport, skip_typescript)]
    #[allow(dead_code)]
    fn reexport_drush_io_error_class();

    #[wasm_bindgen(constructor)]
    fn new(
        kind: &str,
        message: &str,
        status: Option<u16>,
        retry_after_ms: Option<f64>,
        body: Option<String>,
    ) -> DrushIoError;
}

impl From<Error> for DrushIoError {
    fn from(error: Error) -> Self {
        DrushIoError::new(
            error.kind.as_str(),
            &error.message,
            error.status,
            error.retry_after_ms.map(|ms| ms as f64),
            error.body,
        )
    }
}

/// The core error as the `JsValue` a promise rejects with.
pub fn to_js(error: Error) -> JsValue {
    DrushIoError::from(error).into()
}
