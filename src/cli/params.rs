//! Turning typed parameter values into input values, as the AWS CLI v1 unpacks them.
//!
//! v1 rules (`awscli/paramfile.py`, `awscli/argprocess.py`): a value starting with `file://` is
//! replaced by the file's text (`fileb://` by its bytes); a list parameter given exactly one value
//! that starts with `[` is decoded as JSON; otherwise list values are taken as they are, never
//! split on commas. Unlike v1, `http://` and `https://` values are sent as typed, never fetched
//! (policy P1).

use std::path::Path;

use crate::cli::RawValue;
use crate::error::{Error, Result};
use crate::python::value::Value;
use crate::service::model::{Member, MemberType};

/// What a `file://` or `fileb://` prefix produced.
pub(crate) enum Loaded {
    /// The value did not name a file.
    NotAFile,
    /// The text of a `file://` file.
    Text(String),
    /// The bytes of a `fileb://` file.
    Bytes(Vec<u8>),
}

/// Unpacks the value typed for `member` into the value sent to the service.
pub fn unpack(member: &Member, raw: &RawValue) -> Result<Value> {
    let flag = member.flag;
    match (member.kind, raw) {
        (MemberType::StringList(_), RawValue::List(values)) => unpack_list(member, values),
        (kind, RawValue::One(value)) => {
            let text = match load_paramfile(flag, value)? {
                Loaded::NotAFile => value.clone(),
                Loaded::Text(text) => text,
                Loaded::Bytes(bytes) => {
                    return Err(bytes_not_allowed(member.name, &bytes, member.kind))
                }
            };
            if kind.is_integer() {
                unpack_integer(flag, &text)
            } else {
                Ok(Value::String(text))
            }
        }
        (_, RawValue::List(values)) => Ok(Value::Array(
            values.iter().map(|v| Value::String(v.clone())).collect(),
        )),
    }
}

/// v1 reads an integer parameter with Python's `int()`; where that raises, v1 shows Python's
/// `invalid literal for int()` (policy P3: we name the parameter instead).
fn unpack_integer(flag: &str, text: &str) -> Result<Value> {
    crate::python::int::int_of_str(text)
        .map(Value::Number)
        .ok_or_else(|| Error::Param {
            param: flag.to_owned(),
            message: format!(
                "expected a whole number, got {}",
                crate::python::json::repr(&Value::from(text))
            ),
        })
}

fn unpack_list(member: &Member, values: &[String]) -> Result<Value> {
    let flag = member.flag;
    if let [single] = values {
        match load_paramfile(flag, single)? {
            Loaded::NotAFile => {}
            Loaded::Text(text) => return unpack_list_text(flag, &text),
            Loaded::Bytes(bytes) => {
                return Err(bytes_not_allowed(member.name, &bytes, member.kind))
            }
        }
        if single.trim_start().starts_with('[') {
            return decode_json(flag, single);
        }
    }
    Ok(Value::Array(
        values.iter().map(|v| Value::String(v.clone())).collect(),
    ))
}

/// A file's text given for a list parameter: JSON if it starts with `[`; otherwise v1 iterates
/// the string, so each character becomes an item.
fn unpack_list_text(flag: &str, text: &str) -> Result<Value> {
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(Error::Param {
            param: flag.to_owned(),
            message: "the file is empty; give a JSON list such as [\"a\", \"b\"]".into(),
        });
    }
    if trimmed.starts_with('[') {
        return decode_json(flag, text);
    }
    Ok(Value::Array(
        text.chars().map(|c| Value::String(c.to_string())).collect(),
    ))
}

/// Decodes a JSON parameter value with v1's error text.
pub fn decode_json(param: &str, text: &str) -> Result<Value> {
    crate::python::json::parse(text).map_err(|err| Error::Param {
        param: param.to_owned(),
        message: format!("Invalid JSON: {err}\nJSON received: {text}"),
    })
}

fn bytes_not_allowed(name: &str, bytes: &[u8], kind: MemberType) -> Error {
    let valid = kind.python_types();
    Error::Validation(vec![format!(
        "Invalid type for parameter {name}, value: {}, type: <class 'bytes'>, valid types: {valid}",
        bytes_repr(bytes)
    )])
}

