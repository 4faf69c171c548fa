//! ssooidc's own SSO commands (`token`, `logout`, `login`) against the stateful loopback IAM
//! Identity Center of `support::sso`; the caches live in the test's HOME, the browser is a fake
//! script, and botocore from the system python3 checks that both sides read each other's files.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::{json, Value};

use crate::support::sso::{now, SsoServer};
use crate::support::{python_with_botocore, run, set_home, ssooidc, TempDir};

pub const START_URL: &str = "https://d-1.awsapps.com/start";
pub const SESSION: &str = "[profile p]\nsso_session = s\nsso_account_id = 111122223333\n\
                           sso_role_name = Admin\n[sso-session s]\n\
                           sso_start_url = https://d-1.awsapps.com/start\nsso_region = eu-west-1\n";
pub const LEGACY: &str = "[profile legacy]\nsso_start_url = https://d-1.awsapps.com/start\n\
                          sso_region = us-east-1\nsso_account_id = 111122223333\n\
                          sso_role_name = Admin\n";

pub fn utc(seconds: i64) -> String {
    ssooidc::python::time::format_utc(seconds)
}

pub fn sha1_hex(text: &str) -> String {
    ssooidc::sso::cache::cache_key(text)
}

/// A test's HOME: the config file and the caches.
pub struct Home {
    pub dir: TempDir,
}

impl Home {
    pub fn new(config: &str) -> Home {
        let dir = TempDir::new();
        std::fs::write(dir.path().join("config"), config).unwrap();
        Home { dir }
    }

    pub fn cache_dir(&self) -> PathBuf {
        self.dir.path().join(".aws").join("sso").join("cache")
    }

    pub fn cli_cache_dir(&self) -> PathBuf {
        self.dir.path().join(".aws").join("cli").join("cache")
    }

    /// The token file of `key` (session name or start URL).
    pub fn token_path(&self, key: &str) -> PathBuf {
        self.cache_dir().join(format!("{}.json", sha1_hex(key)))
    }

