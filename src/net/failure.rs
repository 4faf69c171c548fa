//! Why a connection attempt failed, in words people know: for TLS, OpenSSL's and urllib3's as
//! v1 prints them; for sockets, the OS's errno texts as Python shows them; for the rest, the
//! words urllib3 uses in v1's `--debug` log. The one place that reads the error chains of
//! reqwest, hyper, rustls and `std::io`, so that no type name or Debug dump of theirs reaches a
//! message or the log. (Recorded from v1: `tests/fixtures/gen/record_connection_errors.py`.)

use std::error::Error as StdError;
use std::fmt;
use std::net::IpAddr;

use rustls::{AlertDescription, CertificateError, InvalidMessage};

use crate::python::json::repr_str as repr;

/// Why an attempt failed before a response arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The TLS handshake failed, in v1's words (see [`tls_words`]).
    Tls(String),
    /// The host's name did not resolve; `error` is getaddrinfo's, as Python shows it.
    Resolve {
        /// The name looked up.
        host: String,
        /// `[Errno -2] Name or service not known` and the like.
        error: String,
    },
    /// No TCP connection: `[Errno 111] Connection refused` and the like.
    Connect(String),
    /// No TCP connection in time.
    ConnectTimeout {
        /// The host connected to.
        host: String,
    },
    /// No data in time.
    ReadTimeout,
    /// The connection broke before a whole response head: `[Errno 104] Connection reset by
    /// peer`, or the peer closed it.
    Aborted(String),
    /// The connection broke in the body: `IncompleteRead(11 bytes read, 89 more expected)`.
    Broken(String),
    /// Through a proxy: why the proxy could not be used.
    Proxy(Box<Reason>),
    /// Anything else, in the words of the library that noticed it.
    Other(String),
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Tls(words) | Reason::Other(words) => f.write_str(words),
            Reason::Resolve { host, error } => {
                write!(f, "Failed to resolve {} ({error})", repr(host))
            }
            Reason::Connect(error) => write!(f, "Failed to establish a new connection: {error}"),
            Reason::ConnectTimeout { host } => write!(f, "Connection to {host} timed out."),
            Reason::ReadTimeout => f.write_str("Read timed out."),
            Reason::Aborted(error) => write!(f, "Connection aborted: {error}"),
            Reason::Broken(error) => write!(f, "Connection broken: {error}"),
            Reason::Proxy(inner) => write!(f, "Unable to connect to proxy: {inner}"),
        }
    }
}

/// What http.client says when the peer closes without answering.
const CLOSED: &str = "Remote end closed connection without response";

/// hyper-util's and hyper's words (they export none of these error types) for a TCP connection
/// that could not be made, a proxy that closed the connection during CONNECT, and a server that
/// closed it before a whole response head.
const TCP_CONNECT_FAILED: &str = "tcp connect error";
const TUNNEL_CLOSED: &str = "tunnel error: unexpected end of file";
const INCOMPLETE_MESSAGE: &str = "connection closed before message completed";

/// What the failed attempt was doing, besides what its error says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Attempt<'a> {
    /// The host connected to (the proxy's when there is one).
    pub host: &'a str,
    /// Whether a TLS handshake follows the TCP connection.
    pub tls: bool,
    /// While reading the body: the bytes read so far, and the length the answer announced.
    pub body: Option<(usize, Option<u64>)>,
}

/// Where the exchange was when a socket failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Making the TCP connection: v1 (urllib3's `NewConnectionError`) could not connect.
    Connect,
    /// Connected, in the TLS handshake or the proxy's CONNECT.
    Handshake,
    /// Sending the request or reading the response's head.
    Exchange,
    /// Reading the body: so many bytes read, of so many announced.
    Body(usize, Option<u64>),
}

