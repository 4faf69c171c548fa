//! The network: one HTTP exchange, TLS trust, and URLs (split, joined and redacted in one place).

pub(crate) mod tls;
pub mod transport;
pub(crate) mod url;
