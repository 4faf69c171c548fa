//! create-token-with-iam is signed (SigV4, signing name `sso-oauth`, the client's region) with
//! the credentials botocore's chain finds; the server checks every signature itself. The other
//! operations are never signed. Expected error texts are v1's, recorded with awscli 1.45.11.

use serde_json::json;

use crate::support::server::{Recorded, Server};
use crate::support::sigv4::{parse_authorization, verify};
use crate::support::{run, ssooidc, TempDir};

const KEY_ID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

fn token_answer() -> serde_json::Value {
    json!({"status": 200, "body": {"accessToken": "at-EXAMPLE", "tokenType": "Bearer",
                                   "expiresIn": 3600}})
}

fn with_iam(server: &Server, dir: &TempDir) -> std::process::Command {
    let mut cmd = ssooidc(dir.path());
    cmd.args([
        "create-token-with-iam",
        "--client-id",
        "arn:aws:sso::1:application/a",
    ])
    .args([
        "--grant-type",
        "refresh_token",
        "--refresh-token",
        "rt-EXAMPLE",
    ])
    .args(["--endpoint-url", &server.url()]);
    cmd
}

fn env_credentials(cmd: &mut std::process::Command) -> &mut std::process::Command {
    cmd.env("AWS_ACCESS_KEY_ID", KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
}

// Guards: the verifier agrees with botocore: it accepts the signature botocore 1.43.11 made for
// a known request (tests/fixtures/gen/sigv4_vectors.py) and refuses it with another secret.
#[test]
fn the_verifier_accepts_botocores_signature() {
    let request = Recorded {
        method: "POST".into(),
        path: "/token?aws_iam=t".into(),
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("host".into(), "oidc.us-east-1.amazonaws.com".into()),
            ("x-amz-date".into(), "20261201T060000Z".into()),
            (
                "authorization".into(),
                include_str!("../fixtures/sigv4/plain.txt").trim_end().into(),
            ),
        ],
        body: String::new(),
        raw_body: br#"{"clientId": "arn:aws:sso::123456789012:application/a", "grantType": "refresh_token"}"#
            .to_vec(),
    };
    assert!(verify(&request, SECRET).is_ok());
    assert!(verify(&request, "another").is_err());
}

// Guards: a signed request with the environment's credentials: the static query, the scope
// (date, region, `sso-oauth`), exactly botocore's signed headers, a valid signature.
#[test]
fn signed_with_environment_credentials() {
    let server = Server::always(token_answer());
    let dir = TempDir::new();
    let out = run(
        env_credentials(&mut with_iam(&server, &dir)).env("AWS_DEFAULT_REGION", "eu-west-1"),
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].path, "/token?aws_iam=t");
    let auth = verify(&requests[0], SECRET).unwrap();
    assert_eq!(auth.access_key_id, KEY_ID);
    assert_eq!(
        (auth.region.as_str(), auth.service.as_str()),
        ("eu-west-1", "sso-oauth")
    );
    assert_eq!(auth.signed_headers, ["content-type", "host", "x-amz-date"]);
    assert!(requests[0].header("x-amz-security-token").is_none());
}

