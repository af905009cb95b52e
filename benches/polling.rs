//! Polling efficiency: a deterministic, seeded simulation that drives the crate's real
//! polling state machine ([`Poller`]) over 10,000 runs, under several policies.
//!
//! Workload: 500 jobs whose median durations are log-uniform between 3 s and 30 min,
//! 20 runs each, every run lasting its job's median ±20 % (uniform). A run is `running`
//! from the moment it is queued until it ends; the client starts waiting right after the
//! POST, as `runJobAndWait` does. Lag is the time from the run's end to the poll that sees
//! it. `cargo bench --bench polling` prints a table; `-- --json` prints JSON for
//! scripts/bench.sh.

use drush_io_embed::core::backoff::{Backoff, BackoffConfig, Jitter};
use drush_io_embed::core::history::{HistorySchedule, RecentDurations};
use drush_io_embed::core::poll::{simulate_run, Poller, Schedule, Start};

const JOBS: usize = 500;
const RUNS_PER_JOB: usize = 20;
const SHORTEST_MEDIAN_S: f64 = 3.0;
const LONGEST_MEDIAN_S: f64 = 1800.0;
const SPREAD: f64 = 0.2;
const SEED: u64 = 2026;

#[derive(Clone, Copy)]
enum Policy {
    Fixed { every_ms: u64 },
    Default,
    WithHistory,
}

struct Outcome {
    gets: u64,
    lag_ms: u64,
}

/// Follows one run that ends `duration_ms` after the wait starts.
fn follow<S: Schedule>(schedule: S, duration_ms: u64) -> Outcome {
    let poller = Poller::new(schedule, 0, u64::MAX / 2);
    let polls = simulate_run(poller, Start::PauseFirst, duration_ms)
        .unwrap_or_else(|error| panic!("the simulated wait failed: {error:?}"));
    Outcome {
        gets: polls.len() as u64,
        lag_ms: polls.last().map_or(0, |last| last - duration_ms),
    }
}

struct Workload {
    /// Per job, its runs' durations in milliseconds, in the order they happen.
    jobs: Vec<Vec<u64>>,
}

fn workload() -> Workload {
    let mut random = Jitter::new(SEED);
    let (low, high) = (SHORTEST_MEDIAN_S.ln(), LONGEST_MEDIAN_S.ln());
    let jobs = (0..JOBS)
        .map(|_| {
            let median_s = (low + random.next_unit() * (high - low)).exp();
            (0..RUNS_PER_JOB)
                .map(|_| {
                    let factor = 1.0 - SPREAD + 2.0 * SPREAD * random.next_unit();
                    (median_s * factor * 1000.0).round() as u64
                })
                .collect()
        })
        .collect();
    Workload { jobs }
}

struct Summary {
    name: &'static str,
    goal: Option<&'static str>,
    gets_per_run: f64,
    mean_lag_s: f64,
    p95_lag_s: f64,
    mean_rel_lag: f64,
    p95_rel_lag: f64,
}

fn p95(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[(values.len() as f64 * 0.95) as usize]
}

fn simulate(workload: &Workload, policy: Policy) -> (u64, Vec<f64>, Vec<f64>) {
    let default = BackoffConfig::default();
    let mut seed = SEED;
    let mut gets = 0;
    let (mut lags, mut relative) = (vec![], vec![]);
    for runs in &workload.jobs {
        let mut history = RecentDurations::default();
        for &duration_ms in runs {
            seed += 1;
            let outcome = match policy {
                Policy::Fixed { every_ms } => {
                    let config = BackoffConfig {
                        initial_delay_ms: every_ms,
                        max_delay_ms: every_ms,
                        multiplier: 1.0,
                        jitter: 0.0,
                    };
                    follow(Backoff::new(config, seed), duration_ms)
                }
                Policy::Default => follow(Backoff::new(default, seed), duration_ms),
                Policy::WithHistory => match history.expectation() {
                    Some(expected) => {
                        let backoff = Backoff::new(default, seed);
                        follow(HistorySchedule::new(backoff, expected, seed), duration_ms)
                    }
                    None => follow(Backoff::new(default, seed), duration_ms),
                },
            };
            history.record(duration_ms);
            gets += outcome.gets;
            lags.push(outcome.lag_ms as f64 / 1000.0);
            relative.push(outcome.lag_ms as f64 / duration_ms as f64);
        }
    }
    (gets, lags, relative)
}

fn summarise(
    workload: &Workload,
    name: &'static str,
    goal: Option<&'static str>,
    policy: Policy,
) -> Summary {
    let (gets, mut lags, mut relative) = simulate(workload, policy);
    let runs = lags.len() as f64;
    Summary {
        name,
        goal,
        gets_per_run: gets as f64 / runs,
        mean_lag_s: lags.iter().sum::<f64>() / runs,
        p95_lag_s: p95(&mut lags),
        mean_rel_lag: relative.iter().sum::<f64>() / runs,
        p95_rel_lag: p95(&mut relative),
    }
}

fn main() {
    let json = std::env::args().any(|arg| arg == "--json");
    let workload = workload();
    let policies = [
        summarise(
            &workload,
            "fixed 5 s (the official Node client)",
            None,
            Policy::Fixed { every_ms: 5000 },
        ),
        summarise(
            &workload,
            "fixed 1 s",
            None,
            Policy::Fixed { every_ms: 1000 },
        ),
        summarise(
            &workload,
            "drush-io-embed default (back-off x1.15, jitter ±10 %)",
            Some("default"),
            Policy::Default,
        ),
        summarise(
            &workload,
            "drush-io-embed with the job's recent durations",
            Some("history"),
            Policy::WithHistory,
        ),
    ];
    let runs = JOBS * RUNS_PER_JOB;
    let description = format!(
        "{runs} runs of {JOBS} jobs (medians log-uniform {SHORTEST_MEDIAN_S} s to {} min, \
         each run ±{}% of its job's median), seed {SEED}",
        LONGEST_MEDIAN_S / 60.0,
        SPREAD * 100.0
    );
    if json {
        let rows: Vec<String> = policies
            .iter()
            .map(|p| {
                format!(
                    "{{\"name\":\"{}\",\"goal\":{},\"getsPerRun\":{},\"meanLagS\":{},\
                     \"p95LagS\":{},\"meanRelLag\":{},\"p95RelLag\":{}}}",
                    p.name,
                    p.goal.map_or("null".into(), |g| format!("\"{g}\"")),
                    p.gets_per_run,
                    p.mean_lag_s,
                    p.p95_lag_s,
                    p.mean_rel_lag,
                    p.p95_rel_lag
                )
            })
            .collect();
        println!(
            "{{\"workload\":\"{description}\",\"policies\":[{}]}}",
            rows.join(",")
        );
        return;
    }
    println!("{description}");
    println!(
        "{:<50} {:>9} {:>10} {:>9} {:>10} {:>9}",
        "policy", "GETs/run", "lag mean", "lag p95", "rel mean", "rel p95"
    );
    for p in &policies {
        println!(
            "{:<50} {:>9.1} {:>9.1}s {:>8.1}s {:>9.1}% {:>8.1}%",
            p.name,
            p.gets_per_run,
            p.mean_lag_s,
            p.p95_lag_s,
            p.mean_rel_lag * 100.0,
            p.p95_rel_lag * 100.0
        );
    }
}
