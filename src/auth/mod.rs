//! AWS credentials as botocore finds them (`botocore/credentials.py`,
//! `create_credential_resolver`): providers tried in botocore's order, the first that finds
//! credentials wins, a provider that finds broken ones stops the search with its error.
//!
//! Only the signed operation asks (an unsigned one never touches the chain, so it never waits for
//! instance metadata). The order is botocore 1.43.11's: environment, assume-role,
//! web identity, SSO, the shared credentials file, `credential_process`, the config file, the
//! container endpoint, instance metadata.

mod env;
mod files;
mod process;
mod sso;

use crate::config::env::Environment;
use crate::config::SharedConfig;
use crate::debug::Log;
use crate::error::Result;
use crate::service::signing::Credentials;

/// What the providers read.
pub struct Sources<'a> {
    /// The environment.
    pub env: &'a dyn Environment,
    /// The shared config files and the selected profile.
    pub config: &'a SharedConfig,
    /// Whether `--profile` chose the profile: that turns the environment's credentials off
    /// (`AWS_PROFILE` does not).
    pub explicit_profile: bool,
    /// `--ca-bundle`, which applies to the clients providers create (the SSO portal's).
    pub ca_bundle: Option<&'a str>,
    /// The `--debug` log.
    pub log: Log,
}

/// One provider: its name in botocore's messages and how it looks.
struct Provider {
    /// botocore's `METHOD` (`env`, `shared-credentials-file`, ...).
    name: &'static str,
    load: fn(&Sources) -> Result<Option<Credentials>>,
}

/// The chain, in botocore's order.
const CHAIN: &[Provider] = &[
    Provider {
        name: env::NAME,
        load: env::load,
    },
    Provider {
        name: sso::NAME,
        load: sso::load,
    },
    Provider {
        name: files::CREDENTIALS_FILE,
        load: files::load_credentials_file,
    },
    Provider {
        name: process::NAME,
        load: process::load,
    },
    Provider {
        name: files::CONFIG_FILE,
        load: files::load_config_file,
    },
];

/// The first credentials a provider finds, with the provider's name; `None` when none does.
pub fn resolve(sources: &Sources) -> Result<Option<(&'static str, Credentials)>> {
    for provider in CHAIN {
        if provider.name == env::NAME && sources.explicit_profile {
            continue;
        }
        if let Some(credentials) = (provider.load)(sources)? {
            return Ok(Some((provider.name, credentials)));
        }
    }
    Ok(None)
}

/// Seconds before expiry at which botocore refreshes credentials when it can.
const ADVISORY_REFRESH: i64 = 15 * 60;

/// Seconds before expiry at which botocore must refresh them.
const MANDATORY_REFRESH: i64 = 10 * 60;

/// botocore's `RefreshableCredentials` on first use: credentials with less than 15 minutes
/// left are fetched once more with `refresh`; if that fails, the old ones serve unless fewer
/// than 10 minutes are left; fetched ones that have already expired are an error.
fn fresh(
    credentials: Credentials,
    refresh: impl FnOnce() -> Result<Credentials>,
) -> Result<Credentials> {
    let Some(expiry) = credentials.expiry else {
        return Ok(credentials);
    };
    let now = crate::python::time::to_unix(std::time::SystemTime::now());
    let remaining = crate::python::time::to_unix(expiry) - now;
    if remaining >= ADVISORY_REFRESH {
        return Ok(credentials);
    }
    let refreshed = match refresh() {
        Ok(refreshed) => refreshed,
        Err(_) if remaining >= MANDATORY_REFRESH => return Ok(credentials),
        Err(err) => return Err(err),
    };
    not_expired(refreshed)
}

/// Freshly fetched credentials that have already expired are botocore's error
/// (`RefreshableCredentials._protected_refresh`).
fn not_expired(credentials: Credentials) -> Result<Credentials> {
    let now = crate::python::time::to_unix(std::time::SystemTime::now());
    match credentials.expiry {
        Some(expiry) if crate::python::time::to_unix(expiry) < now => {
            Err(crate::error::Error::msg(
                "Credentials were refreshed, but the refreshed credentials are still expired.",
            ))
        }
        _ => Ok(credentials),
    }
}
