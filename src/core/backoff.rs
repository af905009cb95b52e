//! The default pause policy: exponential back-off with seeded jitter.
//!
//! Pauses start at `initial_delay_ms`, grow by `multiplier` and are capped at
//! `max_delay_ms`; each is then spread by up to ±`jitter` (a fraction) so that many
//! pages watching runs do not poll in step. The jitter comes from a seeded generator, so a
//! given seed always yields the same pauses (tests and the benchmark simulation rely on it).

use crate::core::error::Error;
use std::time::Duration;

/// The default growth of the pause. With a multiplier `m`, a run finishing at a random
/// moment is seen at most about `(m - 1)` of its elapsed time late (a doubling pause can
/// let the lag grow as long as the run itself), while the cap bounds the requests of long
/// runs. Driving [`crate::core::poll::Poller`] over the benchmark workload (10,000 runs, job
/// medians log-uniform from 3 s to 30 min, ±20 % around them, `runJobAndWait` with the
/// other defaults): 1.15 costs about 23.5 GETs a run with a p95 lag of 22 % of the run's
/// duration; 1.2 costs 21 GETs but its p95 lag is 25.5 %, just over the 25 % goal.
pub const DEFAULT_MULTIPLIER: f64 = 1.15;
/// The default spread of each pause: ±10 %.
pub const DEFAULT_JITTER: f64 = 0.1;
pub const DEFAULT_INITIAL_DELAY_MS: u64 = 1000;
pub const DEFAULT_MAX_DELAY_MS: u64 = 30_000;

/// The knobs of [`Backoff`], as given by `waitOptions`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BackoffConfig {
    pub initial_delay_ms: u64,
    pub max_delay_ms: u64,
    pub multiplier: f64,
    /// Fraction of each pause added or removed at random, in `0.0..=1.0`.
    pub jitter: f64,
}

impl Default for BackoffConfig {
    fn default() -> Self {
        BackoffConfig {
            initial_delay_ms: DEFAULT_INITIAL_DELAY_MS,
            max_delay_ms: DEFAULT_MAX_DELAY_MS,
            multiplier: DEFAULT_MULTIPLIER,
            jitter: DEFAULT_JITTER,
        }
    }
}

impl BackoffConfig {
    /// Refuses settings that would poll in a tight loop or never grow sensibly. A
    /// `max_delay_ms` below `initial_delay_ms` is fine: it caps the first pause too.
    pub fn validate(&self) -> Result<(), Error> {
        if self.initial_delay_ms == 0 {
            return Err(Error::invalid_argument("initialDelayMs must be at least 1"));
        }
        if self.max_delay_ms == 0 {
            return Err(Error::invalid_argument("maxDelayMs must be at least 1"));
        }
        if !(1.0..=10.0).contains(&self.multiplier) {
            return Err(Error::invalid_argument(
                "multiplier must be a number from 1 to 10",
            ));
        }
        if !(0.0..=1.0).contains(&self.jitter) {
            return Err(Error::invalid_argument("jitter must be from 0 to 1"));
        }
        Ok(())
    }
}

/// A small seeded generator (SplitMix64): enough for jitter, deterministic per seed.
#[derive(Clone, Debug)]
pub struct Jitter(u64);

impl Jitter {
    pub fn new(seed: u64) -> Self {
        Jitter(seed)
    }

    /// A number in `0.0..1.0`.
    pub fn next_unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// An endless iterator of pauses: `initial`, `initial * m`, `initial * m²`, ... up to
/// the cap, each jittered. [`Backoff::repeat`] and [`Backoff::reset`] let a poller keep
/// or restart the pace.
#[derive(Clone, Debug)]
pub struct Backoff {
    config: BackoffConfig,
    /// The unjittered pause the next call to `next` returns.
    base: f64,
    /// The unjittered pause last returned.
    last: f64,
    jitter: Jitter,
}

impl Backoff {
    /// `config` should have passed [`BackoffConfig::validate`]. A cap below the initial
    /// delay lowers the initial delay to it, so every schedule built on this one sees
    /// `initial_delay_ms <= max_delay_ms`.
    pub fn new(mut config: BackoffConfig, seed: u64) -> Self {
        config.initial_delay_ms = config.initial_delay_ms.min(config.max_delay_ms);
        let initial = config.initial_delay_ms as f64;
        Backoff {
            config,
            base: initial,
            last: initial,
            jitter: Jitter::new(seed),
        }
    }

    pub fn config(&self) -> &BackoffConfig {
        &self.config
    }

    /// Starts again from `initial_delay_ms`.
    pub fn reset(&mut self) {
        self.base = self.config.initial_delay_ms as f64;
    }

