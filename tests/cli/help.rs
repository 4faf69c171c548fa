//! Help as people ask for it: `help`, `--help` and `-h` print the same page on stdout and exit 0,
//! wrapped to the terminal (80 columns when stdout is not one); `help --man` is a man page that
//! groff reads without a warning. The expected pages are ssooidc's own text, kept as files in
//! tests/fixtures/help/ (rewrite them with `SSOOIDC_BLESS=1 cargo test --test cli help::`).

use crate::support::{ssooidc, TempDir};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/help")
        .join(format!("{name}.txt"))
}

/// Runs ssooidc with `args`, expects exit 0 and nothing on stderr, and returns stdout.
fn help_output(args: &[&str]) -> String {
    let dir = TempDir::new();
    let out = ssooidc(dir.path())
        .args(args)
        .output()
        .expect("run ssooidc");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    assert!(out.stderr.is_empty(), "{args:?}: {stderr}");
    String::from_utf8(out.stdout).expect("help is UTF-8")
}

/// Every way of asking for one page prints the same bytes, and they are the fixture's.
fn check_page(name: &str, ways: &[&[&str]]) {
    let first = help_output(ways[0]);
    for way in &ways[1..] {
        assert_eq!(
            help_output(way),
            first,
            "{way:?} differs from {:?}",
            ways[0]
        );
    }
    let path = fixture(name);
    if std::env::var_os("SSOOIDC_BLESS").is_some() {
        std::fs::write(&path, &first).expect("write fixture");
    }
    let expected = std::fs::read_to_string(&path).expect("read fixture");
    assert_eq!(first, expected, "{name}: see {}", path.display());
    assert!(
        first.lines().all(|l| l.chars().count() <= 80),
        "{name}: a line is wider than 80 columns"
    );
}

#[test]
fn main_help_by_every_name() {
    check_page(
        "main",
        &[
            &["help"],
            &["--help"],
            &["-h"],
            &["--region", "eu-west-1", "--help"],
            &["--output", "bogus", "-h"],
            &["bogus-operation", "--help"],
        ],
    );
}

#[test]
fn operation_help_by_every_name() {
    for operation in [
        "register-client",
        "start-device-authorization",
        "create-token",
        "create-token-with-iam",
    ] {
        check_page(
            operation,
            &[
                &[operation, "help"],
                &[operation, "--help"],
                &[operation, "-h"],
                &["-h", operation],
                &[operation, "--client-id", "-h"],
                &["--debug", operation, "--no-such-option", "--help"],
            ],
        );
    }
}

#[test]
fn command_help_by_every_name() {
    for command in [
        "login",
        "token",
        "logout",
        "export-credentials",
        "completion",
    ] {
        check_page(
            command,
            &[&[command, "help"], &[command, "--help"], &[command, "-h"]],
        );
    }
}

// Guards: only the exact words count, before `--`; anything else is argparse's as before.
#[test]
fn abbreviations_and_words_after_double_dash_are_not_help() {
    let dir = TempDir::new();
    for args in [
        &[
            "register-client",
            "--client-name",
            "a",
            "--client-type",
            "p",
            "--hel",
        ][..],
        &[
            "register-client",
            "--client-name",
            "a",
            "--client-type",
            "p",
            "--",
            "-h",
        ],
    ] {
        let out = ssooidc(dir.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(255), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("Unknown options: "),
            "{args:?}"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn help_wraps_to_the_terminal_width() {
    let dir = TempDir::new();
    for args in [&["--help"][..], &["create-token-with-iam", "help"]] {
        let mut cmd = ssooidc(dir.path());
        cmd.args(args);
        let (status, output) = crate::misc::on_terminal(cmd);
        assert_eq!(status.code(), Some(0), "{output}");
        let lines: Vec<&str> = output.split("\r\n").collect();
        assert!(lines.len() > 20, "{output}");
        // The pseudo-terminal is 50 columns wide; only an unbreakable word may go beyond.
        for line in lines {
            let width = line.chars().count();
            assert!(
                width <= 50 || !line.trim().contains(' '),
                "{width} columns: {line:?}"
            );
        }
    }
}

#[test]
fn the_man_page_has_every_command_and_global_option() {
    let man = help_output(&["help", "--man"]);
    assert!(man.starts_with(".TH SSOOIDC 1 "), "{man}");
    for name in [
        ".SS register\\-client",
        ".SS create\\-token\\-with\\-iam",
        ".SS login",
        ".SS export\\-credentials",
        "\\-\\-v2\\-debug",
        "\\-\\-cli\\-connect\\-timeout SECS",
        ".SH EXIT STATUS",
    ] {
        assert!(man.contains(name), "{name}");
    }
}

/// groff reads the man page without a single warning (`-ww` turns every warning on).
#[cfg(target_os = "linux")]
#[test]
fn groff_reads_the_man_page_without_warnings() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let man = help_output(&["help", "--man"]);
    let mut groff = Command::new("groff")
        .args(["-man", "-ww", "-z"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("groff is needed for this test (Debian/Ubuntu package groff-base)");
    groff
        .stdin
        .take()
        .unwrap()
        .write_all(man.as_bytes())
        .unwrap();
    let out = groff.wait_with_output().unwrap();
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && warnings.is_empty(), "{warnings}");
}
