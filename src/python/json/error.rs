//! `ParseError`: the error `parse` returns, worded exactly like Python's `json.JSONDecodeError`.

use std::fmt;

/// Why `parse` rejected a text, with the message Python's `json.loads` would give.
///
/// Most errors mirror `json.JSONDecodeError`: `Display` prints
/// `"{msg}: line {line} column {column} (char {pos})"`, where `pos` counts code points (a Python
/// string index). Two kinds differ:
/// - an integer literal longer than 4300 digits, which Python 3.11 rejects with a plain
///   `ValueError` (its int/str conversion limit): `Display` is that message alone, no position;
/// - nesting deeper than [`MAX_DEPTH`](super::MAX_DEPTH) (or the limit given to
///   [`parse_with_max_depth`](super::parse_with_max_depth)), where Python would raise
///   `RecursionError` at an unpredictable depth: our own message `Nested too deeply`, with the
///   usual position suffix pointing at the bracket that went one level too deep
///   ([`exceeds_depth`](Self::exceeds_depth) tells it apart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    msg: String,
    pos: usize,
    line: usize,
    column: usize,
    /// False for the integer-size `ValueError`, whose Python text carries no position.
    located: bool,
}

/// Our message for nesting beyond the limit, where Python would raise `RecursionError`.
pub(super) const NESTED_TOO_DEEPLY: &str = "Nested too deeply";

impl ParseError {
    /// Builds a located error from a byte offset into `text`, computing Python's code point
    /// position, line and column (`JSONDecodeError.__init__`).
    pub(super) fn at(msg: impl Into<String>, text: &str, byte_pos: usize) -> Self {
        let bytes = text.as_bytes();
        let before = bytes.get(..byte_pos).unwrap_or(bytes);
        let pos = count_chars(before);
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        // Python: `colno = pos - doc.rfind('\n', 0, pos)`, with rfind giving -1 when absent;
        // that is one more than the number of code points after the last newline.
        let column = match before.iter().rposition(|&b| b == b'\n') {
            Some(nl) => count_chars(before.get(nl + 1..).unwrap_or_default()) + 1,
            None => pos + 1,
        };
        ParseError {
            msg: msg.into(),
            pos,
            line,
            column,
            located: true,
        }
    }

    /// Builds the unlocated error Python raises as a bare `ValueError`.
    pub(super) fn unlocated(msg: String, text: &str, byte_pos: usize) -> Self {
        ParseError {
            located: false,
            ..ParseError::at(msg, text, byte_pos)
        }
    }

    /// The message without position: Python's `JSONDecodeError.msg`, e.g. `"Expecting value"`.
    /// For the integer-size error this is the whole `ValueError` text.
    pub fn message(&self) -> &str {
        &self.msg
    }

    /// Where parsing failed, as a code point index into the text (Python's `pos`). For the
    /// integer-size error, where Python gives no position, it is where the integer starts.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The 1-based line of [`position`](Self::position) (Python's `lineno`).
    pub fn line(&self) -> usize {
        self.line
    }

    /// The 1-based column of [`position`](Self::position) (Python's `colno`).
    pub fn column(&self) -> usize {
        self.column
    }

    /// Whether parsing stopped at the nesting limit (our `Nested too deeply`) rather than at
    /// something Python's `json.loads` itself rejects.
    pub fn exceeds_depth(&self) -> bool {
        self.located && self.msg == NESTED_TOO_DEEPLY
    }
}

/// Counts code points in UTF-8 bytes: every byte that is not a continuation byte starts one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.located {
            write!(
                f,
                "{}: line {} column {} (char {})",
                self.msg, self.line, self.column, self.pos
            )
        } else {
            f.write_str(&self.msg)
        }
    }
}

impl std::error::Error for ParseError {}
