//! The SSO-OIDC service: its model (operations as data), the call layer, retries, answers and
//! errors, and the endpoint rules. Nothing here knows about the command line.

pub mod call;
pub mod endpoint;
pub mod model;
pub(crate) mod random;
pub mod response;
pub(crate) mod retry;
