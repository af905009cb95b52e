//! The network side of the client: one request, one answer, classified.
//!
//! `js/transport.js` sends the request (it is the one module that calls `fetch`); every
//! decision is made here. Each request is aborted when its timeout passes, and also
//! whenever its future is dropped before it finished (the caller aborted, the wait
//! ended): so nothing downloads on behalf of a settled promise.

use super::options::ClientOptions;
use super::run_object::normalise_answer;
use crate::core::error::{classify_status, concat, redact, Error, StatusClass, MAX_BODY_BYTES};
use crate::core::retry_after::parse_retry_after_with;
use crate::core::run::RunSummary;
use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::RequestCredentials;

// Requests are built in JavaScript rather than with web-sys's Request, Headers,
// RequestInit, Response and AbortController (about twenty imports, each a JS function and
// a wasm shim; gloo-net's `RequestBuilder` cost 3.8 KB gzipped more): five imports, and
// one await instead of two raced against a timer.
#[wasm_bindgen(module = "/js/transport.js")]
extern "C" {
    /// What every request carries, or the name of an invalid header (see the module).
    fn init(
        extra: &JsValue,
        credentials: RequestCredentials,
        token: Option<&str>,
        fetch: &JsValue,
    ) -> JsValue;
    /// One request in flight: a promise of its answer's body.
    type Exchange;
    fn send(
        init: &JsValue,
        method: &str,
        url: &str,
        body: Option<&str>,
        ms: f64,
        keep: u32,
    ) -> Exchange;
    #[wasm_bindgen(method)]
    fn abort(this: &Exchange);
    #[wasm_bindgen(method, getter)]
    fn status(this: &Exchange) -> u16;
    #[wasm_bindgen(method, getter = retryAfter)]
    fn retry_after(this: &Exchange) -> JsValue;
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
    /// The headers and credentials, checked once (see `js/transport.js`).
    init: JsValue,
    pub request_timeout_ms: u64,
}

