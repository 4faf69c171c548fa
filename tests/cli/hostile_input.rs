//! Hostile input: invalid UTF-8, NUL bytes, huge and deeply nested values, wrong types, and
//! parameter files that are directories, missing, unreadable, endless or pipes nobody writes to.
//! Each ends in bounded time with a clear message and exit 255 (or 2 for usage), never a panic.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::process::Command;
use std::time::Duration;

use serde_json::json;

use crate::support::server::Server;
use crate::support::{
    assert_no_panic_text, assert_one_line_failure, spawn_bounded, ssooidc, Finished, TempDir,
};

const LIMIT: Duration = Duration::from_secs(20);

fn success_server() -> Server {
    Server::always(json!({"status": 200, "body": {"clientId": "c", "clientSecret": "s"}}))
}

/// `register-client` with the two required flags (unless `args` gives them) and `args`.
fn run(dir: &TempDir, server: &Server, args: Vec<OsString>) -> Finished {
    let mut cmd: Command = ssooidc(dir.path());
    cmd.arg("register-client")
        .args(args)
        .args(["--endpoint-url", &server.url()]);
    spawn_bounded(&mut cmd, LIMIT)
}

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

/// A failure with exit `code`, nothing on stdout, `expected` on stderr and no panic text; for
/// v1's multi-line messages (JSON errors echo the JSON, validation lists every problem).
fn assert_failure(out: &Finished, code: i32, expected: &str) {
    let stderr = out.stderr_text();
    assert_no_panic_text(&stderr);
    assert_eq!(out.code(), Some(code), "stderr {stderr:?}");
    assert!(out.stdout.is_empty(), "stdout {:?}", out.stdout_text());
    assert!(
        stderr.contains(expected),
        "stderr {stderr:?} lacks {expected:?}"
    );
}

const FLAGS: &[&str] = &[
    "--client-name",
    "--client-type",
    "--scopes",
    "--redirect-uris",
    "--grant-types",
    "--issuer-url",
    "--entitled-application-arn",
    "--cli-input-json",
    "--region",
    "--output",
    "--query",
    "--profile",
    "--ca-bundle",
    "--cli-read-timeout",
    "--cli-connect-timeout",
    "--color",
    "--endpoint-url",
];

// Guards: an argument that is not UTF-8, as the value of any option, as an option name and as
// the operation, is one line naming it, exit 255, and nothing is sent.
#[test]
fn invalid_utf8_arguments() {
    let server = success_server();
    let dir = TempDir::new();
    let bad = OsString::from_vec(b"caf\xe9\nsecond line".to_vec());
    for flag in FLAGS {
        let mut args = os(&["--client-name", "n", "--client-type", "public", flag]);
        args.push(bad.clone());
        let out = run(&dir, &server, args);
        assert_one_line_failure(&out, "is not valid UTF-8");
    }
    let out = run(&dir, &server, vec![OsString::from_vec(b"--\xff".to_vec())]);
    assert_one_line_failure(&out, "Argument 2 is not valid UTF-8");
    let mut cmd = ssooidc(dir.path());
    cmd.arg(OsString::from_vec(b"register-\xc3".to_vec()));
    assert_one_line_failure(
        &spawn_bounded(&mut cmd, LIMIT),
        "Argument 1 is not valid UTF-8",
    );
    assert!(server.requests().is_empty());
    // Environment variables that are not UTF-8 count as unset: no panic, a normal outcome.
    for var in [
        "AWS_DEFAULT_REGION",
        "AWS_CONFIG_FILE",
        "AWS_PROFILE",
        "AWS_ENDPOINT_URL",
        "AWS_MAX_ATTEMPTS",
        "AWS_RETRY_MODE",
        "AWS_CA_BUNDLE",
        "AWS_DEFAULT_OUTPUT",
        "HOME",
    ] {
        let mut cmd = ssooidc(dir.path());
        cmd.args([
            "register-client",
            "--client-name",
            "n",
            "--client-type",
            "p",
        ])
        .args(["--endpoint-url", &server.url()])
        .env(var, OsString::from_vec(b"x\xff".to_vec()));
        let out = spawn_bounded(&mut cmd, LIMIT);
        assert_no_panic_text(&out.stderr_text());
        assert!(matches!(out.code(), Some(0 | 255)), "{var}: {out:?}");
    }
}

