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
//!
//! The loop and the waits are plain futures written by hand rather than `async` code:
//! each `.await` point of an `async fn` costs the wasm file a state of its state machine
//! and drop code for what lives across it, and the loop has few states.

use super::abort::{deadline, AbortWatch, Cancellable};
use super::come_back::ComeBack;
use super::durations::Durations;
use super::fetch::{Failure, Fetched, Method, Transport};
use super::run_object::normalise_answer;
use super::tabs::Tabs;
use crate::core::backoff::{Backoff, BackoffConfig};
use crate::core::error::Error;
use crate::core::history::{Expectation, HistorySchedule};
use crate::core::poll::{PauseContext, Poller, Schedule, Seen, Start, Step};
use crate::core::share::Waits;
use js_sys::{Function, Object};
use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What the loops of one client share: how it sends requests, the loops running (a page
/// watches a handful at most), the durations it has seen, and whether waits share one
/// poller per run with the other tabs (option `tabs`).
pub struct Polling {
    pub transport: Transport,
    pub durations: Durations,
    pub tabs: bool,
    loops: RefCell<Vec<Rc<Shared>>>,
}

impl Polling {
    pub fn new(transport: Transport, tabs: bool) -> Polling {
        Polling {
            transport,
            durations: Durations::default(),
            tabs,
            loops: RefCell::default(),
        }
    }
}

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
    pub on_answer: Option<Function>,
    pub abort: AbortWatch,
    /// When the run, just queued, is expected to end (from the job's recent durations).
    pub expected: Option<Expectation>,
    /// Whether the loop this wait starts may record the run's duration (`history`).
    pub history: bool,
}

/// The state a loop shares with its callers.
struct Shared {
    url: String,
    waits: RefCell<Waits<Rc<Caller>>>,
    /// Woken when a wait joins or leaves: the loop looks again at when to wake.
    waker: Cell<Option<Waker>>,
    /// The last run the loop saw (`undefined` before the first).
    last_run: RefCell<JsValue>,
    /// Set when the page came back; the loop tells its poller.
    came_back: Cell<bool>,
}

impl Shared {
    /// Tells the loop that the waits changed.
    fn touch(&self) {
        if let Some(waker) = self.waker.take() {
            waker.wake();
        }
    }
}

/// One wait's end (the run's, or its own timeout) and how to tell it.
struct Caller {
    on_update: Option<Function>,
    on_answer: Option<Function>,
    outcome: Cell<Option<Result<Object, Error>>>,
    waker: Cell<Option<Waker>>,
}

