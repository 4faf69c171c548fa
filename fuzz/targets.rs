//! The fuzz targets' bodies, shared by `cargo fuzz` (`fuzz_targets/*.rs`) and by the stable
//! randomized test `tests/robustness/fuzz_stable.rs`, so both exercise exactly the same code.
//!
//! Each function must never panic, whatever the bytes; the invariants it checks with `assert!`
//! are properties of the real code (a failed one is a bug, reported as a crash by the fuzzer).

use ssooidc::cli::input;
use ssooidc::net::transport::Response;
use ssooidc::output::render::{self, Format};
use ssooidc::python::value::{Map, Value};
use ssooidc::service::model::REGISTER_CLIENT;
use ssooidc::service::response::{self, Answer};

/// Input path: JSON text -> `json::parse` -> merged under the flags' values -> validation.
/// The first byte chooses which members the flags give (and of what shape), the rest is the JSON
/// text.
pub fn input_path(data: &[u8]) {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let parsed = ssooidc::python::json::parse(&text);
    let mut flags = Map::new();
    for (bit, member) in REGISTER_CLIENT.input.iter().enumerate().take(8) {
        if choice & (1 << bit) == 0 {
            continue;
        }
        let value = match (member.kind.is_list(), &parsed) {
            // Some list members take the document itself, whatever its type.
            (true, Ok(document)) if bit % 2 == 0 => document.clone(),
            (true, _) => Value::Array(vec![Value::from("flag")]),
            (false, _) => Value::from(format!("flag-{bit}")),
        };
        flags.insert(member.name.to_owned(), value);
    }
    let Ok(document) = parsed else {
        return;
    };
    let is_object = matches!(document, Value::Object(_));
    match input::merge(flags.clone(), document) {
        Ok(merged) => {
            assert!(is_object, "a JSON text that is not an object was merged");
            // Flags win per member.
            for (name, value) in &flags {
                assert_eq!(merged.get(name), Some(value), "flag {name} lost");
            }
            if let Err(lines) = REGISTER_CLIENT.validate(&merged) {
                assert_validation_order(&lines);
            }
        }
        Err(_) => assert!(!is_object, "an object was refused"),
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
    let _ = ssooidc::secret::redacted_json(
        &String::from_utf8_lossy(body),
        ssooidc::service::model::is_sensitive,
    );
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
