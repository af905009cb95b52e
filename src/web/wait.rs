//! `waitForRun`: the polling loop over the core's [`Poller`], shared by every concurrent
//! wait for the same run on one client.
//!
//! One loop per run URL runs as its own task. Each caller subscribes to it with its own
//! `onUpdate`, `AbortSignal` and deadline; when a caller leaves (it aborted or timed out)
//! only its subscription ends, and when the last one leaves the loop is stopped, which
//! drops its timer and aborts its request at once.

use super::abort::{deadline, race, sleep, AbortWatch, Either};
use super::client::Client;
use super::fetch::{Failure, Fetched, Method};
use crate::core::backoff::{Backoff, BackoffConfig};
use crate::core::error::Error;
use crate::core::history::{Expectation, HistorySchedule};
use crate::core::poll::{Poller, Schedule, Seen, Start, Step};
use js_sys::{Function, Object};
use std::cell::{Cell, RefCell};
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Poll, Waker};
use wasm_bindgen::JsValue;

/// The loops running on one client, by run URL (a page watches a handful at most).
#[derive(Default)]
pub struct Loops(RefCell<Vec<(String, Rc<Shared>)>>);

/// How a loop begins.
pub enum Begin {
    /// Poll at once (`waitForRun`).
    Poll,
    /// The run was just queued by this POST answer; pause before the first poll
    /// (`runJobAndWait`).
    After(Fetched),
}

/// What one wait brings to the loop.
pub struct Waiter {
    pub backoff: BackoffConfig,
    pub timeout_ms: u64,
    pub on_update: Option<Function>,
    pub abort: AbortWatch,
    /// When the run, just queued, is expected to end (from the job's recent durations).
    pub expected: Option<Expectation>,
}

/// The state a loop shares with its callers.
#[derive(Default)]
struct Shared {
    result: RefCell<Option<Result<Object, Error>>>,
    callers: RefCell<Vec<(u32, Caller)>>,
    next_id: Cell<u32>,
    /// Set when the last caller left before the end; the loop task then exits.
    stopped: Cell<bool>,
    loop_waker: RefCell<Option<Waker>>,
    /// The latest deadline of any caller (milliseconds since the epoch).
    deadline_ms: Cell<u64>,
    last_run: RefCell<Option<Object>>,
    last_failure: RefCell<Option<Error>>,
}

struct Caller {
    waker: Option<Waker>,
    on_update: Option<Function>,
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Waits for the run at `url` to finish, joining a loop already watching it.
pub async fn wait(
    client: Rc<Client>,
    url: String,
    waiter: Waiter,
    begin: Begin,
) -> Result<Object, Error> {
    if waiter.abort.aborted() {
        return Err(Error::aborted());
    }
    let deadline_ms = now_ms().saturating_add(waiter.timeout_ms);
    let shared = client.loops.join(&client, url, &waiter, deadline_ms, begin);
    let subscription = Subscription::new(&shared, waiter.on_update);
    let outcome = race(
        subscription.result(),
        race(waiter.abort.fired(), deadline(waiter.timeout_ms)),
    )
    .await;
    match outcome {
        Either::Left(result) => result,
        Either::Right(Either::Left(())) => Err(Error::aborted()),
        Either::Right(Either::Right(())) => {
            let mut error = Error::timeout();
            if let Some(last) = shared.last_failure.borrow().clone() {
                error.status = last.status;
                error.retry_after_ms = last.retry_after_ms;
                error.body = last.body;
            }
            Err(error)
        }
    }
}

impl Loops {
    /// The live loop for `url`, or a new one started for it.
    fn join(
        &self,
        client: &Rc<Client>,
        url: String,
        waiter: &Waiter,
        deadline_ms: u64,
        begin: Begin,
    ) -> Rc<Shared> {
        let live = self
            .0
            .borrow()
            .iter()
            .find(|(u, s)| *u == url && !s.stopped.get() && s.result.borrow().is_none())
            .map(|(_, s)| s.clone());
        // A POST's own run is new, so only a plain wait can join.
        if let (Some(shared), Begin::Poll) = (live, &begin) {
            shared
                .deadline_ms
                .set(shared.deadline_ms.get().max(deadline_ms));
            return shared;
        }
        let shared = Rc::new(Shared::default());
        shared.deadline_ms.set(deadline_ms);
        self.0.borrow_mut().push((url.clone(), shared.clone()));
        let poller = Poller::new(schedule(waiter), now_ms(), waiter.timeout_ms);
        super::spawn(Box::pin(run(
            client.clone(),
            url,
            shared.clone(),
            poller,
            begin,
        )));
        shared
    }

