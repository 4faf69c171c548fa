//! One HTTP exchange: the reqwest client, TLS set-up, timeouts, and v1's line for each failure
//! (the reason below it is `failure.rs`'s).
//!
//! The TLS set-up is chosen for start-up time as much as correctness: rustls with the `ring`
//! provider and compiled-in web PKI roots costs about a millisecond, where loading the system
//! store or seeding aws-lc costs 5-50 ms on every run (see the README's Performance section).

use std::time::Duration;

use crate::net::failure::{self, Reason};
use crate::net::tls::Trust;
use crate::secret::Secret;

/// The largest response body read. A RegisterClient answer is a few hundred bytes; anything near
/// this is not a service answer, and reading it whole would only spend memory.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The longest timeout applied (about 136 years); longer ones mean waiting without a limit.
const LONGEST_TIMEOUT: Duration = Duration::from_secs(u32::MAX as u64);

/// Settings for the HTTP client.
#[derive(Debug, Clone)]
pub struct ClientSettings {
    /// Time allowed to connect; `None` waits forever.
    pub connect_timeout: Option<Duration>,
    /// Time allowed between reads; `None` waits forever.
    pub read_timeout: Option<Duration>,
    /// Certificate trust for https endpoints.
    pub trust: Trust,
    /// The User-Agent header.
    pub user_agent: String,
    /// The proxy for the endpoint, if any (see [`Proxies::for_url`]).
    pub proxy: Option<String>,
}

/// The proxies botocore would use: `http_proxy` for http URLs, `https_proxy` for https URLs
/// (each variable's lower-case spelling first, as Python's `urllib.request.getproxies`), and
/// the hosts of `no_proxy` bypassing them. `ALL_PROXY` is not used, as in botocore.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proxies {
    /// The proxy for http URLs.
    pub http: Option<String>,
    /// The proxy for https URLs.
    pub https: Option<String>,
    /// Hosts that bypass the proxies (comma-separated).
    pub no_proxy: Option<String>,
}

impl Proxies {
    /// The proxy botocore uses for `url`: the one for its scheme, unless `no_proxy` names its
    /// host. botocore decides this once, for the endpoint, when it creates the client.
    pub fn for_url(&self, url: &str) -> Option<&str> {
        let parts = crate::net::url::split(url)?;
        // Python's `proxy_bypass` is given the whole `netloc`, user info included.
        if self.bypasses(parts.netloc) {
            return None;
        }
        match parts.scheme.to_ascii_lowercase().as_str() {
            "http" => self.http.as_deref(),
            "https" => self.https.as_deref(),
            _ => None,
        }
    }

    /// Python's `proxy_bypass_environment`: `*`, or a listed name equal to the host (with or
    /// without its port) or a parent domain of it.
    fn bypasses(&self, authority: &str) -> bool {
        let Some(list) = self.no_proxy.as_deref() else {
            return false;
        };
        if list.trim() == "*" {
            return true;
        }
        let host = authority.to_ascii_lowercase();
        let host_only = host
            .rsplit_once(':')
            .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
            .map_or(host.as_str(), |(name, _)| name);
        list.split(',')
            .map(|name| name.trim().trim_start_matches('.').to_ascii_lowercase())
            .filter(|name| !name.is_empty())
            .any(|name| {
                let suffix = format!(".{name}");
                host_only == name
                    || host == name
                    || host_only.ends_with(&suffix)
                    || host.ends_with(&suffix)
            })
    }

    /// Reads the proxy variables through `var`.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Proxies {
        let either = |lower: &str, upper: &str| {
            var(lower)
                .or_else(|| var(upper))
                .filter(|value| !value.is_empty())
        };
        Proxies {
            http: either("http_proxy", "HTTP_PROXY").map(|url| fix_proxy_url(&url)),
            https: either("https_proxy", "HTTPS_PROXY").map(|url| fix_proxy_url(&url)),
            no_proxy: either("no_proxy", "NO_PROXY"),
        }
    }
}

/// botocore's `_fix_proxy_url`: a proxy without a scheme is an http proxy.
fn fix_proxy_url(url: &str) -> String {
    if url.starts_with("http:") || url.starts_with("https:") {
        url.to_owned()
    } else if let Some(rest) = url.strip_prefix("//") {
        format!("http://{rest}")
    } else {
        format!("http://{url}")
    }
}

