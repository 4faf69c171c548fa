//! `--debug`: a readable log of what was resolved and done, on stderr, without any secret.

use serde_json::json;

use crate::support::server::Server;
use crate::support::{register, run, TempDir};

const CLIENT_SECRET: &str = "csecret-SENTINEL-0f9e8d7c6b5a";
const ACCESS_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSENTINEL";
const SESSION_TOKEN: &str = "FwoGZXIvYXdzSENTINELTOKEN";
const PROXY_PASSWORD: &str = "proxy-pa55-SENTINEL";

fn secrets_absent(stderr: &str) {
    for secret in [CLIENT_SECRET, ACCESS_SECRET, SESSION_TOKEN, PROXY_PASSWORD] {
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