    fn remove(&self, shared: &Rc<Shared>) {
        self.0.borrow_mut().retain(|(_, s)| !Rc::ptr_eq(s, shared));
    }
}

/// The pause policy of a new loop: paced by the job's history when there is one.
fn schedule(waiter: &Waiter) -> Box<dyn Schedule> {
    let seed = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    let backoff = Backoff::new(waiter.backoff, seed);
    match waiter.expected {
        Some(expected) => Box::new(HistorySchedule::new(backoff, expected, seed)),
        None => Box::new(backoff),
    }
}

/// The key the client remembers durations by: the run's job, as its runs URL.
pub fn runs_url_of(run_url: &str) -> &str {
    run_url.rsplit_once('/').map_or(run_url, |(runs, _)| runs)
}

/// The loop task: runs until the run ends or every caller has left.
async fn run(
    client: Rc<Client>,
    url: String,
    shared: Rc<Shared>,
    poller: Poller<Box<dyn Schedule>>,
    begin: Begin,
) {
    let stopped = poll_fn(|cx| {
        if shared.stopped.get() {
            Poll::Ready(())
        } else {
            *shared.loop_waker.borrow_mut() = Some(cx.waker().clone());
            Poll::Pending
        }
    });
    if let Either::Left(result) = race(poll(&client, &url, &shared, poller, begin), stopped).await {
        *shared.result.borrow_mut() = Some(result);
        let wakers: Vec<Waker> = shared
            .callers
            .borrow_mut()
            .iter_mut()
            .filter_map(|(_, c)| c.waker.take())
            .collect();
        wakers.into_iter().for_each(Waker::wake);
    }
    client.loops.remove(&shared);
}

async fn poll(
    client: &Client,
    url: &str,
    shared: &Shared,
    mut poller: Poller<Box<dyn Schedule>>,
    begin: Begin,
) -> Result<Object, Error> {
    let mut step = match begin {
        Begin::Poll => poller.start(now_ms(), Start::PollFirst),
        Begin::After(queued) => seen(&mut poller, shared, queued),
    };
    loop {
        poller.extend_deadline(shared.deadline_ms.get());
        step = match step {
            Step::Poll => {
                let limit = client
                    .transport
                    .request_timeout_ms
                    .min(poller.remaining_ms(now_ms()));
                match client.transport.send(Method::Get, url, None, limit).await {
                    Ok(fetched) => {
                        if fetched.summary.status == "complete" {
                            let ms = (fetched.summary.duration * 1000.0) as u64;
                            client.durations.record(runs_url_of(url), ms);
                        }
                        seen(&mut poller, shared, fetched)
                    }
                    Err(Failure::Retryable(e)) => {
                        *shared.last_failure.borrow_mut() = Some(e.clone());
                        poller.observe(now_ms(), Seen::Retryable(e))
                    }
                    Err(Failure::Fatal(e)) => poller.observe(now_ms(), Seen::Fatal(e)),
                }
            }
            Step::Sleep(ms) => {
                sleep(ms).await;
                poller.wake(now_ms())
            }
            Step::Finish => {
                return shared
                    .last_run
                    .borrow()
                    .clone()
                    .ok_or_else(|| Error::parse("no run was seen"))
            }
            Step::Fail(e) => return Err(e),
        };
    }
}

/// Feeds a run to the poller and tells the callers when it is news.
fn seen(poller: &mut Poller<Box<dyn Schedule>>, shared: &Shared, fetched: Fetched) -> Step {
    *shared.last_failure.borrow_mut() = None;
    let summary = &fetched.summary;
    let step = poller.observe(
        now_ms(),
        Seen::Run {
            status: &summary.status,
            changed: summary.changed,
        },
    );
    *shared.last_run.borrow_mut() = Some(fetched.run.clone());
    if poller.saw_news() {
        // Collect first: a callback may start or end other waits.
        let listeners: Vec<Function> = shared
            .callers
            .borrow()
            .iter()
            .filter_map(|(_, c)| c.on_update.clone())
            .collect();
        for f in listeners {
            notify(&f, &fetched.run);
        }
    }
    step
}

/// Calls `onUpdate`. An exception thrown by it must not end the wait, nor vanish: it is
/// reported as an unhandled rejection, so it shows in the console like any uncaught error.
fn notify(on_update: &Function, run: &Object) {
    if let Err(thrown) = on_update.call1(&JsValue::UNDEFINED, run) {
        let _ = js_sys::Promise::reject(&thrown);
    }
}

/// One caller's membership in a loop; leaving stops the loop when nobody is left.
struct Subscription {
    shared: Rc<Shared>,
    id: u32,
}

impl Subscription {
    fn new(shared: &Rc<Shared>, on_update: Option<Function>) -> Self {
        let id = shared.next_id.get();
        shared.next_id.set(id.wrapping_add(1));
        // A late joiner's first observation is the run the loop saw last.
        if let (Some(f), Some(run)) = (&on_update, shared.last_run.borrow().as_ref()) {
            notify(f, run);
        }
        shared.callers.borrow_mut().push((
            id,
            Caller {
                waker: None,
                on_update,
            },
        ));
        Subscription {
            shared: shared.clone(),
            id,
        }
    }

    async fn result(&self) -> Result<Object, Error> {
        poll_fn(|cx| {
            if let Some(result) = self.shared.result.borrow().as_ref() {
                return Poll::Ready(result.clone());
            }
            let mut callers = self.shared.callers.borrow_mut();
            if let Some((_, caller)) = callers.iter_mut().find(|(id, _)| *id == self.id) {
                caller.waker = Some(cx.waker().clone());
            }
            Poll::Pending
        })
        .await
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let shared = &self.shared;
        let empty = {
            let mut callers = shared.callers.borrow_mut();
            callers.retain(|(id, _)| *id != self.id);
            callers.is_empty()
        };
        if empty && shared.result.borrow().is_none() {
            shared.stopped.set(true);
            if let Some(waker) = shared.loop_waker.borrow_mut().take() {
                waker.wake();
            }
        }
    }
}
