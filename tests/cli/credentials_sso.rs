//! The SSO credential provider: create-token-with-iam signed with role credentials that the SSO
//! portal's GetRoleCredentials gives for the profile's cached token, as botocore 1.43.11's
//! `SSOProvider` gets them. One loopback server plays the portal, SSO-OIDC (CreateToken for a
//! refresh) and the signed call's endpoint; the token cache lives in the test's HOME. Expected
//! texts and requests are v1's, recorded with awscli 1.45.11 (tests/fixtures/gen/record_sso.py,
//! tests/fixtures/sso/recorded.json).

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::{json, Value};

use crate::support::server::{Recorded, Server};
use crate::support::sigv4::verify;
use crate::support::time::{now, sha1_hex, utc};
use crate::support::{python_with_botocore, run, ssooidc, TempDir};

const START_URL: &str = "https://d-1.awsapps.com/start";
const ROLE_SECRET: &str = "role-secret-EXAMPLE";
const LEGACY: &str = "[profile p]\nsso_start_url = https://d-1.awsapps.com/start\n\
                      sso_region = us-east-1\nsso_account_id = 111122223333\n\
                      sso_role_name = Admin\n";
const SESSION: &str = "[profile p]\nsso_session = s\nsso_account_id = 111122223333\n\
                       sso_role_name = Admin\n[sso-session s]\n\
                       sso_start_url = https://d-1.awsapps.com/start\nsso_region = eu-west-1\n";
const UNAUTHORIZED: &str = "\nThe SSO session associated with this profile has expired or is \
                            otherwise invalid. To refresh this SSO session run aws sso login \
                            with the corresponding profile.\n";

fn recorded() -> Value {
    let text = include_str!("../fixtures/sso/recorded.json");
    serde_json::from_str(text).expect("recorded.json")
}

/// A test's HOME: the config file and the token cache.
struct Home {
    dir: TempDir,
}

impl Home {
    fn new(config: &str) -> Home {
        let dir = TempDir::new();
        std::fs::write(dir.path().join("config"), config).unwrap();
        Home { dir }
    }

    fn cache_dir(&self) -> PathBuf {
        self.dir.path().join(".aws").join("sso").join("cache")
    }

    /// Writes the cache file for `key` (session name or start URL) with `text` as its bytes.
    fn token(&self, key: &str, text: &str) -> PathBuf {
        std::fs::create_dir_all(self.cache_dir()).unwrap();
        let path = self.cache_dir().join(format!("{}.json", sha1_hex(key)));
        std::fs::write(&path, text).unwrap();
        path
    }

    /// create-token-with-iam with `--profile p`, the signed call to `iam`, the portal (and
    /// SSO-OIDC for a refresh) at `portal`.
    fn command(&self, iam: &Server, portal: &Server) -> Command {
        let mut cmd = ssooidc(self.dir.path());
        cmd.args(["create-token-with-iam", "--client-id", "c"])
            .args(["--grant-type", "refresh_token", "--refresh-token", "r"])
            .args(["--endpoint-url", &iam.url(), "--profile", "p"])
            .env("AWS_ENDPOINT_URL_SSO", portal.url())
            .env("AWS_ENDPOINT_URL_SSO_OIDC", portal.url());
        cmd
    }

    fn run(&self, server: &Server) -> Output {
        run(&mut self.command(server, server), None)
    }
}

fn token_text(access_token: &str, expires_in: i64) -> String {
    json!({"startUrl": START_URL, "region": "us-east-1", "accessToken": access_token,
           "expiresAt": utc(now() + expires_in)})
    .to_string()
}

/// A token that can be refreshed (registration valid for 30 days).
fn refreshable(expires_in: i64) -> String {
    format!(
        r#"{{"startUrl": "{START_URL}", "region": "eu-west-1", "accessToken": "tok-old", "expiresAt": "{}", "clientId": "cid", "clientSecret": "csecret", "registrationExpiresAt": "{}", "refreshToken": "rt-old", "extra": "dropped"}}"#,
        utc(now() + expires_in),
        utc(now() + 30 * 86_400)
    )
}

