//! Secrets never reach stderr: not in `--debug` logs, not in error messages (policy P6). The
//! command's stdout is meant to carry `clientSecret`; stderr must carry no secret the server
//! served or the configuration holds.

use serde_json::{json, Value};

use crate::golden::{cases, prepare, Prepared};
use crate::support::server::Server;
use crate::support::{run, ssooidc, TempDir};

/// Names whose values are secrets, written out here (not taken from `src/`) so that a name
/// dropped from the redaction list makes this test fail.
const SECRET_NAMES: &[&str] = &[
    "clientSecret",
    "accessToken",
    "refreshToken",
    "idToken",
    "aws_secret_access_key",
    "aws_session_token",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
];

/// Adds the secret string values found anywhere in `value` (a reply body may also be JSON
/// text) to `out`. Very short values are skipped: they would match unrelated text.
fn collect(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, member) in map {
                match member {
                    Value::String(s) if SECRET_NAMES.contains(&key.as_str()) && s.len() >= 6 => {
                        out.push(s.clone())
                    }
                    _ => collect(member, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect(item, out)),
        Value::String(text) => {
            if let Ok(inner) = serde_json::from_str::<Value>(text) {
                if inner.is_object() || inner.is_array() {
                    collect(&inner, out);
                }
            }
            // INI files: `aws_secret_access_key = VALUE`.
            for line in text.lines() {
                if let Some((key, value)) = line.split_once('=') {
                    let value = value.trim();
                    if SECRET_NAMES.contains(&key.trim()) && value.len() >= 6 {
                        out.push(value.to_owned());
                    }
                }
            }
        }
        _ => {}
    }
}

fn assert_no_secret(what: &str, stderr: &str, secrets: &[String]) {
    for secret in secrets {
        assert!(
            !stderr.contains(secret.as_str()),
            "{what}: secret {secret:?} on stderr:\n{stderr}"
        );
    }
}

// Guards: every golden scenario (successes, service errors, retries, malformed answers, config
// files, environments), run again with --debug, prints none of the secrets its server served
// or its files and environment hold on stderr.
#[test]
fn every_golden_scenario_with_debug_keeps_secrets_off_stderr() {
    let (spec, _) = cases();
    let mut checked = 0;
    let mut with_secrets = 0;
    for case in spec["cases"].as_array().expect("cases") {
        let name = case["name"].as_str().unwrap_or("?");
        let mut secrets = Vec::new();
        collect(&spec["default"], &mut secrets);
        for part in ["default", "replies", "files", "env"] {
            if let Some(value) = case.get(part) {
                collect(value, &mut secrets);
            }
        }
        let Prepared {
            server,
            dir,
            cmd,
            stdin,
        } = prepare(case, &spec);
        // Global options may come first; --debug there changes no parsing of the rest.
        let args: Vec<_> = cmd.get_args().map(ToOwned::to_owned).collect();
        let mut debug_cmd = ssooidc(dir.path());
        debug_cmd.arg("--debug").args(&args);
        for (key, value) in cmd.get_envs() {
            match value {
                Some(v) => debug_cmd.env(key, v),
                None => debug_cmd.env_remove(key),
            };
        }
        let out = run(&mut debug_cmd, stdin.as_deref());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_no_secret(name, &stderr, &secrets);
        checked += 1;
        with_secrets += usize::from(!secrets.is_empty() && !server.requests().is_empty());
    }
    println!("{checked} scenarios checked, {with_secrets} of them served secrets");
    assert!(
        with_secrets > 50,
        "too few scenarios served a secret: {with_secrets}"
    );
}

const SECRET: &str = "SECRET-client-7f3a9c";
const ACCESS: &str = "SECRET-access-token-51b2";
const REFRESH: &str = "SECRET-refresh-token-0d4e";
const AWS_KEY: &str = "SECRET-wJalrXUtnFEMI-K7MDENG";
const AWS_TOKEN: &str = "SECRET-session-token-FwoGZXIvYXdzE";

fn success_body() -> Value {
    json!({"clientId": "cid", "clientSecret": SECRET, "accessToken": ACCESS,
           "refreshToken": REFRESH, "clientIdIssuedAt": 1, "clientSecretExpiresAt": 2})
}

