//! `--debug`: a readable log on stderr of what was resolved and done, with secrets replaced.
//!
//! Unlike v1, which prints request and response bodies verbatim, every secret is replaced by
//! `***` before a line is written (policy P6): the callers redact with `crate::secret`.

use std::io::Write;
use std::time::Instant;

/// The debug log; writes nothing unless enabled.
#[derive(Debug, Clone, Copy)]
pub struct Log {
    enabled: bool,
    started: Instant,
}

impl Log {
    /// A log that writes when `enabled`.
    pub fn new(enabled: bool) -> Self {
        Self {
            enabled,
            started: Instant::now(),
        }
    }

    /// Whether lines are written.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Writes one line, prefixed with the time since start. The line is built only when the log
    /// is on (building one may mean parsing and redacting a body); the caller redacts secrets.
    pub fn line(&self, message: impl FnOnce() -> String) {
        if !self.enabled {
            return;
        }
        let message = message();
        let ms = self.started.elapsed().as_secs_f64() * 1000.0;
        let line = format!("[debug {ms:8.3} ms] {message}\n");
        // A log line that cannot be written is not worth failing the command for.
        let _ = std::io::stderr().write_all(line.as_bytes());
    }
}
