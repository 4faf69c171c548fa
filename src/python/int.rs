//! Python's `int()` on the values JSON and the command line hold.

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
    let truncated = f.trunc();
    if truncated.abs() < 9.0e18 {
        // Exact: |truncated| < 2^63 and it is integral.
        Number::Int(truncated as i64)
    } else {
        // Integral floats this large print exactly with `{:.0}`.
        Number::BigInt(format!("{truncated:.0}"))
    }
}

/// Python's `int(str)`: surrounding whitespace, an optional sign, digits with single underscores
/// between them.
pub fn int_of_str(text: &str) -> Option<Number> {
    let trimmed = text.trim();
    let (negative, digits) = match trimmed.as_bytes().first()? {
        b'-' => (true, &trimmed[1..]),
        b'+' => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    let valid = !digits.is_empty()
        && !digits.starts_with('_')
        && !digits.ends_with('_')
        && !digits.contains("__")
        && digits.chars().all(|c| c.is_ascii_digit() || c == '_');
    if !valid {
        return None;
    }
    let plain: String = digits.chars().filter(|&c| c != '_').collect();
    let plain = plain.trim_start_matches('0');
    let canonical = match (negative, plain.is_empty()) {
        (_, true) => "0".to_owned(),
        (true, false) => format!("-{plain}"),
        (false, false) => plain.to_owned(),
    };
    Some(match canonical.parse::<i64>() {
        Ok(n) => Number::Int(n),
        Err(_) => Number::BigInt(canonical),
    })
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
