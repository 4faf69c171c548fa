//! botocore's `SSOProvider` and `SSOCredentialFetcher`: role credentials from the SSO portal's
//! `GetRoleCredentials`, with the access token of the profile's sso-session (refreshed as
//! botocore refreshes it) or, for a legacy profile (`sso_start_url` in the profile), the cached
//! token as it is.
//!
//! awscli v1 gives this provider no disk cache (`awscli/customizations/assumerole.py` adds a
//! `JSONFileCache` to the assume-role and web-identity providers only; the session's resolver
//! hands the SSO provider an empty in-memory dict), so the role credentials are fetched anew on
//! every run and nothing is written to `~/.aws/cli/cache`, unless the sources name a cache (the
//! AWS CLI v2's, which `export-credentials` uses: `crate::sso::role_cache`).
//!
//! A missing, expired or refused token is `Error::SsoLogin`: botocore's text, and the
//! `ssooidc login` that would fix it.

use super::Sources;
use crate::config::ConfigValue;
use crate::error::{Error, Result};
use crate::python::value::{Map, Number, Value};
use crate::secret::Secret;
use crate::service::model::{GET_ROLE_CREDENTIALS, SSO_PORTAL};
use crate::service::signing::Credentials;
use crate::sso::cache::TokenCache;
use crate::sso::role_cache::RoleKey;
use crate::sso::token::{self, Session, UNAUTHORIZED};
use crate::sso::Context;

/// botocore's name for this provider.
pub(super) const NAME: &str = "sso";

/// The profile's SSO settings, resolved and checked as `SSOProvider._load_sso_config` does.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SsoConfig {
    start_url: String,
    region: String,
    role_name: String,
    account_id: String,
    /// The sso-session's name, for sso-session profiles.
    session: Option<String>,
}

impl SsoConfig {
    /// The role-credential cache's key (botocore's `SSOCredentialFetcher` arguments).
    fn role_key(&self) -> RoleKey<'_> {
        RoleKey {
            account_id: &self.account_id,
            role_name: &self.role_name,
            session_name: self.session.as_deref(),
            start_url: &self.start_url,
        }
    }

    /// The `ssooidc login` that logs this profile's session in again.
    fn login(&self, profile: &str) -> String {
        match &self.session {
            Some(name) => format!("ssooidc login --sso-session {name}"),
            None => format!("ssooidc login --profile {profile}"),
        }
    }
}

/// Role credentials for the profile, if it names an SSO role (`sso_account_id` or
/// `sso_role_name`).
pub(super) fn load(sources: &Sources) -> Result<Option<Credentials>> {
    let Some(config) = sso_config(sources)? else {
        return Ok(None);
    };
    let context = Context {
        config: sources.config,
        env: sources.env,
        timeouts: (
            sources.connection.connect_timeout,
            sources.connection.read_timeout,
        ),
        log: sources.log,
    };
    // botocore's `DeferredRefreshableCredentials`: the first use fetches, and v1 uses them once
    // (recorded: role credentials with 5 minutes left are fetched once and used; expired ones
    // are `Credentials were refreshed, but the refreshed credentials are still expired.`).
    let fetch = || fetch(&context, sources, &config);
    let credentials = match sources.sso_role_cache {
        // The CLI v2's `SSOCredentialFetcher` with its `JSONFileCache`: the cache first.
        Some(cache) => cache.get_or_fetch(&config.role_key(), sources.log, fetch)?,
        None => fetch()?,
    };
    super::not_expired(credentials).map(Some)
}

/// `_load_sso_config` with `_resolve_sso_session_reference`: the required keys in botocore's
/// order, the session's keys merged in (a key the profile repeats must have the same value).
fn sso_config(sources: &Sources) -> Result<Option<SsoConfig>> {
    let profile_name = sources.profile();
    let Some(profile) = sources.section() else {
        return Ok(None);
    };
    if profile.get("sso_role_name").is_none() && profile.get("sso_account_id").is_none() {
        return Ok(None);
    }
    let mut resolved = profile.clone();
    let session = profile.scalar("sso_session").map(str::to_owned);
    if let Some(name) = &session {
        let Some(section) = sources.config.profiles().sso_sessions().get(name) else {
            return Err(Error::msg(format!(
                "The specified sso-session does not exist: \"{name}\""
            )));
        };
        for (key, value) in section.iter() {
            if let Some(mine) = resolved.get(key) {
                if mine != value {
                    return Err(Error::msg(format!(
                        "The value for {key} is inconsistent between profile ({}) and \
                         sso-session ({}).",
                        shown(mine),
                        shown(value)
                    )));
                }
            }
            resolved.insert(key.clone(), value.clone());
        }
    }
    let mut required = vec![
        "sso_role_name",
        "sso_account_id",
        "sso_start_url",
        "sso_region",
    ];
    if session.is_some() {
        required.push("sso_session");
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|key| resolved.get(key).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(Error::msg(format!(
            "The profile \"{profile_name}\" is configured to use SSO but is missing required \
             configuration: {}",
            missing.join(", ")
        )));
    }
    let text = |key: &str| -> Result<String> {
        resolved.scalar(key).map(str::to_owned).ok_or_else(|| {
            // Policy P3: botocore passes a nested block on as a Python dict.
            Error::msg(format!(
                "The profile \"{profile_name}\" is configured to use SSO but {key} is not a \
                 single value"
            ))
        })
    };
    Ok(Some(SsoConfig {
        start_url: text("sso_start_url")?,
        region: text("sso_region")?,
        role_name: text("sso_role_name")?,
        account_id: text("sso_account_id")?,
        session,
    }))
}

