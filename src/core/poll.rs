//! The polling state machine behind `waitForRun`.
//!
//! It never touches a clock, a timer or the network: the caller tells it the time and what
//! each poll saw, and it answers what to do next ([`Step`]). The wasm side loops over it
//! with real fetches and timers; the benchmark drives it through a simulated clock.
//!
//! ```
//! use drush_io_embed::core::poll::{Poller, Seen, Start, Step};
//! use drush_io_embed::core::backoff::{Backoff, BackoffConfig};
//!
//! let mut poller = Poller::new(Backoff::new(BackoffConfig::default(), 42), 0, 60_000);
//! assert_eq!(poller.start(0, Start::PollFirst), Step::Poll);
//! let step = poller.observe(120, Seen::Run { status: "running", changed: 1.0 });
//! let Step::Sleep(ms) = step else { panic!() };
//! assert!(ms > 0 && ms <= 60_000 - 120);
//! assert_eq!(poller.wake(120 + ms), Step::Poll);
//! assert_eq!(poller.observe(2000, Seen::Run { status: "complete", changed: 2.0 }), Step::Finish);
//! ```
//!
//! How the pace follows what polls see (the default [`Backoff`] schedule):
//! - a poll that saw nothing new makes the next pause longer (by the multiplier);
//! - a poll that saw a new `status` starts the pauses again from `initialDelayMs`. The
//!   detection lag that matters is measured from when the run starts running: time spent
//!   `queued` must not have stretched the pauses already, or a short run that waited in
//!   the queue would be noticed late. It costs a few extra polls once per run;
//! - a poll that saw only a new `changed` keeps the current pause: it is news, so the pace
//!   does not slow down, but a server that touched `changed` on every log line cannot pin
//!   the client to its fastest pace either;
//! - a retryable failure grows the pause, and a `Retry-After` is honoured even beyond
//!   `maxDelayMs` (the server knows its load).
//!
//! The deadline is never overslept: a pause that would reach past it is cut to end on it,
//! and the wait fails with `timeout` there.

use crate::core::backoff::Backoff;
use crate::core::error::Error;
use crate::core::run::is_final;
pub use crate::core::schedule::{PauseContext, PauseReason, Schedule};

/// Where the wait begins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// Poll at once (`waitForRun`).
    PollFirst,
    /// Pause first (`runJobAndWait`, right after the run was queued).
    PauseFirst,
}

/// What a poll saw.
#[derive(Clone, Debug, PartialEq)]
pub enum Seen<'a> {
    /// A valid run with this status and `changed` value.
    Run { status: &'a str, changed: f64 },
    /// A failure worth retrying (network error, 408, 429, 5xx); its
    /// `retry_after_ms` is honoured.
    Retryable(Error),
    /// A failure that ends the wait (400, 401, 403, 404, an answer that is not a run).
    Fatal(Error),
}

/// What to do next.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Send a poll now, then call [`Poller::observe`].
    Poll,
    /// Sleep this many milliseconds, then call [`Poller::wake`].
    Sleep(u64),
    /// The last run seen is final: resolve with it.
    Finish,
    /// The wait is over with this error.
    Fail(Error),
}

/// The polling state machine. Times are milliseconds on any monotonic clock.
#[derive(Clone, Debug)]
pub struct Poller<S = Backoff> {
    schedule: S,
    started_ms: u64,
    deadline_ms: u64,
    status: Option<String>,
    changed: Option<f64>,
    running_seen_at_ms: Option<u64>,
    news: bool,
    last_failure: Option<Error>,
    /// When the page last came back and cut a pause short ([`Poller::come_back`]).
    came_back_ms: Option<u64>,
    /// Until when the API asked to be left alone (`Retry-After`): a page coming back
    /// does not cut that pause short.
    retry_not_before_ms: Option<u64>,
    /// When the last run was seen (or the wait started): a page coming back shows it.
    seen_ms: u64,
    /// The least time between two such early polls (`initialDelayMs`).
    return_gap_ms: u64,
}

