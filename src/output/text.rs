//! `--output text`: a port of `awscli/text.py` as driven by `awscli.formatter.TextFormatter`.

use std::collections::BTreeSet;

use super::{is_scalar, RenderError};
use crate::python::json::{python_str, python_type};
use crate::python::value::{Map, Value};

/// Renders `value` (the response after `--query`) exactly as awscli's `TextFormatter` writes it
/// to stdout.
///
/// - A scalar prints as Python `str()` and a newline (`null` prints `None`).
/// - A list of scalars prints tab-separated on one line; `[]` and `{}` print nothing.
/// - An object prints its scalar values in sorted key order, tab-separated, on one line, then
///   each list/object value (sorted by key) with the UPPER-CASED key as its first column.
/// - A list of objects prints one line per object with the union of their scalar keys as columns.
///
/// If awscli would raise (a list mixing objects and non-objects), this returns what awscli had
/// printed before the exception; use [`try_render_text`] to detect that case.
pub fn render_text(value: &Value) -> String {
    match try_render_text(value) {
        Ok(out) => out,
        Err(err) => err.stdout,
    }
}

/// Like [`render_text`], but reports the case where awscli raises an exception (exit status 255),
/// with the partial stdout and the exception's message.
pub fn try_render_text(value: &Value) -> Result<String, RenderError> {
    let mut out = String::new();
    match format_text(value, None, None, &mut out) {
        Ok(()) => Ok(out),
        Err(message) => Err(RenderError {
            stdout: out,
            message,
        }),
    }
}

/// `text._format_text`: dispatch on the value's type. A scalar ignores `identifier`.
fn format_text(
    item: &Value,
    identifier: Option<&str>,
    scalar_keys: Option<&[&str]>,
    out: &mut String,
) -> Result<(), String> {
    match item {
        Value::Object(map) => format_dict(scalar_keys, map, identifier, out),
        Value::Array(items) => format_list(items, identifier, out),
        scalar => {
            out.push_str(&python_str(scalar));
            out.push('\n');
            Ok(())
        }
    }
}

/// `text._format_list`.
fn format_list(items: &[Value], identifier: Option<&str>, out: &mut String) -> Result<(), String> {
    if items.is_empty() {
        return Ok(());
    }
    if items.iter().any(|v| matches!(v, Value::Object(_))) {
        let all_keys = all_scalar_keys(items)?;
        for element in items {
            format_text(element, identifier, Some(&all_keys), out)?;
        }
    } else if items.iter().any(|v| matches!(v, Value::Array(_))) {
        // `_partition_list`: the scalars go out first as one group, then each nested list.
        let (scalars, non_scalars): (Vec<&Value>, Vec<&Value>) =
            items.iter().partition(|v| is_scalar(v));
        if !scalars.is_empty() {
            format_scalar_list(&scalars, identifier, out);
        }
        for non_scalar in non_scalars {
            format_text(non_scalar, identifier, None, out)?;
        }
    } else {
        let scalars: Vec<&Value> = items.iter().collect();
        format_scalar_list(&scalars, identifier, out);
    }
    Ok(())
}

/// `text._format_scalar_list`: one `IDENTIFIER\tvalue` line per item under a key, else all items
/// on one tab-separated line.
fn format_scalar_list(elements: &[&Value], identifier: Option<&str>, out: &mut String) {
    match identifier {
        Some(identifier) => {
            let upper = identifier.to_uppercase();
            for item in elements {
                out.push_str(&upper);
                out.push('\t');
                out.push_str(&python_str(item));
                out.push('\n');
            }
        }
        None => {
            let parts: Vec<String> = elements.iter().map(|v| python_str(v)).collect();
            out.push_str(&parts.join("\t"));
            out.push('\n');
        }
    }
}

/// `text._format_dict`: the scalar line (prefixed by the upper-cased identifier), then each
/// non-scalar value under its own key.
fn format_dict(
    scalar_keys: Option<&[&str]>,
    item: &Map,
    identifier: Option<&str>,
    out: &mut String,
) -> Result<(), String> {
    let (mut scalars, non_scalars) = partition_dict(item, scalar_keys);
    if !scalars.is_empty() {
        if let Some(identifier) = identifier {
            scalars.insert(0, identifier.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (key, value) in non_scalars {
        format_text(value, Some(key), None, out)?;
    }
    Ok(())
}

/// `text._all_scalar_keys`: the sorted union of the scalar-valued keys of a list of objects.
/// A non-object item makes awscli call `.items()` on it and raise `AttributeError`.
fn all_scalar_keys(items: &[Value]) -> Result<Vec<&str>, String> {
    let mut keys = BTreeSet::new();
    for item in items {
        let Value::Object(map) = item else {
            return Err(format!(
                "'{}' object has no attribute 'items'",
                python_type(item)
            ));
        };
        keys.extend(
            map.iter()
                .filter(|(_, v)| is_scalar(v))
                .map(|(k, _)| k.as_str()),
        );
    }
    Ok(keys.into_iter().collect())
}

/// `text._partition_dict`: the `str()` of the scalar values, and the `(key, value)` pairs left to
/// recurse into. Without `scalar_keys` both are in sorted key order; with them (an object in a
/// list of objects) the scalars follow `scalar_keys` (a missing key prints as an empty field) and
/// the rest are the other keys, sorted.
fn partition_dict<'a>(
    item: &'a Map,
    scalar_keys: Option<&[&str]>,
) -> (Vec<String>, Vec<(&'a str, &'a Value)>) {
    let mut sorted: Vec<(&'a str, &'a Value)> = item.iter().map(|(k, v)| (k.as_str(), v)).collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    match scalar_keys {
        None => {
            let (scalars, non_scalars): (Vec<_>, Vec<_>) =
                sorted.into_iter().partition(|(_, v)| is_scalar(v));
            (
                scalars.iter().map(|(_, v)| python_str(v)).collect(),
                non_scalars,
            )
        }
        Some(keys) => {
            let scalars = keys
                .iter()
                .map(|k| item.get(*k).map(python_str).unwrap_or_default())
                .collect();
            let rest = sorted
                .into_iter()
                .filter(|(k, _)| !keys.contains(k))
                .collect();
            (scalars, rest)
        }
    }
}
