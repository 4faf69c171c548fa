//! `ssooidc export-credentials`: the AWS CLI v2's `aws configure export-credentials` output
//! (exportcreds.py, sso-login.md §9) for every format; SSO role credentials cached in the CLI
//! v2's `~/.aws/cli/cache` (§1.8), read back by botocore's own code; one portal call for many
//! concurrent runs; the recursion barrier; botocore and the AWS CLI v1 using ssooidc as their
//! `credential_process`. Every server is a loopback one that the test starts.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

use crate::support::server::Server;
use crate::support::sigv4::verify;
use crate::support::time::{clock, now, sha1_hex};
use crate::support::{python_with_botocore, run, set_home, ssooidc, TempDir};

const ROLE_SECRET: &str = "role-secret-EXAMPLE";
const ROLE_TOKEN: &str = "role-session-EXAMPLE";
const SESSION: &str = "[profile sso-prof]\nsso_session = s\nsso_account_id = 111122223333\n\
                       sso_role_name = Admin\n[sso-session s]\n\
                       sso_start_url = https://d-1.awsapps.com/start\nsso_region = eu-west-1\n";
const LEGACY: &str = "[profile legacy]\nsso_start_url = https://d-1.awsapps.com/start\n\
                      sso_region = us-east-1\nsso_account_id = 111122223333\n\
                      sso_role_name = Admin\n";

/// A test's HOME with its config file.
struct Home {
    dir: TempDir,
}

