//! Token scanners for `parse`: strings and numbers, following CPython 3.11's `_json.c`.
//!
//! `json.loads` runs the C accelerator, whose error positions differ from the pure-Python
//! `decoder.py` in places (e.g. `Invalid \escape` points at the backslash, and its messages carry
//! no repr of the offending character), so the C code is what these functions copy.
//!
//! Offsets here are byte offsets into valid UTF-8; every byte they stop on or compare is ASCII,
//! so they always sit on code point boundaries. `ParseError::at` converts them to code points.

use super::error::ParseError;
use crate::python::value::Number;

/// Python 3.11's default `sys.get_int_max_str_digits()`: longer integer literals are refused.
const INT_MAX_STR_DIGITS: usize = 4300;

/// Scans a JSON string whose opening quote is at `start - 1`; returns it and the offset just past
/// the closing quote.
///
/// Lone surrogate escapes (`"\ud800"`) cannot live in a Rust `String`; they become U+FFFD, where
/// Python would keep the lone surrogate.
pub(super) fn scan_string(text: &str, start: usize) -> Result<(String, usize), ParseError> {
    let bytes = text.as_bytes();
    let begin = start.saturating_sub(1);
    let unterminated = || ParseError::at("Unterminated string starting at", text, begin);
    let mut out = String::new();
    let mut end = start;
    loop {
        // Find the closing quote or the next backslash; strict mode refuses raw control chars.
        let mut next = end;
        let terminator = loop {
            match bytes.get(next) {
                None => return Err(unterminated()),
                Some(&c @ (b'"' | b'\\')) => break c,
                Some(&c) if c < 0x20 => {
                    return Err(ParseError::at("Invalid control character at", text, next))
                }
                Some(_) => next += 1,
            }
        };
        out.push_str(text.get(end..next).unwrap_or_default());
        next += 1;
        if terminator == b'"' {
            return Ok((out, next));
        }
        let Some(&esc) = bytes.get(next) else {
            return Err(unterminated());
        };
        if esc != b'u' {
            let c = match esc {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                // C reports the backslash's position (`end - 2`), not the escape letter's.
                _ => return Err(ParseError::at("Invalid \\escape", text, next - 1)),
            };
            out.push(c);
            end = next + 1;
            continue;
        }
        // `next` is at the `u`; four hex digits follow, and C insists on at least one more
        // character after them (`end >= len` is an error even before looking at the digits).
        // Counting in bytes instead of code points cannot change the outcome: any failure here
        // reports this same message at this same `u`.
        let invalid_u = |u_pos: usize| ParseError::at("Invalid \\uXXXX escape", text, u_pos);
        end = next + 5;
        if end >= bytes.len() {
            return Err(invalid_u(next));
        }
        let mut code = hex4(bytes, next + 1).ok_or_else(|| invalid_u(next))?;
        // A high surrogate directly followed by `\uXXXX` (and at least one more character) is
        // combined with it when that second escape is a low surrogate.
        if (0xD800..=0xDBFF).contains(&code)
            && end + 6 < bytes.len()
            && bytes.get(end..end + 2) == Some(b"\\u".as_slice())
        {
            let low = hex4(bytes, end + 2).ok_or_else(|| invalid_u(end + 1))?;
            if (0xDC00..=0xDFFF).contains(&low) {
                code = 0x10000 + (((code - 0xD800) << 10) | (low - 0xDC00));
                end += 6;
            }
        }
        out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
    }
}

/// Reads four ASCII hex digits at `at` (either case), as C's `_json` does.
fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    let digits = bytes.get(at..at + 4)?;
    digits.iter().try_fold(0u32, |acc, &d| {
        let v = char::from(d).to_digit(16)?;
        Some((acc << 4) | v)
    })
}

/// Scans a number at `start` like `_match_number_unicode`; `None` when there is none (the caller
/// reports `Expecting value`). Returns the number and the offset just past it.
///
/// The grammar is `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`, taking the longest prefix
/// that matches: `01` is `0` (then "Extra data"), `1.` is `1`, `1e+` is `1`.
pub(super) fn scan_number(text: &str, start: usize) -> Option<Result<(Number, usize), ParseError>> {
    let bytes = text.as_bytes();
    let digit_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let skip_digits = |mut i: usize| {
        while digit_at(i) {
            i += 1;
        }
        i
    };
    let mut idx = start;
    if bytes.get(idx) == Some(&b'-') {
        idx += 1;
    }
    match bytes.get(idx) {
        Some(b'0') => idx += 1,
        Some(b'1'..=b'9') => idx = skip_digits(idx + 1),
        _ => return None,
    }
    let int_end = idx;
    let mut is_float = false;
    if bytes.get(idx) == Some(&b'.') && digit_at(idx + 1) {
        is_float = true;
        idx = skip_digits(idx + 2);
    }
    if matches!(bytes.get(idx), Some(b'e' | b'E')) {
        let mut exp = idx + 1;
        if matches!(bytes.get(exp), Some(b'-' | b'+')) {
            exp += 1;
        }
        // Without exponent digits the `e` is not part of the number: backtrack.
        if digit_at(exp) {
            is_float = true;
            idx = skip_digits(exp);
        }
    }
    let literal = text.get(start..idx).unwrap_or_default();
    if is_float {
        // Rust's float parsing rounds correctly like Python's `float()`, and overflows to
        // infinity (`1e400`) and underflows to zero the same way.
        return Some(Ok((
            Number::Float(literal.parse().unwrap_or(f64::NAN)),
            idx,
        )));
    }
    let digits = int_end - start - usize::from(literal.starts_with('-'));
    if digits > INT_MAX_STR_DIGITS {
        let msg = format!(
            "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion: \
             value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"
        );
        return Some(Err(ParseError::unlocated(msg, text, start)));
    }
    // The grammar forbids leading zeros, so the literal is already canonical unless it is `-0`,
    // which fits an i64 and becomes 0 like Python's `int('-0')`.
    let number = match literal.parse::<i64>() {
        Ok(n) => Number::Int(n),
        Err(_) => Number::BigInt(literal.to_owned()),
    };
    Some(Ok((number, idx)))
}
