//! History-aware polling: a job's recent durations tell when its next run will likely end.
//!
//! Runs of one job take about as long as each other. Plain back-off has to guess, so it
//! spends requests early and still notices the end up to a fifth of the run late. Given
//! the job's recent durations, [`HistorySchedule`] pauses long (up to `maxDelayMs`) while
//! the run is surely still going, then polls at a short, steady pace through the window
//! in which earlier runs ended, then falls back to gentle growth if the run overstays.
//! Like every schedule it never pauses below `initialDelayMs` nor above `maxDelayMs`.

use crate::core::backoff::{clamp, Backoff, Jitter};
use crate::core::schedule::{PauseContext, PauseReason, Schedule};

/// How many durations are kept per job.
pub const MAX_SAMPLES: usize = 8;
/// How many jobs a [`DurationBook`] remembers (the least recently finished are forgotten).
pub const MAX_JOBS: usize = 32;

/// The pace inside the expected window, as a fraction of the expected duration: a run
/// ending at a random moment there is seen on average half of this late.
const WINDOW_STEP: f64 = 0.06;
/// Margins around the shortest and longest durations seen, for runs a little outside.
const LOW_MARGIN: f64 = 0.92;
const HIGH_MARGIN: f64 = 1.08;
/// With a single sample the spread is unknown: assume this much either way.
const SINGLE_SAMPLE_SPREAD: f64 = 0.25;

/// The recent durations of one job, newest last, in milliseconds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecentDurations {
    samples_ms: Vec<u64>,
}

/// When a run of the job is expected to end, in milliseconds after it started.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Expectation {
    pub low_ms: f64,
    pub median_ms: f64,
    pub high_ms: f64,
}

impl RecentDurations {
    /// Remembers one finished run's duration, forgetting the oldest beyond [`MAX_SAMPLES`].
    pub fn record(&mut self, duration_ms: u64) {
        if self.samples_ms.len() == MAX_SAMPLES {
            self.samples_ms.remove(0);
        }
        self.samples_ms.push(duration_ms);
    }

    pub fn samples_ms(&self) -> &[u64] {
        &self.samples_ms
    }

    /// The window in which the next run will likely end; `None` without any sample.
    pub fn expectation(&self) -> Option<Expectation> {
        // At most MAX_SAMPLES items: sorted in an array on the stack, by insertion,
        // because the standard library's sorts weigh tens of kilobytes in the wasm file.
        let mut buffer = [0; MAX_SAMPLES];
        let samples = &self.samples_ms[..self.samples_ms.len().min(MAX_SAMPLES)];
        let sorted = &mut buffer[..samples.len()];
        sorted.copy_from_slice(samples);
        for i in 1..sorted.len() {
            let mut j = i;
            while j > 0 && sorted[j - 1] > sorted[j] {
                sorted.swap(j - 1, j);
                j -= 1;
            }
        }
        let (&min, &max) = (sorted.first()?, sorted.last()?);
        let median = sorted[sorted.len() / 2] as f64;
        let (low, high) = if sorted.len() == 1 {
            (
                median * (1.0 - SINGLE_SAMPLE_SPREAD),
                median * (1.0 + SINGLE_SAMPLE_SPREAD),
            )
        } else {
            (min as f64 * LOW_MARGIN, max as f64 * HIGH_MARGIN)
        };
        Some(Expectation {
            low_ms: low,
            median_ms: median,
            high_ms: high,
        })
    }

    /// A compact text form for `localStorage`: decimal milliseconds separated by commas.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write_text(&mut out);
        out
    }

    fn write_text(&self, out: &mut String) {
        for (i, ms) in self.samples_ms.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            crate::core::error::push_decimal(out, *ms);
        }
    }

    /// Reads [`RecentDurations::to_text`]'s form; anything unreadable is skipped, since
    /// storage may hold what an older version or another script wrote.
    pub fn from_text(text: &str) -> Self {
        let mut durations = RecentDurations::default();
        for ms in text
            .split(',')
            .filter_map(|part| part.trim_ascii().parse().ok())
        {
            durations.record(ms);
        }
        durations
    }
}

/// Recent durations of several jobs, by a key that names the job (its runs URL), kept
/// small enough for `localStorage`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DurationBook {
    /// Least recently recorded first.
    jobs: Vec<(String, RecentDurations)>,
}

impl DurationBook {
    pub fn get(&self, job: &str) -> Option<&RecentDurations> {
        self.jobs.iter().find(|(key, _)| key == job).map(|(_, d)| d)
    }

