//! What the browser test suites share: the dev server they run against and its log of
//! the requests it saw, which is how the tests count requests.

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// The dev server's base URL. The test script starts the server and sets
/// `DRUSH_IO_TEST_API` at compile time; clippy builds the tests without it.
pub fn api() -> &'static str {
    match option_env!("DRUSH_IO_TEST_API") {
        Some(api) => api,
        None => panic!("DRUSH_IO_TEST_API must name the dev server (the test script sets it)"),
    }
}

/// A token of that dev server (`DRUSH_IO_TEST_TOKEN`).
pub fn token() -> &'static str {
    match option_env!("DRUSH_IO_TEST_TOKEN") {
        Some(token) => token,
        None => {
            panic!("DRUSH_IO_TEST_TOKEN must hold a dev server token (the test script sets it)")
        }
    }
}

pub async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// One request the dev server saw.
#[derive(Debug, Clone, PartialEq)]
pub struct Logged {
    pub method: String,
    /// The raw path, still percent-encoded.
    pub path: String,
    /// The answer's status; 0 for a dropped connection.
    pub status: f64,
    /// When the request arrived, by the server's clock (Unix milliseconds).
    pub at_ms: f64,
    /// The names of the headers it arrived with, lower-case and sorted (the server keeps
    /// no value but the Content-Type's).
    pub header_names: Vec<String>,
    pub content_type: Option<String>,
}

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap()
}

/// Every API request the dev server logged under `path_prefix`, oldest first.
pub async fn requests(path_prefix: &str) -> Vec<Logged> {
    let url = [
        api(),
        "/__devserver/requests?path_prefix=",
        &String::from(js_sys::encode_uri_component(path_prefix)),
    ]
    .concat();
    let response = gloo_net::http::Request::get(&url).send().await.unwrap();
    let raw: web_sys::Response = response.into();
    let answer = JsFuture::from(raw.json().unwrap()).await.unwrap();
    Array::from(&field(&answer, "requests"))
        .iter()
        .map(|r| Logged {
            method: field(&r, "method").as_string().unwrap_or_default(),
            path: field(&r, "path").as_string().unwrap_or_default(),
            status: field(&r, "status").as_f64().unwrap(),
            at_ms: field(&r, "at_ms").as_f64().unwrap(),
            header_names: Array::from(&field(&r, "header_names"))
                .iter()
                .filter_map(|name| name.as_string())
                .collect(),
            content_type: field(&r, "content_type").as_string(),
        })
        .collect()
}
