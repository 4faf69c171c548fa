//! Property tests: input merging and validation, the response parser and the command-line parser
//! never panic on arbitrary input, and keep v1's rules (flags win, validation order).

use proptest::prelude::*;

use ssooidc::cli::input;
use ssooidc::cli::{self, RawValue};
use ssooidc::net::transport::Response;
use ssooidc::python::value::{Map, Number, Value};
use ssooidc::service::model::{Member, MemberType, REGISTER_CLIENT};
use ssooidc::service::response::{self, Answer};

use crate::targets;

fn arb_number() -> impl Strategy<Value = Number> {
    prop_oneof![
        any::<i64>().prop_map(Number::Int),
        any::<f64>().prop_map(Number::Float),
        "-?[1-9][0-9]{19,40}".prop_map(Number::BigInt),
    ]
}

/// Member names the model knows, some it does not, and odd ones.
fn arb_key() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(
            REGISTER_CLIENT
                .input
                .iter()
                .map(|m| m.name.to_owned())
                .collect::<Vec<_>>()
        ),
        Just("bogus".to_owned()),
        Just(String::new()),
        ".{0,8}",
    ]
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        arb_number().prop_map(Value::Number),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((arb_key(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map>())),
        ]
    })
}

/// Flags: a subset of the members, each with a plain value (no `file://`, no JSON list).
fn arb_flags() -> impl Strategy<Value = Vec<(usize, Vec<String>)>> {
    proptest::collection::vec(
        (
            0..REGISTER_CLIENT.input.len(),
            proptest::collection::vec("[a-z:/_.-]{0,10}", 0..3),
        ),
        0..8,
    )
}

fn params(flags: &[(usize, Vec<String>)]) -> Vec<(&'static Member, RawValue)> {
    let mut params: Vec<(&'static Member, RawValue)> = Vec::new();
    for (index, values) in flags {
        let member = &REGISTER_CLIENT.input[*index];
        if params.iter().any(|(m, _)| m.name == member.name) {
            continue;
        }
        let raw = match member.kind {
            MemberType::StringList(_) => RawValue::List(values.clone()),
            _ => RawValue::One(values.first().cloned().unwrap_or_default()),
        };
        params.push((member, raw));
    }
    params
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    // Guards: merging never panics, flags win per member, and the JSON's other members follow
    // in the JSON's order.
    #[test]
    fn flags_win_and_json_fills_the_rest(
        flags in arb_flags(),
        json in proptest::collection::vec((arb_key(), arb_value()), 0..8),
    ) {
        let document: Map = json.into_iter().collect();
        let text = ssooidc::python::json::to_compact_ascii(&Value::Object(document.clone()));
        let from_flags = input::from_flags(&params(&flags)).expect("plain flags unpack");
        let merged = input::merge_cli_input_json(from_flags.clone(), Some(&text))
            .expect("an object merges");
        let flag_keys: Vec<&String> = from_flags.keys().collect();
        let merged_keys: Vec<&String> = merged.keys().collect();
        prop_assert_eq!(&merged_keys[..flag_keys.len()], &flag_keys[..]);
        for (key, value) in &from_flags {
            prop_assert_eq!(merged.get(key), Some(value));
        }
        let rest: Vec<&String> = document.keys().filter(|k| !from_flags.contains_key(*k)).collect();
        prop_assert_eq!(&merged_keys[flag_keys.len()..], &rest[..]);
    }

    // Guards: validation never panics on any input map and lists its problems in v1's order
    // (missing, unknown, wrong types); a map it accepts has every required member.
    #[test]
    fn validation_never_panics_and_keeps_v1_order(
        members in proptest::collection::vec((arb_key(), arb_value()), 0..10),
    ) {
        let map: Map = members.into_iter().collect();
        match REGISTER_CLIENT.validate(&map) {
            Ok(()) => {
                for member in REGISTER_CLIENT.input.iter().filter(|m| m.required) {
                    prop_assert!(map.contains_key(member.name));
                }
            }
            Err(lines) => {
                prop_assert!(!lines.is_empty());
                targets::assert_validation_order(&lines);
            }
        }
    }

    // Guards: merging arbitrary text as --cli-input-json never panics; only objects merge.
    #[test]
    fn cli_input_json_of_any_text(text in "\\PC{0,64}") {
        prop_assume!(!text.contains("file://") && !text.contains("fileb://"));
        let merged = input::merge_cli_input_json(Map::new(), Some(&text));
        let is_object = matches!(ssooidc::python::json::parse(&text), Ok(Value::Object(_)));
        prop_assert_eq!(merged.is_ok(), is_object);
    }

    // Guards: the response parser never panics on any status, headers and body bytes, and
    // follows botocore's split: >= 301 is an error answer.
    #[test]
    fn interpret_never_panics(
        status in any::<u16>(),
        headers in proptest::collection::vec(("[a-z-]{1,20}", ".{0,20}"), 0..4),
        body in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let response = Response { status, headers, body: body.into() };
        match response::interpret(&REGISTER_CLIENT, &response) {
            Ok(Answer::Success(_)) => prop_assert!(status < 301),
            Ok(Answer::Failure(_)) => prop_assert!(status >= 301),
            Err(reason) => prop_assert!(!reason.contains('\n')),
        }
    }

    // Guards: the response parser on JSON-shaped bodies (where the interesting paths are).
    #[test]
    fn interpret_json_bodies(status in 100u16..1000, body in arb_value()) {
        let text = ssooidc::python::json::to_compact_ascii(&body);
        let response = Response { status, headers: Vec::new(), body: text.into_bytes().into() };
        let _ = response::interpret(&REGISTER_CLIENT, &response);
    }

    // Guards: the two-pass command-line parser never panics on any arguments built from real
    // option names, prefixes of them, `--`, `=` forms and arbitrary words.
    #[test]
    fn command_line_parsing_never_panics(
        words in proptest::collection::vec(
            prop_oneof![
                proptest::sample::select(vec![
                    "register-client", "help", "--client-name", "--client-type", "--scopes",
                    "--cli-input-json", "--generate-cli-skeleton", "--output", "--query",
                    "--region", "--endpoint-url", "--debug", "--version", "--cli", "--c", "-",
                    "--", "--client-name=", "--scopes=a", "input", "output", "-5", "",
                ]).prop_map(str::to_owned),
                "\\PC{0,6}",
            ],
            0..10,
        ),
    ) {
        if let Ok(cli::FirstPass::Command { operation, rest, .. }) = cli::parse_globals(&words) {
            let _ = cli::parse_operation(&operation, &rest);
        }
    }
}
