//! Pause policies for the poller: the [`Schedule`] it asks how long to pause, and what it
//! tells the schedule. Plain back-off ([`Backoff`]) and the job-history schedule
//! (`core::history`) implement it; the poller (`core::poll`) only calls it.

use crate::core::backoff::Backoff;

/// Why a pause is needed; given to the [`Schedule`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PauseReason {
    /// Before the first poll ([`Start::PauseFirst`]).
    BeforeFirstPoll,
    /// The poll saw the same status and `changed` value as before (or was the first).
    NothingNew,
    /// The poll saw a new `changed` value with the same status.
    NewChanged,
    /// The poll saw a new status.
    NewStatus,
    /// The poll failed in a way worth retrying.
    Failure,
}

/// What a [`Schedule`] may look at when choosing a pause.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct PauseContext<'a> {
    pub reason: PauseReason,
    /// Milliseconds since the wait started.
    pub elapsed_ms: u64,
    /// The last status seen, if any.
    pub status: Option<&'a str>,
    /// Milliseconds since the wait started at which `running` was first seen.
    pub running_seen_at_ms: Option<u64>,
}

impl<'a> PauseContext<'a> {
    /// For schedules tested or simulated outside the poller.
    pub fn new(
        reason: PauseReason,
        elapsed_ms: u64,
        status: Option<&'a str>,
        running_seen_at_ms: Option<u64>,
    ) -> Self {
        PauseContext {
            reason,
            elapsed_ms,
            status,
            running_seen_at_ms,
        }
    }
}

/// A pause policy: how long to wait before the next poll. [`Backoff`] is the default;
/// a history-aware policy can be swapped in without touching the poller.
pub trait Schedule {
    /// The pause, in milliseconds, before the next poll. The poller caps it at the
    /// deadline and raises it to any `Retry-After`.
    fn pause_ms(&mut self, context: &PauseContext<'_>) -> u64;
}

/// A boxed schedule is a schedule, so a caller can pick one at run time
/// (`Poller<Box<dyn Schedule>>`).
impl<S: Schedule + ?Sized> Schedule for Box<S> {
    fn pause_ms(&mut self, context: &PauseContext<'_>) -> u64 {
        (**self).pause_ms(context)
    }
}

impl Schedule for Backoff {
    fn pause_ms(&mut self, context: &PauseContext<'_>) -> u64 {
        let pause = match context.reason {
            PauseReason::NewChanged => self.repeat(),
            PauseReason::NewStatus => {
                self.reset();
                self.next().unwrap_or_default()
            }
            _ => self.next().unwrap_or_default(),
        };
        pause.as_millis() as u64
    }
}
