//! `ssooidc export-credentials [--format FORMAT]`: the profile's credentials, found through the
//! whole chain, printed for other programs exactly as the AWS CLI v2's `aws configure
//! export-credentials` prints them (`awscli/customizations/configure/exportcreds.py`,
//! sso-login.md §9): the `credential_process` JSON, or one shell assignment per variable.
//!
//! * SSO profiles keep their role credentials in the CLI v2's cache (`~/.aws/cli/cache`, see
//!   `crate::sso::role_cache`), so a repeated call answers from one small file, with no client
//!   built and no request made; concurrent calls with an empty cache make one portal call.
//! * Never interactive: a session that needs logging in again is one line naming the
//!   `ssooidc login` to run.
//! * The recursion barrier of v2 (`_AWS_CLI_PROFILE_CHAIN`): a profile whose
//!   `credential_process` runs `ssooidc export-credentials` for another profile works, a loop
//!   is refused.
//! * The secret key and session token go to stdout only, never to `--debug` or an error.

use crate::auth;
use crate::cli::commands::CommandArgs;
use crate::cli::Globals;
use crate::config::env::Environment;
use crate::config::settings;
use crate::config::SharedConfig;
use crate::debug::Log;
use crate::error::{Error, Result};
use crate::python::json;
use crate::python::value::Value;
use crate::service::model::SSO_OIDC;
use crate::service::signing::Credentials;
use crate::sso::role_cache::RoleCache;

/// The variable that carries the profiles seen so far to a child `credential_process`.
const RECURSION_VAR: &str = "_AWS_CLI_PROFILE_CHAIN";

/// v2's `_MAX_RECURSION`.
const MAX_RECURSION: usize = 4;

/// The region of the clients the chain may build (STS for a role) when none is configured:
/// botocore's STS without a region signs for us-east-1, and SSO names its own region.
const FALLBACK_REGION: &str = "us-east-1";

/// Runs the command.
pub(super) fn run(args: &CommandArgs, globals: &Globals, env: &dyn Environment) -> Result<String> {
    let format = args.value("--format").unwrap_or("process");
    let profile = SharedConfig::selected_profile(globals.profile.as_deref(), env)
        .unwrap_or_else(|| "default".to_owned());
    let chain = profile_chain(env, &profile)?;
    // v2 sets it in its own environment, which the chain's child processes inherit. ssooidc is
    // single-threaded here: no runtime or client has been started yet.
    std::env::set_var(RECURSION_VAR, crate::python::csv::write_row(&chain));
    let log = Log::new(globals.debug);
    let credentials = match resolve(globals, env, log) {
        Ok(Some(credentials)) => credentials,
        Ok(None) => {
            return Err(Error::msg(
                "Unable to retrieve credentials: no credentials found",
            ))
        }
        Err(Error::SsoLogin { login, .. }) => {
            return Err(Error::msg(format!(
                "Unable to retrieve credentials: the SSO session has expired or is otherwise \
                 invalid. Run \"{login}\" to log in again.\n"
            )))
        }
        // `str(e).strip()`, then a newline, as v2 words it.
        Err(err) => {
            return Err(Error::msg(format!(
                "Unable to retrieve credentials: {}\n",
                err.to_string().trim()
            )))
        }
    };
    Ok(render(format, &credentials))
}

/// The profiles seen so far with `profile` added, or v2's error when the chain is too long or
/// `profile` is already in it.
fn profile_chain(env: &dyn Environment, profile: &str) -> Result<Vec<String>> {
    let mut seen = crate::python::csv::read_row(&env.var(RECURSION_VAR).unwrap_or_default());
    if seen.len() >= MAX_RECURSION {
        return Err(Error::msg(format!(
            "Maximum recursive credential process resolution reached ({MAX_RECURSION}).\n\
             Profiles seen: {}",
            seen.join(" -> ")
        )));
    }
    if seen.iter().any(|p| p == profile) {
        seen.push(profile.to_owned());
        return Err(Error::msg(format!(
            "Credential process resolution detected an infinite loop, profile cycle: {}\n",
            seen.join(" -> ")
        )));
    }
    seen.push(profile.to_owned());
    Ok(seen)
}

/// The credentials the chain finds, SSO role credentials through the CLI v2's cache.
fn resolve(globals: &Globals, env: &dyn Environment, log: Log) -> Result<Option<Credentials>> {
    let config = SharedConfig::load(globals.profile.as_deref(), env)?;
    config.log_sources(&log);
    // The settings of the clients a provider may build (timeouts, retries, proxies, the region
    // of STS); `--endpoint-url` names no service here.
    let mut flags = settings::Flags {
        endpoint_url: None,
        ..globals.settings.clone()
    };
    let early = settings::resolve_early(&flags)?;
    let connection = match settings::resolve_connection(&flags, &early, &config, env, &SSO_OIDC) {
        Err(Error::NoRegion) => {
            flags.region = Some(FALLBACK_REGION.to_owned());
            settings::resolve_connection(&flags, &early, &config, env, &SSO_OIDC)?
        }
        other => other?,
    };
    let cache = RoleCache::default_location();
    let sources = auth::Sources {
        env,
        config: &config,
        explicit_profile: globals.profile.is_some(),
        connection: &connection,
        log,
        profile: None,
        sso_role_cache: Some(&cache),
    };
    Ok(auth::resolve(&sources)?.map(|(provider, credentials)| {
        log.line(|| format!("credentials: from {provider}"));
        credentials
    }))
}

