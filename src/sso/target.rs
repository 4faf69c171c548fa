//! Which IAM Identity Center session a command acts on, chosen as the AWS CLI v2's
//! `BaseSSOCommand._get_sso_config` chooses it: `--sso-session NAME`, else the profile's
//! `sso_session`, else a legacy profile's own `sso_start_url` and `sso_region`. Errors are v2's
//! `InvalidSSOConfigError` texts.

use crate::config::SharedConfig;
use crate::error::{Error, Result};

/// The scope a refreshable registration asks for (the CLI's default for the PKCE flow).
pub const DEFAULT_SCOPE: &str = "sso:account:access";

/// A session to log in to, or whose token to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The `[sso-session NAME]`, or `None` for a legacy profile.
    pub session: Option<String>,
    /// `sso_start_url`, exactly as configured (the cache key of a legacy profile).
    pub start_url: String,
    /// `sso_region`.
    pub region: String,
    /// `sso_registration_scopes`, split on commas, trimmed, empties dropped; `None` when unset.
    pub scopes: Option<Vec<String>>,
    /// The profile that was read (for messages), `default` when none was chosen.
    pub profile: String,
}

impl Target {
    /// The target of a command run with `--sso-session` `option` (if given) and `config`'s
    /// profile.
    pub fn resolve(config: &SharedConfig, option: Option<&str>) -> Result<Target> {
        let profile = config.profile_name().to_owned();
        let session = option
            .map(str::to_owned)
            .or_else(|| config.get("sso_session"));
        match session {
            Some(name) => Target::session(config, &name, profile),
            None => Target::legacy(config, profile),
        }
    }

    fn session(config: &SharedConfig, name: &str, profile: String) -> Result<Target> {
        let Some(section) = config.profiles().sso_sessions().get(name) else {
            return Err(Error::msg(format!(
                "The specified sso-session does not exist: \"{name}\""
            )));
        };
        let missing = missing(|key| section.scalar(key).map(str::to_owned));
        if !missing.is_empty() {
            return Err(Error::msg(format!(
                "Missing the following required SSO configuration values: {}. ",
                missing.join(", ")
            )));
        }
        let scopes = section.scalar("sso_registration_scopes").map(parse_scopes);
        Ok(Target {
            session: Some(name.to_owned()),
            start_url: section.scalar("sso_start_url").unwrap_or_default().into(),
            region: section.scalar("sso_region").unwrap_or_default().into(),
            scopes,
            profile,
        })
    }

    fn legacy(config: &SharedConfig, profile: String) -> Result<Target> {
        let missing = missing(|key| config.get(key));
        if !missing.is_empty() {
            return Err(Error::msg(format!(
                "Missing the following required SSO configuration values: {}. To make sure \
                 this profile is properly configured to use SSO, please run: aws configure sso",
                missing.join(", ")
            )));
        }
        Ok(Target {
            session: None,
            start_url: config.get("sso_start_url").unwrap_or_default(),
            region: config.get("sso_region").unwrap_or_default(),
            scopes: None,
            profile,
        })
    }

    /// The name of the token's cache file key: the session name, or the start URL.
    pub fn name(&self) -> &str {
        self.session.as_deref().unwrap_or(&self.start_url)
    }

    /// The `ssooidc login ...` command that logs in to this target.
    pub fn login_command(&self) -> String {
        match &self.session {
            Some(name) => format!("ssooidc login --sso-session {}", shell_word(name)),
            None => format!("ssooidc login --profile {}", shell_word(&self.profile)),
        }
    }
}

/// The required keys a lookup lacks, in v2's order.
fn missing(lookup: impl Fn(&str) -> Option<String>) -> Vec<&'static str> {
    ["sso_start_url", "sso_region"]
        .into_iter()
        .filter(|key| lookup(key).is_none())
        .collect()
}

/// `parse_sso_registration_scopes`: comma-separated, each trimmed, empties dropped.
pub fn parse_scopes(raw: &str) -> Vec<String> {
    raw.split(',')
        .map(str::trim)
        .filter(|scope| !scope.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `word` quoted for a POSIX shell when it needs it (as `shlex.quote`).
fn shell_word(word: &str) -> String {
    let safe = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@%+=:,./-_".contains(c));
    if safe {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\"'\"'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_as_v2_parses_them() {
        assert_eq!(
            parse_scopes(" sso:account:access, ,b ,"),
            vec!["sso:account:access".to_owned(), "b".to_owned()]
        );
        assert!(parse_scopes("").is_empty());
    }

    #[test]
    fn shell_words() {
        assert_eq!(shell_word("my-sso"), "my-sso");
        assert_eq!(shell_word("a b"), "'a b'");
        assert_eq!(shell_word("it's"), "'it'\"'\"'s'");
    }
}
