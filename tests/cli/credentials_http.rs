//! The container (`container-role`) and instance metadata (`iam-role`) credential providers,
//! against loopback servers written here that count every request. Expected texts and request
//! sequences are v1's, recorded with awscli 1.45.11 by
//! `tests/fixtures/gen/record_credentials_http.py`; where a text is ours (policy P3) it says so.
//! No test lets either provider reach 169.254.169.254 or 169.254.170.2: instance metadata is off
//! unless a test names a loopback endpoint, and the container URI is always a loopback one.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use crate::support::server::{read_request, Recorded};
use crate::support::sigv4::verify;
use crate::support::{spawn_bounded, ssooidc, Finished, TempDir};

const FAR: &str = "2099-01-01T00:00:00Z";
const IMDS_SECRET: &str = "imds-secret-EXAMPLEKEY";
const CONTAINER_SECRET: &str = "container-secret-EXAMPLEKEY";
const NO_CREDENTIALS: &str =
    "Unable to locate credentials. You can configure credentials by running \"aws configure\".\n";

/// What the server does with a request.
enum Reply {
    /// Answers with this status and body.
    Answer(u16, String),
    /// Reads the request and never answers (until the client goes away).
    Silent,
}

type Route = dyn Fn(&Recorded) -> Reply + Send + Sync;

/// A loopback server answering each request through `route`, recording every request.
struct Loopback {
    port: u16,
    requests: Arc<Mutex<Vec<Recorded>>>,
    stopped: Arc<AtomicBool>,
}

