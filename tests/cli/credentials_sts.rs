//! assume-role and assume-role-with-web-identity: the STS requests (form bodies compared
//! exactly, AssumeRole signatures verified with the source secret), the credentials STS hands
//! out signing create-token-with-iam, the CLI's cache, and v1's messages. Expected bodies and
//! texts were recorded from awscli 1.45.11 against the same loopback servers
//! (tests/fixtures/gen/record_sts.py, tests/fixtures/sts/v1.txt).

use serde_json::json;

use crate::support::server::{Recorded, Server};
use crate::support::sigv4::verify;
use crate::support::{run, ssooidc, TempDir};

const ROLE: &str = "arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2F";
const SOURCE: &str =
    "[profile src]\naws_access_key_id = AKIDSRC\naws_secret_access_key = srcsecret\n";

fn answer(op: &str, key: &str, secret: &str, token: &str) -> serde_json::Value {
    let body = format!(
        "<{op}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <{op}Result>\n    \
         <Credentials>\n      <AccessKeyId>{key}</AccessKeyId>\n      \
         <SecretAccessKey>{secret}</SecretAccessKey>\n      <SessionToken>{token}</SessionToken>\n      \
         <Expiration>2031-01-02T03:04:05Z</Expiration>\n    </Credentials>\n    <AssumedRoleUser>\n      \
         <AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId>\n      \
         <Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn>\n    </AssumedRoleUser>\n  </{op}Result>\n  \
         <ResponseMetadata>\n    <RequestId>req-1</RequestId>\n  </ResponseMetadata>\n</{op}Response>\n"
    );
    json!({"status": 200, "body": body, "headers": {"Content-Type": "text/xml"}})
}

fn assumed() -> serde_json::Value {
    answer(
        "AssumeRole",
        "ASIAASSUMED1",
        "assumed-secret-1",
        "assumed-token-1",
    )
}

fn error(status: u16, code: &str, message: &str) -> serde_json::Value {
    let body = format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    \
         <Type>Sender</Type>\n    <Code>{code}</Code>\n    <Message>{message}</Message>\n  \
         </Error>\n  <RequestId>req-e</RequestId>\n</ErrorResponse>\n"
    );
    json!({"status": status, "body": body, "headers": {"Content-Type": "text/xml"}})
}

/// The loopback STS and SSO-OIDC servers and a folder with the config file.
struct Setup {
    sts: Server,
    oidc: Server,
    dir: TempDir,
}

impl Setup {
    fn new(config: &str, sts_replies: Vec<serde_json::Value>) -> Setup {
        let sts = Server::start(sts_replies, assumed());
        let oidc = Server::always(json!({"status": 200, "body": {"accessToken": "at",
                                          "tokenType": "Bearer", "expiresIn": 1}}));
        let dir = TempDir::new();
        std::fs::write(dir.path().join("config"), config.replace("STS", &sts.url())).unwrap();
        Setup { sts, oidc, dir }
    }

    /// create-token-with-iam, STS reached through AWS_ENDPOINT_URL_STS.
    fn command(&self) -> std::process::Command {
        let mut cmd = ssooidc(self.dir.path());
        cmd.args([
            "create-token-with-iam",
            "--client-id",
            "arn:aws:sso::1:application/a",
            "--grant-type",
            "refresh_token",
            "--refresh-token",
            "rt",
            "--endpoint-url",
            &self.oidc.url(),
        ])
        .env("AWS_ENDPOINT_URL_STS", self.sts.url());
        cmd
    }

    fn token_file(&self) -> String {
        let path = self.dir.path().join("token");
        std::fs::write(&path, "eyJ-web-identity-token").unwrap();
        path.to_string_lossy().into_owned()
    }

    /// The one create-token-with-iam request, checked to be signed with `secret` and `token`.
    fn assert_signed_with(&self, key: &str, secret: &str, token: Option<&str>) {
        let requests = self.oidc.requests();
        assert_eq!(requests.len(), 1);
        let auth = verify(&requests[0], secret).unwrap();
        assert_eq!(auth.access_key_id, key);
        assert_eq!(requests[0].header("x-amz-security-token"), token);
    }