/// A run seen this recently is still fresh when the page comes back: it polls no earlier.
pub const FRESH_MS: u64 = 1000;

/// How late a timer may fire before the page counts as having been asleep (machine
/// asleep, tab frozen or throttled): then a deadline passed meanwhile gets one more look.
pub const ASLEEP_AFTER_MS: u64 = 1000;

impl<S: Schedule> Poller<S> {
    /// A wait starting at `now_ms` that gives up `timeout_ms` later.
    pub fn new(schedule: S, now_ms: u64, timeout_ms: u64) -> Self {
        Poller {
            schedule,
            started_ms: now_ms,
            deadline_ms: now_ms.saturating_add(timeout_ms),
            status: None,
            changed: None,
            running_seen_at_ms: None,
            news: false,
            last_failure: None,
            came_back_ms: None,
            retry_not_before_ms: None,
            seen_ms: now_ms,
            return_gap_ms: crate::core::backoff::DEFAULT_INITIAL_DELAY_MS,
        }
    }

    /// Early polls when the page comes back are at least `ms` apart (`initialDelayMs`).
    pub fn with_return_gap(mut self, ms: u64) -> Self {
        self.return_gap_ms = ms;
        self
    }

    /// The page came back (`online`, turning visible, `resume`, `pageshow`): whether a
    /// wait that is pausing should poll now rather than sit out its pause. Not when the
    /// run it shows was seen less than [`FRESH_MS`] ago (another tab may have polled it),
    /// never past the deadline, never within a `Retry-After` the API gave, and at most
    /// once per return gap, so that flapping (or a user going through tabs) cannot flood
    /// the API.
    pub fn come_back(&mut self, now_ms: u64) -> bool {
        let gap = self.return_gap_ms;
        let rested = self
            .came_back_ms
            .map_or(true, |at| now_ms.saturating_sub(at) >= gap);
        let stale = now_ms.saturating_sub(self.seen_ms) >= FRESH_MS;
        let allowed = self.retry_not_before_ms.map_or(true, |at| now_ms >= at);
        let poll = rested && stale && allowed && now_ms < self.deadline_ms;
        if poll {
            self.came_back_ms = Some(now_ms);
        }
        poll
    }

    /// A wait's deadline `due_ms` has passed by `now_ms`: whether the page was asleep
    /// meanwhile, so the wait should look once more before it rejects with `timeout`
    /// (the answer is then observed as usual: a final run still resolves it).
    pub fn slept_past(&self, due_ms: u64, now_ms: u64) -> bool {
        now_ms > due_ms.saturating_add(ASLEEP_AFTER_MS)
    }

    /// The first step: a poll, or a pause before it.
    pub fn start(&mut self, now_ms: u64, start: Start) -> Step {
        match start {
            Start::PollFirst if now_ms < self.deadline_ms => Step::Poll,
            Start::PollFirst => self.timeout(),
            Start::PauseFirst => self.pause(now_ms, PauseReason::BeforeFirstPoll, None),
        }
    }

    /// Call after a [`Step::Sleep`] ended: poll, or fail if the deadline has come.
    pub fn wake(&mut self, now_ms: u64) -> Step {
        if now_ms < self.deadline_ms {
            Step::Poll
        } else {
            self.timeout()
        }
    }

    /// Call with what a poll saw, at the time its answer arrived.
    pub fn observe(&mut self, now_ms: u64, seen: Seen<'_>) -> Step {
        self.news = false;
        match seen {
            Seen::Run { status, changed } => {
                self.last_failure = None;
                self.seen_ms = now_ms;
                let first = self.status.is_none();
                let new_status = self.status.as_deref() != Some(status);
                let new_changed = self.changed.map(f64::to_bits) != Some(changed.to_bits());
                self.news = new_status || new_changed;
                if new_status {
                    self.status = Some(status.to_owned());
                }
                self.changed = Some(changed);
                if status == "running" && self.running_seen_at_ms.is_none() {
                    self.running_seen_at_ms = Some(now_ms.saturating_sub(self.started_ms));
                }
                if is_final(status) {
                    return Step::Finish;
                }
                let reason = if first {
                    PauseReason::NothingNew
                } else if new_status {
                    PauseReason::NewStatus
                } else if new_changed {
                    PauseReason::NewChanged
                } else {
                    PauseReason::NothingNew
                };
                self.pause(now_ms, reason, None)
            }
            Seen::Retryable(error) => {
                let retry_after = error.retry_after_ms;
                self.last_failure = Some(error);
                self.pause(now_ms, PauseReason::Failure, retry_after)
            }
            Seen::Fatal(error) => Step::Fail(error),
        }
    }