impl Home {
    fn new(config: &str) -> Home {
        let dir = TempDir::new();
        std::fs::write(dir.path().join("config"), config).unwrap();
        Home { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn role_cache_dir(&self) -> PathBuf {
        self.path().join(".aws").join("cli").join("cache")
    }

    /// The session's (or start URL's) token, valid for `expires_in` seconds.
    fn token(&self, key: &str, expires_in: i64) {
        let dir = self.path().join(".aws").join("sso").join("cache");
        std::fs::create_dir_all(&dir).unwrap();
        let text = json!({"startUrl": "https://d-1.awsapps.com/start", "region": "eu-west-1",
                          "accessToken": "tok-valid", "expiresAt": format!("{}Z", clock(now() + expires_in))});
        std::fs::write(
            dir.join(format!("{}.json", sha1_hex(key))),
            text.to_string(),
        )
        .unwrap();
    }

    /// `ssooidc export-credentials ARGS` with the portal at `portal`.
    fn export(&self, portal: Option<&Server>, args: &[&str]) -> Command {
        let mut cmd = ssooidc(self.path());
        cmd.arg("export-credentials").args(args);
        if let Some(portal) = portal {
            cmd.env("AWS_ENDPOINT_URL_SSO", portal.url());
        }
        cmd
    }
}

/// The portal's answer: role credentials expiring at `expiration` (seconds).
fn role_answer(expiration: i64) -> Value {
    json!({"status": 200, "body": {"roleCredentials": {
        "accessKeyId": "ASIAROLE", "secretAccessKey": ROLE_SECRET,
        "sessionToken": ROLE_TOKEN, "expiration": expiration * 1000 + 999}}})
}

fn unexpected() -> Value {
    json!({"status": 500, "body": {"message": "unexpected request"}})
}

fn stdout(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn assert_failure(out: &Output, stderr: &str) {
    assert_eq!(out.status.code(), Some(255), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), stderr);
}

/// What exportcreds.py prints for these values in `format`.
fn expected(
    format: &str,
    key: &str,
    secret: &str,
    token: Option<&str>,
    exp: Option<&str>,
) -> String {
    if format == "process" {
        let mut text = format!(
            "{{\n  \"Version\": 1,\n  \"AccessKeyId\": \"{key}\",\n  \"SecretAccessKey\": \"{secret}\""
        );
        if let Some(token) = token {
            text.push_str(&format!(",\n  \"SessionToken\": \"{token}\""));
        }
        if let Some(exp) = exp {
            text.push_str(&format!(",\n  \"Expiration\": \"{exp}\""));
        }
        return text + "\n}\n";
    }
    let line = |name: &str, value: &str| match format {
        "env" => format!("export {name}={value}\n"),
        "env-no-export" => format!("{name}={value}\n"),
        "powershell" => format!("$Env:{name}=\"{value}\"\n"),
        "windows-cmd" => format!("set {name}={value}\n"),
        "fish" => format!("set -gx {name} \"{value}\"\n"),
        other => panic!("no format {other}"),
    };
    let mut text = line("AWS_ACCESS_KEY_ID", key) + &line("AWS_SECRET_ACCESS_KEY", secret);
    if let Some(token) = token {
        text.push_str(&line("AWS_SESSION_TOKEN", token));
    }
    if let Some(exp) = exp {
        text.push_str(&line("AWS_CREDENTIAL_EXPIRATION", exp));
    }
    text
}

const FORMATS: [&str; 6] = [
    "process",
    "env",
    "env-no-export",
    "powershell",
    "windows-cmd",
    "fish",
];

// Guards: every format's bytes for static keys (credentials file), session credentials (config
// file) and expiring ones (environment, the expiry in isoformat's `+00:00` form); `--query` and
// `--output` change nothing; `process` is the default.
#[test]
fn golden_output_for_every_format() {
    let home = Home::new(
        "[profile session]\naws_access_key_id = AKIDSESSION\n\
                          aws_secret_access_key = sess/secret+x\naws_session_token = sess-token\n",
    );
    std::fs::write(
        home.path().join("credentials"),
        "[static]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = static/secret\n",
    )
    .unwrap();
    for format in FORMATS {
        let fmt = ["--format", format];
        let out = run(
            &mut home.export(None, &[&fmt[..], &["--profile", "static"]].concat()),
            None,
        );
        assert_eq!(
            stdout(&out),
            expected(format, "AKIDSTATIC", "static/secret", None, None)
        );
        let out = run(
            &mut home.export(None, &[&fmt[..], &["--profile", "session"]].concat()),
            None,
        );
        assert_eq!(
            stdout(&out),
            expected(
                format,
                "AKIDSESSION",
                "sess/secret+x",
                Some("sess-token"),
                None
            )
        );
        let mut cmd = home.export(None, &fmt);
        cmd.env("AWS_ACCESS_KEY_ID", "ASIAENV")
            .env("AWS_SECRET_ACCESS_KEY", "env-secret")
            .env("AWS_SESSION_TOKEN", "env-token")
            .env("AWS_CREDENTIAL_EXPIRATION", "2099-12-01T06:00:00Z");
        assert_eq!(
            stdout(&run(&mut cmd, None)),
            expected(
                format,
                "ASIAENV",
                "env-secret",
                Some("env-token"),
                Some("2099-12-01T06:00:00+00:00")
            )
        );
    }
    let out = run(
        &mut home.export(
            None,
            &["--profile", "static", "--query", "x", "--output", "text"],
        ),
        None,
    );
    assert_eq!(
        stdout(&out),
        expected("process", "AKIDSTATIC", "static/secret", None, None)
    );
}

// Guards: v2's failure texts (with its blank lines), exit 255.
#[test]
fn failures_read_as_v2s() {
    let home = Home::new("[profile empty]\nregion = us-east-1\n");
    let out = run(&mut home.export(None, &["--profile", "empty"]), None);
    assert_failure(
        &out,
        "\nUnable to retrieve credentials: no credentials found\n",
    );
    let out = run(&mut home.export(None, &["--profile", "missing"]), None);
    assert_failure(
        &out,
        "\nUnable to retrieve credentials: The config profile (missing) could not be found\n\n",
    );
    let out = run(&mut home.export(None, &["--format", "yaml"]), None);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

/// The cache file's name and bytes for the session profile's role (sso-login.md §1.8).
fn cache_file(home: &Home, expiration: i64) -> (PathBuf, String) {
    let name = sha1_hex(r#"{"accountId":"111122223333","roleName":"Admin","sessionName":"s"}"#);
    let path = home.role_cache_dir().join(format!("{name}.json"));
    let bytes = format!(
        "{{\"ProviderType\": \"sso\", \"Credentials\": {{\"AccessKeyId\": \"ASIAROLE\", \
         \"SecretAccessKey\": \"{ROLE_SECRET}\", \"SessionToken\": \"{ROLE_TOKEN}\", \
         \"Expiration\": \"{}Z\", \"AccountId\": \"111122223333\"}}}}",
        clock(expiration)
    );
    (path, bytes)
}

// Guards: the first call makes one portal request and writes the CLI v2's cache file (its name,
// its bytes, 0600 in a 0700 directory); the second answers from it without any request.
#[test]
fn sso_role_credentials_are_cached() {
    let home = Home::new(SESSION);
    home.token("s", 7200);
    let expiration = now() + 3600;
    let portal = Server::start(vec![role_answer(expiration)], unexpected());
    let want = expected(
        "process",
        "ASIAROLE",
        ROLE_SECRET,
        Some(ROLE_TOKEN),
        Some(&format!("{}+00:00", clock(expiration))),
    );
    let first = run(
        &mut home.export(Some(&portal), &["--profile", "sso-prof"]),
        None,
    );
    assert_eq!(stdout(&first), want);
    let requests = portal.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].path,
        "/federation/credentials?role_name=Admin&account_id=111122223333"
    );
    assert_eq!(
        requests[0].header("x-amz-sso_bearer_token"),
        Some("tok-valid")
    );
    let (path, bytes) = cache_file(&home, expiration);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), bytes);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&home.role_cache_dir()), 0o700);
    }
    let second = run(
        &mut home.export(Some(&portal), &["--profile", "sso-prof"]),
        None,
    );
    assert_eq!(stdout(&second), want);
    assert_eq!(portal.requests().len(), 1);
    // Even with the token gone, the cache answers.
    std::fs::remove_dir_all(home.path().join(".aws").join("sso")).unwrap();
    let third = run(
        &mut home.export(None, &["--profile", "sso-prof", "--format", "env"]),
        None,
    );
    assert!(stdout(&third).starts_with("export AWS_ACCESS_KEY_ID=ASIAROLE\n"));
}