/// A request to send.
#[derive(Debug, Clone)]
pub struct Request {
    /// The full URL.
    pub url: String,
    /// The method.
    pub method: &'static str,
    /// Headers besides Host, Content-Length and User-Agent.
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// A response as received.
#[derive(Debug, Clone)]
pub struct Response {
    /// The HTTP status code.
    pub status: u16,
    /// Headers with lower-case names, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body bytes: a successful answer carries the client secret, so they never print.
    pub body: Secret<Vec<u8>>,
}

impl Response {
    /// The first header named `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why an exchange failed before a complete response arrived: the line v1 prints for it, and
/// the [`Reason`] below it (which `--debug` shows, and a TLS failure's line names).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// Nothing accepted the connection (or the name did not resolve).
    #[error("Could not connect to the endpoint URL: \"{url}\"")]
    Connect {
        /// The URL.
        url: String,
        /// Why.
        reason: Reason,
    },
    /// The connection was not established in time.
    #[error("Connect timeout on endpoint URL: \"{url}\"")]
    ConnectTimeout {
        /// The URL.
        url: String,
        /// Why.
        reason: Reason,
    },
    /// No data arrived in time.
    #[error("Read timeout on endpoint URL: \"{url}\"")]
    ReadTimeout {
        /// The URL.
        url: String,
        /// Why.
        reason: Reason,
    },
    /// The connection closed before a whole response arrived.
    #[error(
        "Connection was closed before we received a valid response from endpoint URL: \"{url}\"."
    )]
    Closed {
        /// The URL.
        url: String,
        /// Why.
        reason: Reason,
    },
    /// The TLS handshake failed (certificate verification included).
    #[error("SSL validation failed for {url} {reason}")]
    Tls {
        /// The URL.
        url: String,
        /// Why, in v1's words.
        reason: Reason,
    },
    /// The proxy could not be reached.
    #[error("Failed to connect to proxy URL: \"{proxy}\"")]
    Proxy {
        /// The proxy URL, credentials masked.
        proxy: String,
        /// Why.
        reason: Reason,
    },
    /// The response body is larger than any service answer.
    #[error(
        "The response from endpoint URL \"{0}\" is larger than {max} bytes; it is not an \
         SSO-OIDC answer.",
        max = MAX_BODY_BYTES
    )]
    TooLarge(String),
    /// Anything else, with a description.
    #[error("An HTTP Client raised an unhandled exception: {0}")]
    Other(String),
}

impl TransportError {
    /// Whether botocore counts this as a connection error that may be retried.
    pub fn is_retryable(&self) -> bool {
        !matches!(self, TransportError::TooLarge(_) | TransportError::Other(_))
    }

    /// Why the connection failed, below the line v1 prints (`None` when the line says it all).
    pub fn reason(&self) -> Option<&Reason> {
        match self {
            TransportError::Connect { reason, .. }
            | TransportError::ConnectTimeout { reason, .. }
            | TransportError::ReadTimeout { reason, .. }
            | TransportError::Closed { reason, .. }
            | TransportError::Tls { reason, .. }
            | TransportError::Proxy { reason, .. } => Some(reason),
            TransportError::TooLarge(_) | TransportError::Other(_) => None,
        }
    }
}

/// The User-Agent header: who we are, in the AWS SDKs' `ua/2.1` form, with the retry mode.
pub fn user_agent(retry_mode: &str) -> String {
    format!(
        "ssooidc/{} ua/2.1 os/{} md/arch#{} cfg/retry-mode#{retry_mode}",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH,
    )
}

/// Builds the HTTP client.
pub fn build_client(settings: &ClientSettings) -> Result<reqwest::Client, SetupError> {
    // Ignore the error: it only says a provider is installed already, which is what we want.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let tls = crate::net::tls::client_config(&settings.trust).map_err(SetupError::Tls)?;
    let mut builder = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(settings.user_agent.clone())
        .tcp_nodelay(true)
        .pool_max_idle_per_host(0)
        // The proxy is chosen by our own reading of the environment (botocore's rules), not
        // reqwest's.
        .no_proxy();
    if let Some(url) = &settings.proxy {
        let proxy = reqwest::Proxy::all(url).map_err(|err| {
            SetupError::Other(format!(
                "invalid proxy URL {}: {err}",
                crate::net::url::redacted(url)
            ))
        })?;
        builder = builder.proxy(proxy);
    }
    // A timeout too long to add to the clock (`--cli-read-timeout 9223372036854775807`) would
    // overflow in the HTTP stack; one past `LONGEST_TIMEOUT` is no timeout in practice.
    if let Some(timeout) = settings.connect_timeout.filter(|t| *t <= LONGEST_TIMEOUT) {
        builder = builder.connect_timeout(timeout);
    }
    if let Some(timeout) = settings.read_timeout.filter(|t| *t <= LONGEST_TIMEOUT) {
        builder = builder.read_timeout(timeout);
    }
    builder
        .build()
        .map_err(|err| SetupError::Other(error_chain(&err)))
}

/// Why the HTTP client could not be set up.
#[derive(Debug)]
pub enum SetupError {
    /// The certificates to trust are unusable (an empty or malformed CA bundle).
    Tls(String),
    /// Anything else (an invalid proxy URL).
    Other(String),
}

