//! A value that must not be printed by accident.
//!
//! `Secret` wraps data that carries a secret as a whole (the raw bytes of an answer, which hold
//! `clientSecret`): its `Debug` prints `***` and it has no `Display`, so the secret cannot reach
//! a log line, an error message or a panic message through formatting. Reading it takes an
//! explicit [`Secret::expose`]. Parsed values keep the plain [`crate::python::value::Value`] model; they
//! are redacted by member name where they are shown (`debug::redact`).

use std::fmt;

/// A value whose `Debug` output is `***`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wraps `value`.
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    /// The value, for the code that needs it (parsing, never printing).
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Secret(value)
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::new(String::from("s3cr3t"));
        assert_eq!(format!("{secret:?}"), "***");
        assert_eq!(format!("{secret:#?}"), "***");
        assert_eq!(secret.expose(), "s3cr3t");
    }
}
