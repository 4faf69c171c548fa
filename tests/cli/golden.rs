//! Golden tests: every case of `tests/fixtures/golden/cases.json` run through ssooidc and compared
//! with what the real AWS CLI v1 printed for it (`aws.json`, recorded by
//! `tests/fixtures/gen/record_golden.py` against the same server script).
//!
//! The expected output is v1's byte for byte, with `ssooidc` for `aws` in the usage block, except
//! where a case carries an `ours` entry: the deliberate differences (policies P1-P7), each with
//! its reason and our own expected exit code and output.
//!
//! Every request is compared strictly with the one v1 sent: method and target, the exact body
//! bytes (so member order and JSON spacing count), and the headers (`header_differences` says
//! how). Where v1's traffic differs by policy (it fetches URL values, P1; it fails on
//! `file:///dev/stdin`, P4; it ignores `AWS_REGION`, P7), `ours.requests_as` names a sibling
//! case whose recording is exactly what ssooidc must send (for P1: the same command line with
//! `cli_follow_urlparam = false`, under which v1 sends URL values as typed). The headers are
//! checked by a test of their own, so that a header difference does not hide the others.

use serde_json::Value;

use crate::support::server::Server;
use crate::support::{run, ssooidc, TempDir};

const CASES: &str = include_str!("../fixtures/golden/cases.json");
const RECORDED: &str = include_str!("../fixtures/golden/aws.json");

/// v1's usage block (with its banner about v2), which ssooidc replaces by its own.
const AWS_USAGE: &str = "usage: \rNote: AWS CLI version 2, the latest major version of the AWS \
CLI, is now stable and recommended for general use. For more information, see the AWS CLI version \
2 installation instructions at: https://docs.aws.amazon.com/cli/latest/userguide/install-cliv2.html\n\
\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, \
you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n";

const OUR_USAGE: &str = "usage: ssooidc [options] <command> [parameters]\nTo see help text, you \
can run:\n\n  ssooidc help\n  ssooidc <command> help\n";

/// One request as the real AWS CLI sent it (from `aws.json`), with the server's port as `{PORT}`.
struct WireRequest {
    method: String,
    path: String,
    /// Every header as sent: name as spelled, in order, duplicates kept.
    headers: Vec<(String, String)>,
    /// The exact body bytes.
    body: Vec<u8>,
}

