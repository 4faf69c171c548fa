//! botocore's `EnvProvider`: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, a session token from
//! `AWS_SECURITY_TOKEN` or else `AWS_SESSION_TOKEN`, and `AWS_CREDENTIAL_EXPIRATION`.

use super::Sources;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::service::signing::Credentials;

/// botocore's name for this provider.
pub(super) const NAME: &str = "env";

/// botocore's `CANONICAL_NAME` for this provider (a role's `credential_source`).
pub(super) const CANONICAL_NAME: &str = "Environment";

/// Credentials from the environment when `AWS_ACCESS_KEY_ID` is set and not empty.
pub(super) fn load(sources: &Sources) -> Result<Option<Credentials>> {
    match read(sources)? {
        None => Ok(None),
        // Refreshing environment credentials reads the environment again.
        Some(credentials) => super::fresh(credentials, || {
            read(sources)?.ok_or_else(|| Error::msg("AWS_ACCESS_KEY_ID is no longer set"))
        })
        .map(Some),
    }
}

fn read(sources: &Sources) -> Result<Option<Credentials>> {
    let var = |name: &str| sources.env.var(name).filter(|value| !value.is_empty());
    let Some(access_key_id) = var("AWS_ACCESS_KEY_ID") else {
        return Ok(None);
    };
    let Some(secret) = var("AWS_SECRET_ACCESS_KEY") else {
        return Err(Error::msg(
            "Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY",
        ));
    };
    let session_token = var("AWS_SECURITY_TOKEN").or_else(|| var("AWS_SESSION_TOKEN"));
    let expiry = match var("AWS_CREDENTIAL_EXPIRATION") {
        None => None,
        Some(text) => Some(super::process::expiry(&text)?),
    };
    Ok(Some(Credentials {
        access_key_id,
        secret_access_key: Secret::new(secret),
        session_token: session_token.map(Secret::new),
        expiry,
    }))
}
