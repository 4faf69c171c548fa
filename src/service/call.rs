//! The call layer: a [`Client`] built once per run (the HTTP client, the runtime and the resolved
//! connection settings) that turns `operation + input` into the output or an error as many
//! times as a flow needs, with botocore's retries. It knows nothing of the command line and
//! writes nothing but the debug log.

use std::time::{Duration, Instant};

use crate::debug::Log;
use crate::error::{Error, Result};
use crate::net::runtime::Runtime;
use crate::net::tls::TrustSource;
use crate::net::transport::{self, Request, SetupError, TransportError};
use crate::net::url;
use crate::python::value::{Map, Value};
use crate::secret::redacted_json;
use crate::service::model::{is_sensitive, Location, Operation};
use crate::service::response::{self, Answer};
use crate::service::retry::{Mode, Policy, RateLimiter};
use crate::service::signing::Signer;

/// The resolved settings a client needs to reach the service.
#[derive(Debug)]
pub struct Connection {
    /// The region (possibly empty, which v1 accepts).
    pub region: String,
    /// The endpoint URL, configured or resolved from the region.
    pub endpoint: String,
    /// The retry policy.
    pub retry: Policy,
    /// Connect timeout.
    pub connect_timeout: Option<Duration>,
    /// Read timeout.
    pub read_timeout: Option<Duration>,
    /// Certificate trust (only used for https endpoints).
    pub trust: TrustSource,
    /// The proxy for the endpoint, from the environment.
    pub proxy: Option<String>,
}

impl Connection {
    /// Writes the resolved settings to the debug log (URLs without credentials).
    pub fn log(&self, log: &Log) {
        log.line(|| {
            let proxy = self
                .proxy
                .as_deref()
                .map_or_else(|| "none".to_owned(), url::redacted);
            format!(
                "region: {:?}, endpoint: {}, retry mode: {} ({} attempts), proxy: {proxy}",
                self.region,
                url::redacted(&self.endpoint),
                self.retry.mode.name(),
                self.retry.max_attempts,
            )
        });
    }

    /// The one-line warning v1 (urllib3) prints for `--no-verify-ssl` on https, in our words,
    /// naming the host without any credentials.
    pub fn insecure_warning(&self) -> Option<String> {
        let parts = url::split(&self.endpoint).filter(|parts| parts.is_https())?;
        (self.trust == TrustSource::Insecure).then(|| {
            format!(
                "warning: --no-verify-ssl: the certificate of {} is not verified; anyone on the \
                 network path can read and change this exchange.",
                parts.host_port
            )
        })
    }
}

/// A client of the service: built once, used for every call of a run.
pub struct Client {
    connection: Connection,
    /// The HTTP client, or why it could not be set up: v1 reports an unusable CA bundle when it
    /// connects, as any other verification failure, so the failure waits for the first call.
    http: std::result::Result<reqwest::Client, SetupError>,
    runtime: Runtime,
    log: Log,
}

impl Client {
    /// A client for `connection`. The CA bundle is read here, only for https endpoints (as v1).
    pub fn new(connection: Connection, log: Log) -> Result<Client> {
        let trust = if url::is_https(&connection.endpoint) {
            connection.trust.load().map_err(SetupError::Tls)
        } else {
            Ok(crate::net::tls::Trust::WebPki)
        };
        let http = trust.and_then(|trust| {
            transport::build_client(&transport::ClientSettings {
                connect_timeout: connection.connect_timeout,
                read_timeout: connection.read_timeout,
                trust,
                user_agent: transport::user_agent(connection.retry.mode.name()),
                proxy: connection.proxy.clone(),
            })
        });
        let runtime = Runtime::new()?;
        Ok(Client {
            connection,
            http,
            runtime,
            log,
        })
    }

    /// Calls `operation` with a validated `input` and returns its output members, stopping at
    /// once on SIGINT or SIGTERM. With a `signer`, every attempt is signed afresh.
    pub fn call(
        &self,
        operation: &'static Operation,
        input: &Map,
        signer: Option<&Signer>,
    ) -> Result<Map> {
        let http = self.http.as_ref().map_err(|err| match err {
            SetupError::Tls(reason) => Error::msg(format!(
                "SSL validation failed for {} {reason}",
                url::join(&self.connection.endpoint, operation.request_uri)
            )),
            SetupError::Other(reason) => {
                Error::msg(format!("Unable to set up the HTTP client: {reason}"))
            }
        })?;
        let call = Call {
            operation,
            input,
            endpoint: &self.connection.endpoint,
            http,
            retry: self.connection.retry,
            proxy: self.connection.proxy.as_deref(),
            signer,
            log: &self.log,
        };
        self.runtime.run(send(&call))?
    }