// Guards: NUL bytes, which the OS allows in files and JSON escapes but not in arguments, travel
// to the service as \u0000 without truncating the value.
#[test]
fn nul_bytes_in_files_and_json() {
    let server = success_server();
    let dir = TempDir::new();
    std::fs::write(dir.path().join("name"), b"a\0b").expect("write");
    let out = run(
        &dir,
        &server,
        os(&["--client-name", "file://name", "--client-type", "public"]),
    );
    assert_eq!(out.code(), Some(0), "{}", out.stderr_text());
    let out = run(
        &dir,
        &server,
        os(&[
            "--cli-input-json",
            r#"{"clientName": "x\u0000y", "clientType": "p"}"#,
        ]),
    );
    assert_eq!(out.code(), Some(0), "{}", out.stderr_text());
    let bodies: Vec<String> = server.requests().into_iter().map(|r| r.body).collect();
    assert!(bodies[0].contains(r#""a\u0000b""#), "{}", bodies[0]);
    assert!(bodies[1].contains(r#""x\u0000y""#), "{}", bodies[1]);
}

// Guards: huge values are carried whole: a 120 KiB argument (Linux caps one argument at
// 128 KiB), a 1 MiB value from a file, 1 MiB over 8,000 list items; a file over the 16 MiB
// parameter-file limit is refused with one line.
#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "Linux argument limits: 1 MiB of arguments exceeds macOS's ARG_MAX"
)]
fn huge_values() {
    let server = success_server();
    let dir = TempDir::new();
    let long = "n".repeat(120 * 1024);
    let out = run(
        &dir,
        &server,
        os(&["--client-name", &long, "--client-type", "public"]),
    );
    assert_eq!(out.code(), Some(0), "{}", out.stderr_text());

    std::fs::write(dir.path().join("big"), "m".repeat(1024 * 1024)).expect("write");
    let out = run(
        &dir,
        &server,
        os(&["--client-name", "file://big", "--client-type", "public"]),
    );
    assert_eq!(out.code(), Some(0), "{}", out.stderr_text());

    let item = "s".repeat(127);
    let mut args = os(&["--client-name", "n", "--client-type", "public", "--scopes"]);
    args.extend(std::iter::repeat_n(OsString::from(&item), 8_000));
    let out = run(&dir, &server, args);
    assert_eq!(out.code(), Some(0), "{}", out.stderr_text());

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests[0].body.contains(&long));
    assert!(requests[1].body.len() > 1024 * 1024);
    assert!(requests[2].body.len() > 8_000 * 127);

    let file = std::fs::File::create(dir.path().join("huge")).expect("create");
    file.set_len(17 * 1024 * 1024).expect("set_len");
    let out = run(
        &dir,
        &server,
        os(&["--client-name", "file://huge", "--client-type", "public"]),
    );
    assert_one_line_failure(&out, "the file is larger than 16 MiB");
    let out = run(
        &dir,
        &server,
        os(&[
            "--client-name",
            "file:///dev/zero",
            "--client-type",
            "public",
        ]),
    );
    assert_one_line_failure(&out, "the file is larger than 16 MiB");
    assert_eq!(server.requests().len(), 3);
}

// Guards: JSON nested 10,000 deep, in --cli-input-json and a list parameter, is refused without
// overflowing the stack.
#[test]
fn deeply_nested_json() {
    let server = success_server();
    let dir = TempDir::new();
    let deep_list = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_object = format!("{}1{}", "{\"a\": ".repeat(10_000), "}".repeat(10_000));
    let in_member = format!("{{\"clientName\": {deep_list}}}");
    for json in [&deep_list, &deep_object, &in_member] {
        let out = run(&dir, &server, os(&["--cli-input-json", json]));
        assert_failure(&out, 255, "Nested too deeply");
    }
    let out = run(
        &dir,
        &server,
        os(&[
            "--client-name",
            "n",
            "--client-type",
            "p",
            "--scopes",
            &deep_list,
        ]),
    );
    assert_failure(
        &out,
        255,
        "Error parsing parameter '--scopes': Invalid JSON: ",
    );
    // Just under the limit: parsed, then refused by validation with Python's repr of it.
    let depth = ssooidc::python::json::MAX_DEPTH - 1;
    let near = format!(
        "{{\"clientName\": {}{}, \"clientType\": \"p\"}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let out = run(&dir, &server, os(&["--cli-input-json", &near]));
    assert_failure(
        &out,
        255,
        "Invalid type for parameter clientName, value: [[[",
    );
    assert!(server.requests().is_empty());
}

// Guards: a value of the wrong type at every level is a validation error (v1's lines), never a
// panic, and nothing is sent.
#[test]
fn wrong_types_at_every_level() {
    let server = success_server();
    let dir = TempDir::new();
    for document in ["[]", "\"s\"", "1", "null", "true", "1.5"] {
        let out = run(&dir, &server, os(&["--cli-input-json", document]));
        assert_one_line_failure(
            &out,
            "Error parsing parameter 'cli-input-json': the JSON must be an object of parameters",
        );
    }
    let values = [
        "1",
        "-1.5e308",
        "123456789012345678901234567890",
        "true",
        "null",
        "[]",
        "{}",
        "[1]",
        "[null]",
        "[[]]",
        "[{}]",
        "{\"a\": [1, {\"b\": null}]}",
        "\"text\"",
        "NaN",
        "-Infinity",
    ];
    let members = [
        "clientName",
        "clientType",
        "scopes",
        "redirectUris",
        "grantTypes",
        "issuerUrl",
        "entitledApplicationArn",
        "bogus",
        "",
    ];
    let mut runs = 0;
    for member in members {
        for value in values {
            let json = format!(r#"{{"clientName": "n", "clientType": "p", "{member}": {value}}}"#);
            let out = run(&dir, &server, os(&["--cli-input-json", &json]));
            let stderr = out.stderr_text();
            assert_no_panic_text(&stderr);
            match out.code() {
                Some(0) => assert!(stderr.is_empty(), "{json}: {stderr}"),
                Some(255) => assert!(
                    stderr.starts_with("\nParameter validation failed:\n"),
                    "{json}: {stderr:?}"
                ),
                other => panic!("{json}: exit {other:?}, {stderr:?}"),
            }
            runs += 1;
        }
    }
    // Only the well-typed combinations reached the server.
    assert!(server.requests().len() < runs / 2);
    // List parameters given JSON of the wrong shape.
    for value in ["[1, 2]", "[{\"a\": 1}]", "[[\"a\"]]", "[null]"] {
        let out = run(
            &dir,
            &server,
            os(&[
                "--client-name",
                "n",
                "--client-type",
                "p",
                "--grant-types",
                value,
            ]),
        );
        assert_failure(&out, 255, "Invalid type for parameter grantTypes[0]");
    }
}

// Guards: parameter files that cannot be read: a directory, a missing file, an empty path, an
// unreadable file, and `fileb://` where text is needed; for options and --cli-input-json alike.
#[test]
fn unreadable_parameter_files() {
    let server = success_server();
    let dir = TempDir::new();
    let cases = [
        ("file://.", "[Errno 21] Is a directory"),
        ("file://~", "[Errno 21] Is a directory"),
        (
            "file://missing.json",
            "[Errno 2] No such file or directory: 'missing.json'",
        ),
        ("file://", "[Errno 2] No such file or directory"),
        (
            "fileb://missing",
            "[Errno 2] No such file or directory: 'missing'",
        ),
    ];
    for (value, expected) in cases {
        let out = run(
            &dir,
            &server,
            os(&["--client-name", value, "--client-type", "p"]),
        );
        assert_one_line_failure(&out, expected);
        let out = run(&dir, &server, os(&["--cli-input-json", value]));
        assert_one_line_failure(&out, expected);
    }
    std::fs::write(dir.path().join("locked"), "{}").expect("write");
    let locked = dir.path().join("locked");
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000))
        .expect("chmod 000");
    // Root reads mode-000 files (CAP_DAC_OVERRIDE); as root the check runs ssooidc as the
    // unprivileged uid and gid 65534 ("nobody"), for whom the file is unreadable as for any
    // user (the temporary folder and the binary are world-readable).
    let mut cmd: Command = ssooidc(dir.path());
    cmd.args(["register-client", "--cli-input-json", "file://locked"])
        .args(["--endpoint-url", &server.url()]);
    // SAFETY: geteuid(2) only reads this process's credentials.
    if unsafe { libc::geteuid() } == 0 {
        use std::os::unix::process::CommandExt;
        // SAFETY: setgroups(2), setgid(2) and setuid(2) are async-signal-safe and change only
        // the child's credentials between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setgroups(0, std::ptr::null()) != 0
                    || libc::setgid(65534) != 0
                    || libc::setuid(65534) != 0
                {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let out = spawn_bounded(&mut cmd, LIMIT);
    assert_one_line_failure(&out, "[Errno 13] Permission denied");
    std::fs::write(dir.path().join("latin1"), b"caf\xe9").expect("write");
    let out = run(
        &dir,
        &server,
        os(&["--client-name", "file://latin1", "--client-type", "p"]),
    );
    assert_one_line_failure(&out, "text contents could not be decoded");
    assert!(server.requests().is_empty());
}

// Guards: a named pipe with no writer is refused at once instead of blocking forever (reading
// it with `open(2)`'s default would wait for a writer that never comes).
#[test]
fn fifo_without_writer_does_not_hang() {
    let server = success_server();
    let dir = TempDir::new();
    let status = Command::new("mkfifo")
        .arg(dir.path().join("pipe"))
        .status()
        .expect("run mkfifo");
    assert!(status.success());
    for args in [
        os(&["--client-name", "file://pipe", "--client-type", "p"]),
        os(&["--cli-input-json", "file://pipe"]),
        os(&[
            "--client-name",
            "n",
            "--client-type",
            "p",
            "--scopes",
            "fileb://pipe",
        ]),
    ] {
        let out = run(&dir, &server, args);
        assert_one_line_failure(&out, "is a pipe with nothing to read");
        assert!(out.elapsed < Duration::from_secs(5), "{:?}", out.elapsed);
    }
    assert!(server.requests().is_empty());
}

// Guards: the pipe handling keeps `file:///dev/stdin` (policy P4) working.
#[test]
fn stdin_pipe_still_works() {
    let server = success_server();
    let dir = TempDir::new();
    let mut cmd = ssooidc(dir.path());
    cmd.args([
        "register-client",
        "--cli-input-json",
        "file:///dev/stdin",
        "--endpoint-url",
        &server.url(),
    ]);
    let out = crate::support::run(
        &mut cmd,
        Some(r#"{"clientName": "from-stdin", "clientType": "public"}"#),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(server.requests()[0].body.contains("from-stdin"));
}

// Guards: usage errors stay exit 2 with argparse's line, whatever the junk.
#[test]
fn usage_errors_with_junk() {
    let server = success_server();
    let dir = TempDir::new();
    let out = run(&dir, &server, os(&["--client-name", "n"]));
    assert_failure(
        &out,
        2,
        "the following arguments are required: --client-type",
    );
    let out = run(
        &dir,
        &server,
        os(&["--output", "\u{1F600}", "--client-name", "n"]),
    );
    assert_failure(&out, 2, "argument --output: Invalid choice");
}
