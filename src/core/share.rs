//! Several waits sharing one polling loop, each with its own deadline.
//!
//! Concurrent `waitForRun` calls for one run share one loop, so the server sees one
//! request at a time, yet joining a loop never shortens or lengthens anyone's deadline.
//! Told the time, [`Waits`] answers the two questions the loop has:
//! - how long it may go on: the latest deadline of the waits still in it bounds its
//!   pauses and requests ([`Waits::deadline_ms`]);
//! - who has timed out: a wait whose own deadline has come leaves alone, with `timeout`
//!   ([`Waits::take_due`]), and the others go on. The loop wakes for that at
//!   [`Waits::next_expiry_ms`], even in the middle of a pause or a request.
//!
//! Each wait carries the caller's own data (its `onUpdate`, where to send its result).

/// The waits in one loop, in the order they joined.
#[derive(Debug)]
pub struct Waits<T> {
    waits: Vec<(u32, u64, T)>,
    next_id: u32,
}

impl<T> Default for Waits<T> {
    fn default() -> Self {
        Waits {
            waits: Vec::new(),
            next_id: 0,
        }
    }
}

impl<T> Waits<T> {
    /// Adds a wait that gives up at `deadline_ms`; answers its id.
    pub fn join(&mut self, deadline_ms: u64, data: T) -> u32 {
        let id = self.next_id;
        self.next_id = id.wrapping_add(1);
        self.waits.push((id, deadline_ms, data));
        id
    }

    /// Removes a wait (it aborted, or its caller went away); `None` if it had left already.
    pub fn leave(&mut self, id: u32) -> Option<T> {
        let i = self.waits.iter().position(|(w, ..)| *w == id)?;
        Some(self.waits.remove(i).2)
    }

    pub fn is_empty(&self) -> bool {
        self.waits.is_empty()
    }

    pub fn len(&self) -> usize {
        self.waits.len()
    }

    /// The data of the `i`th wait still in the loop, in the order they joined.
    pub fn get(&self, i: usize) -> Option<&T> {
        self.waits.get(i).map(|(_, _, data)| data)
    }

    /// The earliest and the latest deadline of the waits in the loop, in one pass: the
    /// loop must be awake at the first to let that wait go, and no pause or request may
    /// reach past the second. `None` when no wait is left, and the loop should stop.
    pub fn deadlines(&self) -> Option<(u64, u64)> {
        self.waits.iter().fold(None, |bounds, &(_, deadline, _)| {
            let (first, last) = bounds.unwrap_or((deadline, deadline));
            Some((first.min(deadline), last.max(deadline)))
        })
    }

    /// The latest deadline of the waits in the loop ([`Waits::deadlines`]).
    pub fn deadline_ms(&self) -> Option<u64> {
        self.deadlines().map(|(_, last)| last)
    }

    /// When the next wait times out ([`Waits::deadlines`]).
    pub fn next_expiry_ms(&self) -> Option<u64> {
        self.deadlines().map(|(first, _)| first)
    }

    /// Takes out the first wait, in the order they joined, whose deadline has come by
    /// `by_ms`: called until `None`, it takes out each wait that times out (and with
    /// `u64::MAX`, every wait, when the loop ends for all of them).
    pub fn take_due(&mut self, by_ms: u64) -> Option<T> {
        let i = self
            .waits
            .iter()
            .position(|(_, deadline, _)| *deadline <= by_ms)?;
        Some(self.waits.remove(i).2)
    }
}

