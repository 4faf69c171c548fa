//! Precedence between adjacent sources of a setting where AWS CLI v1 cannot be recorded: settings
//! v1 does not have (`AWS_REGION`, policy P7; `cli_connect_timeout` in the profile, AWS CLI v2's
//! key) or cannot show against the plain-HTTP golden server (the CA bundle). Every other adjacent
//! pair of the README's chains is a recorded golden case (`prec_*` in `cases.json`). The
//! expectations here are reasoned from the README ("Global options", "Environment and shared
//! config": first found wins, flag, then environment, then profile).

use serde_json::json;

use crate::support::server::Server;
use crate::support::{register, run, ssooidc, TempDir};

/// The host a run without an endpoint setting tunnels to, seen by a loopback proxy that closes
/// the tunnel at once (nothing leaves the machine).
fn tunnel_target(configure: impl FnOnce(&mut std::process::Command, &TempDir)) -> String {
    let proxy = Server::always(json!({"fault": "close"}));
    let dir = TempDir::new();
    let mut cmd = ssooidc(dir.path());
    cmd.args([
        "register-client",
        "--client-name",
        "demo",
        "--client-type",
        "public",
    ])
    .env_remove("AWS_DEFAULT_REGION")
    .env("HTTPS_PROXY", proxy.url())
    .env("AWS_MAX_ATTEMPTS", "1");
    configure(&mut cmd, &dir);
    let out = run(&mut cmd, None);
    assert_eq!(out.status.code(), Some(255), "{out:?}");
    let requests = proxy.requests();
    assert_eq!(requests.len(), 1, "{out:?}");
    assert_eq!(requests[0].method, "CONNECT");
    requests[0].path.clone()
}

// Guards (P7): AWS_REGION is a region source of its own, the last one: alone it decides.
// (Against the profile and AWS_DEFAULT_REGION it loses; v1 agrees there, since it ignores
// AWS_REGION, so those pairs are golden cases: prec_region_profile_over_aws_region,
// prec_region_env_over_aws_region.)
#[test]
fn aws_region_alone_decides_the_region() {
    let target = tunnel_target(|cmd, _| {
        cmd.env("AWS_REGION", "eu-north-1");
    });
    assert_eq!(target, "oidc.eu-north-1.amazonaws.com:443");
}

// Guards: AWS_REGION comes after the profile's region even when that is a [DEFAULT] key (which
// applies to the sections that exist: botocore's parser lists no [default] profile made of
// [DEFAULT] alone, see the golden case prec_region_DEFAULT_without_profile), and after the
// credentials file's region.
#[test]
fn aws_region_loses_to_every_profile_source() {
    let target = tunnel_target(|cmd, dir| {
        std::fs::write(
            dir.path().join("config"),
            "[DEFAULT]\nregion = eu-west-3\n[default]\noutput = json\n",
        )
        .unwrap();
        cmd.env("AWS_REGION", "eu-north-1");
    });
    assert_eq!(target, "oidc.eu-west-3.amazonaws.com:443");
    let target = tunnel_target(|cmd, dir| {
        std::fs::write(
            dir.path().join("credentials"),
            "[default]\nregion = ap-south-1\n",
        )
        .unwrap();
        cmd.env("AWS_REGION", "eu-north-1");
    });
    assert_eq!(target, "oidc.ap-south-1.amazonaws.com:443");
}

fn success() -> serde_json::Value {
    json!({"status": 200, "body": {"clientId": "tls-client"}})
}

/// The server's own certificate (trusted) and another self-signed one (not trusted), as files.
fn bundles(server: &Server, dir: &TempDir) -> (String, String) {
    let other = Server::start_tls(vec![], success());
    let good = dir.path().join("good.pem");
    let bad = dir.path().join("bad.pem");
    std::fs::write(&good, server.cert_pem.as_deref().unwrap()).unwrap();
    std::fs::write(&bad, other.cert_pem.as_deref().unwrap()).unwrap();
    (
        good.to_str().unwrap().to_owned(),
        bad.to_str().unwrap().to_owned(),
    )
}

