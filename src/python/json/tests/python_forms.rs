//! Cases that once tested the `--query` engine's and the formatters' own copies of Python's
//! `repr`, `str`, `isprintable` and `json.dumps`, kept with their inputs and expectations now
//! that those modules call this one; plus the entry points added for them.

use super::super::strings::is_printable;
use super::super::*;
use crate::python::value::{Map, Number, Value};

#[test]
fn floats_print_like_python_repr() {
    // Both old copies' cases (each pair once); expected strings from Python 3.11's repr().
    let cases = [
        (1.0, "1.0"),
        (-0.0, "-0.0"),
        (1.5, "1.5"),
        (100.0, "100.0"),
        (1e16, "1e+16"),
        (1e15, "1000000000000000.0"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (1e-07, "1e-07"),
        (5e-324, "5e-324"),
        (1.5e300, "1.5e+300"),
        (1.797_693_134_862_315_7e308, "1.7976931348623157e+308"),
        (123456.789, "123456.789"),
        (123_456_789.123, "123456789.123"),
        (-2.5e-10, "-2.5e-10"),
        (0.1 + 0.2, "0.30000000000000004"),
        (f64::NAN, "nan"),
        (f64::NEG_INFINITY, "-inf"),
    ];
    for (f, expected) in cases {
        assert_eq!(float_repr(f), expected, "{f:e}");
    }
}

#[test]
fn strings_repr_like_python() {
    let value = Value::from("a'b\n\u{7f}é\u{a0}\u{200b}\u{1f600}\u{e000}");
    assert_eq!(repr(&value), "\"a'b\\n\\x7fé\\xa0\\u200b\u{1f600}\\ue000\"");
    assert_eq!(
        repr_str("a'b\n\u{7f}é\u{a0}\u{200b}\u{1f600}\u{e000}"),
        repr(&value)
    );
    assert_eq!(repr_str("plain"), "'plain'");
}

#[test]
fn printability_matches_python() {
    assert!(is_printable('a') && is_printable('é') && is_printable(' '));
    assert!(!is_printable('\n') && !is_printable('\u{a0}') && !is_printable('\u{ad}'));
}

#[test]
fn containers_print_like_python_repr() {
    let s = "x\u{200b}\u{e0001}\u{fdd0}\u{ffff}\u{10fffd}\0\x7f\t\r\n\\";
    let mut map = Map::new();
    map.insert("k".into(), Value::Null);
    map.insert("b".into(), Value::Bool(true));
    map.insert("f".into(), Value::Number(Number::Float(1e-07)));
    let value = Value::Array(vec![
        s.into(),
        "a'b".into(),
        "a\"b'".into(),
        "q\"".into(),
        Value::Object(map),
        Value::Array(vec![]),
        Value::Object(Map::new()),
    ]);
    // Python: repr([...]) of the same list.
    let expected = r#"['x\u200b\U000e0001\ufdd0\uffff\U0010fffd\x00\x7f\t\r\n\\', "a'b", 'a"b\'', 'q"', {'k': None, 'b': True, 'f': 1e-07}, [], {}]"#;
    assert_eq!(repr(&value), expected);
}

#[test]
fn scalars_print_like_python_str() {
    assert_eq!(python_str(&Value::Null), "None");
    assert_eq!(python_str(&Value::Bool(false)), "False");
    assert_eq!(python_str(&Value::from(-5)), "-5");
    let big = Value::Number(Number::BigInt("-123456789012345678901234567890".into()));
    assert_eq!(python_str(&big), "-123456789012345678901234567890");
    assert_eq!(python_str(&Value::Number(Number::Float(100.0))), "100.0");
    assert_eq!(python_str(&"it's".into()), "it's");
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