/// Why `err` happened during `attempt`, read from the error's chain of causes.
pub(crate) fn describe(err: &reqwest::Error, attempt: Attempt<'_>) -> Reason {
    let causes = chain(err);
    if let Some(error) = causes
        .iter()
        .find_map(|c| c.downcast_ref::<rustls::Error>())
    {
        return Reason::Tls(tls_words(error));
    }
    let said = |words: &str| causes.iter().any(|c| c.to_string() == words);
    if said(TUNNEL_CLOSED) || said(INCOMPLETE_MESSAGE) {
        return Reason::Aborted(CLOSED.to_owned());
    }
    let io = causes
        .iter()
        .rev()
        .find_map(|c| c.downcast_ref::<std::io::Error>());
    let timed_out = io.is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut);
    if err.is_timeout() || timed_out {
        return if err.is_connect() {
            Reason::ConnectTimeout {
                host: attempt.host.to_owned(),
            }
        } else {
            Reason::ReadTimeout
        };
    }
    if let Some(io) = io {
        let phase = match (err.is_connect(), attempt.body) {
            (true, _) if said(TCP_CONNECT_FAILED) => Phase::Connect,
            (true, _) => Phase::Handshake,
            (false, Some((read, expected))) => Phase::Body(read, expected),
            (false, None) => Phase::Exchange,
        };
        return io_reason(io, attempt.host, phase, attempt.tls);
    }
    // The innermost cause: hyper's own errors (a malformed answer) are plain sentences, and so
    // are reqwest's.
    let innermost: &dyn StdError = causes.last().copied().unwrap_or(err);
    Reason::Other(innermost.to_string())
}

/// The error and its causes, outermost first. An `io::Error` wrapping another error reports
/// that error's *source* as its own, which would skip the wrapped error itself; step into it.
fn chain<'a>(err: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    let mut causes = Vec::new();
    let mut current = Some(err);
    while let Some(error) = current {
        causes.push(error);
        let wrapped = error
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref);
        current = match wrapped {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => error.source(),
        };
    }
    causes
}

/// A socket error: the name did not resolve, the connection could not be made, or it broke.
fn io_reason(io: &std::io::Error, host: &str, phase: Phase, tls: bool) -> Reason {
    use std::io::ErrorKind;
    if let Some(error) = resolve_error(io) {
        return Reason::Resolve {
            host: host.to_owned(),
            error,
        };
    }
    let errno = || crate::python::io::errno_text(io);
    match (phase, io.kind()) {
        // Refused, unreachable, even reset: the connection was never made.
        (Phase::Connect, _) => Reason::Connect(errno()),
        // The server closed the connection during the handshake.
        (Phase::Handshake, ErrorKind::UnexpectedEof) if tls => Reason::Tls(
            "[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol".to_owned(),
        ),
        // Python's `IncompleteRead` as urllib3 reports it.
        (Phase::Body(read, expected), ErrorKind::UnexpectedEof) => Reason::Broken(match expected {
            Some(length) => format!(
                "IncompleteRead({read} bytes read, {} more expected)",
                length.saturating_sub(read as u64)
            ),
            None => format!("IncompleteRead({read} bytes read)"),
        }),
        (Phase::Body(..), _) => Reason::Broken(errno()),
        (_, ErrorKind::UnexpectedEof) => Reason::Aborted(CLOSED.to_owned()),
        _ => Reason::Aborted(errno()),
    }
}

/// getaddrinfo's failure as Python shows it (`[Errno -2] Name or service not known`). The
/// standard library keeps only the text (`failed to lookup address information: TEXT`); the
/// number is found again by asking `gai_strerror` which code has that text.
fn resolve_error(io: &std::io::Error) -> Option<String> {
    let message = io.get_ref()?.to_string();
    let text = message.strip_prefix("failed to lookup address information: ")?;
    Some(match gai_code(text) {
        Some(code) => format!("[Errno {code}] {text}"),
        None => text.to_owned(),
    })
}

fn gai_code(text: &str) -> Option<i32> {
    #[cfg(unix)]
    let code = (-20..=20).filter(|code| *code != 0).find(|code| {
        // SAFETY: gai_strerror returns a pointer to a static, NUL-terminated string (or NULL).
        let ptr = unsafe { libc::gai_strerror(*code) };
        // SAFETY: checked for NULL; the string is static and never freed.
        !ptr.is_null() && unsafe { std::ffi::CStr::from_ptr(ptr) }.to_bytes() == text.as_bytes()
    });
    // Windows reports getaddrinfo's failures as OS errors, with their number.
    #[cfg(not(unix))]
    let code = {
        let _ = text;
        None
    };
    code
}

