//! IAM Identity Center (SSO) on the client side: the token cache botocore and the AWS CLI share
//! (`cache.rs`), and the token of an `[sso-session]`, refreshed as botocore's `SSOTokenProvider`
//! refreshes it (`token.rs`).
//!
//! A layer of its own between `config` and `auth`: the credential chain's SSO provider uses it
//! today, `sso login` and `export-credentials` will tomorrow, and none of it is a credential
//! provider. It reads the shared config and builds service clients, so it sits above `config`
//! and `service`; nothing below imports it.

pub mod cache;
pub mod lock;
pub mod role_cache;
pub mod target;
pub mod token;

use std::time::Duration;

use crate::config::env::Environment;
use crate::config::settings::{self, Flags};
use crate::config::SharedConfig;
use crate::debug::Log;
use crate::error::Result;
use crate::service::call::Client;
use crate::service::model::Service;

/// What building a client for an SSO service needs: the configuration, the environment, the
/// command's timeouts and the debug log.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The shared config files and the selected profile.
    pub config: &'a SharedConfig,
    /// The environment.
    pub env: &'a dyn Environment,
    /// The connect and read timeouts: awscli puts `--cli-connect-timeout` and
    /// `--cli-read-timeout` in the session's default client config, so every client has them.
    pub timeouts: (Option<Duration>, Option<Duration>),
    /// The `--debug` log.
    pub log: Log,
}

impl Context<'_> {
    /// A client of `service` in `region`, as botocore's `session.create_client(service,
    /// config=Config(region_name=region))` makes it for the SSO providers: the configured
    /// endpoint chain of that service (`AWS_ENDPOINT_URL_<ID>`, `AWS_ENDPOINT_URL`, `[services]`,
    /// `endpoint_url`; never `--endpoint-url`, which names the command's service), the retry
    /// settings, proxies, the command's timeouts and `AWS_CA_BUNDLE` / `ca_bundle`; not
    /// `--ca-bundle` nor `--no-verify-ssl`, which v1 gives to the command's client alone
    /// (`awscli/clidriver.py` passes `verify=parsed_globals.verify_ssl` to that client only).
    pub fn client(&self, service: &Service, region: &str) -> Result<Client> {
        let flags = Flags {
            region: Some(region.to_owned()),
            ..Flags::default()
        };
        let early = settings::resolve_early(&Flags::default())?;
        let mut connection =
            settings::resolve_connection(&flags, &early, self.config, self.env, service)?;
        (connection.connect_timeout, connection.read_timeout) = self.timeouts;
        connection.log(&self.log);
        Client::new(connection, self.log)
    }
}
