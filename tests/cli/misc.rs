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
