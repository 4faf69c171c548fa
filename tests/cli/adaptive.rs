//! Adaptive retry mode's client-side rate limiter, seen from outside: how long the retry after a
//! throttling error waits.
//!
//! The bound comes from the real AWS CLI v1 (awscli 1.45.11, botocore 1.43.11): against a loopback
//! server answering `400 ThrottlingException` and then success, with `AWS_RETRY_MODE=adaptive`,
//! six runs put 0.892 to 1.995 s between the two requests (botocore's RateClocker measures a
//! send rate of 0 or 1.6 depending on where in the second the first answer lands; the token
//! bucket then refills at 0.5 or 1.12 tokens a second). Standard mode's back-off alone is a
//! random wait under 1 s, so a limiter that is switched off, or one whose throttling cut is lost,
//! usually retries sooner than 0.85 s.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::server::Server;
use crate::support::{register, run, TempDir};

fn throttled_then_success() -> Server {
    Server::start(
        vec![json!({"status": 400, "body": {"__type": "ThrottlingException", "message": "slow"}})],
        json!({"status": 200, "body": {"clientId": "c"}}),
    )
}

// Guards: in adaptive mode the retry after a throttling error waits for the rate limiter's token
// (v1: at least 0.89 s), even though the back-off before it is random and may be near zero.
#[test]
fn adaptive_retry_after_throttling_waits_for_the_limiter() {
    let server = throttled_then_success();
    let dir = TempDir::new();
    let mut cmd = register(&server.url(), &dir);
    cmd.env_remove("SSOOIDC_NO_RETRY_BACKOFF")
        .env("AWS_RETRY_MODE", "adaptive");
    let started = Instant::now();
    let out = run(&mut cmd, None);
    let elapsed = started.elapsed();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(server.requests().len(), 2);
    assert!(
        elapsed >= Duration::from_millis(850),
        "the retry came after {elapsed:?}; v1's rate limiter waits at least 0.89 s"
    );
}

// Guards: README: with SSOOIDC_NO_RETRY_BACKOFF set retries do not wait, the rate limiter's wait
// included (its ~2 s here would show).
#[test]
fn no_retry_backoff_also_skips_the_limiter_wait() {
    let server = throttled_then_success();
    let dir = TempDir::new();
    let mut cmd = register(&server.url(), &dir);
    cmd.env("AWS_RETRY_MODE", "adaptive");
    let started = Instant::now();
    let out = run(&mut cmd, None);
    let elapsed = started.elapsed();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(server.requests().len(), 2);
    assert!(elapsed < Duration::from_millis(1500), "took {elapsed:?}");
}