// Native only: proptest does not build for wasm32.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::backoff::{Backoff, BackoffConfig};
    use crate::core::poll::{Poller, Seen, Start, Step};
    use proptest::prelude::*;

    #[test]
    fn the_latest_deadline_bounds_the_loop_and_the_soonest_wakes_it() {
        let mut waits = Waits::default();
        assert_eq!(waits.deadline_ms(), None);
        let first = waits.join(1500, "first");
        let second = waits.join(10_000, "second");
        assert_eq!(waits.deadline_ms(), Some(10_000));
        assert_eq!(waits.next_expiry_ms(), Some(1500));
        assert_eq!(
            (waits.get(0), waits.get(1)),
            (Some(&"first"), Some(&"second"))
        );
        assert_eq!(waits.get(2), None);
        assert_eq!(waits.take_due(1499), None);
        assert_eq!(waits.take_due(1500), Some("first"));
        assert_eq!(waits.take_due(1500), None);
        assert_eq!(waits.leave(first), None, "it has left already");
        assert_eq!(waits.deadline_ms(), Some(10_000));
        assert_eq!(waits.leave(second), Some("second"));
        assert!(waits.is_empty());
        assert_eq!(waits.deadline_ms(), None);
    }

    #[test]
    fn leaving_can_shorten_the_loop() {
        let mut waits = Waits::default();
        waits.join(5000, ());
        let long = waits.join(60_000, ());
        waits.leave(long);
        assert_eq!(waits.deadline_ms(), Some(5000));
    }

    /// How each wait of a shared loop ended, driven as the browser's loop drives it:
    /// every pause and request is cut short when a wait's deadline comes.
    #[derive(Debug, PartialEq)]
    enum End {
        Complete(u64),
        Timeout(u64),
    }

    /// Waits `(joins_at, timeout)` on one run that completes at `ends_ms`; each poll's
    /// answer takes `latency` ms.
    fn shared_loop(waiters: &[(u64, u64)], ends_ms: u64, latency: u64) -> Vec<Option<End>> {
        let config = BackoffConfig {
            initial_delay_ms: 100,
            max_delay_ms: 1000,
            multiplier: 1.5,
            jitter: 0.0,
        };
        let mut ends: Vec<Option<End>> = waiters.iter().map(|_| None).collect();
        let mut waits = Waits::default();
        let mut poller = Poller::new(Backoff::new(config, 1), 0, 0);
        let mut joined = 0;
        let mut now = 0;
        // What the loop is doing: sleeping until, or awaiting an answer due at, a time.
        let mut step = None::<Step>;
        let mut busy_until = 0;
        loop {
            while joined < waiters.len() && waiters[joined].0 <= now {
                let (at, timeout) = waiters[joined];
                waits.join(at + timeout, joined);
                joined += 1;
            }
            while let Some(i) = waits.take_due(now) {
                ends[i] = Some(End::Timeout(now));
            }
            let Some(deadline) = waits.deadline_ms() else {
                if joined == waiters.len() {
                    return ends;
                }
                // Everyone left: the loop stops, and the next wait starts a new one.
                now = waiters[joined].0;
                poller = Poller::new(Backoff::new(config, 1), now, 0);
                (step, busy_until) = (None, 0);
                continue;
            };
            poller.set_deadline(deadline);
            if now < busy_until {
                // Wake at the first of: the work's end, a deadline, a join.
                let mut wake = busy_until.min(waits.next_expiry_ms().unwrap());
                if joined < waiters.len() {
                    wake = wake.min(waiters[joined].0);
                }
                now = wake;
                continue;
            }
            step = Some(match step.take() {
                None => poller.start(now, Start::PollFirst),
                Some(Step::Sleep(_)) => poller.wake(now),
                Some(Step::Poll) => {
                    let status = if now >= ends_ms {
                        "complete"
                    } else {
                        "running"
                    };
                    poller.observe(
                        now,
                        Seen::Run {
                            status,
                            changed: 1.0,
                        },
                    )
                }
                Some(done) => done,
            });
            match step {
                Some(Step::Sleep(ms)) => busy_until = now + ms,
                Some(Step::Poll) => busy_until = now + latency,
                Some(Step::Finish) => {
                    while let Some(i) = waits.take_due(u64::MAX) {
                        ends[i] = Some(End::Complete(now));
                    }
                }
                Some(Step::Fail(_)) => {
                    while let Some(i) = waits.take_due(u64::MAX) {
                        ends[i] = Some(End::Timeout(now));
                    }
                }
                None => unreachable!(),
            }
        }
    }

    #[test]
    fn a_joined_wait_with_a_later_deadline_outlives_the_first() {
        // The first wait gives up at 1500; the second joins at 1200 with 10 s; the run
        // ends at 4000.
        let ends = shared_loop(&[(0, 1500), (1200, 10_000)], 4000, 20);
        assert_eq!(ends[0], Some(End::Timeout(1500)));
        assert!(
            matches!(ends[1], Some(End::Complete(t)) if (4000..5100).contains(&t)),
            "{ends:?}"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Whoever joins when, each wait ends exactly at its own deadline or with the
        /// run, and never before either.
        #[test]
        fn every_wait_keeps_its_own_deadline(
            waiters in prop::collection::vec((0u64..5000, 0u64..8000), 1..6),
            ends_ms in 0u64..12_000,
            latency in 0u64..300,
        ) {
            let mut waiters = waiters;
            waiters.sort();
            let ends = shared_loop(&waiters, ends_ms, latency);
            for (&(at, timeout), end) in waiters.iter().zip(&ends) {
                let deadline = at + timeout;
                match end {
                    Some(End::Timeout(t)) => prop_assert_eq!(*t, deadline, "{:?}", ends),
                    Some(End::Complete(t)) => {
                        prop_assert!(*t >= ends_ms && *t < deadline, "{:?}", ends);
                    }
                    None => prop_assert!(false, "a wait never ended: {:?}", ends),
                }
            }
        }

        /// The bound is the latest deadline of the waits still in, and expiring takes out
        /// exactly the waits whose deadline has come.
        #[test]
        fn the_bound_is_the_latest_live_deadline(
            ops in prop::collection::vec((0u8..3, 0u64..10_000), 0..40),
        ) {
            let mut waits = Waits::default();
            let mut model: Vec<(u32, u64)> = Vec::new();
            for (op, n) in ops {
                match op {
                    0 => model.push((waits.join(n, n), n)),
                    1 if !model.is_empty() => {
                        let (id, deadline) = model.remove(n as usize % model.len());
                        prop_assert_eq!(waits.leave(id), Some(deadline));
                    }
                    _ => {
                        let mut expired: Vec<u64> =
                            std::iter::from_fn(|| waits.take_due(n)).collect();
                        let mut expected: Vec<u64> =
                            model.iter().map(|w| w.1).filter(|&d| d <= n).collect();
                        model.retain(|w| w.1 > n);
                        expired.sort_unstable();
                        expected.sort_unstable();
                        prop_assert_eq!(expired, expected);
                    }
                }
                prop_assert_eq!(waits.deadline_ms(), model.iter().map(|w| w.1).max());
                prop_assert_eq!(waits.next_expiry_ms(), model.iter().map(|w| w.1).min());
                prop_assert_eq!(waits.len(), model.len());
            }
        }
    }
}
