//! Adaptive retry mode's client-side rate limiter, after `botocore/retries/adaptive.py`,
//! `bucket.py` and `throttling.py`.
//!
//! It stays out of the way until the service throttles; from then on every attempt first takes a
//! token from a bucket whose fill rate follows botocore's CUBIC-style calculator. In a single
//! CLI call this shows as a wait of up to a few seconds before the retry that follows a
//! throttling error, as in v1.

use std::time::Duration;

/// botocore's `TokenBucket._MIN_RATE`: the slowest fill rate, in tokens per second.
const MIN_RATE: f64 = 0.5;
/// `ClientRateLimiter._MAX_RATE_ADJUST_SCALE`.
const MAX_RATE_ADJUST_SCALE: f64 = 2.0;
/// `CubicCalculator`'s constants.
const SCALE_CONSTANT: f64 = 0.4;
const BETA: f64 = 0.7;
/// `RateClocker`'s constants.
const SMOOTHING: f64 = 0.8;
const TIME_BUCKET_RANGE: f64 = 0.5;

/// The limiter of one call. Times are seconds on any monotonic scale.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    enabled: bool,
    // Token bucket.
    fill_rate: f64,
    max_capacity: f64,
    capacity: f64,
    last_refill: Option<f64>,
    // Send-rate measurement.
    measured_rate: f64,
    last_bucket: f64,
    count: f64,
    // CUBIC calculator.
    w_max: f64,
    k: f64,
    last_fail: f64,
}

impl RateLimiter {
    /// A limiter created at time `now` (botocore: `max_rate=1`, `starting_max_rate=0`).
    pub fn new(now: f64) -> Self {
        let mut limiter = Self {
            enabled: false,
            fill_rate: 0.0,
            max_capacity: 0.0,
            capacity: 0.0,
            last_refill: None,
            measured_rate: 0.0,
            last_bucket: now.floor(),
            count: 0.0,
            w_max: 0.0,
            k: 0.0,
            last_fail: now,
        };
        limiter.set_max_rate(1.0, now);
        limiter.k = limiter.zero_point();
        limiter
    }

    /// Before sending: how long to wait for a token (zero until the service has throttled).
    pub fn before_send(&mut self, now: f64) -> Duration {
        if !self.enabled {
            return Duration::ZERO;
        }
        self.refill(now);
        let wait = if self.capacity >= 1.0 {
            0.0
        } else {
            (1.0 - self.capacity) / self.fill_rate
        };
        // The token is spent when the wait is over: the bucket refills by exactly the missing
        // part during it.
        self.capacity = (self.capacity + wait * self.fill_rate - 1.0).max(0.0);
        self.last_refill = Some(now + wait);
        Duration::from_secs_f64(wait)
    }

    /// After an answer (or a failure) arrived at `now`; `throttled` when it was a throttling
    /// error.
    pub fn on_response(&mut self, now: f64, throttled: bool) {
        let measured = self.record(now);
        let new_rate = if throttled {
            let rate = if self.enabled {
                measured.min(self.fill_rate)
            } else {
                measured
            };
            self.enabled = true;
            self.error_received(rate, now)
        } else {
            self.success_received(now)
        };
        self.set_max_rate(new_rate.min(MAX_RATE_ADJUST_SCALE * measured), now);
    }

    fn set_max_rate(&mut self, rate: f64, now: f64) {
        let rate = rate.max(MIN_RATE);
        self.refill(now);
        self.fill_rate = rate;
        self.max_capacity = rate.max(1.0);
        self.capacity = self.capacity.min(self.max_capacity);
    }

    fn refill(&mut self, now: f64) {
        match self.last_refill {
            None => self.last_refill = Some(now),
            Some(last) => {
                let added = (now - last).max(0.0) * self.fill_rate;
                self.capacity = (self.capacity + added).min(self.max_capacity);
                self.last_refill = Some(now);
            }
        }
    }

