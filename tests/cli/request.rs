//! What goes on the wire: method, path, headers, and that they hold across retries.

use serde_json::json;

use crate::support::server::Server;
use crate::support::{register, run, ssooidc, TempDir};

fn success() -> serde_json::Value {
    json!({"status": 200, "body": {"clientId": "c", "clientSecret": "SECRET-VALUE-123"}})
}

#[test]
fn post_with_json_content_type_and_no_signature() {
    let server = Server::always(success());
    let dir = TempDir::new();
    let mut cmd = register(&server.url(), &dir);
    // Credentials in the environment must not lead to a signed request: RegisterClient is
    // unauthenticated in the model.
    cmd.env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE").env(
        "AWS_SECRET_ACCESS_KEY",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    );
    let out = run(&mut cmd, None);
    assert!(out.status.success(), "{out:?}");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/client/register");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("accept-encoding"), Some("identity"));
    assert_eq!(
        request.header("host"),
        Some(format!("127.0.0.1:{}", server.port).as_str())
    );
    assert_eq!(request.header("amz-sdk-request"), Some("attempt=1"));
    assert!(request.header("authorization").is_none());
    assert!(request.header("x-amz-date").is_none());
    let agent = request.header("user-agent").unwrap_or_default();
    assert!(agent.starts_with("ssooidc/"), "{agent}");
    assert!(agent.contains("cfg/retry-mode#legacy"), "{agent}");
    assert_eq!(
        request.body,
        r#"{"clientName": "n", "clientType": "public"}"#
    );
}

#[test]
fn non_ascii_is_escaped_in_the_body_as_python_does() {
    let server = Server::always(success());
    let dir = TempDir::new();
    let mut cmd = ssooidc(dir.path());
    cmd.args([
        "register-client",
        "--client-name",
        "café 😀",
        "--client-type",
        "public",
        "--endpoint-url",
        &server.url(),
    ]);
    let out = run(&mut cmd, None);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        server.requests()[0].body,
        r#"{"clientName": "caf\u00e9 \ud83d\ude00", "clientType": "public"}"#
    );
}

#[test]
fn retries_keep_the_invocation_id_and_count_attempts() {
    let failure =
        json!({"status": 500, "body": {"__type": "InternalServerException", "message": "m"}});
    let server = Server::start(vec![failure.clone(), failure], success());
    let dir = TempDir::new();
    let out = run(&mut register(&server.url(), &dir), None);
    assert!(out.status.success(), "{out:?}");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let ids: Vec<_> = requests
        .iter()
        .map(|r| {
            r.header("amz-sdk-invocation-id")
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(ids[0].len(), 36);
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    let attempts: Vec<_> = requests
        .iter()
        .map(|r| r.header("amz-sdk-request").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        attempts,
        vec!["attempt=1", "attempt=2; max=5", "attempt=3; max=5"]
    );
}

// Guards: an endpoint botocore's check lets through but the HTTP client cannot use (a port past
// 65535) is one line naming the client's reason, never retried and never a connection error
// (v1: `An HTTP Client raised an unhandled exception: Failed to parse: URL`).
#[test]
fn unusable_endpoint_is_an_http_client_error() {
    let dir = TempDir::new();
    let out = run(&mut register("http://127.0.0.1:99999", &dir), None);
    assert_eq!(out.status.code(), Some(255));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "\nAn HTTP Client raised an unhandled exception: invalid port number\n"
    );
}
