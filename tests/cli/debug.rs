//! `--debug`: a readable log of what was resolved and done, on stderr, without any secret, and
//! why each attempt failed (compared with v1's log, `tests/fixtures/connection/aws.json`).

use serde_json::json;

use crate::support::pki::Pki;
use crate::support::recorded::{reason_line, run_recorded};
use crate::support::server::Server;
use crate::support::{register, run, TempDir};

const CLIENT_SECRET: &str = "csecret-SENTINEL-0f9e8d7c6b5a";
const ACCESS_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSENTINEL";
const SESSION_TOKEN: &str = "FwoGZXIvYXdzSENTINELTOKEN";
const PROXY_PASSWORD: &str = "proxy-pa55-SENTINEL";
/// The proxy password of the recorded case `proxy_refused_http`.
const RECORDED_PROXY_PASSWORD: &str = "proxy-secret";

fn secrets_absent(stderr: &str) {
    for secret in [
        CLIENT_SECRET,
        ACCESS_SECRET,
        SESSION_TOKEN,
        PROXY_PASSWORD,
        RECORDED_PROXY_PASSWORD,
    ] {
        assert!(
            !stderr.contains(secret),
            "{secret} leaked into stderr:\n{stderr}"
        );
    }
}

#[test]
fn debug_log_shows_the_steps_and_no_secret() {
    let failure = json!({"status": 500, "body": {"__type": "InternalServerException",
        "message": "try again", "clientSecret": CLIENT_SECRET}});
    let success = json!({"status": 200, "body": {"clientId": "cid", "clientSecret": CLIENT_SECRET,
        "refreshToken": SESSION_TOKEN}});
    let server = Server::start(vec![failure], success);
    let dir = TempDir::new();
    std::fs::write(
        dir.path().join("credentials"),
        format!("[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = {ACCESS_SECRET}\naws_session_token = {SESSION_TOKEN}\n"),
    )
    .unwrap();
    let mut cmd = register(&server.url(), &dir);
    cmd.arg("--debug")
        .env("AWS_SECRET_ACCESS_KEY", ACCESS_SECRET)
        .env("AWS_SESSION_TOKEN", SESSION_TOKEN)
        // The proxy is bypassed for 127.0.0.1, but its URL still shows in the log.
        .env(
            "HTTP_PROXY",
            format!("http://user:{PROXY_PASSWORD}@127.0.0.1:9"),
        )
        .env("NO_PROXY", "127.0.0.1");
    let out = run(&mut cmd, None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // The command's own output carries the secret: that is what it is for.
    assert!(String::from_utf8_lossy(&out.stdout).contains(CLIENT_SECRET));
    secrets_absent(&stderr);
    for expected in [
        "config file: ",
        "region: \"us-east-1\", endpoint: http://127.0.0.1:",
        "retry mode: legacy (5 attempts)",
        "request: POST http://127.0.0.1:",
        "request body: {\"clientName\": \"n\", \"clientType\": \"public\"}",
        "attempt 1/5: HTTP 500",
        "attempt 2/5: HTTP 200",
        "\"clientSecret\": \"***\"",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
}

#[test]
fn proxy_credentials_are_hidden_in_the_log() {
    let server = Server::always(json!({"status": 200, "body": {"clientId": "c"}}));
    let dir = TempDir::new();
    let mut cmd = register("http://example.invalid/", &dir);
    cmd.arg("--debug").env(
        "HTTP_PROXY",
        format!("http://user:{PROXY_PASSWORD}@127.0.0.1:{}", server.port),
    );
    let out = run(&mut cmd, None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    secrets_absent(&stderr);
    assert!(
        stderr.contains("proxy: http://***:***@127.0.0.1:"),
        "{stderr}"
    );
    // The proxy received the credentials (as Proxy-Authorization) and the absolute URL.
    let requests = server.requests();
    assert_eq!(requests[0].path, "http://example.invalid/client/register");
    assert!(requests[0].header("proxy-authorization").is_some());
}

/// Runs the recorded `case` with `--debug` and checks v1's exit code and message (the log's last
/// lines); returns the attempt's reason line and v1's cause (what the OS said, as Python shows it).
fn recorded_reason(
    case: &str,
    ports: (u16, u16),
    dir: &TempDir,
    extra: &[&str],
) -> (String, String) {
    let (v1, out) = run_recorded(case, ports, dir, &[&["--debug"], extra].concat());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(v1.code), "{case}: {stderr}");
    assert!(
        stderr.ends_with(&v1.stderr),
        "{case}: v1 said {:?}:\n{stderr}",
        v1.stderr
    );
    secrets_absent(&stderr);
    assert!(!v1.cause.is_empty(), "{case}");
    (reason_line(&stderr).to_owned(), v1.cause)
}

/// A port nothing listens on.
fn dead_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("bind")
        .port()
}

// Guards: the log says why each attempt could not connect, as v1's log does through urllib3's
// exceptions: refused and the proxy refused (with the proxy's password nowhere), a proxy that
// closed the tunnel. The errno numbers and texts were recorded on Linux.
#[cfg(target_os = "linux")]
#[test]
fn debug_log_says_why_a_connection_failed() {
    let dir = TempDir::new();
    std::fs::write(dir.path().join("ca.pem"), Pki::new().ca_pem).unwrap();
    let (reason, cause) = recorded_reason("refused", (dead_port(), 0), &dir, &[]);
    assert_eq!(
        reason,
        format!("Failed to establish a new connection: {cause}")
    );
    assert_eq!(cause, "[Errno 111] Connection refused");

    let endpoint = Server::always(json!({"status": 200, "body": {}}));
    let proxied =
        format!("Unable to connect to proxy: Failed to establish a new connection: {cause}");
    for case in ["proxy_refused", "proxy_refused_http"] {
        let (reason, _) = recorded_reason(case, (endpoint.port, dead_port()), &dir, &[]);
        assert_eq!(reason, proxied, "{case}");
    }
    let proxy = Server::always(json!({"fault": "close"}));
    let (reason, cause) = recorded_reason(
        "proxy_closes_tunnel",
        (endpoint.port, proxy.port),
        &dir,
        &[],
    );
    assert_eq!(reason, format!("Connection aborted: {cause}"));
    assert_eq!(cause, "Remote end closed connection without response");
}

// Guards: a name that does not resolve (a `.invalid` one: reserved, the resolver answers at
// once) names the host and getaddrinfo's code and text, for the endpoint and for a proxy.
#[cfg(target_os = "linux")]
#[test]
fn debug_log_names_what_did_not_resolve() {
    let dir = TempDir::new();
    std::fs::write(dir.path().join("ca.pem"), Pki::new().ca_pem).unwrap();
    let endpoint = Server::always(json!({"status": 200, "body": {}}));
    for (case, prefix) in [
        ("name_resolution", ""),
        ("proxy_name_resolution", "Unable to connect to proxy: "),
    ] {
        let (reason, cause) = recorded_reason(case, (endpoint.port, 0), &dir, &[]);
        let expected = format!("{prefix}Failed to resolve 'nonexistent.invalid' (");
        assert!(
            reason.starts_with(&format!("{expected}[Errno -")),
            "{case}: {reason}"
        );
        // A resolver that cannot be reached says EAI_AGAIN instead; v1 was recorded with one
        // that answered.
        if reason.contains("[Errno -2]") {
            assert_eq!(reason, format!("{expected}{cause})"), "{case}");
        }
    }
}

// Guards: a reset connection and a proxy that resets the tunnel say so with errno's words; the
// read and connect timeouts say which.
#[cfg(target_os = "linux")]
#[test]
fn debug_log_says_reset_and_timed_out() {
    use crate::support::server::{read_request, reset, stall, Blackhole, RawServer};
    let dir = TempDir::new();
    std::fs::write(dir.path().join("ca.pem"), Pki::new().ca_pem).unwrap();
    let resets = RawServer::start(|mut stream| {
        if read_request(&mut stream).is_some() {
            reset(stream);
        }
    });
    let (reason, cause) = recorded_reason("reset", (resets.port, 0), &dir, &[]);
    assert_eq!(reason, format!("Connection aborted: {cause}"));
    assert_eq!(cause, "[Errno 104] Connection reset by peer");
    let endpoint = Server::always(json!({"status": 200, "body": {}}));
    let (reason, _) = recorded_reason(
        "proxy_resets_tunnel",
        (endpoint.port, resets.port),
        &dir,
        &[],
    );
    assert_eq!(reason, format!("Connection aborted: {cause}"));

    let stalls = RawServer::start(stall);
    let (reason, cause) = recorded_reason("read_timeout", (stalls.port, 0), &dir, &[]);
    assert_eq!(
        (reason.as_str(), cause.as_str()),
        ("Read timed out.", "timed out")
    );
    let hole = Blackhole::start().expect("an unresponsive loopback port");
    let (reason, _) = recorded_reason("connect_timeout", (hole.port, 0), &dir, &[]);
    assert_eq!(reason, "Connection to 127.0.0.1 timed out.");
}

// Guards: an answer that breaks off says how, as v1's log does: closed before any answer
// (http.client's words), a body shorter than announced (urllib3's IncompleteRead, with the
// counts), a status line that is not HTTP (hyper's words; v1 shows Python's BadStatusLine).
#[cfg(unix)]
#[test]
fn debug_log_says_how_an_answer_broke_off() {
    use crate::support::server::RawServer;
    let dir = TempDir::new();
    let closes = Server::always(json!({"fault": "close"}));
    let (reason, cause) = recorded_reason("closed_without_response", (closes.port, 0), &dir, &[]);
    assert_eq!(reason, format!("Connection aborted: {cause}"));
    assert_eq!(cause, "Remote end closed connection without response");
    let short = RawServer::reply(
        &b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"clientId\""[..],
    );
    let (reason, cause) = recorded_reason("short_body", (short.port, 0), &dir, &[]);
    assert_eq!(reason, format!("Connection broken: {cause}"));
    assert_eq!(cause, "IncompleteRead(11 bytes read, 89 more expected)");
    let malformed = RawServer::reply(&b"garbage\r\n\r\n"[..]);
    let (reason, _) = recorded_reason("malformed_status_line", (malformed.port, 0), &dir, &[]);
    assert_eq!(reason, "invalid HTTP version parsed");
}
