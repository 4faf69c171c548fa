//! CPython's Unicode predicates that Rust's std lacks: `isspace` and decimal digits.
//!
//! (`isprintable`, which decides what `repr()` escapes, belongs to `crate::python::json` with `repr`.)

use super::unicode_tables::{DIGIT_ZEROS, SPACE};

/// Whether `ranges` (sorted, inclusive, disjoint) contains `c`.
fn in_ranges(ranges: &[(u32, u32)], c: char) -> bool {
    let code = u32::from(c);
    let after = ranges.partition_point(|&(lo, _)| lo <= code);
    after > 0 && ranges.get(after - 1).is_some_and(|&(_, hi)| code <= hi)
}

/// Python's `str.isspace()` for one character (wider than Rust's `char::is_whitespace`: it also
/// holds for U+001C..U+001F).
pub(crate) fn is_space(c: char) -> bool {
    in_ranges(SPACE, c)
}

/// The value of a Unicode decimal digit (any script), as Python's `int()` and `float()` read it.
pub(crate) fn decimal_value(c: char) -> Option<u32> {
    let code = u32::from(c);
    let after = DIGIT_ZEROS.partition_point(|&zero| zero <= code);
    let zero = DIGIT_ZEROS.get(after.checked_sub(1)?)?;
    let value = code - zero;
    (value < 10).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicates_match_python() {
        assert!(is_space(' ') && is_space('\u{1c}') && is_space('\u{3000}'));
        assert!(!is_space('a') && !is_space('\u{200b}'));
        assert_eq!(decimal_value('7'), Some(7));
        assert_eq!(decimal_value('\u{663}'), Some(3));
        assert_eq!(decimal_value('a'), None);
        assert_eq!(decimal_value('\u{2f}'), None);
    }
}
