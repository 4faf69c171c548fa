//! The network: one HTTP exchange, why one failed, the runtime that waits for it, TLS trust, and URLs (split, joined and redacted in one place).

pub mod failure;
pub mod runtime;
pub(crate) mod tls;
pub mod transport;
pub(crate) mod url;
