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
        "register-client",
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
// `aws sso-oidc register-client ... --output table --color off` under the same `script` set-up.
// Linux only: it needs util-linux `script` (`-qc`; macOS's BSD `script` has no `-c`).
#[cfg(target_os = "linux")]
#[test]
fn table_width_follows_the_terminal() {
    use crate::support::server::Server;
    use serde_json::json;
    std::process::Command::new("script")
        .arg("--version")
        .output()
        .expect("this test needs util-linux `script` (Debian/Ubuntu: bsdutils)");
    let server = Server::always(json!({"status": 200, "body": {
        "clientId": "cid-EXAMPLE1234567890",
        "authorizationEndpoint": "https://oidc.us-east-1.amazonaws.com/authorize"}}));
    let dir = TempDir::new();
    let binary = assert_cmd::cargo::cargo_bin("ssooidc");
    let inner = format!(
        "stty cols 50; {} register-client --client-name a --client-type public --endpoint-url {} \
         --output table --color off --query '{{id: clientId, auth: authorizationEndpoint}}'",
        binary.display(),
        server.url()
    );
    let out = run(
        std::process::Command::new("script")
            .args(["-qc", &inner, "/dev/null"])
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_CONFIG_FILE", dir.path().join("config"))
            .env("HOME", dir.path()),
        None,
    );
    let expected = "------------------------------------------------------------\r\n\
        |                      RegisterClient                      |\r\n\
        +------+---------------------------------------------------+\r\n\
        |  auth|  https://oidc.us-east-1.amazonaws.com/authorize   |\r\n\
        |  id  |  cid-EXAMPLE1234567890                            |\r\n\
        +------+---------------------------------------------------+\r\n";
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
}
