//! Signals: SIGINT and SIGTERM end a run promptly, with nothing on stdout and no message, during
//! a request that never gets an answer and during the back-off between attempts.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::server::{stall, RawServer, Server};
use crate::support::{assert_no_panic_text, register, ssooidc, wait_bounded, TempDir};

const LIMIT: Duration = Duration::from_secs(20);

/// Sends `signal` (a name `kill -s` knows) with the `kill` command: no unsafe code needed.
fn send_signal(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args(["-s", signal, &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -s {signal} failed");
}

/// Waits for `child` after `signal`, checks the exit code, silence on stdout, no panic text, and
/// a bound on the time; prints the measured latency.
fn check_ends(child: Child, signal: &str, code: i32, what: &str) {
    let signalled = Instant::now();
    send_signal(&child, signal);
    let out = wait_bounded(child, LIMIT);
    let latency = signalled.elapsed();
    println!(
        "{what}: SIG{signal} -> exit {:?} in {latency:?}",
        out.code()
    );
    assert_no_panic_text(&out.stderr_text());
    assert_eq!(out.code(), Some(code), "stderr {:?}", out.stderr_text());
    assert!(out.stdout.is_empty(), "stdout {:?}", out.stdout_text());
    // The goal is well under 100 ms; the bound is generous for a loaded CI machine.
    assert!(latency < Duration::from_secs(2), "{what}: took {latency:?}");
}

/// Starts ssooidc against a server that never answers and returns once the request is in.
fn during_request() -> (Child, RawServer, TempDir) {
    let server = RawServer::start(stall);
    let dir = TempDir::new();
    let child = register(&server.url(), &dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let started = Instant::now();
    while server.connections() == 0 {
        assert!(started.elapsed() < LIMIT, "no connection arrived");
        std::thread::sleep(Duration::from_millis(5));
    }
    // The connection is accepted; give the signal handlers (installed before the request is
    // sent) a moment to be certainly in place.
    std::thread::sleep(Duration::from_millis(50));
    (child, server, dir)
}

// Guards: SIGINT while waiting for an answer ends with 130, silently.
#[test]
fn sigint_during_request() {
    let (child, _server, _dir) = during_request();
    check_ends(child, "INT", 130, "request");
}

// Guards: SIGTERM while waiting for an answer ends with 143, silently.
#[test]
fn sigterm_during_request() {
    let (child, _server, _dir) = during_request();
    check_ends(child, "TERM", 143, "request");
}

/// Starts ssooidc against a server that always answers 500, with real back-off, and returns once
/// `--debug` says it is waiting at least 0.3 s before the next attempt. The child's stderr is
/// consumed by a thread, so the child never blocks on it.
fn during_backoff() -> (Child, Server, TempDir) {
    let server = Server::always(serde_json::json!({"status": 500, "body": {"message": "m"}}));
    let dir = TempDir::new();
    let mut child = register(&server.url(), &dir)
        .arg("--debug")
        .env_remove("SSOOIDC_NO_RETRY_BACKOFF")
        .env("AWS_MAX_ATTEMPTS", "30")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let delay = line
                .split("waiting ")
                .nth(1)
                .filter(|rest| rest.contains("(back-off"))
                .and_then(|rest| rest.split(' ').next())
                .and_then(|s| s.parse::<f64>().ok());
            if delay.is_some_and(|d| d >= 0.3) {
                let _ = tx.send(());
            }
        }
    });
    rx.recv_timeout(LIMIT)
        .expect("no back-off of 0.3 s or more was announced");
    (child, server, dir)
}

// Guards: SIGINT during the back-off between attempts ends at once with 130 (the wait is not
// sat out) and no further attempt is made.
#[test]
fn sigint_during_backoff() {
    let (child, server, _dir) = during_backoff();
    let before = server.requests().len();
    check_ends(child, "INT", 130, "back-off");
    assert_eq!(server.requests().len(), before, "an attempt after SIGINT");
}

// Guards: SIGTERM during back-off likewise, with 143.
#[test]
fn sigterm_during_backoff() {
    let (child, _server, _dir) = during_backoff();
    check_ends(child, "TERM", 143, "back-off");
}

// Guards: before the handlers are installed (here: blocked reading `file:///dev/stdin` from a
// writer that never writes) SIGINT keeps its default action and ends the process at once; a
// shell reports that as 130 too.
#[test]
fn sigint_before_the_runtime_uses_the_default_action() {
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    let dir = TempDir::new();
    let mut cmd = ssooidc(dir.path());
    // A child inherits an ignored or blocked SIGINT (background jobs of a non-interactive shell
    // ignore it), and then there would be no default action to observe: give the child the
    // default disposition and an unblocked SIGINT, as a shell gives a foreground command.
    // SAFETY: signal(2), sigemptyset(3), sigaddset(3) and sigprocmask(2) are async-signal-safe
    // and touch only the child's own state between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, libc::SIGINT);
            if libc::signal(libc::SIGINT, libc::SIG_DFL) == libc::SIG_ERR
                || libc::sigprocmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut()) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd
        .args(["register-client", "--cli-input-json", "file:///dev/stdin"])
        .args(["--endpoint-url", "http://127.0.0.1:9"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Keep the writer open, so the read waits instead of seeing end of file.
    let _writer = child.stdin.take();
    // Let it reach the read; if the signal came even earlier it would end the same way.
    std::thread::sleep(Duration::from_millis(100));
    let signalled = Instant::now();
    send_signal(&child, "INT");
    let out = wait_bounded(child, LIMIT);
    println!(
        "before runtime: SIGINT -> {:?} in {:?}",
        out.status,
        signalled.elapsed()
    );
    assert_eq!(out.status.signal(), Some(2), "{:?}", out.stderr_text());
    assert!(out.stdout.is_empty());
    assert_no_panic_text(&out.stderr_text());
}
