//! The operation's input from the command line: the flags' values merged with `--cli-input-json`.

use crate::cli::params::{self, Loaded};
use crate::cli::RawValue;
use crate::error::{Error, Result};
use crate::python::value::{Map, Value};
use crate::service::model::Member;

/// The flags' values in model order, unpacked (files read, JSON lists decoded).
pub fn from_flags(params: &[(&'static Member, RawValue)]) -> Result<Map> {
    let mut input = Map::new();
    for (member, raw) in params {
        input.insert(member.name.to_owned(), params::unpack(member, raw)?);
    }
    Ok(input)
}

/// Adds the members of `--cli-input-json` (inline or a file) that the flags did not give.
pub fn merge_cli_input_json(input: Map, source: Option<&str>) -> Result<Map> {
    match source {
        None => Ok(input),
        Some(source) => merge(input, read_cli_input_json(source)?),
    }
}

/// Adds the members of `document` that `input` does not have, in the document's order (the AWS
/// CLI's `CliInputJSONArgument._update_call_parameters`: flags win per top-level member).
pub fn merge(mut input: Map, document: Value) -> Result<Map> {
    let Value::Object(members) = document else {
        return Err(Error::Param {
            param: "cli-input-json".into(),
            message: format!(
                "the JSON must be an object of parameters, not {}",
                describe_type(&document)
            ),
        });
    };
    for (key, value) in members {
        input.entry(key).or_insert(value);
    }
    Ok(input)
}

/// The text of `--cli-input-json`: inline, or read once from `file://` / `fileb://` with the
/// same loader as every other parameter.
fn read_cli_input_json(source: &str) -> Result<Value> {
    let text = match params::load_paramfile("--cli-input-json", source)? {
        Loaded::NotAFile => source.to_owned(),
        Loaded::Text(text) => text,
        // Policy P3: v1 shows Python's UnicodeDecodeError here.
        Loaded::Bytes(bytes) => String::from_utf8(bytes).map_err(|_| Error::Param {
            param: "cli-input-json".into(),
            message: "Invalid JSON: the file is not UTF-8 text".into(),
        })?,
    };
    params::decode_json("cli-input-json", &text)
}

fn describe_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
