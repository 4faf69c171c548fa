//! `--debug`: a readable log on stderr of what was resolved and done, with secrets replaced.
//!
//! Unlike v1, which prints request and response bodies verbatim, every secret is replaced by
//! `***` before a line is written (policy P6).

use std::io::Write;
use std::time::Instant;

use crate::python::value::Value;

/// Names whose values are never logged, whatever the operation: the model's sensitive members
/// plus the credential and token names of the AWS configuration and OAuth.
const SECRET_NAMES: &[&str] = &[
    "clientSecret",
    "accessToken",
    "refreshToken",
    "idToken",
    "codeVerifier",
    "deviceCode",
    "code",
    "assertion",
    "subjectToken",
    "aws_secret_access_key",
    "aws_session_token",
    "authorization",
];

/// Whether a member or key named `name` holds a secret.
pub fn is_secret(name: &str) -> bool {
    crate::service::model::is_sensitive(name)
        || SECRET_NAMES.iter().any(|s| s.eq_ignore_ascii_case(name))
}

/// The debug log; writes nothing unless enabled.
pub struct Log {
    enabled: bool,
    started: Instant,
}

impl Log {
    /// A log that writes when `enabled`.
    pub fn new(enabled: bool) -> Self {
        Self {
            enabled,
            started: Instant::now(),
        }
    }

    /// Whether lines are written.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Writes one line, prefixed with the time since start. The caller redacts secrets first.
    pub fn line(&self, message: &str) {
        if !self.enabled {
            return;
        }
        let ms = self.started.elapsed().as_secs_f64() * 1000.0;
        let line = format!("[debug {ms:8.3} ms] {message}\n");
        // A log line that cannot be written is not worth failing the command for.
        let _ = std::io::stderr().write_all(line.as_bytes());
    }
}

/// A JSON object's text with the values of secret members replaced by `"***"`. Anything else
/// (arrays, strings, text that is not JSON) is summarised by its size: secrets in it could not be
/// told apart from other values.
pub fn redacted_json(text: &str) -> String {
    match crate::python::json::parse(text) {
        Ok(mut value @ crate::python::value::Value::Object(_)) => {
            redact(&mut value);
            crate::python::json::to_compact_ascii(&value)
        }
        Ok(_) => format!(
            "({} bytes of JSON that is not an object; not shown)",
            text.len()
        ),
        Err(_) if text.is_empty() => String::from("(empty)"),
        Err(_) => format!("({} bytes, not JSON; not shown)", text.len()),
    }
}

/// `text` with every secret found in `value` (the strings under secret names, four characters
/// or longer) replaced by `***`: for messages that may quote an answer, such as `--query` errors.
pub fn scrub(text: &str, value: &Value) -> String {
    let mut secrets = Vec::new();
    let mut stack = vec![value];
    while let Some(current) = stack.pop() {
        match current {
            Value::Object(map) => {
                for (key, member) in map {
                    match member {
                        Value::String(s) if is_secret(key) && s.chars().count() >= 4 => {
                            secrets.push(s.as_str())
                        }
                        _ => stack.push(member),
                    }
                }
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    // Longest first, so a secret that contains another is replaced whole.
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    secrets
        .iter()
        .fold(text.to_owned(), |text, secret| text.replace(secret, "***"))
}

/// Replaces secret members' values anywhere in `value`.
pub fn redact(value: &mut Value) {
    // An explicit stack: values may be nested deeply.
    let mut stack = vec![value];
    while let Some(current) = stack.pop() {
        match current {
            Value::Object(map) => {
                for (key, member) in map.iter_mut() {
                    if is_secret(key) {
                        *member = Value::from("***");
                    } else {
                        stack.push(member);
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_replaced_at_any_depth() {
        let text = r#"{"clientId":"id","clientSecret":"s3cr3t","nested":[{"refreshToken":"r"}]}"#;
        let out = redacted_json(text);
        assert!(!out.contains("s3cr3t"));
        assert!(!out.contains("\"r\""));
        assert!(out.contains("\"clientId\": \"id\""));
    }

    #[test]
    fn scrub_replaces_secrets_quoted_in_messages() {
        let answer =
            crate::python::json::parse(r#"{"clientId": "id", "clientSecret": "s3cr3t-value"}"#)
                .unwrap();
        assert_eq!(
            scrub("invalid type for value: s3cr3t-value, id", &answer),
            "invalid type for value: ***, id"
        );
    }

    #[test]
    fn non_json_is_not_echoed() {
        assert_eq!(
            redacted_json("secret-ish"),
            "(10 bytes, not JSON; not shown)"
        );
    }
}
