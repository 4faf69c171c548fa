//! The words for each failure, against what v1 printed (tests/fixtures/connection/aws.json) and
//! OpenSSL's own tables.

use std::sync::Arc;

use rustls::pki_types::{ServerName, UnixTime};
use rustls::{AlertDescription, CertificateError, InvalidMessage, OtherError};

use super::*;

fn certificate(error: CertificateError) -> String {
    tls_words(&rustls::Error::InvalidCertificate(error))
}

fn verify_failed(text: &str) -> String {
    format!("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: {text}")
}

fn other(error: impl std::error::Error + Send + Sync + 'static) -> CertificateError {
    CertificateError::Other(OtherError(Arc::new(error)))
}

// Guards: each certificate failure v1 was recorded with reads as v1 printed it, less Python's
// `(_ssl.c:1006)`.
#[test]
fn recorded_certificate_failures_read_as_v1() {
    let time = UnixTime::since_unix_epoch(std::time::Duration::from_secs(2_000_000_000));
    let earlier = UnixTime::since_unix_epoch(std::time::Duration::from_secs(1_000_000_000));
    for (error, text) in [
        (other(Untrusted::SelfSigned), "self-signed certificate"),
        (
            other(Untrusted::SelfSignedInChain),
            "self-signed certificate in certificate chain",
        ),
        (
            CertificateError::UnknownIssuer,
            "unable to get local issuer certificate",
        ),
        (CertificateError::Expired, "certificate has expired"),
        (
            CertificateError::ExpiredContext {
                time,
                not_after: earlier,
            },
            "certificate has expired",
        ),
        (
            CertificateError::NotValidYet,
            "certificate is not yet valid",
        ),
        (
            CertificateError::NotValidYetContext {
                time: earlier,
                not_before: time,
            },
            "certificate is not yet valid",
        ),
    ] {
        assert_eq!(certificate(error), verify_failed(text));
    }
}

// Guards: the rarer failures in OpenSSL's words (X509_verify_cert_error_string of OpenSSL 3),
// never a Rust name.
#[test]
fn other_certificate_failures_use_openssl_words() {
    #[allow(deprecated)]
    let cases = [
        (CertificateError::Revoked, "certificate revoked"),
        (
            CertificateError::BadSignature,
            "certificate signature failure",
        ),
        (
            CertificateError::UnhandledCriticalExtension,
            "unhandled critical extension",
        ),
        (
            CertificateError::UnknownRevocationStatus,
            "unable to get certificate CRL",
        ),
        (CertificateError::ExpiredRevocationList, "CRL has expired"),
        (
            CertificateError::InvalidPurpose,
            "unsuitable certificate purpose",
        ),
        (
            CertificateError::UnsupportedSignatureAlgorithm,
            "Cannot find certificate signature algorithm",
        ),
        (
            CertificateError::UnsupportedSignatureAlgorithmForPublicKeyContext {
                signature_algorithm_id: vec![1],
                public_key_algorithm_id: vec![2],
            },
            "subject signature algorithm and issuer public key algorithm mismatch",
        ),
        (
            CertificateError::InvalidOcspResponse,
            "OCSP verification failed",
        ),
        (
            CertificateError::ApplicationVerificationFailure,
            "application verification failure",
        ),
        (CertificateError::BadEncoding, "certificate rejected"),
        (
            other(webpki::Error::CaUsedAsEndEntity),
            "invalid non-CA certificate (has CA markings)",
        ),
        (
            other(webpki::Error::EndEntityUsedAsCa),
            "invalid CA certificate",
        ),
        (
            other(webpki::Error::PathLenConstraintViolated),
            "path length constraint exceeded",
        ),
        (
            other(webpki::Error::MaximumPathDepthExceeded),
            "certificate chain too long",
        ),
        (
            other(webpki::Error::NameConstraintViolation),
            "permitted subtree violation",
        ),
        (
            other(webpki::Error::RequiredEkuNotFound),
            "unsuitable certificate purpose",
        ),
        (other(webpki::Error::BadDer), "certificate rejected"),
        (
            other(std::io::Error::other("Other(OtherError(x))")),
            "certificate rejected",
        ),
    ];
    for (error, text) in cases {
        assert_eq!(certificate(error), verify_failed(text));
    }
}

