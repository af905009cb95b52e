//! The one place that talks to the network: one request, one answer, classified.
//!
//! Each request has its own `AbortController`. It is aborted when `requestTimeoutMs`
//! passes, and also whenever the request's future is dropped before it finished (the
//! caller aborted, the wait ended): so nothing downloads on behalf of a settled promise.

use super::abort::{deadline, race, Either};
use super::options::ClientOptions;
use super::run_object::normalise_answer;
use crate::core::error::{classify_status, concat, redact, Error, StatusClass};
use crate::core::retry_after::parse_retry_after_with;
use crate::core::run::RunSummary;
use js_sys::{JsString, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Request, RequestCredentials, RequestInit};

// Requests are built with web-sys directly rather than gloo-net's `RequestBuilder`: for
// the two plain requests this client sends, gloo-net's URL and query handling, its
// `http::Method` and its error conversions cost 3.8 KB gzipped (2.9 KB of wasm, 1 KB of
// JS glue), and it builds each request twice and parses its URL once more.
#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, in windows and workers alike.
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_request(request: &Request) -> Promise;
}

/// The two methods the API uses.
#[derive(Clone, Copy)]
pub enum Method {
    Get,
    Post,
}

/// A request failure, as the polling rules see it.
pub enum Failure {
    /// Network errors, 408, 429, 500, 502, 503, 504.
    Retryable(Error),
    /// Anything else: other statuses, answers that are not runs.
    Fatal(Error),
}

impl Failure {
    pub fn into_error(self) -> Error {
        match self {
            Failure::Retryable(e) | Failure::Fatal(e) => e,
        }
    }
}

/// A run as the server sent it (normalised in place) and what the client reads from it.
pub struct Fetched {
    pub run: Object,
    pub summary: RunSummary,
}

/// What every request carries.
pub struct Transport {
    token: Option<String>,
    headers: Vec<(String, String)>,
    credentials: RequestCredentials,
    pub request_timeout_ms: u64,
}

impl Transport {
    pub fn new(options: &ClientOptions) -> Result<Self, Error> {
        // Check the extra headers now, so a bad one fails the constructor, not a poll.
        let check = web_sys::Headers::new().map_err(|_| Error::network("no fetch here"))?;
        for (name, value) in &options.headers {
            check.append(name, value).map_err(|_| {
                Error::invalid_argument(concat(&["header '", name, "' is not a valid HTTP header"]))
            })?;
        }
        Ok(Transport {
            token: options.token.clone(),
            headers: options.headers.clone(),
            credentials: options.credentials,
            request_timeout_ms: options.request_timeout_ms,
        })
    }

    /// Sends one request and reads its answer as a run. `timeout_ms` caps this request
    /// (the smaller of `requestTimeoutMs` and what is left before a wait's deadline).
    pub async fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<&str>,
        timeout_ms: u64,
    ) -> Result<Fetched, Failure> {
        let controller = AbortController::new()
            .map_err(|_| Failure::Fatal(Error::network("AbortController is unavailable")))?;
        let _abort_on_drop = AbortOnDrop(&controller);
        let signal = controller.signal();
        let request = self.request(method, url, body, &signal).map_err(|_| {
            Failure::Fatal(Error::invalid_argument("the request could not be built"))
        })?;
        let exchange = exchange(&request, self.token.as_deref());
        match race(exchange, deadline(timeout_ms)).await {
            Either::Left(answer) => answer,
            Either::Right(()) => Err(Failure::Retryable(Error::network(
                "the request timed out (requestTimeoutMs)",
            ))),
        }
    }

    fn request(
        &self,
        method: Method,
        url: &str,
        body: Option<&str>,
        signal: &web_sys::AbortSignal,
    ) -> Result<Request, JsValue> {
        let init = RequestInit::new();
        init.set_method(match method {
            Method::Get => "GET",
            Method::Post => "POST",
        });
        init.set_headers(&self.headers(body.is_some())?.into());
        init.set_credentials(self.credentials);
        init.set_signal(Some(signal));
        if let Some(body) = body {
            init.set_body(&JsValue::from_str(body));
        }
        Request::new_with_str_and_init(url, &init)
    }

    fn headers(&self, json_body: bool) -> Result<Headers, JsValue> {
        let headers = Headers::new()?;
        for (name, value) in &self.headers {
            headers.append(name, value)?;
        }
        headers.set("Accept", "application/json")?;
        if json_body {
            headers.set("Content-Type", "application/json")?;
        }
        if let Some(token) = &self.token {
            headers.set("Authorization", &concat(&["Bearer ", token]))?;
        }
        Ok(headers)
    }
}

