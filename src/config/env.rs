//! The environment, read through one seam so that settings can be resolved in tests without
//! touching the process environment.

/// Reads environment variables; a seam for tests.
pub trait Environment {
    /// The variable's value, if set and valid Unicode.
    fn var(&self, name: &str) -> Option<String>;
}

/// The process environment.
pub struct ProcessEnvironment;

impl Environment for ProcessEnvironment {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}