/// Python's `repr()` of a `bytes` value.
fn bytes_repr(bytes: &[u8]) -> String {
    let mut out = String::from("b'");
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\'' => out.push_str("\\'"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(char::from(b)),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('\'');
    out
}

/// Loads `file://` and `fileb://` values; `param` names the parameter in errors.
pub(crate) fn load_paramfile(param: &str, value: &str) -> Result<Loaded> {
    let (path, binary) = if let Some(path) = value.strip_prefix("file://") {
        (path, false)
    } else if let Some(path) = value.strip_prefix("fileb://") {
        (path, true)
    } else {
        return Ok(Loaded::NotAFile);
    };
    let expanded = crate::python::paths::expandvars_expanduser(path);
    let bytes = crate::python::io::read_file(Path::new(&expanded)).map_err(|err| Error::Param {
        param: param.to_owned(),
        message: format!(
            "Unable to load paramfile {value}: {}",
            crate::python::io::os_error_text(&err, &expanded)
        ),
    })?;
    if binary {
        return Ok(Loaded::Bytes(bytes));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Loaded::Text(universal_newlines(&text))),
        Err(_) => Err(Error::Param {
            param: param.to_owned(),
            message: format!(
                "Unable to load paramfile ({expanded}), text contents could not be decoded.  \
                 If this is a binary file, please use the fileb:// prefix instead of the \
                 file:// prefix."
            ),
        }),
    }
}

/// Python's text-mode reading turns `\r\n` and lone `\r` into `\n`.
fn universal_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::model::REGISTER_CLIENT;

    fn member(name: &str) -> &'static Member {
        REGISTER_CLIENT.input_member(name).unwrap()
    }

    // Guards: an integer parameter is read with Python's int(), and a value int() refuses is
    // one line naming the parameter (no SSO-OIDC input is an integer yet).
    #[test]
    fn integer_parameters() {
        const COUNT: Member = Member::input("count", "--count", MemberType::Integer, "");
        let value = unpack(&COUNT, &RawValue::One(" 1_000 ".into())).unwrap();
        assert_eq!(
            value,
            Value::Number(crate::python::value::Number::Int(1000))
        );
        let err = unpack(&COUNT, &RawValue::One("1.5".into())).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Error parsing parameter '--count': expected a whole number, got '1.5'"
        );
    }

    fn list(values: &[&str]) -> RawValue {
        RawValue::List(values.iter().map(|s| s.to_string()).collect())
    }

    fn strings(values: &[&str]) -> Value {
        Value::Array(values.iter().map(|&s| Value::from(s)).collect())
    }

    #[test]
    fn lists_are_never_split() {
        let scopes = member("scopes");
        assert_eq!(unpack(scopes, &list(&["a,b"])).unwrap(), strings(&["a,b"]));
        assert_eq!(
            unpack(scopes, &list(&["a", "a", "b"])).unwrap(),
            strings(&["a", "a", "b"])
        );
        assert_eq!(unpack(scopes, &list(&[])).unwrap(), strings(&[]));
        assert_eq!(
            unpack(scopes, &list(&["{\"a\": \"b\"}"])).unwrap(),
            strings(&["{\"a\": \"b\"}"])
        );
        assert_eq!(
            unpack(scopes, &list(&["[\"a\"]", "b"])).unwrap(),
            strings(&["[\"a\"]", "b"])
        );
    }

    #[test]
    fn a_single_json_list_is_decoded() {
        let scopes = member("scopes");
        assert_eq!(
            unpack(scopes, &list(&[" [\"a\", \"b\"]"])).unwrap(),
            strings(&["a", "b"])
        );
        let err = unpack(scopes, &list(&["[\"a\","])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Error parsing parameter '--scopes': Invalid JSON: Expecting value: line 1 column 6 \
             (char 5)\nJSON received: [\"a\","
        );
    }

    #[test]
    fn urls_are_not_fetched() {
        let uris = member("redirectUris");
        assert_eq!(
            unpack(uris, &list(&["http://127.0.0.1:1/cb"])).unwrap(),
            strings(&["http://127.0.0.1:1/cb"])
        );
    }

    #[test]
    #[cfg_attr(
        not(unix),
        ignore = "expects errno's text; Windows words its errors differently"
    )]
    fn missing_paramfile() {
        let err = unpack(
            member("clientName"),
            &RawValue::One("file://missing.txt".into()),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Error parsing parameter '--client-name': Unable to load paramfile \
             file://missing.txt: [Errno 2] No such file or directory: 'missing.txt'"
        );
    }

    #[test]
    fn bytes_repr_like_python() {
        assert_eq!(bytes_repr(b"bin-name"), "b'bin-name'");
        assert_eq!(bytes_repr(b"a\n\x00'"), "b'a\\n\\x00\\''");
        // v1 for `--client-name fileb://F`, F holding `a\\b`, CR, tab, `c`, NUL.
        assert_eq!(bytes_repr(b"a\\\\b\r\tc\x00"), r"b'a\\\\b\r\tc\x00'");
    }

    // v1 sends `--client-name file://F`, F holding `x` CRLF `y` CR `z`, as "x\ny\nz".
    #[test]
    fn text_files_get_universal_newlines() {
        assert_eq!(universal_newlines("x\r\ny\rz"), "x\ny\nz");
        assert_eq!(universal_newlines("x\ny"), "x\ny");
    }
}