/// Aborts the request if its future is dropped first (aborting a finished one is a no-op).
struct AbortOnDrop<'a>(&'a AbortController);

impl Drop for AbortOnDrop<'_> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Fetches and reads the answer as a run.
async fn exchange(request: &Request, token: Option<&str>) -> Result<Fetched, Failure> {
    let response = JsFuture::from(fetch_request(request)).await.map_err(|_| {
        Failure::Retryable(Error::network(
            "the request failed before an answer arrived",
        ))
    })?;
    // `fetch` only ever resolves with a `Response`.
    let response: web_sys::Response = response.unchecked_into();
    let status = response.status();
    let class = classify_status(status);
    // One await for the body either way: a run's JSON, or an error's text.
    let body = match class {
        StatusClass::Success => response.json(),
        _ => response.text(),
    };
    let body = match body {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    };
    if let StatusClass::Success = class {
        let value =
            body.map_err(|_| Failure::Fatal(Error::parse("the answer is not valid JSON")))?;
        let (run, summary) = normalise_answer(value).map_err(Failure::Fatal)?;
        return Ok(Fetched { run, summary });
    }
    let retry_after = response
        .headers()
        .get("Retry-After")
        .ok()
        .flatten()
        .and_then(|v| parse_retry_after_with(&v, js_sys::Date::now() as u64, js_date_ms));
    let error = Error::http(status, retry_after, error_body(body.ok(), token));
    Err(match class {
        StatusClass::Retry => Failure::Retryable(error),
        _ => Failure::Fatal(error),
    })
}

/// An HTTP date read by JavaScript (see [`parse_retry_after_with`]). Only dates in GMT
/// are read: the obsolete asctime form has no zone, and `Date.parse` would take it as
/// local time; it falls back to the client's own back-off instead.
fn js_date_ms(value: &str) -> Option<u64> {
    if !value.ends_with(" GMT") {
        return None;
    }
    let ms = js_sys::Date::parse(value);
    (ms >= 0.0).then_some(ms as u64) // false for NaN
}

/// The first 4 KiB or so of an error answer (cut in JavaScript so a huge page is not
/// copied into Rust; the core then cuts it to 4096 bytes exactly), without the token: a
/// server or proxy may echo the request's headers. Enough is kept past 4 KiB for a
/// token that starts before the cut to be found whole.
fn error_body(text: Option<JsValue>, token: Option<&str>) -> Option<String> {
    let text: JsString = text?.dyn_into().ok()?;
    let token = token.unwrap_or_default();
    let keep = crate::core::error::MAX_BODY_BYTES + token.len();
    let body = text.slice(0, keep as u32).as_string()?;
    Some(redact(body, token))
}

#[cfg(test)]
mod tests {
    use super::js_date_ms;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn http_dates_are_read_by_javascript() {
        let rfc_example_ms = Some(784_111_777_000);
        assert_eq!(js_date_ms("Sun, 06 Nov 1994 08:49:37 GMT"), rfc_example_ms);
        assert_eq!(js_date_ms("Sunday, 06-Nov-94 08:49:37 GMT"), rfc_example_ms);
        assert_eq!(
            js_date_ms("Sun Nov  6 08:49:37 1994"),
            None,
            "no zone: not read"
        );
        assert_eq!(js_date_ms("soon GMT"), None);
        assert_eq!(js_date_ms("Mon, 01 Jan 1900 00:00:00 GMT"), None);
    }
}
