//! Golden tests: every case of `tests/fixtures/golden/cases.json` run through ssooidc and compared
//! with what the real AWS CLI v1 printed for it (`aws.json`, recorded by
//! `tests/fixtures/gen/record_golden.py` against the same server script).
//!
//! The expected output is v1's byte for byte, with `ssooidc` for `aws` in the usage block, except
//! where a case carries an `ours` entry: the deliberate differences (policies P1-P7), each with
//! its reason and our own expected exit code and output.

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

/// What a case must produce.
struct Expected {
    code: i32,
    stdout: Option<String>,
    stderr: String,
    requests: usize,
    bodies: Vec<Value>,
    /// `METHOD target` of each request, with the port as `{PORT}`.
    targets: Vec<String>,
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
    let requests: Vec<Value> = recorded["requests"].as_array().cloned().unwrap_or_default();
    let count = field("requests")
        .and_then(Value::as_u64)
        .map_or(requests.len(), |n| n as usize);
    let (bodies, targets) = if field("requests").is_some() {
        (Vec::new(), Vec::new())
    } else {
        let bodies = requests
            .iter()
            .filter_map(|r| serde_json::from_str(r["body"].as_str()?).ok())
            .collect();
        let targets = requests
            .iter()
            .map(|r| {
                format!(
                    "{} {}",
                    r["method"].as_str().unwrap(),
                    r["path"].as_str().unwrap()
                )
            })
            .collect();
        (bodies, targets)
    };
    Expected {
        code: field("code")
            .and_then(Value::as_i64)
            .unwrap_or_else(|| recorded["code"].as_i64().unwrap()) as i32,
        stdout,
        stderr,
        requests: count,
        bodies,
        targets,
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

/// Runs one case; returns a description of each difference.
fn check(case: &Value, spec: &Value, recorded: &Value) -> Vec<String> {
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
    if requests.len() != want.requests {
        problems.push(format!(
            "{} requests, want {}",
            requests.len(),
            want.requests
        ));
    }
    for (i, target) in want.targets.iter().enumerate() {
        let got = requests
            .get(i)
            .map(|r| format!("{} {}", r.method, r.path.replace(&port, "{PORT}")));
        if got.as_deref() != Some(target.as_str()) {
            problems.push(format!("request {i} {got:?}, want {target:?}"));
        }
    }
    for (i, body) in want.bodies.iter().enumerate() {
        let got: Option<Value> = requests
            .get(i)
            .and_then(|r| serde_json::from_str(&r.body).ok());
        if got.as_ref() != Some(body) {
            problems.push(format!("request {i} body {got:?}, want {body:?}"));
        }
    }
    problems
        .into_iter()
        .map(|p| format!("{name}: {p}"))
        .collect()
}

#[test]
fn every_case_matches_the_aws_cli() {
    run_cases(false);
}

/// The cases marked `"unix_only": true`: their expected text holds a Unix path (`/dev/stdin`,
/// `{DIR}/config`) or errno's wording (`[Errno 2] No such file or directory`), which Windows
/// does not give.
#[test]
#[cfg_attr(
    not(unix),
    ignore = "Unix paths and errno texts in the expected output (cases marked unix_only)"
)]
fn unix_only_cases_match_the_aws_cli() {
    run_cases(true);
}

/// Runs the cases marked `unix_only`, or the others: all of them, or the one `GOLDEN_CASE` names.
fn run_cases(unix_only: bool) {
    let spec: Value = serde_json::from_str(CASES).unwrap();
    let recorded: Value = serde_json::from_str(RECORDED).unwrap();
    let cases = spec["cases"].as_array().unwrap();
    let only = std::env::var("GOLDEN_CASE").ok();
    let mut failures = Vec::new();
    let mut ran = 0;
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
        failures.extend(check(case, &spec, record));
        ran += 1;
    }
    // GOLDEN_CASE names one case, which one of the two tests runs.
    assert!(ran > 0 || only.is_some(), "no case ran");
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
