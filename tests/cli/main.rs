//! Integration tests: the built `ssooidc` binary run as a user runs it, against loopback servers
//! that the tests start themselves.

mod debug;
mod golden;
mod hostile_input;
mod hostile_server;
mod load;
mod misc;
mod request;
mod secrets;
mod signals;
mod streams;
mod support;
mod tls;
