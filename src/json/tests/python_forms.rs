//! Cases that once tested the `--query` engine's own copies of Python's `repr`, `isprintable`
//! and `json.dumps`, kept with their inputs and expectations now that it calls this module; plus
//! the entry points added for it.

use super::super::strings::is_printable;
use super::super::*;
use crate::value::{Map, Number, Value};

#[test]
fn jmespath_floats_print_like_python_repr() {
    let cases = [
        (1.0, "1.0"),
        (-0.0, "-0.0"),
        (1.5, "1.5"),
        (1e16, "1e+16"),
        (1e15, "1000000000000000.0"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (1.5e300, "1.5e+300"),
        (123456.789, "123456.789"),
        (0.1 + 0.2, "0.30000000000000004"),
        (f64::NAN, "nan"),
        (f64::NEG_INFINITY, "-inf"),
    ];
    for (value, text) in cases {
        assert_eq!(float_repr(value), text, "{value:?}");
    }
}

#[test]
fn strings_repr_like_python() {
    let value = Value::from("a'b\n\u{7f}é\u{a0}\u{200b}\u{1f600}\u{e000}");
    assert_eq!(repr(&value), "\"a'b\\n\\x7fé\\xa0\\u200b\u{1f600}\\ue000\"");
}

#[test]
fn printability_matches_python() {
    assert!(is_printable('a') && is_printable('é') && is_printable(' '));
    assert!(!is_printable('\n') && !is_printable('\u{a0}') && !is_printable('\u{ad}'));
}

#[test]
fn type_names_are_pythons() {
    let cases = [
        (Value::Null, "NoneType"),
        (Value::Bool(true), "bool"),
        (Value::from(1), "int"),
        (
            Value::Number(Number::BigInt("99999999999999999999".into())),
            "int",
        ),
        (Value::Number(Number::Float(1.0)), "float"),
        (Value::from("s"), "str"),
        (Value::Array(Vec::new()), "list"),
        (Value::Object(Map::new()), "dict"),
    ];
    for (value, name) in cases {
        assert_eq!(python_type(&value), name);
        assert_eq!(python_type_name(&value), format!("<class '{name}'>"));
    }
}

#[test]
fn tight_separators_drop_the_spaces() {
    let value = parse(r#"{"a": [1, 2.5, "é", null, NaN], "b": {}}"#).unwrap_or(Value::Null);
    assert_eq!(
        to_compact_with(&value, Separators::Tight),
        r#"{"a":[1,2.5,"\u00e9",null,NaN],"b":{}}"#
    );
    assert_eq!(
        to_compact_with(&value, Separators::Spaced),
        to_compact_ascii(&value)
    );
}

#[test]
fn write_within_stops_at_the_limit_and_keeps_the_text_so_far() {
    let value = parse(r#"[1, {"k": [[]]}]"#).unwrap_or(Value::Null);
    let mut out = String::new();
    assert_eq!(write_within(&mut out, &value, Form::Repr, 4), Ok(()));
    assert_eq!(out, "[1, {'k': [[]]}]");
    out.clear();
    // The empty list is the fourth container: it counts like any other.
    let result = write_within(&mut out, &value, Form::Compact(Separators::Tight), 3);
    assert_eq!((result, out.as_str()), (Err(TooDeep), r#"[1,{"k":["#));
    out.clear();
    assert_eq!(
        write_within(&mut out, &value, Form::Pretty, 0),
        Err(TooDeep)
    );
    assert_eq!(out, "");
}

#[test]
fn parse_with_max_depth_counts_the_outermost_container_as_one() {
    let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    assert!(parse_with_max_depth(&nested(3), 3).is_ok());
    let Err(error) = parse_with_max_depth(&nested(4), 3) else {
        panic!("four levels must exceed a limit of three");
    };
    assert!(error.exceeds_depth());
    assert_eq!(
        error.to_string(),
        "Nested too deeply: line 1 column 4 (char 3)"
    );
    let Err(error) = parse_with_max_depth("[1,]", 3) else {
        panic!("a trailing comma is invalid");
    };
    assert!(!error.exceeds_depth());
    // A limit above MAX_DEPTH is lowered to it.
    let too_deep = parse_with_max_depth(&nested(MAX_DEPTH + 1), usize::MAX);
    assert!(too_deep.is_err_and(|e| e.exceeds_depth()));
}