impl Caller {
    fn finish(&self, outcome: Result<Object, Error>) {
        self.outcome.set(Some(outcome));
        if let Some(waker) = self.waker.take() {
            waker.wake();
        }
    }
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Waits for the run at `url` to finish, joining a loop already watching it.
pub fn wait(
    polling: Rc<Polling>,
    url: String,
    waiter: Waiter,
    begin: Begin,
) -> impl Future<Output = Result<Object, Error>> {
    let mut waiter = waiter;
    let subscription = (!waiter.abort.aborted()).then(|| {
        let deadline_ms = now_ms().saturating_add(waiter.timeout_ms);
        let shared = join(&polling, url, &waiter, begin);
        let callbacks = (waiter.on_update.take(), waiter.on_answer.take());
        Subscription::new(shared, deadline_ms, callbacks)
    });
    let abort = waiter.abort;
    poll_fn(move |cx| match &subscription {
        Some(subscription) => subscription.poll(cx, &abort),
        None => Poll::Ready(Err(Error::aborted())),
    })
}

/// The live loop for `url`, or a new one started for it.
fn join(polling: &Rc<Polling>, url: String, waiter: &Waiter, begin: Begin) -> Rc<Shared> {
    // A POST's own run is new, so only a plain wait can join. (A loop leaves this
    // list as it ends, so every loop in it is live.)
    if let Begin::Poll = begin {
        if let Some(shared) = polling.loops.borrow().iter().find(|s| s.url == url) {
            return shared.clone();
        }
    }
    let shared = Rc::new(Shared {
        url,
        waits: RefCell::default(),
        waker: Cell::default(),
        last_run: RefCell::new(JsValue::UNDEFINED),
        came_back: Cell::default(),
    });
    polling.loops.borrow_mut().push(shared.clone());
    let tabs = polling.tabs.then(|| Tabs::new(&shared.url));
    let gap = waiter.backoff.initial_delay_ms;
    let back = Rc::downgrade(&shared);
    super::spawn(Box::pin(Task {
        work: follow(tabs.as_ref(), gap),
        tabs,
        _come_back: ComeBack::listen(move || {
            if let Some(shared) = back.upgrade() {
                shared.came_back.set(true);
                shared.touch();
            }
        }),
        late_look: None,
        polling: polling.clone(),
        shared: shared.clone(),
        poller: Poller::new(schedule(waiter), now_ms(), waiter.timeout_ms).with_return_gap(gap),
        record: waiter.history,
        begin: Some(begin),
        expiry: None,
        now: 0,
    }));
    shared
}

impl Polling {
    fn remove(&self, shared: &Rc<Shared>) {
        let mut loops = self.loops.borrow_mut();
        if let Some(i) = loops.iter().position(|s| Rc::ptr_eq(s, shared)) {
            loops.swap_remove(i);
        }
    }
}

/// The pause policy of a new loop: paced by the job's history when there is one.
fn schedule(waiter: &Waiter) -> Pace {
    let seed = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    let backoff = Backoff::new(waiter.backoff, seed);
    match waiter.expected {
        Some(expected) => Pace::History(HistorySchedule::new(backoff, expected, seed)),
        None => Pace::Backoff(backoff),
    }
}

/// The two pause policies, as an enum rather than a `Box<dyn Schedule>`: no allocation
/// and no vtables.
enum Pace {
    Backoff(Backoff),
    History(HistorySchedule),
}

impl Schedule for Pace {
    fn pause_ms(&mut self, context: &PauseContext<'_>) -> u64 {
        match self {
            Pace::Backoff(backoff) => backoff.pause_ms(context),
            Pace::History(history) => history.pause_ms(context),
        }
    }
}

/// The key the client remembers durations by: the run's job, as its runs URL. (Bytes
/// are searched rather than chars: a char search backwards is large in the wasm file.)
fn runs_url_of(run_url: &str) -> &str {
    let end = run_url.bytes().rposition(|b| b == b'/');
    run_url
        .get(..end.unwrap_or(run_url.len()))
        .unwrap_or(run_url)
}

/// Follows the polling tab (or, without tabs, polls at once). A follower that has heard
/// nothing for about its own pause polls itself: the polling tab may be throttled or
/// frozen. The margin covers the other tab's jitter and its request, which through a CMS
/// on a busy host can take seconds: a margin that a live polling tab outruns makes every
/// follower poll too. (A tab that turns hidden hands the polling over at once, so the
/// margin delays only a tab stalled while visible.)
const FOLLOW_MARGIN_MS: u64 = 3000;

fn follow(tabs: Option<&Tabs>, pause_ms: u64) -> Work {
    let patience = pause_ms
        .saturating_add(pause_ms / 4)
        .saturating_add(FOLLOW_MARGIN_MS);
    Work::Follow(tabs.map(|tabs| (tabs.next_run(), deadline(patience))))
}

/// What the loop is doing.
enum Work {
    /// Following the runs the polling tab publishes, until this tab may poll or has
    /// heard nothing for too long; `None` (without tabs) may poll at once.
    Follow(Option<(JsFuture, Cancellable)>),
    Pause(Cancellable),
    Poll(Pin<Box<dyn Future<Output = Result<Fetched, Failure>>>>),
}

/// The loop task: polls until the run ends or no wait is left.
struct Task {
    polling: Rc<Polling>,
    shared: Rc<Shared>,
    poller: Poller<Pace>,
    /// Whether the run's duration may be recorded (`history`).
    record: bool,
    tabs: Option<Tabs>,
    _come_back: ComeBack,
    /// The one more look of a wait that slept past its deadline: `Some(true)` while its
    /// poll is in flight, `Some(false)` once answered (then the waits due are settled).
    late_look: Option<bool>,
    /// How to start once this tab may poll; `None` once a run was followed from
    /// another tab (then it polls at once).
    begin: Option<Begin>,
    work: Work,
    /// The timer for the next wait's deadline, and that deadline.
    expiry: Option<(u64, Cancellable)>,
    /// When the loop last looked at the time (it decides at once after).
    now: u64,
}

impl Future for Task {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let task = self.get_mut();
        task.shared.waker.set(Some(cx.waker().clone()));
        loop {
            // Every pause and request is cut short when a wait's deadline comes.
            let Some(next_expiry) = task.expire() else {
                return task.end(None);
            };
            let timer = match &mut task.expiry {
                Some((at, timer)) if *at == next_expiry => timer,
                slot => {
                    let timer = deadline(next_expiry.saturating_sub(task.now));
                    &mut slot.insert((next_expiry, timer)).1
                }
            };
            if Pin::new(timer).poll(cx).is_ready() {
                task.expiry = None;
                continue;
            }
            let back = task.shared.came_back.take();
            let step = match &mut task.work {
                Work::Follow(following) => {
                    let run = match following {
                        Some((next, patience)) => match Pin::new(next).poll(cx) {
                            Poll::Ready(run) => run.ok().filter(|run| !run.is_null()),
                            Poll::Pending if Pin::new(patience).poll(cx).is_ready() => None,
                            Poll::Pending if back && task.poller.come_back(task.now) => None,
                            Poll::Pending => return Poll::Pending,
                        },
                        None => None,
                    };
                    match run {
                        Some(run) => task.followed(run),
                        None => task.start(),
                    }
                }
                Work::Pause(pause) => {
                    if back && task.poller.come_back(task.now) {
                        Step::Poll
                    } else if Pin::new(pause).poll(cx).is_pending() {
                        return Poll::Pending;
                    } else {
                        task.poller.wake(task.now)
                    }
                }
                Work::Poll(get) => match get.as_mut().poll(cx) {
                    Poll::Ready(answer) => {
                        task.late_look = task.late_look.and(Some(false));
                        task.answered(answer)
                    }
                    Poll::Pending => return Poll::Pending,
                },
            };
            task.work = match step {
                Step::Poll => Work::Poll(get(task.polling.clone(), task.shared.clone())),
                Step::Sleep(ms) => match &task.tabs {
                    Some(tabs) if !tabs.mine() => follow(Some(tabs), ms),
                    _ => Work::Pause(deadline(ms)),
                },
                // (Only a run seen ends the loop with `Finish`.)
                Step::Finish => {
                    let run = task.shared.last_run.borrow().clone();
                    return task.end(Some(Ok(run.unchecked_into())));
                }
                Step::Fail(e) => return task.end(Some(Err(e))),
            };
        }
    }
}

