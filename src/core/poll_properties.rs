//! Property tests of the poller over every schedule, plain back-off and job history
//! alike (a module of its own, so that neither `core::poll` nor `core::history` imports the
//! other).

use crate::core::backoff::Backoff;
use crate::core::backoff::BackoffConfig;
use crate::core::error::Error;
use crate::core::error::ErrorKind;
use crate::core::history::{HistorySchedule, RecentDurations};
use crate::core::poll::*;
use proptest::prelude::*;

/// One poll's answer.
#[derive(Clone, Debug)]
enum Answer {
    Run(&'static str, u8),
    Retryable(Option<u64>),
    Fatal,
}

fn answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        6 => (prop::sample::select(vec!["queued", "running", "paused", "complete", "error"]), 0u8..3)
            .prop_map(|(s, c)| Answer::Run(s, c)),
        3 => prop::option::of(prop_oneof![0u64..5000, 0u64..200_000, Just(u64::MAX)])
            .prop_map(Answer::Retryable),
        1 => Just(Answer::Fatal),
    ]
}

fn config() -> impl Strategy<Value = BackoffConfig> {
    (1u64..5000, 1u64..60_000, 1.0f64..10.0, 0.0f64..=1.0).prop_map(
        |(initial_delay_ms, max_delay_ms, multiplier, jitter)| BackoffConfig {
            initial_delay_ms,
            max_delay_ms,
            multiplier,
            jitter,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// However the page flaps (`online`, visible, `resume`, `pageshow` at any times), the
    /// early polls it causes are at least the return gap apart and all before the deadline.
    #[test]
    fn coming_back_never_floods(
        gap in 1u64..5000,
        timeout in 1u64..100_000,
        mut times in prop::collection::vec(0u64..120_000, 0..200),
    ) {
        times.sort_unstable();
        let mut poller = Poller::new(Backoff::new(BackoffConfig::default(), 1), 0, timeout)
            .with_return_gap(gap);
        let mut last: Option<u64> = None;
        for now in times {
            if poller.come_back(now) {
                prop_assert!(now < timeout, "an early poll at {} past the deadline {}", now, timeout);
                if let Some(last) = last {
                    prop_assert!(now - last >= gap, "early polls at {} and {} (gap {})", last, now, gap);
                }
                last = Some(now);
            }
        }
    }

    /// Over any answers, failures, `Retry-After` values, deadlines and clocks (late
    /// timers, slow answers), with plain back-off or a history:
    /// - no pause reaches past the deadline, none is empty;
    /// - no pause is longer than `maxDelayMs`, unless it honours a `Retry-After`;
    /// - no request is sent at or after the deadline;
    /// - the wait finishes exactly on `complete` or `error`, fails exactly on a
    ///   fail-fast error (with that error) or at the deadline (with `timeout`).
    #[test]
    fn the_poller_keeps_its_promises(
        config in config(),
        seed in any::<u64>(),
        history in prop::option::of(prop::collection::vec(1u64..600_000, 1..5)),
        start_ms in prop_oneof![Just(0u64), 0u64..2_000_000_000_000],
        timeout_ms in prop_oneof![0u64..100, 0u64..200_000, Just(u64::MAX)],
        pause_first in any::<bool>(),
        answers in prop::collection::vec((answer(), 0u64..3000, 0u64..50), 0..40),
    ) {
        prop_assert!(config.validate().is_ok());
        let backoff = Backoff::new(config, seed);
        let schedule: Box<dyn Schedule> = match history {
            Some(samples) => {
                let mut recent = RecentDurations::default();
                samples.iter().for_each(|&ms| recent.record(ms));
                Box::new(HistorySchedule::new(backoff, recent.expectation().unwrap(), seed))
            }
            None => Box::new(backoff),
        };
        let mut poller = Poller::new(schedule, start_ms, timeout_ms);
        let deadline = start_ms.saturating_add(timeout_ms);
        let cap = config.max_delay_ms;
        let mut now = start_ms;
        let start = if pause_first { Start::PauseFirst } else { Start::PollFirst };
        let mut step = poller.start(now, start);
        let mut answers = answers.into_iter();
        // What the last observation was: a pause may honour its Retry-After.
        let mut retry_after: Option<u64> = None;
        let mut last: Option<Answer> = None;
        loop {
            match step {
                Step::Sleep(ms) => {
                    prop_assert!(ms > 0);
                    prop_assert!(now.saturating_add(ms) <= deadline, "sleeps past the deadline");
                    prop_assert!(ms <= cap.max(retry_after.unwrap_or(0)), "{} > cap {}", ms, cap);
                    // Timers may fire late.
                    let late = answers.as_slice().first().map_or(0, |a| a.2);
                    now = now.saturating_add(ms).saturating_add(late);
                    step = poller.wake(now);
                }
                Step::Poll => {
                    prop_assert!(now < deadline, "a request at or after the deadline");
                    let (answer, latency, _) = answers
                        .next()
                        .unwrap_or((Answer::Run("complete", 9), 0, 0));
                    now = now.saturating_add(latency);
                    retry_after = None;
                    step = match answer.clone() {
                        Answer::Run(status, changed) => poller.observe(
                            now,
                            Seen::Run { status, changed: f64::from(changed) },
                        ),
                        Answer::Retryable(after) => {
                            retry_after = after;
                            poller.observe(now, Seen::Retryable(Error::http(503, after, None)))
                        }
                        Answer::Fatal => poller.observe(
                            now,
                            Seen::Fatal(Error::http(404, None, Some("gone".into()))),
                        ),
                    };
                    last = Some(answer);
                }
                Step::Finish => {
                    prop_assert!(
                        matches!(last, Some(Answer::Run("complete" | "error", _))),
                        "finished on {:?}", last
                    );
                    break;
                }
                Step::Fail(error) => {
                    match last {
                        Some(Answer::Fatal) => {
                            prop_assert_eq!(error.status, Some(404));
                            prop_assert_eq!(error.kind, ErrorKind::Http);
                        }
                        _ => {
                            prop_assert_eq!(error.kind, ErrorKind::Timeout);
                            prop_assert!(now >= deadline);
                        }
                    }
                    break;
                }
            }
            // A final status or a fail-fast error ends the wait at once.
            if let Some(Answer::Run("complete" | "error", _) | Answer::Fatal) = last {
                prop_assert!(matches!(step, Step::Finish | Step::Fail(_)), "{:?} after {:?}", step, last);
            }
        }
    }
}
