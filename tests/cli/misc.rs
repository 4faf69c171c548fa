//! Help, version and the options accepted for compatibility.

use crate::support::{run, ssooidc, TempDir};

fn output(args: &[&str]) -> (Option<i32>, String, String) {
    let dir = TempDir::new();
    let out = run(ssooidc(dir.path()).args(args), None);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn version_anywhere_stops_parsing() {
    for args in [
        &["--version"][..],
        &["register-client", "--version"],
        &[
            "register-client",
            "--client-name",
            "x",
            "--version",
            "--bogus",
        ],
    ] {
        let (code, stdout, stderr) = output(args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(stdout.starts_with(&format!("ssooidc/{} ", env!("CARGO_PKG_VERSION"))));
        assert!(
            stdout.ends_with('\n') && stdout.lines().count() == 1,
            "{stdout}"
        );
        assert!(stderr.is_empty());
    }
}

#[test]
fn help_lists_commands_options_and_parameters() {
    let (code, stdout, stderr) = output(&["help"]);
    assert_eq!(code, Some(0), "{stderr}");
    for word in [
        "create-token",
        "create-token-with-iam",
        "register-client",
        "start-device-authorization",
        "--endpoint-url",
        "--query",
        "--cli-read-timeout",
    ] {
        assert!(stdout.contains(word), "{word} missing from help:\n{stdout}");
    }
    let (code, stdout, _) = output(&["register-client", "help"]);
    assert_eq!(code, Some(0));
    for word in [
        "--client-name",
        "--client-type",
        "--scopes",
        "--redirect-uris",
        "--grant-types",
        "--issuer-url",
        "--entitled-application-arn",
        "--cli-input-json",
        "--generate-cli-skeleton",
        "--output",
    ] {
        assert!(stdout.contains(word), "{word} missing from help:\n{stdout}");
    }
}

// Guards: on a terminal, the table layout follows the terminal's width, as v1 asks the terminal
// (`determine_terminal_width`): at 50 columns a one-row table turns vertical. Recorded from
// `aws sso-oidc register-client ... --output table --color off` under util-linux `script` with
// `stty cols 50`; here the test opens the pseudo-terminal itself (no dependency on `script`
// that could turn into a skip), 50 columns wide, with the usual line discipline (`\n` -> `\r\n`).
#[cfg(target_os = "linux")]
#[test]
fn table_width_follows_the_terminal() {
    use crate::support::server::Server;
    use serde_json::json;
    let server = Server::always(json!({"status": 200, "body": {
        "clientId": "cid-EXAMPLE1234567890",
        "authorizationEndpoint": "https://oidc.us-east-1.amazonaws.com/authorize"}}));
    let dir = TempDir::new();
    let mut cmd = ssooidc(dir.path());
    cmd.args([
        "register-client",
        "--client-name",
        "a",
        "--client-type",
        "public",
    ])
    .args(["--endpoint-url", &server.url()])
    .args(["--output", "table", "--color", "off"])
    .args(["--query", "{id: clientId, auth: authorizationEndpoint}"]);
    let (status, output) = on_terminal(cmd);
    assert_eq!(status.code(), Some(0), "{output}");
    let expected = "------------------------------------------------------------\r\n\
        |                      RegisterClient                      |\r\n\
        +------+---------------------------------------------------+\r\n\
        |  auth|  https://oidc.us-east-1.amazonaws.com/authorize   |\r\n\
        |  id  |  cid-EXAMPLE1234567890                            |\r\n\
        +------+---------------------------------------------------+\r\n";
    assert_eq!(output, expected);
}

// Guards: on a terminal, `--color auto` (the default) colours tables unless NO_COLOR is set to
// something (no-color.org); an empty NO_COLOR does not count, and `--color on` still wins.
#[cfg(target_os = "linux")]
#[test]
fn no_color_turns_auto_colour_off() {
    use crate::support::server::Server;
    use serde_json::json;
    let server = Server::always(json!({"status": 200, "body": {"clientId": "cid"}}));
    let dir = TempDir::new();
    let coloured = |extra: &[&str], no_color: Option<&str>| {
        let mut cmd = ssooidc(dir.path());
        cmd.args([
            "register-client",
            "--client-name",
            "a",
            "--client-type",
            "p",
        ])
        .args(["--endpoint-url", &server.url(), "--output", "table"])
        .args(extra);
        if let Some(value) = no_color {
            cmd.env("NO_COLOR", value);
        }
        let (status, output) = on_terminal(cmd);
        assert_eq!(status.code(), Some(0), "{output}");
        output.contains('\u{1b}')
    };
    assert!(coloured(&[], None));
    assert!(!coloured(&[], Some("1")));
    assert!(coloured(&[], Some("")));
    assert!(coloured(&["--color", "on"], Some("1")));
    assert!(!coloured(&["--color", "off"], None));
}

/// Runs `cmd` with stdin, stdout and stderr on a fresh pseudo-terminal 50 columns wide (with the
/// usual line discipline, `\n` -> `\r\n`), and returns its status and everything it printed.
#[cfg(target_os = "linux")]
pub(crate) fn on_terminal(mut cmd: std::process::Command) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    use std::os::fd::{FromRawFd, OwnedFd};
    // SAFETY: plain pty calls on descriptors this test owns; ptsname_r writes into `name`, whose
    // length it is given; the winsize is a valid value for TIOCSWINSZ.
    let (master, slave) = unsafe {
        let master = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC);
        assert!(
            master >= 0,
            "posix_openpt: {}",
            std::io::Error::last_os_error()
        );
        let master = OwnedFd::from_raw_fd(master);
        use std::os::fd::AsRawFd;
        assert_eq!(libc::grantpt(master.as_raw_fd()), 0, "grantpt");
        assert_eq!(libc::unlockpt(master.as_raw_fd()), 0, "unlockpt");
        let mut name = [0 as libc::c_char; 128];
        assert_eq!(
            libc::ptsname_r(master.as_raw_fd(), name.as_mut_ptr(), name.len()),
            0,
            "ptsname_r"
        );
        let slave = libc::open(
            name.as_ptr(),
            libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC,
        );
        assert!(
            slave >= 0,
            "open pty slave: {}",
            std::io::Error::last_os_error()
        );
        let size = libc::winsize {
            ws_row: 24,
            ws_col: 50,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        assert_eq!(libc::ioctl(slave, libc::TIOCSWINSZ, &size), 0, "TIOCSWINSZ");
        (master, OwnedFd::from_raw_fd(slave))
    };
    cmd.stdin(std::process::Stdio::from(slave.try_clone().unwrap()))
        .stdout(std::process::Stdio::from(slave.try_clone().unwrap()))
        .stderr(std::process::Stdio::from(slave));
    let mut child = cmd.spawn().expect("spawn ssooidc");
    // Drop the parent's copies of the slave (moved into the command), so that the master sees
    // the end (EIO) once the child has exited.
    drop(cmd);
    let mut master = std::fs::File::from(master);
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            match master.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => bytes.extend_from_slice(&buf[..n]),
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                // EIO: every slave descriptor is closed.
                Err(_) => break,
            }
        }
        bytes
    });
    let status = child.wait().expect("wait for ssooidc");
    let output = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
    (status, output)
}