fn outcome(out: &std::process::Output) -> (Option<i32>, String) {
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

// Guards: `--ca-bundle` beats AWS_CA_BUNDLE, which beats `ca_bundle`: with the trusted bundle
// in the higher source and an untrusted one in the lower, the call succeeds; swapped, it fails
// with the verification error (so the higher source is the one read, not merely any).
#[test]
fn ca_bundle_flag_then_environment_then_profile() {
    let server = Server::start_tls(vec![], success());
    let dir = TempDir::new();
    let (good, bad) = bundles(&server, &dir);
    let config = |bundle: &str| {
        std::fs::write(
            dir.path().join("config"),
            format!("[default]\nca_bundle = {bundle}\n"),
        )
        .unwrap()
    };
    let attempt =
        |cmd: &mut std::process::Command| outcome(&run(cmd.env("AWS_MAX_ATTEMPTS", "1"), None));

    // --ca-bundle over AWS_CA_BUNDLE.
    let (code, stderr) = attempt(
        register(&server.url(), &dir)
            .args(["--ca-bundle", &good])
            .env("AWS_CA_BUNDLE", &bad),
    );
    assert_eq!(code, Some(0), "flag good, env bad: {stderr}");
    let (code, stderr) = attempt(
        register(&server.url(), &dir)
            .args(["--ca-bundle", &bad])
            .env("AWS_CA_BUNDLE", &good),
    );
    assert_eq!(code, Some(255), "flag bad, env good: {stderr}");
    assert!(
        stderr.contains("certificate verify failed: self-signed certificate"),
        "{stderr}"
    );

    // AWS_CA_BUNDLE over ca_bundle.
    config(&bad);
    let (code, stderr) = attempt(register(&server.url(), &dir).env("AWS_CA_BUNDLE", &good));
    assert_eq!(code, Some(0), "env good, profile bad: {stderr}");
    config(&good);
    let (code, stderr) = attempt(register(&server.url(), &dir).env("AWS_CA_BUNDLE", &bad));
    assert_eq!(code, Some(255), "env bad, profile good: {stderr}");
    assert!(
        stderr.contains("certificate verify failed: self-signed certificate"),
        "{stderr}"
    );

    // The credentials file's ca_bundle over the config file's.
    config(&bad);
    std::fs::write(
        dir.path().join("credentials"),
        format!("[default]\nca_bundle = {good}\n"),
    )
    .unwrap();
    let (code, stderr) = attempt(&mut register(&server.url(), &dir));
    assert_eq!(code, Some(0), "credentials good, config bad: {stderr}");
    assert_eq!(server.requests().len(), 3);
}

// Guards: `--cli-connect-timeout` beats `cli_connect_timeout` in the profile (v2's key, which
// v1 ignores; README "Differences"), and the profile's value beats the default of 60 s: against
// a port that never completes a connection, a 1 s setting ends the run within seconds.
#[cfg(target_os = "linux")]
#[test]
fn connect_timeout_flag_then_profile() {
    use crate::support::server::Blackhole;
    use crate::support::spawn_bounded;
    use std::time::Duration;
    let hole = Blackhole::start().expect(
        "this kernel completes every loopback connection (tcp_abort_on_overflow?): no blackhole",
    );
    let limit = Duration::from_secs(20);
    let dir = TempDir::new();
    let config = |value: &str| {
        std::fs::write(
            dir.path().join("config"),
            format!("[default]\ncli_connect_timeout = {value}\n"),
        )
        .unwrap()
    };
    let connect_timeout = format!(
        "Connect timeout on endpoint URL: \"{}/client/register\"",
        hole.url()
    );

    // The flag (1 s) over the profile (300 s).
    config("300");
    let mut cmd = register(&hole.url(), &dir);
    cmd.args(["--cli-connect-timeout", "1"])
        .env("AWS_MAX_ATTEMPTS", "1");
    let out = spawn_bounded(&mut cmd, limit);
    assert!(
        out.stderr_text().contains(&connect_timeout),
        "{}",
        out.stderr_text()
    );
    assert!(out.elapsed < Duration::from_secs(10), "{:?}", out.elapsed);

    // The profile (1 s) over the default (60 s).
    config("1");
    let mut cmd = register(&hole.url(), &dir);
    cmd.env("AWS_MAX_ATTEMPTS", "1");
    let out = spawn_bounded(&mut cmd, limit);
    assert!(
        out.stderr_text().contains(&connect_timeout),
        "{}",
        out.stderr_text()
    );
    assert!(out.elapsed < Duration::from_secs(10), "{:?}", out.elapsed);
}

// Guards: the credentials file's `cli_read_timeout` beats the config file's, as for every key.
#[test]
fn read_timeout_credentials_over_config() {
    let slow = json!({"delay": 2.5, "status": 200, "body": {"clientId": "late"}});
    let server = Server::always(slow);
    let dir = TempDir::new();
    std::fs::write(
        dir.path().join("config"),
        "[default]\ncli_read_timeout = 30\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("credentials"),
        "[default]\ncli_read_timeout = 1\n",
    )
    .unwrap();
    let out = run(
        register(&server.url(), &dir).env("AWS_MAX_ATTEMPTS", "1"),
        None,
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "\nRead timeout on endpoint URL: \"http://127.0.0.1:{}/client/register\"\n",
            server.port
        )
    );
    assert_eq!(out.status.code(), Some(255));
}
