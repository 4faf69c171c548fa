//! `parse`: `json.loads` without recursion, reporting Python's errors at Python's positions.
//!
//! The structure follows `scan_once_unicode`, `_parse_object_unicode` and `_parse_array_unicode`
//! of CPython 3.11's `_json.c` (the code `json.loads` really runs), but keeps the open containers
//! on an explicit stack so hostile nesting can never overflow the call stack.

use super::error::{ParseError, NESTED_TOO_DEEPLY};
use super::scan::{scan_number, scan_string};
use super::MAX_DEPTH;
use crate::python::value::{Map, Number, Value};

/// Parses `text` exactly like Python 3.11's `json.loads(text)`.
///
/// Accepts what Python accepts beyond strict JSON: `NaN`, `Infinity`, `-Infinity`, duplicate keys
/// (the last value wins, at the first key's position) and integers of any size (up to Python's
/// 4300-digit limit). Floats overflow to infinity like Python's `float()`. Errors carry Python's
/// message and position; see [`ParseError`] for the two kinds that cannot match Python exactly.
///
/// Differences from Python, both forced by Rust:
/// - a lone surrogate escape such as `"\ud800"` becomes U+FFFD (Python keeps the surrogate);
/// - containers nested deeper than [`MAX_DEPTH`] fail with `Nested too deeply` instead of
///   Python's `RecursionError` somewhere near depth 1000.
pub fn parse(text: &str) -> Result<Value, ParseError> {
    parse_with_max_depth(text, MAX_DEPTH)
}

/// [`parse`] with a lower nesting limit: a container nested more than `max_depth` deep (the
/// outermost is at depth 1) fails with the error for which [`ParseError::exceeds_depth`] holds.
/// A limit above [`MAX_DEPTH`] is lowered to it, so parsed values stay safe to walk.
///
/// For callers that stand in for a Python `json.loads` whose recursion limit is their own, such
/// as JMESPath's backtick literals, which share the expression's nesting limit.
pub fn parse_with_max_depth(text: &str, max_depth: usize) -> Result<Value, ParseError> {
    let max_depth = max_depth.min(MAX_DEPTH);
    // `json.loads` refuses a str starting with a BOM before decoding anything.
    if text.starts_with('\u{feff}') {
        return Err(ParseError::at(
            "Unexpected UTF-8 BOM (decode using utf-8-sig)",
            text,
            0,
        ));
    }
    let bytes = text.as_bytes();
    let start = skip_ws(bytes, 0);
    let (value, end) = scan_value(text, start, max_depth)?;
    let end = skip_ws(bytes, end);
    if end != bytes.len() {
        return Err(ParseError::at("Extra data", text, end));
    }
    Ok(value)
}

/// Skips Python's JSON whitespace (space, tab, newline, carriage return only).
fn skip_ws(bytes: &[u8], mut idx: usize) -> usize {
    while matches!(bytes.get(idx), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        idx += 1;
    }
    idx
}

/// A container still being filled.
enum Open {
    Array(Vec<Value>),
    /// The map so far and the key whose value is being scanned.
    Object(Map, String),
}

/// What scanning one position produced.
enum Step {
    /// A complete value, and the offset after it.
    Done(Value, usize),
    /// A container was opened; its first element starts at the offset.
    Opened(Open, usize),
}

