//! Turning typed parameter values into input values, as the AWS CLI v1 unpacks them.
//!
//! v1 rules (`awscli/paramfile.py`, `awscli/argprocess.py`): a value starting with `file://` is
//! replaced by the file's text (`fileb://` by its bytes); a list parameter given exactly one value
//! that starts with `[` is decoded as JSON; otherwise list values are taken as they are, never
//! split on commas. Unlike v1, `http://` and `https://` values are sent as typed, never fetched
//! (policy P1).

use std::io::Read;
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
        (MemberType::StringList, RawValue::List(values)) => unpack_list(flag, member.name, values),
        (_, RawValue::One(value)) => match load_paramfile(flag, value)? {
            Loaded::NotAFile => Ok(Value::String(value.clone())),
            Loaded::Text(text) => Ok(Value::String(text)),
            Loaded::Bytes(bytes) => Err(bytes_not_allowed(member.name, &bytes, member.kind)),
        },
        (_, RawValue::List(values)) => Ok(Value::Array(
            values.iter().map(|v| Value::String(v.clone())).collect(),
        )),
    }
}

fn unpack_list(flag: &str, name: &str, values: &[String]) -> Result<Value> {
    if let [single] = values {
        match load_paramfile(flag, single)? {
            Loaded::NotAFile => {}
            Loaded::Text(text) => return unpack_list_text(flag, &text),
            Loaded::Bytes(bytes) => {
                return Err(bytes_not_allowed(name, &bytes, MemberType::StringList))
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
    let valid = match kind {
        MemberType::StringList => "<class 'list'>, <class 'tuple'>",
        MemberType::String => "<class 'str'>",
        MemberType::Long => "<class 'int'>",
    };
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
    let expanded = expand_path(path);
    let bytes = read_file(Path::new(&expanded)).map_err(|err| Error::Param {
        param: param.to_owned(),
        message: format!(
            "Unable to load paramfile {value}: {}",
            python_os_error(&err, &expanded)
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

/// The largest parameter file read; anything larger is certainly not a parameter value, and
/// reading it whole could exhaust memory.
const MAX_PARAMFILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a parameter file once (so `file:///dev/stdin` works, unlike v1: policy P4).
///
/// Never blocks on a named pipe that nothing writes to: the file is opened without waiting for a
/// writer, and a pipe that is empty with no writer is refused. A pipe whose writer is there
/// (`file:///dev/stdin` from a pipe, `file://<(cmd)`, a FIFO with its writer started first) is
/// read to its end as usual.
pub fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    if path.is_dir() {
        return Err(std::io::Error::from_raw_os_error(21));
    }
    let mut file = open_for_reading(path)?;
    let mut bytes = Vec::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file.metadata()?.file_type().is_fifo() {
            bytes = probe_pipe(&mut file, path)?;
        }
        set_blocking(&file)?;
    }
    let limit = (MAX_PARAMFILE_BYTES + 1).saturating_sub(bytes.len() as u64);
    (&mut file).take(limit).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_PARAMFILE_BYTES {
        return Err(std::io::Error::other(format!(
            "the file is larger than {} MiB",
            MAX_PARAMFILE_BYTES / 1024 / 1024
        )));
    }
    Ok(bytes)
}

/// Opens `path` for reading; on Unix without blocking, since opening a named pipe otherwise waits
/// until some process opens it for writing, which may be never.
fn open_for_reading(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The first bytes of a pipe opened without blocking: what is there already, or nothing when a
/// writer is connected but has not written yet. End of file at once means no writer (or one that
/// wrote nothing): there is nothing to read, and waiting would wait forever.
#[cfg(unix)]
fn probe_pipe(file: &mut std::fs::File, path: &Path) -> std::io::Result<Vec<u8>> {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match file.read(&mut buf) {
            Ok(0) => {
                return Err(std::io::Error::other(format!(
                    "{} is a pipe with nothing to read (no process is writing to it)",
                    path.display()
                )))
            }
            Ok(n) => {
                buf.truncate(n);
                return Ok(buf);
            }
            Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => return Ok(Vec::new()),
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
}

/// Clears `O_NONBLOCK` so the rest is read normally (a terminal or a slow writer is waited for).
#[cfg(unix)]
fn set_blocking(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor this function's caller owns and keeps open; F_GETFL and
    // F_SETFL only read and set the file status flags.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: as above.
    if unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// Python's text-mode reading turns `\r\n` and lone `\r` into `\n`.
fn universal_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// `os.path.expandvars(os.path.expanduser(path))`, as v1 applies to parameter files.
pub fn expand_path(path: &str) -> String {
    crate::python::paths::expand_vars(&crate::python::paths::expand_user(path))
}

/// An I/O error in Python's `OSError` form: `[Errno 2] No such file or directory: 'path'`.
pub fn python_os_error(err: &std::io::Error, path: &str) -> String {
    match err.raw_os_error() {
        Some(_) => format!(
            "{}: {}",
            python_errno(err),
            crate::python::json::repr(&Value::String(path.to_owned()))
        ),
        None => err.to_string(),
    }
}

/// The `[Errno N] reason` part of Python's `OSError` text (the error itself when it has no
/// errno).
pub fn python_errno(err: &std::io::Error) -> String {
    let text = err.to_string();
    match err.raw_os_error() {
        Some(code) => {
            let reason = text
                .strip_suffix(&format!(" (os error {code})"))
                .unwrap_or(&text);
            format!("[Errno {code}] {reason}")
        }
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::model::REGISTER_CLIENT;

    fn member(name: &str) -> &'static Member {
        REGISTER_CLIENT.input_member(name).unwrap()
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
    }
}