    /// Records a finished run of `job`, forgetting the stalest job beyond [`MAX_JOBS`].
    pub fn record(&mut self, job: &str, duration_ms: u64) {
        // Keys are URLs; these characters would break the text form. (Bytes are searched:
        // a search for several chars is large in the wasm file.)
        if job.bytes().any(|b| b == b'\t' || b == b'\n') {
            return;
        }
        let entry = match self.jobs.iter().position(|(key, _)| key == job) {
            Some(i) => self.jobs.remove(i),
            None => {
                if self.jobs.len() == MAX_JOBS {
                    self.jobs.remove(0);
                }
                (job.to_owned(), RecentDurations::default())
            }
        };
        self.jobs.push(entry);
        if let Some((_, durations)) = self.jobs.last_mut() {
            durations.record(duration_ms);
        }
    }

    /// One line per job: its key, a tab, its durations.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (key, durations) in &self.jobs {
            out.push_str(key);
            out.push('\t');
            durations.write_text(&mut out);
            out.push('\n');
        }
        out
    }

    /// Reads [`DurationBook::to_text`]'s form, skipping lines it cannot read.
    pub fn from_text(text: &str) -> Self {
        let mut book = DurationBook::default();
        for (key, samples) in text.split('\n').filter_map(|line| line.split_once('\t')) {
            for ms in samples
                .split(',')
                .filter_map(|part| part.trim_ascii().parse().ok())
            {
                book.record(key, ms);
            }
        }
        book
    }
}

/// A [`Schedule`] that uses the job's expected duration, falling back to `backoff`'s
/// settings for the bounds, the jitter and the pace after failures.
#[derive(Clone, Debug)]
pub struct HistorySchedule {
    backoff: Backoff,
    expected: Expectation,
    jitter: Jitter,
    /// Milliseconds after the wait's start at which the run started, as far as polls tell.
    run_started_ms: u64,
}

impl HistorySchedule {
    /// For a wait that starts right after the run was queued.
    pub fn new(backoff: Backoff, expected: Expectation, seed: u64) -> Self {
        HistorySchedule {
            backoff,
            expected,
            jitter: Jitter::new(seed ^ 0x5DEE_CE66),
            run_started_ms: 0,
        }
    }

    fn unjittered_pause(&mut self, context: &PauseContext<'_>) -> f64 {
        let config = *self.backoff.config();
        let since_start = context.elapsed_ms.saturating_sub(self.run_started_ms) as f64;
        let Expectation {
            low_ms,
            median_ms,
            high_ms,
        } = self.expected;
        if since_start < low_ms {
            // Surely still running: sleep until the window opens (or the cap).
            low_ms - since_start
        } else if since_start < high_ms {
            median_ms * WINDOW_STEP
        } else {
            // Overstaying: keep the lag proportional, as plain back-off does.
            since_start * (config.multiplier - 1.0)
        }
    }
}

