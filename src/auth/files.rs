//! botocore's `SharedCredentialProvider` (the credentials file's `[NAME]` section) and
//! `ConfigProvider` (the config file's profile): static keys, read the same way from each.

use super::Sources;
use crate::config::Section;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::service::signing::Credentials;

/// botocore's name for the credentials-file provider.
pub(super) const CREDENTIALS_FILE: &str = "shared-credentials-file";

/// botocore's name for the config-file provider.
pub(super) const CONFIG_FILE: &str = "config-file";

/// The credentials file's keys for the selected profile.
pub(super) fn load_credentials_file(sources: &Sources) -> Result<Option<Credentials>> {
    from_section(sources.credentials_file_section(), CREDENTIALS_FILE)
}

/// The config file's keys for the selected profile.
pub(super) fn load_config_file(sources: &Sources) -> Result<Option<Credentials>> {
    from_section(sources.config_file_section(), CONFIG_FILE)
}

/// `aws_access_key_id` present (even empty) means this provider answers; a missing
/// `aws_secret_access_key` is then an error. The token is `aws_security_token`, else
/// `aws_session_token`.
fn from_section(section: Option<&Section>, provider: &str) -> Result<Option<Credentials>> {
    let Some(section) = section else {
        return Ok(None);
    };
    let Some(access_key_id) = section.scalar("aws_access_key_id") else {
        return Ok(None);
    };
    let Some(secret) = section.scalar("aws_secret_access_key") else {
        return Err(Error::msg(format!(
            "Partial credentials found in {provider}, missing: aws_secret_access_key"
        )));
    };
    let token = section
        .scalar("aws_security_token")
        .or_else(|| section.scalar("aws_session_token"));
    Ok(Some(Credentials {
        access_key_id: access_key_id.to_owned(),
        secret_access_key: Secret::new(secret.to_owned()),
        session_token: token.map(|t| Secret::new(t.to_owned())),
        expiry: None,
    }))
}