/// The credentials in `format` (one of the `--format` choices).
fn render(format: &str, credentials: &Credentials) -> String {
    let secret = credentials.secret_access_key.expose();
    let token = credentials.session_token.as_ref().map(|t| t.expose());
    let expiration = credentials
        .expiry
        .map(|expiry| isoformat(crate::python::time::to_unix(expiry)));
    if format == "process" {
        // json.dumps(output, indent=2, separators=(',', ': ')): ASCII, the keys in this order.
        let mut fields = vec![
            ("Version", "1".to_owned()),
            ("AccessKeyId", quoted(&credentials.access_key_id)),
            ("SecretAccessKey", quoted(secret)),
        ];
        if let Some(token) = token {
            fields.push(("SessionToken", quoted(token)));
        }
        if let Some(expiration) = &expiration {
            fields.push(("Expiration", quoted(expiration)));
        }
        let lines: Vec<String> = fields
            .iter()
            .map(|(key, value)| format!("  \"{key}\": {value}"))
            .collect();
        return format!("{{\n{}\n}}\n", lines.join(",\n"));
    }
    let line = |name: &str, value: &str| match format {
        "env" => format!("export {name}={value}\n"),
        "env-no-export" => format!("{name}={value}\n"),
        "powershell" => format!("$Env:{name}=\"{value}\"\n"),
        "windows-cmd" => format!("set {name}={value}\n"),
        _ => format!("set -gx {name} \"{value}\"\n"),
    };
    let mut text = line("AWS_ACCESS_KEY_ID", &credentials.access_key_id);
    text.push_str(&line("AWS_SECRET_ACCESS_KEY", secret));
    if let Some(token) = token {
        text.push_str(&line("AWS_SESSION_TOKEN", token));
    }
    if let Some(expiration) = &expiration {
        text.push_str(&line("AWS_CREDENTIAL_EXPIRATION", expiration));
    }
    text
}

/// A JSON string as `json.dumps` writes it (`ensure_ascii`).
fn quoted(text: &str) -> String {
    json::to_compact_ascii(&Value::from(text))
}

/// `datetime.isoformat()` of an aware UTC time in whole seconds: `2026-12-01T06:00:00+00:00`.
fn isoformat(seconds: i64) -> String {
    let utc = crate::python::time::format_utc(seconds);
    format!("{}+00:00", utc.trim_end_matches('Z'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    struct Vars(Vec<(&'static str, &'static str)>);

    impl Environment for Vars {
        fn var(&self, name: &str) -> Option<String> {
            self.0
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    fn credentials(token: bool, expiry: bool) -> Credentials {
        Credentials {
            access_key_id: "AKID".into(),
            secret_access_key: Secret::new("se/cr\u{e9}t".into()),
            session_token: token.then(|| Secret::new("tok".into())),
            expiry: expiry.then(|| crate::python::time::from_unix(1_796_104_800)),
        }
    }

    // Guards: exportcreds.py's bytes (json.dumps indent=2, ASCII; the per-line formats).
    #[test]
    fn formats_as_v2_prints_them() {
        assert_eq!(
            render("process", &credentials(false, false)),
            "{\n  \"Version\": 1,\n  \"AccessKeyId\": \"AKID\",\n  \"SecretAccessKey\": \
             \"se/cr\\u00e9t\"\n}\n"
        );
        assert_eq!(
            render("process", &credentials(true, true)),
            "{\n  \"Version\": 1,\n  \"AccessKeyId\": \"AKID\",\n  \"SecretAccessKey\": \
             \"se/cr\\u00e9t\",\n  \"SessionToken\": \"tok\",\n  \"Expiration\": \
             \"2026-12-01T06:00:00+00:00\"\n}\n"
        );
        assert_eq!(
            render("fish", &credentials(true, false)),
            "set -gx AWS_ACCESS_KEY_ID \"AKID\"\nset -gx AWS_SECRET_ACCESS_KEY \"se/cr\u{e9}t\"\n\
             set -gx AWS_SESSION_TOKEN \"tok\"\n"
        );
        assert_eq!(
            render("windows-cmd", &credentials(false, true)),
            "set AWS_ACCESS_KEY_ID=AKID\nset AWS_SECRET_ACCESS_KEY=se/cr\u{e9}t\n\
             set AWS_CREDENTIAL_EXPIRATION=2026-12-01T06:00:00+00:00\n"
        );
    }

    // Guards: v2's barrier texts; the profile is appended otherwise.
    #[test]
    fn recursion_barrier() {
        let chain = |value: &'static str, profile: &str| {
            profile_chain(&Vars(vec![(RECURSION_VAR, value)]), profile)
                .map_err(|err| err.to_string())
        };
        assert_eq!(chain("", "a"), Ok(vec!["a".to_owned()]));
        assert_eq!(chain("a", "b"), Ok(vec!["a".to_owned(), "b".to_owned()]));
        assert_eq!(
            chain("a,b", "a"),
            Err(
                "Credential process resolution detected an infinite loop, profile cycle: \
                 a -> b -> a\n"
                    .to_owned()
            )
        );
        assert_eq!(
            chain("a,b,c,d", "e"),
            Err(
                "Maximum recursive credential process resolution reached (4).\n\
                 Profiles seen: a -> b -> c -> d"
                    .to_owned()
            )
        );
    }
}
