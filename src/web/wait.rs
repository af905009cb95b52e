//! `waitForRun`: the polling loop over the core's [`Poller`], shared by every concurrent
//! wait for the same run on one client.
//!
//! One loop per run URL runs as its own task. Each caller joins it with its own
//! `onUpdate`, `AbortSignal` and deadline, kept by the core's [`Waits`]: the latest
//! deadline of the waits still in bounds the loop's pauses, and every pause and request
//! is cut short when some wait's own deadline comes, so that wait rejects with `timeout`
//! alone, at its deadline, and the others go on. When the last wait leaves, the loop
//! stops, which drops its timer and aborts its request at once.
//!
//! Across tabs, one loop per run URL polls ([`Tabs`]): the others follow the runs it
//! publishes, with their own waits and deadlines, until it stops and one of them takes
//! over.

use super::abort::{deadline, race, AbortWatch, Either};
use super::client::Client;
use super::fetch::{Failure, Fetched, Method};
use super::run_object::normalise_answer;
use super::tabs::Tabs;
use crate::core::backoff::{Backoff, BackoffConfig};
use crate::core::error::Error;
use crate::core::history::{Expectation, HistorySchedule};
use crate::core::poll::{Poller, Schedule, Seen, Start, Step};
use crate::core::share::Waits;
use js_sys::{Function, Object};
use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::pin::{pin, Pin};
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
    /// Whether the loop this wait starts may record the run's duration (`history`).
    pub history: bool,
}

/// The state a loop shares with its callers.
#[derive(Default)]
struct Shared {
    result: RefCell<Option<Result<Object, Error>>>,
    waits: RefCell<Waits<Rc<Caller>>>,
    /// Set when a wait joined or left: the loop looks again at when to wake.
    changed: Cell<bool>,
    loop_waker: Cell<Option<Waker>>,
    last_run: RefCell<Option<Object>>,
    last_failure: RefCell<Option<Error>>,
}

/// One wait's own end (its timeout) and how to tell it.
#[derive(Default)]
struct Caller {
    on_update: Option<Function>,
    timed_out: RefCell<Option<Error>>,
    waker: Cell<Option<Waker>>,
}

impl Caller {
    fn wake(&self) {
        if let Some(waker) = self.waker.take() {
            waker.wake();
        }
    }
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
    let shared = client.loops.join(&client, url, &waiter, begin);
    let subscription = Subscription::new(&shared, deadline_ms, waiter.on_update);
    match race(subscription.result(), waiter.abort.fired()).await {
        Either::Left(result) => result,
        Either::Right(()) => Err(Error::aborted()),
    }
}