// Guards: credentials with under 15 minutes left, and a corrupt file, are fetched anew and
// replaced; create-token-with-iam (v1's chain) neither reads nor writes this cache.
#[test]
fn stale_or_corrupt_cache_is_replaced() {
    let home = Home::new(SESSION);
    home.token("s", 7200);
    let (path, _) = cache_file(&home, 0);
    std::fs::create_dir_all(home.role_cache_dir()).unwrap();
    let expiration = now() + 3600;
    let portal = Server::always(role_answer(expiration));
    for stale in [
        cache_file(&home, now() + 800).1,
        "{\"Credentials\": ".to_owned(),
    ] {
        std::fs::write(&path, stale).unwrap();
        let before = portal.requests().len();
        let out = run(
            &mut home.export(Some(&portal), &["--profile", "sso-prof"]),
            None,
        );
        assert!(stdout(&out).contains("\"AccessKeyId\": \"ASIAROLE\""));
        assert_eq!(portal.requests().len(), before + 1);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            cache_file(&home, expiration).1
        );
    }
    let mut cmd = ssooidc(home.path());
    cmd.args([
        "create-token-with-iam",
        "--client-id",
        "c",
        "--grant-type",
        "refresh_token",
    ])
    .args(["--refresh-token", "r", "--profile", "sso-prof"])
    .args(["--endpoint-url", &portal.url()])
    .env("AWS_ENDPOINT_URL_SSO", portal.url());
    let before = portal.requests().len();
    let _ = run(&mut cmd, None);
    // GetRoleCredentials and the signed call: the cache was not used.
    assert_eq!(portal.requests().len(), before + 2);
}

