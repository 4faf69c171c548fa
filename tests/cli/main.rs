//! Integration tests: the built `ssooidc` binary run as a user runs it, against loopback servers
//! that the tests start themselves.

mod debug;
mod golden;
mod misc;
mod request;
mod support;
mod tls;
