//! botocore's `ProcessProvider`: the profile's `credential_process`, split as botocore's
//! `compat_shell_split` does (`shlex.split`; the C runtime's rules on Windows) and run without a
//! shell; its stdout is a JSON document with `Version` 1.

use std::process::{Command, Stdio};
use std::time::SystemTime;

use super::Sources;
use crate::error::{Error, Result};
use crate::python::json;
use crate::python::value::{Number, Value};
use crate::secret::Secret;
use crate::service::signing::Credentials;

/// botocore's name for this provider.
pub(super) const NAME: &str = "custom-process";

/// Credentials from the profile's `credential_process`, if it has one.
pub(super) fn load(sources: &Sources) -> Result<Option<Credentials>> {
    let Some(command) = sources.get("credential_process") else {
        return Ok(None);
    };
    let credentials = run(&command)?;
    super::fresh(credentials, || run(&command)).map(Some)
}

/// `Error when retrieving credentials from custom-process: ...`.
fn failure(message: impl std::fmt::Display) -> Error {
    Error::msg(format!(
        "Error when retrieving credentials from {NAME}: {message}"
    ))
}

/// Runs the command once and reads its answer.
fn run(command: &str) -> Result<Credentials> {
    let argv =
        crate::python::shlex::compat_split(command).map_err(|err| Error::msg(err.to_string()))?;
    let Some((program, args)) = argv.split_first() else {
        // Policy P3: v1 fails with Python's `list index out of range`.
        return Err(failure("credential_process is empty"));
    };
    // The child's stderr is captured (and shown if it fails), its stdin is ours, as in botocore.
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::inherit())
        .output()
        .map_err(|err| Error::msg(crate::python::io::os_error_text(&err, program)))?;
    if !output.status.success() {
        return Err(failure(String::from_utf8_lossy(&output.stderr)));
    }
    let text =
        String::from_utf8(output.stdout).map_err(|_| failure("the output is not UTF-8 text"))?;
    let document = json::parse(&text).map_err(|err| Error::msg(err.to_string()))?;
    // Policy P3: v1 shows Python's `'list' object has no attribute 'get'`.
    let Value::Object(map) = document else {
        return Err(failure("the output is not a JSON object"));
    };
    // Python's `version != 1`: 1, 1.0 and true are all equal to 1.
    let version = map.get("Version");
    let supported = matches!(
        version,
        Some(Value::Number(Number::Int(1)) | Value::Bool(true))
    ) || matches!(version, Some(Value::Number(Number::Float(f))) if *f == 1.0);
    if !supported {
        let shown =
            version.map_or_else(|| "<Version key not provided>".to_owned(), json::python_str);
        return Err(failure(format!(
            "Unsupported version '{shown}' for credential process provider, supported versions: 1"
        )));
    }
    let required = |key: &str| match map.get(key) {
        Some(Value::String(value)) => Ok(value.clone()),
        Some(_) => Err(failure(format!("{key} is not a string"))),
        None => Err(failure(format!(
            "Missing required key in response: '{key}'"
        ))),
    };
    let optional = |key: &str| match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(value)) => Ok(Some(value.clone())),
        Some(_) => Err(failure(format!("{key} is not a string"))),
    };
    Ok(Credentials {
        access_key_id: required("AccessKeyId")?,
        secret_access_key: Secret::new(required("SecretAccessKey")?),
        session_token: optional("SessionToken")?.map(Secret::new),
        expiry: optional("Expiration")?
            .map(|text| expiry(&text))
            .transpose()?,
    })
}

/// An expiry time as botocore's `_parse_if_needed` reads it.
pub(super) fn expiry(text: &str) -> Result<SystemTime> {
    crate::python::time::parse_iso8601(text)
        .map(crate::python::time::from_unix)
        .ok_or_else(|| Error::msg(format!("Unknown string format: {text}")))
}