fn mismatch(expected: &str, presented: &[&str]) -> String {
    certificate(CertificateError::NotValidForNameContext {
        expected: ServerName::try_from(expected.to_owned()).unwrap(),
        presented: presented.iter().map(|name| (*name).to_owned()).collect(),
    })
}

// Guards: a certificate that does not name the host reads as urllib3's `match_hostname`
// (recorded: `hostname 'localhost' doesn't match 'other.example'`), with the DNS names and IP
// addresses in the certificate's order, as Python's repr.
#[test]
fn name_mismatch_reads_as_urllib3() {
    assert_eq!(
        mismatch("localhost", &["DnsName(\"other.example\")"]),
        "hostname 'localhost' doesn't match 'other.example'"
    );
    assert_eq!(
        mismatch("127.0.0.1", &["DnsName(\"other.example\")"]),
        "hostname '127.0.0.1' doesn't match 'other.example'"
    );
    assert_eq!(
        mismatch(
            "a.example",
            &[
                "DnsName(\"*.b.example\")",
                "UniformResourceIdentifier(\"https://x\")",
                "IpAddress(10.0.0.1)",
                "IpAddress(2001:db8::1)",
                "DirectoryName",
            ]
        ),
        "hostname 'a.example' doesn't match either of '*.b.example', '10.0.0.1', \
         '2001:DB8:0:0:0:0:0:1'"
    );
    assert_eq!(
        mismatch("a.example", &["IpAddress([invalid: 01])"]),
        "hostname 'a.example' doesn't match '[invalid: 01]'"
    );
    assert_eq!(
        mismatch("a.example", &["Unsupported(0x81)"]),
        "no appropriate subjectAltName fields were found"
    );
    assert_eq!(
        certificate(CertificateError::NotValidForName),
        "certificate is not valid for this host"
    );
}

// Guards: failures outside certificate checks: v1's recorded words for a plain HTTP server
// (`wrong version number`), OpenSSL's for alerts, ours where OpenSSL has none; never rustls's
// Debug names (`InvalidContentType`, `HandshakeFailure`).
#[test]
fn handshake_failures_read_as_openssl() {
    use rustls::Error as E;
    let cases = [
        (
            E::InvalidMessage(InvalidMessage::InvalidContentType),
            "[SSL: WRONG_VERSION_NUMBER] wrong version number",
        ),
        (
            E::AlertReceived(AlertDescription::HandshakeFailure),
            "[SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] sslv3 alert handshake failure",
        ),
        (
            E::AlertReceived(AlertDescription::UnknownCA),
            "[SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca",
        ),
        (
            E::AlertReceived(AlertDescription::ProtocolVersion),
            "[SSL: TLSV1_ALERT_PROTOCOL_VERSION] tlsv1 alert protocol version",
        ),
        (
            E::AlertReceived(AlertDescription::UnrecognisedName),
            "[SSL: TLSV1_UNRECOGNIZED_NAME] tlsv1 unrecognized name",
        ),
        (
            E::AlertReceived(AlertDescription::CertificateRequired),
            "[SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED] tlsv13 alert certificate required",
        ),
        (
            E::AlertReceived(AlertDescription::Unknown(200)),
            "the server ended the handshake with TLS alert 200",
        ),
        (
            E::InappropriateMessage {
                expect_types: vec![],
                got_type: rustls::ContentType::Alert,
            },
            "[SSL: UNEXPECTED_MESSAGE] unexpected message",
        ),
        (
            E::DecryptError,
            "[SSL: DECRYPTION_FAILED_OR_BAD_RECORD_MAC] decryption failed or bad record mac",
        ),
        (E::NoCertificatesPresented, "the server sent no certificate"),
        (
            E::PeerIncompatible(rustls::PeerIncompatible::NoCipherSuitesInCommon),
            "the server offers no TLS version or cipher suite this client supports",
        ),
        (
            E::PeerMisbehaved(rustls::PeerMisbehaved::IllegalMiddleboxChangeCipherSpec),
            "the server broke the TLS protocol",
        ),
        (
            E::InvalidMessage(InvalidMessage::MessageTooShort),
            "the server broke the TLS protocol",
        ),
        (E::HandshakeNotComplete, "the TLS handshake failed"),
        (
            E::General("General(\"x\")".into()),
            "the TLS handshake failed",
        ),
    ];
    for (error, text) in cases {
        assert_eq!(tls_words(&error), text, "{error:?}");
    }
}