fn role_answer() -> Value {
    json!({"status": 200, "body": {"roleCredentials": {
        "accessKeyId": "ASIAROLE", "secretAccessKey": ROLE_SECRET,
        "sessionToken": "role-session-EXAMPLE", "expiration": (now() + 3600) * 1000}}})
}

fn iam_answer() -> Value {
    json!({"status": 200, "body": {"accessToken": "at", "tokenType": "Bearer", "expiresIn": 3600}})
}

fn refreshed_answer() -> Value {
    json!({"status": 200, "body": {"accessToken": "tok-new-\u{e9}", "tokenType": "Bearer",
                                   "expiresIn": 28800, "refreshToken": "rt-new-EXAMPLE"}})
}

fn unexpected() -> Value {
    json!({"status": 500, "body": {"message": "unexpected request"}})
}

/// The headers of a request that do not depend on the run, lower-cased and sorted: what v1's
/// recording and ours must share (reqwest's `Accept: */*` and the User-Agent aside).
fn stable_headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
        .filter(|(n, v)| {
            let varies = matches!(
                n.as_str(),
                "host" | "user-agent" | "amz-sdk-invocation-id" | "x-amz-date"
            );
            let reqwest_accept = n == "accept" && v == "*/*";
            !varies && !reqwest_accept
        })
        .collect();
    list.sort();
    list
}

fn recorded_request(case: &str, index: usize) -> (String, String, Vec<(String, String)>, String) {
    let all = recorded();
    let request = &all[case]["requests"][index];
    let headers: Vec<(String, String)> = request["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap().to_owned(),
                pair[1].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (
        request["method"].as_str().unwrap().to_owned(),
        request["path"].as_str().unwrap().to_owned(),
        stable_headers(&headers),
        request["body"].as_str().unwrap().to_owned(),
    )
}

fn ours(request: &Recorded) -> (String, String, Vec<(String, String)>, String) {
    (
        request.method.clone(),
        request.path.clone(),
        stable_headers(&request.headers),
        request.body.clone(),
    )
}

/// v1's stderr for a recorded case.
fn recorded_stderr(case: &str) -> String {
    recorded()[case]["stderr"].as_str().unwrap().to_owned()
}

fn assert_failure(out: &Output, stderr: &str) {
    assert_eq!(out.status.code(), Some(255), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), stderr);
}

/// The signed call: verified with the role's secret, carrying the role's session token.
fn assert_signed_with_role(request: &Recorded) {
    assert_eq!(request.path, "/token?aws_iam=t");
    let auth = verify(request, ROLE_SECRET).expect("signature made with the role's secret");
    assert_eq!(auth.access_key_id, "ASIAROLE");
    assert_eq!(
        request.header("x-amz-security-token"),
        Some("role-session-EXAMPLE")
    );
}

// Guards: the portal request is v1's byte for byte (method, path and query, every header that
// does not depend on the run, no body, no Content-Type, no Content-Length), recorded from
// `aws sso get-role-credentials --role-name r --account-id 1 --access-token t`.
#[test]
fn portal_request_is_v1s() {
    let home = Home::new(
        "[profile p]\nsso_start_url = https://u\nsso_region = us-east-1\nsso_account_id = 1\n\
         sso_role_name = r\n",
    );
    home.token("https://u", &token_text("t", 7200));
    let server = Server::start(vec![role_answer(), iam_answer()], unexpected());
    let out = home.run(&server);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let requests = server.requests();
    assert_eq!(
        ours(&requests[0]),
        recorded_request("get_role_credentials", 0)
    );
    assert!(requests[0].raw_body.is_empty());
}

// Guards: a legacy profile: the cached token by start URL, GetRoleCredentials as v1 sends it,
// the signed call verified with the role's secret; no role-credential cache is written (v1
// gives the SSO provider none).
#[test]
fn legacy_profile_signs_with_role_credentials() {
    let home = Home::new(LEGACY);
    let path = home.token(START_URL, &token_text("tok-valid", 7200));
    let before = std::fs::read(&path).unwrap();
    let server = Server::start(vec![role_answer(), iam_answer()], unexpected());
    let out = home.run(&server);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        recorded()["legacy_ok"]["stdout"].as_str().unwrap()
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(ours(&requests[0]), recorded_request("legacy_ok", 0));
    assert_signed_with_role(&requests[1]);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!home.dir.path().join(".aws").join("cli").exists());
}

