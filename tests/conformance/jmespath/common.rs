//! Helpers shared by the integration tests: JSON fixtures to `Value`, and results to the exact
//! text Python's `json.dumps({"r": result}, separators=(',', ':'))` gives.

#![allow(dead_code)]

use ssooidc::python::jmespath::{compile, QueryError};
use ssooidc::python::value::{Map, Number, Value};

/// Converts serde_json data (read with `preserve_order` and `arbitrary_precision`, so key order
/// and integer digits survive) into the shared `Value`, as Python's `json.loads` would.
pub fn to_value(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(to_number(&n.to_string())),
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(items) => Value::Array(items.iter().map(to_value).collect()),
        serde_json::Value::Object(map) => {
            let mut out = Map::new();
            for (key, item) in map {
                out.insert(key.clone(), to_value(item));
            }
            Value::Object(out)
        }
    }
}

fn to_number(text: &str) -> Number {
    if text.contains(['.', 'e', 'E']) {
        return Number::Float(text.parse().expect("float"));
    }
    match text.parse::<i64>() {
        Ok(i) => Number::Int(i),
        Err(_) => Number::BigInt(text.to_owned()),
    }
}

/// Parses JSON text into a `Value`.
pub fn parse(text: &str) -> Value {
    to_value(&serde_json::from_str(text).expect("fixture JSON"))
}

/// `json.dumps({"r": value}, separators=(',', ':'))`, produced by our own `to_string()`
/// (whose output is itself checked against Python in the differential cases).
pub fn python_json(value: &Value) -> String {
    let mut wrapper = Map::new();
    wrapper.insert("r".to_owned(), value.clone());
    let dumped = compile("to_string(@)")
        .expect("compiles")
        .search(&Value::Object(wrapper))
        .expect("serializes");
    match dumped {
        Value::String(text) => text,
        other => panic!("to_string returned {other:?}"),
    }
}

/// What Python recorded for one case.
#[derive(Debug)]
pub enum Outcome {
    /// `json.dumps({"r": result})`.
    Json(String),
    /// `str(exception)`, the class name and whether it came from compile or search.
    Error {
        message: String,
        class: String,
        phase: String,
    },
}

/// Reads a fixture's `python` object.
pub fn outcome(json: &serde_json::Value) -> Outcome {
    if let Some(text) = json.get("json").and_then(|v| v.as_str()) {
        return Outcome::Json(text.to_owned());
    }
    let field = |name: &str| json[name].as_str().expect("error field").to_owned();
    Outcome::Error {
        message: field("error"),
        class: field("class"),
        phase: field("phase"),
    }
}

/// Runs `expression` on `data` and describes any difference from Python's outcome.
pub fn check(expression: &str, data: &Value, python: &Outcome) -> Result<(), String> {
    let compiled = compile(expression);
    let ours: Result<Value, (QueryError, &str)> = match &compiled {
        Err(error) => Err((error.clone(), "compile")),
        Ok(expr) => expr.search(data).map_err(|error| (error, "search")),
    };
    match (python, ours) {
        (Outcome::Json(expected), Ok(value)) => {
            let got = python_json(&value);
            (got == *expected)
                .then_some(())
                .ok_or_else(|| format!("result {got}, Python {expected}"))
        }
        (Outcome::Error { message, phase, .. }, Err((error, our_phase))) => {
            let text = error.to_string();
            let same_phase = phase == our_phase || (phase == "output" && our_phase == "search");
            (text == *message && same_phase)
                .then_some(())
                .ok_or_else(|| format!("error {our_phase} {text:?}, Python {phase} {message:?}"))
        }
        (python, ours) => Err(format!("ours {ours:?}, Python {python:?}")),
    }
}
