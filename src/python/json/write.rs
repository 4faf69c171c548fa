//! Serializers: `json.dumps` in the forms the AWS CLI and JMESPath use, and Python's `repr()`.
//!
//! All of them walk the value with an explicit stack, so no input depth can overflow the call
//! stack (values built by `parse` are at most `MAX_DEPTH` deep anyway).

use super::float::float_repr;
use super::strings::{push_json_string, push_py_repr_string};
use crate::python::value::{Number, Value};

/// `json.dumps(value, indent=4, ensure_ascii=False)`: the AWS CLI's JSON output, without a
/// trailing newline.
///
/// Items are separated by `,` plus a newline, keys by `": "`; empty containers print as `[]` and
/// `{}`; non-ASCII text is printed raw; floats print as Python's `repr(float)`, with `NaN`,
/// `Infinity` and `-Infinity` for the non-finite ones.
pub fn to_pretty(value: &Value) -> String {
    unlimited(value, Form::Pretty)
}

/// `json.dumps(value)`: separators `", "` and `": "`, everything outside printable ASCII escaped
/// as lower-case `\uXXXX` (astral characters as surrogate pairs). This is the request body the
/// AWS CLI sends.
pub fn to_compact_ascii(value: &Value) -> String {
    to_compact_with(value, Separators::Spaced)
}

/// `json.dumps(value, separators=...)` with the default `ensure_ascii=True` and `allow_nan=True`:
/// like [`to_compact_ascii`], but with the chosen [`Separators`] (JMESPath's `to_string()` uses
/// [`Separators::Tight`]).
pub fn to_compact_with(value: &Value, separators: Separators) -> String {
    unlimited(value, Form::Compact(separators))
}

/// Python's `repr()` of the value `json.loads` would produce: `None`, `True`, `False`, `123`,
/// `1.5`, `nan`, `inf`, `'text'`, `[1, 'a']`, `{'a': 1, 'b': [None]}`.
///
/// Strings use single quotes unless they contain `'` and no `"`; the quote and `\` are escaped,
/// `\t`, `\n`, `\r` by name, other characters that Python's `str.isprintable()` rejects as
/// `\xHH`, `\uHHHH` or `\UHHHHHHHH`. Printability comes from a table generated from Python
/// 3.11.7's Unicode 14 database (`gen_printable.py`), so it is exact for that Python.
pub fn repr(value: &Value) -> String {
    unlimited(value, Form::Repr)
}

/// Python's `repr()` of a string (`'text'`), as error messages quote names, paths and values.
pub fn repr_str(text: &str) -> String {
    let mut out = String::new();
    push_py_repr_string(&mut out, text);
    out
}

/// The `separators` argument of `json.dumps` for its unindented forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Separators {
    /// Python's default `(', ', ': ')`.
    Spaced,
    /// `(',', ':')`, the most compact form.
    Tight,
}

/// The text forms the serializers produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// [`to_pretty`]: `json.dumps(value, indent=4, ensure_ascii=False)`.
    Pretty,
    /// [`to_compact_with`]: `json.dumps(value, separators=...)`, ASCII only.
    Compact(Separators),
    /// [`repr`]: Python's `repr()`.
    Repr,
}

/// [`write_within`] met a container nested deeper than its limit, where Python's own recursion
/// limit would have raised `RecursionError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooDeep;

/// Appends `value` to `out` in `form`, refusing to enter more than `max_depth` nested containers
/// (an empty one counts too): on [`TooDeep`], `out` keeps the text written up to that container.
///
/// For callers that reproduce a Python program whose recursion limit shows, e.g. JMESPath's
/// `to_string()` failing with `RecursionError` on deep data; the other serializers have no limit.
pub fn write_within(
    out: &mut String,
    value: &Value,
    form: Form,
    max_depth: usize,
) -> Result<(), TooDeep> {
    let writer = Writer { form, max_depth };
    writer.write(out, value)
}

/// Writes `value` in `form` without a depth limit.
fn unlimited(value: &Value, form: Form) -> String {
    let mut out = String::new();
    // With no limit there is nothing to refuse.
    let _ = write_within(&mut out, value, form, usize::MAX);
    out
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

/// One serialization in progress: the form and the depth limit.
struct Writer {
    form: Form,
    max_depth: usize,
}

impl Writer {
    /// Writes `value`; containers are opened onto `stack` and finished by the loop.
    fn write(&self, out: &mut String, value: &Value) -> Result<(), TooDeep> {
        let mut stack: Vec<Frame<'_>> = Vec::new();
        self.write_or_open(out, &mut stack, value)?;
        loop {
            let depth = stack.len();
            let Some(frame) = stack.last_mut() else {
                return Ok(());
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
                if self.form == Form::Pretty {
                    newline_indent(out, depth - 1);
                }
                out.push(close);
                continue;
            };
            let (item_separator, key_separator) = self.separators();
            if !first {
                out.push_str(item_separator);
            }
            if self.form == Form::Pretty {
                newline_indent(out, depth);
            }
            if let Some(key) = key {
                self.push_string(out, key);
                out.push_str(key_separator);
            }
            self.write_or_open(out, &mut stack, item)?;
        }
    }

    /// Writes a scalar or an empty container whole; opens a non-empty container onto `stack`.
    fn write_or_open<'a>(
        &self,
        out: &mut String,
        stack: &mut Vec<Frame<'a>>,
        value: &'a Value,
    ) -> Result<(), TooDeep> {
        let python = self.form == Form::Repr;
        match value {
            Value::Array(_) | Value::Object(_) if stack.len() >= self.max_depth => {
                return Err(TooDeep)
            }
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
            Value::String(s) => self.push_string(out, s),
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
        Ok(())
    }

    /// The item and key separators, as `json.dumps` picks them (`indent` makes the item
    /// separator `,` because the newline follows it) and as `repr()` writes them.
    fn separators(&self) -> (&'static str, &'static str) {
        match self.form {
            Form::Pretty => (",", ": "),
            Form::Compact(Separators::Tight) => (",", ":"),
            Form::Compact(Separators::Spaced) | Form::Repr => (", ", ": "),
        }
    }

    /// Writes a string or key in this form.
    fn push_string(&self, out: &mut String, s: &str) {
        match self.form {
            Form::Pretty => push_json_string(out, s, false),
            Form::Compact(_) => push_json_string(out, s, true),
            Form::Repr => push_py_repr_string(out, s),
        }
    }
}

/// Starts a new line indented four spaces per level, as `indent=4` does.
fn newline_indent(out: &mut String, level: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', 4 * level));
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
