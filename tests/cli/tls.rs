//! HTTPS against a loopback server whose self-signed certificate each test generates: trust from
//! `--ca-bundle`, `AWS_CA_BUNDLE` and `ca_bundle`, verification failures, `--no-verify-ssl`.

use serde_json::json;

use crate::support::server::Server;
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

#[test]
fn untrusted_certificate_is_refused() {
    let server = Server::start_tls(vec![], success());
    let dir = TempDir::new();
    let out = run(
        register(&server.url(), &dir).env("AWS_MAX_ATTEMPTS", "1"),
        None,
    );
    assert_eq!(out.status.code(), Some(255));
    let stderr = text(&out.stderr);
    let prefix = format!(
        "\nSSL validation failed for https://127.0.0.1:{}/client/register ",
        server.port
    );
    assert!(stderr.starts_with(&prefix), "{stderr}");
    assert!(stderr.contains("UnknownIssuer"), "{stderr}");
    assert_eq!(stderr.lines().count(), 2, "one message line: {stderr}");
    assert!(text(&out.stdout).is_empty());
    assert!(server.requests().is_empty());
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
    assert!(
        text(&out.stderr).contains("SSL validation failed"),
        "{}",
        text(&out.stderr)
    );
}