// Guards: the static query joins the endpoint's own query as v1 joins them
// (`/p/token?aws_iam=t?x=1`, recorded from aws 1.45.11), and that URL is what is signed.
#[test]
fn static_query_joins_the_endpoints_query() {
    let server = Server::always(token_answer());
    let dir = TempDir::new();
    let mut cmd = ssooidc(dir.path());
    cmd.args([
        "create-token-with-iam",
        "--client-id",
        "c",
        "--grant-type",
        "g",
    ])
    .args(["--endpoint-url", &format!("{}/p?x=1", server.url())]);
    let out = run(env_credentials(&mut cmd), None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let request = &server.requests()[0];
    assert_eq!(request.path, "/p/token?aws_iam=t?x=1");
    verify(request, SECRET).unwrap();
}

// Guards: AWS_SECURITY_TOKEN beats AWS_SESSION_TOKEN, and the token is sent and signed.
#[test]
fn session_token_is_sent_and_signed() {
    let server = Server::always(token_answer());
    let dir = TempDir::new();
    let mut cmd = with_iam(&server, &dir);
    env_credentials(&mut cmd)
        .env("AWS_SESSION_TOKEN", "session-loses")
        .env("AWS_SECURITY_TOKEN", "security-wins");
    let out = run(&mut cmd, None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let request = &server.requests()[0];
    let auth = verify(request, SECRET).unwrap();
    assert_eq!(
        auth.signed_headers,
        ["content-type", "host", "x-amz-date", "x-amz-security-token"]
    );
    assert_eq!(
        request.header("x-amz-security-token"),
        Some("security-wins")
    );
}

// Guards: every retry attempt carries its own valid signature.
#[test]
fn every_attempt_is_signed() {
    let server = Server::start(
        vec![json!({"status": 500, "body": {"message": "busy"}})],
        token_answer(),
    );
    let dir = TempDir::new();
    let out = run(env_credentials(&mut with_iam(&server, &dir)), None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        verify(request, SECRET).unwrap();
        assert_eq!(
            request
                .headers
                .iter()
                .filter(|(n, _)| n == "authorization")
                .count(),
            1
        );
    }
}

// Guards: --no-sign-request sends it unsigned and looks for no credentials; the unsigned
// operations are never signed, even with credentials at hand.
#[test]
fn unsigned_when_asked_and_for_the_other_operations() {
    let server = Server::always(token_answer());
    let dir = TempDir::new();
    let out = run(with_iam(&server, &dir).arg("--no-sign-request"), None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let mut cmd = ssooidc(dir.path());
    cmd.args(["create-token", "--client-id", "c", "--client-secret", "s"])
        .args([
            "--grant-type",
            "refresh_token",
            "--endpoint-url",
            &server.url(),
        ]);
    let out = run(env_credentials(&mut cmd), None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    for request in server.requests() {
        assert!(request.header("authorization").is_none(), "{request:?}");
        assert!(request.header("x-amz-date").is_none(), "{request:?}");
    }
}

/// Runs create-token-with-iam with `config` and `credentials` files and extra environment, and
/// returns (exit code, stderr, the server's requests).
fn chain_run(
    config: &str,
    credentials: Option<&str>,
    env: &[(&str, &str)],
    extra: &[&str],
) -> (Option<i32>, String, Vec<Recorded>) {
    let server = Server::always(token_answer());
    let dir = TempDir::new();
    std::fs::write(dir.path().join("config"), config).unwrap();
    if let Some(credentials) = credentials {
        std::fs::write(dir.path().join("credentials"), credentials).unwrap();
    }
    let mut cmd = with_iam(&server, &dir);
    cmd.args(extra).envs(env.iter().copied());
    let out = run(&mut cmd, None);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code(), stderr, server.requests())
}

fn key_id_used(requests: &[Recorded]) -> String {
    let header = requests[0].header("authorization").expect("signed");
    parse_authorization(header).expect("parses").access_key_id
}

fn keys(id: &str) -> String {
    format!("aws_access_key_id = {id}\naws_secret_access_key = {SECRET}\n")
}

// Guards: botocore's order between adjacent providers: environment, credentials file,
// credential_process, config file; --profile turns the environment off, AWS_PROFILE does not.
#[test]
#[cfg_attr(
    not(unix),
    ignore = "credential_process commands here are sh and Unix paths"
)]
fn providers_in_botocores_order() {
    let process = format!(
        "credential_process = sh -c 'echo {{\\\"Version\\\": 1, \\\"AccessKeyId\\\": \\\"PROCESS\\\", \\\"SecretAccessKey\\\": \\\"{SECRET}\\\"}}'\n"
    );
    let config = format!(
        "[default]\n{process}{}[profile p]\n{}",
        keys("CONFIG"),
        keys("PCONFIG")
    );
    let credentials = format!("[default]\n{}[p]\n{}", keys("CREDFILE"), keys("PCREDFILE"));
    let env = [
        ("AWS_ACCESS_KEY_ID", "ENV"),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
    ];
    let (_, _, requests) = chain_run(&config, Some(&credentials), &env, &[]);
    assert_eq!(key_id_used(&requests), "ENV");
    let (_, _, requests) = chain_run(&config, Some(&credentials), &[], &[]);
    assert_eq!(key_id_used(&requests), "CREDFILE");
    let (code, stderr, requests) = chain_run(&config, None, &[], &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(key_id_used(&requests), "PROCESS");
    let config_only = format!("[default]\n{}", keys("CONFIG"));
    let (_, _, requests) = chain_run(&config_only, None, &[], &[]);
    assert_eq!(key_id_used(&requests), "CONFIG");
    let (_, _, requests) = chain_run(&config, Some(&credentials), &env, &["--profile", "p"]);
    assert_eq!(key_id_used(&requests), "PCREDFILE");
    let mut with_profile_env = env.to_vec();
    with_profile_env.push(("AWS_PROFILE", "p"));
    let (_, _, requests) = chain_run(&config, Some(&credentials), &with_profile_env, &[]);
    assert_eq!(key_id_used(&requests), "ENV");
}

// Guards: v1's words when no provider finds credentials (after validation, so a validation
// error wins), for partial credentials, and for a failing credential_process; nothing is sent.
#[test]
#[cfg_attr(
    not(unix),
    ignore = "credential_process commands here are sh and Unix paths"
)]
fn missing_and_broken_credentials_in_v1s_words() {
    let (code, stderr, requests) = chain_run("[default]\n", None, &[], &[]);
    assert_eq!(code, Some(255));
    assert_eq!(
        stderr,
        "Unable to locate credentials. You can configure credentials by running \"aws configure\".\n"
    );
    assert!(requests.is_empty());
    let (code, stderr, _) = chain_run("[default]\n", None, &[("AWS_ACCESS_KEY_ID", "x")], &[]);
    assert_eq!(code, Some(255));
    assert_eq!(
        stderr,
        "\nPartial credentials found in env, missing: AWS_SECRET_ACCESS_KEY\n"
    );
    let (code, stderr, _) = chain_run("[default]\naws_access_key_id = a\n", None, &[], &[]);
    assert_eq!(code, Some(255));
    assert_eq!(
        stderr,
        "\nPartial credentials found in config-file, missing: aws_secret_access_key\n"
    );
    let cases = [
        ("sh -c 'echo bad things >&2; exit 3'", "\nError when retrieving credentials from custom-process: bad things\n\n"),
        ("echo hello", "\nExpecting value: line 1 column 1 (char 0)\n"),
        (r#"echo '{"Version": 2, "AccessKeyId": "a", "SecretAccessKey": "b"}'"#,
         "\nError when retrieving credentials from custom-process: Unsupported version '2' for credential process provider, supported versions: 1\n"),
        (r#"echo '{"Version": "1", "AccessKeyId": "a", "SecretAccessKey": "b"}'"#,
         "\nError when retrieving credentials from custom-process: Unsupported version '1' for credential process provider, supported versions: 1\n"),
        (r#"echo '{"AccessKeyId": "a", "SecretAccessKey": "b"}'"#,
         "\nError when retrieving credentials from custom-process: Unsupported version '<Version key not provided>' for credential process provider, supported versions: 1\n"),
        (r#"echo '{"Version": 1, "SecretAccessKey": "b"}'"#,
         "\nError when retrieving credentials from custom-process: Missing required key in response: 'AccessKeyId'\n"),
        (r#"echo '{"Version": 1, "AccessKeyId": "a", "SecretAccessKey": "b", "SessionToken": "t", "Expiration": "2020-01-01T00:00:00Z"}'"#,
         "\nCredentials were refreshed, but the refreshed credentials are still expired.\n"),
        (r#"echo '{"Version": 1, "AccessKeyId": "a", "SecretAccessKey": "b", "Expiration": "soon"}'"#,
         "\nUnknown string format: soon\n"),
        ("/nonexistent/x", "\n[Errno 2] No such file or directory: '/nonexistent/x'\n"),
        ("'unclosed", "\nNo closing quotation\n"),
    ];
    for (command, want) in cases {
        let config = format!("[default]\ncredential_process = {command}\n");
        let (code, stderr, requests) = chain_run(&config, None, &[], &[]);
        assert_eq!((code, stderr.as_str()), (Some(255), want), "{command}");
        assert!(requests.is_empty());
    }
    // A provider's error comes before validation, as in v1.
    let config = "[default]\ncredential_process = /bin/false\n";
    let (code, stderr, _) = chain_run(config, None, &[], &["--cli-input-json", "{\"bogus\": 1}"]);
    assert_eq!(code, Some(255));
    assert_eq!(
        stderr,
        "\nError when retrieving credentials from custom-process: \n"
    );
}
