//! A value that must not be printed by accident.
//!
//! `Secret` wraps data that carries a secret as a whole (the raw bytes of an answer, which hold
//! `clientSecret`): its `Debug` prints `***` and it has no `Display`, so the secret cannot reach
//! a log line, an error message or a panic message through formatting. Reading it takes an
//! explicit [`Secret::expose`]. Parsed values keep the plain [`Value`] model; they are redacted
//! by member name where they are shown ([`redact`], [`redacted_json`], [`scrub`]). Which names
//! hold secrets is the model's knowledge (`service::model::is_sensitive`) or, for the shared
//! config files, the config's: callers pass it in.

use std::fmt;

use crate::python::value::Value;

/// A value whose `Debug` output is `***`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wraps `value`.
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    /// The value, for the code that needs it (parsing, never printing).
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Secret(value)
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// A JSON object's text with the values of the members `is_secret` names replaced by `"***"`. Anything else
/// (arrays, strings, text that is not JSON) is summarised by its size: secrets in it could not be
/// told apart from other values.
pub fn redacted_json(text: &str, is_secret: impl Fn(&str) -> bool) -> String {
    match crate::python::json::parse(text) {
        Ok(mut value @ crate::python::value::Value::Object(_)) => {
            redact(&mut value, is_secret);
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
pub fn scrub(text: &str, value: &Value, is_secret: impl Fn(&str) -> bool) -> String {
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
pub fn redact(value: &mut Value, is_secret: impl Fn(&str) -> bool) {
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
    fn debug_never_shows_the_value() {
        let secret = Secret::new(String::from("s3cr3t"));
        assert_eq!(format!("{secret:?}"), "***");
        assert_eq!(format!("{secret:#?}"), "***");
        assert_eq!(secret.expose(), "s3cr3t");
    }

    fn is_secret(name: &str) -> bool {
        ["clientSecret", "refreshToken"].contains(&name)
    }

    #[test]
    fn secrets_are_replaced_at_any_depth() {
        let text = r#"{"clientId":"id","clientSecret":"s3cr3t","nested":[{"refreshToken":"r"}]}"#;
        let out = redacted_json(text, is_secret);
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
            scrub(
                "invalid type for value: s3cr3t-value, id",
                &answer,
                is_secret
            ),
            "invalid type for value: ***, id"
        );
    }

    #[test]
    fn non_json_is_not_echoed() {
        assert_eq!(
            redacted_json("secret-ish", is_secret),
            "(10 bytes, not JSON; not shown)"
        );
    }
}
