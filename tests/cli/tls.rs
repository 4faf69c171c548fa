//! HTTPS against a loopback server whose certificates each test generates: trust from
//! `--ca-bundle`, `AWS_CA_BUNDLE` and `ca_bundle`, `--no-verify-ssl`, and each verification and
//! handshake failure in the words v1 was recorded with (`tests/fixtures/connection/aws.json`).

use serde_json::json;

use crate::support::pki::{Leaf, Pki};
use crate::support::recorded::{reason_line, run_recorded};
use crate::support::server::Server;
#[cfg(unix)]
use crate::support::server::{reset, RawServer};
use crate::support::{register, run, TempDir};

fn success() -> serde_json::Value {
    json!({"status": 200, "body": {"clientId": "tls-client"}})
}

fn write_bundle(server: &Server, dir: &TempDir) -> String {
    let path = dir.path().join("ca.pem");
    std::fs::write(&path, server.cert_pem.as_deref().unwrap()).unwrap();
    path.to_str().unwrap().to_owned()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn ca_bundle_flag_is_trusted() {
    let server = Server::start_tls(vec![], success());
    let dir = TempDir::new();
    let bundle = write_bundle(&server, &dir);
    let out = run(
        register(&server.url(), &dir).args(["--ca-bundle", &bundle]),
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("tls-client"));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn ca_bundle_from_environment_and_config() {
    let server = Server::start_tls(vec![], success());
    let dir = TempDir::new();
    let bundle = write_bundle(&server, &dir);
    let out = run(
        register(&server.url(), &dir).env("AWS_CA_BUNDLE", &bundle),
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    std::fs::write(
        dir.path().join("config"),
        format!("[default]\nca_bundle = {bundle}\n"),
    )
    .unwrap();
    let out = run(&mut register(&server.url(), &dir), None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(server.requests().len(), 2);
}

// Guards: a self-signed certificate nobody trusts is refused in v1's words, on one line, before
// any request is sent.
#[test]
fn untrusted_certificate_is_refused() {
    let server = Server::start_tls(vec![], success());
    let dir = TempDir::new();
    let out = run(
        register(&server.url(), &dir).env("AWS_MAX_ATTEMPTS", "1"),
        None,
    );
    assert_eq!(out.status.code(), Some(255));
    assert_eq!(
        text(&out.stderr),
        format!(
            "\nSSL validation failed for https://127.0.0.1:{}/client/register [SSL: \
             CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate\n",
            server.port
        )
    );
    assert!(text(&out.stdout).is_empty());
    assert!(server.requests().is_empty());
}

/// Checks a recorded TLS failure: v1's exit code and stderr (less `(_ssl.c:NNNN)`), and with
/// `--debug` the same reason on its own line; the server never sees a request.
fn assert_recorded_tls_failure(case: &str, port: u16, dir: &TempDir) {
    let (v1, out) = run_recorded(case, (port, 0), dir, &[]);
    assert!(v1.stderr.contains("SSL validation failed") && !v1.cause.is_empty());
    assert_eq!(out.status.code(), Some(v1.code), "{case}");
    assert_eq!(text(&out.stderr), v1.stderr, "{case}");
    assert!(text(&out.stdout).is_empty(), "{case}");
    let (_, debug) = run_recorded(case, (port, 0), dir, &["--debug"]);
    let stderr = text(&debug.stderr);
    assert!(stderr.ends_with(&v1.stderr), "{case}: {stderr}");
    assert_eq!(reason_line(&stderr), v1.cause, "{case}");
}

// Guards: every certificate failure v1 was recorded with (self-signed, also against a bundle
// holding another certificate of its name; untrusted issuer; a name the certificate does not
// carry; expired; not yet valid), with and without a CA bundle, reads as v1 printed it, with
// its reason on the debug log's attempt line.
#[test]
fn certificate_failures_read_as_v1() {
    let pki = Pki::new();
    let dir = TempDir::new();
    std::fs::write(dir.path().join("ca.pem"), &pki.ca_pem).unwrap();
    std::fs::write(dir.path().join("twin.pem"), pki.twin_pem()).unwrap();
    let valid = Server::start_tls_config(
        vec![],
        success(),
        pki.server_config(Leaf::Valid),
        pki.ca_pem.clone(),
    );
    let (v1, out) = run_recorded("trusted", (valid.port, 0), &dir, &[]);
    assert_eq!((out.status.code(), v1.code), (Some(0), 0), "{out:?}");
    for (leaf, cases) in [
        (
            Leaf::SelfSigned,
            &[
                "self_signed",
                "self_signed_localhost",
                "self_signed_system_bundle",
                "self_signed_twin_in_bundle",
            ][..],
        ),
        (
            Leaf::UntrustedIssuer,
            &["untrusted_issuer", "untrusted_issuer_ca_bundle"],
        ),
        (Leaf::WrongName, &["hostname_mismatch", "ip_mismatch"]),
        (Leaf::Expired, &["expired"]),
        (Leaf::NotYetValid, &["not_yet_valid"]),
    ] {
        let server =
            Server::start_tls_config(vec![], success(), pki.server_config(leaf), String::new());
        for case in cases {
            assert_recorded_tls_failure(case, server.port, &dir);
        }
        assert!(server.requests().is_empty(), "{leaf:?}");
    }
    // Self-signed and marked as a CA, as `openssl req -x509` makes them (rustls alone calls it
    // a CA used as an end entity).
    let ca = Server::start_tls_with(vec![], success(), &["localhost", "127.0.0.1"], true);
    assert_recorded_tls_failure("self_signed_ca", ca.port, &dir);
}

// Guards (a deliberate difference, see the README): a server certificate marked as a CA, issued
// by a trusted CA, is refused with OpenSSL's words for it, where v1 (OpenSSL) accepts it.
#[test]
fn ca_marked_server_certificate_is_refused_unlike_v1() {
    let pki = Pki::new();
    let dir = TempDir::new();
    std::fs::write(dir.path().join("ca.pem"), &pki.ca_pem).unwrap();
    let server = Server::start_tls_config(
        vec![],
        success(),
        pki.server_config(Leaf::CaMarked),
        String::new(),
    );
    let (v1, out) = run_recorded("ca_marked_leaf", (server.port, 0), &dir, &[]);
    assert_eq!((v1.code, out.status.code()), (0, Some(255)));
    assert_eq!(
        text(&out.stderr),
        format!(
            "\nSSL validation failed for https://127.0.0.1:{}/client/register [SSL: \
             CERTIFICATE_VERIFY_FAILED] certificate verify failed: invalid non-CA certificate \
             (has CA markings)\n",
            server.port
        )
    );
}

// Guards: handshakes that fail before any certificate: a plain HTTP server on an https URL
// (v1: `wrong version number`), a server that closes during the handshake (v1: `EOF occurred
// in violation of protocol`) and one that resets it (v1: the connection-closed line).
#[cfg(unix)]
#[test]
fn handshake_failures_read_as_v1() {
    use std::io::{Read, Write};
    let dir = TempDir::new();
    let http_only = RawServer::start(|mut stream| {
        let mut hello = [0u8; 4096];
        let _ = stream.read(&mut hello);
        let _ = stream.write_all(
            b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
    });
    assert_recorded_tls_failure("https_to_plain_http", http_only.port, &dir);
    // Closed with a FIN once the ClientHello is read (unread data would make it a reset).
    let closes = RawServer::start(|mut stream| {
        let mut hello = [0u8; 4096];
        let _ = stream.read(&mut hello);
        let _ = stream.shutdown(std::net::Shutdown::Write);
        while matches!(stream.read(&mut hello), Ok(n) if n > 0) {}
    });
    assert_recorded_tls_failure("tls_closed_in_handshake", closes.port, &dir);

    // Reset once the ClientHello is in, so after the TCP connection is made.
    let resets = RawServer::start(|mut stream| {
        let mut hello = [0u8; 4096];
        let _ = stream.read(&mut hello);
        reset(stream);
    });
    let (v1, out) = run_recorded(
        "tls_reset_in_handshake",
        (resets.port, 0),
        &dir,
        &["--debug"],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(v1.code));
    assert!(stderr.ends_with(&v1.stderr), "{stderr}");
    assert_eq!(
        reason_line(&stderr),
        format!("Connection aborted: {}", v1.cause)
    );
}

#[test]
#[cfg_attr(
    not(unix),
    ignore = "expects errno's text: on Windows ssooidc shows the OS's own text for a missing file"
)]
fn missing_bundle_is_reported_for_https_only() {
    let server = Server::start_tls(vec![], success());
    let dir = TempDir::new();
    let out = run(
        register(&server.url(), &dir).args(["--ca-bundle", "/nonexistent/ca.pem"]),
        None,
    );
    assert_eq!(out.status.code(), Some(255));
    assert_eq!(
        text(&out.stderr),
        format!(
            "\nSSL validation failed for https://127.0.0.1:{}/client/register [Errno 2] No \
             such file or directory\n",
            server.port
        )
    );

    // On http, v1 ignores --ca-bundle (even a missing file) and --no-verify-ssl.
    let plain = Server::always(success());
    let out = run(
        register(&plain.url(), &dir).args([
            "--ca-bundle",
            "/nonexistent/ca.pem",
            "--no-verify-ssl",
        ]),
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).is_empty());
}

#[test]
fn no_verify_ssl_connects_and_warns_once() {
    let server = Server::start_tls(vec![], success());
    let dir = TempDir::new();
    let out = run(register(&server.url(), &dir).arg("--no-verify-ssl"), None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("warning: --no-verify-ssl"), "{stderr}");
    assert!(text(&out.stdout).contains("tls-client"));
}

// Guards: a self-signed certificate marked as a CA, given as the bundle, is trusted for its own
// names (OpenSSL and so v1 accept it; rustls alone refuses a CA as the server's certificate),
// and still refused for a name it does not carry.
#[test]
fn self_signed_ca_certificate_in_the_bundle() {
    let server = Server::start_tls_with(vec![], success(), &["127.0.0.1"], true);
    let dir = TempDir::new();
    let bundle = write_bundle(&server, &dir);
    let out = run(
        register(&server.url(), &dir).args(["--ca-bundle", &bundle]),
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let other = Server::start_tls_with(vec![], success(), &["other.example"], true);
    let bundle = write_bundle(&other, &dir);
    let out = run(
        register(&other.url(), &dir)
            .args(["--ca-bundle", &bundle])
            .env("AWS_MAX_ATTEMPTS", "1"),
        None,
    );
    assert_eq!(out.status.code(), Some(255));
    assert_eq!(
        text(&out.stderr),
        format!(
            "\nSSL validation failed for https://127.0.0.1:{}/client/register hostname \
             '127.0.0.1' doesn't match 'other.example'\n",
            other.port
        )
    );
}