impl Loops {
    /// The live loop for `url`, or a new one started for it.
    fn join(&self, client: &Rc<Client>, url: String, waiter: &Waiter, begin: Begin) -> Rc<Shared> {
        let live = self
            .0
            .borrow()
            .iter()
            .find(|(u, s)| *u == url && s.result.borrow().is_none())
            .map(|(_, s)| s.clone());
        // A POST's own run is new, so only a plain wait can join.
        if let (Some(shared), Begin::Poll) = (live, &begin) {
            return shared;
        }
        let shared = Rc::new(Shared::default());
        self.0.borrow_mut().push((url.clone(), shared.clone()));
        let poller = Poller::new(schedule(waiter), now_ms(), waiter.timeout_ms);
        let record = waiter.history;
        super::spawn(Box::pin(run(
            client.clone(),
            url,
            shared.clone(),
            poller,
            begin,
            record,
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

/// The loop task: runs until the run ends or no wait is left.
async fn run(
    client: Rc<Client>,
    url: String,
    shared: Rc<Shared>,
    poller: Poller<Box<dyn Schedule>>,
    begin: Begin,
    record: bool,
) {
    let client = &client;
    let tabs = client.tabs.then(|| Tabs::new(&url));
    let result = poll(client, &url, &shared, poller, begin, record, tabs).await;
    if let Some(result) = result {
        *shared.result.borrow_mut() = Some(result);
        let callers: Vec<Rc<Caller>> = shared.waits.borrow_mut().drain().collect();
        callers.iter().for_each(|c| c.wake());
    }
    client.loops.remove(&shared);
}

/// Polls until the run ends (`Some`) or every wait has left (`None`).
async fn poll(
    client: &Client,
    url: &str,
    shared: &Shared,
    mut poller: Poller<Box<dyn Schedule>>,
    begin: Begin,
    record: bool,
    tabs: Option<Tabs>,
) -> Option<Result<Object, Error>> {
    shared.expire()?;
    bound(&mut poller, shared);
    let followed = match &tabs {
        Some(tabs) => follow(tabs, shared, &mut poller).await?,
        None => None,
    };
    let mut step = match (followed, begin) {
        (Some(step), _) => step,
        (None, Begin::Poll) => poller.start(now_ms(), Start::PollFirst),
        (None, Begin::After(queued)) => seen(&mut poller, shared, queued),
    };
    loop {
        step = match step {
            Step::Poll => {
                let timeout = client.transport.request_timeout_ms;
                let get = pin!(client.transport.send(Method::Get, url, None, timeout));
                // (A poll's work only ever ends with its answer.)
                let Event::Answer(answer) = shared.guard(pin!(event(get, Event::Answer))).await?
                else {
                    return None;
                };
                bound(&mut poller, shared);
                match answer {
                    Ok(fetched) => {
                        if let Some(tabs) = &tabs {
                            tabs.publish(&fetched.run);
                        }
                        if record && fetched.summary.status == "complete" {
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
                let pause = pin!(deadline(ms));
                shared.guard(pin!(event(pause, |()| Event::Woke))).await?;
                bound(&mut poller, shared);
                poller.wake(now_ms())
            }
            Step::Finish => {
                return Some(
                    shared
                        .last_run
                        .borrow()
                        .clone()
                        .ok_or_else(|| Error::parse("no run was seen")),
                )
            }
            Step::Fail(e) => return Some(Err(e)),
        };
    }
}

/// Bounds the loop by the latest deadline of the waits still in: read before every
/// decision.
fn bound(poller: &mut Poller<Box<dyn Schedule>>, shared: &Shared) {
    poller.set_deadline(shared.waits.borrow().deadline_ms().unwrap_or(0));
}

/// Until this tab may poll the run, follows the runs the polling tab publishes.
/// `None` when every wait has left; `Some(None)` when this tab may poll and saw nothing
/// yet; `Some(Some(step))` to finish, or to poll at once after taking over.
async fn follow(
    tabs: &Tabs,
    shared: &Shared,
    poller: &mut Poller<Box<dyn Schedule>>,
) -> Option<Option<Step>> {
    let mut followed = false;
    loop {
        let next = pin!(tabs.next_run());
        let Event::Run(Some(run)) = shared.guard(pin!(event(next, Event::Run))).await? else {
            return Some(followed.then_some(Step::Poll));
        };
        // Another tab's run is checked as any answer is (it comes from the same origin).
        if let Ok((run, summary)) = normalise_answer(run) {
            followed = true;
            bound(poller, shared);
            if let Step::Finish = seen(poller, shared, Fetched { run, summary }) {
                return Some(Some(Step::Finish));
            }
        }
    }
}

/// What the loop awaits: a pause, a poll's answer, or a run another tab saw. One type,
/// so that [`Shared::guard`] exists once in the wasm file.
enum Event {
    Woke,
    Answer(Result<Fetched, Failure>),
    Run(Option<JsValue>),
}

/// `work`'s output as an [`Event`]: a closure over the pinned future rather than an
/// `async` block, which would add a state machine to the wasm file.
fn event<F: Future>(
    mut work: Pin<&mut F>,
    to_event: fn(F::Output) -> Event,
) -> impl Future<Output = Event> + '_ {
    poll_fn(move |cx| work.as_mut().poll(cx).map(to_event))
}

impl Shared {
    /// Awaits `work` while letting each wait go at its own deadline; `None` once no wait
    /// is left (dropping `work` then clears its timer or aborts its request).
    async fn guard(&self, mut work: Pin<&mut dyn Future<Output = Event>>) -> Option<Event> {
        loop {
            let next_expiry = self.expire()?;
            let changed = poll_fn(|cx| {
                if self.changed.replace(false) {
                    Poll::Ready(())
                } else {
                    self.loop_waker.set(Some(cx.waker().clone()));
                    Poll::Pending
                }
            });
            let until = deadline(next_expiry.saturating_sub(now_ms()));
            if let Either::Left(out) = race(work.as_mut(), race(until, changed)).await {
                return Some(out);
            }
        }
    }

    /// Rejects the waits whose deadline has come; answers when the next one's comes, or
    /// `None` when no wait is left.
    fn expire(&self) -> Option<u64> {
        let expired = self.waits.borrow_mut().expire(now_ms());
        for caller in expired {
            let mut error = Error::timeout();
            // Say what the last poll ran into, when it failed.
            if let Some(last) = self.last_failure.borrow().clone() {
                error.status = last.status;
                error.retry_after_ms = last.retry_after_ms;
                error.body = last.body;
            }
            *caller.timed_out.borrow_mut() = Some(error);
            caller.wake();
        }
        self.waits.borrow().next_expiry_ms()
    }

    /// Tells the loop that the waits changed.
    fn touch(&self) {
        self.changed.set(true);
        if let Some(waker) = self.loop_waker.take() {
            waker.wake();
        }
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
            .waits
            .borrow()
            .iter()
            .filter_map(|c| c.on_update.clone())
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
    caller: Rc<Caller>,
    id: u32,
}

impl Subscription {
    fn new(shared: &Rc<Shared>, deadline_ms: u64, on_update: Option<Function>) -> Self {
        // A late joiner's first observation is the run the loop saw last.
        if let (Some(f), Some(run)) = (&on_update, shared.last_run.borrow().as_ref()) {
            notify(f, run);
        }
        let caller = Rc::new(Caller {
            on_update,
            ..Caller::default()
        });
        let id = shared.waits.borrow_mut().join(deadline_ms, caller.clone());
        shared.touch();
        Subscription {
            shared: shared.clone(),
            caller,
            id,
        }
    }

    fn result(&self) -> impl Future<Output = Result<Object, Error>> + '_ {
        poll_fn(|cx| {
            if let Some(error) = self.caller.timed_out.borrow().as_ref() {
                return Poll::Ready(Err(error.clone()));
            }
            if let Some(result) = self.shared.result.borrow().as_ref() {
                return Poll::Ready(result.clone());
            }
            self.caller.waker.set(Some(cx.waker().clone()));
            Poll::Pending
        })
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if self.shared.waits.borrow_mut().leave(self.id).is_some() {
            self.shared.touch();
        }
    }
}