/// v1's words for a failed TLS handshake: urllib3's for a certificate that does not name the
/// host, OpenSSL's (`[SSL: CODE] text`, as Python's `ssl` module shows them) for the rest, and
/// ours where OpenSSL has none.
pub(crate) fn tls_words(err: &rustls::Error) -> String {
    use rustls::Error as E;
    match err {
        E::InvalidCertificate(CertificateError::NotValidForNameContext {
            expected,
            presented,
        }) => hostname_mismatch(&expected.to_str(), presented),
        E::InvalidCertificate(CertificateError::NotValidForName) => {
            "certificate is not valid for this host".to_owned()
        }
        E::InvalidCertificate(error) => format!(
            "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: {}",
            verify_error(error)
        ),
        E::AlertReceived(alert) => alert_words(*alert),
        E::InvalidMessage(InvalidMessage::InvalidContentType) => openssl("wrong version number"),
        E::InappropriateMessage { .. } | E::InappropriateHandshakeMessage { .. } => {
            openssl("unexpected message")
        }
        E::DecryptError => openssl("decryption failed or bad record mac"),
        E::NoCertificatesPresented => "the server sent no certificate".to_owned(),
        E::PeerIncompatible(_) => {
            "the server offers no TLS version or cipher suite this client supports".to_owned()
        }
        E::InvalidMessage(_) | E::PeerMisbehaved(_) => {
            "the server broke the TLS protocol".to_owned()
        }
        _ => "the TLS handshake failed".to_owned(),
    }
}

/// `[SSL: WRONG_VERSION_NUMBER] wrong version number`: OpenSSL's reason code is its text in
/// capitals.
fn openssl(text: &str) -> String {
    format!(
        "[SSL: {}] {text}",
        text.to_ascii_uppercase().replace(' ', "_")
    )
}

/// urllib3's `match_hostname` message: the DNS names and IP addresses the certificate carries,
/// in its order, as Python's `repr`.
fn hostname_mismatch(host: &str, presented: &[String]) -> String {
    let names: Vec<String> = presented
        .iter()
        .filter_map(|name| presented_name(name))
        .map(|name| repr(&name))
        .collect();
    match names.as_slice() {
        [] => "no appropriate subjectAltName fields were found".to_owned(),
        [one] => format!("hostname {} doesn't match {one}", repr(host)),
        many => format!(
            "hostname {} doesn't match either of {}",
            repr(host),
            many.join(", ")
        ),
    }
}

/// A name as webpki lists it (`DnsName("a.example")`, `IpAddress(127.0.0.1)`), as Python's
/// `getpeercert()` shows it; `None` for the kinds urllib3 does not compare (URIs and others).
fn presented_name(presented: &str) -> Option<String> {
    if let Some(name) = presented
        .strip_prefix("DnsName(\"")
        .and_then(|rest| rest.strip_suffix("\")"))
    {
        return Some(name.to_owned());
    }
    let address = presented.strip_prefix("IpAddress(")?.strip_suffix(')')?;
    Some(match address.parse::<IpAddr>() {
        // Python prints an IPv6 name as OpenSSL does: eight groups in capitals, none elided.
        Ok(IpAddr::V6(v6)) => v6
            .segments()
            .iter()
            .map(|group| format!("{group:X}"))
            .collect::<Vec<_>>()
            .join(":"),
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => address.to_owned(),
    })
}

