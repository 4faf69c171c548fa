//! Python's `repr()` of floats, strings, lists and dicts, for `scalar_str` in the parent module.

use crate::value::Value;

/// Python's `repr(float)`: the shortest round-trip digits, in positional form when the decimal
/// exponent is in `-4..16` (with a `.0` added to whole numbers) and otherwise as `1e-07`/`1.5e+16`
/// (CPython's `float_repr` with format code `'r'`).
pub(super) fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.to_owned();
    }
    // Rust's `{:e}` also prints the shortest round-trip digits: `-1.2345e2`, `1e-7`.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if f < 0.0 { "-" } else { "" };
    if !(-4..16).contains(&exp) {
        let first: String = digits.chars().take(1).collect();
        let rest: String = digits.chars().skip(1).collect();
        let frac = if rest.is_empty() {
            rest
        } else {
            format!(".{rest}")
        };
        let exp_sign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{frac}e{exp_sign}{:02}", exp.unsigned_abs());
    }
    let point = exp + 1; // digits before the decimal point (may be <= 0)
    let body = if point <= 0 {
        format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
    } else {
        let point = point as usize;
        if digits.len() <= point {
            format!("{digits}{}.0", "0".repeat(point - digits.len()))
        } else {
            let int_part: String = digits.chars().take(point).collect();
            let frac: String = digits.chars().skip(point).collect();
            format!("{int_part}.{frac}")
        }
    };
    format!("{sign}{body}")
}

/// Python's `repr()` of a JSON value: `{'k': [1, 'x', None, True]}`.
pub(super) fn repr(value: &Value) -> String {
    match value {
        Value::String(s) => str_repr(s),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(repr).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", str_repr(k), repr(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        scalar => super::scalar_str(scalar),
    }
}

/// Python's `repr(str)`: single quotes unless the text has `'` and no `"`; backslash escapes for
/// the quote, `\\`, `\t`, `\n`, `\r`, and `\xNN`/`\uNNNN`/`\UNNNNNNNN` for non-printable
/// characters (`unicode_repr` in CPython's `unicodeobject.c`).
fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

/// Python's `str.isprintable()` for one character: false for the categories Cc, Cf, Co, Zl, Zp,
/// Zs (except space) and noncharacters. Without Unicode tables, unassigned code points (Cn) other
/// than noncharacters count as printable, unlike Python.
fn is_printable(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x7f {
        return cp >= 0x20;
    }
    const NON_PRINTABLE: &[(u32, u32)] = &[
        (0x7f, 0xa0),
        (0xad, 0xad),
        (0x600, 0x605),
        (0x61c, 0x61c),
        (0x6dd, 0x6dd),
        (0x70f, 0x70f),
        (0x890, 0x891),
        (0x8e2, 0x8e2),
        (0x1680, 0x1680),
        (0x180e, 0x180e),
        (0x2000, 0x200f),
        (0x2028, 0x202f),
        (0x205f, 0x2064),
        (0x2066, 0x206f),
        (0x3000, 0x3000),
        (0xe000, 0xf8ff),
        (0xfdd0, 0xfdef),
        (0xfeff, 0xfeff),
        (0xfff9, 0xfffb),
        (0x110bd, 0x110bd),
        (0x110cd, 0x110cd),
        (0x13430, 0x13438),
        (0x1bca0, 0x1bca3),
        (0x1d173, 0x1d17a),
        (0xe0001, 0xe0001),
        (0xe0020, 0xe007f),
        (0xf0000, 0x10ffff),
    ];
    cp & 0xfffe != 0xfffe
        && !NON_PRINTABLE
            .iter()
            .any(|&(lo, hi)| (lo..=hi).contains(&cp))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{Map, Number};

    #[test]
    fn floats_print_like_python_repr() {
        // Expected strings from Python 3.11's repr().
        let cases = [
            (1e-07, "1e-07"),
            (1.5, "1.5"),
            (100.0, "100.0"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-0.0, "-0.0"),
            (5e-324, "5e-324"),
            (1.797_693_134_862_315_7e308, "1.7976931348623157e+308"),
            (123_456_789.123, "123456789.123"),
            (-2.5e-10, "-2.5e-10"),
            (f64::NAN, "nan"),
            (f64::NEG_INFINITY, "-inf"),
        ];
        for (f, expected) in cases {
            assert_eq!(float_repr(f), expected, "{f:e}");
        }
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
}
