//! Calling an operation: the request on the wire, the attempts, and the final answer.

use std::time::{Duration, Instant};

use crate::debug::Log;
use crate::error::{Error, Result};
use crate::model::Operation;
use crate::response::{self, Answer};
use crate::retry::{Mode, Policy, RateLimiter};
use crate::transport::{self, Request, TransportError};
use crate::value::Map;

/// Everything one call needs.
pub struct Call<'a> {
    /// The operation.
    pub operation: &'static Operation,
    /// The validated input.
    pub input: &'a Map,
    /// The endpoint (scheme, host, optional path and query).
    pub endpoint: &'a str,
    /// The HTTP client.
    pub client: &'a reqwest::Client,
    /// The retry policy.
    pub retry: Policy,
    /// The proxy in use, for error messages.
    pub proxy: Option<&'a str>,
    /// The debug log.
    pub log: &'a Log,
}

/// The request for `operation` with `input`, addressed to `endpoint`.
pub fn build_request(operation: &Operation, input: &Map, endpoint: &str) -> Request {
    let body = crate::json::to_compact_ascii(&crate::value::Value::Object(input.clone()));
    Request {
        url: crate::url::join(endpoint, operation.path),
        method: operation.method,
        headers: vec![
            ("accept-encoding", "identity".to_owned()),
            ("content-type", "application/json".to_owned()),
            ("amz-sdk-invocation-id", crate::random::uuid_v4()),
        ],
        body: body.into_bytes(),
    }
}

/// Sends the call, retrying as the policy allows, and returns the output members.
pub async fn send(call: &Call<'_>) -> Result<Map> {
    let mut request = build_request(call.operation, call.input, call.endpoint);
    call.log
        .line(&format!("request: {} {}", request.method, request.url));
    call.log.line(&format!(
        "request body: {}",
        crate::debug::redacted_json(&String::from_utf8_lossy(&request.body))
    ));
    let max = call.retry.max_attempts;
    let mut limiter = (call.retry.mode == Mode::Adaptive).then(|| RateLimiter::new(clock()));
    let mut attempt = 1;
    loop {
        set_attempt_header(&mut request, attempt, max);
        if let Some(limiter) = limiter.as_mut() {
            wait(call, "rate limiter", limiter.before_send(clock())).await;
        }
        let throttled = match try_once(call, &request, attempt).await {
            Step::Done(result) => return result,
            Step::Retry { throttled } => throttled,
        };
        if let Some(limiter) = limiter.as_mut() {
            limiter.on_response(clock(), throttled);
        }
        let delay = call.retry.delay(attempt, crate::random::unit());
        wait(call, "back-off", delay).await;
        attempt += 1;
    }
}

/// botocore sends `attempt=1` first and adds the maximum on retries.
fn set_attempt_header(request: &mut Request, attempt: u32, max: u32) {
    request
        .headers
        .retain(|(name, _)| *name != "amz-sdk-request");
    let value = if attempt == 1 {
        "attempt=1".to_owned()
    } else {
        format!("attempt={attempt}; max={max}")
    };
    request.headers.push(("amz-sdk-request", value));
}

/// What one attempt leads to.
enum Step {
    /// The call is over, successfully or not.
    Done(Result<Map>),
    /// Another attempt follows; `throttled` if the service throttled this one.
    Retry { throttled: bool },
}

/// Makes attempt number `attempt` and decides whether another one follows.
async fn try_once(call: &Call<'_>, request: &Request, attempt: u32) -> Step {
    let max = call.retry.max_attempts;
    let started = Instant::now();
    let outcome = transport::send(call.client, request, call.proxy).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let response = match outcome {
        Ok(response) => response,
        Err(error) => {
            call.log.line(&format!(
                "attempt {attempt}/{max}: failed after {ms:.1} ms: {error}"
            ));
            if !call.retry.retries_transport_error(&error) || attempt >= max {
                return Step::Done(Err(transport_error(error)));
            }
            return Step::Retry { throttled: false };
        }
    };
    call.log.line(&format!(
        "attempt {attempt}/{max}: HTTP {} in {ms:.1} ms, {} bytes: {}",
        response.status,
        response.body.expose().len(),
        crate::debug::redacted_json(&String::from_utf8_lossy(response.body.expose()))
    ));
    match response::interpret(call.operation, &response) {
        Ok(Answer::Success(output)) => Step::Done(Ok(output)),
        Ok(Answer::Failure(error)) => {
            let retry = call.retry.retries_service_error(&error);
            if retry && attempt < max {
                return Step::Retry {
                    throttled: Policy::is_throttling(&error),
                };
            }
            Step::Done(Err(Error::Service {
                code: error.code,
                operation: call.operation.name,
                message: error.message,
                retries: retry.then_some(attempt - 1),
            }))
        }
        Err(reason) => Step::Done(Err(Error::msg(format!(
            "Invalid response from endpoint URL \"{}\": {reason}",
            request.url
        )))),
    }
}

/// Waits before the next attempt, unless waits are switched off.
async fn wait(call: &Call<'_>, why: &str, delay: Duration) {
    if !call.retry.backoff || delay.is_zero() {
        return;
    }
    call.log.line(&format!(
        "waiting {:.3} s ({why}, {} mode)",
        delay.as_secs_f64(),
        call.retry.mode.name()
    ));
    tokio::time::sleep(delay).await;
}

/// Seconds on a monotonic clock, for the rate limiter.
fn clock() -> f64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64()
}

fn transport_error(error: TransportError) -> Error {
    Error::msg(error.to_string())
}