    /// The last pause again (freshly jittered), without growing.
    pub fn repeat(&mut self) -> Duration {
        self.jittered(self.last)
    }

    fn jittered(&mut self, base: f64) -> Duration {
        let spread = self.config.jitter * (2.0 * self.jitter.next_unit() - 1.0);
        let ms = clamp(base * (1.0 + spread), 0.0, self.config.max_delay_ms as f64);
        Duration::from_millis(ms.round() as u64)
    }
}

/// `f64::clamp` for bounds known to be ordered. The standard one asserts `min <= max` with
/// a message that prints both floats, which brings float formatting (about 15 KB) into
/// the wasm file.
pub fn clamp(value: f64, min: f64, max: f64) -> f64 {
    value.max(min).min(max)
}

impl Iterator for Backoff {
    type Item = Duration;

    fn next(&mut self) -> Option<Duration> {
        let base = self.base;
        self.last = base;
        self.base = (base * self.config.multiplier).min(self.config.max_delay_ms as f64);
        Some(self.jittered(base))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(initial: u64, max: u64, multiplier: f64, jitter: f64) -> BackoffConfig {
        BackoffConfig {
            initial_delay_ms: initial,
            max_delay_ms: max,
            multiplier,
            jitter,
        }
    }

    fn ms(b: &mut Backoff, n: usize) -> Vec<u64> {
        b.take(n).map(|d| d.as_millis() as u64).collect()
    }

    #[test]
    fn pauses_grow_by_the_multiplier_up_to_the_cap() {
        let mut b = Backoff::new(config(1000, 3000, 1.5, 0.0), 1);
        assert_eq!(ms(&mut b, 6), [1000, 1500, 2250, 3000, 3000, 3000]);
    }

    #[test]
    fn the_default_is_a_gentle_growth() {
        let c = BackoffConfig::default();
        assert_eq!(c.multiplier, 1.15);
        let mut b = Backoff::new(BackoffConfig { jitter: 0.0, ..c }, 1);
        assert_eq!(ms(&mut b, 4), [1000, 1150, 1323, 1521]);
    }

    #[test]
    fn jitter_stays_within_its_bounds_and_below_the_cap() {
        for seed in 0..200 {
            let mut b = Backoff::new(config(1000, 5000, 2.0, 0.25), seed);
            let got = ms(&mut b, 8);
            let bases = [
                1000.0, 2000.0, 4000.0, 5000.0, 5000.0, 5000.0, 5000.0, 5000.0,
            ];
            for (g, base) in got.iter().zip(bases) {
                let g = *g as f64;
                assert!(g >= base * 0.75 - 0.5 && g <= (base * 1.25).min(5000.0) + 0.5);
            }
        }
    }

    #[test]
    fn jitter_actually_spreads_and_a_seed_repeats_itself() {
        let c = config(1000, 30_000, 1.2, 0.1);
        let a = ms(&mut Backoff::new(c, 7), 20);
        assert_eq!(a, ms(&mut Backoff::new(c, 7), 20));
        assert_ne!(a, ms(&mut Backoff::new(c, 8), 20));
        let firsts: Vec<u64> = (0..50)
            .map(|seed| ms(&mut Backoff::new(c, seed), 1)[0])
            .collect();
        assert!(firsts.iter().any(|&f| f < 980) && firsts.iter().any(|&f| f > 1020));
    }

    #[test]
    fn reset_and_repeat_control_the_pace() {
        let mut b = Backoff::new(config(100, 10_000, 2.0, 0.0), 1);
        assert_eq!(ms(&mut b, 3), [100, 200, 400]);
        assert_eq!(b.repeat().as_millis(), 400);
        assert_eq!(ms(&mut b, 1), [800]);
        b.reset();
        assert_eq!(ms(&mut b, 2), [100, 200]);
    }

    #[test]
    fn a_cap_below_the_initial_delay_caps_the_first_pause_too() {
        let c = config(1000, 300, 1.2, 0.0);
        assert!(c.validate().is_ok());
        let mut b = Backoff::new(c, 1);
        assert_eq!(b.config().initial_delay_ms, 300);
        assert_eq!(ms(&mut b, 3), [300, 300, 300]);
    }

    #[test]
    fn unusable_settings_are_refused() {
        assert!(BackoffConfig::default().validate().is_ok());
        for bad in [
            config(0, 100, 1.2, 0.1),
            config(200, 0, 1.2, 0.1),
            config(100, 200, 0.5, 0.1),
            config(100, 200, f64::NAN, 0.1),
            config(100, 200, 1.2, 1.5),
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
        }
    }
}
