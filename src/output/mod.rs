//! The AWS CLI v1 `--output text` and `--output table` renderers, byte for byte as awscli 1.45.11
//! writes them (`awscli/formatter.py`, `awscli/text.py`, `awscli/table.py`).
//!
//! Both renderers take the response *after* `--query` was applied. Like awscli's
//! `Formatter._remove_request_id`, the caller must first drop a top-level `ResponseMetadata` key
//! from the response object (see [`strip_response_metadata`]); awscli does that before the query.
//!
//! Every cell and field is Python's `str()` of its value, [`crate::python::json::python_str`]: `None`,
//! `True`, floats as `repr(float)`, and containers (reachable only when a key holds a scalar in
//! one list item and a list or object in another) as Python's `repr`.

mod multitable;
pub mod render;
mod table;
mod text;

use std::fmt;

use crate::python::value::Value;

pub use table::{render_table, render_table_with_width, try_render_table, DEFAULT_TERMINAL_WIDTH};
pub use text::{render_text, try_render_text};

/// A rendering that awscli aborts with a Python exception (only for odd `--query` shapes, such as
/// a list mixing objects and non-objects).
///
/// The AWS CLI then prints `"\n" + message + "\n"` to stderr and exits with status 255
/// (`clidriver.main` → `write_exception`); whatever the formatter had already written stays on
/// stdout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError {
    /// What awscli had written to stdout before the exception (text output streams line by line;
    /// the table formatter builds everything first, so this is empty for tables).
    pub stdout: String,
    /// `str()` of the Python exception awscli raises, e.g. `'NoneType' object is not iterable`.
    pub message: String,
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RenderError {}

/// Removes a top-level `ResponseMetadata` key from a response object, as awscli's
/// `Formatter._remove_request_id` does before `--query` is applied (botocore always puts its own
/// `ResponseMetadata` there, replacing any such key from the body, and the formatter deletes it).
///
/// Non-objects are left alone.
pub fn strip_response_metadata(response: &mut Value) {
    if let Value::Object(map) = response {
        map.shift_remove("ResponseMetadata");
    }
}

/// The number of terminal columns `text` occupies, used for every width in the table.
///
/// Deliberate difference from awscli (policy P5): `awscli.table.get_text_length` counts East Asian
/// *Ambiguous* characters (é, Cyrillic, Greek, ...) as 2 columns, which misaligns the frame on
/// every non-CJK terminal. We use the real display width, `UnicodeWidthStr::width` (non-CJK):
/// Wide and Fullwidth count 2, Ambiguous counts 1. ASCII control characters (tab, newline, `\r`)
/// count 1 each as in awscli (`unicode-width` would count `"\r\n"` as 1), so every ASCII-only or
/// Wide-only text measures exactly as awscli measures it.
pub fn display_width(text: &str) -> usize {
    let controls = text.chars().filter(char::is_ascii_control).count();
    let rest: usize = text
        .split(|c: char| c.is_ascii_control())
        .map(unicode_width::UnicodeWidthStr::width)
        .sum();
    rest + controls
}

/// `true` unless the value is a list or an object (awscli's `_scalar_type` and the
/// `isinstance(value, (dict, list))` checks in `text.py`).
fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::value::Map;

    #[test]
    fn display_width_counts_ascii_controls_and_wide_like_awscli() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("a\tb\r\nc"), 6); // unicode-width alone says 5
        assert_eq!(display_width("日本ｆ"), 6);
        // P5: Ambiguous counts 1 (awscli: 2).
        assert_eq!(display_width("café"), 4);
        assert_eq!(display_width("Москва"), 6);
    }

    #[test]
    fn strip_response_metadata_drops_only_the_top_level_key() {
        let mut inner = Map::new();
        inner.insert("ResponseMetadata".into(), Value::from(1));
        let mut map = Map::new();
        map.insert("a".into(), Value::from(1));
        map.insert("ResponseMetadata".into(), Value::Object(Map::new()));
        map.insert("b".into(), Value::Object(inner.clone()));
        let mut response = Value::Object(map);
        strip_response_metadata(&mut response);
        let keys: Vec<&String> = response
            .as_object()
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(
            response.as_object().and_then(|m| m.get("b")),
            Some(&Value::Object(inner))
        );
    }
}