/// A config value as Python's `str()` shows it in the mismatch message.
fn shown(value: &ConfigValue) -> String {
    match value {
        ConfigValue::Scalar(text) => text.clone(),
        ConfigValue::Nested(map) => {
            let items: Vec<String> = map.iter().map(|(k, v)| format!("'{k}': '{v}'")).collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

/// `SSOCredentialFetcher._get_credentials`: the token, then `GetRoleCredentials` in the SSO
/// region.
fn fetch(context: &Context, sources: &Sources, config: &SsoConfig) -> Result<Credentials> {
    let now = crate::python::time::to_unix(std::time::SystemTime::now());
    let cache = TokenCache::default_location();
    let login = |message: String| Error::SsoLogin {
        message,
        login: config.login(sources.profile()),
    };
    let access_token = match &config.session {
        Some(name) => {
            let session = Session::from_config(sources.config, sources.profile(), name)?;
            token::session_token(context, &cache, &session, now).map_err(|err| {
                // Logging in again helps when the token is now missing, unreadable or expired
                // (not, say, when a refresh could not reach SSO-OIDC in time).
                let usable = cache
                    .load(&config.start_url, Some(name))
                    .is_ok_and(|token| token.expires_at > now);
                if usable {
                    err
                } else {
                    login(err.to_string())
                }
            })?
        }
        None => {
            // Legacy tokens are never refreshed; an expired one is refused before any call.
            let token = cache
                .load(&config.start_url, None)
                .map_err(|err| login(err.to_string()))?;
            if token.expires_at <= now {
                return Err(login(UNAUTHORIZED.to_owned()));
            }
            token.access_token
        }
    };
    let mut input = Map::new();
    input.insert("roleName".into(), Value::from(config.role_name.as_str()));
    input.insert("accountId".into(), Value::from(config.account_id.as_str()));
    input.insert(
        "accessToken".into(),
        Value::from(access_token.expose().as_str()),
    );
    let client = context.client(&SSO_PORTAL, &config.region)?;
    let answer = client.call(&GET_ROLE_CREDENTIALS, &input, None);
    client.close();
    let output = match answer {
        Ok(output) => output,
        Err(Error::Service { code, .. }) if code == "UnauthorizedException" => {
            return Err(login(UNAUTHORIZED.to_owned()))
        }
        Err(err) => return Err(err),
    };
    role_credentials(&output)
}

/// The answer's `roleCredentials`; the expiry (milliseconds) in whole seconds, as botocore
/// formats it before reading it back.
fn role_credentials(output: &Map) -> Result<Credentials> {
    // Policy P3: botocore fails with a bare `KeyError` on an incomplete answer.
    let incomplete = |what: &str| {
        Error::msg(format!(
            "Error when retrieving credentials from {NAME}: the GetRoleCredentials answer has \
             no {what}"
        ))
    };
    let Some(Value::Object(role)) = output.get("roleCredentials") else {
        return Err(incomplete("roleCredentials"));
    };
    let text = |key: &str| match role.get(key) {
        Some(Value::String(text)) => Ok(text.clone()),
        _ => Err(incomplete(key)),
    };
    let access_key_id = text("accessKeyId")?;
    let secret_access_key = Secret::new(text("secretAccessKey")?);
    let session_token = Some(Secret::new(text("sessionToken")?));
    let expiration = match role.get("expiration") {
        Some(Value::Number(Number::Int(ms))) => ms.div_euclid(1000),
        _ => return Err(incomplete("expiration")),
    };
    Ok(Credentials {
        access_key_id,
        secret_access_key,
        session_token,
        expiry: Some(crate::python::time::from_unix(expiration)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(text: &str) -> Map {
        match crate::python::json::parse(text).unwrap() {
            Value::Object(map) => map,
            _ => panic!("not an object"),
        }
    }

    #[test]
    fn role_credentials_from_the_answer() {
        let credentials = role_credentials(&answer(
            r#"{"roleCredentials": {"accessKeyId": "A", "secretAccessKey": "S",
                "sessionToken": "T", "expiration": 1796101200999}}"#,
        ))
        .unwrap();
        assert_eq!(credentials.access_key_id, "A");
        assert_eq!(credentials.secret_access_key.expose(), "S");
        assert_eq!(
            credentials.expiry,
            Some(crate::python::time::from_unix(1_796_101_200))
        );
        let err = role_credentials(&answer(r#"{"roleCredentials": {"accessKeyId": "A"}}"#))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "Error when retrieving credentials from sso: the GetRoleCredentials answer has no \
             secretAccessKey"
        );
    }
}