impl Schedule for HistorySchedule {
    fn pause_ms(&mut self, context: &PauseContext<'_>) -> u64 {
        match (context.reason, context.status) {
            // Failures and queued runs say nothing about the run's own clock.
            (PauseReason::Failure, _) | (_, Some("queued")) => {
                return self.backoff.pause_ms(context);
            }
            (PauseReason::NewStatus, Some("running")) => {
                // Seen running only now: it started since the previous poll.
                self.run_started_ms = context.running_seen_at_ms.unwrap_or(0);
            }
            _ => {}
        }
        let config = *self.backoff.config();
        let spread = config.jitter * (2.0 * self.jitter.next_unit() - 1.0);
        let pause = self.unjittered_pause(context) * (1.0 + spread);
        clamp(
            pause,
            config.initial_delay_ms as f64,
            config.max_delay_ms as f64,
        ) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::backoff::BackoffConfig;
    use crate::core::poll::{simulate_run, Poller, Seen, Start, Step};

    fn durations(ms: &[u64]) -> RecentDurations {
        let mut d = RecentDurations::default();
        ms.iter().for_each(|&m| d.record(m));
        d
    }

    fn schedule(expected: Expectation) -> HistorySchedule {
        let config = BackoffConfig {
            jitter: 0.0,
            ..BackoffConfig::default()
        };
        HistorySchedule::new(Backoff::new(config, 1), expected, 1)
    }

    fn polls(poller: Poller<HistorySchedule>, ends_ms: u64) -> Vec<u64> {
        simulate_run(poller, Start::PauseFirst, ends_ms).unwrap()
    }

    #[test]
    fn keeps_only_the_newest_samples() {
        let d = durations(&(1..=20).collect::<Vec<_>>());
        assert_eq!(d.samples_ms(), &(13..=20).collect::<Vec<_>>()[..]);
    }

    #[test]
    fn the_window_spans_the_samples_with_margins() {
        let e = durations(&[100_000, 80_000, 120_000])
            .expectation()
            .unwrap();
        assert_eq!(e.median_ms, 100_000.0);
        assert!((e.low_ms - 73_600.0).abs() < 1e-6);
        assert!((e.high_ms - 129_600.0).abs() < 1e-6);
        let single = durations(&[40_000]).expectation().unwrap();
        assert_eq!((single.low_ms, single.high_ms), (30_000.0, 50_000.0));
        assert_eq!(RecentDurations::default().expectation(), None);
    }

    #[test]
    fn text_form_round_trips_and_skips_garbage() {
        let d = durations(&[1500, 2500, 300_000]);
        assert_eq!(d.to_text(), "1500,2500,300000");
        assert_eq!(RecentDurations::from_text(&d.to_text()), d);
        assert_eq!(
            RecentDurations::from_text("12,x,,-4,7").samples_ms(),
            &[12, 7]
        );
    }

    #[test]
    fn the_book_keeps_the_most_recent_jobs_and_round_trips() {
        let mut book = DurationBook::default();
        for job in 0..40u64 {
            book.record(
                &["https://api/v1/projects/p/jobs/", &job.to_string()].concat(),
                job,
            );
        }
        assert!(book.get("https://api/v1/projects/p/jobs/7").is_none());
        book.record("https://api/v1/projects/p/jobs/8", 800);
        book.record("https://api/v1/projects/p/jobs/9", 900);
        // Recording 8 and 9 again made them the freshest: 30 more jobs evict 10 to 39.
        for job in 40..70u64 {
            book.record(
                &["https://api/v1/projects/p/jobs/", &job.to_string()].concat(),
                job,
            );
        }
        assert_eq!(
            book.get("https://api/v1/projects/p/jobs/8")
                .unwrap()
                .samples_ms(),
            &[8, 800]
        );
        assert!(book.get("https://api/v1/projects/p/jobs/10").is_none());
        assert_eq!(DurationBook::from_text(&book.to_text()), book);
        book.record("bad\tkey", 1);
        assert!(book.get("bad\tkey").is_none());
        let read = DurationBook::from_text("no tab here\njob\t1,2,x\n\tjunk\r\nother\t 3, 4\r\n");
        assert_eq!(read.get("job").unwrap().samples_ms(), &[1, 2]);
        assert_eq!(read.get("other").unwrap().samples_ms(), &[3, 4]);
    }

    #[test]
    fn sparse_before_the_window_dense_inside_it() {
        let expected = durations(&[600_000, 620_000, 580_000])
            .expectation()
            .unwrap();
        let poller = Poller::new(schedule(expected), 0, 3_600_000);
        let times = polls(poller, 605_000);
        let before: Vec<_> = times.iter().filter(|&&t| t < 533_000).collect();
        // Before the window, pauses are the 30 s cap.
        assert!(
            before.windows(2).all(|w| w[1] - w[0] == 30_000),
            "{times:?}"
        );
        // Inside it, 6 % of the median apart: seen within 36 s of the end.
        let last = *times.last().unwrap();
        assert!((605_000..605_000 + 36_000).contains(&last), "{times:?}");
        assert!(times.len() <= 21, "{} polls", times.len());
    }

    #[test]
    fn never_faster_than_the_initial_delay_nor_slower_than_the_cap() {
        let expected = durations(&[3000, 3100]).expectation().unwrap();
        let times = polls(Poller::new(schedule(expected), 0, 3_600_000), 3050);
        assert!(times.windows(2).all(|w| w[1] - w[0] >= 1000), "{times:?}");
        let expected = durations(&[60_000]).expectation().unwrap();
        let times = polls(Poller::new(schedule(expected), 0, 3_600_000), 900_000);
        assert!(times.windows(2).all(|w| w[1] - w[0] <= 30_000), "{times:?}");
        // An overstaying run is still followed to its end.
        assert!(*times.last().unwrap() >= 900_000);
    }

    #[test]
    fn a_queued_run_is_followed_by_back_off_then_timed_from_its_start() {
        let expected = durations(&[100_000]).expectation().unwrap();
        let mut poller = Poller::new(schedule(expected), 0, 3_600_000);
        assert_eq!(poller.start(0, Start::PollFirst), Step::Poll);
        let queued = Seen::Run {
            status: "queued",
            changed: 0.0,
        };
        assert_eq!(poller.observe(0, queued), Step::Sleep(1000));
        let running = Seen::Run {
            status: "running",
            changed: 50.0,
        };
        // The run started between 0 and 50 s; the window opens 75 s after it was seen.
        assert_eq!(poller.observe(50_000, running), Step::Sleep(30_000));
    }
}