/// Scans one JSON value at `idx` (already past leading whitespace), with containers nested at
/// most `max_depth` deep; returns it and the offset after it. The loop plays the role of C's
/// recursive `scan_once_unicode`.
fn scan_value(text: &str, mut idx: usize, max_depth: usize) -> Result<(Value, usize), ParseError> {
    let bytes = text.as_bytes();
    let mut stack: Vec<Open> = Vec::new();
    loop {
        let (mut value, mut end) = match scan_one(text, idx, stack.len(), max_depth)? {
            Step::Done(value, end) => (value, end),
            Step::Opened(open, next) => {
                stack.push(open);
                idx = next;
                continue;
            }
        };
        // Hand the finished value to its container, closing containers as long as they end.
        loop {
            let Some(top) = stack.last_mut() else {
                return Ok((value, end));
            };
            end = skip_ws(bytes, end);
            let next = bytes.get(end).copied();
            let close = match top {
                Open::Array(items) => {
                    items.push(value);
                    b']'
                }
                Open::Object(map, key) => {
                    map.insert(std::mem::take(key), value);
                    b'}'
                }
            };
            if next == Some(close) {
                end += 1;
                value = match stack.pop() {
                    Some(Open::Array(items)) => Value::Array(items),
                    Some(Open::Object(map, _)) => Value::Object(map),
                    // Unreachable: `top` proved the stack non-empty just above.
                    None => Value::Null,
                };
                continue;
            }
            if next != Some(b',') {
                return Err(ParseError::at("Expecting ',' delimiter", text, end));
            }
            idx = skip_ws(bytes, end + 1);
            if let Open::Object(_, key) = top {
                // After a comma in an object comes the next key, then the value.
                let (next_key, after) = scan_key(text, idx)?;
                *key = next_key;
                idx = after;
            }
            break;
        }
    }
}

/// Scans what starts at `idx`: a scalar, or the opening of a container inside `depth` others,
/// which fails when `max_depth` containers are open already.
fn scan_one(text: &str, idx: usize, depth: usize, max_depth: usize) -> Result<Step, ParseError> {
    let bytes = text.as_bytes();
    let rest = bytes.get(idx..).unwrap_or_default();
    let constant = |value: Value, len: usize| Ok(Step::Done(value, idx + len));
    let float = |f: f64| Value::Number(Number::Float(f));
    match rest.first() {
        Some(b'"') => {
            let (s, end) = scan_string(text, idx + 1)?;
            return Ok(Step::Done(Value::String(s), end));
        }
        Some(b'{' | b'[') if depth >= max_depth => {
            return Err(ParseError::at(NESTED_TOO_DEEPLY, text, idx));
        }
        Some(b'{') => {
            let idx = skip_ws(bytes, idx + 1);
            if bytes.get(idx) == Some(&b'}') {
                return Ok(Step::Done(Value::Object(Map::new()), idx + 1));
            }
            let (key, next) = scan_key(text, idx)?;
            return Ok(Step::Opened(Open::Object(Map::new(), key), next));
        }
        Some(b'[') => {
            let idx = skip_ws(bytes, idx + 1);
            if bytes.get(idx) == Some(&b']') {
                return Ok(Step::Done(Value::Array(Vec::new()), idx + 1));
            }
            return Ok(Step::Opened(Open::Array(Vec::new()), idx));
        }
        _ => {}
    }
    if rest.starts_with(b"null") {
        return constant(Value::Null, 4);
    }
    if rest.starts_with(b"true") {
        return constant(Value::Bool(true), 4);
    }
    if rest.starts_with(b"false") {
        return constant(Value::Bool(false), 5);
    }
    if rest.starts_with(b"NaN") {
        return constant(float(f64::NAN), 3);
    }
    if rest.starts_with(b"Infinity") {
        return constant(float(f64::INFINITY), 8);
    }
    if rest.starts_with(b"-Infinity") {
        return constant(float(f64::NEG_INFINITY), 9);
    }
    match scan_number(text, idx) {
        Some(result) => {
            let (number, end) = result?;
            Ok(Step::Done(Value::Number(number), end))
        }
        None => Err(ParseError::at("Expecting value", text, idx)),
    }
}

/// Scans `"key"` `:` at `idx` (an object's key position) and the whitespace after the colon;
/// returns the key and the offset where its value starts.
fn scan_key(text: &str, idx: usize) -> Result<(String, usize), ParseError> {
    let bytes = text.as_bytes();
    if bytes.get(idx) != Some(&b'"') {
        return Err(ParseError::at(
            "Expecting property name enclosed in double quotes",
            text,
            idx,
        ));
    }
    let (key, end) = scan_string(text, idx + 1)?;
    let end = skip_ws(bytes, end);
    if bytes.get(end) != Some(&b':') {
        return Err(ParseError::at("Expecting ':' delimiter", text, end));
    }
    Ok((key, skip_ws(bytes, end + 1)))
}
