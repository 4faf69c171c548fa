//! JSON read and written exactly as Python 3.11's `json` module does, plus Python's `repr()`.
//!
//! The AWS CLI is a Python program: its input parsing, request bodies, output and error messages
//! are all defined by `json.loads`, `json.dumps` and `repr()`. This module reproduces their bytes
//! over the shared [`Value`] type. The known, documented differences: lone surrogate escapes
//! become U+FFFD, and nesting is capped at [`MAX_DEPTH`] with an error of our own wording.
//!
//! It is the crate's only implementation of these Python forms: the `--query` engine and the
//! text and table formatters call it too, reaching Python's recursion limits where they show
//! through [`parse_with_max_depth`] and [`write_within`].

mod error;
mod float;
mod parse;
mod printable;
mod scan;
mod strings;
mod write;

#[cfg(test)]
mod tests;

pub use error::ParseError;
pub use float::float_repr;
pub use parse::{parse, parse_with_max_depth};
pub use write::{
    repr, repr_str, to_compact_ascii, to_compact_with, to_pretty, write_within, Form, Separators,
    TooDeep,
};

use crate::python::value::{Number, Value};

/// The deepest container nesting `parse` accepts; one more level fails with `Nested too deeply`.
///
/// Python would instead raise `RecursionError` at a depth near 1000 that depends on its call
/// stack. The cap keeps every recursive walk of a parsed [`Value`] (its `Drop`, `Clone`,
/// `PartialEq`, and callers' code) safely within any thread's stack.
pub const MAX_DEPTH: usize = 512;

/// Python's `str()` of the value: a string is its raw text, anything else prints as [`repr`].
pub fn python_str(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => repr(other),
    }
}

/// The `repr()` of the Python type `json.loads` would produce for the value, e.g.
/// `<class 'dict'>` for an object and `<class 'NoneType'>` for `null`.
pub fn python_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "<class 'NoneType'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Number(Number::Int(_) | Number::BigInt(_)) => "<class 'int'>",
        Value::Number(Number::Float(_)) => "<class 'float'>",
        Value::String(_) => "<class 'str'>",
        Value::Array(_) => "<class 'list'>",
        Value::Object(_) => "<class 'dict'>",
    }
}

/// The bare name of that type (`type(x).__name__`): `dict`, `list`, `str`, `int`, `float`,
/// `bool` or `NoneType`, as Python's error messages quote it (`'NoneType' object is not
/// iterable`).
pub fn python_type(value: &Value) -> &'static str {
    let name = python_type_name(value);
    // Every name above has this frame, so the fallback is never taken.
    name.strip_prefix("<class '")
        .and_then(|inner| inner.strip_suffix("'>"))
        .unwrap_or(name)
}
