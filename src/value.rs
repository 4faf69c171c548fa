//! The JSON data model shared by input parsing, the response parser, `--query` and the formatters.
//!
//! It mirrors what Python's `json` module produces, because every output rule of the AWS CLI is
//! defined on Python values: objects keep insertion order (a repeated key keeps its first position
//! and its last value), integers are unbounded and distinct from floats.

use indexmap::IndexMap;

/// A JSON object: keys in insertion order, like a Python `dict`.
pub type Map = IndexMap<String, Value>;

/// A JSON value with Python's distinctions between integers and floats.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null` (Python `None`).
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// Any number.
    Number(Number),
    /// A string.
    String(String),
    /// An array (Python `list`).
    Array(Vec<Value>),
    /// An object (Python `dict`), in insertion order.
    Object(Map),
}

/// A JSON number as Python's `json` module reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Number {
    /// An integer that fits in an `i64`.
    Int(i64),
    /// An integer outside the `i64` range, kept as its canonical decimal digits with an optional
    /// leading `-` (Python integers are unbounded, and the AWS CLI prints them exactly).
    BigInt(String),
    /// A float, including the NaN and infinities Python's `json` accepts.
    Float(f64),
}

impl Value {
    /// The object's map, if this is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The string, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// `true` for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Number(Number::Int(n))
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
