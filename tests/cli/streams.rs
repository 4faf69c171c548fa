//! Output is never half-written: a reader that goes away ends the run quietly, a stdout that
//! cannot be written is one clear error, and a broken stderr does not change the exit code.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::json;

use crate::support::server::Server;
use crate::support::{assert_no_panic_text, register, spawn_bounded, wait_bounded, TempDir};

const LIMIT: Duration = Duration::from_secs(20);

/// A success whose JSON output is about 300 KiB, several times a pipe's buffer.
fn big_success() -> serde_json::Value {
    json!({"status": 200, "body": {"clientId": "x".repeat(300 * 1024), "clientSecret": "s"}})
}

// Guards: the reader closing stdout before anything is written (the answer is delayed until
// after the close) ends with exit 0 and nothing on stderr: the reader chose to stop.
#[test]
fn stdout_closed_before_writing() {
    let server = Server::always(json!({"status": 200, "delay": 0.2, "body": {"clientId": "c"}}));
    let dir = TempDir::new();
    let mut child = register(&server.url(), &dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = wait_bounded(child, LIMIT);
    assert_quiet_success(&out);
}

// Guards: `ssooidc ... | head -c1` with an output larger than the pipe buffer: the write fails
// part-way with EPIPE, which ends quietly with exit 0 (no "Broken pipe" message, no panic).
#[test]
fn reader_stops_after_one_byte() {
    let server = Server::always(big_success());
    let dir = TempDir::new();
    let mut child = register(&server.url(), &dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).expect("first byte");
    assert_eq!(&first, b"{");
    drop(stdout);
    let out = wait_bounded(child, LIMIT);
    assert_quiet_success(&out);
}

// Guards: the same through a real shell pipeline, as a script would run it.
#[test]
fn shell_pipeline_into_head() {
    let server = Server::always(big_success());
    let dir = TempDir::new();
    let binary = assert_cmd::cargo::cargo_bin("ssooidc");
    let script = format!(
        "'{}' register-client --client-name n --client-type public --endpoint-url {} | head -c1; \
         echo \" ${{PIPESTATUS[0]}}\"",
        binary.display(),
        server.url()
    );
    let mut cmd = Command::new("bash");
    cmd.args(["-c", &script])
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("HOME", dir.path())
        .env("AWS_CONFIG_FILE", dir.path().join("config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            dir.path().join("credentials"),
        );
    let out = spawn_bounded(&mut cmd, LIMIT);
    assert_no_panic_text(&out.stderr_text());
    assert_eq!(out.stderr_text(), "");
    assert_eq!(out.stdout_text(), "{ 0\n");
}

// Guards: a stdout that cannot take the output (/dev/full: ENOSPC) is one error line, exit 255.
#[cfg(target_os = "linux")]
#[test]
fn stdout_to_dev_full() {
    let server = Server::always(json!({"status": 200, "body": {"clientId": "c"}}));
    let dir = TempDir::new();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("open /dev/full");
    let child = register(&server.url(), &dir)
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let out = wait_bounded(child, LIMIT);
    let stderr = out.stderr_text();
    assert_no_panic_text(&stderr);
    assert_eq!(out.code(), Some(255), "{stderr:?}");
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1, "{stderr:?}");
    assert!(
        lines[0].starts_with("Unable to write output: No space left on device"),
        "{stderr:?}"
    );
}

// Guards: when stderr itself cannot be written, a failure still exits 255 (the report is
// best-effort; nothing panics on the failed write).
#[cfg(target_os = "linux")]
#[test]
fn stderr_to_dev_full() {
    let server = Server::always(json!({"status": 400, "body": {"message": "m"}}));
    let dir = TempDir::new();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("open /dev/full");
    let child = register(&server.url(), &dir)
        .arg("--debug")
        .stdout(Stdio::piped())
        .stderr(full)
        .spawn()
        .expect("spawn");
    let out = wait_bounded(child, LIMIT);
    assert_eq!(out.code(), Some(255));
    assert!(out.stdout.is_empty());
}

/// A reader that stopped early is no failure: exit 0, nothing on stderr, no panic text.
fn assert_quiet_success(out: &crate::support::Finished) {
    assert_no_panic_text(&out.stderr_text());
    assert_eq!(out.code(), Some(0), "{:?}", out.stderr_text());
    assert_eq!(out.stderr_text(), "");
}