    fn cache_file(&self, key: &str) -> Option<serde_json::Value> {
        let path = self
            .dir
            .path()
            .join(".aws/cli/cache")
            .join(format!("{key}.json"));
        let text = std::fs::read_to_string(path).ok()?;
        Some(serde_json::from_str(&text).unwrap())
    }
}

/// The body, with the generated `botocore-session-<seconds>` replaced by `botocore-session-N`.
fn body(request: &Recorded) -> String {
    let text = request.body.clone();
    match text.find("botocore-session-") {
        None => text,
        Some(at) => {
            let start = at + "botocore-session-".len();
            let digits = text[start..].bytes().take_while(u8::is_ascii_digit).count();
            assert!(digits >= 10, "{text}");
            format!("{}N{}", &text[..start], &text[start + digits..])
        }
    }
}

/// An AssumeRole request as botocore sends it, signed with `secret` for `sts` in us-east-1.
fn assert_assume_role(request: &Recorded, key: &str, secret: &str, token: Option<&str>) {
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/")
    );
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded; charset=utf-8")
    );
    let auth = verify(request, secret).unwrap();
    assert_eq!(auth.access_key_id, key);
    assert_eq!(
        (auth.region.as_str(), auth.service.as_str()),
        ("us-east-1", "sts")
    );
    let mut signed = vec!["content-type", "host", "x-amz-date"];
    if token.is_some() {
        signed.push("x-amz-security-token");
    }
    assert_eq!(auth.signed_headers, signed);
    assert_eq!(request.header("x-amz-security-token"), token);
}

