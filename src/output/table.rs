//! `--output table`: a port of `awscli.formatter.TableFormatter`, which turns the response into
//! `MultiTable` sections (rendered by `multitable.rs`, the port of `awscli/table.py`).

use std::collections::BTreeSet;

use super::multitable::{render, Section};
use super::{is_scalar, RenderError};
use crate::python::json::{python_str, python_type};
use crate::python::value::{Map, Value};

/// The width `awscli.table.determine_terminal_width` falls back to when the `TIOCGWINSZ` ioctl on
/// stdout fails, i.e. whenever stdout is not a terminal (a pipe or a file).
pub const DEFAULT_TERMINAL_WIDTH: usize = 80;

/// Renders `value` (the response after `--query`) exactly as awscli's `TableFormatter` writes it
/// to stdout when stdout is not a terminal (terminal width 80), with `title` (the operation name,
/// e.g. `RegisterClient`) as the top title.
///
/// `color` is whether `--color` is `on` (or `auto` with stdout a terminal). Falsy values (`null`,
/// `false`, `0`, `""`, `[]`, `{}`) print nothing; another scalar prints only the title box.
/// If awscli would raise, this returns the empty string awscli prints; see [`try_render_table`].
pub fn render_table(value: &Value, title: &str, color: bool) -> String {
    render_table_with_width(value, title, color, DEFAULT_TERMINAL_WIDTH)
}

/// Like [`render_table`] for a terminal `terminal_width` columns wide: a table wider than that
/// has its single-row sections turned vertical (`MultiTable._determine_conversion_needed`).
pub fn render_table_with_width(
    value: &Value,
    title: &str,
    color: bool,
    terminal_width: usize,
) -> String {
    try_render_table(value, title, color, terminal_width).unwrap_or_else(|err| err.stdout)
}

/// Like [`render_table_with_width`], but reports the shapes where awscli raises an exception
/// (exit status 255, nothing on stdout).
///
/// With `color`, every `write()` of awscli goes through colorama's `autoreset` wrapper, which
/// appends `\x1b[0m` after each one; that is reproduced here.
pub fn try_render_table(
    value: &Value,
    title: &str,
    color: bool,
    terminal_width: usize,
) -> Result<String, RenderError> {
    let mut builder = Builder::default();
    let built = builder
        .build_table(Some(title), value, 0)
        .map_err(|message| RenderError {
            stdout: String::new(),
            message,
        })?;
    if !built {
        return Ok(String::new());
    }
    let width = i64::try_from(terminal_width).unwrap_or(i64::MAX);
    Ok(render(builder.sections, width, color))
}

/// The sections `TableFormatter._build_table` adds to its `MultiTable`.
#[derive(Default)]
struct Builder {
    sections: Vec<Section>,
}

impl Builder {
    /// `MultiTable._current_section`: the last section added.
    fn current(&mut self) -> Result<&mut Section, String> {
        self.sections
            .last_mut()
            .ok_or_else(|| "'NoneType' object has no attribute 'add_row'".to_owned())
    }

    /// `MultiTable.new_section`.
    fn new_section(&mut self, title: Option<&str>, indent: i64) {
        self.sections
            .push(Section::new(title.map(str::to_owned), indent));
    }

    /// `TableFormatter._build_table`: `false` (print nothing) for a falsy value.
    fn build_table(
        &mut self,
        title: Option<&str>,
        current: &Value,
        indent: i64,
    ) -> Result<bool, String> {
        if !current.is_truthy() {
            return Ok(false);
        }
        if title.is_some() {
            self.new_section(title, indent);
        }
        match current {
            Value::Array(items) if matches!(items.first(), Some(Value::Object(_))) => {
                self.build_sub_table_from_list(items, indent, title)?;
            }
            Value::Array(items) => self.build_rows(items)?,
            Value::Object(map) => self.build_sub_table_from_dict(map, indent)?,
            _ => {}
        }
        Ok(true)
    }

    /// The `_build_table` branch for a list whose first item is not an object: scalars become
    /// one-cell rows, lists of scalars become rows, an object becomes a row of its *keys*
    /// (`all()` over a dict iterates its keys), and other lists are built into the same section.
    fn build_rows(&mut self, items: &[Value]) -> Result<(), String> {
        for item in items {
            let row = match item {
                Value::Array(inner) if !inner.iter().all(is_scalar) => {
                    self.build_table(None, item, 0)?;
                    continue;
                }
                Value::Array(inner) => inner.iter().map(python_str).collect(),
                Value::Object(map) => map.keys().cloned().collect(),
                scalar => vec![python_str(scalar)],
            };
            self.current()?.add_row(row)?;
        }
        Ok(())
    }

    /// `TableFormatter._build_sub_table_from_dict`: one scalar prints as a `key | value` row,
    /// several as a header row and a value row; lists/objects become indented sub-sections.
    fn build_sub_table_from_dict(&mut self, current: &Map, indent: i64) -> Result<(), String> {
        let (headers, more) = group_scalar_keys(current);
        let cell = |key: &str| current.get(key).map(python_str).unwrap_or_default();
        if let [only] = headers.as_slice() {
            self.current()?
                .add_row(vec![(*only).to_owned(), cell(only)])?;
        } else if !headers.is_empty() {
            let row = headers.iter().map(|k| cell(k)).collect();
            let section = self.current()?;
            section.add_header(headers.iter().map(|k| (*k).to_owned()).collect())?;
            section.add_row(row)?;
        }
        for key in more {
            if let Some(value) = current.get(key) {
                self.build_table(Some(key), value, indent + 1)?;
            }
        }
        Ok(())
    }