impl Loopback {
    fn start(route: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Loopback {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stopped = Arc::new(AtomicBool::new(false));
        let route: Arc<Route> = Arc::new(route);
        let (log, stop) = (Arc::clone(&requests), Arc::clone(&stopped));
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                let (route, log) = (Arc::clone(&route), Arc::clone(&log));
                thread::spawn(move || serve(stream, &*route, &log));
            }
        });
        Loopback {
            port,
            requests,
            stopped,
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// `METHOD path` of every request except the service's POST.
    fn metadata_requests(&self) -> Vec<String> {
        self.requests()
            .iter()
            .filter(|r| r.method != "POST")
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    }

    /// The service's signed request.
    fn signed(&self) -> Recorded {
        let posts: Vec<Recorded> = self
            .requests()
            .into_iter()
            .filter(|r| r.method == "POST")
            .collect();
        assert_eq!(posts.len(), 1, "{posts:?}");
        posts[0].clone()
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        self.stopped.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(mut stream: TcpStream, route: &Route, log: &Mutex<Vec<Recorded>>) {
    let Some(request) = read_request(&mut stream) else {
        return;
    };
    log.lock().unwrap().push(request.clone());
    match route(&request) {
        Reply::Silent => {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
            let mut buf = [0u8; 1024];
            while matches!(std::io::Read::read(&mut stream, &mut buf), Ok(n) if n > 0) {}
        }
        Reply::Answer(status, body) => {
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(&[head.as_bytes(), body.as_bytes()].concat());
        }
    }
}

fn token_answer() -> Reply {
    Reply::Answer(
        200,
        r#"{"accessToken": "at", "tokenType": "Bearer", "expiresIn": 3600}"#.into(),
    )
}

fn imds_credentials(expiration: &str) -> String {
    format!(
        r#"{{"Code": "Success", "AccessKeyId": "ASIAIMDS", "SecretAccessKey": "{IMDS_SECRET}", "Token": "imds-session-token", "Expiration": "{expiration}"}}"#
    )
}

fn container_credentials(expiration: &str) -> String {
    format!(
        r#"{{"AccessKeyId": "ASIACONT", "SecretAccessKey": "{CONTAINER_SECRET}", "Token": "container-session-token", "Expiration": "{expiration}"}}"#
    )
}

/// An instance metadata service: the token request answers `token_status` (with the token
/// `IMDS-TOKEN` on 200), the role is `role`, its credentials `credentials`; the service's POST
/// gets a token answer.
fn imds(token_status: u16, credentials: String) -> Loopback {
    Loopback::start(move |request| {
        let path = request.path.as_str();
        if request.method == "POST" {
            token_answer()
        } else if path.ends_with("/latest/api/token") {
            let body = if token_status == 200 {
                "IMDS-TOKEN"
            } else {
                ""
            };
            Reply::Answer(token_status, body.into())
        } else if path.ends_with("/latest/meta-data/iam/security-credentials/") {
            Reply::Answer(200, "role".into())
        } else if path.ends_with("/latest/meta-data/iam/security-credentials/role") {
            Reply::Answer(200, credentials.clone())
        } else {
            Reply::Answer(404, String::new())
        }
    })
}

/// `create-token-with-iam` against `server`, with instance metadata on and at `server`.
fn iam(server: &Loopback, dir: &TempDir) -> std::process::Command {
    let mut cmd = ssooidc(dir.path());
    cmd.args(["create-token-with-iam", "--client-id", "c"])
        .args(["--grant-type", "refresh_token", "--refresh-token", "rt"])
        .args(["--endpoint-url", &server.url()])
        .env_remove("AWS_EC2_METADATA_DISABLED")
        .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url());
    cmd
}

fn run(cmd: &mut std::process::Command) -> Finished {
    spawn_bounded(cmd, Duration::from_secs(30))
}

/// Exit code and stderr.
fn outcome(out: &Finished) -> (Option<i32>, String) {
    (out.code(), out.stderr_text())
}

const ROLE_REQUESTS: [&str; 3] = [
    "PUT /latest/api/token",
    "GET /latest/meta-data/iam/security-credentials/",
    "GET /latest/meta-data/iam/security-credentials/role",
];

// Guards: IMDSv2 as v1 does it: a PUT for a token with a TTL of 21600, then the role and its
// credentials with the token; the request is signed with the role's credentials and token.
#[test]
fn imds_v2_signs_with_the_roles_credentials() {
    let server = imds(200, imds_credentials(FAR));
    let dir = TempDir::new();
    let out = run(&mut iam(&server, &dir));
    assert_eq!(outcome(&out), (Some(0), String::new()));
    assert_eq!(server.metadata_requests(), ROLE_REQUESTS);
    let requests = server.requests();
    assert_eq!(
        requests[0].header("x-aws-ec2-metadata-token-ttl-seconds"),
        Some("21600")
    );
    assert_eq!(requests[0].header("content-length"), Some("0"));
    let lengths = requests[0]
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .count();
    assert_eq!(lengths, 1);
    assert!(requests[0].header("x-aws-ec2-metadata-token").is_none());
    for get in &requests[1..3] {
        assert_eq!(get.header("x-aws-ec2-metadata-token"), Some("IMDS-TOKEN"));
        assert!(get.header("x-aws-ec2-metadata-token-ttl-seconds").is_none());
    }
    let signed = server.signed();
    let auth = verify(&signed, IMDS_SECRET).unwrap();
    assert_eq!(auth.access_key_id, "ASIAIMDS");
    assert_eq!(
        signed.header("x-amz-security-token"),
        Some("imds-session-token")
    );
}

// Guards: a token request answered 403, 404 or 405 (IMDSv1 only), or 500 (retried, then given
// up), falls back to IMDSv1: the same GETs without a token header.
#[test]
fn imds_v1_fallback() {
    for status in [403, 404, 405, 500] {
        let server = imds(status, imds_credentials(FAR));
        let dir = TempDir::new();
        let out = run(&mut iam(&server, &dir));
        assert_eq!(outcome(&out), (Some(0), String::new()), "{status}");
        assert_eq!(server.metadata_requests(), ROLE_REQUESTS, "{status}");
        for get in &server.requests()[1..3] {
            assert!(get.header("x-aws-ec2-metadata-token").is_none());
        }
        verify(&server.signed(), IMDS_SECRET).unwrap();
    }
}

// Guards: a token request answered 400 ends the provider (botocore's BadIMDSRequestError): no
// GET, and the chain ends in v1's "Unable to locate credentials".
#[test]
fn imds_token_400_finds_nothing() {
    let server = imds(400, imds_credentials(FAR));
    let dir = TempDir::new();
    let out = run(&mut iam(&server, &dir));
    assert_eq!(outcome(&out), (Some(255), NO_CREDENTIALS.into()));
    assert_eq!(server.metadata_requests(), ["PUT /latest/api/token"]);
}

// Guards: AWS_EC2_METADATA_DISABLED=true in any case makes no request at all.
#[test]
fn disabled_imds_makes_no_request() {
    for value in ["true", "TRUE", "True"] {
        let server = imds(200, imds_credentials(FAR));
        let dir = TempDir::new();
        let out = run(iam(&server, &dir).env("AWS_EC2_METADATA_DISABLED", value));
        assert_eq!(outcome(&out), (Some(255), NO_CREDENTIALS.into()));
        assert!(server.requests().is_empty());
    }
}

// Guards: the endpoint and attempts from the profile (`ec2_metadata_service_endpoint`,
// `metadata_service_num_attempts`): a role request answered 500 is tried that many times, then
// the chain goes on.
#[test]
fn profile_settings_and_attempts() {
    let server = Loopback::start(|request| {
        if request.path.ends_with("/api/token") {
            Reply::Answer(200, "T".into())
        } else {
            Reply::Answer(500, "busy".into())
        }
    });
    let dir = TempDir::new();
    std::fs::write(
        dir.path().join("config"),
        format!(
            "[default]\nec2_metadata_service_endpoint = {}/\nmetadata_service_num_attempts = 3\n",
            server.url()
        ),
    )
    .unwrap();
    let out = run(iam(&server, &dir).env_remove("AWS_EC2_METADATA_SERVICE_ENDPOINT"));
    assert_eq!(outcome(&out), (Some(255), NO_CREDENTIALS.into()));
    assert_eq!(
        server.metadata_requests(),
        [
            "PUT /latest/api/token",
            "GET /latest/meta-data/iam/security-credentials/",
            "GET /latest/meta-data/iam/security-credentials/",
            "GET /latest/meta-data/iam/security-credentials/",
        ]
    );
    // Zero attempts: no request at all.
    let out = run(iam(&server, &dir).env("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "0"));
    assert_eq!(outcome(&out), (Some(255), NO_CREDENTIALS.into()));
    assert_eq!(server.metadata_requests().len(), 4);
}

// Guards: a silent service costs the timeout per attempt, as in v1: the token request's read
// timeout falls back to IMDSv1 at once, then each role request waits its second (v1 took 3.6 s
// with AWS_METADATA_SERVICE_TIMEOUT=1 and 2 attempts, and made the same three requests).
#[test]
fn silent_imds_is_bounded_by_timeout_and_attempts() {
    let server = Loopback::start(|request| {
        if request.method == "POST" {
            token_answer()
        } else {
            Reply::Silent
        }
    });
    let dir = TempDir::new();
    let out = run(iam(&server, &dir)
        .env("AWS_METADATA_SERVICE_TIMEOUT", "1")
        .env("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "2"));
    assert_eq!(outcome(&out), (Some(255), NO_CREDENTIALS.into()));
    assert_eq!(
        server.metadata_requests(),
        [
            "PUT /latest/api/token",
            "GET /latest/meta-data/iam/security-credentials/",
            "GET /latest/meta-data/iam/security-credentials/",
        ]
    );
    assert!(server.requests()[1]
        .header("x-aws-ec2-metadata-token")
        .is_none());
    assert!(
        out.elapsed >= Duration::from_millis(2900) && out.elapsed < Duration::from_secs(8),
        "{:?}",
        out.elapsed
    );
}

// Guards: nothing listening at the endpoint: the chain goes on at once.
#[test]
fn refused_imds_finds_nothing() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let server = imds(200, String::new());
    let dir = TempDir::new();
    let out = run(iam(&server, &dir).env("AWS_EC2_METADATA_SERVICE_ENDPOINT", &url));
    assert_eq!(outcome(&out), (Some(255), NO_CREDENTIALS.into()));
    assert!(out.elapsed < Duration::from_secs(5), "{:?}", out.elapsed);
}

// Guards: answers without credentials: an error document, JSON without every member, and JSON
// that does not parse (retried per attempt) all find nothing, as in v1.
#[test]
fn broken_imds_answers_find_nothing() {
    for (answer, gets) in [
        (
            r#"{"Code": "AssumeRoleUnauthorizedAccess", "Message": "m"}"#,
            1,
        ),
        (
            r#"{"AccessKeyId": "A", "SecretAccessKey": "S", "Token": "T"}"#,
            1,
        ),
        ("{nope", 2),
        ("[]", 1),
    ] {
        let server = imds(200, answer.into());
        let dir = TempDir::new();
        let out = run(iam(&server, &dir).env("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "2"));
        assert_eq!(
            outcome(&out),
            (Some(255), NO_CREDENTIALS.into()),
            "{answer}"
        );
        let credential_gets = server
            .metadata_requests()
            .iter()
            .filter(|r| r.ends_with("/role"))
            .count();
        assert_eq!(credential_gets, gets, "{answer}");
    }
}

// Guards: expired credentials: in botocore's strict form they are extended (static stability)
// and used after one round of requests; in another form they are fetched once more and then
// refused in v1's words; an unreadable expiry is v1's dateutil message.
#[test]
fn expired_imds_credentials() {
    let server = imds(200, imds_credentials("2020-01-01T00:00:00Z"));
    let dir = TempDir::new();
    let out = run(&mut iam(&server, &dir));
    assert_eq!(outcome(&out), (Some(0), String::new()));
    assert_eq!(server.metadata_requests(), ROLE_REQUESTS);
    verify(&server.signed(), IMDS_SECRET).unwrap();

    let server = imds(200, imds_credentials("2020-01-01T00:00:00.5Z"));
    let out = run(&mut iam(&server, &dir));
    assert_eq!(
        outcome(&out),
        (
            Some(255),
            "\nCredentials were refreshed, but the refreshed credentials are still expired.\n"
                .into()
        )
    );
    assert_eq!(
        server.metadata_requests(),
        [ROLE_REQUESTS, ROLE_REQUESTS].concat()
    );

    let server = imds(200, imds_credentials("soon"));
    let out = run(&mut iam(&server, &dir));
    assert_eq!(
        outcome(&out),
        (Some(255), "\nUnknown string format: soon\n".into())
    );
}

// Guards: the settings are checked when the chain is built, before any provider (so even with
// credentials in the environment), in botocore's order and v1's words; ours (P3) for int().
#[test]
fn bad_imds_settings() {
    let server = imds(200, imds_credentials(FAR));
    let dir = TempDir::new();
    let cases: [(&[(&str, &str)], &str); 6] = [
        (
            &[("AWS_METADATA_SERVICE_TIMEOUT", "abc")],
            // v1: invalid literal for int() with base 10: 'abc'
            "\nInvalid value for metadata_service_timeout: 'abc' (expected a whole number, from \
             AWS_METADATA_SERVICE_TIMEOUT or metadata_service_timeout)\n",
        ),
        (
            &[("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "1.5")],
            "\nInvalid value for metadata_service_num_attempts: '1.5' (expected a whole number, \
             from AWS_METADATA_SERVICE_NUM_ATTEMPTS or metadata_service_num_attempts)\n",
        ),
        (
            &[("AWS_EC2_METADATA_SERVICE_ENDPOINT", "not a url")],
            "\nInvalid endpoint EC2 Instance Metadata endpoint: not a url\n",
        ),
        (
            // A host botocore's `is_valid_uri` refuses, with nothing else wrong.
            &[("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://a_b/")],
            "\nInvalid endpoint EC2 Instance Metadata endpoint: http://a_b/\n",
        ),
        (
            &[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv5")],
            "\nInvalid EC2 Instance Metadata endpoint mode: ipv5 Valid endpoint modes \
             (case-insensitive): ('ipv4', 'ipv6').\n",
        ),
        (
            &[("AWS_METADATA_SERVICE_TIMEOUT", "0")],
            "\nAn HTTP Client raised an unhandled exception: Attempted to set connect timeout to \
             0, but the timeout cannot be set to a value less than or equal to 0.\n",
        ),
    ];
    for (env, want) in cases {
        let out = run(iam(&server, &dir).envs(env.iter().copied()));
        assert_eq!(outcome(&out), (Some(255), want.to_owned()), "{env:?}");
    }
    // With credentials in the environment too (the timeout of 0 only fails when used).
    for (env, want) in &cases[..5] {
        let out = run(iam(&server, &dir)
            .envs(env.iter().copied())
            .env("AWS_ACCESS_KEY_ID", "A")
            .env("AWS_SECRET_ACCESS_KEY", "S"));
        assert_eq!(outcome(&out), (Some(255), (*want).to_owned()), "{env:?}");
    }
    assert!(server.requests().is_empty());
}

// Guards: with IMDSv1 disabled, a refused token is v1's error, after the one PUT.
#[test]
fn imds_v1_disabled() {
    let server = imds(404, imds_credentials(FAR));
    let dir = TempDir::new();
    let out = run(iam(&server, &dir).env("AWS_EC2_METADATA_V1_DISABLED", "true"));
    assert_eq!(
        outcome(&out),
        (
            Some(255),
            "\nError retrieving metadata: Unable to retrieve token for use in IMDSv2 call and \
             IMDSv1 has been disabled\n"
                .into()
        )
    );
    assert_eq!(server.metadata_requests(), ["PUT /latest/api/token"]);
}

// Guards: instance metadata goes through the environment's proxy for its endpoint (botocore
// gives its session `get_environ_proxies`), unless no_proxy names the host; the container
// endpoint never does.
#[test]
fn imds_uses_the_proxy_and_the_container_does_not() {
    let proxy = imds(200, imds_credentials(FAR));
    let server = Loopback::start(|_| token_answer());
    let dir = TempDir::new();
    let out = run(iam(&server, &dir)
        .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://imds.invalid:1")
        .env("HTTP_PROXY", proxy.url())
        .env("NO_PROXY", "127.0.0.1"));
    assert_eq!(outcome(&out), (Some(0), String::new()));
    assert_eq!(
        proxy.metadata_requests(),
        [
            "PUT http://imds.invalid:1/latest/api/token",
            "GET http://imds.invalid:1/latest/meta-data/iam/security-credentials/",
            "GET http://imds.invalid:1/latest/meta-data/iam/security-credentials/role",
        ]
    );
    verify(&server.signed(), IMDS_SECRET).unwrap();

    let container = container_server(container_credentials(FAR));
    let proxy = Loopback::start(|_| Reply::Answer(502, String::new()));
    let out = run(iam(&container, &dir)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            format!("http://localhost:{}/creds", container.port),
        )
        .env("HTTP_PROXY", proxy.url())
        .env("NO_PROXY", "127.0.0.1"));
    assert_eq!(outcome(&out), (Some(0), String::new()));
    assert!(proxy.requests().is_empty());
}

/// A container endpoint answering GETs with `credentials`, and the service's POST.
fn container_server(credentials: String) -> Loopback {
    Loopback::start(move |request| {
        if request.method == "POST" {
            token_answer()
        } else {
            Reply::Answer(200, credentials.clone())
        }
    })
}

/// `create-token-with-iam` with the container's full URI at `server` + `path`; instance
/// metadata stays off.
fn container(server: &Loopback, dir: &TempDir, path: &str) -> std::process::Command {
    let mut cmd = ssooidc(dir.path());
    cmd.args(["create-token-with-iam", "--client-id", "c"])
        .args(["--grant-type", "refresh_token", "--refresh-token", "rt"])
        .args(["--endpoint-url", &server.url()])
        .env(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            format!("{}{path}", server.url()),
        );
    cmd
}

// Guards: the container endpoint: one GET of the full URI (path and query kept) with
// `Accept: application/json` and the token as `Authorization`; the request is signed with its
// credentials and token; it comes before instance metadata, which is not asked.
#[test]
fn container_signs_with_its_credentials() {
    let server = container_server(container_credentials(FAR));
    let dir = TempDir::new();
    let out = run(container(&server, &dir, "/container?x=1")
        .env("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Basic tok")
        .env_remove("AWS_EC2_METADATA_DISABLED")
        .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url()));
    assert_eq!(outcome(&out), (Some(0), String::new()));
    assert_eq!(server.metadata_requests(), ["GET /container?x=1"]);
    let get = &server.requests()[0];
    assert_eq!(get.header("accept"), Some("application/json"));
    assert_eq!(get.header("authorization"), Some("Basic tok"));
    let signed = server.signed();
    assert_eq!(
        verify(&signed, CONTAINER_SECRET).unwrap().access_key_id,
        "ASIACONT"
    );
    assert_eq!(
        signed.header("x-amz-security-token"),
        Some("container-session-token")
    );
}

// Guards: the chain's order: the config file's keys come before the container, which is then
// not asked.
#[test]
fn config_file_credentials_come_first() {
    let server = container_server(container_credentials(FAR));
    let dir = TempDir::new();
    std::fs::write(
        dir.path().join("config"),
        "[default]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = s\n",
    )
    .unwrap();
    let out = run(&mut container(&server, &dir, "/c"));
    assert_eq!(outcome(&out), (Some(0), String::new()));
    assert!(server.metadata_requests().is_empty());
    verify(&server.signed(), "s").unwrap();
}

// Guards: the token file wins over the token variable; a file ending in a newline, a token
// with CR or LF, and a missing file are v1's errors, and nothing is sent.
#[test]
fn container_authorization_token_sources() {
    let server = container_server(container_credentials(FAR));
    let dir = TempDir::new();
    let file = dir.path().join("token");
    std::fs::write(&file, "file-tok").unwrap();
    let out = run(container(&server, &dir, "/c")
        .env("AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-tok")
        .env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", &file));
    assert_eq!(outcome(&out), (Some(0), String::new()));
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("file-tok")
    );

    let server = container_server(container_credentials(FAR));
    std::fs::write(&file, "file-tok\n").unwrap();
    let illegal = "\nAuth token value is not a legal header value\n";
    let out =
        run(container(&server, &dir, "/c").env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", &file));
    assert_eq!(outcome(&out), (Some(255), illegal.into()));
    std::fs::write(&file, "a\rb").unwrap();
    let out =
        run(container(&server, &dir, "/c").env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", &file));
    assert_eq!(outcome(&out), (Some(255), illegal.into()));
    let out = run(container(&server, &dir, "/c").env("AWS_CONTAINER_AUTHORIZATION_TOKEN", "a\nb"));
    assert_eq!(outcome(&out), (Some(255), illegal.into()));
    let out = run(container(&server, &dir, "/c")
        .env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/nonexistent/tok"));
    assert_eq!(
        outcome(&out),
        (
            Some(255),
            "\n[Errno 2] No such file or directory: '/nonexistent/tok'\n".into()
        )
    );
    assert!(server.requests().is_empty());
}

// Guards: failures in v1's words: a non-200 answer and unparsable JSON are tried three times;
// a missing member (ours, P3: v1 prints `'Token'`) and expired credentials (fetched twice).
#[test]
fn container_failures() {
    let dir = TempDir::new();
    let prefix = "\nError when retrieving credentials from container-role: ";
    let cases = [
        (
            Reply::Answer(500, "busy".into()),
            format!("{prefix}Error retrieving metadata: Received non 200 response 500 from container metadata: busy\n"),
            3,
        ),
        (
            Reply::Answer(200, "{nope".into()),
            format!("{prefix}Error retrieving metadata: Unable to parse JSON returned from container metadata services\n"),
            3,
        ),
        (
            Reply::Answer(
                200,
                r#"{"AccessKeyId": "A", "SecretAccessKey": "S", "Expiration": "2099-01-01T00:00:00Z"}"#.into(),
            ),
            format!("{prefix}Missing required key in response: 'Token'\n"),
            1,
        ),
        (
            Reply::Answer(200, container_credentials("2020-01-01T00:00:00Z")),
            "\nCredentials were refreshed, but the refreshed credentials are still expired.\n"
                .into(),
            2,
        ),
    ];
    for (reply, want, gets) in cases {
        let (status, body) = match reply {
            Reply::Answer(status, body) => (status, body),
            Reply::Silent => unreachable!(),
        };
        let server = Loopback::start(move |request| {
            if request.method == "POST" {
                token_answer()
            } else {
                Reply::Answer(status, body.clone())
            }
        });
        let out = run(&mut container(&server, &dir, "/c"));
        assert_eq!(outcome(&out), (Some(255), want.clone()));
        assert_eq!(server.metadata_requests(), vec!["GET /c"; gets], "{want}");
    }
}

// Guards: botocore's allowed hosts for a full URI, and a refused connection, in v1's words.
#[test]
fn container_hosts_and_refused_connections() {
    let dir = TempDir::new();
    let server = Loopback::start(|_| token_answer());
    let out = run(container(&server, &dir, "").env(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "http://Example.com:80/x",
    ));
    assert_eq!(
        outcome(&out),
        (
            Some(255),
            "\nUnsupported host 'example.com'.  Can only retrieve metadata from a loopback \
             address or one of these hosts: 169.254.170.2, 169.254.170.23, fd00:ec2::23, \
             localhost\n"
                .into()
        )
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/x", listener.local_addr().unwrap());
    drop(listener);
    let out = run(container(&server, &dir, "").env("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url));
    assert_eq!(
        outcome(&out),
        (
            Some(255),
            format!(
                "\nError when retrieving credentials from container-role: Error retrieving \
                 metadata: Received error when attempting to retrieve container metadata: Could \
                 not connect to the endpoint URL: \"{url}\"\n"
            )
        )
    );
    assert!(server.metadata_requests().is_empty());
}

// Guards: a silent container endpoint: three attempts of two seconds each (the one-second
// sleeps are off in tests), then v1's read-timeout message.
#[test]
fn silent_container_is_bounded() {
    let server = Loopback::start(|request| {
        if request.method == "POST" {
            token_answer()
        } else {
            Reply::Silent
        }
    });
    let dir = TempDir::new();
    let out = run(&mut container(&server, &dir, "/c"));
    assert_eq!(
        outcome(&out),
        (
            Some(255),
            format!(
                "\nError when retrieving credentials from container-role: Error retrieving \
                 metadata: Received error when attempting to retrieve container metadata: Read \
                 timeout on endpoint URL: \"{}/c\"\n",
                server.url()
            )
        )
    );
    assert_eq!(server.metadata_requests(), vec!["GET /c"; 3]);
    assert!(
        out.elapsed >= Duration::from_millis(5900) && out.elapsed < Duration::from_secs(12),
        "{:?}",
        out.elapsed
    );
}

// Guards: no secret of either provider (secret keys, session tokens, the IMDS token, the
// container's authorization token) reaches stderr, even with --debug.
#[test]
fn secrets_stay_out_of_debug() {
    let dir = TempDir::new();
    let server = imds(200, imds_credentials(FAR));
    let out = run(iam(&server, &dir).arg("--debug"));
    assert_eq!(out.code(), Some(0));
    let server = container_server(container_credentials(FAR));
    let debug = run(container(&server, &dir, "/c")
        .env("AWS_CONTAINER_AUTHORIZATION_TOKEN", "auth-token-SECRET")
        .arg("--debug"));
    assert_eq!(debug.code(), Some(0));
    for stderr in [out.stderr_text(), debug.stderr_text()] {
        assert!(stderr.contains("credentials: from"), "{stderr}");
        for secret in [
            IMDS_SECRET,
            "imds-session-token",
            "IMDS-TOKEN",
            CONTAINER_SECRET,
            "container-session-token",
            "auth-token-SECRET",
        ] {
            assert!(!stderr.contains(secret), "{secret} in {stderr}");
        }
    }
}
