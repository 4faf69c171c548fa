//! The fuzz targets' bodies, shared by `cargo fuzz` (`fuzz_targets/*.rs`) and by the stable
//! randomized test `tests/robustness/fuzz_stable.rs`, so both exercise exactly the same code.
//!
//! Each function must never panic, whatever the bytes; the invariants it checks with `assert!`
//! are properties of the real code (a failed one is a bug, reported as a crash by the fuzzer).

use ssooidc::cli::input;
use ssooidc::cli::{OperationArgs, RawValue};
use ssooidc::net::transport::Response;
use ssooidc::output::render::{self, Format};
use ssooidc::python::value::Value;
use ssooidc::service::model::REGISTER_CLIENT;
use ssooidc::service::response::{self, Answer};

/// Input path: JSON text -> `json::parse` -> flags merged with `--cli-input-json` -> validation.
/// The first byte chooses which flags are also given, the rest is the JSON text.
pub fn input_path(data: &[u8]) {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    // `file://` and `fileb://` values read files: a fuzzer must not wander the file system.
    if text.contains("file://") || text.contains("fileb://") {
        return;
    }
    let parsed = ssooidc::python::json::parse(&text);
    let mut params = Vec::new();
    for (bit, member) in REGISTER_CLIENT.input.iter().enumerate().take(8) {
        if choice & (1 << bit) == 0 {
            continue;
        }
        let raw = match member.kind {
            ssooidc::service::model::MemberType::StringList if bit % 2 == 0 => {
                // A single value starting with `[` goes through the JSON decoder too.
                RawValue::List(vec![text.clone()])
            }
            ssooidc::service::model::MemberType::StringList => RawValue::List(vec!["flag".into()]),
            _ => RawValue::One(format!("flag-{bit}")),
        };
        params.push((member, raw));
    }
    let args = OperationArgs {
        operation: &REGISTER_CLIENT,
        params,
        cli_input_json: Some(text.clone()),
        skeleton: None,
    };
    let Ok(flags) = input::from_flags(&args) else {
        return;
    };
    let merged = input::merge_cli_input_json(flags.clone(), &args);
    match (&parsed, &merged) {
        (Ok(Value::Object(_)), Ok(merged)) => {
            // Flags win per member.
            for (name, value) in &flags {
                assert_eq!(merged.get(name), Some(value), "flag {name} lost");
            }
            if let Err(ssooidc::error::Error::Validation(lines)) =
                input::validate(&REGISTER_CLIENT, merged)
            {
                assert_validation_order(&lines);
            }
        }
        (Ok(_), Ok(_)) => panic!("a JSON text that is not an object was merged"),
        (Err(_), Ok(_)) => panic!("JSON that does not parse was merged"),
        (_, Err(_)) => {}
    }
}

/// v1's order: missing required members, then unknown members, then wrong types.
pub fn assert_validation_order(lines: &[String]) {
    let rank = |line: &String| {
        if line.starts_with("Missing required parameter") {
            0
        } else if line.starts_with("Unknown parameter") {
            1
        } else {
            assert!(line.starts_with("Invalid type for parameter"), "{line}");
            2
        }
    };
    let ranks: Vec<u8> = lines.iter().map(rank).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");
}

/// Response path: status, headers and body bytes -> `response::interpret` -> every output
/// format. Layout: 2 bytes of status, then header lines (`name:value`) up to a NUL, then body.
pub fn response_path(data: &[u8]) {
    let (status, rest) = match data {
        [a, b, rest @ ..] => (u16::from_le_bytes([*a, *b]), rest),
        _ => return,
    };
    let (head, body) = match rest.iter().position(|&b| b == 0) {
        Some(nul) => (&rest[..nul], &rest[nul + 1..]),
        None => (&[][..], rest),
    };
    let headers = String::from_utf8_lossy(head)
        .lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let response = Response {
        status,
        headers,
        body: body.to_vec().into(),
    };
    let _ = ssooidc::debug::redacted_json(&String::from_utf8_lossy(body));
    match response::interpret(&REGISTER_CLIENT, &response) {
        Ok(Answer::Success(members)) => {
            assert!(status < 301, "HTTP {status} read as a success");
            for format in [Format::Json, Format::Text, Format::Table] {
                let _ = render::render(format, REGISTER_CLIENT.name, &members, None, false);
            }
        }
        Ok(Answer::Failure(error)) => {
            assert!(status >= 301, "HTTP {status} read as a failure");
            // The code may be empty: botocore takes an empty x-amzn-ErrorType as it is.
            assert_eq!(error.status, status);
        }
        Err(reason) => assert!(!reason.contains('\n'), "{reason}"),
    }
}