    /// The endpoint URL the client sends to.
    pub fn endpoint(&self) -> &str {
        &self.connection.endpoint
    }

    /// Ends the client without waiting for work still in flight (see [`Runtime::close`]).
    pub fn close(self) {
        self.runtime.close();
    }
}

/// Everything one call needs.
struct Call<'a> {
    operation: &'static Operation,
    input: &'a Map,
    endpoint: &'a str,
    http: &'a reqwest::Client,
    retry: Policy,
    /// The proxy in use, for error messages.
    proxy: Option<&'a str>,
    signer: Option<&'a Signer>,
    log: &'a Log,
}

/// The request for `operation` with `input`, addressed to `endpoint`, as botocore's rest-json
/// serializer builds it. Each input member goes where the model puts it, in the input's order:
/// query-string members are percent-encoded and appended to the URL (after the endpoint's own
/// query, with `&`), header members become headers, the rest form the JSON body. An operation
/// with body members always sends a JSON object (`{}` when none is given) with
/// `Content-Type: application/json`; one without (GetRoleCredentials, Logout) sends no body and
/// no Content-Type.
pub fn build_request(operation: &Operation, input: &Map, endpoint: &str) -> Request {
    let mut url = url::join(endpoint, operation.request_uri);
    let mut headers = vec![("accept-encoding", "identity".to_owned())];
    let mut body_members = Map::new();
    let mut query = Vec::new();
    for (name, value) in input {
        let location = operation
            .input_member(name)
            .map_or(Location::Body, |member| member.location);
        match location {
            Location::Body => {
                body_members.insert(name.clone(), value.clone());
            }
            Location::Query(key) => query.push(format!(
                "{}={}",
                percent_encode(key),
                percent_encode(&scalar_text(value))
            )),
            Location::Header(header) => headers.push((header, scalar_text(value))),
        }
    }
    if !query.is_empty() {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&query.join("&"));
    }
    let has_body_members = operation
        .input
        .iter()
        .any(|member| member.location == Location::Body);
    let body = if has_body_members {
        headers.push(("content-type", "application/json".to_owned()));
        crate::python::json::to_compact_ascii(&Value::Object(body_members)).into_bytes()
    } else {
        Vec::new()
    };
    headers.push(("amz-sdk-invocation-id", crate::service::random::uuid_v4()));
    Request {
        url,
        method: operation.method,
        headers,
        body,
    }
}

/// A query or header member's text: strings as they are, anything else as Python's `str()`.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => crate::python::json::python_str(other),
    }
}

