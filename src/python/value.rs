//! The JSON data model shared by input parsing, the response parser, `--query` and the formatters.
//!
//! It mirrors what Python's `json` module produces, because every output rule of the AWS CLI is
//! defined on Python values: objects keep insertion order (a repeated key keeps its first position
//! and its last value), integers are unbounded and distinct from floats.

use indexmap::IndexMap;

/// A JSON object: keys in insertion order, like a Python `dict`.
pub type Map = IndexMap<String, Value>;

/// An object of string members, in the order given (a request's input, a cache document).
pub fn string_map<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Map {
    pairs
        .into_iter()
        .map(|(key, value)| (key.to_owned(), Value::from(value)))
        .collect()
}

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

    /// Python's `bool()` of the value `json.loads` would produce: `None`, `False`, `0`, `0.0`,
    /// `-0.0`, `''`, `[]` and `{}` are false, everything else (NaN included) is true.
    ///
    /// This is *not* JMESPath's truthiness, where every number is true (`0` included); the query
    /// engine keeps its own rule in `jmespath::compare::is_false`.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(Number::Int(n)) => *n != 0,
            // Canonical digits outside the `i64` range are never zero.
            Value::Number(Number::BigInt(_)) => true,
            Value::Number(Number::Float(f)) => *f != 0.0,
            Value::String(s) => !s.is_empty(),
            Value::Array(items) => !items.is_empty(),
            Value::Object(map) => !map.is_empty(),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truthiness_is_pythons_bool() {
        let falsy = [
            Value::Null,
            Value::Bool(false),
            Value::from(0),
            Value::Number(Number::Float(0.0)),
            Value::Number(Number::Float(-0.0)),
            Value::from(""),
            Value::Array(Vec::new()),
            Value::Object(Map::new()),
        ];
        for value in &falsy {
            assert!(!value.is_truthy(), "{value:?}");
        }
        let truthy = [
            Value::Bool(true),
            Value::from(-1),
            Value::Number(Number::BigInt("-9223372036854775809".to_owned())),
            Value::Number(Number::Float(f64::NAN)),
            Value::Number(Number::Float(1e-300)),
            Value::from(" "),
            Value::Array(vec![Value::Null]),
            Value::Object(Map::from([("".to_owned(), Value::Null)])),
        ];
        for value in &truthy {
            assert!(value.is_truthy(), "{value:?}");
        }
    }
}
