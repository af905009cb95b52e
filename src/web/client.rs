//! The `DrushIo` class JavaScript sees.

use super::abort::{race, AbortWatch, Either};
use super::fetch::{Fetched, Method, Transport};
use super::js_error::to_js;
use super::options::{call_options, client_options, CallOptions};
use super::wait::{wait, Begin, Polling, Waiter};
use crate::core::base_url::BaseUrl;
use crate::core::error::Error;
use crate::core::path::{run_url, runs_url};
use js_sys::Promise;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// Everything a client holds; shared by the promises it hands out.
pub struct Client {
    base: BaseUrl,
    polling: Rc<Polling>,
}

/// A client for the drush.io API: trigger job runs and follow them to the end.
#[wasm_bindgen]
pub struct DrushIo {
    client: Rc<Client>,
}

// Optional options are plain `JsValue`s (`undefined` when left out) rather than
// `Option<JsValue>`: the option readers take `undefined` and `null` as none anyway, and the
// `Option`s cost about 190 bytes gzipped in the wasm file and the glue.
#[wasm_bindgen]
impl DrushIo {
    /// Creates a client. Throws a `DrushIoError` (kind `invalid-argument`) for bad options.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "DrushIoOptions")] options: JsValue,
    ) -> Result<DrushIo, JsValue> {
        let options = client_options(&options).map_err(to_js)?;
        let transport = Transport::new(&options).map_err(to_js)?;
        Ok(DrushIo {
            client: Rc::new(Client {
                base: options.base_url,
                polling: Rc::new(Polling::new(transport, options.tabs)),
            }),
        })
    }

    /// Where requests go: the `baseUrl` option as an absolute URL without a trailing
    /// slash (a path resolved against the page's origin).
    ///
    /// (A JS string made here: a `String` return would bring in the glue for returning
    /// Rust strings, used by no other export.)
    #[wasm_bindgen(getter, js_name = baseUrl, unchecked_return_type = "string")]
    pub fn base_url(&self) -> JsValue {
        let base = self.client.base.as_str();
        if base.is_empty() || base.starts_with('/') {
            return on_origin(base);
        }
        base.into()
    }

    /// Queues one run of `job` (one POST, never retried) and resolves with it (`queued`).
    #[wasm_bindgen(js_name = runJob, unchecked_return_type = "Promise<Run>")]
    pub fn run_job(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] project: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] job: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RunJobOptions")] options: JsValue,
    ) -> Promise {
        settle(queue(self.client.clone(), project, job, options, false))
    }

    /// Reads a run once (one GET).
    #[wasm_bindgen(js_name = getRun, unchecked_return_type = "Promise<Run>")]
    pub fn get_run(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] project: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] job: JsValue,
        #[wasm_bindgen(js_name = runId, unchecked_param_type = "string")] run_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "GetRunOptions")] options: JsValue,
    ) -> Promise {
        settle(read(
            self.client.clone(),
            project,
            job,
            run_id,
            options,
            false,
        ))
    }

    /// How long the client expects the next run of `job` to take, in milliseconds, from
    /// the durations it has seen runs of it finish with (kept in memory and in
    /// `localStorage`); `null` when it knows none. Synchronous; throws a `DrushIoError`
    /// (kind `invalid-argument`) for bad identifiers.
    #[wasm_bindgen(js_name = expectedDurationMs, unchecked_return_type = "number | null")]
    pub fn expected_duration_ms(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] project: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] job: JsValue,
    ) -> Result<JsValue, JsValue> {
        let url = self.client.url(&project, &job, None).map_err(to_js)?;
        Ok(match self.client.polling.durations.expectation(&url) {
            Some(expected) => JsValue::from_f64(expected.median_ms),
            None => JsValue::NULL,
        })
    }

    /// Polls a run until it is `complete` or `error` and resolves with that final run.
    #[wasm_bindgen(js_name = waitForRun, unchecked_return_type = "Promise<Run>")]
    pub fn wait_for_run(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] project: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] job: JsValue,
        #[wasm_bindgen(js_name = runId, unchecked_param_type = "string")] run_id: JsValue,
        #[wasm_bindgen(js_name = waitOptions, unchecked_optional_param_type = "WaitOptions")]
        options: JsValue,
    ) -> Promise {
        settle(read(
            self.client.clone(),
            project,
            job,
            run_id,
            options,
            true,
        ))
    }

    /// `runJob`, then waits for that run (pausing `initialDelayMs` before the first poll).
    #[wasm_bindgen(js_name = runJobAndWait, unchecked_return_type = "Promise<Run>")]
    pub fn run_job_and_wait(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] project: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] job: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RunJobAndWaitOptions")] options: JsValue,
    ) -> Promise {
        settle(queue(self.client.clone(), project, job, options, true))
    }
}

