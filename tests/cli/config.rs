//! Settings that only the shared config file gives (AWS CLI v2's keys, which v1 ignores): the
//! golden cases cover the keys both CLIs read.

use serde_json::json;

use crate::support::server::Server;
use crate::support::{register, run, TempDir};

// Guards: `cli_read_timeout` in the profile applies when the flag is absent, and the flag wins.
#[test]
fn read_timeout_from_the_profile() {
    let slow = json!({"delay": 3.0, "status": 200, "body": {"clientId": "late"}});
    let server = Server::always(slow);
    let dir = TempDir::new();
    std::fs::write(
        dir.path().join("config"),
        "[default]\ncli_read_timeout = 1\n",
    )
    .unwrap();
    let out = run(
        register(&server.url(), &dir).env("AWS_MAX_ATTEMPTS", "1"),
        None,
    );
    assert_eq!(out.status.code(), Some(255));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "\nRead timeout on endpoint URL: \"http://127.0.0.1:{}/client/register\"\n",
            server.port
        )
    );
    let out = run(
        register(&server.url(), &dir)
            .env("AWS_MAX_ATTEMPTS", "1")
            .args(["--cli-read-timeout", "10"]),
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

// Guards: a bad value in the profile is one clear line naming the key, before any request.
#[test]
fn bad_timeout_in_the_profile() {
    let server = Server::always(json!({"status": 200, "body": {}}));
    let dir = TempDir::new();
    std::fs::write(
        dir.path().join("config"),
        "[default]\ncli_connect_timeout = soon\n",
    )
    .unwrap();
    let out = run(&mut register(&server.url(), &dir), None);
    assert_eq!(out.status.code(), Some(255));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "\nInvalid value for cli_connect_timeout: 'soon' (expected a whole number of seconds, 0 \
         for no timeout)\n"
    );
    assert!(server.requests().is_empty());
}
