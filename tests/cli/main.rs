//! Integration tests: the built `ssooidc` binary run as a user runs it, against loopback servers
//! that the tests start themselves.

mod golden;
mod hostile_input;
mod hostile_server;
mod request;
mod signals;
mod support;