    /// `TableFormatter._build_sub_table_from_list`: one header row with the union of the scalar
    /// keys and one row per item; when items have list/object values, each item after the first
    /// starts a new section with the same title and headers.
    fn build_sub_table_from_list(
        &mut self,
        items: &[Value],
        indent: i64,
        title: Option<&str>,
    ) -> Result<(), String> {
        let (headers, more) = group_scalar_keys_from_list(items)?;
        let owned_headers: Vec<String> = headers.iter().map(|k| (*k).to_owned()).collect();
        self.current()?.add_header(owned_headers.clone())?;
        for (i, element) in items.iter().enumerate() {
            if i > 0 && !more.is_empty() {
                self.new_section(title, indent);
                self.current()?.add_header(owned_headers.clone())?;
            }
            let row = headers
                .iter()
                .map(|h| dict_get(element, h).map(|v| v.map(python_str).unwrap_or_default()))
                .collect::<Result<_, _>>()?;
            self.current()?.add_row(row)?;
            for key in &more {
                if let Some(value) = dict_contains(element, key)? {
                    self.build_table(Some(key), value, indent + 1)?;
                }
            }
        }
        Ok(())
    }
}

/// `TableFormatter._group_scalar_keys`: the sorted scalar keys and the sorted other keys.
fn group_scalar_keys(current: &Map) -> (Vec<&str>, Vec<&str>) {
    let mut headers = Vec::new();
    let mut more = Vec::new();
    for (key, value) in current {
        if is_scalar(value) {
            headers.push(key.as_str());
        } else {
            more.push(key.as_str());
        }
    }
    headers.sort_unstable();
    more.sort_unstable();
    (headers, more)
}

/// `TableFormatter._group_scalar_keys_from_list`: the sorted unions over all items. awscli
/// indexes each item like a dict, so an item that is not an object raises, except `""` and `[]`
/// (nothing to iterate). A non-empty list of integers would make awscli fail later on (sorting
/// int keys with str keys, or calling `.get` on the list), with a message we only approximate.
fn group_scalar_keys_from_list(items: &[Value]) -> Result<(Vec<&str>, Vec<&str>), String> {
    let mut headers = BTreeSet::new();
    let mut more = BTreeSet::new();
    let mut int_keys = false;
    for item in items {
        match item {
            Value::Object(map) => {
                let (h, m) = group_scalar_keys(map);
                headers.extend(h);
                more.extend(m);
            }
            Value::String(s) if s.is_empty() => {}
            Value::String(_) => return Err("string indices must be integers, not 'str'".into()),
            Value::Array(list) => int_keys |= check_list_as_dict(list)?,
            other => return Err(format!("'{}' object is not iterable", python_type(other))),
        }
    }
    if int_keys {
        return Err(if headers.is_empty() {
            "'list' object has no attribute 'get'".into()
        } else {
            "'<' not supported between instances of 'int' and 'str'".into()
        });
    }
    Ok((headers.into_iter().collect(), more.into_iter().collect()))
}

/// awscli's `for element in item: item[element]` applied to a list: each element must be an
/// in-range integer index. Returns whether any (integer) keys came out.
fn check_list_as_dict(list: &[Value]) -> Result<bool, String> {
    use crate::python::value::Number;
    let len = i64::try_from(list.len()).unwrap_or(i64::MAX);
    for element in list {
        let index = match element {
            Value::Number(Number::Int(n)) => *n,
            Value::Bool(b) => i64::from(*b),
            Value::Number(Number::BigInt(_)) => {
                return Err("cannot fit 'int' into an index-sized integer".into())
            }
            other => {
                let kind = python_type(other);
                return Err(format!(
                    "list indices must be integers or slices, not {kind}"
                ));
            }
        };
        if index >= len || index < -len {
            return Err("list index out of range".into());
        }
    }
    Ok(!list.is_empty())
}

/// `element.get(key, '')` for an item of a list of objects (only `""` and `[]` get this far
/// besides objects; they have no `.get`).
fn dict_get<'a>(element: &'a Value, key: &str) -> Result<Option<&'a Value>, String> {
    match element {
        Value::Object(map) => Ok(map.get(key)),
        other => Err(format!(
            "'{}' object has no attribute 'get'",
            python_type(other)
        )),
    }
}

/// `if key in element: element[key]` for an item of a list of objects. For `""`, `in` is a
/// substring test, true only for the empty key, and indexing a str by a str raises.
fn dict_contains<'a>(element: &'a Value, key: &str) -> Result<Option<&'a Value>, String> {
    match element {
        Value::Object(map) => Ok(map.get(key)),
        Value::String(_) if key.is_empty() => {
            Err("string indices must be integers, not 'str'".into())
        }
        _ => Ok(None),
    }
}
