//! Which failures are retried, how often, and how long to wait: botocore's retry modes.
//!
//! legacy (the v1 default) follows `botocore/data/_retry.json`; standard and adaptive follow
//! `botocore/retries/standard.py`; adaptive adds the client-side rate limiter of `adaptive.rs`.

mod adaptive;

use std::time::Duration;

pub use adaptive::RateLimiter;

use crate::net::transport::TransportError;
use crate::service::response::ServiceError;

/// A retry mode (`AWS_RETRY_MODE`, `retry_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// v1's default: 5 attempts, `_retry.json`'s policies.
    Legacy,
    /// 3 attempts, transient and throttling errors.
    Standard,
    /// standard plus client-side rate limiting.
    Adaptive,
}

impl Mode {
    /// Parses a mode name as botocore accepts it.
    pub fn parse(name: &str) -> Option<Mode> {
        match name {
            "legacy" => Some(Mode::Legacy),
            "standard" => Some(Mode::Standard),
            "adaptive" => Some(Mode::Adaptive),
            _ => None,
        }
    }

    /// The name, as in the User-Agent's `cfg/retry-mode#`.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Legacy => "legacy",
            Mode::Standard => "standard",
            Mode::Adaptive => "adaptive",
        }
    }

    /// Attempts made when no maximum is configured.
    pub fn default_attempts(self) -> u32 {
        match self {
            Mode::Legacy => 5,
            Mode::Standard | Mode::Adaptive => 3,
        }
    }
}

/// The retry policy of one call.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// The mode.
    pub mode: Mode,
    /// Total attempts allowed, at least 1.
    pub max_attempts: u32,
    /// Whether to wait between attempts (tests switch it off).
    pub backoff: bool,
}

/// The error codes standard mode treats as throttling (`standard.py`'s `_THROTTLED_ERROR_CODES`).
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "EC2ThrottledException",
];

/// Standard mode's transient error codes.
const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "PriorRequestNotComplete",
];

/// Legacy mode's codes that are retried when they come with status 400 (`_retry.json`).
const LEGACY_CODES_ON_400: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "ProvisionedThroughputExceededException",
];

impl Policy {
    /// Whether a service error may be retried.
    pub fn retries_service_error(&self, error: &ServiceError) -> bool {
        let code = error.code.as_str();
        match self.mode {
            Mode::Legacy => {
                matches!(error.status, 429 | 500 | 502 | 503 | 504 | 509)
                    || (error.status == 400 && LEGACY_CODES_ON_400.contains(&code))
            }
            Mode::Standard | Mode::Adaptive => {
                matches!(error.status, 500 | 502 | 503 | 504)
                    || THROTTLING_CODES.contains(&code)
                    || TRANSIENT_CODES.contains(&code)
            }
        }
    }

    /// Whether an error counts as throttling for the adaptive rate limiter (standard mode's
    /// throttling codes; botocore's `ThrottlingErrorDetector`).
    pub fn is_throttling(error: &ServiceError) -> bool {
        THROTTLING_CODES.contains(&error.code.as_str())
    }

    /// Whether a transport failure may be retried.
    pub fn retries_transport_error(&self, error: &TransportError) -> bool {
        error.is_retryable()
    }

    /// How long to wait after failed attempt number `attempt` (1-based).
    pub fn delay(&self, attempt: u32, random: f64) -> Duration {
        if !self.backoff {
            return Duration::ZERO;
        }
        let exponent = attempt.saturating_sub(1).min(30);
        let base = random * f64::from(1u32 << exponent);
        let seconds = match self.mode {
            Mode::Legacy => base,
            // standard.py's ExponentialBackoff caps the wait at 20 seconds.
            Mode::Standard | Mode::Adaptive => base.min(20.0),
        };
        Duration::from_secs_f64(seconds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(status: u16, code: &str) -> ServiceError {
        ServiceError {
            status,
            code: code.into(),
            message: String::new(),
        }
    }

    fn policy(mode: Mode) -> Policy {
        Policy {
            mode,
            max_attempts: mode.default_attempts(),
            backoff: true,
        }
    }

    #[test]
    fn legacy_retryable_set() {
        let p = policy(Mode::Legacy);
        for status in [429, 500, 502, 503, 504, 509] {
            assert!(p.retries_service_error(&error(status, "X")), "{status}");
        }
        assert!(p.retries_service_error(&error(400, "ThrottlingException")));
        assert!(!p.retries_service_error(&error(400, "SlowDownException")));
        assert!(!p.retries_service_error(&error(400, "InvalidRequestException")));
        assert!(!p.retries_service_error(&error(501, "501")));
        assert!(!p.retries_service_error(&error(307, "307")));
    }

    #[test]
    fn standard_retryable_set() {
        let p = policy(Mode::Standard);
        assert!(p.retries_service_error(&error(500, "InternalServerException")));
        assert!(p.retries_service_error(&error(400, "ThrottlingException")));
        assert!(p.retries_service_error(&error(400, "SlowDown")));
        assert!(!p.retries_service_error(&error(400, "SlowDownException")));
        assert!(!p.retries_service_error(&error(429, "429")));
    }

    #[test]
    fn backoff_grows_and_caps() {
        let p = policy(Mode::Legacy);
        assert_eq!(p.delay(1, 0.5), Duration::from_millis(500));
        assert_eq!(p.delay(3, 0.5), Duration::from_secs(2));
        let s = policy(Mode::Standard);
        assert_eq!(s.delay(10, 1.0), Duration::from_secs(20));
        let off = Policy {
            backoff: false,
            ..p
        };
        assert_eq!(off.delay(4, 1.0), Duration::ZERO);
    }
}