    /// `RateClocker.record`: a smoothed send rate over half-second buckets.
    fn record(&mut self, now: f64) -> f64 {
        let scale = 1.0 / TIME_BUCKET_RANGE;
        let bucket = (now * scale).floor() / scale;
        self.count += 1.0;
        if bucket > self.last_bucket {
            let current = self.count / (bucket - self.last_bucket);
            self.measured_rate = current * SMOOTHING + self.measured_rate * (1.0 - SMOOTHING);
            self.count = 0.0;
            self.last_bucket = bucket;
        }
        self.measured_rate
    }

    fn zero_point(&self) -> f64 {
        (self.w_max * (1.0 - BETA) / SCALE_CONSTANT).cbrt()
    }

    fn success_received(&self, now: f64) -> f64 {
        SCALE_CONSTANT * (now - self.last_fail - self.k).powi(3) + self.w_max
    }

    fn error_received(&mut self, rate: f64, now: f64) -> f64 {
        self.w_max = rate;
        self.k = self.zero_point();
        self.last_fail = now;
        rate * BETA
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_wait_before_any_throttling() {
        let mut limiter = RateLimiter::new(100.0);
        assert_eq!(limiter.before_send(100.0), Duration::ZERO);
        limiter.on_response(100.1, false);
        assert_eq!(limiter.before_send(100.2), Duration::ZERO);
    }

    #[test]
    fn throttling_enables_the_bucket_at_the_minimum_rate() {
        let mut limiter = RateLimiter::new(100.0);
        assert_eq!(limiter.before_send(100.0), Duration::ZERO);
        // First answer in the same half-second bucket: measured rate 0, so the fill rate drops
        // to botocore's minimum of 0.5 tokens a second. The bucket gathered 0.2 tokens at its
        // initial rate of 1 a second, so the missing 0.8 take 1.6 s (botocore's TokenBucket
        // with a fake clock gives the same: max_rate 0.5, available capacity 0.2).
        limiter.on_response(100.2, true);
        let wait = limiter.before_send(100.2);
        assert!((wait.as_secs_f64() - 1.6).abs() < 1e-9, "{wait:?}");
        // Right after that wait the bucket is empty, and a whole token takes 2 s.
        let wait = limiter.before_send(101.8);
        assert!((wait.as_secs_f64() - 2.0).abs() < 1e-9, "{wait:?}");
    }

    #[test]
    fn cubic_zero_point_matches_botocore() {
        // CubicCalculator(starting_max_rate=10)._k == (10 * 0.3 / 0.4) ** (1/3)
        let mut limiter = RateLimiter::new(0.0);
        limiter.w_max = 10.0;
        assert!((limiter.zero_point() - 7.5f64.cbrt()).abs() < 1e-12);
    }

    /// One step of a trace: the event, its time, and what botocore made of it (the wait before
    /// a send; the token bucket's fill rate, `TokenBucket.max_rate`, after an answer).
    #[derive(Clone, Copy)]
    enum Step {
        Send,
        Success,
        Throttled,
    }
    use Step::{Send, Success, Throttled};

    /// Produced by running botocore 1.43.11's own `ClientRateLimiter`, `RateClocker`,
    /// `CubicCalculator` and `TokenBucket` (wired as `adaptive.register_retry_handler` does) with
    /// a fake clock that starts at 1000.0 and advances by each wait the bucket's condition asks
    /// for: a closed loop where each request is sent 0.1875 s after the previous answer (1.0 s
    /// for the last three) plus the limiter's wait, and answered 0.0625 s later; the 9th and
    /// 13th answers are throttling errors. Times and values are Python's `repr` of the floats.
    const BOTOCORE_TRACE: &[(Step, f64, f64)] = &[
        (Send, 1000.1875, 0.0),
        (Success, 1000.25, 0.5),
        (Send, 1000.4375, 0.0),
        (Success, 1000.5, 0.5),
        (Send, 1000.6875, 0.0),
        (Success, 1000.75, 0.5),
        (Send, 1000.9375, 0.0),
        (Success, 1001.0, 0.5),
        (Send, 1001.1875, 0.0),
        (Success, 1001.25, 0.78125),
        (Send, 1001.4375, 0.0),
        (Success, 1001.5, 1.35),
        (Send, 1001.6875, 0.0),
        (Success, 1001.75, 2.1437500000000003),
        (Send, 1001.9375, 0.0),
        (Success, 1002.0, 3.2),
        (Send, 1002.1875, 0.0),
        (Throttled, 1002.25, 2.79552),
        (Send, 1002.25, 0.0),
        (Success, 1002.3125, 2.9447005545541622),
        (Send, 1002.3125, 0.0),
        (Success, 1002.375, 3.0809531719839653),
        (Send, 1002.375, 0.00729846060141881),
        (Success, 1002.4447984606014, 3.218555684703693),
        (Send, 1002.4447984606014, 0.2508704232113814),
        (Throttled, 1002.7581688838128, 2.252988979292585),
        (Send, 1002.7581688838128, 0.35456909778440604),
        (Success, 1003.1752379815972, 2.9026109124005046),
        (Send, 1003.1752379815972, 0.29600529134768294),
        (Success, 1003.5337432729449, 3.14607536069604),
        (Send, 1003.5337432729449, 0.26019301005999296),
        (Success, 1003.8564362830049, 3.2128032594273996),
        (Send, 1003.8564362830049, 0.25005274991531223),
        (Success, 1004.1689890329202, 3.218689221412569),
        (Send, 1005.1689890329202, 0.0),
        (Success, 1005.2314890329202, 3.061755904),
        (Send, 1006.2314890329202, 0.0),
        (Success, 1006.2939890329202, 2.2123511808),
        (Send, 1007.2939890329202, 0.0),
        (Success, 1007.3564890329202, 2.04247023616),
    ];

    #[test]
    fn follows_botocore_through_throttling_and_recovery() {
        let mut limiter = RateLimiter::new(1000.0);
        for (i, &(step, now, expected)) in BOTOCORE_TRACE.iter().enumerate() {
            match step {
                Send => {
                    let wait = limiter.before_send(now).as_secs_f64();
                    assert!(
                        (wait - expected).abs() < 1e-9,
                        "step {i}: waited {wait}, botocore {expected}"
                    );
                }
                Success | Throttled => {
                    limiter.on_response(now, matches!(step, Throttled));
                    assert!(
                        (limiter.fill_rate - expected).abs() < 1e-9,
                        "step {i}: rate {}, botocore {expected}",
                        limiter.fill_rate
                    );
                }
            }
        }
    }

    #[test]
    fn throttling_cuts_the_rate_by_beta_and_success_recovers_it_cubically() {
        // The first throttle in the trace: the measured send rate (0.8 * 4 + 0.2 * 3.968 in
        // botocore's RateClocker) times beta 0.7.
        let mut limiter = RateLimiter::new(1000.0);
        let mut last_rate = 0.0;
        for &(step, now, _) in &BOTOCORE_TRACE[..18] {
            match step {
                Send => {
                    limiter.before_send(now);
                }
                _ => {
                    limiter.on_response(now, matches!(step, Throttled));
                    last_rate = limiter.fill_rate;
                }
            }
        }
        assert!((limiter.measured_rate - 3.9936).abs() < 1e-9);
        assert!((last_rate - 0.7 * 3.9936).abs() < 1e-9);
        // CUBIC: w_max is the rate before the cut, k = cbrt(w_max * 0.3 / 0.4), and the rate
        // is back at w_max k seconds after the throttle.
        let k = (3.9936f64 * 0.3 / 0.4).cbrt();
        assert!((limiter.success_received(1002.25 + k) - 3.9936).abs() < 1e-9);
        assert!((limiter.success_received(1002.25) - 0.7 * 3.9936).abs() < 1e-9);
    }
}