/// `runJob` (`and_wait` false) or `runJobAndWait`: one future type for both in the wasm
/// file.
async fn queue(
    client: Rc<Client>,
    project: JsValue,
    job: JsValue,
    options: JsValue,
    and_wait: bool,
) -> Result<JsValue, Error> {
    let (url, options) = client.prepare_post(&project, &job, options)?;
    let abort = AbortWatch::new(options.signal.clone());
    let body = options.env_body.as_deref();
    let queued = client.once(Method::Post, &url, body, &abort).await?;
    if !and_wait {
        return Ok(queued.run.into());
    }
    // The run was queued just now, so the job's history says when it may end.
    let expected = match options.history {
        true => client.polling.durations.expectation(&url),
        false => None,
    };
    let mut run_url = url;
    run_url.push('/');
    crate::core::path::push_segment(&mut run_url, &queued.summary.id);
    let waiter = Waiter {
        backoff: options.backoff,
        timeout_ms: options.timeout_ms,
        on_update: options.on_update,
        on_answer: options.on_answer,
        abort,
        expected,
        history: options.history,
    };
    Ok(wait(
        client.polling.clone(),
        run_url,
        waiter,
        Begin::After(queued),
    )
    .await?
    .into())
}

/// `getRun` (one GET, `to_end` false) or `waitForRun` (polls until the run ends): one
/// future type for both.
async fn read(
    client: Rc<Client>,
    project: JsValue,
    job: JsValue,
    run_id: JsValue,
    options: JsValue,
    to_end: bool,
) -> Result<JsValue, Error> {
    let url = client.url(&project, &job, Some(&run_id))?;
    let options = call_options(&options)?;
    if !to_end {
        let abort = AbortWatch::new(options.signal);
        return Ok(client
            .once(Method::Get, &url, None, &abort)
            .await?
            .run
            .into());
    }
    Ok(
        wait(client.polling.clone(), url, waiter(options), Begin::Poll)
            .await?
            .into(),
    )
}

impl Client {
    /// The runs URL of a job, or with `run_id` the URL of one run. (One function for both
    /// keeps one copy of the identifiers' reading in the wasm file.)
    fn url(
        &self,
        project: &JsValue,
        job: &JsValue,
        run_id: Option<&JsValue>,
    ) -> Result<String, Error> {
        let (project, job) = (identifier(project), identifier(job));
        match run_id {
            Some(run_id) => run_url(&self.base, &project, &job, &identifier(run_id)),
            None => runs_url(&self.base, &project, &job),
        }
    }

    /// Everything a POST needs, checked before anything is sent.
    fn prepare_post(
        &self,
        project: &JsValue,
        job: &JsValue,
        options: JsValue,
    ) -> Result<(String, CallOptions), Error> {
        let url = self.url(project, job, None)?;
        let options = call_options(&options)?;
        Ok((url, options))
    }

    /// One request, raced against the caller's signal: `getRun`'s GET, or the one POST
    /// that queues a run (never retried: a retry could queue two runs).
    async fn once(
        &self,
        method: Method,
        url: &str,
        body: Option<&str>,
        abort: &AbortWatch,
    ) -> Result<Fetched, Error> {
        if abort.aborted() {
            return Err(Error::aborted());
        }
        let timeout = self.polling.transport.request_timeout_ms;
        let request = self.polling.transport.send(method, url, body, timeout);
        match race(request, abort.fired()).await {
            Either::Left(answer) => answer.map_err(|f| f.into_error()),
            Either::Right(()) => Err(Error::aborted()),
        }
    }
}

fn waiter(options: CallOptions) -> Waiter {
    Waiter {
        backoff: options.backoff,
        timeout_ms: options.timeout_ms,
        on_update: options.on_update,
        on_answer: options.on_answer,
        abort: AbortWatch::new(options.signal),
        expected: None,
        history: options.history,
    }
}

#[wasm_bindgen(module = "/js/transport.js")]
extern "C" {
    /// A same-origin path made absolute against the page's (or worker's) origin.
    #[wasm_bindgen(js_name = onOrigin)]
    fn on_origin(path: &str) -> JsValue;
}

/// An identifier argument; anything but a string becomes "" and is refused as empty.
fn identifier(value: &JsValue) -> String {
    value.as_string().unwrap_or_default()
}

/// Runs `work` as a promise that rejects with a `DrushIoError`. (Boxed so that every
/// method shares one promise adapter in the wasm file.)
fn settle(work: impl Future<Output = Result<JsValue, Error>> + 'static) -> Promise {
    settle_boxed(Box::pin(work))
}

fn settle_boxed(work: Pin<Box<dyn Future<Output = Result<JsValue, Error>>>>) -> Promise {
    future_to_promise(async move { work.await.map_err(to_js) })
}