// Guards: every alert OpenSSL names reads as its `[SSL: CODE] text` (from OpenSSL 3's
// ERR_reason_error_string for SSL_AD_REASON_OFFSET + the alert).
#[test]
fn alerts_use_openssl_reason_texts() {
    for (number, text) in [
        (10, "sslv3 alert unexpected message"),
        (20, "sslv3 alert bad record mac"),
        (22, "tlsv1 alert record overflow"),
        (42, "sslv3 alert bad certificate"),
        (43, "sslv3 alert unsupported certificate"),
        (44, "sslv3 alert certificate revoked"),
        (45, "sslv3 alert certificate expired"),
        (46, "sslv3 alert certificate unknown"),
        (47, "sslv3 alert illegal parameter"),
        (49, "tlsv1 alert access denied"),
        (50, "tlsv1 alert decode error"),
        (51, "tlsv1 alert decrypt error"),
        (71, "tlsv1 alert insufficient security"),
        (80, "tlsv1 alert internal error"),
        (86, "tlsv1 alert inappropriate fallback"),
        (90, "tlsv1 alert user cancelled"),
        (109, "tlsv13 alert missing extension"),
        (110, "tlsv1 unsupported extension"),
        (120, "tlsv1 alert no application protocol"),
    ] {
        let code = text.to_ascii_uppercase().replace(' ', "_");
        assert_eq!(
            alert_words(AlertDescription::from(number)),
            format!("[SSL: {code}] {text}")
        );
    }
}

// Guards: each reason's line in the debug log, modelled on urllib3's exception texts in v1's
// `--debug` (recorded: `Failed to establish a new connection: [Errno 111] Connection refused`,
// `Failed to resolve 'nonexistent.invalid' ([Errno -2] Name or service not known)`, ...).
#[test]
fn reasons_read_as_urllib3() {
    let refused = Reason::Connect("[Errno 111] Connection refused".into());
    for (reason, text) in [
        (
            Reason::Tls("hostname 'a' doesn't match 'b'".into()),
            "hostname 'a' doesn't match 'b'",
        ),
        (
            Reason::Resolve {
                host: "nonexistent.invalid".into(),
                error: "[Errno -2] Name or service not known".into(),
            },
            "Failed to resolve 'nonexistent.invalid' ([Errno -2] Name or service not known)",
        ),
        (
            refused.clone(),
            "Failed to establish a new connection: [Errno 111] Connection refused",
        ),
        (
            Reason::ConnectTimeout {
                host: "127.0.0.1".into(),
            },
            "Connection to 127.0.0.1 timed out.",
        ),
        (Reason::ReadTimeout, "Read timed out."),
        (
            Reason::Aborted("[Errno 104] Connection reset by peer".into()),
            "Connection aborted: [Errno 104] Connection reset by peer",
        ),
        (
            Reason::Proxy(Box::new(refused)),
            "Unable to connect to proxy: Failed to establish a new connection: [Errno 111] \
             Connection refused",
        ),
        (
            Reason::Broken("IncompleteRead(1 bytes read)".into()),
            "Connection broken: IncompleteRead(1 bytes read)",
        ),
        (
            Reason::Other("connection closed".into()),
            "connection closed",
        ),
    ] {
        assert_eq!(reason.to_string(), text);
    }
}

