//! AWS credentials as botocore finds them (`botocore/credentials.py`,
//! `create_credential_resolver`): providers tried in botocore's order, the first that finds
//! credentials wins, a provider that finds broken ones stops the search with its error.
//!
//! assume-role and assume-role-with-web-identity call STS (`sts.rs`: the client's settings and
//! the CLI's cache of assumed-role credentials in `~/.aws/cli/cache`). A role's `source_profile`
//! is resolved with the profile providers (web identity, the credentials file,
//! `credential_process`, the config file) of that profile, the environment left out, as
//! botocore's `ProfileProviderBuilder` does; its `credential_source` names a provider of the
//! chain by its canonical name (`Environment`, `EcsContainer`, `Ec2InstanceMetadata`). SSO
//! profiles (`sso.rs`) take the cached token through `crate::sso` and ask the SSO portal.
//!
//! Only the signed operation asks (an unsigned one never touches the chain, so it never waits for
//! instance metadata). The order is botocore 1.43.11's: environment, assume-role,
//! web identity, SSO, the shared credentials file, `credential_process`, the config file, the
//! container endpoint (`container.rs`), instance metadata (`imds.rs`); both of the last ask an
//! HTTP endpoint through `http.rs`. (botocore's `ec2-credentials-file` and `boto-config`, before
//! the container, are not read.)

mod assume_role;
mod container;
mod env;
mod files;
mod http;
mod imds;
mod process;
mod sso;
mod sts;
mod web_identity;

use crate::config::env::Environment;
use crate::config::{Section, SharedConfig};
use crate::debug::Log;
use crate::error::Result;
use crate::service::call::Connection;
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
    /// The main client's resolved settings: STS is called in its region, with its timeouts and
    /// retries (botocore's session-wide settings).
    pub connection: &'a Connection,
    /// The debug log.
    pub log: Log,
    /// The profile whose credentials are looked for, when it is not the selected one (a role's
    /// `source_profile`).
    pub profile: Option<&'a str>,
    /// The cache of SSO role credentials the SSO provider keeps, as the AWS CLI v2 gives it one
    /// (`export-credentials`); `None` for v1's behaviour, which fetches them on every run.
    pub sso_role_cache: Option<&'a crate::sso::role_cache::RoleCache>,
}

impl<'a> Sources<'a> {
    /// The profile whose credentials are looked for.
    fn profile(&self) -> &str {
        self.profile.unwrap_or_else(|| self.config.profile_name())
    }

    /// The same sources for profile `name` with the environment's variables off: botocore's
    /// providers for a `source_profile` (`disable_env_vars=True`).
    fn for_profile<'b>(&'b self, name: &'b str) -> Sources<'b> {
        Sources {
            env: self.env,
            config: self.config,
            explicit_profile: true,
            connection: self.connection,
            log: self.log,
            profile: Some(name),
            sso_role_cache: self.sso_role_cache,
        }
    }

    /// The profile's keys (botocore's `full_config['profiles'][name]`).
    fn section(&self) -> Option<&Section> {
        self.config.profiles().profile(self.profile())
    }

    /// A key of the profile.
    fn get(&self, key: &str) -> Option<String> {
        self.section()
            .and_then(|section| section.scalar(key))
            .map(str::to_owned)
    }

    /// The profile's section in the config file alone.
    fn config_file_section(&self) -> Option<&Section> {
        self.config.config_file_section_of(self.profile())
    }

    /// The profile's section in the credentials file alone.
    fn credentials_file_section(&self) -> Option<&Section> {
        self.config.credentials_file_section_of(self.profile())
    }
}

/// How a provider looks for credentials.
type Load = fn(&Sources) -> Result<Option<Credentials>>;

/// One provider: its name in botocore's messages and how it looks.
struct Provider {
    /// botocore's `METHOD` (`env`, `shared-credentials-file`, ...).
    name: &'static str,
    /// botocore's `CANONICAL_NAME`, for the providers a role's `credential_source` may name
    /// (`Environment`, `EcsContainer`, `Ec2InstanceMetadata`).
    canonical_name: Option<&'static str>,
    load: Load,
}

