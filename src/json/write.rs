//! Serializers: `json.dumps` in the two forms the AWS CLI uses, and Python's `repr()`.
//!
//! All three walk the value with an explicit stack, so no input depth can overflow the call
//! stack (values built by `parse` are at most `MAX_DEPTH` deep anyway).

use super::float::float_repr;
use super::strings::{push_json_string, push_py_repr_string};
use crate::value::{Number, Value};

/// `json.dumps(value, indent=4, ensure_ascii=False)`: the AWS CLI's JSON output, without a
/// trailing newline.
///
/// Items are separated by `,` plus a newline, keys by `": "`; empty containers print as `[]` and
/// `{}`; non-ASCII text is printed raw; floats print as Python's `repr(float)`, with `NaN`,
/// `Infinity` and `-Infinity` for the non-finite ones.
pub fn to_pretty(value: &Value) -> String {
    render(value, Style::Pretty)
}

/// `json.dumps(value)`: separators `", "` and `": "`, everything outside printable ASCII escaped
/// as lower-case `\uXXXX` (astral characters as surrogate pairs). This is the request body the
/// AWS CLI sends.
pub fn to_compact_ascii(value: &Value) -> String {
    render(value, Style::CompactAscii)
}

/// Python's `repr()` of the value `json.loads` would produce: `None`, `True`, `False`, `123`,
/// `1.5`, `nan`, `inf`, `'text'`, `[1, 'a']`, `{'a': 1, 'b': [None]}`.
///
/// Strings use single quotes unless they contain `'` and no `"`; the quote and `\` are escaped,
/// `\t`, `\n`, `\r` by name, other characters that Python's `str.isprintable()` rejects as
/// `\xHH`, `\uHHHH` or `\UHHHHHHHH`. Printability comes from a table generated from Python
/// 3.11.7's Unicode 14 database (`gen_printable.py`), so it is exact for that Python.
pub fn repr(value: &Value) -> String {
    render(value, Style::Repr)
}

/// Which of the three output forms to produce.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Pretty,
    CompactAscii,
    Repr,
}

/// The items of a container whose opening bracket has been written.
enum Items<'a> {
    Array(std::slice::Iter<'a, Value>),
    Object(indexmap::map::Iter<'a, String, Value>),
}

/// A container being written, and whether its first item is still to come.
struct Frame<'a> {
    items: Items<'a>,
    first: bool,
}

/// Writes `value` in `style`; containers are opened onto `stack` and finished by the loop.
fn render(value: &Value, style: Style) -> String {
    let mut out = String::new();
    let mut stack: Vec<Frame<'_>> = Vec::new();
    write_or_open(&mut out, &mut stack, value, style);
    loop {
        let depth = stack.len();
        let Some(frame) = stack.last_mut() else {
            break;
        };
        let (key, item, close) = match &mut frame.items {
            Items::Array(items) => (None, items.next(), ']'),
            Items::Object(entries) => match entries.next() {
                Some((k, v)) => (Some(k), Some(v), '}'),
                None => (None, None, '}'),
            },
        };
        let first = std::mem::replace(&mut frame.first, false);
        let Some(item) = item else {
            // The container is done: Python puts its closing bracket on its parent's level.
            stack.pop();
            if style == Style::Pretty {
                newline_indent(&mut out, depth - 1);
            }
            out.push(close);
            continue;
        };
        match style {
            Style::Pretty => {
                if !first {
                    out.push(',');
                }
                newline_indent(&mut out, depth);
            }
            Style::CompactAscii | Style::Repr => {
                if !first {
                    out.push_str(", ");
                }
            }
        }
        if let Some(key) = key {
            push_string(&mut out, key, style);
            out.push_str(": ");
        }
        write_or_open(&mut out, &mut stack, item, style);
    }
    out
}

/// Starts a new line indented four spaces per level, as `indent=4` does.
fn newline_indent(out: &mut String, level: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', 4 * level));
}

/// Writes a scalar or an empty container whole; opens a non-empty container onto `stack`.
fn write_or_open<'a>(out: &mut String, stack: &mut Vec<Frame<'a>>, value: &'a Value, style: Style) {
    let python = style == Style::Repr;
    match value {
        Value::Null => out.push_str(if python { "None" } else { "null" }),
        Value::Bool(b) => out.push_str(match (python, b) {
            (true, true) => "True",
            (true, false) => "False",
            (false, true) => "true",
            (false, false) => "false",
        }),
        Value::Number(Number::Int(n)) => out.push_str(&n.to_string()),
        Value::Number(Number::BigInt(digits)) => out.push_str(digits),
        Value::Number(Number::Float(f)) => out.push_str(&if python {
            float_repr(*f)
        } else {
            json_float(*f)
        }),
        Value::String(s) => push_string(out, s, style),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push('[');
            stack.push(Frame {
                items: Items::Array(items.iter()),
                first: true,
            });
        }
        Value::Object(map) => {
            out.push('{');
            stack.push(Frame {
                items: Items::Object(map.iter()),
                first: true,
            });
        }
    }
}

/// A float as `json.dumps` writes it (`floatstr`): `repr` for finite values, JavaScript's names
/// for the others.
fn json_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        float_repr(f)
    }
}

/// Writes a string or key in `style`.
fn push_string(out: &mut String, s: &str, style: Style) {
    match style {
        Style::Pretty => push_json_string(out, s, false),
        Style::CompactAscii => push_json_string(out, s, true),
        Style::Repr => push_py_repr_string(out, s),
    }
}
