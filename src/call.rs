//! Calling an operation: the request on the wire, the attempts, and the final answer.

use std::time::Instant;

use crate::debug::Log;
use crate::error::{Error, Result};
use crate::model::Operation;
use crate::response::{self, Answer};
use crate::retry::Policy;
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
    /// The debug log.
    pub log: &'a Log,
}

/// The request for `operation` with `input`, addressed to `endpoint`.
pub fn build_request(operation: &Operation, input: &Map, endpoint: &str) -> Request {
    let body = crate::json::to_compact_ascii(&crate::value::Value::Object(input.clone()));
    Request {
        url: join_url(endpoint, operation.path),
        method: operation.method,
        headers: vec![
            ("accept-encoding", "identity".to_owned()),
            ("content-type", "application/json".to_owned()),
            ("amz-sdk-invocation-id", crate::random::uuid_v4()),
        ],
        body: body.into_bytes(),
    }
}

/// Joins the operation path to the endpoint as botocore does: the endpoint's path comes first,
/// slashes between them collapse, and the endpoint's query string goes last.
pub fn join_url(endpoint: &str, path: &str) -> String {
    let (base, query) = match endpoint.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (endpoint, None),
    };
    let (origin, prefix) = match base.find("://") {
        Some(scheme_end) => {
            let after = scheme_end + 3;
            match base[after..].find('/') {
                Some(slash) => base.split_at(after + slash),
                None => (base, ""),
            }
        }
        None => (base, ""),
    };
    let prefix = prefix.trim_end_matches('/');
    let mut url = format!("{origin}{prefix}/{}", path.trim_start_matches('/'));
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    url
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
    for attempt in 1..=max {
        request
            .headers
            .retain(|(name, _)| *name != "amz-sdk-request");
        // botocore sends `attempt=1` first and adds the maximum on retries.
        let attempt_header = if attempt == 1 {
            "attempt=1".to_owned()
        } else {
            format!("attempt={attempt}; max={max}")
        };
        request.headers.push(("amz-sdk-request", attempt_header));
        let started = Instant::now();
        let outcome = transport::send(call.client, &request).await;
        let elapsed = started.elapsed();
        let retryable = match &outcome {
            Ok(response) => {
                call.log.line(&format!(
                    "attempt {attempt}/{max}: HTTP {} in {:.1} ms, {} bytes",
                    response.status,
                    elapsed.as_secs_f64() * 1000.0,
                    response.body.expose().len()
                ));
                match response::interpret(call.operation, response) {
                    Ok(Answer::Success(output)) => return Ok(output),
                    Ok(Answer::Failure(error)) => {
                        let retry = call.retry.retries_service_error(&error);
                        if !retry || attempt == max {
                            return Err(Error::Service {
                                code: error.code,
                                operation: call.operation.name,
                                message: error.message,
                                retries: retry.then_some(attempt - 1),
                            });
                        }
                        true
                    }
                    Err(reason) => {
                        return Err(Error::msg(format!(
                            "Invalid response from endpoint URL \"{}\": {reason}",
                            request.url
                        )))
                    }
                }
            }
            Err(error) => {
                call.log.line(&format!(
                    "attempt {attempt}/{max}: failed after {:.1} ms: {error}",
                    elapsed.as_secs_f64() * 1000.0
                ));
                let retry = call.retry.retries_transport_error(error);
                if !retry || attempt == max {
                    return Err(transport_error(error.clone()));
                }
                true
            }
        };
        if retryable {
            let delay = call.retry.delay(attempt, crate::random::unit());
            call.log.line(&format!(
                "retrying in {:.3} s ({} mode)",
                delay.as_secs_f64(),
                call.retry.mode.name()
            ));
            tokio::time::sleep(delay).await;
        }
    }
    // The loop returns on its last attempt; max_attempts is at least 1.
    Err(Error::msg("no attempt was made"))
}

fn transport_error(error: TransportError) -> Error {
    Error::msg(error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_like_botocore() {
        let path = "/client/register";
        assert_eq!(join_url("http://h:1", path), "http://h:1/client/register");
        assert_eq!(join_url("http://h:1/", path), "http://h:1/client/register");
        assert_eq!(join_url("http://h:1//", path), "http://h:1/client/register");
        assert_eq!(
            join_url("http://h:1/prefix", path),
            "http://h:1/prefix/client/register"
        );
        assert_eq!(
            join_url("http://h:1/prefix/sub/", path),
            "http://h:1/prefix/sub/client/register"
        );
        assert_eq!(
            join_url("http://h:1/p?x=1", path),
            "http://h:1/p/client/register?x=1"
        );
    }
}
