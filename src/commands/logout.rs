//! `ssooidc logout [--sso-session NAME]`.
//!
//! Without an option it is the AWS CLI v2's `aws sso logout`: every token of
//! `~/.aws/sso/cache` (a file with `accessToken`) is signed out at the portal (`Logout`, best
//! effort, when the file has a `region`) and deleted, the client registrations are kept, and every
//! `ProviderType: sso` file of `~/.aws/cli/cache` is deleted. With `--sso-session NAME` only that
//! session goes: its token file, and the role credentials cached for the profiles that use it
//! (their names are botocore's SHA-1 of `{"accountId":...,"roleName":...,"sessionName":NAME}`).
//! The portal is `AWS_ENDPOINT_URL_SSO`, `AWS_ENDPOINT_URL`, `[services] sso`, else
//! `portal.sso.REGION.amazonaws.com`; never `--endpoint-url`, which names SSO-OIDC.

use std::path::{Path, PathBuf};

use super::support;
use crate::cli::commands::CommandArgs;
use crate::cli::Globals;
use crate::config::env::Environment;
use crate::error::{Error, Result};
use crate::python::json::{self, Separators};
use crate::python::value::{Map, Value};
use crate::service::model::{LOGOUT, SSO_PORTAL};
use crate::sso::cache::cache_key;
use crate::sso::Context;

/// Runs the command; prints nothing.
pub(super) fn run(args: &CommandArgs, globals: &Globals, env: &dyn Environment) -> Result<String> {
    let config = support::config(globals, env)?;
    let context = support::context(globals, &config, env)?;
    let tokens = PathBuf::from(crate::python::paths::expand_user(
        crate::sso::cache::TOKEN_CACHE_DIR,
    ));
    let credentials = PathBuf::from(crate::python::paths::expand_user(
        crate::sso::role_cache::CLI_CACHE_DIR,
    ));
    match args.value("--sso-session") {
        None => {
            for path in files(&tokens) {
                log_out_token(&context, &path)?;
            }
            for path in files(&credentials) {
                if let Some(Value::String(kind)) =
                    read_object(&path).and_then(|doc| doc.get("ProviderType").cloned())
                {
                    if kind == "sso" {
                        remove(&path)?;
                    }
                }
            }
        }
        Some(name) => {
            let token = tokens.join(format!("{}.json", cache_key(name)));
            let known = config.profiles().sso_sessions().contains_key(name);
            if !known && !token.is_file() {
                return Err(Error::msg(format!(
                    "The specified sso-session does not exist: \"{name}\""
                )));
            }
            if token.is_file() {
                log_out_token(&context, &token)?;
            }
            for (_, section) in config.profiles().profiles() {
                if section.scalar("sso_session") != Some(name) {
                    continue;
                }
                let (Some(account), Some(role)) = (
                    section.scalar("sso_account_id"),
                    section.scalar("sso_role_name"),
                ) else {
                    continue;
                };
                let path = credentials.join(format!(
                    "{}.json",
                    role_credentials_key(account, role, name)
                ));
                if path.is_file() {
                    remove(&path)?;
                }
            }
        }
    }
    Ok(String::new())
}

/// botocore's `SSOCredentialFetcher._create_cache_key` for a session profile: SHA-1 of the
/// sorted, compact JSON of `accountId`, `roleName`, `sessionName`.
pub(crate) fn role_credentials_key(account: &str, role: &str, session: &str) -> String {
    let mut args = Map::new();
    args.insert("accountId".into(), Value::from(account));
    args.insert("roleName".into(), Value::from(role));
    args.insert("sessionName".into(), Value::from(session));
    cache_key(&json::to_compact_with(
        &Value::Object(args),
        Separators::Tight,
    ))
}

/// A token file: signed out at the portal when it has a token and a region (errors ignored, as
/// v2 ignores a `ClientError`; a signal still stops the run), then deleted. A file without
/// `accessToken` (a registration) or that is not JSON is left alone.
fn log_out_token(context: &Context, path: &Path) -> Result<()> {
    let Some(document) = read_object(path) else {
        return Ok(());
    };
    let Some(token) = document.get("accessToken") else {
        return Ok(());
    };
    if let (Value::String(token), Some(Value::String(region))) = (token, document.get("region")) {
        let mut input = Map::new();
        input.insert("accessToken".into(), Value::from(token.as_str()));
        let client = context.client(&SSO_PORTAL, region)?;
        let answer = client.call(&LOGOUT, &input, None);
        client.close();
        match answer {
            Err(err @ (Error::Interrupted | Error::Terminated)) => return Err(err),
            Err(err) => context
                .log
                .line(|| format!("logout: the portal's Logout failed (ignored): {err}")),
            Ok(_) => {}
        }
    }
    remove(path)
}

/// The regular files of `dir`, by name (none if it is missing).
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file())
        .collect();
    paths.sort();
    paths
}

/// The JSON object in `path`, if it holds one (unreadable and non-JSON files are skipped, as v2
/// skips them).
fn read_object(path: &Path) -> Option<Map> {
    let bytes = crate::python::io::read_file(path).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    match json::parse(&text).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

fn remove(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(Error::msg(crate::python::io::os_error_text(
            &err,
            &path.to_string_lossy(),
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards: the example of sso-login.md 1.8.
    #[test]
    fn role_credentials_key_as_botocore() {
        assert_eq!(
            role_credentials_key("123456789012", "Admin", "my-sso"),
            "c30b99aca80d8f5b3178e353f05b2abcc9a4ccd3"
        );
    }
}
