//! Python's text forms of JSON values: `str()`/`repr()` (inside error messages) and
//! `json.dumps(value, separators=(',', ':'))` (the `to_string()` function).

use std::fmt::Write as _;

use super::error::QueryError;
use super::unicode::is_printable;
use super::MAX_DATA_DEPTH;
use crate::value::{Number, Value};

/// Python's `repr(float)`: the shortest digits that round-trip, in fixed notation when the
/// decimal exponent is in `-4 < exp <= 16` and scientific (`1e+16`, `1.5e-05`) otherwise.
pub(crate) fn float_repr(value: f64) -> String {
    if value.is_nan() {
        return "nan".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    // Rust's `{:e}` yields the same shortest round-trip digits as Python's repr.
    let sci = format!("{value:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let point = exponent + 1;
    let body = if -4 < point && point <= 16 {
        fixed_notation(&digits, point)
    } else {
        let (first, rest) = digits.split_at_checked(1).unwrap_or((digits.as_str(), ""));
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        format!("{first}{fraction}e{exp_sign}{:02}", exponent.unsigned_abs())
    };
    format!("{sign}{body}")
}

/// `digits` with the decimal point after `point` digits (`point` in `-3..=16`), always with a
/// fractional part as Python prints it (`1.0`, `0.001`).
fn fixed_notation(digits: &str, point: i32) -> String {
    if point <= 0 {
        return format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize));
    }
    let point = point as usize;
    match digits.split_at_checked(point) {
        Some((int_part, frac)) if !frac.is_empty() => format!("{int_part}.{frac}"),
        _ => format!(
            "{digits}{}.0",
            "0".repeat(point.saturating_sub(digits.len()))
        ),
    }
}

/// Python's `str()`/`repr()` of a number (they agree for `int` and `float`).
pub(crate) fn number_repr(number: &Number) -> String {
    match number {
        Number::Int(i) => i.to_string(),
        Number::BigInt(digits) => digits.clone(),
        Number::Float(f) => float_repr(*f),
    }
}

/// Python's `str(value)`: a string prints bare, everything else as its `repr()`.
pub(crate) fn py_str(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => {
            let mut out = String::new();
            // Python would raise RecursionError past its limit; an error message is no place to
            // fail, so the text is simply cut there.
            let _ = write_nested(other, &REPR, &mut out);
            out
        }
    }
}

/// How [`write_nested`] spells containers and scalars.
struct Style {
    item_separator: &'static str,
    key_separator: &'static str,
    key: fn(&str, &mut String),
    scalar: fn(&Value, &mut String),
    too_deep: &'static str,
}

/// `repr()`: `[1, 'a']`, `{'k': None}`.
const REPR: Style = Style {
    item_separator: ", ",
    key_separator: ": ",
    key: repr_string,
    scalar: repr_scalar,
    too_deep: "maximum recursion depth exceeded while getting the repr of an object",
};

/// `json.dumps(separators=(',', ':'))`: `[1,"a"]`, `{"k":null}`.
const JSON: Style = Style {
    item_separator: ",",
    key_separator: ":",
    key: json_string,
    scalar: json_scalar,
    too_deep: "maximum recursion depth exceeded while encoding a JSON object",
};

fn repr_scalar(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Number(n) => out.push_str(&number_repr(n)),
        Value::String(s) => repr_string(s, out),
        Value::Array(_) | Value::Object(_) => {}
    }
}

fn json_scalar(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(Number::Float(f)) if f.is_nan() => out.push_str("NaN"),
        Value::Number(Number::Float(f)) if f.is_infinite() => {
            out.push_str(if *f > 0.0 { "Infinity" } else { "-Infinity" });
        }
        Value::Number(n) => out.push_str(&number_repr(n)),
        Value::String(s) => json_string(s, out),
        Value::Array(_) | Value::Object(_) => {}
    }
}

/// An open container in [`write_nested`], with whether an item has been written yet.
enum Open<'a> {
    Array(std::slice::Iter<'a, Value>, bool),
    Object(indexmap::map::Iter<'a, String, Value>, bool),
}

/// Writes `value` in `style` with an explicit stack (no recursion on the data's depth).
fn write_nested(value: &Value, style: &Style, out: &mut String) -> Result<(), QueryError> {
    let mut open: Vec<Open<'_>> = Vec::new();
    let mut next = Some(value);
    loop {
        if let Some(value) = next.take() {
            match value {
                Value::Array(_) | Value::Object(_) if open.len() >= MAX_DATA_DEPTH => {
                    return Err(QueryError::python("RecursionError", style.too_deep));
                }
                Value::Array(items) => {
                    out.push('[');
                    open.push(Open::Array(items.iter(), false));
                }
                Value::Object(map) => {
                    out.push('{');
                    open.push(Open::Object(map.iter(), false));
                }
                scalar => (style.scalar)(scalar, out),
            }
        }
        let Some(top) = open.last_mut() else {
            return Ok(());
        };
        let (item, started) = match top {
            Open::Array(items, started) => (items.next().map(|item| (None, item)), started),
            Open::Object(entries, started) => {
                let entry = entries.next().map(|(key, item)| (Some(key), item));
                (entry, started)
            }
        };
        match item {
            Some((key, item)) => {
                if *started {
                    out.push_str(style.item_separator);
                }
                *started = true;
                if let Some(key) = key {
                    (style.key)(key, out);
                    out.push_str(style.key_separator);
                }
                next = Some(item);
            }
            None => {
                let closing = if matches!(top, Open::Array(..)) {
                    ']'
                } else {
                    '}'
                };
                out.push(closing);
                open.pop();
            }
        }
    }
}

/// Python's `repr(str)`: single quotes unless the text has `'` and no `"`; escapes for
/// backslash, the quote, `\t\n\r`, other controls and non-printable characters.
pub(crate) fn repr_string(text: &str, out: &mut String) {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_ascii() || is_printable(c) => out.push(c),
            c if (c as u32) <= 0xff => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) <= 0xffff => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push(quote);
}

/// `json.dumps(value, separators=(',', ':'))` with its defaults `ensure_ascii=True` and
/// `allow_nan=True` (so `NaN`, `Infinity`, `-Infinity`).
pub(crate) fn json_dumps(value: &Value) -> Result<String, QueryError> {
    let mut out = String::new();
    write_nested(value, &JSON, &mut out)?;
    Ok(out)
}

/// A JSON string as `json.dumps` writes it with `ensure_ascii=True`: printable ASCII as is,
/// everything else `\uXXXX` (lower-case hex, surrogate pairs above the BMP).
pub(crate) fn json_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_python_repr() {
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
        let mut out = String::new();
        repr_string("a'b\n\u{7f}é\u{a0}\u{200b}\u{1f600}\u{e000}", &mut out);
        assert_eq!(out, "\"a'b\\n\\x7fé\\xa0\\u200b\u{1f600}\\ue000\"");
    }

    #[test]
    fn dumps_ascii_only() {
        let value = Value::String("é\u{1f600}\u{7f}\"".into());
        assert_eq!(
            json_dumps(&value).unwrap(),
            r#""\u00e9\ud83d\ude00\u007f\"""#
        );
    }
}
