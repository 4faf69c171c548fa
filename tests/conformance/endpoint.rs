//! Table tests for `endpoint`: the 40 official SSO-OIDC vectors, plus cases recorded
//! from botocore by `tests/gen_endpoint_cases.py`.

use serde_json::Value;
use ssooidc::service::endpoint::{
    partition_for, resolve, validate_region_name, EndpointParams, PARTITIONS,
};

/// Official rule-set test vectors (shared with the main crate).
const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/conformance/sso-oidc-endpoint-tests-1.json"
);
const GENERATED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/conformance/endpoint_cases.json"
);

fn load(path: &str) -> Value {
    let text = std::fs::read_to_string(path).expect("read test data");
    serde_json::from_str(&text).expect("parse test data")
}

fn params(p: &Value) -> EndpointParams {
    EndpointParams {
        region: p["Region"].as_str().map(String::from),
        use_fips: p["UseFIPS"].as_bool().unwrap_or(false),
        use_dual_stack: p["UseDualStack"].as_bool().unwrap_or(false),
        endpoint: p["Endpoint"].as_str().map(String::from),
    }
}

/// `{"url": ..}` / `{"endpoint": {"url": ..}}` / `{"error": ..}` as one Result.
fn expected(expect: &Value) -> Result<String, String> {
    let url = expect["url"]
        .as_str()
        .or(expect["endpoint"]["url"].as_str());
    match (url, expect["error"].as_str()) {
        (Some(url), _) => Ok(url.to_string()),
        (None, Some(err)) => Err(err.to_string()),
        _ => panic!("bad expectation {expect}"),
    }
}

fn check_rule_cases(cases: &[Value]) -> usize {
    for case in cases {
        let got = resolve(&params(&case["params"])).map_err(|e| e.to_string());
        assert_eq!(got, expected(&case["expect"]), "{}", case["params"]);
    }
    cases.len()
}

#[test]
fn official_vectors() {
    let data = load(VECTORS);
    let cases = data["testCases"].as_array().expect("testCases");
    assert_eq!(check_rule_cases(cases), 40);
}

#[test]
fn botocore_rule_set_cases() {
    let data = load(GENERATED);
    let cases = data["resolve"].as_array().expect("resolve");
    assert!(check_rule_cases(cases) > 250);
}

/// The path a CLI call takes: validate the region, drop FIPS/dual-stack when an
/// endpoint URL is given, resolve. botocore then rejects a host it cannot parse
/// (`Invalid endpoint: https://oidc..amazonaws.com` for the empty region).
#[test]
fn botocore_client_cases() {
    let data = load(GENERATED);
    for case in data["client"].as_array().expect("client") {
        let region = case["region"].as_str().unwrap_or_default();
        let endpoint = case["endpoint"].as_str().map(String::from);
        let custom = endpoint.is_some();
        let p = EndpointParams {
            region: Some(region.to_string()),
            use_fips: case["fips"].as_bool().unwrap_or(false) && !custom,
            use_dual_stack: case["dual"].as_bool().unwrap_or(false) && !custom,
            endpoint,
        };
        let got = validate_region_name(region)
            .and_then(|()| resolve(&p))
            .map_err(|e| format!("InvalidRegionError: {e}"));
        let got = match got {
            Ok(url) if url.contains("..") => Err(format!("ValueError: Invalid endpoint: {url}")),
            other => other,
        };
        assert_eq!(got, expected(&case["expect"]), "{case}");
    }
}

#[test]
fn botocore_validate_region_name() {
    let data = load(GENERATED);
    for case in data["validate"].as_array().expect("validate") {
        let region = case["region"].as_str().unwrap_or_default();
        let got = validate_region_name(region).err().map(|e| e.to_string());
        assert_eq!(got.as_deref(), case["error"].as_str(), "{region:?}");
    }
}

#[test]
fn regex_matchers_agree_with_python_re() {
    let data = load(GENERATED);
    for case in data["regex"].as_array().expect("regex") {
        let region = case["region"].as_str().unwrap_or_default();
        for p in &PARTITIONS {
            let want = case["matches"][p.id].as_bool();
            assert_eq!(Some(p.matches_regex(region)), want, "{} {region:?}", p.id);
        }
    }
    assert_eq!(partition_for("us-iso-b-1").id, "aws-iso");
}
