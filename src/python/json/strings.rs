//! String quoting: JSON's two `json.dumps` escapers and Python's `repr(str)`.

use super::printable::NON_PRINTABLE;
use std::fmt::Write as _;

/// Appends `\u` and four lower-case hex digits, as both of Python's JSON escapers write them.
fn push_u4(out: &mut String, unit: u32) {
    // Writing into a `String` cannot fail.
    let _ = write!(out, "\\u{unit:04x}");
}

/// Appends `s` as a JSON string literal like `json.dumps`: with `ensure_ascii`, every character
/// outside printable ASCII (DEL included) becomes `\uXXXX`, astral ones as a surrogate pair
/// (`encode_basestring_ascii`); without it only `"`, `\` and characters below U+0020 are escaped
/// (`encode_basestring`), so DEL and all non-ASCII text pass through raw.
pub(super) fn push_json_string(out: &mut String, s: &str, ensure_ascii: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => push_u4(out, u32::from(c)),
            c if ensure_ascii && c > '~' => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    push_u4(out, u32::from(*unit));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Whether Python's `str.isprintable()` holds for `c` (Unicode 14, as in Python 3.11).
pub(super) fn is_printable(c: char) -> bool {
    let cp = u32::from(c);
    NON_PRINTABLE
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_err()
}

/// Appends Python's `repr(s)` (`unicode_repr`): single quotes unless `s` contains `'` and no `"`;
/// the chosen quote and `\` are backslash-escaped; `\t`, `\n`, `\r` by name; other non-printable
/// characters as `\xHH`, `\uHHHH` or `\UHHHHHHHH` (lower-case), everything else raw.
///
/// Printability uses a table generated from Python 3.11.7 (`gen_printable.py`), so it is exact
/// for that Python's Unicode 14 database; later Pythons may differ for newly assigned characters.
pub(super) fn push_py_repr_string(out: &mut String, s: &str) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
        match c {
            c if c == quote || c == '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_printable(c) => out.push(c),
            c => {
                // Writing into a `String` cannot fail.
                let cp = u32::from(c);
                let _ = match cp {
                    0..=0xFF => write!(out, "\\x{cp:02x}"),
                    0x100..=0xFFFF => write!(out, "\\u{cp:04x}"),
                    _ => write!(out, "\\U{cp:08x}"),
                };
            }
        }
    }
    out.push(quote);
}
