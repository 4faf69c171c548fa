//! The Python forms jmespath's Python code produces, served by [`crate::python::json`]: `str()` of values
//! in error messages, `json.dumps(separators=(',', ':'))` for `to_string()`, and `json.loads` for
//! backtick literals and quoted identifiers. This module only adds jmespath's depth limits and
//! turns the results into the lexer's and evaluator's errors.

use super::error::QueryError;
use super::{MAX_DATA_DEPTH, MAX_NESTING};
use crate::python::json::{self, Form, Separators};
use crate::python::value::Value;

/// Python's `str(value)`: a string prints bare, everything else as its `repr()`.
pub(crate) fn py_str(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => {
            let mut out = String::new();
            // Python would raise RecursionError past its limit; an error message is no place to
            // fail, so the text is simply cut there.
            let _ = json::write_within(&mut out, other, Form::Repr, MAX_DATA_DEPTH);
            out
        }
    }
}

/// `json.dumps(value, separators=(',', ':'))` with its defaults `ensure_ascii=True` and
/// `allow_nan=True` (so `NaN`, `Infinity`, `-Infinity`), failing as Python's recursion limit
/// makes it fail on data nested more than [`MAX_DATA_DEPTH`] deep.
pub(crate) fn json_dumps(value: &Value) -> Result<String, QueryError> {
    let mut out = String::new();
    json::write_within(
        &mut out,
        value,
        Form::Compact(Separators::Tight),
        MAX_DATA_DEPTH,
    )
    .map_err(|json::TooDeep| {
        QueryError::python(
            "RecursionError",
            "maximum recursion depth exceeded while encoding a JSON object",
        )
    })?;
    Ok(out)
}

/// Why `json.loads` failed, as far as the lexer looks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LoadError {
    /// A `JSONDecodeError` (a `ValueError`); the text is what the lexer shows of it,
    /// `str(e).split(':')[0]`.
    Invalid(String),
    /// Nested deeper than [`MAX_NESTING`]: Python's recursion limit would allow about 1000
    /// levels, but a literal that deep in a query is not worth it, so it shares the expression's
    /// limit.
    TooDeep,
}

/// Python's `json.loads(text)` for a backtick literal or a quoted identifier.
pub(crate) fn loads(text: &str) -> Result<Value, LoadError> {
    json::parse_with_max_depth(text, MAX_NESTING).map_err(|error| {
        if error.exceeds_depth() {
            LoadError::TooDeep
        } else {
            // `_consume_quoted_identifier` keeps `str(e).split(':')[0]`.
            let text = error.to_string();
            let head = text.split(':').next().unwrap_or_default();
            LoadError::Invalid(head.to_owned())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::value::Number;

    fn invalid(message: &str) -> Result<Value, LoadError> {
        Err(LoadError::Invalid(message.to_owned()))
    }

    #[test]
    fn parses_python_json() {
        assert_eq!(loads(" -0 ").unwrap(), Value::Number(Number::Int(0)));
        assert_eq!(loads("1.0").unwrap(), Value::Number(Number::Float(1.0)));
        assert_eq!(
            loads("123456789012345678901234").unwrap(),
            Value::Number(Number::BigInt("123456789012345678901234".into()))
        );
        let object = loads(r#"{"b": 1, "a": 2, "b": 3}"#).unwrap();
        let keys: Vec<_> = object.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["b", "a"]);
        assert_eq!(object.as_object().unwrap()["b"], Value::from(3));
        assert_eq!(
            loads(r#""\ud83d\ude00""#).unwrap(),
            Value::from("\u{1f600}")
        );
    }

    #[test]
    fn rejects_like_python() {
        assert_eq!(loads("1."), invalid("Extra data"));
        assert_eq!(loads("01"), invalid("Extra data"));
        assert_eq!(loads("\"a\nb\""), invalid("Invalid control character at"));
        assert_eq!(loads(r#""\q""#), invalid("Invalid \\escape"));
        assert_eq!(loads(r#""\u12""#), invalid("Invalid \\uXXXX escape"));
        assert_eq!(loads("foo"), invalid("Expecting value"));
        assert!(loads(&"1".repeat(4301)).is_err() && loads(&"1".repeat(4300)).is_ok());
        let deep = "[".repeat(MAX_NESTING + 2);
        assert_eq!(loads(&deep), Err(LoadError::TooDeep));
    }

    #[test]
    fn literals_nest_as_deep_as_expressions() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(loads(&nested(MAX_NESTING)).is_ok());
        assert_eq!(loads(&nested(MAX_NESTING + 1)), Err(LoadError::TooDeep));
        let digits = "1".repeat(4301);
        let expected = "Exceeds the limit (4300 digits) for integer string conversion";
        assert_eq!(loads(&digits), invalid(expected));
    }

    #[test]
    fn dumps_ascii_only() {
        let value = Value::String("é\u{1f600}\u{7f}\"".into());
        assert_eq!(
            json_dumps(&value).unwrap(),
            r#""\u00e9\ud83d\ude00\u007f\"""#
        );
    }

    #[test]
    fn deep_data_is_cut_in_messages_and_refused_by_dumps() {
        let mut value = Value::from(1);
        for _ in 0..MAX_DATA_DEPTH {
            value = Value::Array(vec![value]);
        }
        assert!(json_dumps(&value).is_ok());
        assert_eq!(py_str(&value).len(), 2 * MAX_DATA_DEPTH + 1);
        let deeper = Value::Array(vec![value]);
        assert!(matches!(
            json_dumps(&deeper),
            Err(QueryError::Python {
                exception: "RecursionError",
                ..
            })
        ));
        assert_eq!(py_str(&deeper), "[".repeat(MAX_DATA_DEPTH));
    }
}