// Guards: 50 concurrent runs with an empty cache make one portal call; all print the same.
#[test]
fn concurrent_runs_make_one_portal_call() {
    let home = Home::new(SESSION);
    home.token("s", 7200);
    let portal = Server::always(role_answer(now() + 3600));
    let children: Vec<_> = (0..50)
        .map(|_| {
            home.export(Some(&portal), &["--profile", "sso-prof"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn ssooidc")
        })
        .collect();
    let outputs: Vec<String> = children
        .into_iter()
        .map(|child| stdout(&child.wait_with_output().unwrap()))
        .collect();
    assert_eq!(portal.requests().len(), 1);
    assert!(outputs.iter().all(|out| *out == outputs[0]));
}

// Guards: never interactive: an expired or missing session is one line naming the ssooidc
// login to run (the session for sso-session profiles, the profile for legacy ones), no request.
#[test]
fn expired_session_names_the_login_to_run() {
    let home = Home::new(&format!("{SESSION}{LEGACY}"));
    let portal = Server::always(unexpected());
    let line = |login: &str| {
        format!(
            "\nUnable to retrieve credentials: the SSO session has expired or is otherwise \
             invalid. Run \"{login}\" to log in again.\n\n"
        )
    };
    let session = || home.export(Some(&portal), &["--profile", "sso-prof"]);
    assert_failure(
        &run(&mut session(), None),
        &line("ssooidc login --sso-session s"),
    );
    home.token("s", -60);
    assert_failure(
        &run(&mut session(), None),
        &line("ssooidc login --sso-session s"),
    );
    home.token("https://d-1.awsapps.com/start", -60);
    let out = run(
        &mut home.export(Some(&portal), &["--profile", "legacy"]),
        None,
    );
    assert_failure(&out, &line("ssooidc login --profile legacy"));
    assert!(portal.requests().is_empty());
    // A token the portal refuses.
    home.token("s", 7200);
    let refused = Server::always(json!({"status": 401, "body": {
        "__type": "UnauthorizedException", "message": "Session token not found or invalid"}}));
    let out = run(
        &mut home.export(Some(&refused), &["--profile", "sso-prof"]),
        None,
    );
    assert_failure(&out, &line("ssooidc login --sso-session s"));
}

// Guards: the secret key and session token reach stdout only: not --debug, not an error.
#[test]
fn secrets_only_on_stdout() {
    let home = Home::new(SESSION);
    home.token("s", 7200);
    let portal = Server::always(role_answer(now() + 3600));
    for _ in 0..2 {
        let out = run(
            &mut home.export(Some(&portal), &["--profile", "sso-prof", "--debug"]),
            None,
        );
        assert!(stdout(&out).contains(ROLE_SECRET));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("sso: role credentials"), "{stderr}");
        for secret in [ROLE_SECRET, ROLE_TOKEN, "tok-valid"] {
            assert!(!stderr.contains(secret), "{secret} in {stderr}");
        }
    }
}

/// A config whose profiles run the built ssooidc as their `credential_process`.
fn process_profile(name: &str, target: &str) -> String {
    format!(
        "[profile {name}]\ncredential_process = {} export-credentials --profile {target}\n",
        assert_cmd::cargo::cargo_bin("ssooidc").display()
    )
}

// Guards: the recursion barrier: a profile whose credential_process is ssooidc for another
// works (the chain variable passed on); a -> b -> a is refused with v2's cycle message, and the
// fifth level with v2's maximum.
#[test]
fn recursion_barrier() {
    let config = [
        process_profile("a", "b"),
        process_profile("b", "a"),
        process_profile("p1", "p2"),
        process_profile("p2", "p3"),
        process_profile("p3", "static"),
        process_profile("q1", "q2"),
        process_profile("q2", "q3"),
        process_profile("q3", "q4"),
        process_profile("q4", "q5"),
        process_profile("q5", "static"),
        "[profile static]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = s3cret\n"
            .to_owned(),
    ]
    .concat();
    let home = Home::new(&config);
    let out = run(&mut home.export(None, &["--profile", "p1"]), None);
    assert_eq!(
        stdout(&out),
        expected("process", "AKIDSTATIC", "s3cret", None, None)
    );
    let out = run(&mut home.export(None, &["--profile", "a"]), None);
    assert_eq!(out.status.code(), Some(255));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "Credential process resolution detected an infinite loop, profile cycle: a -> b -> a"
        ),
        "{stderr}"
    );
    let out = run(&mut home.export(None, &["--profile", "q1"]), None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "Maximum recursive credential process resolution reached (4).\n\
             Profiles seen: q1 -> q2 -> q3 -> q4"
        ),
        "{stderr}"
    );
    // The variable as a caller sets it: the cycle is found at once.
    let mut cmd = home.export(None, &["--profile", "static"]);
    cmd.env("_AWS_CLI_PROFILE_CHAIN", "x,static");
    assert_failure(
        &run(&mut cmd, None),
        "\nCredential process resolution detected an infinite loop, profile cycle: \
         x -> static -> static\n\n",
    );
}