/// Sends one request and reads the whole response.
pub async fn send(
    client: &reqwest::Client,
    request: &Request,
    proxy: Option<&str>,
) -> Result<Response, TransportError> {
    let method = reqwest::Method::from_bytes(request.method.as_bytes())
        .map_err(|err| TransportError::Other(err.to_string()))?;
    // A GET without a body goes without one (no `Content-Length: 0`), as Python's `http.client`
    // sends it; a POST always carries its length, `0` included.
    let bodiless = request.body.is_empty() && method == reqwest::Method::GET;
    let mut builder = client.request(method, &request.url);
    if !bodiless {
        builder = builder.body(request.body.clone());
    }
    for (name, value) in &request.headers {
        builder = builder.header(*name, value);
    }
    let mut response = builder
        .send()
        .await
        .map_err(|err| classify(&err, &request.url, proxy, None))?;
    // An announced length over the limit is refused before any of the body is read.
    if response
        .content_length()
        .is_some_and(|length| length > MAX_BODY_BYTES as u64)
    {
        return Err(TransportError::TooLarge(request.url.clone()));
    }
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut body = Vec::new();
    let announced = response.content_length();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|err| classify(&err, &request.url, proxy, Some((body.len(), announced))))?
    {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(TransportError::TooLarge(request.url.clone()));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Response {
        status,
        headers,
        body: Secret::new(body),
    })
}

/// Maps a reqwest error to the failure the AWS CLI reports for it (botocore's `send` turns
/// urllib3's exceptions into these), with the reason read from its causes; `body` is the
/// progress in the body when the error came while reading it.
fn classify(
    err: &reqwest::Error,
    url: &str,
    proxy: Option<&str>,
    body: Option<(usize, Option<u64>)>,
) -> TransportError {
    // Through a proxy, the only TCP connection made is to the proxy.
    let connected_to = crate::net::url::split(proxy.unwrap_or(url));
    let attempt = failure::Attempt {
        host: connected_to.map_or("", |parts| parts.host()),
        tls: crate::net::url::is_https(url),
        body,
    };
    let reason = failure::describe(err, attempt);
    let url = url.to_owned();
    match reason {
        Reason::Tls(_) => TransportError::Tls { url, reason },
        Reason::ConnectTimeout { .. } => TransportError::ConnectTimeout { url, reason },
        Reason::ReadTimeout => TransportError::ReadTimeout { url, reason },
        // The connection (to the server, or to the proxy during CONNECT) was made and then
        // closed or reset: urllib3's ProtocolError, botocore's ConnectionClosedError.
        Reason::Aborted(_) | Reason::Broken(_) => TransportError::Closed { url, reason },
        _ if err.is_connect() => match proxy {
            Some(proxy) => TransportError::Proxy {
                proxy: crate::net::url::redacted(proxy),
                reason: Reason::Proxy(Box::new(reason)),
            },
            None => TransportError::Connect { url, reason },
        },
        // A malformed answer: http.client's BadStatusLine, urllib3's InvalidChunkLength. (No
        // body is decoded, so reqwest has no decode errors to report.)
        _ if err.is_request() || err.is_body() => TransportError::Closed { url, reason },
        _ => TransportError::Other(reason.to_string()),
    }
}

/// An error and its causes on one line.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_proxy_variables_win() {
        let env = |name: &str| match name {
            "HTTP_PROXY" => Some("http://upper:1".to_owned()),
            "http_proxy" => Some("lower:2".to_owned()),
            "HTTPS_PROXY" => Some("//secure:3".to_owned()),
            "ALL_PROXY" => Some("http://all:4".to_owned()),
            _ => None,
        };
        let proxies = Proxies::from_env(env);
        assert_eq!(proxies.http.as_deref(), Some("http://lower:2"));
        assert_eq!(proxies.https.as_deref(), Some("http://secure:3"));
        assert_eq!(proxies.no_proxy, None);
    }

    #[test]
    fn proxy_choice_follows_python_bypass_rules() {
        let proxies = Proxies {
            http: Some("http://p:1".into()),
            https: Some("http://s:2".into()),
            no_proxy: Some(" .internal.example, 127.0.0.1 ,host:8080".into()),
        };
        assert_eq!(proxies.for_url("http://a.b/x"), Some("http://p:1"));
        assert_eq!(proxies.for_url("https://a.b"), Some("http://s:2"));
        assert_eq!(proxies.for_url("http://127.0.0.1:9/x"), None);
        assert_eq!(proxies.for_url("https://svc.internal.example/x"), None);
        assert_eq!(proxies.for_url("https://internal.example"), None);
        assert_eq!(proxies.for_url("http://host:8080/"), None);
        assert_eq!(
            proxies.for_url("http://notinternal.example/"),
            Some("http://p:1")
        );
        let all = Proxies {
            no_proxy: Some("*".into()),
            ..proxies
        };
        assert_eq!(all.for_url("http://a.b"), None);
    }
}
