//! Tests of the json module against outputs recorded from Python 3.11 (`gen_cases.py`), plus
//! randomized, depth and live differential tests.

#[rustfmt::skip]
mod cases;
mod deep;
mod differential;
mod python_forms;
mod random;

use super::*;
use crate::python::value::{Map, Number, Value};

/// Collects mismatches so one run reports every failing case, not just the first.
#[derive(Default)]
pub(super) struct Failures(Vec<String>);

impl Failures {
    pub(super) fn check(&mut self, what: &str, input: &str, got: &str, want: &str) {
        if got != want {
            self.0.push(format!(
                "{what} of {input:?}:\n   got {got:?}\n  want {want:?}"
            ));
        }
    }

    pub(super) fn assert_none(self) {
        assert!(
            self.0.is_empty(),
            "{} mismatches:\n{}",
            self.0.len(),
            self.0.join("\n")
        );
    }
}

#[test]
fn error_messages_and_positions_match_python() {
    let mut failures = Failures::default();
    for &(input, want) in cases::ERRORS {
        let got = match parse(input) {
            Ok(v) => format!("accepted: {}", repr(&v)),
            Err(e) => e.to_string(),
        };
        failures.check("error", input, &got, want);
    }
    failures.assert_none();
}

#[test]
fn accepted_texts_serialize_like_python() {
    let mut failures = Failures::default();
    for &(input, pretty, compact, py_repr, py_str, type_name) in cases::OKS {
        let value = match parse(input) {
            Ok(v) => v,
            Err(e) => {
                failures.check("parse", input, &e.to_string(), "success");
                continue;
            }
        };
        failures.check("to_pretty", input, &to_pretty(&value), pretty);
        failures.check(
            "to_compact_ascii",
            input,
            &to_compact_ascii(&value),
            compact,
        );
        failures.check("repr", input, &repr(&value), py_repr);
        failures.check("python_str", input, &python_str(&value), py_str);
        failures.check("type", input, python_type_name(&value), type_name);
        // What we print must read back as the same value (NaN aside, which never equals).
        if !py_repr.contains("nan") {
            for text in [pretty, compact] {
                match parse(text) {
                    Ok(back) if back == value => {}
                    _ => failures.check("round trip", text, "different", "same"),
                }
            }
        }
    }
    failures.assert_none();
}

#[test]
fn integer_digit_limit_matches_python() {
    let mut failures = Failures::default();
    for &(prefix, unit, count, want) in cases::REPEATS {
        let input = format!("{prefix}{}", unit.repeat(count));
        let got = match parse(&input) {
            Ok(v) if want.is_empty() => {
                failures.check("round trip", prefix, &to_compact_ascii(&v), &input);
                continue;
            }
            Ok(v) => format!("accepted: {}", python_type_name(&v)),
            Err(e) => e.to_string(),
        };
        failures.check(
            "digit limit",
            &format!("{prefix}{unit}*{count}"),
            &got,
            want,
        );
    }
    failures.assert_none();
}

#[test]
fn floats_print_like_python() {
    let mut failures = Failures::default();
    for &(bits, py_repr, dumped) in cases::FLOATS {
        let f = f64::from_bits(bits);
        let value = Value::Number(Number::Float(f));
        failures.check("float_repr", py_repr, &float_repr(f), py_repr);
        failures.check("repr", py_repr, &repr(&value), py_repr);
        failures.check("to_pretty", py_repr, &to_pretty(&value), dumped);
        failures.check(
            "to_compact_ascii",
            py_repr,
            &to_compact_ascii(&value),
            dumped,
        );
        if !f.is_nan() {
            match parse(dumped) {
                Ok(Value::Number(Number::Float(back))) if back.to_bits() == bits => {}
                other => failures.check("parse", dumped, &format!("{other:?}"), py_repr),
            }
        }
    }
    failures.assert_none();
}

#[test]
fn lone_surrogates_become_replacement_characters() {
    // Python keeps lone surrogates ('\ud800'); a Rust String cannot hold one, so U+FFFD stands in.
    let cases = [
        (r#""\ud800""#, "\u{fffd}"),
        (r#""\udc00x""#, "\u{fffd}x"),
        (r#""\ud800\u0041""#, "\u{fffd}A"),
        (r#""\ud800\ud800\udc00""#, "\u{fffd}\u{10000}"),
        (r#""\udbff\udfff""#, "\u{10ffff}"),
    ];
    for (input, want) in cases {
        assert_eq!(parse(input), Ok(Value::String(want.to_owned())), "{input}");
    }
}

#[test]
fn error_accessors_expose_python_fields() {
    let Err(e) = parse("[1,\n  é, 2]") else {
        panic!("must fail");
    };
    assert_eq!(e.message(), "Expecting value");
    assert_eq!((e.position(), e.line(), e.column()), (6, 2, 3));
    assert_eq!(e.to_string(), "Expecting value: line 2 column 3 (char 6)");
    let Err(e) = parse(&"1".repeat(4301)) else {
        panic!("must fail");
    };
    assert_eq!(e.position(), 0);
    assert!(e.message().starts_with("Exceeds the limit (4300 digits)"));
}

#[test]
fn duplicate_keys_keep_first_position_and_last_value() {
    let mut want = Map::new();
    want.insert("b".to_owned(), Value::from(3));
    want.insert("a".to_owned(), Value::from(2));
    assert_eq!(parse(r#"{"b":1,"a":2,"b":3}"#), Ok(Value::Object(want)));
}

#[test]
fn python_str_and_type_of_hand_built_values() {
    let big = Value::Number(Number::BigInt("-123456789012345678901234567890".to_owned()));
    assert_eq!(python_str(&big), "-123456789012345678901234567890");
    assert_eq!(python_type_name(&big), "<class 'int'>");
    assert_eq!(python_str(&Value::from("it's")), "it's");
    assert_eq!(repr(&Value::from("it's")), r#""it's""#);
    let nested = parse(r#"{"nested": {"deep": [1]}}"#).unwrap_or(Value::Null);
    assert_eq!(repr(&nested), "{'nested': {'deep': [1]}}");
}
