//! `to_number()` on a string: Python's `int(text)` (`crate::python::int`), falling back to
//! `float(text)` with the same Unicode whitespace, any-script digits and `_` separators.

use crate::python::int::{parse_int, python_ascii, underscores_ok};
use crate::python::value::Number;

/// `int(text)` if that succeeds, else `float(text)`, else `None`.
pub(crate) fn parse_number(text: &str) -> Option<Number> {
    let ascii = python_ascii(text)?;
    parse_int(&ascii).or_else(|| parse_float(&ascii).map(Number::Float))
}

/// `float(text)` on already-trimmed ASCII: Rust's float grammar (digits with an optional point
/// and exponent, `inf`, `infinity`, `nan`, any case) is Python's once the `_` are gone.
fn parse_float(text: &str) -> Option<f64> {
    if !underscores_ok(text) {
        return None;
    }
    let clean: String = text.chars().filter(|c| *c != '_').collect();
    clean.parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_python() {
        assert_eq!(parse_number(" 12 "), Some(Number::Int(12)));
        assert_eq!(parse_number("1_000"), Some(Number::Int(1000)));
        assert_eq!(parse_number("+007"), Some(Number::Int(7)));
        assert_eq!(parse_number("\u{663}\u{664}"), Some(Number::Int(34)));
        assert_eq!(parse_number("1.5"), Some(Number::Float(1.5)));
        assert_eq!(parse_number("1e3"), Some(Number::Float(1000.0)));
        assert_eq!(
            parse_number("-Infinity"),
            Some(Number::Float(f64::NEG_INFINITY))
        );
        assert_eq!(parse_number(".5"), Some(Number::Float(0.5)));
        for bad in [
            "", "1_", "_1", "1__0", "1 2", "abc", "0x10", "1e", "é", "1._5",
        ] {
            assert_eq!(parse_number(bad), None, "{bad:?}");
        }
        assert!(
            matches!(parse_number(&"1".repeat(5000)), Some(Number::Float(f)) if f.is_infinite())
        );
    }
}