/// OpenSSL's `X509_verify_cert_error_string` for the failure rustls found.
fn verify_error(error: &CertificateError) -> &'static str {
    use CertificateError as C;
    #[allow(deprecated)]
    match error {
        C::Expired | C::ExpiredContext { .. } => "certificate has expired",
        C::NotValidYet | C::NotValidYetContext { .. } => "certificate is not yet valid",
        C::UnknownIssuer => "unable to get local issuer certificate",
        C::Revoked => "certificate revoked",
        C::BadSignature => "certificate signature failure",
        C::UnhandledCriticalExtension => "unhandled critical extension",
        C::UnknownRevocationStatus => "unable to get certificate CRL",
        C::ExpiredRevocationList | C::ExpiredRevocationListContext { .. } => "CRL has expired",
        C::InvalidPurpose | C::InvalidPurposeContext { .. } => "unsuitable certificate purpose",
        C::UnsupportedSignatureAlgorithm | C::UnsupportedSignatureAlgorithmContext { .. } => {
            "Cannot find certificate signature algorithm"
        }
        C::UnsupportedSignatureAlgorithmForPublicKeyContext { .. } => {
            "subject signature algorithm and issuer public key algorithm mismatch"
        }
        C::InvalidOcspResponse => "OCSP verification failed",
        C::ApplicationVerificationFailure => "application verification failure",
        C::Other(other) => other_verify_error(&*other.0),
        _ => "certificate rejected",
    }
}

/// A refusal the certificate verifier words itself, because only it sees the certificates:
/// rustls reports an untrusted self-signed certificate as any unknown issuer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Untrusted {
    /// The server's own certificate is self-signed and not trusted.
    SelfSigned,
    /// The chain the server sent ends in a self-signed certificate that is not trusted.
    SelfSignedInChain,
}

impl Untrusted {
    /// OpenSSL's words for it.
    fn words(self) -> &'static str {
        match self {
            Untrusted::SelfSigned => "self-signed certificate",
            Untrusted::SelfSignedInChain => "self-signed certificate in certificate chain",
        }
    }
}

impl fmt::Display for Untrusted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.words())
    }
}

impl StdError for Untrusted {}

/// OpenSSL's words for the failures webpki reports through `CertificateError::Other`.
fn other_verify_error(error: &(dyn StdError + Send + Sync + 'static)) -> &'static str {
    if let Some(untrusted) = error.downcast_ref::<Untrusted>() {
        return untrusted.words();
    }
    use webpki::Error as W;
    #[allow(deprecated)]
    match error.downcast_ref::<W>() {
        Some(W::CaUsedAsEndEntity) => "invalid non-CA certificate (has CA markings)",
        Some(W::EndEntityUsedAsCa) => "invalid CA certificate",
        Some(W::PathLenConstraintViolated) => "path length constraint exceeded",
        Some(
            W::MaximumPathDepthExceeded
            | W::MaximumPathBuildCallsExceeded
            | W::MaximumSignatureChecksExceeded,
        ) => "certificate chain too long",
        Some(W::NameConstraintViolation) => "permitted subtree violation",
        Some(W::RequiredEkuNotFound | W::RequiredEkuNotFoundContext(_)) => {
            "unsuitable certificate purpose"
        }
        _ => "certificate rejected",
    }
}

/// OpenSSL's text for an alert the server sent (`[SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert
/// unknown ca`).
fn alert_words(alert: AlertDescription) -> String {
    let text = match u8::from(alert) {
        10 => "sslv3 alert unexpected message",
        20 => "sslv3 alert bad record mac",
        22 => "tlsv1 alert record overflow",
        40 => "sslv3 alert handshake failure",
        42 => "sslv3 alert bad certificate",
        43 => "sslv3 alert unsupported certificate",
        44 => "sslv3 alert certificate revoked",
        45 => "sslv3 alert certificate expired",
        46 => "sslv3 alert certificate unknown",
        47 => "sslv3 alert illegal parameter",
        48 => "tlsv1 alert unknown ca",
        49 => "tlsv1 alert access denied",
        50 => "tlsv1 alert decode error",
        51 => "tlsv1 alert decrypt error",
        70 => "tlsv1 alert protocol version",
        71 => "tlsv1 alert insufficient security",
        80 => "tlsv1 alert internal error",
        86 => "tlsv1 alert inappropriate fallback",
        90 => "tlsv1 alert user cancelled",
        109 => "tlsv13 alert missing extension",
        110 => "tlsv1 unsupported extension",
        112 => "tlsv1 unrecognized name",
        116 => "tlsv13 alert certificate required",
        120 => "tlsv1 alert no application protocol",
        other => return format!("the server ended the handshake with TLS alert {other}"),
    };
    openssl(text)
}

#[cfg(test)]
mod tests;