    /// Writes the token file of `key` with `text` as its bytes.
    pub fn token(&self, key: &str, text: &str) -> PathBuf {
        std::fs::create_dir_all(self.cache_dir()).unwrap();
        let path = self.token_path(key);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// ssooidc with `args`, both SSO endpoints at `server`.
    pub fn command(&self, server: &SsoServer, args: &[&str]) -> Command {
        let mut cmd = ssooidc(self.dir.path());
        cmd.args(args)
            .env("AWS_ENDPOINT_URL_SSO", server.url())
            .env("AWS_ENDPOINT_URL_SSO_OIDC", server.url());
        cmd
    }

    pub fn run(&self, server: &SsoServer, args: &[&str]) -> Output {
        run(&mut self.command(server, args), None)
    }
}

/// A token document as the CLI v2 writes it, expiring in `expires_in` seconds, refreshable.
pub fn refreshable(access: &str, expires_in: i64) -> String {
    format!(
        r#"{{"startUrl": "{START_URL}", "region": "eu-west-1", "accessToken": "{access}", "expiresAt": "{}", "clientId": "cid", "clientSecret": "csecret", "registrationExpiresAt": "{}", "refreshToken": "rt-old"}}"#,
        utc(now() + expires_in),
        utc(now() + 30 * 86_400)
    )
}

/// A legacy token (no refresh keys).
pub fn legacy(access: &str, expires_in: i64) -> String {
    format!(
        r#"{{"startUrl": "{START_URL}", "region": "us-east-1", "accessToken": "{access}", "expiresAt": "{}"}}"#,
        utc(now() + expires_in)
    )
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs botocore's own `SSOTokenProvider` for session `s` (start URL START_URL, region
/// eu-west-1) on the cache in `home`, against SSO-OIDC at `endpoint`: it loads the token and
/// refreshes it when fewer than 15 minutes are left, writing it back. Prints the token.
pub fn botocore_load_token(home: &Home, endpoint: &str) -> Output {
    let script = r#"
import sys
import botocore.session
from botocore.tokens import SSOTokenProvider
from botocore.utils import JSONFileCache
from botocore.tokens import _sso_json_dumps
session = botocore.session.Session(profile="p")
provider = SSOTokenProvider(session, cache=JSONFileCache(sys.argv[1], dumps_func=_sso_json_dumps),
                            profile_name="p")
print(provider.load_token().get_frozen_token().token)
"#;
    let mut cmd = Command::new(python_with_botocore());
    cmd.args(["-c", script])
        .arg(home.cache_dir())
        .env("AWS_CONFIG_FILE", home.dir.path().join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.dir.path().join("none"))
        .env("AWS_ENDPOINT_URL_SSO_OIDC", endpoint);
    set_home(&mut cmd, home.dir.path())
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_DEFAULT_PROFILE")
        .output()
        .expect("run python")
}

// ---------------------------------------------------------------------------------------------
// token

// Guards: the cached token as JSON in the documented key order, formatted as every output
// (--query, --output), nothing sent when more than 15 minutes are left.
#[test]
fn token_prints_the_cached_token() {
    let home = Home::new(SESSION);
    let expires = now() + 7200;
    home.token("s", &refreshable("tok-1", 7200));
    let server = SsoServer::start();
    let out = home.run(&server, &["token", "--profile", "p"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        stdout(&out),
        format!(
            "{{\n    \"startUrl\": \"{START_URL}\",\n    \"region\": \"eu-west-1\",\n    \
             \"accessToken\": \"tok-1\",\n    \"expiresAt\": \"{}\"\n}}\n",
            utc(expires)
        )
    );
    let out = home.run(
        &server,
        &[
            "token",
            "--sso-session",
            "s",
            "--query",
            "accessToken",
            "--output",
            "text",
        ],
    );
    assert_eq!(stdout(&out), "tok-1\n", "{out:?}");
    assert!(server.requests().is_empty());
}

// Guards: fewer than 15 minutes left: refreshed first (one CreateToken, refresh grant), the new
// token printed and written back as botocore writes it, 0600.
#[test]
fn token_refreshes_an_expiring_session_token() {
    let home = Home::new(SESSION);
    let path = home.token("s", &refreshable("tok-old", 300));
    let server = SsoServer::start();
    let out = home.run(
        &server,
        &["token", "--profile", "p", "--query", "accessToken"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let refreshes = server.create_tokens("refresh_token");
    assert_eq!(refreshes.len(), 1);
    assert_eq!(refreshes[0]["refreshToken"], "rt-old");
    let new_token = stdout(&out).trim().trim_matches('"').to_owned();
    assert!(new_token.starts_with("access-"), "{new_token}");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(written["accessToken"], new_token.as_str());
    let keys: Vec<&String> = written.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "startUrl",
            "region",
            "accessToken",
            "expiresAt",
            "clientId",
            "clientSecret",
            "registrationExpiresAt",
            "refreshToken"
        ]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

// Guards: a legacy profile's token is printed while valid and never refreshed, even with five
// minutes left; expired, it is botocore's message plus the login to run, exit 255.
#[test]
fn token_of_a_legacy_profile() {
    let home = Home::new(LEGACY);
    home.token(START_URL, &legacy("tok-l", 300));
    let server = SsoServer::start();
    let out = home.run(
        &server,
        &["token", "--profile", "legacy", "--query", "accessToken"],
    );
    assert_eq!(stdout(&out), "\"tok-l\"\n", "{out:?}");
    home.token(START_URL, &legacy("tok-l", -10));
    let out = home.run(&server, &["token", "--profile", "legacy"]);
    assert_eq!(out.status.code(), Some(255));
    assert_eq!(
        stderr(&out),
        "\nThe SSO session associated with this profile has expired or is otherwise invalid. \
         To refresh this SSO session run aws sso login with the corresponding profile.\n\
         Run `ssooidc login --profile legacy` to log in.\n"
    );
    assert!(out.stdout.is_empty());
    assert!(server.requests().is_empty());
}

// Guards: no token, an expired token that cannot be refreshed, a refused refresh of an expired
// token: botocore's messages plus the login line, exit 255; never a browser.
#[test]
fn token_errors_name_the_login_to_run() {
    let home = Home::new(SESSION);
    let server = SsoServer::start();
    let out = home.run(&server, &["token", "--profile", "p"]);
    assert_eq!(out.status.code(), Some(255));
    assert_eq!(
        stderr(&out),
        "\nError loading SSO Token: Token for s does not exist\n\
         Run `ssooidc login --sso-session s` to log in.\n"
    );
    home.token("s", &legacy("tok", -5));
    let out = home.run(&server, &["token", "--sso-session", "s"]);
    assert_eq!(out.status.code(), Some(255));
    assert_eq!(
        stderr(&out),
        "\nError when retrieving token from sso: Token has expired and refresh failed\n\
         Run `ssooidc login --sso-session s` to log in.\n"
    );
    home.token("s", &refreshable("tok", -5));
    server.set(|s| s.refresh_fails = true);
    let out = home.run(&server, &["token", "--sso-session", "s"]);
    assert_eq!(out.status.code(), Some(255));
    assert!(
        stderr(&out).ends_with("refresh failed\nRun `ssooidc login --sso-session s` to log in.\n"),
        "{out:?}"
    );
    assert_eq!(server.create_tokens("refresh_token").len(), 1);
    let out = home.run(&server, &["token", "--sso-session", "nope"]);
    assert_eq!(
        stderr(&out),
        "\nThe specified sso-session does not exist: \"nope\"\n"
    );
    assert_eq!(out.status.code(), Some(255));
}

// Guards: a corrupt cache file is one line naming the file and the login that replaces it.
#[test]
fn token_with_a_corrupt_cache_file() {
    let home = Home::new(SESSION);
    let path = home.token("s", "{\"accessToken\": \"SECRET-x\", ");
    let server = SsoServer::start();
    let out = home.run(&server, &["token", "--profile", "p"]);
    assert_eq!(out.status.code(), Some(255));
    let text = stderr(&out);
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(lines[0].contains(&path.display().to_string()), "{text}");
    assert!(
        lines[0].contains("`ssooidc login --sso-session s`"),
        "{text}"
    );
    assert!(!text.contains("SECRET"));
}

// Guards: 20 concurrent runs whose token needs a refresh make ONE refresh (the lock file in the
// cache directory), and all print the same new token.
#[test]
fn concurrent_token_runs_refresh_once() {
    let home = Home::new(SESSION);
    home.token("s", &refreshable("tok-old", 120));
    let server = SsoServer::start();
    let children: Vec<_> = (0..20)
        .map(|_| {
            home.command(
                &server,
                &["token", "--sso-session", "s", "--query", "accessToken"],
            )
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    let outputs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    for out in &outputs {
        assert_eq!(out.status.code(), Some(0), "{out:?}");
    }
    assert_eq!(server.create_tokens("refresh_token").len(), 1);
    let first = stdout(&outputs[0]);
    assert!(first.contains("access-"), "{first}");
    assert!(outputs.iter().all(|o| stdout(o) == first));
}

// Guards: compatibility both ways with botocore 1.43.11: botocore's SSOTokenProvider refreshes
// a token ssooidc refreshed and wrote, and ssooidc reads the file botocore wrote back.
#[test]
fn token_files_are_shared_with_botocore() {
    let home = Home::new(SESSION);
    home.token("s", &refreshable("tok-old", 300));
    let server = SsoServer::start();
    // ssooidc refreshes and writes; botocore (the file still has < 15 min? no: 1 h) loads it.
    let ours = home.run(&server, &["token", "--sso-session", "s"]);
    assert_eq!(ours.status.code(), Some(0), "{ours:?}");
    let ours: Value = serde_json::from_slice(&ours.stdout).unwrap();
    let out = botocore_load_token(&home, &server.url());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), ours["accessToken"]);
    assert_eq!(server.create_tokens("refresh_token").len(), 1);
    // Make ssooidc's file expire soon: botocore refreshes it (with ssooidc's refresh token).
    let path = home.token_path("s");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut document: Value = serde_json::from_str(&text).unwrap();
    document["expiresAt"] = json!(utc(now() + 60));
    std::fs::write(&path, serde_json::to_string(&document).unwrap()).unwrap();
    let out = botocore_load_token(&home, &server.url());
    assert!(out.status.success(), "{}", stderr(&out));
    let refreshes = server.create_tokens("refresh_token");
    assert_eq!(refreshes.len(), 2);
    assert_eq!(refreshes[1]["refreshToken"], document["refreshToken"]);
    let botocores = stdout(&out).trim().to_owned();
    // ssooidc reads what botocore wrote back, without a refresh.
    let out = home.run(
        &server,
        &[
            "token",
            "--sso-session",
            "s",
            "--query",
            "accessToken",
            "--output",
            "text",
        ],
    );
    assert_eq!(stdout(&out).trim(), botocores, "{out:?}");
    assert_eq!(server.create_tokens("refresh_token").len(), 2);
}

// ---------------------------------------------------------------------------------------------
// logout

const TWO_SESSIONS: &str = "[profile p]\nsso_session = s\nsso_account_id = 111122223333\n\
                            sso_role_name = Admin\n[profile q]\nsso_session = t\n\
                            sso_account_id = 111122223333\nsso_role_name = Admin\n\
                            [sso-session s]\nsso_start_url = https://d-1.awsapps.com/start\n\
                            sso_region = eu-west-1\n[sso-session t]\n\
                            sso_start_url = https://d-2.awsapps.com/start\nsso_region = us-east-1\n";

/// Writes a file of `~/.aws/cli/cache`.
fn cli_cache_file(home: &Home, key: &str, text: &str) -> PathBuf {
    std::fs::create_dir_all(home.cli_cache_dir()).unwrap();
    let path = home.cli_cache_dir().join(format!("{key}.json"));
    std::fs::write(&path, text).unwrap();
    path
}

fn role_key(session: &str) -> String {
    sha1_hex(&format!(
        r#"{{"accountId":"111122223333","roleName":"Admin","sessionName":"{session}"}}"#
    ))
}

const SSO_CREDENTIALS: &str = r#"{"ProviderType": "sso", "Credentials": {"AccessKeyId": "A"}}"#;

// Guards: v2's logout: every token signed out at the portal (Logout with the bearer header) and
// deleted, registrations and foreign files kept, ProviderType sso credentials deleted, others
// kept; nothing printed, exit 0; a failing portal does not stop it.
#[test]
fn logout_everything_as_v2() {
    let home = Home::new(TWO_SESSIONS);
    let s = home.token("s", &refreshable("tok-s", 3600));
    let t = home.token("t", &legacy("tok-t", -100));
    let registration = home.cache_dir().join("registration.json");
    std::fs::write(
        &registration,
        r#"{"clientId": "c", "clientSecret": "x", "expiresAt": "2099-01-01T00:00:00Z"}"#,
    )
    .unwrap();
    let junk = home.cache_dir().join("junk.json");
    std::fs::write(&junk, "not json").unwrap();
    let sso_role = cli_cache_file(&home, &role_key("s"), SSO_CREDENTIALS);
    let assumed = cli_cache_file(
        &home,
        "assumed",
        r#"{"ProviderType": "assume-role", "Credentials": {}}"#,
    );
    let server = SsoServer::start();
    let out = home.run(&server, &["logout", "--endpoint-url", "http://127.0.0.1:9"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    let logouts = server.requests_to("/logout");
    let mut bearers: Vec<&str> = logouts
        .iter()
        .map(|r| r.header("x-amz-sso_bearer_token").unwrap())
        .collect();
    bearers.sort();
    assert_eq!(bearers, ["tok-s", "tok-t"]);
    assert!(logouts.iter().all(|r| r.method == "POST"));
    assert!(!s.exists() && !t.exists() && !sso_role.exists());
    assert!(registration.exists() && junk.exists() && assumed.exists());
    // Nothing left to do; a portal that is down is ignored.
    home.token("s", &refreshable("tok-s", 3600));
    drop(server);
    let dead = SsoServer::start();
    let url = dead.url();
    drop(dead);
    let mut cmd = home.command(&SsoServer::start(), &["logout"]);
    cmd.env("AWS_ENDPOINT_URL_SSO", url);
    let out = run(&mut cmd, None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(!home.token_path("s").exists());
}

// Guards: --sso-session logs out of that session only: its token (Logout called) and the role
// credentials of the profiles that use it; the other session's files stay.
#[test]
fn logout_of_one_session() {
    let home = Home::new(TWO_SESSIONS);
    let s = home.token("s", &refreshable("tok-s", 3600));
    let t = home.token("t", &refreshable("tok-t", 3600));
    let role_s = cli_cache_file(&home, &role_key("s"), SSO_CREDENTIALS);
    let role_t = cli_cache_file(&home, &role_key("t"), SSO_CREDENTIALS);
    let server = SsoServer::start();
    let out = home.run(&server, &["logout", "--sso-session", "s"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(!s.exists() && !role_s.exists());
    assert!(t.exists() && role_t.exists());
    let logouts = server.requests_to("/logout");
    assert_eq!(logouts.len(), 1);
    assert_eq!(logouts[0].header("x-amz-sso_bearer_token"), Some("tok-s"));
    let out = home.run(&server, &["logout", "--sso-session", "nope"]);
    assert_eq!(out.status.code(), Some(255));
    assert_eq!(
        stderr(&out),
        "\nThe specified sso-session does not exist: \"nope\"\n"
    );
}

// ---------------------------------------------------------------------------------------------
// login

/// A fake browser: records the URL in `browser.log` and, for a loopback URL, follows it (and
/// its redirect to the callback) with curl, as a user's browser would.
fn fake_browser(home: &Home) -> PathBuf {
    let path = home.dir.path().join("browser.sh");
    let log = home.dir.path().join("browser.log");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\necho \"$1\" >> '{}'\ncase \"$1\" in http://127.0.0.1:*) exec curl -s -L \
             -o /dev/null \"$1\";; esac\n",
            log.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path
}

fn registration_key(start_url: &str, region: &str, scopes: &str, session: &str) -> String {
    sha1_hex(&format!(
        r#"{{"region": "{region}", "scopes": {scopes}, "session_name": {session}, "startUrl": "{start_url}", "tool": "botocore"}}"#
    ))
}

// Guards: a legacy profile on a machine without a display: the device code flow with the
// headless line on stderr, v2's --no-browser text on stdout, one CreateToken before printing
// and one per interval after, the registration (no scopes) and the token written byte for byte
// as v2 writes them, 0600.
#[test]
#[cfg_attr(
    not(all(unix, not(target_vendor = "apple"))),
    ignore = "no display is a headless machine only where browsers need X11 or Wayland; macOS \
              and Windows always have one (and would open the runner's browser)"
)]
fn login_legacy_device_flow_headless() {
    let home = Home::new(LEGACY);
    let server = SsoServer::start();
    let out = home.run(&server, &["login", "--profile", "legacy"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        stderr(&out).contains("no browser can be opened here"),
        "{out:?}"
    );
    assert_eq!(
        stdout(&out),
        "Browser will not be automatically opened.\nPlease visit the following URL:\n\n\
         https://device.sso.us-east-1.amazonaws.com/\n\nThen enter the code:\n\nABCD-EFGH\n\n\
         Alternatively, you may visit the following URL which will autofill the code upon \
         loading:\nhttps://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH\n\
         Successfully logged into Start URL: https://d-1.awsapps.com/start\n"
    );
    let register: Value =
        serde_json::from_str(&server.requests_to("/client/register")[0].body).unwrap();
    assert!(register.get("scopes").is_none(), "{register}");
    assert!(register["clientName"]
        .as_str()
        .unwrap()
        .starts_with("botocore-client-"));
    assert_eq!(
        server
            .create_tokens("urn:ietf:params:oauth:grant-type:device_code")
            .len(),
        2
    );
    let key = registration_key(START_URL, "us-east-1", "null", "null");
    let registration = std::fs::read_to_string(home.cache_dir().join(format!("{key}.json")))
        .expect("registration file");
    let reg: Value = serde_json::from_str(&registration).unwrap();
    let client_id = reg["clientId"].as_str().unwrap().to_owned();
    assert_eq!(
        registration,
        format!(
            r#"{{"clientId": "{client_id}", "clientSecret": "{}", "expiresAt": "{}"}}"#,
            reg["clientSecret"].as_str().unwrap(),
            reg["expiresAt"].as_str().unwrap()
        )
    );
    let token = std::fs::read_to_string(home.token_path(START_URL)).unwrap();
    let doc: Value = serde_json::from_str(&token).unwrap();
    assert_eq!(
        token,
        format!(
            r#"{{"startUrl": "{START_URL}", "region": "us-east-1", "accessToken": "{}", "expiresAt": "{}", "clientId": "{client_id}", "clientSecret": "{}", "registrationExpiresAt": "{}"}}"#,
            doc["accessToken"].as_str().unwrap(),
            doc["expiresAt"].as_str().unwrap(),
            reg["clientSecret"].as_str().unwrap(),
            reg["expiresAt"].as_str().unwrap()
        )
    );
    let expires = ssooidc::python::time::parse_iso8601(doc["expiresAt"].as_str().unwrap()).unwrap();
    assert!((expires - (now() + 3600)).abs() <= 3, "{token}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for path in [
            home.token_path(START_URL),
            home.cache_dir().join(format!("{key}.json")),
        ] {
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}

// Guards: an sso-session's device code flow (explicit --use-device-code --no-browser: no
// headless line) registers with sso:account:access under v2's key (scopes null), so the token
// is refreshable; botocore's SSOTokenProvider loads and refreshes it. A second login finds it
// still good; --force logs in again reusing the registration.
#[test]
fn login_session_device_flow_is_refreshable() {
    let home = Home::new(SESSION);
    let server = SsoServer::start();
    let args = [
        "login",
        "--sso-session",
        "s",
        "--use-device-code",
        "--no-browser",
    ];
    let out = home.run(&server, &args);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
    let register: Value =
        serde_json::from_str(&server.requests_to("/client/register")[0].body).unwrap();
    assert_eq!(register["scopes"], json!(["sso:account:access"]));
    assert_eq!(register["clientName"], "botocore-client-s");
    let key = registration_key(START_URL, "eu-west-1", "null", "\"s\"");
    assert!(home.cache_dir().join(format!("{key}.json")).is_file());
    let token: Value =
        serde_json::from_str(&std::fs::read_to_string(home.token_path("s")).unwrap()).unwrap();
    assert!(token["refreshToken"].is_string(), "{token}");
    // Still logged in: nothing sent.
    let before = server.requests().len();
    let out = home.run(&server, &args);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        stdout(&out)
            .starts_with("Still logged into Start URL: https://d-1.awsapps.com/start until "),
        "{out:?}"
    );
    assert_eq!(server.requests().len(), before);
    // --force: a new token, the registration reused.
    let mut forced = args.to_vec();
    forced.push("--force");
    let out = home.run(&server, &forced);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(server.requests_to("/client/register").len(), 1);
    // botocore refreshes what ssooidc wrote.
    let mut document: Value =
        serde_json::from_str(&std::fs::read_to_string(home.token_path("s")).unwrap()).unwrap();
    document["expiresAt"] = json!(utc(now() + 60));
    std::fs::write(
        home.token_path("s"),
        serde_json::to_string(&document).unwrap(),
    )
    .unwrap();
    let out = botocore_load_token(&home, &server.url());
    assert!(out.status.success(), "{}", stderr(&out));
    let refreshes = server.create_tokens("refresh_token");
    assert_eq!(refreshes.len(), 1);
    assert_eq!(refreshes[0]["refreshToken"], document["refreshToken"]);
}

// Guards: denial and expiry of the device code in v2's words, nothing written.
#[test]
fn login_device_flow_denied_and_expired() {
    let home = Home::new(SESSION);
    let server = SsoServer::start();
    let args = [
        "login",
        "--sso-session",
        "s",
        "--use-device-code",
        "--no-browser",
    ];
    server.set(|s| s.device_polls = ["pending", "denied"].into());
    let out = home.run(&server, &args);
    assert_eq!(out.status.code(), Some(255), "{out:?}");
    assert!(
        stderr(&out).contains(
            "An error occurred (AccessDeniedException) when calling the CreateToken operation"
        ),
        "{out:?}"
    );
    server.set(|s| s.device_polls = ["expired"].into());
    let out = home.run(&server, &args);
    assert_eq!(out.status.code(), Some(255), "{out:?}");
    assert_eq!(
        stderr(&out),
        "\nThe pending authorization to retrieve an SSO token has expired. The login flow to \
         retrieve an SSO token must be restarted.\n"
    );
    assert!(!home.token_path("s").exists());
}

// Guards: the PKCE flow with a browser ($BROWSER, %s replaced): v2's text and authorize URL
// (query in v2's order, redirect with the listener's port), the server's S256 check of the
// verifier, a refreshable token, the registration with grantTypes.
#[test]
#[cfg_attr(not(unix), ignore = "the fake browser is a shell script")]
fn login_pkce_flow() {
    let home = Home::new(SESSION);
    let server = SsoServer::start();
    let browser = fake_browser(&home);
    let mut cmd = home.command(&server, &["login", "--profile", "p"]);
    cmd.env("BROWSER", format!("{} %s", browser.display()));
    let out = run(&mut cmd, None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
    let text = stdout(&out);
    assert!(text.starts_with(
        "Attempting to open your default browser. If the browser does not open, open the \
         following URL.\nIf you are unable to open the URL on this device, run this command \
         again with the '--use-device-code' option.\n\n"
    ));
    assert!(
        text.ends_with("\n\nSuccessfully logged into Start URL: https://d-1.awsapps.com/start\n")
    );
    let url = text.lines().nth(3).unwrap();
    let prefix = format!(
        "{}/authorize?response_type=code&client_id=client-",
        server.url()
    );
    assert!(url.starts_with(&prefix), "{url}");
    let names: Vec<String> = crate::support::sso::query_params(url)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        names,
        [
            "response_type",
            "client_id",
            "redirect_uri",
            "state",
            "code_challenge_method",
            "scopes",
            "code_challenge"
        ]
    );
    assert!(
        url.contains("&redirect_uri=http%3A%2F%2F127.0.0.1%3A"),
        "{url}"
    );
    assert!(url.contains("&scopes=sso%3Aaccount%3Aaccess&"), "{url}");
    let register: Value =
        serde_json::from_str(&server.requests_to("/client/register")[0].body).unwrap();
    assert_eq!(
        register["grantTypes"],
        json!(["authorization_code", "refresh_token"])
    );
    assert_eq!(
        register["redirectUris"],
        json!(["http://127.0.0.1/oauth/callback"])
    );
    assert_eq!(register["issuerUrl"], START_URL);
    let key = registration_key(START_URL, "eu-west-1", "null", "\"s\"");
    let registration =
        std::fs::read_to_string(home.cache_dir().join(format!("{key}.json"))).unwrap();
    assert!(registration.ends_with(
        r#""scopes": ["sso:account:access"], "grantTypes": ["authorization_code", "refresh_token"]}"#
    ), "{registration}");
    let exchange = server.create_tokens("authorization_code");
    assert_eq!(exchange.len(), 1);
    assert!(exchange[0]["redirectUri"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:"));
    let token: Value =
        serde_json::from_str(&std::fs::read_to_string(home.token_path("s")).unwrap()).unwrap();
    assert!(token["refreshToken"].is_string());
}

/// A PKCE login with the server's authorize answer set to `authorize`.
fn pkce_failure(
    authorize: crate::support::sso::Authorize,
    extra_env: &[(&str, &str)],
) -> (Home, Output) {
    let home = Home::new(SESSION);
    let server = SsoServer::start();
    server.set(|s| s.authorize = authorize);
    let browser = fake_browser(&home);
    let mut cmd = home.command(&server, &["login", "--sso-session", "s"]);
    cmd.env("BROWSER", browser);
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let out = run(&mut cmd, None);
    (home, out)
}

// Guards: a wrong state, a cancelled authorization and a callback that never comes end the login
// with an error and write no token.
#[test]
#[cfg_attr(not(unix), ignore = "the fake browser is a shell script")]
fn login_pkce_failures() {
    use crate::support::sso::Authorize;
    let (home, out) = pkce_failure(Authorize::WrongState, &[]);
    assert_eq!(out.status.code(), Some(255));
    assert!(
        stderr(&out).ends_with(
            "Error loading authorization code: State parameter does not match expected value.\n"
        ),
        "{out:?}"
    );
    assert!(!home.token_path("s").exists());
    let (home, out) = pkce_failure(Authorize::Cancel, &[]);
    assert_eq!(out.status.code(), Some(255));
    assert!(
        stderr(&out).contains("access_denied: The user cancelled the request"),
        "{out:?}"
    );
    assert!(!home.token_path("s").exists());
    let (home, out) = pkce_failure(Authorize::Ignore, &[("SSOOIDC_LOGIN_TIMEOUT", "1")]);
    assert_eq!(out.status.code(), Some(255));
    assert!(
        stderr(&out).contains("The pending authorization to retrieve an SSO token has expired."),
        "{out:?}"
    );
    assert!(!home.token_path("s").exists());
}

// Guards: SIGINT while waiting for the user: exit 130, nothing written, the listener closed.
#[cfg(unix)]
#[test]
fn login_sigint_while_waiting() {
    use std::io::Read;
    let home = Home::new(SESSION);
    let server = SsoServer::start();
    server.set(|s| s.authorize = crate::support::sso::Authorize::Ignore);
    let mut cmd = home.command(&server, &["login", "--sso-session", "s", "--no-browser"]);
    cmd.env("BROWSER", "true");
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout_pipe = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("/authorize?") {
        let n = stdout_pipe.read(&mut buf).unwrap();
        assert!(n > 0, "no URL printed");
        seen.extend_from_slice(&buf[..n]);
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let text = String::from_utf8_lossy(&seen).into_owned();
    let port: u16 = text
        .split("127.0.0.1%3A")
        .nth(1)
        .unwrap()
        .split('%')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    // The listener answers only GET /oauth/callback.
    let probe = Command::new("curl")
        .args(["-s", "-o", "/dev/null", "-w", "%{http_code}"])
        .arg(format!("http://127.0.0.1:{port}/other"))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&probe.stdout), "404");
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert!(!home.token_path("s").exists());
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
}

/// The temporary files (`tmp*.tmp`) left in the token cache directory.
fn temp_files(home: &Home) -> Vec<String> {
    std::fs::read_dir(home.cache_dir())
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default()
}

/// The arguments of an sso-session's explicit device code login (no browser, no headless line).
const DEVICE_LOGIN: [&str; 5] = [
    "login",
    "--sso-session",
    "s",
    "--use-device-code",
    "--no-browser",
];

// Guards: sso-login.md 3.4: SlowDownException adds 5 s to the interval before the next poll
// (interval 1 s: the poll after slow_down comes 6 s later, not 1 s and not much more).
#[test]
fn login_device_flow_slow_down_adds_five_seconds() {
    let home = Home::new(SESSION);
    let server = SsoServer::start();
    server.set(|s| {
        s.interval = 1;
        s.device_polls = ["slow_down", "success"].into();
    });
    let out = home.run(&server, &DEVICE_LOGIN);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let polls = server.device_poll_times();
    assert_eq!(polls.len(), 2, "{out:?}");
    let gap = polls[1] - polls[0];
    assert!(
        gap >= std::time::Duration::from_secs(6) && gap < std::time::Duration::from_millis(7500),
        "the poll after slow_down came {gap:?} later"
    );
    assert!(home.token_path("s").is_file());
}

// Guards: two logins of one session at once (the authorization pending for ~2 s): the lock lets
// one run the device code flow (one RegisterClient, one StartDeviceAuthorization); the other
// waits for it, then finds the new token still good and says so; both exit 0, the token file is
// whole JSON.
#[test]
fn concurrent_logins_run_one_flow() {
    let home = Home::new(SESSION);
    let server = SsoServer::start();
    server.set(|s| s.device_polls = ["pending", "pending", "success"].into());
    let children: Vec<_> = (0..2)
        .map(|_| {
            home.command(&server, &DEVICE_LOGIN)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    for out in &outputs {
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert!(out.stderr.is_empty(), "{out:?}");
    }
    assert_eq!(server.requests_to("/device_authorization").len(), 1);
    assert_eq!(server.requests_to("/client/register").len(), 1);
    let texts: Vec<String> = outputs.iter().map(stdout).collect();
    let flows = texts
        .iter()
        .filter(|t| {
            t.ends_with("Successfully logged into Start URL: https://d-1.awsapps.com/start\n")
        })
        .count();
    let waited = texts
        .iter()
        .filter(|t| {
            t.starts_with("Still logged into Start URL: https://d-1.awsapps.com/start until ")
                && t.lines().count() == 1
        })
        .count();
    assert_eq!((flows, waited), (1, 1), "{texts:?}");
    let token: Value =
        serde_json::from_str(&std::fs::read_to_string(home.token_path("s")).unwrap()).unwrap();
    assert!(token["accessToken"]
        .as_str()
        .unwrap()
        .starts_with("access-"));
    assert!(token["refreshToken"].is_string(), "{token}");
    assert_eq!(temp_files(&home), Vec::<String>::new());
}

/// Starts `cmd` and reads its stdout until it holds `marker`; the child and what it printed.
#[cfg(unix)]
fn spawn_until(cmd: &mut Command, marker: &str) -> (std::process::Child, String) {
    use std::io::Read;
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains(marker) {
        let n = pipe.read(&mut buf).unwrap();
        assert!(
            n > 0,
            "{marker} never printed: {}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buf[..n]);
    }
    (child, String::from_utf8_lossy(&seen).into_owned())
}

// Guards: SIGTERM while the PKCE flow waits for the callback: exit 143, no token file, no
// temporary file, the listener closed (as SIGINT's 130).
#[cfg(unix)]
#[test]
fn login_sigterm_while_waiting_for_the_callback() {
    let home = Home::new(SESSION);
    let server = SsoServer::start();
    server.set(|s| s.authorize = crate::support::sso::Authorize::Ignore);
    let mut cmd = home.command(&server, &["login", "--sso-session", "s", "--no-browser"]);
    cmd.env("BROWSER", "true");
    let (mut child, text) = spawn_until(&mut cmd, "/authorize?");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let port: u16 = text
        .split("127.0.0.1%3A")
        .nth(1)
        .unwrap()
        .split('%')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_ok());
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143), "{status:?}");
    assert!(!home.token_path("s").exists());
    assert_eq!(temp_files(&home), Vec::<String>::new());
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
}

// Guards: SIGTERM between two device code polls: exit 143 at once (not after the interval), no
// token file, no temporary file, no further poll.
#[cfg(unix)]
#[test]
fn login_sigterm_while_polling() {
    let home = Home::new(SESSION);
    let server = SsoServer::start();
    server.set(|s| {
        s.interval = 5;
        s.device_polls = ["pending"].into();
    });
    let (mut child, _) = spawn_until(&mut home.command(&server, &DEVICE_LOGIN), "ABCD-EFGH");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let sent = std::time::Instant::now();
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let status = child.wait().unwrap();
    assert!(sent.elapsed() < std::time::Duration::from_secs(2));
    assert_eq!(status.code(), Some(143), "{status:?}");
    assert_eq!(server.device_poll_times().len(), 1);
    assert!(!home.token_path("s").exists());
    assert_eq!(temp_files(&home), Vec::<String>::new());
}

// Guards: an SSH session is headless even with DISPLAY set (X forwarding): without $BROWSER the
// login uses the device code flow (v2's --no-browser text) and says why in one stderr line, for
// SSH_CONNECTION and for SSH_TTY alike; with $BROWSER set the PKCE flow runs with it.
#[cfg_attr(not(unix), ignore = "the fake browser is a shell script")]
#[test]
fn login_over_ssh_uses_the_device_code_flow() {
    let sessions = [
        ("SSH_CONNECTION", "10.0.0.1 50000 10.0.0.2 22"),
        ("SSH_TTY", "/dev/pts/0"),
    ];
    for (ssh, value) in sessions {
        let home = Home::new(SESSION);
        let server = SsoServer::start();
        let mut cmd = home.command(&server, &["login", "--sso-session", "s"]);
        cmd.env("DISPLAY", ":0").env(ssh, value);
        let out = run(&mut cmd, None);
        assert_eq!(out.status.code(), Some(0), "{ssh}: {out:?}");
        assert_eq!(
            stderr(&out),
            "ssooidc: no browser can be opened here (this is an SSH session): using the device \
             code flow; open the URL below on any device.\n",
            "{ssh}"
        );
        assert!(
            stdout(&out).starts_with("Browser will not be automatically opened.\n"),
            "{ssh}: {out:?}"
        );
        assert_eq!(
            server.requests_to("/device_authorization").len(),
            1,
            "{ssh}"
        );
        assert!(server.requests_to("/authorize").is_empty(), "{ssh}");
        assert!(home.token_path("s").is_file(), "{ssh}");
        assert!(!home.dir.path().join("browser.log").exists());
    }
    let home = Home::new(SESSION);
    let server = SsoServer::start();
    let browser = fake_browser(&home);
    let mut cmd = home.command(&server, &["login", "--sso-session", "s"]);
    cmd.env("DISPLAY", ":0")
        .env("SSH_CONNECTION", "10.0.0.1 50000 10.0.0.2 22")
        .env("SSH_TTY", "/dev/pts/0")
        .env("BROWSER", &browser);
    let out = run(&mut cmd, None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
    assert!(server.requests_to("/device_authorization").is_empty());
    assert_eq!(server.requests_to("/authorize").len(), 1);
    assert_eq!(server.create_tokens("authorization_code").len(), 1);
    let opened = std::fs::read_to_string(home.dir.path().join("browser.log")).unwrap();
    assert!(opened.contains("/authorize?"), "{opened}");
    assert!(home.token_path("s").is_file());
}

/// Limits the files `cmd` writes to `bytes` (RLIMIT_FSIZE), with SIGXFSZ ignored so that a
/// longer write fails with EFBIG instead of killing the process: a full disk, without root.
#[cfg(unix)]
fn limit_file_size(cmd: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit and signal are async-signal-safe; nothing else runs in the hook.
    unsafe {
        cmd.pre_exec(move || {
            if libc::signal(libc::SIGXFSZ, libc::SIG_IGN) == libc::SIG_ERR
                || libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

// Guards: the token write failing (a full disk: EFBIG past RLIMIT_FSIZE) is exit 255 with one
// line naming the file; the previous token file is unchanged (or still absent) and no temporary
// file is left in the cache directory. The registration is cached, so the token is the only
// file written.
#[cfg(unix)]
#[test]
fn login_token_write_failure_keeps_the_old_token() {
    let home = Home::new(SESSION);
    let server = SsoServer::start();
    std::fs::create_dir_all(home.cache_dir()).unwrap();
    let key = registration_key(START_URL, "eu-west-1", "null", "\"s\"");
    std::fs::write(
        home.cache_dir().join(format!("{key}.json")),
        format!(
            r#"{{"clientId": "cid", "clientSecret": "csecret", "expiresAt": "{}", "scopes": ["sso:account:access"]}}"#,
            utc(now() + 30 * 86_400)
        ),
    )
    .unwrap();
    for previous in [None, Some(refreshable("tok-old", 7200))] {
        if let Some(text) = &previous {
            home.token("s", text);
        }
        server.set(|s| s.device_polls = ["pending", "success"].into());
        let mut args = DEVICE_LOGIN.to_vec();
        args.push("--force");
        let mut cmd = home.command(&server, &args);
        limit_file_size(&mut cmd, 64);
        let out = run(&mut cmd, None);
        assert_eq!(out.status.code(), Some(255), "{out:?}");
        let text = stderr(&out);
        let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 1, "{text}");
        assert!(lines[0].contains("[Errno 27]"), "{text}");
        assert!(
            lines[0].contains(&home.token_path("s").display().to_string()),
            "{text}"
        );
        assert!(!stdout(&out).contains("Successfully"), "{out:?}");
        match &previous {
            Some(text) => {
                assert_eq!(
                    &std::fs::read_to_string(home.token_path("s")).unwrap(),
                    text
                )
            }
            None => assert!(!home.token_path("s").exists()),
        }
        assert_eq!(temp_files(&home), Vec::<String>::new());
        assert!(server.requests_to("/client/register").is_empty());
    }
}
