//! Hostile and broken servers: whatever the other end does, ssooidc ends in bounded time with one
//! clear line on stderr and exit 255 (or succeeds where the answer is valid), never a panic.
//!
//! Every run goes through `spawn_bounded`, so a hang fails the test instead of blocking CI.

use std::io::Write;
use std::net::TcpListener;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::support::server::{read_request, reset, stall, RawServer};
use crate::support::{
    assert_no_panic_text, assert_one_line_failure, register, spawn_bounded, Finished, TempDir,
};

/// Generous: the slowest case (a 1 s timeout) takes about a second.
const LIMIT: Duration = Duration::from_secs(20);

const SUCCESS_BODY: &str = r#"{"clientId": "cid-1", "clientSecret": "SECRET-HOSTILE-1"}"#;

fn run_against(url: &str, extra: &[&str]) -> Finished {
    let dir = TempDir::new();
    let mut cmd = register(url, &dir);
    cmd.args(extra);
    spawn_bounded(&mut cmd, LIMIT)
}

fn endpoint(server: &RawServer) -> String {
    format!("\"{}/client/register\"", server.url())
}

fn http(status: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n");
    for header in headers {
        out.push_str(header);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// A server that reads the request, writes `bytes`, then resets the connection.
fn reply_then_reset(bytes: Vec<u8>) -> RawServer {
    RawServer::start(move |mut stream| {
        if read_request(&mut stream).is_some() {
            let _ = stream.write_all(&bytes);
            let _ = stream.flush();
            std::thread::sleep(Duration::from_millis(20));
            reset(stream);
        }
    })
}

const CLOSED: &str = "Connection was closed before we received a valid response from endpoint URL";

// Guards: a refused connection is v1's "Could not connect" line, retried, never a panic.
#[test]
fn connection_refused() {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind")
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let out = run_against(&url, &[]);
    assert_one_line_failure(
        &out,
        &format!("Could not connect to the endpoint URL: \"{url}/client/register\""),
    );
}

// Guards: a connection closed (FIN) in the middle of the status line or headers.
#[test]
fn closed_mid_headers() {
    let server = RawServer::reply(b"HTTP/1.1 200 OK\r\nContent-Ty".to_vec());
    let out = run_against(&server.url(), &[]);
    assert_one_line_failure(&out, &format!("{CLOSED}: {}.", endpoint(&server)));
    // Retryable, as v1: legacy mode makes 5 attempts.
    assert_eq!(server.connections(), 5);
}

// Guards: a TCP reset in the middle of the headers.
#[test]
fn reset_mid_headers() {
    let server = reply_then_reset(b"HTTP/1.1 200 OK\r\nContent-Ty".to_vec());
    let out = run_against(&server.url(), &[]);
    assert_one_line_failure(&out, &format!("{CLOSED}: {}.", endpoint(&server)));
}

// Guards: a TCP reset in the middle of the body.
#[test]
fn reset_mid_body() {
    let server = reply_then_reset(http(
        "200 OK",
        &["Content-Length: 100"],
        br#"{"clientId": "#,
    ));
    let out = run_against(&server.url(), &[]);
    assert_one_line_failure(&out, &format!("{CLOSED}: {}.", endpoint(&server)));
}

// Guards: a body shorter than its Content-Length, then an orderly close.
#[test]
fn body_shorter_than_content_length() {
    let server = RawServer::reply(http(
        "200 OK",
        &["Content-Length: 100", "Connection: close"],
        br#"{"clientId": "c"}"#,
    ));
    let out = run_against(&server.url(), &[]);
    assert_one_line_failure(&out, &format!("{CLOSED}: {}.", endpoint(&server)));
}

// Guards: a chunked body cut off in the middle of a chunk, and one missing its last chunk.
#[test]
fn chunked_body_cut_off() {
    for body in [
        &b"20\r\n{\"clientId\": "[..],
        &b"11\r\n{\"clientId\": \"c\"}\r\n"[..],
    ] {
        let server = RawServer::reply(http(
            "200 OK",
            &["Transfer-Encoding: chunked", "Connection: close"],
            body,
        ));
        let out = run_against(&server.url(), &[]);
        assert_one_line_failure(&out, &format!("{CLOSED}: {}.", endpoint(&server)));
    }
}

// Guards: a chunked body whose chunk size is not a number (v1: `Connection broken:
// InvalidChunkLength(...)`, its closed line), and a status line that is not HTTP (v1:
// BadStatusLine, the same line).
#[test]
fn malformed_answers_are_closed_connections() {
    for reply in [
        http(
            "200 OK",
            &["Transfer-Encoding: chunked", "Connection: close"],
            b"zz\r\n{}\r\n0\r\n\r\n",
        ),
        b"garbage\r\n\r\n".to_vec(),
    ] {
        let server = RawServer::reply(reply);
        let out = run_against(&server.url(), &[]);
        assert_one_line_failure(&out, &format!("{CLOSED}: {}.", endpoint(&server)));
    }
}

// Guards: a server that accepts and never answers ends with v1's read timeout line.
#[test]
fn never_answers_read_timeout() {
    let server = RawServer::start(stall);
    let dir = TempDir::new();
    let mut cmd = register(&server.url(), &dir);
    cmd.args(["--cli-read-timeout", "1"])
        .env("AWS_MAX_ATTEMPTS", "1");
    let out = spawn_bounded(&mut cmd, LIMIT);
    assert_one_line_failure(
        &out,
        &format!("Read timeout on endpoint URL: {}", endpoint(&server)),
    );
    assert!(out.elapsed < Duration::from_secs(10), "{:?}", out.elapsed);
    println!("read timeout (1 s) ended after {:?}", out.elapsed);
}

// Guards: a server that answers headers and then stalls in the body also times out.
#[test]
fn stalls_mid_body_read_timeout() {
    let server = RawServer::start(|mut stream| {
        if read_request(&mut stream).is_some() {
            let _ = stream.write_all(&http("200 OK", &["Content-Length: 100"], b"{"));
            stall(stream);
        }
    });
    let dir = TempDir::new();
    let mut cmd = register(&server.url(), &dir);
    cmd.args(["--cli-read-timeout", "1"])
        .env("AWS_MAX_ATTEMPTS", "1");
    let out = spawn_bounded(&mut cmd, LIMIT);
    assert_one_line_failure(
        &out,
        &format!("Read timeout on endpoint URL: {}", endpoint(&server)),
    );
}

// Guards: a port that never completes the handshake ends with v1's connect timeout line. On
// Linux loopback a listener with a full accept queue (backlog 0, one unaccepted connection)
// drops further SYNs, which is exactly an unresponsive host.
#[cfg(target_os = "linux")]
#[test]
fn never_accepts_connect_timeout() {
    // No silent pass: a kernel that completes every loopback connection fails the test, naming
    // the reason, instead of leaving the connect timeout untested.
    let hole = crate::support::server::Blackhole::start().expect(
        "this kernel completed every loopback connection (net.ipv4.tcp_abort_on_overflow = 1?): \
         no unresponsive port to time out on",
    );
    let dir = TempDir::new();
    let mut cmd = register(&hole.url(), &dir);
    cmd.args(["--cli-connect-timeout", "1"])
        .env("AWS_MAX_ATTEMPTS", "1");
    let out = spawn_bounded(&mut cmd, LIMIT);
    assert_one_line_failure(
        &out,
        &format!(
            "Connect timeout on endpoint URL: \"{}/client/register\"",
            hole.url()
        ),
    );
    println!("connect timeout (1 s) ended after {:?}", out.elapsed);
}

// Guards: a gzip body is not decompressed (v1 sends Accept-Encoding: identity and never
// decodes); it is an error naming the endpoint, not retried.
#[test]
fn gzip_body() {
    let gzipped: &[u8] = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xab\x56\x4a\xce\xc9\x4c\xcd\
        \x2b\xf1\x4c\x51\xb2\x52\x50\x4a\x56\xaa\x05\x00\x2c\x76\x8c\x6a\x11\x00\x00\x00";
    let len = format!("Content-Length: {}", gzipped.len());
    let server = RawServer::reply(http(
        "200 OK",
        &["Content-Encoding: gzip", &len, "Connection: close"],
        gzipped,
    ));
    let out = run_against(&server.url(), &[]);
    assert_one_line_failure(&out, "HTTP 200 with a body that is not UTF-8 text");
    assert_eq!(server.connections(), 1);
}

// Guards: bytes that are not UTF-8, on success and on error statuses.
#[test]
fn non_utf8_bodies() {
    for status in ["200 OK", "400 Bad Request", "500 Internal Server Error"] {
        let body = b"{\"clientId\": \"\xff\xfe\"}";
        let len = format!("Content-Length: {}", body.len());
        let server = RawServer::reply(http(status, &[&len, "Connection: close"], body));
        let out = run_against(&server.url(), &[]);
        let code = &status[..3];
        assert_one_line_failure(
            &out,
            &format!("HTTP {code} with a body that is not UTF-8 text"),
        );
    }
}

fn json_reply(status: &str, body: &str) -> RawServer {
    let len = format!("Content-Length: {}", body.len());
    RawServer::reply(http(status, &[&len, "Connection: close"], body.as_bytes()))
}

// Guards: JSON nested 10,000 deep is refused without overflowing the stack, both as a whole
// body and inside a member, on success and error statuses.
#[test]
fn json_nested_10000_deep() {
    let deep_array = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_object = format!("{}1{}", "{\"a\": ".repeat(10_000), "}".repeat(10_000));
    let in_member = format!("{{\"clientId\": {deep_array}}}");
    for body in [&deep_array, &deep_object, &in_member] {
        let server = json_reply("200 OK", body);
        let out = run_against(&server.url(), &[]);
        assert_one_line_failure(&out, "HTTP 200 with a body that is not JSON");
        assert!(out.stderr_text().contains("Nested too deeply"));
    }
    // An error answer that is not JSON becomes the message, as in v1: one (long) line.
    let server = json_reply("400 Bad Request", &deep_array);
    let out = run_against(&server.url(), &[]);
    assert_one_line_failure(
        &out,
        "An error occurred (400) when calling the RegisterClient",
    );
}

// Guards: values nested just under the parser's limit render in every format and through
// --query without overflowing the stack (renderers and the JMESPath evaluator must not recurse
// without bound).
#[test]
fn deep_but_accepted_values_render() {
    let depth = ssooidc::python::json::MAX_DEPTH - 1;
    let body = format!(
        "{{\"clientId\": {}\"x\"{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let server = json_reply("200 OK", &body);
    for extra in [
        &["--output", "json"][..],
        &["--output", "text"][..],
        &["--output", "table"][..],
        &["--query", "clientId"][..],
        &["--query", "clientId[][][]", "--output", "text"][..],
    ] {
        let out = run_against(&server.url(), extra);
        assert_no_panic_text(&out.stderr_text());
        assert_eq!(out.code(), Some(0), "{extra:?}: {}", out.stderr_text());
        assert!(out.stdout_text().contains('x'), "{extra:?}");
    }
}

/// A server that streams a 100 MiB body in 64 KiB writes and counts what it managed to write.
fn huge_body_server(chunked: bool) -> (RawServer, Arc<AtomicU64>) {
    const TOTAL: u64 = 100 * 1024 * 1024;
    let written = Arc::new(AtomicU64::new(0));
    let count = Arc::clone(&written);
    let server = RawServer::start(move |mut stream| {
        if read_request(&mut stream).is_none() {
            return;
        }
        let head = if chunked {
            http("200 OK", &["Transfer-Encoding: chunked"], b"")
        } else {
            http("200 OK", &[&format!("Content-Length: {TOTAL}")], b"")
        };
        if stream.write_all(&head).is_err() {
            return;
        }
        let data = vec![b' '; 64 * 1024];
        let mut chunk = Vec::new();
        if chunked {
            chunk.extend_from_slice(format!("{:x}\r\n", data.len()).as_bytes());
        }
        chunk.extend_from_slice(&data);
        if chunked {
            chunk.extend_from_slice(b"\r\n");
        }
        let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
        let mut sent = 0;
        while sent < TOTAL {
            if stream.write_all(&chunk).is_err() {
                return;
            }
            sent += data.len() as u64;
            count.fetch_add(data.len() as u64, Ordering::SeqCst);
        }
    });
    (server, written)
}

// Guards: a 100 MiB answer (declared by Content-Length or streamed chunked) is refused at
// transport::MAX_BODY_BYTES with one line, the client stops reading early, and its memory stays
// bounded.
#[test]
fn hundred_mib_body_is_refused_early() {
    // Linux counts a child's memory from before its exec, when it still shares the spawning
    // process's pages, in the child's peak; the peak says something about ssooidc only when the
    // spawning process is small. This test process may not be (other tests run beside it), so
    // the check runs in a fresh copy of this test binary that runs this one test alone.
    const CHILD: &str = "SSOOIDC_HUNDRED_MIB_CHILD";
    if std::env::var_os(CHILD).is_some() {
        return hundred_mib_check();
    }
    let name = "hostile_server::hundred_mib_body_is_refused_early";
    let out = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .output()
        .expect("run the test binary");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "the check in a fresh process failed:\n{stdout}\n{stderr}"
    );
}

/// The check of `hundred_mib_body_is_refused_early`, in a process of its own.
fn hundred_mib_check() {
    for chunked in [false, true] {
        let (server, written) = huge_body_server(chunked);
        // This process runs this one check alone, so it is small; were it not, the peak below
        // would measure it rather than ssooidc.
        let parent_kib = own_rss_kib();
        assert!(
            parent_kib < 32 * 1024,
            "test process holds {parent_kib} KiB"
        );
        let out = run_against(&server.url(), &[]);
        assert_one_line_failure(
            &out,
            &format!(
                "The response from endpoint URL {} is larger than 1048576 bytes",
                endpoint(&server)
            ),
        );
        // Not retried: the same answer would come again.
        assert_eq!(server.connections(), 1);
        // Give the server a moment to notice the closed connection.
        std::thread::sleep(Duration::from_millis(50));
        let sent = written.load(Ordering::SeqCst);
        println!(
            "chunked={chunked}: server wrote {} KiB before ssooidc closed; peak RSS {} KiB",
            sent / 1024,
            out.max_rss_kib
        );
        assert!(sent < 32 * 1024 * 1024, "read on to {sent} bytes");
        assert!(
            out.max_rss_kib < 64 * 1024,
            "peak RSS {} KiB",
            out.max_rss_kib
        );
    }
}

/// This process's resident set in KiB (`VmRSS` of `/proc/self/status`), 0 if unknown.
fn own_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmRSS:"))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}

// Guards: redirects are not followed (as v1): one request, the status as the error code.
#[test]
fn redirects_are_not_followed() {
    for status in [
        "301 Moved Permanently",
        "302 Found",
        "303 See Other",
        "307 Temporary Redirect",
        "308 Permanent Redirect",
    ] {
        let target = RawServer::reply(http("200 OK", &[], SUCCESS_BODY.as_bytes()));
        let location = format!("Location: {}/client/register", target.url());
        let server = RawServer::reply(http(status, &[&location, "Content-Length: 0"], b""));
        let out = run_against(&server.url(), &[]);
        let code = &status[..3];
        assert_one_line_failure(
            &out,
            &format!("An error occurred ({code}) when calling the RegisterClient operation: "),
        );
        assert_eq!(server.connections(), 1, "{status}");
        assert_eq!(target.connections(), 0, "{status} was followed");
    }
}

// Guards: 1xx informational responses before the real one are skipped.
#[test]
fn informational_responses_are_skipped() {
    let mut bytes = http("100 Continue", &[], b"");
    bytes.extend(http(
        "103 Early Hints",
        &["Link: </style.css>; rel=preload"],
        b"",
    ));
    bytes.extend(http(
        "200 OK",
        &[&format!("Content-Length: {}", SUCCESS_BODY.len())],
        SUCCESS_BODY.as_bytes(),
    ));
    let server = RawServer::reply(bytes);
    let out = run_against(&server.url(), &["--query", "clientId", "--output", "text"]);
    assert_no_panic_text(&out.stderr_text());
    assert_eq!(out.code(), Some(0), "{}", out.stderr_text());
    assert_eq!(out.stdout_text(), "cid-1\n");
}

// Guards: unusual status codes follow botocore's rule (>= 301 is an error, below is success),
// and an invalid status line is a closed connection, never a panic.
#[test]
fn unknown_status_codes() {
    let server = json_reply("299 Whatever", SUCCESS_BODY);
    let out = run_against(&server.url(), &["--query", "clientId", "--output", "text"]);
    assert_eq!(out.code(), Some(0), "{}", out.stderr_text());
    assert_eq!(out.stdout_text(), "cid-1\n");

    for status in ["599 Odd", "999 Odd", "499 Client Closed"] {
        let server = json_reply(status, r#"{"message": "odd"}"#);
        let out = run_against(&server.url(), &[]);
        let code = &status[..3];
        assert_one_line_failure(
            &out,
            &format!("An error occurred ({code}) when calling the RegisterClient operation: odd"),
        );
    }
    for status in ["1000 Huge", "abc Letters", "", "20 Short"] {
        let server = json_reply(status, SUCCESS_BODY);
        let out = run_against(&server.url(), &[]);
        assert_one_line_failure(&out, &format!("{CLOSED}: {}.", endpoint(&server)));
    }
}

// Guards: bytes that are not HTTP at all.
#[test]
fn not_http_at_all() {
    for garbage in [
        &b"SSH-2.0-OpenSSH_9.2\r\n"[..],
        b"\x00\x01\x02\xff\r\n\r\n",
        b"\r\n\r\n",
    ] {
        let server = RawServer::reply(garbage.to_vec());
        let out = run_against(&server.url(), &[]);
        assert_one_line_failure(&out, &format!("{CLOSED}: {}.", endpoint(&server)));
    }
}

// Guards: duplicate headers: the first x-amzn-ErrorType wins, agreeing duplicate
// Content-Lengths are accepted, conflicting ones refused.
#[test]
fn duplicate_headers() {
    let body = r#"{"message": "m"}"#;
    let len = format!("Content-Length: {}", body.len());
    let server = RawServer::reply(http(
        "400 Bad Request",
        &[
            "x-amzn-ErrorType: FirstException",
            "X-Amzn-ErrorType: SecondException",
            &len,
            &len,
        ],
        body.as_bytes(),
    ));
    let out = run_against(&server.url(), &[]);
    assert_one_line_failure(
        &out,
        "An error occurred (FirstException) when calling the RegisterClient operation: m",
    );

    let server = RawServer::reply(http(
        "200 OK",
        &[
            &format!("Content-Length: {}", SUCCESS_BODY.len()),
            "Content-Length: 5",
        ],
        SUCCESS_BODY.as_bytes(),
    ));
    let out = run_against(&server.url(), &[]);
    assert_one_line_failure(&out, &format!("{CLOSED}: {}.", endpoint(&server)));
}

// Guards: timeouts too large to add to the clock (found by this suite: 2^63 s panicked in the
// HTTP stack) mean no timeout, and the call succeeds.
#[test]
fn huge_timeouts_do_not_overflow() {
    let server = json_reply("200 OK", SUCCESS_BODY);
    for value in ["4294967295", "9223372036854775807", "18446744073709551615"] {
        let out = run_against(
            &server.url(),
            &["--cli-read-timeout", value, "--cli-connect-timeout", value],
        );
        assert_no_panic_text(&out.stderr_text());
        assert_eq!(out.code(), Some(0), "{value}: {}", out.stderr_text());
    }
}