/// botocore's `percent_encode`: UTF-8 bytes, everything but letters, digits and `-._~` as `%XX`.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Sends the call, retrying as the policy allows, and returns the output members.
async fn send(call: &Call<'_>) -> Result<Map> {
    let mut request = build_request(call.operation, call.input, call.endpoint);
    call.log
        .line(|| format!("request: {} {}", request.method, request.url));
    call.log.line(|| {
        let body = String::from_utf8_lossy(&request.body);
        format!("request body: {}", redacted_json(&body, is_sensitive))
    });
    let max = call.retry.max_attempts;
    let mut limiter = (call.retry.mode == Mode::Adaptive).then(|| RateLimiter::new(clock()));
    let mut attempt = 1;
    loop {
        set_attempt_header(&mut request, attempt, max);
        if let Some(signer) = call.signer {
            signer
                .sign(&mut request, std::time::SystemTime::now())
                .map_err(Error::msg)?;
        }
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
pub(crate) fn set_attempt_header(request: &mut Request, attempt: u32, max: u32) {
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
    let outcome = transport::send(call.http, request, call.proxy).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let response = match outcome {
        Ok(response) => response,
        Err(error) => {
            log_failed_attempt(call.log, "", (attempt, max), ms, &error);
            if !call.retry.retries_transport_error(&error) || attempt >= max {
                return Step::Done(Err(transport_error(error)));
            }
            return Step::Retry { throttled: false };
        }
    };
    call.log.line(|| {
        let body = response.body.expose();
        format!(
            "attempt {attempt}/{max}: HTTP {} in {ms:.1} ms, {} bytes: {}",
            response.status,
            body.len(),
            redacted_json(&String::from_utf8_lossy(body), is_sensitive)
        )
    });
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
    call.log.line(|| {
        format!(
            "waiting {:.3} s ({why}, {} mode)",
            delay.as_secs_f64(),
            call.retry.mode.name()
        )
    });
    tokio::time::sleep(delay).await;
}

/// Seconds on a monotonic clock, for the rate limiter.
fn clock() -> f64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64()
}

/// Logs a failed attempt (`label` names the service when it is not the main one): v1's line,
/// then on a line of its own why the connection failed (refused, reset, timed out, TLS, proxy).
pub(crate) fn log_failed_attempt(
    log: &Log,
    label: &str,
    (attempt, max): (u32, u32),
    ms: f64,
    error: &TransportError,
) {
    log.line(|| format!("{label}attempt {attempt}/{max}: failed after {ms:.1} ms: {error}"));
    if let Some(reason) = error.reason() {
        log.line(|| format!("{label}attempt {attempt}/{max}: reason: {reason}"));
    }
}

pub(crate) fn transport_error(error: TransportError) -> Error {
    Error::msg(error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connection(endpoint: &str, trust: TrustSource) -> Connection {
        Connection {
            region: "us-east-1".into(),
            endpoint: endpoint.into(),
            retry: Policy {
                mode: Mode::Legacy,
                max_attempts: 1,
                backoff: false,
            },
            connect_timeout: None,
            read_timeout: None,
            trust,
            proxy: None,
        }
    }

    fn map(pairs: &[(&str, &str)]) -> Map {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Value::from(*v)))
            .collect()
    }

    // Guards: GetRoleCredentials as v1 sends it (tests/fixtures/sso/recorded.json): query members
    // percent-encoded in input order after the endpoint's query, the token in its header, no body
    // and no Content-Type.
    #[test]
    fn located_members_go_to_query_and_header() {
        use crate::service::model::{GET_ROLE_CREDENTIALS, LOGOUT};
        let input = map(&[
            ("roleName", "a b/c+d~e=f&g%h\u{e9}"),
            ("accountId", "1 2"),
            ("accessToken", "t t"),
        ]);
        let request = build_request(&GET_ROLE_CREDENTIALS, &input, "http://h:1/base?x=1");
        assert_eq!(
            request.url,
            "http://h:1/base/federation/credentials?x=1&role_name=a%20b%2Fc%2Bd~e%3Df%26g%25h%C3%A9\
             &account_id=1%202"
        );
        assert_eq!(request.method, "GET");
        assert!(request.body.is_empty());
        let names: Vec<&str> = request.headers.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "accept-encoding",
                "x-amz-sso_bearer_token",
                "amz-sdk-invocation-id"
            ]
        );
        assert_eq!(request.headers[1].1, "t t");
        let logout = build_request(&LOGOUT, &map(&[("accessToken", "t")]), "http://h:1");
        assert_eq!(
            (logout.method, logout.url.as_str()),
            ("POST", "http://h:1/logout")
        );
        assert!(logout.body.is_empty());
    }

    // Guards: an operation with body members sends `{}` and a Content-Type even when empty.
    #[test]
    fn body_operations_always_send_an_object() {
        use crate::service::model::CREATE_TOKEN;
        let request = build_request(&CREATE_TOKEN, &Map::new(), "http://h:1");
        assert_eq!(request.body, b"{}");
        assert!(request
            .headers
            .contains(&("content-type", "application/json".to_owned())));
    }

    // Guards: the warning names the host and never the password of an endpoint URL.
    #[test]
    fn insecure_warning_never_shows_credentials() {
        let warning = connection("https://user:secret@127.0.0.1:1/", TrustSource::Insecure)
            .insecure_warning()
            .unwrap();
        assert!(warning.contains(" 127.0.0.1:1 "), "{warning}");
        assert!(
            !warning.contains("secret") && !warning.contains("user"),
            "{warning}"
        );
        let plain = connection("http://user:secret@127.0.0.1:1/", TrustSource::Insecure);
        assert_eq!(plain.insecure_warning(), None);
        let verified = connection("https://127.0.0.1:1/", TrustSource::Default);
        assert_eq!(verified.insecure_warning(), None);
    }
}