impl WireRequest {
    fn from_recording(request: &Value) -> WireRequest {
        let text = |name: &str| request[name].as_str().unwrap_or_default().to_owned();
        let headers = request["headers"]
            .as_array()
            .expect("recorded headers: re-record with record_golden.py")
            .iter()
            .map(|pair| {
                (
                    pair[0].as_str().unwrap().to_owned(),
                    pair[1].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let body = match request.get("body_b64").and_then(Value::as_str) {
            Some(encoded) => base64_decode(encoded),
            None => text("body").into_bytes(),
        };
        WireRequest {
            method: text("method"),
            path: text("path"),
            headers,
            body,
        }
    }
}

/// What a case must produce.
struct Expected {
    code: i32,
    stdout: Option<String>,
    stderr: String,
    /// Every request, compared strictly: method, target and body bytes exactly, headers as
    /// `header_differences` says.
    requests: Vec<WireRequest>,
}

fn expected(case: &Value, recorded: &Value, all: &Value) -> Expected {
    let ours = case.get("ours");
    let field = |name: &str| ours.and_then(|o| o.get(name));
    let aws_stdout = recorded["stdout"].as_str().unwrap_or_default();
    let stdout = match field("stdout").and_then(Value::as_str) {
        Some("@success") => Some(all["success_full"]["stdout"].as_str().unwrap().to_owned()),
        Some("@version" | "@any") => None,
        Some(text) => Some(text.to_owned()),
        None => Some(aws_stdout.to_owned()),
    };
    let stderr = match field("stderr").and_then(Value::as_str) {
        Some("@any") => "@any".to_owned(),
        Some(text) => text.to_owned(),
        None if field("code").is_some() => String::new(),
        None => recorded["stderr"]
            .as_str()
            .unwrap_or_default()
            .replace(AWS_USAGE, OUR_USAGE)
            .replace("aws: error: ", "ssooidc: error: "),
    };
    // A case where v1 sends something else than ssooidc (policies P1, P4, P7) names a sibling
    // case whose recording is the exact traffic ssooidc must send: the same command line that v1
    // runs without the difference (e.g. with `cli_follow_urlparam = false`). There is no way
    // to expect a request count without the requests.
    assert!(
        field("requests").is_none(),
        "{}: `ours.requests` is gone: name the recording to compare with in `requests_as`",
        case["name"]
    );
    let source = match field("requests_as").and_then(Value::as_str) {
        Some(sibling) => all
            .get(sibling)
            .unwrap_or_else(|| panic!("requests_as {sibling}: no such recording")),
        None => recorded,
    };
    let requests = source["requests"]
        .as_array()
        .map(|list| list.iter().map(WireRequest::from_recording).collect())
        .unwrap_or_default();
    Expected {
        code: field("code")
            .and_then(Value::as_i64)
            .unwrap_or_else(|| recorded["code"].as_i64().unwrap()) as i32,
        stdout,
        stderr,
        requests,
    }
}

fn field_is(case: &Value, name: &str, value: &str) -> bool {
    case.get("ours")
        .and_then(|o| o.get(name))
        .and_then(Value::as_str)
        == Some(value)
}

/// A case ready to run: its server, its folder and the command.
pub struct Prepared {
    pub server: Server,
    pub dir: TempDir,
    pub cmd: std::process::Command,
    pub stdin: Option<String>,
}

/// Starts the case's server, writes its files and builds its command.
pub fn prepare(case: &Value, spec: &Value) -> Prepared {
    let replies = case["replies"].as_array().cloned().unwrap_or_default();
    let default = case.get("default").unwrap_or(&spec["default"]).clone();
    let server = Server::start(replies, default);
    let dir = TempDir::new();
    let port = server.port.to_string();
    let dir_text = dir.path().to_str().unwrap().to_owned();
    if let Some(files) = case.get("files").and_then(Value::as_object) {
        for (file, content) in files {
            let content = content.as_str().unwrap().replace("{PORT}", &port);
            std::fs::write(dir.path().join(file), content).unwrap();
        }
    }
    let mut cmd = ssooidc(dir.path());
    let args: Vec<String> = case["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            a.as_str()
                .unwrap()
                .replace("{PORT}", &port)
                .replace("{DIR}", &dir_text)
        })
        .collect();
    cmd.args(&args);
    if let Some(env) = case.get("env").and_then(Value::as_object) {
        for (key, value) in env {
            match value.as_str() {
                Some(v) => cmd.env(key, v.replace("{DIR}", &dir_text).replace("{PORT}", &port)),
                None => cmd.env_remove(key),
            };
        }
    }
    let stdin = case.get("stdin").and_then(Value::as_str).map(str::to_owned);
    Prepared {
        server,
        dir,
        cmd,
        stdin,
    }
}

/// The golden cases and the recorded outputs.
pub fn cases() -> (Value, Value) {
    (
        serde_json::from_str(CASES).unwrap(),
        serde_json::from_str(RECORDED).unwrap(),
    )
}

/// The differences one case showed: in exit code, output, request count, targets and bodies;
/// and, apart, in request headers.
#[derive(Default)]
struct Differences {
    general: Vec<String>,
    headers: Vec<String>,
}

/// Runs one case and describes each difference.
fn check(case: &Value, spec: &Value, recorded: &Value) -> Differences {
    let name = case["name"].as_str().unwrap();
    let Prepared {
        server,
        dir,
        mut cmd,
        stdin,
    } = prepare(case, spec);
    let port = server.port.to_string();
    let dir_text = dir.path().to_str().unwrap().to_owned();
    let out = run(&mut cmd, stdin.as_deref());
    let all = serde_json::from_str::<Value>(RECORDED).unwrap();
    let want = expected(case, recorded, &all);
    let normalise = |bytes: &[u8]| {
        String::from_utf8_lossy(bytes)
            .replace(&port, "{PORT}")
            .replace(&dir_text, "{DIR}")
    };
    let stdout = normalise(&out.stdout);
    let stderr = normalise(&out.stderr);
    let mut problems = Vec::new();
    let mut header_problems = Vec::new();
    if out.status.code() != Some(want.code) {
        problems.push(format!("exit {:?}, want {}", out.status.code(), want.code));
    }
    match &want.stdout {
        Some(text) if *text != stdout => {
            problems.push(format!("stdout {stdout:?}\n      want {text:?}"))
        }
        None if field_is(case, "stdout", "@version") && !stdout.starts_with("ssooidc/") => {
            problems.push(format!("stdout {stdout:?}"))
        }
        _ => {}
    }
    if want.stderr != "@any" && stderr != want.stderr {
        problems.push(format!("stderr {stderr:?}\n      want {:?}", want.stderr));
    }
    let requests = server.requests();
    if requests.len() != want.requests.len() {
        problems.push(format!(
            "{} requests, want {}",
            requests.len(),
            want.requests.len()
        ));
    }
    // The recording writes the port as {PORT}; put the real one back and compare raw bytes.
    let with_port = |text: &str| text.replace("{PORT}", &port);
    for (i, (want, got)) in want.requests.iter().zip(&requests).enumerate() {
        let target = format!("{} {}", want.method, with_port(&want.path));
        let got_target = format!("{} {}", got.method, got.path);
        if got_target != target {
            problems.push(format!("request {i}: {got_target:?}, want {target:?}"));
        }
        let body = with_port(&String::from_utf8_lossy(&want.body)).into_bytes();
        let body = if std::str::from_utf8(&want.body).is_ok() {
            body
        } else {
            want.body.clone()
        };
        if got.raw_body != body {
            problems.push(format!(
                "request {i} body {:?}\n      want {:?}",
                String::from_utf8_lossy(&got.raw_body),
                String::from_utf8_lossy(&body)
            ));
        }
        let want_headers: Vec<(String, String)> = want
            .headers
            .iter()
            .map(|(n, v)| (n.clone(), with_port(v)))
            .collect();
        // A signature depends on the time: it is checked with the case's secret (`secret`, else
        // the environment's), not compared.
        if got.header("authorization").is_some() {
            let secret = case["secret"]
                .as_str()
                .or_else(|| case["env"]["AWS_SECRET_ACCESS_KEY"].as_str())
                .unwrap_or_default();
            if let Err(why) = crate::support::sigv4::verify(got, secret) {
                problems.push(format!("request {i}: signature: {why}"));
            }
        }
        for problem in header_differences(
            &want.method,
            &with_port(&want.path),
            &want_headers,
            &got.headers,
        ) {
            header_problems.push(format!("request {i}: {problem}"));
        }
    }
    // One invocation id per run, the same on every attempt, as v1 sends it.
    let ids = |headers: &mut dyn Iterator<Item = &[(String, String)]>| {
        let mut ids: Vec<String> = headers
            .filter_map(|h| header(h, "amz-sdk-invocation-id").map(str::to_owned))
            .collect();
        ids.sort();
        ids.dedup();
        ids.len()
    };
    let want_ids = ids(&mut want.requests.iter().map(|r| r.headers.as_slice()));
    let got_ids = ids(&mut requests.iter().map(|r| r.headers.as_slice()));
    if want_ids != got_ids {
        header_problems.push(format!(
            "{got_ids} distinct amz-sdk-invocation-id values, want {want_ids}"
        ));
    }
    let tag = |p: String| format!("{name}: {p}");
    Differences {
        general: problems.into_iter().map(tag).collect(),
        headers: header_problems.into_iter().map(tag).collect(),
    }
}

/// The value of the first header named `name` (case-insensitively).
fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

// What the recordings show v1 sending (`aws.json`), and how each header is compared:
//
// * `host`, `accept-encoding` (`identity`), `content-type` (`application/json`),
//   `content-length`, `proxy-authorization` and any other header: the same name, the same
//   value, exactly; and no header that v1 does not send. Names are compared lower-cased (HTTP
//   field names are case-insensitive: v1 writes `Content-Type`, ssooidc `content-type`); values
//   exactly.
// * `amz-sdk-request` (`attempt=N`, on retries `attempt=N; max=M`): exactly, except that v1
//   adds `ttl=...; ` when the answer carried a `Date` header; ssooidc never sends a ttl (README,
//   "Differences"), so a ttl is removed from v1's value before comparing. The test server sends
//   no `Date`, so the recordings have none today.
// * `user-agent`: tool-specific. v1's names aws-cli, Python and botocore; ssooidc's must read
//   `ssooidc/VERSION ua/2.1 os/OS md/arch#ARCH cfg/retry-mode#MODE` (README, "Differences"),
//   with the same retry mode as v1's `cfg/retry-mode#`, which makes the header a witness of the
//   resolved retry mode.
// * `amz-sdk-invocation-id`, `x-amz-date`: new on every run, so compared by shape (a UUIDv4; a
//   `YYYYMMDDTHHMMSSZ` time), and the invocation id is the same on every attempt of a run.
// * On a `CONNECT` to a proxy, v1 (Python's `http.client` tunnel) sends no headers but
//   `Proxy-Authorization`; ssooidc's client also sends `Host: TARGET`, which RFC 9112 section
//   3.2 requires of every HTTP/1.1 request, and its User-Agent. Both are allowed there, Host
//   only with the tunnel's target as value.
//
// Header order is not compared: the two do not agree naturally (v1 writes Host first and
// Content-Length last, ssooidc's HTTP client writes Host late) and the order of differently
// named header fields carries no meaning (RFC 9110 section 5.3).
fn header_differences(
    method: &str,
    target: &str,
    want: &[(String, String)],
    got: &[(String, String)],
) -> Vec<String> {
    let lower = |headers: &[(String, String)]| -> Vec<(String, String)> {
        let mut list: Vec<(String, String)> = headers
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
            .collect();
        list.sort();
        list
    };
    let want = lower(want);
    let got = lower(got);
    let mut problems = Vec::new();
    let values = |list: &[(String, String)], name: &str| -> Vec<String> {
        list.iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let mut names: Vec<&String> = want.iter().chain(&got).map(|(n, _)| n).collect();
    names.sort();
    names.dedup();
    for name in names {
        let (want_values, got_values) = (values(&want, name), values(&got, name));
        let connect = method == "CONNECT" && want_values.is_empty();
        let ok = match name.as_str() {
            "host" if connect => got_values == [target],
            "user-agent" if connect => got_values.iter().all(|v| our_user_agent(v, None)),
            "user-agent" => {
                let mode = want_values
                    .first()
                    .and_then(|v| v.split(' ').find_map(|t| t.strip_prefix("cfg/retry-mode#")));
                want_values.len() == 1
                    && got_values.len() == 1
                    && mode.is_some()
                    && our_user_agent(&got_values[0], mode)
            }
            "amz-sdk-invocation-id" => {
                want_values.len() == 1 && got_values.len() == 1 && is_uuid_v4(&got_values[0])
            }
            "x-amz-date" => {
                want_values.len() == 1 && got_values.len() == 1 && is_amz_date(&got_values[0])
            }
            // Same key, scope and signed headers as v1's; the signature itself is verified above.
            "authorization" => {
                let shape = |v: &String| {
                    crate::support::sigv4::parse_authorization(v)
                        .map(|a| (a.access_key_id, a.region, a.service, a.signed_headers))
                };
                want_values.len() == 1
                    && got_values.len() == 1
                    && shape(&want_values[0]).is_some()
                    && shape(&want_values[0]) == shape(&got_values[0])
            }
            // reqwest adds `Accept: */*` to every request and offers no way to leave it out; it
            // means what no Accept header means (RFC 9110, 12.5.1), and the README lists it.
            "accept" => want_values.is_empty() && got_values == ["*/*"],
            "amz-sdk-request" => {
                let want_values: Vec<String> = want_values.iter().map(|v| without_ttl(v)).collect();
                want_values == got_values
            }
            _ => want_values == got_values,
        };
        if !ok {
            problems.push(format!(
                "header {name}: {got_values:?}, want {want_values:?}"
            ));
        }
    }
    problems
}

/// `ssooidc/VERSION ua/2.1 os/OS md/arch#ARCH cfg/retry-mode#MODE`, with `mode` if given.
fn our_user_agent(value: &str, mode: Option<&str>) -> bool {
    let parts: Vec<&str> = value.split(' ').collect();
    let [tool, ua, os, arch, retry] = parts.as_slice() else {
        return false;
    };
    let version = tool.strip_prefix("ssooidc/").unwrap_or_default();
    let retry = retry.strip_prefix("cfg/retry-mode#");
    !version.is_empty()
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-+".contains(c))
        && *ua == "ua/2.1"
        && os.strip_prefix("os/").is_some_and(|o| !o.is_empty())
        && arch.strip_prefix("md/arch#").is_some_and(|a| !a.is_empty())
        && retry.is_some_and(|r| ["legacy", "standard", "adaptive"].contains(&r))
        && mode.is_none_or(|m| retry == Some(m))
}

/// v1's `amz-sdk-request` without its `ttl=...; ` part.
fn without_ttl(value: &str) -> String {
    value
        .split("; ")
        .filter(|part| !part.starts_with("ttl="))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A random (version 4, RFC 4122 variant) UUID in lower-case hex.
fn is_uuid_v4(value: &str) -> bool {
    let groups: Vec<&str> = value.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    lengths == [8, 4, 4, 4, 12]
        && groups.iter().all(|g| {
            g.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
        && groups[2].starts_with('4')
        && groups[3].starts_with(['8', '9', 'a', 'b'])
}

/// `YYYYMMDDTHHMMSSZ`.
fn is_amz_date(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 16
        && b[8] == b'T'
        && b[15] == b'Z'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 8 || i == 15 || c.is_ascii_digit())
}

/// Standard base64 (with padding), for a recorded body that is not UTF-8.
fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|&c| c != b'=') {
        let digit = ALPHABET.iter().position(|&a| a == c).expect("base64 digit") as u32;
        acc = (acc << 6) | digit;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// Every case of one kind run once, shared by the tests below.
struct Results {
    ran: usize,
    general: Vec<String>,
    headers: Vec<String>,
}

/// The results of the cases marked `unix_only`, or of the others: all of them, or the one
/// `GOLDEN_CASE` names.
fn results(unix_only: bool) -> &'static Results {
    static PORTABLE: std::sync::OnceLock<Results> = std::sync::OnceLock::new();
    static UNIX_ONLY: std::sync::OnceLock<Results> = std::sync::OnceLock::new();
    let cell = if unix_only { &UNIX_ONLY } else { &PORTABLE };
    cell.get_or_init(|| {
        let spec: Value = serde_json::from_str(CASES).unwrap();
        let recorded: Value = serde_json::from_str(RECORDED).unwrap();
        let cases = spec["cases"].as_array().unwrap();
        let only = std::env::var("GOLDEN_CASE").ok();
        let mut results = Results {
            ran: 0,
            general: Vec::new(),
            headers: Vec::new(),
        };
        for case in cases {
            let name = case["name"].as_str().unwrap();
            if only.as_deref().is_some_and(|o| o != name) {
                continue;
            }
            if (case["unix_only"] == true) != unix_only {
                continue;
            }
            let record = recorded
                .get(name)
                .unwrap_or_else(|| panic!("no recording for {name}: run record_golden.py"));
            let found = check(case, &spec, record);
            results.general.extend(found.general);
            results.headers.extend(found.headers);
            results.ran += 1;
        }
        // GOLDEN_CASE names one case, which only one of the kinds holds.
        assert!(results.ran > 0 || only.is_some(), "no case ran");
        results
    })
}

/// Exit code, stdout, stderr, and every request's method, target and exact body bytes.
#[test]
fn every_case_matches_the_aws_cli() {
    assert_no_differences(results(false));
}

/// The cases marked `"unix_only": true`: their expected text holds a Unix path (`/dev/stdin`,
/// `{DIR}/config`) or errno's wording (`[Errno 2] No such file or directory`), which Windows
/// does not give. Headers included.
#[test]
#[cfg_attr(
    not(unix),
    ignore = "Unix paths and errno texts in the expected output (cases marked unix_only)"
)]
fn unix_only_cases_match_the_aws_cli() {
    let results = results(true);
    assert_no_differences(results);
    assert_same_headers(results);
}

fn assert_no_differences(results: &Results) {
    assert!(
        results.general.is_empty(),
        "{} differences:\n{}",
        results.general.len(),
        results.general.join("\n")
    );
}

/// Every request's headers, as `header_differences` compares them.
#[test]
fn every_case_sends_the_aws_cli_headers() {
    assert_same_headers(results(false));
}

fn assert_same_headers(results: &Results) {
    // The same difference in many cases is listed once, with the cases it was seen in.
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    for line in &results.headers {
        let (case, problem) = line.split_once(": ").unwrap();
        match grouped.iter_mut().find(|(p, _)| p == problem) {
            Some((_, cases)) => cases.push(case.to_owned()),
            None => grouped.push((problem.to_owned(), vec![case.to_owned()])),
        }
    }
    let report: Vec<String> = grouped
        .iter()
        .map(|(problem, cases)| {
            let shown = cases.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
            format!("{problem}\n      in {} cases: {shown}", cases.len())
        })
        .collect();
    assert!(
        results.headers.is_empty(),
        "{} header differences:\n{}",
        results.headers.len(),
        report.join("\n")
    );
}
