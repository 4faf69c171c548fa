//! The SSO-OIDC service: its model (operations as data), the call layer, retries, answers and
//! errors, the endpoint rules and SigV4 signing. Nothing here knows about the command line.

pub mod call;
pub mod endpoint;
pub mod model;
pub(crate) mod random;
pub mod response;
pub(crate) mod retry;
pub mod signing;
pub mod sts;
