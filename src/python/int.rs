//! Python's `int()` on the values JSON and the command line hold.

use crate::python::bigint::BigInt;
use crate::python::unicode::{decimal_value, is_space};
use crate::python::value::{Number, Value};

/// Python's `int(value)` for what JSON can hold; `None` where Python raises.
pub fn int_of(value: &Value) -> Option<Number> {
    let number = match value {
        Value::Number(Number::Float(f)) if f.is_finite() => int_of_float(*f),
        Value::Number(Number::Float(_)) => return None,
        Value::Number(n) => n.clone(),
        Value::Bool(b) => Number::Int(i64::from(*b)),
        Value::String(s) => int_of_str(s)?,
        _ => return None,
    };
    Some(number)
}

/// Truncates a finite float toward zero, exactly, as Python's `int(float)` does.
pub fn int_of_float(f: f64) -> Number {
    // `{:.0}` prints a float's exact decimal expansion, never a shortened one.
    BigInt::parse(&format!("{:.0}", f.trunc())).map_or(Number::Int(0), BigInt::into_number)
}

/// Python's `int(str)` in base 10: Unicode whitespace around, digits of any script, an optional
/// sign, single underscores between digits, at most 4300 digits.
pub fn int_of_str(text: &str) -> Option<Number> {
    parse_int(&python_ascii(text)?)
}

/// CPython's default `sys.get_int_max_str_digits()`: longer decimal strings make `int()` raise
/// `ValueError`, so `to_number` then takes the `float()` path.
pub(crate) const INT_MAX_STR_DIGITS: usize = 4300;

/// The text both `int()` and `float()` parse: `_PyUnicode_TransformDecimalAndSpaceToASCII`,
/// then C's `isspace` trimmed; `None` where a character is neither ASCII, a space nor a digit.
pub(crate) fn python_ascii(text: &str) -> Option<String> {
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
    Some(
        ascii
            .trim_matches([' ', '\t', '\n', '\r', '\u{b}', '\u{c}'])
            .to_owned(),
    )
}

/// Whether every `_` sits between two ASCII digits (the rule of both `int()` and `float()`).
pub(crate) fn underscores_ok(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(i, b)| {
        *b != b'_'
            || (i > 0
                && bytes.get(i - 1).is_some_and(u8::is_ascii_digit)
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
    })
}

/// `int(text)` in base 10 on already-trimmed ASCII.
pub(crate) fn parse_int(text: &str) -> Option<Number> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_int_rules() {
        assert_eq!(int_of_str(" 1_000 "), Some(Number::Int(1000)));
        assert_eq!(int_of_str("-0"), Some(Number::Int(0)));
        assert_eq!(int_of_str("1__0"), None);
        assert_eq!(int_of_str("x"), None);
        assert_eq!(int_of_str("\u{663}\u{664}"), Some(Number::Int(34)));
        assert_eq!(int_of_str(&"1".repeat(4301)), None);
        assert_eq!(
            int_of_str("123456789012345678901234567890"),
            Some(Number::BigInt("123456789012345678901234567890".into()))
        );
        assert_eq!(int_of_float(1.7e9), Number::Int(1_700_000_000));
        assert_eq!(
            int_of_float(1e20),
            Number::BigInt("100000000000000000000".into())
        );
    }
}