/// The chain, in botocore's order; a role's `credential_source` finds its provider here by
/// canonical name (see `assume_role::source_credentials`).
const CHAIN: &[Provider] = &[
    Provider {
        name: env::NAME,
        canonical_name: Some(env::CANONICAL_NAME),
        load: env::load,
    },
    Provider {
        name: assume_role::NAME,
        canonical_name: None,
        load: assume_role::load,
    },
    Provider {
        name: web_identity::NAME,
        canonical_name: None,
        load: web_identity::load,
    },
    Provider {
        name: sso::NAME,
        canonical_name: None,
        load: sso::load,
    },
    Provider {
        name: files::CREDENTIALS_FILE,
        canonical_name: None,
        load: files::load_credentials_file,
    },
    Provider {
        name: process::NAME,
        canonical_name: None,
        load: process::load,
    },
    Provider {
        name: files::CONFIG_FILE,
        canonical_name: None,
        load: files::load_config_file,
    },
    Provider {
        name: container::NAME,
        canonical_name: Some("EcsContainer"),
        load: container::load,
    },
    Provider {
        name: imds::NAME,
        canonical_name: Some("Ec2InstanceMetadata"),
        load: imds::load,
    },
];

/// botocore's `ProfileProviderBuilder.providers` (the ones ssooidc has): what a role's
/// `source_profile` without a role of its own is resolved with.
const PROFILE_PROVIDERS: &[Load] = &[
    web_identity::load,
    sso::load,
    files::load_credentials_file,
    process::load,
    files::load_config_file,
];

/// The first credentials the profile providers find for `sources`' profile.
fn resolve_profile(sources: &Sources) -> Result<Option<Credentials>> {
    for load in PROFILE_PROVIDERS {
        if let Some(credentials) = load(sources)? {
            return Ok(Some(credentials));
        }
    }
    Ok(None)
}

/// Whether `name` is the canonical name of a provider of the chain, as botocore's
/// `CanonicalNameCredentialSourcer.is_supported` asks it (case matters there).
fn is_canonical_name(name: &str) -> bool {
    CHAIN.iter().any(|p| p.canonical_name == Some(name))
}

/// The chain's provider whose canonical name is `name` (in any case, as botocore finds it).
fn by_canonical_name(name: &str) -> Option<Load> {
    CHAIN
        .iter()
        .find(|p| {
            p.canonical_name
                .is_some_and(|c| c.eq_ignore_ascii_case(name))
        })
        .map(|p| p.load)
}

/// The first credentials a provider finds, with the provider's name; `None` when none does.
pub fn resolve(sources: &Sources) -> Result<Option<(&'static str, Credentials)>> {
    // botocore reads the instance metadata settings when it builds the chain, before any
    // provider runs: a bad one fails even when the environment has credentials.
    imds::settings(sources)?;
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

/// Sources for the providers' unit tests: a given environment, no config files, default
/// connection settings.
#[cfg(test)]
pub(crate) mod testing {
    use super::Sources;
    use crate::config::env::Environment;
    use crate::config::SharedConfig;
    use crate::net::tls::TrustSource;
    use crate::service::call::Connection;
    use crate::service::retry::{Mode, Policy};

    struct Vars(Vec<(&'static str, &'static str)>);

    impl Environment for Vars {
        fn var(&self, name: &str) -> Option<String> {
            self.0
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    /// Runs `f` with sources whose environment holds `vars`.
    pub(crate) fn with_env<T>(
        vars: &[(&'static str, &'static str)],
        f: impl FnOnce(&Sources) -> T,
    ) -> T {
        let env = Vars(vars.to_vec());
        let config = SharedConfig::default();
        let connection = Connection {
            region: "us-east-1".into(),
            endpoint: "http://127.0.0.1:1".into(),
            retry: Policy {
                mode: Mode::Legacy,
                max_attempts: 1,
                backoff: false,
            },
            connect_timeout: None,
            read_timeout: None,
            trust: TrustSource::Default,
            proxy: None,
        };
        f(&Sources {
            env: &env,
            config: &config,
            explicit_profile: false,
            connection: &connection,
            log: crate::debug::Log::new(false),
            profile: None,
            sso_role_cache: None,
        })
    }
}
