//! Differential tests against Python's jmespath 1.1.0: AWS-CLI-shaped data, number semantics,
//! functions, Python exceptions and parse-error texts. Expected outcomes were recorded by
//! `tests/gen_differential.py` into `tests/fixtures/differential.json` and are compared
//! byte-exactly (key order, `1` vs `1.0`, error text).

use std::collections::HashMap;

use super::common::{check, outcome, parse};

const FIXTURE: &str = include_str!("../../fixtures/conformance/jmespath_differential.json");

#[test]
fn matches_python_jmespath() {
    run_fixture(FIXTURE);
}

/// A larger fixture of random expressions, named by `JMESPATH_FUZZ_FIXTURE` (made by a
/// throw-away generator in the same format). Ignored by default, since no such fixture is
/// checked in: run it with `JMESPATH_FUZZ_FIXTURE=PATH cargo test -- --ignored external`.
#[test]
#[ignore = "needs JMESPATH_FUZZ_FIXTURE naming an external fixture; run with --ignored"]
fn matches_python_on_external_fixture() {
    let path = std::env::var("JMESPATH_FUZZ_FIXTURE")
        .expect("JMESPATH_FUZZ_FIXTURE must name the fixture to compare with");
    run_fixture(&std::fs::read_to_string(path).expect("fuzz fixture"));
}

fn run_fixture(text: &str) {
    let fixture: serde_json::Value = serde_json::from_str(text).expect("fixture");
    let data: HashMap<&str, _> = fixture["data"]
        .as_object()
        .expect("data sets")
        .iter()
        .map(|(name, text)| (name.as_str(), parse(text.as_str().expect("JSON text"))))
        .collect();
    let cases = fixture["cases"].as_array().expect("cases");
    let mut failures = Vec::new();
    for case in cases {
        let expression = case["expression"].as_str().expect("expression");
        let given = &data[case["data"].as_str().expect("data name")];
        if let Err(why) = check(expression, given, &outcome(&case["python"])) {
            failures.push(format!("{expression:?}: {why}"));
        }
    }
    println!(
        "differential: {}/{} match Python",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
