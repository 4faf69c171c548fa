//! Integration tests: the built `ssooidc` binary run as a user runs it, against loopback servers
//! that the tests start themselves.

// The fault-injection suites use Unix facilities (signals, FIFOs, /dev/full, socket options);
// every other suite runs on every platform.
mod adaptive;
mod answers;
mod completion;
mod config;
#[cfg(unix)]
mod credentials_http;
mod credentials_sso;
mod credentials_sts;
mod debug;
mod export_credentials;
mod golden;
mod help;
#[cfg(unix)]
mod hostile_input;
#[cfg(unix)]
mod hostile_server;
#[cfg(unix)]
mod load;
mod misc;
mod precedence;
mod request;
mod secrets;
#[cfg(unix)]
mod signals;
mod signing;
mod sso_commands;
#[cfg(unix)]
mod streams;
mod support;
mod tls;
