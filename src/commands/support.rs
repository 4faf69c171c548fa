//! What ssooidc's own commands share: the profile's configuration, a client context for the SSO
//! services with the command's timeouts, and output rendered as an operation's is (`--query`,
//! `--output`).

use std::io::Write;

use crate::cli::Globals;
use crate::config::env::Environment;
use crate::config::settings;
use crate::config::SharedConfig;
use crate::debug::Log;
use crate::error::Result;
use crate::output::render;
use crate::python::value::Map;
use crate::sso::Context;

/// The shared config with the selected profile (`--profile`, `AWS_PROFILE`, ...).
pub(super) fn config(globals: &Globals, env: &dyn Environment) -> Result<SharedConfig> {
    SharedConfig::load(globals.profile.as_deref(), env)
}

/// A client context for the SSO services: the command's timeouts (flags, else the profile's
/// `cli_connect_timeout` / `cli_read_timeout`, else 60 s) and the debug log.
pub(super) fn context<'a>(
    globals: &Globals,
    config: &'a SharedConfig,
    env: &'a dyn Environment,
) -> Result<Context<'a>> {
    let early = settings::resolve_early(&globals.settings)?;
    let connect = match early.connect_timeout {
        Some(timeout) => timeout,
        None => settings::parse_timeout(
            "cli_connect_timeout",
            config.get("cli_connect_timeout").as_deref(),
        )?,
    };
    let read = match early.read_timeout {
        Some(timeout) => timeout,
        None => settings::parse_timeout(
            "cli_read_timeout",
            config.get("cli_read_timeout").as_deref(),
        )?,
    };
    Ok(Context {
        config,
        env,
        timeouts: (connect, read),
        log: Log::new(globals.debug),
    })
}

/// `output` rendered in the run's format, with `--query` applied, as an operation's output is.
pub(super) fn render(
    globals: &Globals,
    config: &SharedConfig,
    env: &dyn Environment,
    title: &str,
    output: &Map,
) -> Result<String> {
    let query = globals
        .query
        .as_deref()
        .map(render::compile_query)
        .transpose()?;
    let format = render::Format::resolve(globals.output.as_deref(), config, env)?;
    let color = render::color_enabled(globals.color.as_deref(), env);
    render::render(format, title, output, query.as_ref(), color)
}

/// Seconds since the epoch, now.
pub(super) fn now() -> i64 {
    crate::python::time::to_unix(std::time::SystemTime::now())
}

/// `PendingAuthorizationExpiredError`'s text.
pub(super) const PENDING_EXPIRED: &str = "The pending authorization to retrieve an SSO token has \
                                          expired. The login flow to retrieve an SSO token must \
                                          be restarted.";

/// A client registration as cached.
#[derive(Debug, Clone)]
pub(super) struct Registration {
    pub client_id: String,
    pub client_secret: String,
    /// `expiresAt` as written.
    pub expires_at: String,
    pub scopes: Vec<String>,
}

/// Prints `text` on stdout at once (the instructions come while the run waits).
pub(super) fn say(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}