fn python(script: &str, home: &Home, portal: &Server, args: &[&str]) -> Output {
    let mut cmd = Command::new(python_with_botocore());
    cmd.args(["-c", script])
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    let out = set_home(&mut cmd, home.path())
        .env("AWS_CONFIG_FILE", home.path().join("config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            home.path().join("credentials"),
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ENDPOINT_URL_SSO", portal.url())
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

// Guards: botocore 1.43.11 with `credential_process = ssooidc export-credentials --profile
// sso-prof` gets exactly the credentials the portal issued (expiry included), and the AWS CLI
// v1 signs with them a request that the SigV4 check accepts.
#[test]
fn botocore_and_aws_cli_v1_use_ssooidc_as_credential_process() {
    let home = Home::new(&format!("{SESSION}{}", process_profile("tool", "sso-prof")));
    home.token("s", 7200);
    let expiration = now() + 3600;
    let portal = Server::start(
        vec![role_answer(expiration)],
        json!({"status": 200, "body": {"accessToken": "at", "tokenType": "Bearer", "expiresIn": 3600}}),
    );
    let script = r#"
import json, botocore.session
creds = botocore.session.Session(profile="tool").get_credentials()
frozen = creds.get_frozen_credentials()
print(json.dumps([frozen.access_key, frozen.secret_key, frozen.token,
                  creds._expiry_time.isoformat(), creds.method]))
"#;
    let out = python(script, &home, &portal, &[]);
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        got,
        json!([
            "ASIAROLE",
            ROLE_SECRET,
            ROLE_TOKEN,
            format!("{}+00:00", clock(expiration)),
            "custom-process"
        ])
    );
    assert_eq!(portal.requests().len(), 1);
    // The AWS CLI v1 itself (its credential_process answered from the cache now).
    let out = python(
        "import sys; from awscli.clidriver import main; sys.exit(main())",
        &home,
        &portal,
        &[
            "sso-oidc",
            "create-token-with-iam",
            "--client-id",
            "c",
            "--grant-type",
            "refresh_token",
            "--refresh-token",
            "r",
            "--region",
            "us-east-1",
            "--profile",
            "tool",
            "--endpoint-url",
            &portal.url(),
        ],
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"accessToken\": \"at\""));
    let requests = portal.requests();
    assert_eq!(requests.len(), 2);
    let auth = verify(&requests[1], ROLE_SECRET).expect("signed with the role's secret");
    assert_eq!(auth.access_key_id, "ASIAROLE");
    assert_eq!(requests[1].header("x-amz-security-token"), Some(ROLE_TOKEN));
}

// Guards: botocore's own SSOCredentialFetcher, given the CLI v2's JSONFileCache of
// ~/.aws/cli/cache, finds our file under its own key and reads our credentials from it (it
// would call its client otherwise, which fails here); and ssooidc answers from a file that
// botocore wrote, without a request.
#[test]
fn botocore_reads_our_cache_and_we_read_botocores() {
    let home = Home::new(SESSION);
    home.token("s", 7200);
    let expiration = now() + 3600;
    let portal = Server::start(vec![role_answer(expiration)], unexpected());
    let out = run(
        &mut home.export(Some(&portal), &["--profile", "sso-prof"]),
        None,
    );
    stdout(&out);
    let script = r#"
import json, sys
from botocore.credentials import SSOCredentialFetcher
from botocore.utils import JSONFileCache
cache_dir, session, expiration = sys.argv[1], sys.argv[2] or None, int(sys.argv[3])
class Client:
    def get_role_credentials(self, **kwargs):
        return {"roleCredentials": {"accessKeyId": "ASIABOTO", "secretAccessKey": "boto-secret",
                "sessionToken": "boto-token", "expiration": expiration * 1000}}
def no_client(*args, **kwargs):
    if sys.argv[4] == "fetch":
        return Client()
    raise RuntimeError("botocore called the portal")
class Token:
    def load_token(self):
        return self
    def get_frozen_token(self):
        class T: token = "tok"
        return T()
fetcher = SSOCredentialFetcher("https://d-1.awsapps.com/start", "eu-west-1", "Admin",
                               "111122223333", no_client, cache=JSONFileCache(cache_dir),
                               token_provider=Token(), sso_session_name=session)
print(json.dumps([fetcher._create_cache_key(), fetcher.fetch_credentials()]))
"#;
    let cache_dir = home.role_cache_dir();
    let cache_dir = cache_dir.to_str().unwrap();
    let exp = expiration.to_string();
    let out = python(script, &home, &portal, &[cache_dir, "s", &exp, "read"]);
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    let (path, _) = cache_file(&home, expiration);
    assert_eq!(
        got[0].as_str().unwrap(),
        path.file_stem().unwrap().to_str().unwrap()
    );
    assert_eq!(
        got[1],
        json!({"access_key": "ASIAROLE", "secret_key": ROLE_SECRET, "token": ROLE_TOKEN,
               "expiry_time": format!("{}Z", clock(expiration)), "account_id": "111122223333"})
    );
    // botocore writes a legacy profile's entry; ssooidc reads it and asks nobody.
    let home = Home::new(LEGACY);
    let cache_dir = home.role_cache_dir();
    let out = python(
        script,
        &home,
        &portal,
        &[cache_dir.to_str().unwrap(), "", &exp, "fetch"],
    );
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        got[0].as_str().unwrap(),
        sha1_hex(
            r#"{"accountId":"111122223333","roleName":"Admin","startUrl":"https://d-1.awsapps.com/start"}"#
        )
    );
    let before = portal.requests().len();
    let out = run(
        &mut home.export(Some(&portal), &["--profile", "legacy", "--format", "env"]),
        None,
    );
    assert_eq!(
        stdout(&out),
        expected(
            "env",
            "ASIABOTO",
            "boto-secret",
            Some("boto-token"),
            Some(&format!("{}+00:00", clock(expiration)))
        )
    );
    assert_eq!(portal.requests().len(), before);
}