// Guards: socket errors by phase and kind: whatever ends the TCP connection attempt (refused,
// even reset) is a connection not made, as urllib3's NewConnectionError; a reset or close once
// connected is an aborted connection; an end of file in the TLS handshake is v1's words for it.
#[test]
fn socket_errors_by_phase_and_kind() {
    use std::io::{Error, ErrorKind};
    let reset = Error::from_raw_os_error(libc_errno(ErrorKind::ConnectionReset));
    let refused = Error::from_raw_os_error(libc_errno(ErrorKind::ConnectionRefused));
    for error in [&reset, &refused] {
        let text = crate::python::io::errno_text(error);
        assert!(text.starts_with("[Errno "), "{text}");
        assert_eq!(
            io_reason(error, "h", Phase::Connect, true),
            Reason::Connect(text.clone())
        );
        for phase in [Phase::Handshake, Phase::Exchange] {
            assert_eq!(
                io_reason(error, "h", phase, true),
                Reason::Aborted(text.clone())
            );
        }
    }
    let eof = Error::new(ErrorKind::UnexpectedEof, "tls handshake eof");
    assert_eq!(
        io_reason(&eof, "h", Phase::Handshake, true),
        Reason::Tls(
            "[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol".into()
        )
    );
    for (phase, tls) in [(Phase::Handshake, false), (Phase::Exchange, true)] {
        assert_eq!(
            io_reason(&eof, "h", phase, tls),
            Reason::Aborted("Remote end closed connection without response".into())
        );
    }
    let gone = Error::new(ErrorKind::BrokenPipe, "gone");
    assert_eq!(
        io_reason(&gone, "h", Phase::Exchange, false),
        Reason::Aborted("gone".into())
    );
}

// Guards: a body cut short reads as urllib3's `IncompleteRead` (recorded: `IncompleteRead(11
// bytes read, 89 more expected)`), with or without an announced length; a reset there is
// errno's words.
#[test]
fn body_cut_short_reads_as_urllib3() {
    use std::io::{Error, ErrorKind};
    let eof = Error::from(ErrorKind::UnexpectedEof);
    assert_eq!(
        io_reason(&eof, "h", Phase::Body(11, Some(100)), false),
        Reason::Broken("IncompleteRead(11 bytes read, 89 more expected)".into())
    );
    assert_eq!(
        io_reason(&eof, "h", Phase::Body(11, None), true),
        Reason::Broken("IncompleteRead(11 bytes read)".into())
    );
    // A length already exceeded (hyper stops before that; no underflow all the same).
    assert_eq!(
        io_reason(&eof, "h", Phase::Body(11, Some(5)), false),
        Reason::Broken("IncompleteRead(11 bytes read, 0 more expected)".into())
    );
    let reset = Error::from_raw_os_error(libc_errno(ErrorKind::ConnectionReset));
    assert_eq!(
        io_reason(&reset, "h", Phase::Body(0, Some(1)), false),
        Reason::Broken(crate::python::io::errno_text(&reset))
    );
}

/// The errno of `kind` on this platform (the tests need one real code per kind).
fn libc_errno(kind: std::io::ErrorKind) -> i32 {
    (1..200)
        .find(|code| std::io::Error::from_raw_os_error(*code).kind() == kind)
        .expect("an errno for the kind")
}

// Guards: a failed name lookup names the host and getaddrinfo's code and text as Python does
// (`[Errno -2] Name or service not known` on Linux).
#[cfg(unix)]
#[test]
fn name_resolution_failures_carry_their_code() {
    for code in [libc::EAI_NONAME, libc::EAI_AGAIN, libc::EAI_FAIL] {
        // SAFETY: gai_strerror returns a static string for any code.
        let text = unsafe { std::ffi::CStr::from_ptr(libc::gai_strerror(code)) }
            .to_string_lossy()
            .into_owned();
        let error = std::io::Error::other(format!("failed to lookup address information: {text}"));
        assert_eq!(
            io_reason(&error, "nonexistent.invalid", Phase::Connect, true),
            Reason::Resolve {
                host: "nonexistent.invalid".into(),
                error: format!("[Errno {code}] {text}"),
            }
        );
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    assert_eq!(gai_code("Name or service not known"), Some(-2));
    let unknown = std::io::Error::other("failed to lookup address information: no such text");
    assert_eq!(resolve_error(&unknown).as_deref(), Some("no such text"));
    assert_eq!(
        resolve_error(&std::io::Error::other("something else")),
        None
    );
    assert_eq!(
        resolve_error(&std::io::Error::from(std::io::ErrorKind::NotFound)),
        None
    );
}
