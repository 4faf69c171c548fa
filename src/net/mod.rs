//! The network: one HTTP exchange, the runtime that waits for it, TLS trust, and URLs (split, joined and redacted in one place).

pub mod runtime;
pub(crate) mod tls;
pub mod transport;
pub(crate) mod url;