impl Transport {
    pub fn new(options: &ClientOptions) -> Result<Self, Error> {
        // Check the extra headers now, so a bad one fails the constructor, not a poll.
        let init = init(
            &options.headers,
            options.credentials,
            options.token.as_deref(),
            &options.fetch,
        );
        if let Some(name) = init.as_string() {
            return Err(Error::invalid_argument(concat(&[
                "header '",
                &name,
                "' is not a valid HTTP header",
            ])));
        }
        if !init.is_object() {
            return Err(Error::network("no fetch here"));
        }
        Ok(Transport {
            token: options.token.clone(),
            init,
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
        let token = self.token.as_deref().unwrap_or_default();
        // The first 4 KiB or so of an error answer is kept (cut in JavaScript so a huge
        // page is not copied into Rust; the core then cuts it to 4096 bytes exactly), with
        // enough past it for a token that starts before the cut to be found whole.
        let keep = MAX_BODY_BYTES + token.len();
        let method = match method {
            Method::Get => "GET",
            Method::Post => "POST",
        };
        let exchange = AbortOnDrop(send(
            &self.init,
            method,
            url,
            body,
            timeout_ms as f64,
            keep as u32,
        ));
        let answer = JsFuture::from(exchange.0.clone().unchecked_into::<Promise>()).await;
        let body = match answer {
            Ok(body) => body,
            // `true`: the timeout passed first.
            Err(late) => {
                return Err(Failure::Retryable(Error::network(
                    if late.as_bool() == Some(true) {
                        "the request timed out (requestTimeoutMs)"
                    } else {
                        "the request failed before an answer arrived"
                    },
                )))
            }
        };
        let status = exchange.0.status();
        let class = classify_status(status);
        if let StatusClass::Success = class {
            if body.is_undefined() {
                return Err(Failure::Fatal(Error::parse("the answer is not valid JSON")));
            }
            let (run, summary) = normalise_answer(body).map_err(Failure::Fatal)?;
            return Ok(Fetched { run, summary });
        }
        let retry_after = exchange
            .0
            .retry_after()
            .as_string()
            .and_then(|v| parse_retry_after_with(&v, js_sys::Date::now() as u64, js_date_ms));
        // Without the token: a server or proxy may echo the request's headers.
        let body = body.as_string().map(|body| redact(body, token));
        let error = Error::http(status, retry_after, body);
        Err(match class {
            StatusClass::Retry => Failure::Retryable(error),
            _ => Failure::Fatal(error),
        })
    }
}

/// Aborts the request if its future is dropped first (aborting a finished one is a no-op).
struct AbortOnDrop(Exchange);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
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

#[cfg(test)]
mod tests {
    use super::super::abort::{race, Either};
    use super::super::DrushIo;
    use super::{init, js_date_ms, Failure, Method, Transport};
    use crate::core::error::ErrorKind;
    use js_sys::{Array, Function, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::*;
    use web_sys::{AbortSignal, Headers, RequestCredentials};

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

    fn object(fields: &[(&str, &str)]) -> Object {
        let object = Object::new();
        for (name, value) in fields {
            Reflect::set(&object, &(*name).into(), &(*value).into()).unwrap();
        }
        object
    }

    fn get(object: &JsValue, field: &str) -> JsValue {
        Reflect::get(object, &field.into()).unwrap()
    }

    /// Replaces `fetch` by one that never answers unless `hang` is false (then it rejects
    /// when aborted) and records the init of each call; the function returned puts
    /// `fetch` back and returns the inits. Only for what no server can show: a `fetch`
    /// that ignores the abort and never settles, and a request dropped before any answer
    /// (a server sees at most a closed connection, and only if the request got out).
    /// Everything a server can observe is tested against the dev server.
    fn fake_fetch(hang: bool) -> Function {
        let fake = Function::new_with_args(
            "hang",
            "const real = globalThis.fetch; const inits = [];
             globalThis.fetch = (url, init) => {
               inits.push(init);
               return new Promise((_, reject) => hang ||
                 init.signal.addEventListener('abort', () => reject(init.signal.reason)));
             };
             return () => { globalThis.fetch = real; return inits; };",
        );
        fake.call1(&JsValue::NULL, &hang.into())
            .unwrap()
            .unchecked_into()
    }

    fn transport() -> Transport {
        Transport {
            token: None,
            init: init(
                &Object::new(),
                RequestCredentials::Omit,
                None,
                &JsValue::UNDEFINED,
            ),
            request_timeout_ms: 30_000,
        }
    }

    /// Starts one GET and drops it at once; returns the init `fetch` was given.
    async fn dropped() -> JsValue {
        let restore = fake_fetch(false);
        let transport = transport();
        let request = transport.send(Method::Get, "/never", None, 60_000);
        let outcome = race(request, async {}).await;
        let inits: Array = restore.call0(&JsValue::NULL).unwrap().unchecked_into();
        assert!(matches!(outcome, Either::Right(())));
        assert_eq!(inits.length(), 1);
        inits.get(0)
    }

    #[wasm_bindgen_test]
    async fn a_dropped_request_is_aborted() {
        let init = dropped().await;
        let signal: AbortSignal = get(&init, "signal").unchecked_into();
        assert!(signal.aborted());
    }

    // The headers as the server receives them are tested against the dev server (in
    // tests/client.rs). Its log keeps no header's value but the Content-Type's, and the
    // credentials mode leaves no trace there: those two are read from `init`'s answer.
    #[wasm_bindgen_test]
    fn accept_is_json_whatever_the_page_sets_and_credentials_pass_through() {
        let extra = object(&[("accept", "text/html")]);
        let init = init(
            &extra,
            RequestCredentials::Include,
            None,
            &JsValue::UNDEFINED,
        );
        assert_eq!(get(&init, "credentials"), "include");
        let headers: Headers = get(&init, "headers").unchecked_into();
        let accept = headers.get("Accept").unwrap();
        assert_eq!(accept.as_deref(), Some("application/json"));
    }

    #[wasm_bindgen_test]
    async fn the_timeout_holds_even_when_fetch_never_settles() {
        let restore = fake_fetch(true);
        let answer = transport().send(Method::Get, "/never", None, 20).await;
        restore.call0(&JsValue::NULL).unwrap();
        match answer {
            Err(Failure::Retryable(e)) => {
                assert_eq!(e.kind, ErrorKind::Network);
                assert!(e.message.contains("requestTimeoutMs"), "{}", e.message);
            }
            _ => panic!("no timeout"),
        }
    }

    #[wasm_bindgen_test]
    fn an_invalid_header_fails_the_constructor_by_its_name() {
        for (name, value) in [("Bad Header", "x"), ("X-Bad", "a\nb")] {
            let options = object(&[]);
            Reflect::set(&options, &"headers".into(), &object(&[(name, value)])).unwrap();
            let error = DrushIo::new(options.into()).err().expect("accepted");
            assert_eq!(get(&error, "kind"), "invalid-argument");
            let message = get(&error, "message").as_string().unwrap();
            assert!(message.contains(name), "{message}");
        }
    }

    /// The `fetch` option replaces the global one for every request of the client (what
    /// reaches a server through it is tested against the dev server in tests/client.rs).
    #[wasm_bindgen_test]
    async fn the_fetch_option_is_called_instead_of_the_global_one() {
        let global = fake_fetch(true);
        let calls = Array::new();
        let own = Function::new_with_args(
            "calls",
            "return (url, init) => { calls.push([url, init.method]);
               return Promise.resolve(new Response('{\"id\":\"7\",\"status\":\"queued\",\"duration\":0,\"created\":1,\"changed\":1}',
                 { status: 201, headers: { 'Content-Type': 'application/json' } })); };",
        )
        .call1(&JsValue::NULL, &calls)
        .unwrap();
        let options = object(&[("baseUrl", "https://api.example.test/v1")]);
        Reflect::set(&options, &"fetch".into(), &own).unwrap();
        let client = DrushIo::new(options.into()).expect("refused");
        let run = wasm_bindgen_futures::JsFuture::from(client.run_job(
            "p".into(),
            "j".into(),
            JsValue::UNDEFINED,
        ))
        .await;
        let inits: Array = global.call0(&JsValue::NULL).unwrap().unchecked_into();
        assert_eq!(inits.length(), 0, "the global fetch was called");
        assert_eq!(get(&run.expect("rejected"), "id"), "7");
        assert_eq!(calls.length(), 1);
        let call: Array = calls.get(0).unchecked_into();
        assert_eq!(
            call.get(0),
            "https://api.example.test/v1/projects/p/jobs/j/runs"
        );
        assert_eq!(call.get(1), "POST");
    }

    #[wasm_bindgen_test]
    fn a_fetch_option_that_is_not_a_function_is_refused() {
        let options = object(&[("fetch", "fetch")]);
        let error = DrushIo::new(options.into()).err().expect("accepted");
        assert_eq!(get(&error, "kind"), "invalid-argument");
    }
}
