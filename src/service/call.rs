//! Calling an operation: the HTTP client and runtime, the request on the wire, the attempts, and
//! the final answer.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::cli::OperationArgs;
use crate::config::settings::Connection;
use crate::debug::Log;
use crate::error::{Error, Result};
use crate::net::transport::{self, Request, TransportError};
use crate::python::value::Map;
use crate::service::model::Operation;
use crate::service::response::{self, Answer};
use crate::service::retry::{Mode, Policy, RateLimiter};

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
    let body =
        crate::python::json::to_compact_ascii(&crate::python::value::Value::Object(input.clone()));
    Request {
        url: crate::net::url::join(endpoint, operation.path),
        method: operation.method,
        headers: vec![
            ("accept-encoding", "identity".to_owned()),
            ("content-type", "application/json".to_owned()),
            ("amz-sdk-invocation-id", crate::service::random::uuid_v4()),
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
        let delay = call.retry.delay(attempt, crate::service::random::unit());
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

/// Sends the call on a single-threaded runtime, stopping at once on SIGINT or SIGTERM.
pub fn send_blocking(
    args: &OperationArgs,
    input: &Map,
    connection: &Connection,
    no_verify_ssl: bool,
    log: &Log,
) -> Result<Map> {
    let https = connection
        .endpoint
        .to_ascii_lowercase()
        .starts_with("https:");
    let trust = if https {
        connection.trust_source.load().map_err(|reason| {
            Error::msg(format!(
                "SSL validation failed for {} {reason}",
                crate::net::url::join(&connection.endpoint, args.operation.path)
            ))
        })?
    } else {
        transport::Trust::WebPki
    };
    if https && no_verify_ssl {
        warn_insecure(&connection.endpoint);
    }
    let client = transport::build_client(&transport::ClientSettings {
        connect_timeout: connection.connect_timeout,
        read_timeout: connection.read_timeout,
        trust,
        user_agent: crate::cli::help::user_agent(connection.retry.mode),
        proxy: connection.proxy.clone(),
    })
    .map_err(|err| match err {
        // v1 reports an unusable bundle when it connects, as any other verification failure.
        transport::SetupError::Tls(reason) => Error::msg(format!(
            "SSL validation failed for {} {reason}",
            crate::net::url::join(&connection.endpoint, args.operation.path)
        )),
        transport::SetupError::Other(reason) => {
            Error::msg(format!("Unable to set up the HTTP client: {reason}"))
        }
    })?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|err| Error::msg(format!("Unable to start the I/O runtime: {err}")))?;
    let call = Call {
        operation: args.operation,
        input,
        endpoint: &connection.endpoint,
        client: &client,
        retry: connection.retry,
        proxy: connection.proxy.as_deref(),
        log,
    };
    let result = runtime.block_on(async {
        tokio::select! {
            result = send(&call) => result,
            signal = interrupted() => Err(signal),
        }
    });
    // Do not wait for blocking work still in flight (a name lookup stuck in getaddrinfo, after
    // a signal or a connect timeout): the process is about to exit, and dropping the runtime
    // would join those threads.
    runtime.shutdown_background();
    result
}

/// Resolves with the error for SIGINT or SIGTERM when one arrives; never, if the handlers cannot
/// be installed. Before they are installed (parsing and reading files, well under a
/// millisecond) the default dispositions apply: the signal ends the process at once, which a
/// shell reports as 130 or 143 too. Once installed they stay for the rest of the run, so a
/// signal during the microseconds of rendering and writing is not acted on.
async fn interrupted() -> Error {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) {
            (Ok(mut int), Ok(mut term)) => {
                tokio::select! {
                    _ = int.recv() => Error::Interrupted,
                    _ = term.recv() => Error::Terminated,
                }
            }
            _ => std::future::pending::<Error>().await,
        }
    }
    #[cfg(not(unix))]
    {
        match tokio::signal::ctrl_c().await {
            Ok(()) => Error::Interrupted,
            Err(_) => std::future::pending::<Error>().await,
        }
    }
}

/// The one-line warning v1 (urllib3) prints for `--no-verify-ssl` on https, in our words.
fn warn_insecure(endpoint: &str) {
    let host = endpoint
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', '?']).next())
        .unwrap_or(endpoint);
    let line = format!(
        "warning: --no-verify-ssl: the certificate of {host} is not verified; anyone on the \
         network path can read and change this exchange.\n"
    );
    let _ = std::io::stderr().write_all(line.as_bytes());
}