fn failure(out: &std::process::Output) -> (Option<i32>, String) {
    assert!(out.stdout.is_empty(), "{out:?}");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn expect_failure(out: &std::process::Output, message: &str) {
    assert_eq!(failure(out), (Some(255), format!("\n{message}\n")));
}

// Guards: a role with a static source profile: botocore's body and signature, the assumed
// credentials sign the call, v1's cache file (name and content), and a second run served from
// it without STS.
#[test]
fn static_source_profile_then_the_cache() {
    let config = format!(
        "[default]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = src\n{SOURCE}"
    );
    let setup = Setup::new(&config, vec![]);
    let out = run(&mut setup.command(), None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let requests = setup.sts.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        body(&requests[0]),
        format!(
            "Action=AssumeRole&Version=2011-06-15&RoleArn={ROLE}r&RoleSessionName=botocore-session-N"
        )
    );
    assert_assume_role(&requests[0], "AKIDSRC", "srcsecret", None);
    setup.assert_signed_with("ASIAASSUMED1", "assumed-secret-1", Some("assumed-token-1"));
    let cached = setup
        .cache_file("6dc9e6e1e186b9f293814df3266de783142c48a2")
        .expect("cache file");
    let length = requests.len(); // the reply's length is the server's
    assert_eq!(length, 1);
    assert_eq!(
        cached["Credentials"],
        json!({"AccessKeyId": "ASIAASSUMED1", "SecretAccessKey": "assumed-secret-1",
               "SessionToken": "assumed-token-1", "Expiration": "2031-01-02T03:04:05Z",
               "AccountId": "123456789012"})
    );
    assert_eq!(
        cached["AssumedRoleUser"],
        json!({"AssumedRoleId": "AROAEXAMPLE:s", "Arn": "arn:aws:sts::123456789012:assumed-role/r/s"})
    );
    let metadata = &cached["ResponseMetadata"];
    assert_eq!(metadata["RequestId"], "req-1");
    assert_eq!(metadata["HTTPStatusCode"], 200);
    assert_eq!(metadata["RetryAttempts"], 0);
    assert_eq!(metadata["HTTPHeaders"]["content-type"], "text/xml");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = setup
            .dir
            .path()
            .join(".aws/cli/cache/6dc9e6e1e186b9f293814df3266de783142c48a2.json");
        let mode = std::fs::metadata(path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Served from the cache: no second STS request.
    let setup2_oidc = Server::always(json!({"status": 200, "body": {}}));
    let mut again = setup.command();
    again.args(["--endpoint-url", &setup2_oidc.url()]);
    let out = run(&mut again, None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(setup.sts.requests().len(), 1);
    let auth = verify(&setup2_oidc.requests()[0], "assumed-secret-1").unwrap();
    assert_eq!(auth.access_key_id, "ASIAASSUMED1");
}

// Guards: role_session_name, external_id and duration_seconds travel in botocore's order, and
// name v1's cache file.
#[test]
fn session_name_external_id_and_duration() {
    let config = format!(
        "[default]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = src\n\
         external_id = ext-1\nrole_session_name = my-session\nduration_seconds = 1800\n{SOURCE}"
    );
    let setup = Setup::new(&config, vec![]);
    let out = run(&mut setup.command(), None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let requests = setup.sts.requests();
    assert_eq!(
        requests[0].body,
        format!(
            "Action=AssumeRole&Version=2011-06-15&RoleSessionName=my-session&ExternalId=ext-1&\
             DurationSeconds=1800&RoleArn={ROLE}r"
        )
    );
    assert_assume_role(&requests[0], "AKIDSRC", "srcsecret", None);
    assert!(setup
        .cache_file("b02e6b05c71472bea3eacf0d4f440b39aaaca73f")
        .is_some());
}

// Guards: two hops: the inner role is assumed with the static keys, the outer one with the
// inner role's credentials (token signed), and the outer credentials sign the call.
#[test]
fn role_chaining_two_hops() {
    let config = format!(
        "[default]\nrole_arn = arn:aws:iam::123456789012:role/top\nsource_profile = mid\n\
         [profile mid]\nrole_arn = arn:aws:iam::123456789012:role/mid\nsource_profile = src\n{SOURCE}"
    );
    let setup = Setup::new(
        &config,
        vec![
            answer("AssumeRole", "ASIAMID", "mid-secret", "mid-token"),
            answer("AssumeRole", "ASIATOP", "top-secret", "top-token"),
        ],
    );
    let out = run(&mut setup.command(), None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let requests = setup.sts.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        body(&requests[0]),
        format!("Action=AssumeRole&Version=2011-06-15&RoleArn={ROLE}mid&RoleSessionName=botocore-session-N")
    );
    assert_assume_role(&requests[0], "AKIDSRC", "srcsecret", None);
    assert_eq!(
        body(&requests[1]),
        format!("Action=AssumeRole&Version=2011-06-15&RoleArn={ROLE}top&RoleSessionName=botocore-session-N")
    );
    assert_assume_role(&requests[1], "ASIAMID", "mid-secret", Some("mid-token"));
    setup.assert_signed_with("ASIATOP", "top-secret", Some("top-token"));
    assert!(setup
        .cache_file("572c7e74c958e1df5e0ef942f16928620ea49c67")
        .is_some());
    assert!(setup
        .cache_file("8564c96408e23e27dc6a875415b2fdea685b4c63")
        .is_some());
}

// Guards: a profile may name itself when it has static keys (v1 assumes the role with them).
#[test]
fn a_profile_sourcing_itself_with_static_keys() {
    let config =
        "[default]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = default\n\
                  aws_access_key_id = AKIDSELF\naws_secret_access_key = selfsecret\n";
    let setup = Setup::new(config, vec![]);
    let out = run(&mut setup.command(), None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_assume_role(&setup.sts.requests()[0], "AKIDSELF", "selfsecret", None);
    setup.assert_signed_with("ASIAASSUMED1", "assumed-secret-1", Some("assumed-token-1"));
}

// Guards: credential_source = Environment signs AssumeRole with the environment's keys.
#[test]
fn credential_source_environment() {
    let config =
        "[default]\nrole_arn = arn:aws:iam::123456789012:role/a\ncredential_source = Environment\n";
    let setup = Setup::new(config, vec![]);
    let mut cmd = setup.command();
    cmd.env("AWS_ACCESS_KEY_ID", "AKIDENV")
        .env("AWS_SECRET_ACCESS_KEY", "envsecret");
    let out = run(&mut cmd, None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // v1: the environment provider comes first and wins; STS is not called.
    assert!(setup.sts.requests().is_empty());
    setup.assert_signed_with("AKIDENV", "envsecret", None);
    // With --profile the environment provider is out of the chain, and becomes the source.
    let setup = Setup::new(
        &format!("{config}[profile other]\nrole_arn = arn:aws:iam::123456789012:role/o\ncredential_source = Environment\n"),
        vec![],
    );
    let mut cmd = setup.command();
    cmd.env("AWS_ACCESS_KEY_ID", "AKIDENV")
        .env("AWS_SECRET_ACCESS_KEY", "envsecret")
        .args(["--profile", "other"]);
    let out = run(&mut cmd, None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_assume_role(&setup.sts.requests()[0], "AKIDENV", "envsecret", None);
    setup.assert_signed_with("ASIAASSUMED1", "assumed-secret-1", Some("assumed-token-1"));
}

// Guards: v1's words for every invalid role configuration, before any STS call.
#[test]
fn invalid_role_configurations_in_v1_words() {
    let cases = [
        (
            "[default]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = b\n\
             [profile b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = default\n",
            "Infinite loop in credential configuration detected. Attempting to load from profile \
             default which has already been visited. Visited profiles: ['default', 'b']",
        ),
        (
            "[default]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = default\n",
            "Infinite loop in credential configuration detected. Attempting to load from profile \
             default which has already been visited. Visited profiles: ['default']",
        ),
        (
            "[default]\nrole_arn = arn:aws:iam::123456789012:role/a\n",
            "Partial credentials found in assume-role, missing: source_profile or credential_source",
        ),
        (
            "[default]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = src\n\
             credential_source = Environment\n[profile src]\naws_access_key_id = A\naws_secret_access_key = B\n",
            "The profile \"default\" contains both source_profile and credential_source.",
        ),
        (
            "[default]\nrole_arn = arn:aws:iam::123456789012:role/a\ncredential_source = environment\n",
            "The credential source \"environment\" referenced in profile \"default\" is not valid.",
        ),
        (
            "[default]\nrole_arn = arn:aws:iam::123456789012:role/a\ncredential_source = Environment\n",
            "Error when retrieving credentials from Environment: No credentials found in \
             credential_source referenced in profile default",
        ),
        (
            "[default]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = nope\n",
            "The source_profile \"nope\" referenced in the profile \"default\" does not exist.",
        ),
        (
            "[default]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = empty\n\
             [profile empty]\nregion = us-east-1\n",
            "The source profile \"empty\" must have credentials.",
        ),
    ];
    for (config, message) in cases {
        let setup = Setup::new(config, vec![]);
        let out = run(&mut setup.command(), None);
        expect_failure(&out, message);
        assert!(setup.sts.requests().is_empty(), "{config}");
        assert!(setup.oidc.requests().is_empty(), "{config}");
    }
}

// Guards: STS's error answer is v1's ClientError text; nothing is signed with anything.
#[test]
fn sts_errors_are_v1s_client_errors() {
    let config = format!(
        "[default]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = src\n{SOURCE}"
    );
    let setup = Setup::new(
        &config,
        vec![error(
            403,
            "AccessDenied",
            "User: arn:aws:iam::1:user/u is not authorized to perform: sts:AssumeRole",
        )],
    );
    let out = run(&mut setup.command(), None);
    expect_failure(
        &out,
        "An error occurred (AccessDenied) when calling the AssumeRole operation: User: \
         arn:aws:iam::1:user/u is not authorized to perform: sts:AssumeRole",
    );
    assert!(setup.oidc.requests().is_empty());
    assert!(setup
        .cache_file("6dc9e6e1e186b9f293814df3266de783142c48a2")
        .is_none());
}

// Guards: a malformed answer is botocore's parse error, without the body (which may hold
// credentials).
#[test]
fn malformed_xml_is_refused() {
    let config = format!(
        "[default]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = src\n{SOURCE}"
    );
    let reply = json!({"status": 200, "body": "<AssumeRoleResponse><SecretAccessKey>leak",
                       "headers": {"Content-Type": "text/xml"}});
    let setup = Setup::new(&config, vec![reply]);
    let out = run(&mut setup.command(), None);
    let (code, stderr) = failure(&out);
    assert_eq!(code, Some(255));
    assert!(
        stderr.starts_with("\nUnable to parse response (")
            && stderr.ends_with("), invalid XML received. Further retries may succeed.\n"),
        "{stderr:?}"
    );
    assert!(!stderr.contains("leak"), "{stderr:?}");
    assert!(setup.oidc.requests().is_empty());
}

// Guards: web identity from the profile: unsigned, botocore's body with the token read from
// the file, the session name given.
#[test]
fn web_identity_from_the_profile() {
    let setup = Setup::new(
        "",
        vec![answer(
            "AssumeRoleWithWebIdentity",
            "ASIAWEB",
            "web-secret",
            "web-token",
        )],
    );
    let token = setup.token_file();
    std::fs::write(
        setup.dir.path().join("config"),
        format!(
            "[default]\nrole_arn = arn:aws:iam::123456789012:role/wi\nweb_identity_token_file = \
             {token}\nrole_session_name = wi-sess\n"
        ),
    )
    .unwrap();
    let out = run(&mut setup.command(), None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let requests = setup.sts.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].body,
        format!(
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=wi-sess&\
             RoleArn={ROLE}wi&WebIdentityToken=eyJ-web-identity-token"
        )
    );
    assert!(requests[0].header("authorization").is_none());
    assert!(requests[0].header("x-amz-security-token").is_none());
    setup.assert_signed_with("ASIAWEB", "web-secret", Some("web-token"));
    assert!(setup
        .cache_file("6f48544a135e6815621450139824c603e04b156d")
        .is_some());
}

// Guards: web identity from the variables (default session name); ignored with --profile.
#[test]
fn web_identity_from_the_environment() {
    let setup = Setup::new(
        "",
        vec![answer(
            "AssumeRoleWithWebIdentity",
            "ASIAWEB",
            "web-secret",
            "web-token",
        )],
    );
    let token = setup.token_file();
    let mut cmd = setup.command();
    cmd.env("AWS_WEB_IDENTITY_TOKEN_FILE", &token)
        .env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/wienv");
    let out = run(&mut cmd, None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let requests = setup.sts.requests();
    assert_eq!(
        body(&requests[0]),
        format!(
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn={ROLE}wienv&\
             RoleSessionName=botocore-session-N&WebIdentityToken=eyJ-web-identity-token"
        )
    );
    setup.assert_signed_with("ASIAWEB", "web-secret", Some("web-token"));
    assert!(setup
        .cache_file("620ae4fcd101bb06829ffd6bbf99fb3c1078c442")
        .is_some());

    let setup = Setup::new(
        "[profile p]\naws_access_key_id = AKIDP\naws_secret_access_key = psecret\n",
        vec![],
    );
    let mut cmd = setup.command();
    cmd.env("AWS_WEB_IDENTITY_TOKEN_FILE", &token)
        .env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/wienv")
        .args(["--profile", "p"]);
    let out = run(&mut cmd, None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(setup.sts.requests().is_empty());
    setup.assert_signed_with("AKIDP", "psecret", None);
}

// Guards: v1's words for a web identity without a role and for STS's error.
#[test]
fn web_identity_failures_in_v1_words() {
    let setup = Setup::new("", vec![]);
    let token = setup.token_file();
    let mut cmd = setup.command();
    cmd.env("AWS_WEB_IDENTITY_TOKEN_FILE", &token);
    expect_failure(
        &run(&mut cmd, None),
        "The provided profile or the current environment is configured to assume role with web \
         identity but has no role ARN configured. Ensure that the profile has the \
         role_arnconfiguration set or the AWS_ROLE_ARN env var is set.",
    );
    assert!(setup.sts.requests().is_empty());

    let setup = Setup::new(
        "",
        vec![error(
            400,
            "InvalidIdentityToken",
            "No OpenIDConnect provider found",
        )],
    );
    let token = setup.token_file();
    let mut cmd = setup.command();
    cmd.env("AWS_WEB_IDENTITY_TOKEN_FILE", &token)
        .env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/wienv");
    expect_failure(
        &run(&mut cmd, None),
        "An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity \
         operation: No OpenIDConnect provider found",
    );
}

// Guards: v1's words for a missing web identity token file, nothing sent.
#[test]
#[cfg_attr(
    not(unix),
    ignore = "expects errno's text and a Unix path; Windows words the error and quotes the path \
              differently"
)]
fn web_identity_missing_token_file_in_v1_words() {
    let setup = Setup::new("", vec![]);
    let missing = setup.dir.path().join("nofile");
    let mut cmd = setup.command();
    cmd.env("AWS_WEB_IDENTITY_TOKEN_FILE", &missing)
        .env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/wienv");
    expect_failure(
        &run(&mut cmd, None),
        &format!(
            "[Errno 2] No such file or directory: '{}'",
            missing.display()
        ),
    );
    assert!(setup.sts.requests().is_empty());
}

// Guards: the `[services]` section's `sts` reaches STS when no variable names an endpoint.
#[test]
fn services_section_names_the_sts_endpoint() {
    let config = format!(
        "[default]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = src\n\
         services = local\n[services local]\nsts =\n  endpoint_url = STS\n{SOURCE}"
    );
    let setup = Setup::new(&config, vec![]);
    let mut cmd = setup.command();
    cmd.env_remove("AWS_ENDPOINT_URL_STS");
    let out = run(&mut cmd, None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(setup.sts.requests().len(), 1);
}

// Guards: --debug shows the STS exchange but no secret: not the source secret, the token file's
// token, nor the assumed credentials.
#[test]
fn debug_never_shows_sts_secrets() {
    let setup = Setup::new(
        "",
        vec![answer(
            "AssumeRoleWithWebIdentity",
            "ASIAWEB",
            "web-secret",
            "web-token",
        )],
    );
    let token = setup.token_file();
    let mut cmd = setup.command();
    cmd.env("AWS_WEB_IDENTITY_TOKEN_FILE", &token)
        .env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/wienv")
        .arg("--debug");
    let out = run(&mut cmd, None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("AssumeRoleWithWebIdentity"), "{stderr}");
    for secret in ["eyJ-web-identity-token", "web-secret", "web-token"] {
        assert!(!stderr.contains(secret), "{secret} in {stderr}");
    }
    let config = format!(
        "[default]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = src\n{SOURCE}"
    );
    let setup = Setup::new(&config, vec![]);
    let out = run(setup.command().arg("--debug"), None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for secret in ["srcsecret", "assumed-secret-1", "assumed-token-1"] {
        assert!(!stderr.contains(secret), "{secret} in {stderr}");
    }
}

// Guards: `credential_source = EcsContainer` takes the container's credentials (with its
// authorization token) as the source of AssumeRole, and the role's credentials sign the call.
#[test]
fn credential_source_ecs_container() {
    let config =
        "[default]\nrole_arn = arn:aws:iam::123456789012:role/a\ncredential_source = EcsContainer\n";
    let setup = Setup::new(config, vec![]);
    let container = Server::always(json!({"status": 200, "body": {
        "AccessKeyId": "AKIDCONTAINER", "SecretAccessKey": "containersecret",
        "Token": "container-token", "Expiration": "2031-01-02T03:04:05Z"}}));
    let mut cmd = setup.command();
    cmd.env(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        format!("{}/creds", container.url()),
    )
    .env("AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-auth");
    let out = run(&mut cmd, None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let asked = container.requests();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].header("authorization"), Some("container-auth"));
    assert_assume_role(
        &setup.sts.requests()[0],
        "AKIDCONTAINER",
        "containersecret",
        Some("container-token"),
    );
    setup.assert_signed_with("ASIAASSUMED1", "assumed-secret-1", Some("assumed-token-1"));
}