// Guards: a legacy token close to expiry is used as it is: never refreshed, file untouched.
#[test]
fn legacy_tokens_are_never_refreshed() {
    let home = Home::new(LEGACY);
    let path = home.token(
        START_URL,
        &refreshable(300).replace("eu-west-1", "us-east-1"),
    );
    let before = std::fs::read(&path).unwrap();
    let server = Server::start(vec![role_answer(), iam_answer()], unexpected());
    let out = home.run(&server);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].header("x-amz-sso_bearer_token"),
        Some("tok-old")
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

// Guards: an sso-session profile: the token by session name, the portal in the session's
// region through AWS_ENDPOINT_URL_SSO, never through --endpoint-url (which names SSO-OIDC).
#[test]
fn session_profile_signs_with_role_credentials() {
    let home = Home::new(SESSION);
    home.token("s", &token_text("tok-valid", 7200));
    let portal = Server::start(vec![role_answer()], unexpected());
    let iam = Server::start(vec![iam_answer()], unexpected());
    let out = run(&mut home.command(&iam, &portal), None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let portal_requests = portal.requests();
    assert_eq!(portal_requests.len(), 1);
    assert_eq!(ours(&portal_requests[0]), recorded_request("session_ok", 0));
    let iam_requests = iam.requests();
    assert_eq!(iam_requests.len(), 1);
    assert_signed_with_role(&iam_requests[0]);
}

// Guards: the `[services]` section's `sso` endpoint reaches the portal client too.
#[test]
fn services_section_names_the_portal() {
    let portal = Server::start(vec![role_answer()], unexpected());
    let config = format!(
        "[profile p]\nsso_session = s\nsso_account_id = 111122223333\nsso_role_name = Admin\n\
         services = local\n[sso-session s]\nsso_start_url = {START_URL}\nsso_region = eu-west-1\n\
         [services local]\nsso =\n  endpoint_url = {}\n",
        portal.url()
    );
    let home = Home::new(&config);
    home.token("s", &token_text("tok-valid", 7200));
    let iam = Server::start(vec![iam_answer()], unexpected());
    let mut cmd = home.command(&iam, &iam);
    cmd.env_remove("AWS_ENDPOINT_URL_SSO");
    let out = run(&mut cmd, None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(portal.requests().len(), 1);
    assert_eq!(iam.requests().len(), 1);
}

/// What botocore's own `SSOTokenProvider` writes when it refreshes `original` at `at` (seconds)
/// with the CreateToken answer `answer`: its real code, a stub client, a fixed clock.
fn botocore_refresh(original: &str, answer: &Value, at: i64) -> Vec<u8> {
    let dir = TempDir::new();
    std::fs::write(dir.path().join(format!("{}.json", sha1_hex("s"))), original).unwrap();
    let script = r#"
import datetime, json, sys
from dateutil.tz import tzutc
from botocore.tokens import SSOTokenProvider, _sso_json_dumps
from botocore.utils import JSONFileCache
cache_dir, answer, at = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
class Session:
    full_config = {"profiles": {"p": {"sso_session": "s"}},
                   "sso_sessions": {"s": {"sso_start_url": "https://d-1.awsapps.com/start",
                                          "sso_region": "eu-west-1"}}}
    def get_config_variable(self, name):
        return None
class Client:
    def create_token(self, **kwargs):
        return answer
now = lambda: datetime.datetime.fromtimestamp(at + 0.25, tzutc())
provider = SSOTokenProvider(Session(), cache=JSONFileCache(cache_dir, dumps_func=_sso_json_dumps),
                            time_fetcher=now, profile_name="p")
provider._client = Client()
print(provider.load_token().get_frozen_token().token)
"#;
    let out = Command::new(python_with_botocore())
        .args(["-c", script])
        .arg(dir.path())
        .arg(answer.to_string())
        .arg(at.to_string())
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(dir.path().join(format!("{}.json", sha1_hex("s")))).unwrap()
}

// Guards: an sso-session token with less than 15 minutes left is refreshed with CreateToken
// (grant refresh_token, v1's body) in the session's region, the new token is used, and the file
// is rewritten byte for byte as botocore's SSOTokenProvider rewrites it (checked by running
// botocore itself on the same token and answer): key order, one line, ASCII escapes, whole-second
// `Z` times, the new refresh token, unknown keys dropped; 0600, no temporary file left.
#[test]
fn expiring_session_token_is_refreshed_and_written_back() {
    let home = Home::new(SESSION);
    let original = refreshable(300);
    let path = home.token("s", &original);
    let server = Server::start(
        vec![refreshed_answer(), role_answer(), iam_answer()],
        unexpected(),
    );
    let started = now();
    let out = home.run(&server);
    let ended = now();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(ours(&requests[0]), recorded_request("session_refresh", 0));
    assert_eq!(
        requests[1].header("x-amz-sso_bearer_token"),
        Some("tok-new-\u{e9}")
    );
    assert_signed_with_role(&requests[2]);
    let written = std::fs::read(&path).unwrap();
    let text = String::from_utf8(written.clone()).unwrap();
    let document: Value = serde_json::from_str(&text).unwrap();
    let expires_at = document["expiresAt"].as_str().unwrap().to_owned();
    let refreshed_at = (started..=ended)
        .find(|t| utc(t + 28800) == expires_at)
        .expect("expiresAt is the refresh time plus expiresIn");
    let answer = refreshed_answer()["body"].clone();
    assert_eq!(
        text,
        String::from_utf8(botocore_refresh(&original, &answer, refreshed_at)).unwrap()
    );
    assert!(
        text.contains(r#""accessToken": "tok-new-\u00e9""#),
        "{text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert_eq!(std::fs::read_dir(home.cache_dir()).unwrap().count(), 1);
}

// Guards: botocore drops the old refresh token when the answer carries none (checked the same
// way).
#[test]
fn refresh_without_new_refresh_token_drops_it_as_botocore() {
    let home = Home::new(SESSION);
    let original = refreshable(60);
    let path = home.token("s", &original);
    let answer = json!({"accessToken": "tok-new", "tokenType": "Bearer", "expiresIn": 3600});
    let server = Server::start(
        vec![
            json!({"status": 200, "body": answer}),
            role_answer(),
            iam_answer(),
        ],
        unexpected(),
    );
    let started = now();
    let out = home.run(&server);
    let ended = now();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("refreshToken"), "{text}");
    let matched =
        (started..=ended).any(|t| botocore_refresh(&original, &answer, t) == text.as_bytes());
    assert!(matched, "{text}");
}

// Guards: a refused refresh (a service error) with a token still valid keeps the old token and
// the file, as botocore does; the client secret and tokens never reach --debug.
#[test]
fn refused_refresh_keeps_a_valid_token() {
    let home = Home::new(SESSION);
    let path = home.token("s", &refreshable(300));
    let before = std::fs::read(&path).unwrap();
    let server = Server::start(
        vec![
            json!({"status": 400, "headers": {"x-amzn-ErrorType": "InvalidGrantException"},
                   "body": {"error": "invalid_grant"}}),
            role_answer(),
            iam_answer(),
        ],
        unexpected(),
    );
    let mut cmd = home.command(&server, &server);
    cmd.arg("--debug");
    let out = run(&mut cmd, None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let (method, target, _, _) = recorded_request("session_refresh_fails_valid", 1);
    assert_eq!(
        (requests[1].method.clone(), requests[1].path.clone()),
        (method, target)
    );
    assert_eq!(
        requests[1].header("x-amz-sso_bearer_token"),
        Some("tok-old")
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("SSO token refresh attempt failed"),
        "{stderr}"
    );
    for secret in [
        "tok-old",
        "csecret",
        "rt-old",
        ROLE_SECRET,
        "role-session-EXAMPLE",
    ] {
        assert!(!stderr.contains(secret), "{secret} in --debug: {stderr}");
    }
}

// Guards: a successful refresh under --debug shows none of the old or new secrets.
#[test]
fn refresh_under_debug_shows_no_secret() {
    let home = Home::new(SESSION);
    home.token("s", &refreshable(300));
    let server = Server::start(
        vec![refreshed_answer(), role_answer(), iam_answer()],
        unexpected(),
    );
    let mut cmd = home.command(&server, &server);
    cmd.arg("--debug");
    let out = run(&mut cmd, None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("credentials: from sso"), "{stderr}");
    for secret in [
        "tok-old",
        "tok-new",
        "csecret",
        "rt-old",
        "rt-new-EXAMPLE",
        ROLE_SECRET,
        "role-session-EXAMPLE",
    ] {
        assert!(!stderr.contains(secret), "{secret} in --debug: {stderr}");
    }
}

// Guards: v1's words when the refresh is refused and the token has expired, and when an expired
// session token cannot be refreshed at all; nothing reaches the portal.
#[test]
fn expired_session_tokens() {
    let home = Home::new(SESSION);
    home.token("s", &refreshable(-10));
    let server = Server::start(
        vec![
            json!({"status": 400, "headers": {"x-amzn-ErrorType": "InvalidGrantException"},
                    "body": {"error": "invalid_grant"}}),
        ],
        unexpected(),
    );
    let out = home.run(&server);
    assert_failure(&out, &recorded_stderr("session_refresh_fails_expired"));
    assert_eq!(server.requests().len(), 1);

    let home = Home::new(SESSION);
    home.token("s", &token_text("tok", -10));
    let server = Server::always(unexpected());
    let out = home.run(&server);
    assert_failure(&out, &recorded_stderr("session_expired_no_refresh"));
    assert!(server.requests().is_empty());
}

// Guards: a refresh that cannot reach SSO-OIDC ends the run, as in v1 (botocore only forgives
// service errors), even with a token still valid.
#[test]
fn unreachable_refresh_endpoint_is_an_error() {
    let home = Home::new(SESSION);
    home.token("s", &refreshable(300));
    let server = Server::always(unexpected());
    let mut cmd = home.command(&server, &server);
    cmd.env("AWS_ENDPOINT_URL_SSO_OIDC", "http://127.0.0.1:9")
        .env("AWS_MAX_ATTEMPTS", "1");
    let out = run(&mut cmd, None);
    assert_failure(&out, &recorded_stderr("session_refresh_unreachable"));
}

// Guards: an expired legacy token is refused before any call, in v1's words.
#[test]
fn expired_legacy_token() {
    let home = Home::new(LEGACY);
    home.token(START_URL, &token_text("tok", -10));
    let server = Server::always(unexpected());
    let out = home.run(&server);
    assert_failure(&out, UNAUTHORIZED);
    assert_eq!(recorded_stderr("legacy_expired"), UNAUTHORIZED);
    assert!(server.requests().is_empty());
}

// Guards: v1's words for a missing token file and for one without accessToken or expiresAt.
#[test]
fn missing_and_invalid_token_files() {
    let cases = [
        (LEGACY, None, "legacy_missing_token"),
        (SESSION, None, "session_missing_token"),
        (
            LEGACY,
            Some((START_URL, r#"{"expiresAt": "2099-01-01T00:00:00Z"}"#)),
            "legacy_no_access_token",
        ),
        (
            SESSION,
            Some(("s", r#"{"accessToken": "x"}"#)),
            "session_no_expires",
        ),
    ];
    for (config, token, case) in cases {
        let home = Home::new(config);
        if let Some((key, text)) = token {
            home.token(key, text);
        }
        let server = Server::always(unexpected());
        let out = home.run(&server);
        assert_failure(&out, &recorded_stderr(case));
        assert!(server.requests().is_empty(), "{case}");
    }
}

// Guards: a corrupt token file is one line naming the file (policy P3: v1 prints botocore's bare
// KeyError, the quoted cache key), never a panic, never the file's content.
#[test]
fn corrupt_token_file_is_one_line() {
    for (config, key) in [(LEGACY, START_URL), (SESSION, "s")] {
        let home = Home::new(config);
        let path = home.token(key, "{\"accessToken\": \"SECRET-tok\", ");
        let server = Server::always(unexpected());
        let out = home.run(&server);
        assert_eq!(out.status.code(), Some(255), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 1, "{stderr}");
        let name = if key == "s" { "s" } else { START_URL };
        assert!(
            lines[0].starts_with(&format!(
                "Error loading SSO Token: Token for {name} is unusable: {}",
                path.display()
            )),
            "{stderr}"
        );
        assert!(
            !stderr.contains("SECRET") && !stderr.contains("panicked"),
            "{stderr}"
        );
    }
}

// Guards: botocore's messages for missing and inconsistent configuration.
#[test]
fn configuration_errors_in_v1s_words() {
    let cases = [
        (
            LEGACY.replace("sso_role_name = Admin\n", ""),
            "missing_role",
        ),
        (
            LEGACY.replace("sso_region = us-east-1\n", ""),
            "missing_region",
        ),
        (
            SESSION.split("[sso-session").next().unwrap().to_owned(),
            "missing_session_section",
        ),
        (
            SESSION.replace("sso_start_url = https://d-1.awsapps.com/start\n", ""),
            "session_missing_url",
        ),
        (
            SESSION.replace(
                "sso_session = s\n",
                "sso_session = s\nsso_region = us-east-2\n",
            ),
            "session_mismatch",
        ),
    ];
    for (config, case) in cases {
        let home = Home::new(&config);
        home.token("s", &token_text("tok", 7200));
        home.token(START_URL, &token_text("tok", 7200));
        let server = Server::always(unexpected());
        let out = home.run(&server);
        assert_failure(&out, &recorded_stderr(case));
        assert!(server.requests().is_empty(), "{case}");
    }
}

// Guards: the portal's errors in v1's words: 401 UnauthorizedException is the expired-session
// message, other errors name GetRoleCredentials, 500s are retried as any call.
#[test]
fn portal_errors_in_v1s_words() {
    let cases = [
        (
            json!({"status": 401, "headers": {"x-amzn-ErrorType": "UnauthorizedException"},
                   "body": {"message": "Session token not found or invalid"}}),
            "unauthorized",
            1,
        ),
        (
            json!({"status": 403, "headers": {"x-amzn-ErrorType": "ForbiddenException"},
                   "body": {"message": "No access"}}),
            "forbidden",
            1,
        ),
        (
            json!({"status": 500, "body": {"message": "boom"}}),
            "portal_500",
            5,
        ),
    ];
    for (answer, case, attempts) in cases {
        let home = Home::new(LEGACY);
        home.token(START_URL, &token_text("tok-valid", 7200));
        let server = Server::always(answer);
        let out = home.run(&server);
        assert_failure(&out, &recorded_stderr(case));
        assert_eq!(server.requests().len(), attempts, "{case}");
    }
}

// Guards: a profile without sso_account_id and sso_role_name is not an SSO profile: the chain
// goes on (here to no credentials at all).
#[test]
fn profile_without_role_is_not_sso() {
    let home = Home::new("[profile p]\nsso_session = s\n[sso-session s]\nsso_region = x\n");
    let server = Server::always(unexpected());
    let out = home.run(&server);
    assert_eq!(out.status.code(), Some(255), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Unable to locate credentials"));
    assert!(server.requests().is_empty());
}

fn role_answer_expiring_in(seconds: i64) -> Value {
    let mut answer = role_answer();
    answer["body"]["roleCredentials"]["expiration"] = json!((now() + seconds) * 1000);
    answer
}

// Guards: as v1 (recorded), role credentials are fetched once per run: five minutes left is
// used as is; already expired is botocore's error for credentials expired when fetched.
#[test]
fn role_credentials_are_fetched_once() {
    let home = Home::new(LEGACY);
    home.token(START_URL, &token_text("tok-valid", 7200));
    let server = Server::start(
        vec![role_answer_expiring_in(300), iam_answer()],
        unexpected(),
    );
    let out = home.run(&server);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let requests = server.requests();
    let recorded_count = recorded()["role_expiring_300"]["requests"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(requests.len(), recorded_count);
    assert_signed_with_role(&requests[1]);

    let server = Server::start(vec![role_answer_expiring_in(-5)], unexpected());
    let out = home.run(&server);
    assert_failure(&out, &recorded_stderr("role_expired"));
    assert_eq!(server.requests().len(), 1);
}