/// One poll of the run (a future of its own: the loop holds it across its wakes).
fn get(
    polling: Rc<Polling>,
    shared: Rc<Shared>,
) -> Pin<Box<dyn Future<Output = Result<Fetched, Failure>>>> {
    Box::pin(async move {
        let transport = &polling.transport;
        let timeout = transport.request_timeout_ms;
        transport
            .send(Method::Get, &shared.url, None, timeout)
            .await
    })
}

impl Task {
    /// Rejects the waits whose deadline has come, and bounds the loop by the latest
    /// deadline of the others; answers when the next one's comes, or `None` when no wait
    /// is left. Called before every decision, with the time it is taken at.
    fn expire(&mut self) -> Option<u64> {
        self.now = now_ms();
        let (next, _) = self.shared.waits.borrow().deadlines()?;
        match self.late_look {
            Some(true) => return Some(u64::MAX),
            Some(false) => self.late_look = None,
            None if next <= self.now && self.poller.slept_past(next, self.now) => {
                // The page was asleep past a deadline: one more look before `timeout`.
                self.late_look = Some(true);
                self.work = Work::Poll(get(self.polling.clone(), self.shared.clone()));
                return Some(u64::MAX);
            }
            None => {}
        }
        self.settle(self.now, &Err(self.poller.timeout_error()));
        let (next, last) = self.shared.waits.borrow().deadlines()?;
        self.poller.set_deadline(last);
        Some(next)
    }