    /// Whether the last observed run had a new status or `changed` value (the first
    /// observation included): the moment to call `onUpdate`.
    pub fn saw_news(&self) -> bool {
        self.news
    }

    /// The last status seen, if any.
    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    pub fn deadline_ms(&self) -> u64 {
        self.deadline_ms
    }

    /// Milliseconds left before the deadline (0 once it has passed). A request in flight
    /// should not outlive it.
    pub fn remaining_ms(&self, now_ms: u64) -> u64 {
        self.deadline_ms.saturating_sub(now_ms)
    }

    /// Moves the deadline. A loop shared by several waits is bounded by the latest
    /// deadline of the waits still in it ([`crate::core::share::Waits::deadline_ms`]): it
    /// moves later when a wait joins and earlier when one leaves.
    pub fn set_deadline(&mut self, deadline_ms: u64) {
        self.deadline_ms = deadline_ms;
    }

    pub fn schedule_mut(&mut self) -> &mut S {
        &mut self.schedule
    }

    fn pause(&mut self, now_ms: u64, reason: PauseReason, retry_after_ms: Option<u64>) -> Step {
        self.retry_not_before_ms = retry_after_ms.map(|ms| now_ms.saturating_add(ms));
        let remaining = self.remaining_ms(now_ms);
        if remaining == 0 {
            return self.timeout();
        }
        let context = PauseContext {
            reason,
            elapsed_ms: now_ms.saturating_sub(self.started_ms),
            status: self.status.as_deref(),
            running_seen_at_ms: self.running_seen_at_ms,
        };
        let pause = self
            .schedule
            .pause_ms(&context)
            .max(retry_after_ms.unwrap_or(0));
        match pause.min(remaining) {
            0 => Step::Poll,
            ms => Step::Sleep(ms),
        }
    }

    fn timeout(&mut self) -> Step {
        Step::Fail(self.timeout_error())
    }

    /// The `timeout` error of a wait ending now: it says what the last poll ran into,
    /// when that poll failed. (A wait of a shared loop may time out alone.)
    pub fn timeout_error(&self) -> Error {
        let mut error = Error::timeout();
        if let Some(last) = &self.last_failure {
            error.status = last.status;
            error.retry_after_ms = last.retry_after_ms;
            error.body = last.body.clone();
        }
        error
    }
}

