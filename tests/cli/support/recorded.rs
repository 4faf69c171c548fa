//! What AWS CLI v1 printed when a connection failed: `tests/fixtures/connection/aws.json`,
//! recorded by `tests/fixtures/gen/record_connection_errors.py` (awscli 1.45.11, Python 3.11,
//! OpenSSL 3.0) against loopback servers like the ones these tests start.

use std::process::Output;

use serde_json::Value;

use crate::support::{register, run, TempDir};

/// One recorded case, with this run's ports and folder put in.
#[derive(Debug, Clone)]
pub struct V1Failure {
    /// The endpoint URL.
    pub url: String,
    /// The options after `--endpoint-url`.
    pub args: Vec<String>,
    /// The environment variables set.
    pub env: Vec<(String, String)>,
    /// The exit code.
    pub code: i32,
    /// stderr without `--debug`, less Python's `(_ssl.c:NNNN)` (the line of CPython's C source
    /// that raised the error, which ssooidc leaves out: see the README's differences).
    pub stderr: String,
    /// What the OS, the TLS library or http.client said, as v1's `--debug` traceback shows it:
    /// the message of the innermost exception (`[Errno 111] Connection refused`).
    pub cause: String,
}

/// The case `name`, with `port` for {PORT}, `proxy` for {PROXY} and `dir` for {DIR}.
pub fn v1_failure(name: &str, port: u16, proxy: u16, dir: &str) -> V1Failure {
    static FIXTURE: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    let fixture = FIXTURE.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/connection/aws.json"
        );
        serde_json::from_str(&std::fs::read_to_string(path).expect("read the fixture"))
            .expect("parse the fixture")
    });
    let case = &fixture[name];
    assert!(case.is_object(), "no recorded case {name}");
    let put = |text: &str| {
        text.replace("{PORT}", &port.to_string())
            .replace("{PROXY}", &proxy.to_string())
            .replace("{DIR}", dir)
    };
    let text = |key: &str| put(case[key].as_str().unwrap_or_default());
    // The innermost exception: what the OS, the TLS library or http.client said.
    let innermost = case["debug_exceptions"][0].as_str().unwrap_or_default();
    V1Failure {
        url: text("url"),
        args: case["args"]
            .as_array()
            .map(|args| args.iter().filter_map(Value::as_str).map(put).collect())
            .unwrap_or_default(),
        env: case["env"]
            .as_object()
            .map(|env| {
                env.iter()
                    .map(|(k, v)| (k.clone(), put(v.as_str().unwrap_or_default())))
                    .collect()
            })
            .unwrap_or_default(),
        code: case["code"].as_i64().map_or(-1, |code| code as i32),
        stderr: without_ssl_c(&text("stderr")),
        cause: without_ssl_c(
            innermost
                .split_once(": ")
                .map_or("", |(_, message)| message),
        ),
    }
}

/// `text` without ` (_ssl.c:1006)` and the like.
fn without_ssl_c(text: &str) -> String {
    match text.find(" (_ssl.c:") {
        Some(start) => match text[start..].find(')') {
            Some(end) => format!("{}{}", &text[..start], &text[start + end + 1..]),
            None => text.to_owned(),
        },
        None => text.to_owned(),
    }
}

/// Runs `register-client` as v1 was recorded for `case`, against `(port, proxy)`, with one
/// attempt and `extra` options; the recording's CA bundle is `dir`'s `ca.pem`.
pub fn run_recorded(
    case: &str,
    (port, proxy): (u16, u16),
    dir: &TempDir,
    extra: &[&str],
) -> (V1Failure, Output) {
    let v1 = v1_failure(case, port, proxy, dir.path().to_str().unwrap());
    let bundle = dir.path().join("ca.pem");
    // The recording's system bundle (roots that do not hold the test's certificate) stands in
    // as the test's CA, which does not hold it either: this must run where no system bundle is.
    let args: Vec<String> = v1
        .args
        .iter()
        .map(|arg| match arg.as_str() {
            "/etc/ssl/certs/ca-certificates.crt" => bundle.to_str().unwrap().to_owned(),
            _ => arg.clone(),
        })
        .collect();
    let mut cmd = register(&v1.url, dir);
    cmd.args(&args)
        .args(extra)
        .envs(v1.env.iter().map(|(k, v)| (k, v)))
        .env("AWS_MAX_ATTEMPTS", "1");
    let out = run(&mut cmd, None);
    (v1, out)
}

/// The debug log's reason line for the one attempt.
pub fn reason_line(stderr: &str) -> &str {
    stderr
        .lines()
        .find_map(|line| {
            line.split_once("attempt 1/1: reason: ")
                .map(|(_, reason)| reason)
        })
        .unwrap_or_else(|| panic!("no reason line in:\n{stderr}"))
}