    /// Settles the waits whose deadline is at or before `by_ms` with `outcome`.
    fn settle(&self, by_ms: u64, outcome: &Result<Object, Error>) {
        while let Some(caller) = self.shared.waits.borrow_mut().take_due(by_ms) {
            caller.finish(outcome.clone());
        }
    }

    /// This tab may poll: the first step, as the loop began, or a poll at once after
    /// following another tab.
    fn start(&mut self) -> Step {
        match self.begin.take() {
            Some(Begin::Poll) => self.poller.start(self.now, Start::PollFirst),
            Some(Begin::After(queued)) => self.seen(queued),
            None => Step::Poll,
        }
    }

    /// A run the polling tab saw: checked as any answer is (it comes from the same
    /// origin), and paced as if this tab had polled it.
    fn followed(&mut self, run: JsValue) -> Step {
        match normalise_answer(run) {
            Ok((run, summary)) => {
                self.begin = None;
                self.seen(Fetched { run, summary })
            }
            Err(_) => self.poller.wake(self.now),
        }
    }

    /// What a poll's answer means for the loop.
    fn answered(&mut self, answer: Result<Fetched, Failure>) -> Step {
        match answer {
            Ok(fetched) => {
                if let Some(tabs) = &self.tabs {
                    tabs.publish(&fetched.run);
                }
                if self.record && fetched.summary.status == "complete" {
                    let ms = (fetched.summary.duration * 1000.0) as u64;
                    let durations = &self.polling.durations;
                    durations.record(runs_url_of(&self.shared.url), ms);
                }
                self.seen(fetched)
            }
            Err(Failure::Retryable(e)) => self.poller.observe(self.now, Seen::Retryable(e)),
            Err(Failure::Fatal(e)) => self.poller.observe(self.now, Seen::Fatal(e)),
        }
    }

    /// Feeds a run to the poller and tells the callers when it is news.
    fn seen(&mut self, fetched: Fetched) -> Step {
        let summary = &fetched.summary;
        let step = self.poller.observe(
            self.now,
            Seen::Run {
                status: &summary.status,
                changed: summary.changed,
            },
        );
        *self.shared.last_run.borrow_mut() = fetched.run.clone().into();
        let news = self.poller.saw_news();
        // No borrow is held while a callback runs. (Waits join and leave in tasks of
        // their own, never during a callback, so the list stays as it is.)
        for i in 0.. {
            let Some(caller) = self.shared.waits.borrow().get(i).cloned() else {
                break;
            };
            let news = caller.on_update.as_ref().filter(|_| news);
            for f in news.into_iter().chain(&caller.on_answer) {
                notify(f, &fetched.run);
            }
        }
        step
    }

    /// Settles every wait still in with the run's end (`Some`), and leaves the client.
    fn end(&mut self, result: Option<Result<Object, Error>>) -> Poll<()> {
        if let Some(result) = result {
            self.settle(u64::MAX, &result);
        }
        self.polling.remove(&self.shared);
        Poll::Ready(())
    }
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
    fn new(
        shared: Rc<Shared>,
        deadline_ms: u64,
        (on_update, on_answer): (Option<Function>, Option<Function>),
    ) -> Self {
        // A late joiner's first observation is the run the loop saw last.
        if let Some(f) = &on_update {
            let run = shared.last_run.borrow();
            if !run.is_undefined() {
                notify(f, run.unchecked_ref());
            }
        }
        let caller = Rc::new(Caller {
            on_update,
            on_answer,
            outcome: Cell::default(),
            waker: Cell::default(),
        });
        let id = shared.waits.borrow_mut().join(deadline_ms, caller.clone());
        shared.touch();
        Subscription { shared, caller, id }
    }

    /// The wait's end; the caller's abort wins over a run that has not ended yet.
    fn poll(&self, cx: &mut Context<'_>, abort: &AbortWatch) -> Poll<Result<Object, Error>> {
        if let Some(outcome) = self.caller.outcome.take() {
            return Poll::Ready(outcome);
        }
        if abort.poll_fired(cx).is_ready() {
            return Poll::Ready(Err(Error::aborted()));
        }
        self.caller.waker.set(Some(cx.waker().clone()));
        Poll::Pending
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if self.shared.waits.borrow_mut().leave(self.id).is_some() {
            self.shared.touch();
        }
    }
}
