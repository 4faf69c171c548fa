//! The access token of an `[sso-session]`, as botocore's `SSOTokenProvider` (wrapped in its
//! `DeferredRefreshableToken`) gives it on first use: read from the cache, refreshed with
//! `CreateToken` (`grant_type=refresh_token`, unsigned, SSO-OIDC in the session's region) when
//! fewer than 15 minutes are left, the new token written back, and an error if what is left is
//! expired.

use crate::error::{Error, Result};
use crate::python::value::{Map, Number, Value};
use crate::secret::Secret;
use crate::service::model::{CREATE_TOKEN, SSO_OIDC};

use super::cache::{parse_time, CachedToken, TokenCache};
use super::Context;

/// botocore's `UnauthorizedSSOTokenError` text: an expired legacy token, or one the portal
/// refuses.
pub const UNAUTHORIZED: &str = "The SSO session associated with this profile has expired or is \
                                otherwise invalid. To refresh this SSO session run aws sso login \
                                with the corresponding profile.";

/// botocore's `TokenRetrievalError` text for an sso-session token still expired after a refresh
/// attempt.
pub const EXPIRED: &str =
    "Error when retrieving token from sso: Token has expired and refresh failed";

/// botocore's `SSOTokenProvider._REFRESH_WINDOW`: refresh when fewer seconds than this are left.
pub const REFRESH_WINDOW: i64 = 15 * 60;

/// An sso-session as `SSOTokenProvider._load_sso_config` resolves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The `NAME` of `[sso-session NAME]`: the cache key.
    pub name: String,
    /// `sso_start_url`.
    pub start_url: String,
    /// `sso_region`: where SSO-OIDC is called.
    pub region: String,
}

impl Session {
    /// The session `name` of the profile `profile`, with its section's `sso_start_url` and
    /// `sso_region`, or botocore's error when the section or one of the keys is missing.
    pub fn from_config(
        config: &crate::config::SharedConfig,
        profile: &str,
        name: &str,
    ) -> Result<Session> {
        let Some(section) = config.profiles().sso_sessions().get(name) else {
            return Err(Error::msg(format!(
                "The profile \"{profile}\" is configured to use the SSO token provider but the \
                 \"{name}\" sso_session configuration does not exist."
            )));
        };
        let missing: Vec<String> = ["sso_start_url", "sso_region"]
            .iter()
            .filter(|key| section.get(key).is_none())
            .map(|key| format!("'{key}'"))
            .collect();
        if !missing.is_empty() {
            return Err(Error::msg(format!(
                "The profile \"{profile}\" is configured to use the SSO token provider but is \
                 missing the following configuration: [{}].",
                missing.join(", ")
            )));
        }
        let scalar = |key: &str| section.scalar(key).unwrap_or_default().to_owned();
        Ok(Session {
            name: name.to_owned(),
            start_url: scalar("sso_start_url"),
            region: scalar("sso_region"),
        })
    }
}

/// The session's access token, refreshed if it needs and can be, as of `now` (seconds since
/// the epoch). Errors are botocore's: a missing or invalid cache file, a failed write-back, a
/// refresh that could not reach SSO-OIDC, and `Token has expired and refresh failed`.
pub fn session_token(
    context: &Context,
    cache: &TokenCache,
    session: &Session,
    now: i64,
) -> Result<Secret<String>> {
    let token = cache.load(&session.start_url, Some(&session.name))?;
    context.log.line(|| {
        format!(
            "sso: cached token for session {:?} expires in {} s",
            session.name,
            token.expires_at - now
        )
    });
    let mut access_token = token.access_token.clone();
    let mut expires_at = token.expires_at;
    if expires_at - now < REFRESH_WINDOW {
        if let Some(document) = refresh(context, session, &token, now)? {
            cache.save(&session.start_url, Some(&session.name), &document)?;
            context
                .log
                .line(|| "sso: token refreshed and written back".to_owned());
            if let Some(Value::String(text)) = document.get("accessToken") {
                access_token = Secret::new(text.clone());
            }
            if let Some(value) = document.get("expiresAt") {
                expires_at = parse_time(value)?;
            }
        }
    }
    if expires_at <= now {
        return Err(Error::msg(EXPIRED));
    }
    Ok(access_token)
}

/// `SSOTokenProvider._refresh_access_token`: the new cache document, or `None` when the token
/// cannot be refreshed (keys missing, registration expired) or the service refused (a
/// `ClientError`, which botocore only logs). Any other failure (the endpoint unreachable, an
/// answer that is not the service's) ends the run, as in botocore.
fn refresh(
    context: &Context,
    session: &Session,
    token: &CachedToken,
    now: i64,
) -> Result<Option<Map>> {
    let document = token.document.expose();
    let keys = [
        "refreshToken",
        "clientId",
        "clientSecret",
        "registrationExpiresAt",
    ];
    let missing: Vec<String> = keys
        .iter()
        .filter(|key| !document.contains_key(**key))
        .map(|key| format!("'{key}'"))
        .collect();
    if !missing.is_empty() {
        context.log.line(|| {
            format!(
                "sso: Unable to refresh SSO token: missing keys: [{}]",
                missing.join(", ")
            )
        });
        return Ok(None);
    }
    let registration_expires = parse_time(&document["registrationExpiresAt"])?;
    if registration_expires <= now {
        context
            .log
            .line(|| "sso: the client registration has expired; no refresh".to_owned());
        return Ok(None);
    }
    let mut input = Map::new();
    input.insert("grantType".into(), Value::from("refresh_token"));
    for key in ["clientId", "clientSecret", "refreshToken"] {
        // Policy P3 (and no secret in the message): botocore's validator would quote the value.
        if !matches!(document.get(key), Some(Value::String(_))) {
            return Err(Error::msg(format!(
                "Unable to refresh SSO token: {key} in the token cache is not a string"
            )));
        }
        input.insert(key.into(), document[key].clone());
    }
    let client = context.client(&SSO_OIDC, &session.region)?;
    let answer = client.call(&CREATE_TOKEN, &input, None);
    client.close();
    let output = match answer {
        Ok(output) => output,
        Err(err @ Error::Service { .. }) => {
            context
                .log
                .line(|| format!("sso: SSO token refresh attempt failed: {err}"));
            return Ok(None);
        }
        Err(err) => return Err(err),
    };
    // Policy P3: botocore fails with a bare `KeyError` when the answer lacks these.
    let incomplete = |what: &str| {
        Error::msg(format!(
            "Unable to refresh SSO token: the CreateToken answer has no {what}"
        ))
    };
    let access_token = match output.get("accessToken") {
        Some(value @ Value::String(_)) => value.clone(),
        _ => return Err(incomplete("accessToken")),
    };
    let expires_in = match output.get("expiresIn") {
        Some(Value::Number(Number::Int(seconds))) => *seconds,
        _ => return Err(incomplete("expiresIn")),
    };
    let expires_at = now
        .checked_add(expires_in)
        .ok_or_else(|| incomplete("usable expiresIn"))?;
    let mut new = Map::new();
    new.insert("startUrl".into(), Value::from(session.start_url.as_str()));
    new.insert("region".into(), Value::from(session.region.as_str()));
    new.insert("accessToken".into(), access_token);
    new.insert(
        "expiresAt".into(),
        Value::from(crate::python::time::format_utc(expires_at)),
    );
    for key in ["clientId", "clientSecret", "registrationExpiresAt"] {
        new.insert(key.into(), document[key].clone());
    }
    if let Some(refresh_token) = output.get("refreshToken") {
        new.insert("refreshToken".into(), refresh_token.clone());
    }
    Ok(Some(new))
}
