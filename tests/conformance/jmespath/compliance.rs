//! The official JMESPath compliance suite, checked two ways: against the suite's expected
//! results (numbers compare by value, objects regardless of key order), and byte-exactly
//! against what Python's jmespath 1.1.0 returned for each case (key order, int vs float, error
//! texts), recorded in `tests/fixtures/python_compliance.json` by `tests/gen_differential.py`.

use super::common::{check, outcome, to_value};
use ssooidc::python::jmespath::{compile, QueryError};
use ssooidc::python::value::{Number, Value};

/// The official suite, a copy of `shared/reference/jmespath-compliance`.
const SUITE_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/conformance/jmespath-compliance"
);

const PYTHON_RESULTS: &str =
    include_str!("../../fixtures/conformance/jmespath_python_compliance.json");

fn as_f64(number: &Number) -> f64 {
    match number {
        Number::Int(i) => *i as f64,
        Number::BigInt(digits) => digits.parse().unwrap_or(f64::NAN),
        Number::Float(f) => *f,
    }
}

/// The suite's notion of equality: `1 == 1.0`, objects equal whatever their key order.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => as_f64(x) == as_f64(y),
        (Value::Array(xs), Value::Array(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same(x, y))
        }
        (Value::Object(xs), Value::Object(ys)) => {
            xs.len() == ys.len()
                && xs
                    .iter()
                    .all(|(k, x)| ys.get(k).is_some_and(|y| same(x, y)))
        }
        _ => a == b,
    }
}

fn error_matches(kind: &str, error: &QueryError) -> bool {
    match kind {
        "syntax" => error.is_compile_error(),
        "invalid-type" => {
            matches!(error, QueryError::Type { .. })
                || matches!(
                    error,
                    QueryError::Python {
                        exception: "TypeError",
                        ..
                    }
                )
        }
        "invalid-value" => matches!(
            error,
            QueryError::Python {
                exception: "ValueError",
                ..
            }
        ),
        "invalid-arity" => matches!(error, QueryError::Arity { .. }),
        "unknown-function" => matches!(error, QueryError::UnknownFunction { .. }),
        _ => false,
    }
}

/// Checks one case against the suite's own expectation.
fn against_spec(case: &serde_json::Value, given: &Value) -> Result<(), String> {
    let expression = case["expression"].as_str().ok_or("no expression")?;
    let result = compile(expression).and_then(|expr| expr.search(given));
    if let Some(kind) = case.get("error").and_then(|e| e.as_str()) {
        return match result {
            Err(error) if error_matches(kind, &error) => Ok(()),
            other => Err(format!("expected {kind} error, got {other:?}")),
        };
    }
    let value = result.map_err(|error| format!("unexpected error: {error}"))?;
    match case.get("result") {
        Some(expected) if !same(&value, &to_value(expected)) => {
            Err(format!("got {value:?}, expected {expected}"))
        }
        _ => Ok(()),
    }
}

#[test]
fn compliance_suite_passes_like_python() {
    let python: Vec<serde_json::Value> = serde_json::from_str(PYTHON_RESULTS).expect("fixture");
    let mut files: Vec<_> = std::fs::read_dir(SUITE_DIR)
        .expect("compliance suite directory")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    let (mut total, mut benches, mut failures) = (0, 0, Vec::new());
    let mut recorded = python.iter();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("suite file");
        let groups: Vec<serde_json::Value> = serde_json::from_str(&text).expect("suite JSON");
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        for (g, group) in groups.iter().enumerate() {
            let given = to_value(&group["given"]);
            for (c, case) in group["cases"].as_array().expect("cases").iter().enumerate() {
                total += 1;
                benches += usize::from(case.get("bench").is_some());
                let entry = recorded.next().expect("a Python result per case");
                assert_eq!(
                    (
                        entry["file"].as_str(),
                        entry["group"].as_u64(),
                        entry["case"].as_u64()
                    ),
                    (Some(name.as_str()), Some(g as u64), Some(c as u64)),
                    "fixture out of date"
                );
                let expression = case["expression"].as_str().expect("expression");
                let spec = against_spec(case, &given);
                let exact = check(expression, &given, &outcome(&entry["python"]));
                if let Err(why) = spec.and(exact) {
                    failures.push(format!("{name} #{g}.{c} {expression:?}: {why}"));
                }
            }
        }
    }
    println!(
        "compliance: {}/{total} cases pass ({} non-bench), {benches} bench",
        total - failures.len(),
        total - benches
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
