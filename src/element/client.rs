//! How the element reaches the API: through any object with `DrushIo`'s `runJob` and
//! `waitForRun` methods, so a page can hand it its own client (or a look-alike). The
//! calls go through `js/run-client.js`.

use std::cell::Cell;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use super::errors::invalid_argument;

#[wasm_bindgen]
extern "C" {
    /// Anything honouring the `DrushIo` contract (section 2 of the contract).
    #[derive(Clone)]
    pub type RunClient;
}

#[wasm_bindgen(module = "/js/run-client.js")]
extern "C" {
    /// `runJob`, with `{ env }` when there are variables, once this tab has claimed the
    /// job saved under `key`; null when another tab (or element) has it.
    #[wasm_bindgen(js_name = runJob)]
    fn run_job_promise(
        client: &RunClient,
        project: &str,
        job: &str,
        env: Option<Object>,
        key: &str,
    ) -> Promise;

    /// `waitForRun` with this `signal` and `onUpdate` (`signal: undefined` without one,
    /// which every reader of the options takes as none).
    #[wasm_bindgen(js_name = waitForRun)]
    fn wait_for_run_promise(
        client: &RunClient,
        project: &str,
        job: &str,
        run_id: &str,
        signal: Option<AbortSignal>,
        on_update: &JsValue,
    ) -> Promise;

    /// How long the client expects a run of this job to take (`expectedDurationMs`), in
    /// milliseconds; NaN when it does not know.
    #[wasm_bindgen(js_name = expectedMs)]
    pub fn expected_ms(client: &RunClient, project: &str, job: &str) -> f64;

    /// What a failed request says of its run: 1 gone, 2 refused (401, 403), 3 perhaps
    /// queued (no answer, 502, 504), 0 anything else (see `js/run-client.js`).
    pub fn failure(error: &JsValue) -> u8;

    /// The client's absolute `baseUrl`; empty when it has none.
    #[wasm_bindgen(js_name = baseOf)]
    fn base_of(client: &RunClient) -> String;
}

/// (The promises settle whether the client threw, returned a promise or a value, so
/// each call is awaited the same way.)
impl RunClient {
    pub fn run_job(&self, project: &str, job: &str, env: Option<Object>, key: &str) -> JsFuture {
        run_job_promise(self, project, job, env, key).into()
    }

    /// Its absolute `baseUrl`; empty when it has none (a look-alike).
    pub fn base(&self) -> String {
        base_of(self)
    }

    pub fn wait_for_run(
        &self,
        project: &str,
        job: &str,
        run_id: &str,
        signal: Option<AbortSignal>,
        on_update: &JsValue,
    ) -> JsFuture {
        wait_for_run_promise(self, project, job, run_id, signal, on_update).into()
    }
}

thread_local! {
    /// The client given to `defineElements`, used by elements without one of their own.
    /// (A `Cell`: no borrow to check, so no panic site.)
    static DEFAULT_CLIENT: Cell<Option<RunClient>> = const { Cell::new(None) };
}

pub fn set_default(client: Option<RunClient>) {
    DEFAULT_CLIENT.with(|slot| slot.set(client));
}

/// `value` as a client: `None` for null or undefined; refused unless it is an object
/// with `runJob` and `waitForRun` functions.
pub fn from_value(value: &JsValue) -> Result<Option<RunClient>, JsValue> {
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    let has = |name: &str| Reflect::get(value, &name.into()).is_ok_and(|f| f.is_function());
    if has("runJob") && has("waitForRun") {
        Ok(Some(value.clone().unchecked_into()))
    } else {
        Err(invalid_argument(
            "client must be a DrushIo (an object with runJob and waitForRun)",
        ))
    }
}

/// The element's own client; else one built from its token and base URL when either is
/// set; else the default; `None` when there is none of these (yet). The built client
/// lives only as long as one run, so the token is held in no other place than the element.
pub fn pick(
    own: Option<&RunClient>,
    token: Option<&JsValue>,
    base_url: &JsValue,
) -> Result<Option<RunClient>, JsValue> {
    if let Some(client) = own {
        return Ok(Some(client.clone()));
    }
    if token.is_some() || !base_url.is_null() {
        return build(token, base_url).map(Some);
    }
    Ok(DEFAULT_CLIENT.with(|slot| {
        let client = slot.take();
        slot.set(client.clone());
        client
    }))
}

/// A `DrushIo` for the element's `token` and `base-url`; its constructor refuses a bad
/// base URL with an `invalid-argument` error.
fn build(token: Option<&JsValue>, base_url: &JsValue) -> Result<RunClient, JsValue> {
    let options = Object::new();
    if let Some(token) = token {
        Reflect::set(&options, &"token".into(), token)?;
    }
    if !base_url.is_null() {
        Reflect::set(&options, &"baseUrl".into(), base_url)?;
    }
    let client = crate::DrushIo::new(options.into())?;
    Ok(JsValue::from(client).unchecked_into())
}
