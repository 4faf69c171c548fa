//! One HTTP exchange: the reqwest client, TLS set-up, timeouts, and v1's words for each failure.
//!
//! The TLS set-up is chosen for start-up time as much as correctness: rustls with the `ring`
//! provider and compiled-in web PKI roots costs about a millisecond, where loading the system
//! store or seeding aws-lc costs 5-50 ms on every run (see the README's Performance section).

use std::sync::Arc;
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};

use crate::secret::Secret;

/// The largest response body read. A RegisterClient answer is a few hundred bytes; anything near
/// this is not a service answer, and reading it whole would only spend memory.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The longest timeout applied (about 136 years); longer ones mean waiting without a limit.
const LONGEST_TIMEOUT: Duration = Duration::from_secs(u32::MAX as u64);

/// Which certificates the client trusts.
#[derive(Debug, Clone)]
pub enum Trust {
    /// The compiled-in web PKI roots (Mozilla's, as botocore's certifi bundle).
    WebPki,
    /// The PEM certificates of `--ca-bundle`, `AWS_CA_BUNDLE` or `ca_bundle`, replacing the roots.
    Bundle(String),
    /// `--no-verify-ssl`: no verification at all.
    Insecure,
}

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

/// Why an exchange failed before a complete response arrived.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// Nothing accepted the connection (or the name did not resolve).
    #[error("Could not connect to the endpoint URL: \"{0}\"")]
    Connect(String),
    /// The connection was not established in time.
    #[error("Connect timeout on endpoint URL: \"{0}\"")]
    ConnectTimeout(String),
    /// No data arrived in time.
    #[error("Read timeout on endpoint URL: \"{0}\"")]
    ReadTimeout(String),
    /// The connection closed before a whole response arrived.
    #[error(
        "Connection was closed before we received a valid response from endpoint URL: \"{0}\"."
    )]
    Closed(String),
    /// The TLS handshake failed (certificate verification included).
    #[error("SSL validation failed for {url} {reason}")]
    Tls {
        /// The URL.
        url: String,
        /// What rustls said.
        reason: String,
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
}

/// Builds the HTTP client. Fails only for an unreadable or empty CA bundle.
pub fn build_client(settings: &ClientSettings) -> Result<reqwest::Client, String> {
    // Ignore the error: it only says a provider is installed already, which is what we want.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let tls = tls_config(&settings.trust)?;
    let mut builder = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(settings.user_agent.clone())
        .tcp_nodelay(true)
        .pool_max_idle_per_host(0);
    // A timeout too long to add to the clock (`--cli-read-timeout 9223372036854775807`) would
    // overflow in the HTTP stack; one past `LONGEST_TIMEOUT` is no timeout in practice.
    if let Some(timeout) = settings.connect_timeout.filter(|t| *t <= LONGEST_TIMEOUT) {
        builder = builder.connect_timeout(timeout);
    }
    if let Some(timeout) = settings.read_timeout.filter(|t| *t <= LONGEST_TIMEOUT) {
        builder = builder.read_timeout(timeout);
    }
    builder.build().map_err(|err| error_chain(&err))
}

fn tls_config(trust: &Trust) -> Result<rustls::ClientConfig, String> {
    let builder = rustls::ClientConfig::builder();
    let config = match trust {
        Trust::WebPki => {
            let roots = RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            builder.with_root_certificates(roots).with_no_client_auth()
        }
        Trust::Bundle(pem) => builder
            .with_root_certificates(bundle_roots(pem)?)
            .with_no_client_auth(),
        Trust::Insecure => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(NoVerification))
            .with_no_client_auth(),
    };
    Ok(config)
}

/// The certificates of a PEM bundle as roots.
fn bundle_roots(pem: &str) -> Result<RootCertStore, String> {
    use rustls::pki_types::pem::PemObject;
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(pem.as_bytes()) {
        let cert = cert.map_err(|err| format!("invalid PEM data: {err}"))?;
        roots
            .add(cert)
            .map_err(|err| format!("invalid certificate: {err}"))?;
    }
    if roots.is_empty() {
        return Err("no certificates found in the CA bundle".into());
    }
    Ok(roots)
}

/// Sends one request and reads the whole response.
pub async fn send(client: &reqwest::Client, request: &Request) -> Result<Response, TransportError> {
    let method = reqwest::Method::from_bytes(request.method.as_bytes())
        .map_err(|err| TransportError::Other(err.to_string()))?;
    let mut builder = client
        .request(method, &request.url)
        .body(request.body.clone());
    for (name, value) in &request.headers {
        builder = builder.header(*name, value);
    }
    let mut response = builder
        .send()
        .await
        .map_err(|err| classify(&err, &request.url))?;
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
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|err| classify(&err, &request.url))?
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

/// Maps a reqwest error to the failure the AWS CLI reports for it.
fn classify(err: &reqwest::Error, url: &str) -> TransportError {
    let url = url.to_owned();
    if let Some(reason) = tls_failure(err) {
        return TransportError::Tls { url, reason };
    }
    if err.is_timeout() {
        return if err.is_connect() {
            TransportError::ConnectTimeout(url)
        } else {
            TransportError::ReadTimeout(url)
        };
    }
    if err.is_connect() {
        return TransportError::Connect(url);
    }
    if err.is_request() || err.is_body() || err.is_decode() {
        return TransportError::Closed(url);
    }
    TransportError::Other(error_chain(err))
}

/// The rustls error behind a failed handshake, if that is what failed.
fn tls_failure(err: &reqwest::Error) -> Option<String> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(current) = source {
        if let Some(tls) = current.downcast_ref::<rustls::Error>() {
            return Some(tls.to_string());
        }
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            if let Some(tls) = io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
            {
                return Some(tls.to_string());
            }
        }
        source = current.source();
    }
    None
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

/// The verifier behind `--no-verify-ssl`: accepts any certificate, still checks signatures'
/// form so the handshake completes.
#[derive(Debug)]
struct NoVerification;

impl ServerCertVerifier for NoVerification {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        rustls::crypto::ring::default_provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}
