//! Table tests for `config`: texts parsed by botocore (`tests/gen_ini_cases.py`)
//! must parse to the same sections, profile map and errors here.

use indexmap::IndexMap;
use serde_json::{json, Map, Value};
use ssooidc::config::{
    load_config, load_session_config, raw_config_parse, ConfigFile, ConfigValue, Profiles, Section,
};

const CASES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/conformance/ini_cases.json"
);

fn cases() -> Value {
    let text = std::fs::read_to_string(CASES).expect("read cases");
    serde_json::from_str(&text).expect("parse cases")
}

fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

fn section_json(section: &Section) -> Value {
    let mut map = Map::new();
    for (key, value) in section.iter() {
        let v = match value {
            ConfigValue::Scalar(s) => json!(s),
            ConfigValue::Nested(n) => {
                Value::Object(n.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
            }
        };
        map.insert(key.clone(), v);
    }
    Value::Object(map)
}

fn sections_json<'a>(
    sections: impl Iterator<Item = (&'a String, &'a Section)>,
) -> Map<String, Value> {
    sections
        .map(|(k, s)| (k.clone(), section_json(s)))
        .collect()
}

fn bucket(map: &IndexMap<String, Section>) -> Value {
    Value::Object(sections_json(map.iter()))
}

/// The shape of botocore's `build_profile_map` result.
fn profile_map_json(p: &Profiles) -> Value {
    let mut map = sections_json(p.other().iter());
    map.insert("profiles".into(), bucket(p.profiles()));
    map.insert("sso_sessions".into(), bucket(p.sso_sessions()));
    map.insert("services".into(), bucket(p.services()));
    Value::Object(map)
}

/// serde_json's map equality ignores order; compare the serialized text instead.
fn same(a: &Value, b: &Value) -> bool {
    serde_json::to_string(a).ok() == serde_json::to_string(b).ok()
}

#[test]
fn parse_cases_match_botocore() {
    let data = cases();
    let list = data["parse"].as_array().expect("parse");
    assert!(list.len() >= 30);
    for case in list {
        let name = &case["name"];
        let result = ConfigFile::parse_bytes(&unhex(case["hex"].as_str().unwrap_or_default()));
        match (result, case.get("error")) {
            (Ok(file), None) => {
                let raw = Value::Object(sections_json(file.sections()));
                assert!(
                    same(&raw, &case["raw"]),
                    "{name}: raw {raw} != {}",
                    case["raw"]
                );
                let map = profile_map_json(&Profiles::from_config(file));
                let want = &case["profile_map"];
                assert!(same(&map, want), "{name}: profiles {map} != {want}");
            }
            (Err(err), Some(want)) => {
                assert_eq!(err.python_name(), want["kind"], "{name}");
                if let Some(line) = want["line"].as_u64() {
                    assert_eq!(err.line, usize::try_from(line).ok(), "{name}");
                }
            }
            (got, want) => panic!("{name}: got {got:?}, botocore {want:?}"),
        }
    }
}

fn write_temp(dir: &std::path::Path, name: &str, hex: &Value) -> String {
    let path = dir.join(name);
    if let Some(hex) = hex.as_str() {
        std::fs::write(&path, unhex(hex)).expect("write temp");
    }
    path.to_string_lossy().into_owned()
}

#[test]
fn credentials_merge_matches_session_full_config() {
    let dir = std::env::temp_dir().join(format!("ini-merge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for case in cases()["merge"].as_array().expect("merge") {
        let name = case["name"].as_str().unwrap_or_default();
        let config = write_temp(&dir, &format!("{name}.config"), &case["config_hex"]);
        let creds = write_temp(&dir, &format!("{name}.creds"), &case["creds_hex"]);
        let profiles = load_session_config(&config, &creds).expect("load");
        let got = bucket(profiles.profiles());
        assert!(
            same(&got, &case["profiles"]),
            "{name}: {got} != {}",
            case["profiles"]
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_file_and_directory_are_not_found() {
    let dir = std::env::temp_dir();
    let dir = dir.to_string_lossy();
    assert_eq!(raw_config_parse(&dir), Ok(None));
    assert_eq!(load_config("/nonexistent/x/config"), Ok(None));
    let merged = load_session_config("/nonexistent/a", "/nonexistent/b").expect("empty");
    assert!(merged.profile("default").is_none());
}

#[test]
fn parse_error_message_is_botocore_text() {
    let dir = std::env::temp_dir().join(format!("ini-err-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("config");
    std::fs::write(&path, "[default]\nregion = a\nregion = b\n").expect("write");
    let path = path.to_string_lossy().into_owned();
    let err = raw_config_parse(&path).expect_err("duplicate key");
    assert_eq!(
        err.to_string(),
        format!("Unable to parse config file: {path}")
    );
    assert_eq!(
        err.error.to_string(),
        "line 3: key 'region' already exists in section [default]"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn lookups() {
    let text = "[profile dev]\nservices = s\n[services s]\nsso_oidc =\n  endpoint_url = http://x\n";
    let profiles = Profiles::from_config(ConfigFile::parse(text).expect("parse"));
    let dev = profiles.profile("dev").expect("dev");
    assert_eq!(dev.scalar("services"), Some("s"));
    let services = profiles.services_section("s").expect("services");
    let nested = services.nested("sso_oidc").expect("nested");
    assert_eq!(
        nested.get("endpoint_url").map(String::as_str),
        Some("http://x")
    );
    assert!(profiles.scoped_config(Some("nope")).is_err());
    assert!(profiles.scoped_config(None).expect("empty").is_empty());
}