/// ssooidc with --debug, credentials in the environment and the shared files.
fn debug_run(server: &Server, extra: &[&str]) -> std::process::Output {
    let dir = TempDir::new();
    std::fs::write(
        dir.path().join("credentials"),
        format!(
            "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = {AWS_KEY}\n\
             aws_session_token = {AWS_TOKEN}\n"
        ),
    )
    .expect("write credentials");
    let mut cmd = ssooidc(dir.path());
    cmd.args(["--debug", "register-client", "--client-name", "n"])
        .args(["--client-type", "public", "--endpoint-url", &server.url()])
        .args(extra)
        .env("AWS_SECRET_ACCESS_KEY", AWS_KEY)
        .env("AWS_SESSION_TOKEN", AWS_TOKEN);
    run(&mut cmd, None)
}

fn all_secrets() -> Vec<String> {
    [SECRET, ACCESS, REFRESH, AWS_KEY, AWS_TOKEN]
        .map(str::to_owned)
        .to_vec()
}

// Guards: success in every output format, after retries, and with --query: stderr (the debug
// log included) holds no secret, while stdout does carry clientSecret as the command's output.
#[test]
fn success_and_retries_with_debug() {
    let failure = json!({"status": 500, "body": {"message": "m", "clientSecret": SECRET}});
    for extra in [
        &["--output", "json"][..],
        &["--output", "text"][..],
        &["--output", "table"][..],
        &["--query", "clientSecret"][..],
    ] {
        let server = Server::start(
            vec![failure.clone()],
            json!({"status": 200, "body": success_body()}),
        );
        let out = debug_run(&server, extra);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("[debug"), "no debug log: {stderr}");
        assert_no_secret(&format!("{extra:?}"), &stderr, &all_secrets());
        assert!(String::from_utf8_lossy(&out.stdout).contains(SECRET));
    }
}

// Guards: failing answers that carry secrets (an error body, a 200 that is not JSON, a 200 with
// a bad member) do not echo them in the error line or the log.
#[test]
fn failures_with_debug() {
    let replies = [
        json!({"status": 400, "body": {"error": "invalid_client", "clientSecret": SECRET,
                                       "accessToken": ACCESS}}),
        json!({"status": 200, "body": format!("not json {SECRET} {ACCESS}")}),
        json!({"status": 200, "body": format!("[\"{SECRET}\"]")}),
        json!({"status": 200, "body": {"clientSecret": SECRET, "clientIdIssuedAt": "x"}}),
        json!({"status": 200, "body": format!("{{\"clientSecret\": \"{SECRET}\"")}),
    ];
    for reply in replies {
        let server = Server::always(reply.clone());
        let out = debug_run(&server, &[]);
        assert_eq!(out.status.code(), Some(255), "{reply}: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_no_secret(&reply.to_string(), &stderr, &all_secrets());
    }
}

// Guards: a malformed credentials file is reported by file and line, never by its content.
#[test]
fn malformed_credentials_file_is_not_echoed() {
    let server = Server::always(json!({"status": 200, "body": success_body()}));
    let dir = TempDir::new();
    std::fs::write(
        dir.path().join("credentials"),
        format!("[default]\naws_secret_access_key {AWS_KEY}\n"),
    )
    .expect("write");
    let mut cmd = ssooidc(dir.path());
    cmd.args(["--debug", "register-client", "--client-name", "n"])
        .args(["--client-type", "public", "--endpoint-url", &server.url()]);
    let out = run(&mut cmd, None);
    assert_eq!(out.status.code(), Some(255), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Unable to parse config file"), "{stderr}");
    assert_no_secret("bad credentials file", &stderr, &all_secrets());
}

// Guards: the password of an endpoint URL never shows, neither in the --no-verify-ssl warning
// nor in the connection error that follows nor in the debug log (the warning split the URL by
// hand and printed `user:secret@127.0.0.1:1`).
#[test]
fn endpoint_url_password_stays_hidden_with_no_verify_ssl() {
    let dir = TempDir::new();
    let mut cmd = ssooidc(dir.path());
    cmd.args(["--debug", "register-client", "--client-name", "n"])
        .args(["--client-type", "public", "--no-verify-ssl"])
        .args(["--endpoint-url", "https://user:s3cr3t-pw@127.0.0.1:1/"])
        .args(["--cli-connect-timeout", "5"]);
    let out = run(&mut cmd, None);
    assert_eq!(out.status.code(), Some(255), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: --no-verify-ssl: the certificate of 127.0.0.1:1 is not verified"),
        "{stderr}"
    );
    assert_no_secret(
        "endpoint URL",
        &stderr,
        &["s3cr3t-pw".to_owned(), "user:".to_owned()],
    );
}
