//! Load: 100 concurrent ssooidc processes against one loopback server all succeed with complete,
//! correct output, and the server sees exactly 100 requests. Bounded in count and time; the
//! server listens on 127.0.0.1 only.

use std::process::{Child, Stdio};
use std::time::Duration;

use serde_json::json;

use crate::support::server::Server;
use crate::support::{ssooidc, wait_bounded, TempDir};

const PROCESSES: usize = 100;

// Guards: no lost or interleaved output, no failed request, no stray retry under concurrency.
#[test]
fn hundred_concurrent_processes() {
    let body = json!({"clientId": "cid-load", "clientSecret": "secret-load",
                      "clientIdIssuedAt": 1700000000, "clientSecretExpiresAt": 1707776000});
    let server = Server::always(json!({"status": 200, "body": body}));
    let dir = TempDir::new();
    let children: Vec<Child> = (0..PROCESSES)
        .map(|i| {
            ssooidc(dir.path())
                .args(["register-client", "--client-type", "public"])
                .args(["--client-name", &format!("load-{i}")])
                .args(["--endpoint-url", &server.url()])
                // A retry would hide a failed attempt: every request must succeed first time.
                .env("AWS_MAX_ATTEMPTS", "1")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    let expected = "{\n    \"clientId\": \"cid-load\",\n    \"clientSecret\": \"secret-load\",\n    \
                    \"clientIdIssuedAt\": 1700000000,\n    \"clientSecretExpiresAt\": 1707776000\n}\n";
    for (i, child) in children.into_iter().enumerate() {
        let out = wait_bounded(child, Duration::from_secs(60));
        assert_eq!(out.code(), Some(0), "process {i}: {}", out.stderr_text());
        assert_eq!(out.stdout_text(), expected, "process {i}");
        assert_eq!(out.stderr_text(), "", "process {i}");
    }
    let requests = server.requests();
    assert_eq!(requests.len(), PROCESSES);
    let mut names: Vec<String> = requests
        .iter()
        .map(|r| {
            let body: serde_json::Value = serde_json::from_str(&r.body).expect("JSON body");
            body["clientName"].as_str().unwrap_or_default().to_owned()
        })
        .collect();
    names.sort();
    let mut want: Vec<String> = (0..PROCESSES).map(|i| format!("load-{i}")).collect();
    want.sort();
    assert_eq!(names, want);
}
