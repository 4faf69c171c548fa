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
}