/// Drives `poller` over a simulated run, on a simulated clock starting at 0: the run is
/// `running` until `ends_ms` and `complete` from then on. Answers the times of the polls,
/// or the error the wait failed with. The polling benchmark and the schedules' tests
/// measure policies with it, so they exercise the real state machine.
pub fn simulate_run<S: Schedule>(
    mut poller: Poller<S>,
    start: Start,
    ends_ms: u64,
) -> Result<Vec<u64>, Error> {
    let mut now = 0;
    let mut polls = Vec::new();
    let mut step = poller.start(now, start);
    loop {
        step = match step {
            Step::Sleep(ms) => {
                now += ms;
                poller.wake(now)
            }
            Step::Poll => {
                polls.push(now);
                let (status, changed) = if now >= ends_ms {
                    ("complete", ends_ms as f64 / 1000.0)
                } else {
                    ("running", 0.0)
                };
                poller.observe(now, Seen::Run { status, changed })
            }
            Step::Finish => return Ok(polls),
            Step::Fail(error) => return Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::backoff::BackoffConfig;
    use crate::core::error::ErrorKind;

    fn steady(initial: u64, max: u64, multiplier: f64) -> Backoff {
        Backoff::new(
            BackoffConfig {
                initial_delay_ms: initial,
                max_delay_ms: max,
                multiplier,
                jitter: 0.0,
            },
            1,
        )
    }

    fn run(status: &str, changed: f64) -> Seen<'_> {
        Seen::Run { status, changed }
    }

    #[test]
    fn coming_back_polls_at_once_but_at_most_once_per_gap_and_never_past_the_deadline() {
        let mut p = Poller::new(steady(1000, 30_000, 2.0), 0, 60_000).with_return_gap(1000);
        p.start(0, Start::PollFirst);
        assert_eq!(p.observe(0, run("running", 5.0)), Step::Sleep(1000));
        assert!(
            !p.come_back(500),
            "the run shown was seen less than a gap ago"
        );
        assert_eq!(p.observe(1000, run("running", 5.0)), Step::Sleep(2000));
        assert!(
            p.come_back(2500),
            "a pausing wait polls when the page comes back"
        );
        // Ten flaps within the gap add nothing.
        for t in 0..10 {
            assert!(!p.come_back(2600 + t * 40));
        }
        assert!(p.come_back(3500), "one gap later it may poll early again");
        assert!(!p.come_back(60_000), "never past the deadline");
    }

    #[test]
    fn a_deadline_overslept_by_a_sleeping_page_gets_one_more_look() {
        let p = Poller::new(steady(1000, 30_000, 2.0), 0, 60_000);
        assert!(
            !p.slept_past(60_000, 60_000 + ASLEEP_AFTER_MS),
            "a timer on time"
        );
        assert!(p.slept_past(60_000, 2 * 3_600_000), "a laptop that slept");
    }

    #[test]
    fn wait_for_run_polls_at_once_and_run_job_and_wait_pauses_first() {
        let mut p = Poller::new(steady(1000, 30_000, 2.0), 0, 60_000);
        assert_eq!(p.start(0, Start::PollFirst), Step::Poll);
        let mut p = Poller::new(steady(1000, 30_000, 2.0), 0, 60_000);
        assert_eq!(p.start(0, Start::PauseFirst), Step::Sleep(1000));
        assert_eq!(p.wake(1000), Step::Poll);
    }

    #[test]
    fn pauses_grow_only_while_nothing_changes() {
        let mut p = Poller::new(steady(100, 10_000, 2.0), 0, 60_000);
        p.start(0, Start::PollFirst);
        assert_eq!(p.observe(0, run("queued", 1.0)), Step::Sleep(100));
        assert!(p.saw_news(), "the first observation is news");
        assert_eq!(p.observe(100, run("queued", 1.0)), Step::Sleep(200));
        assert!(!p.saw_news());
        assert_eq!(p.observe(300, run("queued", 1.0)), Step::Sleep(400));
        // A new status starts the pace again: the run has only just begun.
        assert_eq!(p.observe(700, run("running", 2.0)), Step::Sleep(100));
        assert!(p.saw_news());
        assert_eq!(p.observe(800, run("running", 2.0)), Step::Sleep(200));
        // A new `changed` alone keeps the pace.
        assert_eq!(p.observe(1000, run("running", 3.0)), Step::Sleep(200));
        assert!(p.saw_news());
        assert_eq!(p.observe(1200, run("running", 3.0)), Step::Sleep(400));
        assert_eq!(p.observe(1600, run("complete", 4.0)), Step::Finish);
        assert!(p.saw_news());
    }

    #[test]
    fn an_error_run_is_a_normal_finish() {
        let mut p = Poller::new(steady(100, 1000, 2.0), 0, 60_000);
        assert_eq!(p.observe(5, run("error", 9.0)), Step::Finish);
    }

    #[test]
    fn unknown_statuses_keep_polling() {
        let mut p = Poller::new(steady(100, 1000, 2.0), 0, 60_000);
        assert_eq!(p.observe(5, run("paused", 9.0)), Step::Sleep(100));
    }

    #[test]
    fn failures_are_retried_and_fatal_ones_end_the_wait() {
        let mut p = Poller::new(steady(100, 1000, 2.0), 0, 60_000);
        assert_eq!(
            p.observe(0, Seen::Retryable(Error::network("offline"))),
            Step::Sleep(100)
        );
        assert_eq!(
            p.observe(100, Seen::Retryable(Error::http(502, None, None))),
            Step::Sleep(200)
        );
        let fatal = Error::http(404, None, Some("no such run".into()));
        assert_eq!(
            p.observe(300, Seen::Fatal(fatal.clone())),
            Step::Fail(fatal)
        );
    }

    #[test]
    fn retry_after_is_honoured_even_beyond_the_cap() {
        let mut p = Poller::new(steady(100, 1000, 2.0), 0, 60_000);
        let busy = Error::http(429, Some(5000), None);
        assert_eq!(p.observe(0, Seen::Retryable(busy)), Step::Sleep(5000));
        let short = Error::http(503, Some(10), None);
        assert_eq!(p.observe(5000, Seen::Retryable(short)), Step::Sleep(200));
        let now = Error::http(503, Some(0), None);
        assert_eq!(p.observe(5200, Seen::Retryable(now)), Step::Sleep(400));
    }

    #[test]
    fn a_page_coming_back_does_not_cut_a_retry_after_short() {
        let mut p = Poller::new(steady(100, 1000, 2.0), 0, 600_000);
        let busy = Error::http(503, Some(120_000), None);
        assert_eq!(p.observe(0, Seen::Retryable(busy)), Step::Sleep(120_000));
        assert!(!p.come_back(5_000), "the API asked for two minutes");
        assert!(!p.come_back(119_999));
        assert!(p.come_back(120_000));
        // An answer without Retry-After lifts it: coming back polls early again.
        assert!(matches!(
            p.observe(120_100, run("running", 1.0)),
            Step::Sleep(_)
        ));
        let later = Error::http(503, None, None);
        assert!(matches!(
            p.observe(130_000, Seen::Retryable(later)),
            Step::Sleep(_)
        ));
        assert!(p.come_back(131_500));
    }

    #[test]
    fn the_deadline_is_never_overslept() {
        let mut p = Poller::new(steady(400, 1000, 2.0), 1000, 1500);
        assert_eq!(p.observe(1000, run("running", 1.0)), Step::Sleep(400));
        assert_eq!(p.observe(1400, run("running", 1.0)), Step::Sleep(800));
        // 800 more would end at 3000, past the deadline of 2500.
        assert_eq!(p.observe(2200, run("running", 1.0)), Step::Sleep(300));
        match p.wake(2500) {
            Step::Fail(e) => assert_eq!(e.kind, ErrorKind::Timeout),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_retry_after_past_the_deadline_ends_on_the_deadline_with_its_status() {
        let mut p = Poller::new(steady(100, 1000, 2.0), 0, 3000);
        let busy = Error::http(503, Some(3_600_000), Some("busy".into()));
        assert_eq!(p.observe(1000, Seen::Retryable(busy)), Step::Sleep(2000));
        match p.wake(3000) {
            Step::Fail(e) => {
                assert_eq!(e.kind, ErrorKind::Timeout);
                assert_eq!(e.status, Some(503));
                assert_eq!(e.retry_after_ms, Some(3_600_000));
                assert_eq!(e.body.as_deref(), Some("busy"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_answer_after_the_deadline_fails_unless_it_is_final() {
        let mut p = Poller::new(steady(100, 1000, 2.0), 0, 1000);
        assert!(
            matches!(p.observe(1000, run("running", 1.0)), Step::Fail(e) if e.kind == ErrorKind::Timeout)
        );
        let mut p = Poller::new(steady(100, 1000, 2.0), 0, 1000);
        assert_eq!(p.observe(1200, run("complete", 1.0)), Step::Finish);
        let mut p = Poller::new(steady(100, 1000, 2.0), 0, 0);
        assert!(matches!(p.start(0, Start::PollFirst), Step::Fail(_)));
    }

    #[test]
    fn the_deadline_follows_the_waits_sharing_the_loop() {
        let mut p = Poller::new(steady(100, 1000, 2.0), 0, 1000);
        p.set_deadline(5000);
        assert_eq!(p.deadline_ms(), 5000);
        assert_eq!(p.remaining_ms(4000), 1000);
        assert_eq!(p.wake(4999), Step::Poll);
        p.set_deadline(2000);
        assert!(matches!(p.wake(2000), Step::Fail(e) if e.kind == ErrorKind::Timeout));
    }

    /// Another policy can be swapped in, boxed or not; it sees why each pause is needed.
    #[test]
    fn a_custom_schedule_can_replace_the_back_off() {
        struct Fixed(Vec<PauseReason>);
        impl Schedule for Fixed {
            fn pause_ms(&mut self, context: &PauseContext<'_>) -> u64 {
                self.0.push(context.reason);
                5000
            }
        }
        let mut p: Poller<Box<dyn Schedule>> = Poller::new(Box::new(Fixed(Vec::new())), 0, 60_000);
        assert_eq!(p.start(0, Start::PauseFirst), Step::Sleep(5000));
        assert_eq!(p.observe(5000, run("queued", 1.0)), Step::Sleep(5000));
        assert_eq!(p.observe(10_000, run("running", 2.0)), Step::Sleep(5000));
        let failure = Seen::Retryable(Error::network("offline"));
        assert_eq!(p.observe(15_000, failure), Step::Sleep(5000));
        let mut fixed = Poller::new(Fixed(Vec::new()), 0, 60_000);
        fixed.observe(0, run("running", 1.0));
        fixed.observe(10, run("running", 2.0));
        fixed.observe(20, run("running", 2.0));
        assert_eq!(
            fixed.schedule_mut().0,
            [
                PauseReason::NothingNew,
                PauseReason::NewChanged,
                PauseReason::NothingNew
            ]
        );
    }

    /// Drives the machine with jitter over many seeds and random answers: sleeps never
    /// reach past the deadline and every wait ends.
    #[test]
    fn no_seed_oversleeps_the_deadline() {
        for seed in 0..300u64 {
            let mut answers = crate::core::backoff::Jitter::new(seed ^ 0xABCD);
            let backoff = Backoff::new(
                BackoffConfig {
                    initial_delay_ms: 50,
                    max_delay_ms: 2000,
                    multiplier: 1.2,
                    jitter: 0.3,
                },
                seed,
            );
            let timeout = 500 + seed * 37;
            let mut p = Poller::new(backoff, 10, timeout);
            let deadline = 10 + timeout;
            let mut now = 10;
            let mut step = p.start(now, Start::PollFirst);
            let mut polls = 0;
            loop {
                match step {
                    Step::Poll => {
                        polls += 1;
                        now += 7; // the answer takes a moment
                        let r = answers.next_unit();
                        step = if r < 0.2 {
                            let after = (answers.next_unit() * 5000.0) as u64;
                            p.observe(now, Seen::Retryable(Error::http(429, Some(after), None)))
                        } else {
                            p.observe(now, run("running", 1.0))
                        };
                    }
                    Step::Sleep(ms) => {
                        assert!(
                            now + ms <= deadline,
                            "seed {seed}: sleeps past the deadline"
                        );
                        assert!(ms > 0);
                        now += ms;
                        step = p.wake(now);
                    }
                    Step::Fail(e) => {
                        assert_eq!(e.kind, ErrorKind::Timeout);
                        assert!(now >= deadline && now <= deadline + 7, "seed {seed}");
                        break;
                    }
                    Step::Finish => unreachable!(),
                }
            }
            assert!(polls >= 1);
        }
    }
}
