//! `ssooidc token [--sso-session NAME]`: the session's cached access token as JSON (`startUrl`,
//! `region`, `accessToken`, `expiresAt`), formatted as any output is (`--query`, `--output`).
//!
//! An sso-session's token with fewer than 15 minutes left is refreshed first, exactly as
//! botocore's `SSOTokenProvider` refreshes it, and written back (`crate::sso::token`); concurrent
//! runs wait for each other on a lock file beside the token, so only the first refreshes and the
//! others read what it wrote. A legacy profile's token is printed while valid, never refreshed.
//! Never a browser: a missing or dead token is botocore's message and the `ssooidc login` to run.

use std::path::Path;
use std::time::Duration;

use super::support;
use crate::cli::commands::CommandArgs;
use crate::cli::Globals;
use crate::config::env::Environment;
use crate::error::{Error, Result};
use crate::python::value::{Map, Value};
use crate::sso::cache::{CachedToken, TokenCache};
use crate::sso::target::Target;
use crate::sso::token::{self, Session, EXPIRED, REFRESH_WINDOW, UNAUTHORIZED};
use crate::sso::{lock, Context};

/// How long a run waits for another run (a refresh, a login) holding the session's lock.
const LOCK_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs the command.
pub(super) fn run(args: &CommandArgs, globals: &Globals, env: &dyn Environment) -> Result<String> {
    let config = support::config(globals, env)?;
    let target = Target::resolve(&config, args.value("--sso-session"))?;
    let context = support::context(globals, &config, env)?;
    let cache = TokenCache::default_location();
    let token = current_token(&context, &cache, &target)?;
    let mut output = Map::new();
    output.insert("startUrl".into(), Value::from(target.start_url.as_str()));
    output.insert("region".into(), Value::from(target.region.as_str()));
    output.insert(
        "accessToken".into(),
        Value::from(token.access_token.expose().as_str()),
    );
    output.insert(
        "expiresAt".into(),
        Value::from(crate::python::time::format_utc(token.expires_at)),
    );
    support::render(globals, &config, env, "Token", &output)
}

/// The target's token, refreshed under the lock when an sso-session's has fewer than 15 minutes
/// left; botocore's errors with the `ssooidc login` to run.
fn current_token(context: &Context, cache: &TokenCache, target: &Target) -> Result<CachedToken> {
    let path = cache.path(&target.start_url, target.session.as_deref());
    let load = || -> Result<CachedToken> {
        check_not_corrupt(&path, target)?;
        cache
            .load(&target.start_url, target.session.as_deref())
            .map_err(|err| with_login_hint(err, target))
    };
    let token = load()?;
    let now = support::now();
    let Some(name) = &target.session else {
        // Legacy: never refreshed; an expired token is botocore's error.
        if token.expires_at <= now {
            return Err(with_login_hint(Error::msg(UNAUTHORIZED), target));
        }
        return Ok(token);
    };
    if token.expires_at - now >= REFRESH_WINDOW {
        return Ok(token);
    }
    // One refresh for many runs: the first to take the lock refreshes and writes back; the
    // others find the new token when they get it.
    let _lock = lock::acquire(&lock::path_for(&path), LOCK_TIMEOUT)?;
    load()?;
    let session = Session {
        name: name.clone(),
        start_url: target.start_url.clone(),
        region: target.region.clone(),
    };
    token::session_token(context, cache, &session, support::now()).map_err(|err| {
        if err.to_string() == EXPIRED {
            with_login_hint(err, target)
        } else {
            err
        }
    })?;
    load()
}

/// botocore's message, then a line saying which `ssooidc login` gets a new token.
fn with_login_hint(err: Error, target: &Target) -> Error {
    Error::msg(format!(
        "{err}\nRun `{}` to log in.",
        target.login_command()
    ))
}

/// A token file that exists but is not JSON text is one line naming it and the login that
/// replaces it (botocore fails with a bare `KeyError`).
fn check_not_corrupt(path: &Path, target: &Target) -> Result<()> {
    if !path.is_file() {
        return Ok(());
    }
    let reason = match crate::python::io::read_file(path) {
        Err(err) => Some(crate::python::io::errno_text(&err)),
        Ok(bytes) => match String::from_utf8(bytes) {
            Err(_) => Some("not UTF-8 text".to_owned()),
            Ok(text) => crate::python::json::parse(&text)
                .err()
                .map(|err| err.to_string()),
        },
    };
    match reason {
        None => Ok(()),
        Some(reason) => Err(Error::msg(format!(
            "The cached SSO token {} is corrupt ({}); run `{}` to replace it.",
            path.display(),
            reason.replace('\n', " "),
            target.login_command()
        ))),
    }
}
