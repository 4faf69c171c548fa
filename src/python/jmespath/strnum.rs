//! `to_number()` on a string: Python's `int(text)`, falling back to `float(text)`, with their
//! Unicode whitespace, any-script digits, `_` separators and 4300-digit limit.

use super::bigint::BigInt;
use super::unicode::{decimal_value, is_space};
use crate::python::value::Number;

/// CPython's default `sys.get_int_max_str_digits()`: longer decimal strings make `int()` raise
/// `ValueError`, so `to_number` then takes the `float()` path.
pub(crate) const INT_MAX_STR_DIGITS: usize = 4300;

/// `int(text)` if that succeeds, else `float(text)`, else `None`.
pub(crate) fn parse_number(text: &str) -> Option<Number> {
    // `_PyUnicode_TransformDecimalAndSpaceToASCII`: ASCII below DEL stays as it is; beyond it,
    // spaces become ' ', digits of any script become ASCII, anything else fails both parsers.
    let mut ascii = String::with_capacity(text.len());
    for c in text.chars() {
        if (c as u32) < 127 {
            ascii.push(c);
        } else if is_space(c) {
            ascii.push(' ');
        } else {
            ascii.push(char::from_digit(decimal_value(c)?, 10)?);
        }
    }
    // Then both trim C's `isspace` set (so U+001C..U+001F, spaces to `str.isspace`, are not).
    let trimmed = ascii.trim_matches([' ', '\t', '\n', '\r', '\u{b}', '\u{c}']);
    parse_int(trimmed).or_else(|| parse_float(trimmed).map(Number::Float))
}

/// Whether every `_` sits between two ASCII digits (the rule of both `int()` and `float()`).
fn underscores_ok(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(i, b)| {
        *b != b'_'
            || (i > 0
                && bytes.get(i - 1).is_some_and(u8::is_ascii_digit)
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
    })
}

/// `int(text)` in base 10 on already-trimmed ASCII.
fn parse_int(text: &str) -> Option<Number> {
    let (sign, digits) = match text.as_bytes().first() {
        Some(b'-') => ("-", text.get(1..)?),
        Some(b'+') => ("", text.get(1..)?),
        _ => ("", text),
    };
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'_')
        || !underscores_ok(digits)
    {
        return None;
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    if clean.len() > INT_MAX_STR_DIGITS {
        return None;
    }
    Some(BigInt::parse(&format!("{sign}{clean}"))?.into_number())
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
