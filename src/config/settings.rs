//! Resolving every setting from its sources, in the AWS CLI's precedence: command-line flag, then
//! environment variable, then the profile in the shared config files.

use std::time::Duration;

use crate::config::endpoint::resolve_endpoint;
use crate::config::env::Environment;
use crate::config::shared::SharedConfig;
use crate::error::{Error, Result};
use crate::net::tls::TrustSource;
use crate::net::transport::Proxies;
use crate::service::call::Connection;
use crate::service::model::Service;
use crate::service::retry::{Mode, Policy};

/// The default connect and read timeout (botocore's `DEFAULT_TIMEOUT`).
const DEFAULT_TIMEOUT_SECONDS: u64 = 60;

/// What the command line says about settings, before any of it is resolved.
#[derive(Debug, Default, Clone)]
pub struct Flags {
    /// `--region`.
    pub region: Option<String>,
    /// `--endpoint-url`.
    pub endpoint_url: Option<String>,
    /// `--ca-bundle`.
    pub ca_bundle: Option<String>,
    /// `--no-verify-ssl`.
    pub no_verify_ssl: bool,
    /// `--cli-read-timeout`, as typed.
    pub read_timeout: Option<String>,
    /// `--cli-connect-timeout`, as typed.
    pub connect_timeout: Option<String>,
}

/// The flags that are checked before the profile is read, as the AWS CLI checks them right after
/// the first pass (`awscli/customizations/globalargs.py`), so their errors come first.
pub struct Early {
    /// `--cli-read-timeout`, if given: `Some(None)` is no timeout.
    pub read_timeout: Option<Option<Duration>>,
    /// `--cli-connect-timeout`, if given: `Some(None)` is no timeout.
    pub connect_timeout: Option<Option<Duration>>,
}

/// Checks `--endpoint-url`, then the timeouts.
pub fn resolve_early(flags: &Flags) -> Result<Early> {
    if let Some(url) = &flags.endpoint_url {
        if !crate::net::url::has_scheme(url) {
            return Err(Error::msg(format!(
                "Bad value for --endpoint-url \"{url}\": scheme is missing.  Must be of the form \
                 http://<hostname>/ or https://<hostname>/"
            )));
        }
    }
    let flag_timeout = |option: &str, value: &Option<String>| {
        value
            .as_deref()
            .map(|text| parse_timeout(option, Some(text)))
            .transpose()
    };
    Ok(Early {
        read_timeout: flag_timeout("--cli-read-timeout", &flags.read_timeout)?,
        connect_timeout: flag_timeout("--cli-connect-timeout", &flags.connect_timeout)?,
    })
}

/// Reads an integer timeout in seconds; 0 means no timeout.
pub fn parse_timeout(option: &str, value: Option<&str>) -> Result<Option<Duration>> {
    let Some(text) = value else {
        return Ok(Some(Duration::from_secs(DEFAULT_TIMEOUT_SECONDS)));
    };
    let seconds: u64 = text.trim().parse().map_err(|_| {
        Error::msg(format!(
            "Invalid value for {option}: '{text}' (expected a whole number of seconds, 0 for no \
             timeout)"
        ))
    })?;
    Ok((seconds > 0).then(|| Duration::from_secs(seconds)))
}

/// Resolves region, endpoint, retries, timeouts and trust for a request.
pub fn resolve_connection(
    flags: &Flags,
    early: &Early,
    config: &SharedConfig,
    env: &dyn Environment,
    service: &Service,
) -> Result<Connection> {
    let region = flags
        .region
        .clone()
        .or_else(|| env.var("AWS_DEFAULT_REGION"))
        .or_else(|| config.get("region"))
        // Policy P7: AWS CLI v2 also reads AWS_REGION; v1 ignores it.
        .or_else(|| env.var("AWS_REGION"))
        .ok_or(Error::NoRegion)?;
    crate::service::endpoint::validate_region_name(&region)
        .map_err(|err| Error::msg(err.to_string()))?;
    let retry = resolve_retry(config, env)?;
    let endpoint = resolve_endpoint(flags.endpoint_url.as_deref(), &region, config, env, service)?;
    crate::net::url::validate(&endpoint).map_err(Error::Message)?;
    // The flags were checked early; the config keys (AWS CLI v2's) only apply without them.
    let connect_timeout = match early.connect_timeout {
        Some(timeout) => timeout,
        None => parse_timeout(
            "cli_connect_timeout",
            config.get("cli_connect_timeout").as_deref(),
        )?,
    };
    let read_timeout = match early.read_timeout {
        Some(timeout) => timeout,
        None => parse_timeout(
            "cli_read_timeout",
            config.get("cli_read_timeout").as_deref(),
        )?,
    };
    let trust = if flags.no_verify_ssl {
        TrustSource::Insecure
    } else {
        match flags
            .ca_bundle
            .clone()
            .or_else(|| env.var("AWS_CA_BUNDLE"))
            .or_else(|| config.get("ca_bundle"))
        {
            Some(path) => TrustSource::Bundle(path),
            None => TrustSource::Default,
        }
    };
    Ok(Connection {
        region,
        retry,
        connect_timeout,
        read_timeout,
        trust,
        proxy: Proxies::from_env(|name| env.var(name))
            .for_url(&endpoint)
            .map(str::to_owned),
        endpoint,
    })
}

/// `AWS_RETRY_MODE` / `retry_mode` and `AWS_MAX_ATTEMPTS` / `max_attempts`, validated with v1's
/// messages.
pub fn resolve_retry(config: &SharedConfig, env: &dyn Environment) -> Result<Policy> {
    let mode_name = env
        .var("AWS_RETRY_MODE")
        .or_else(|| config.get("retry_mode"));
    let mode = match mode_name {
        None => Mode::Legacy,
        Some(name) => Mode::parse(&name).ok_or_else(|| {
            Error::msg(format!(
                "Invalid value provided to \"mode\": \"{name}\" must be one of: ('legacy', \
                 'standard', 'adaptive')"
            ))
        })?,
    };
    let max_attempts = match env
        .var("AWS_MAX_ATTEMPTS")
        .or_else(|| config.get("max_attempts"))
    {
        None => mode.default_attempts(),
        Some(text) => {
            let n: i64 = text.trim().parse().map_err(|_| {
                Error::msg(format!(
                    "Invalid value for max_attempts: '{text}' (expected a whole number of 1 or \
                     more, from AWS_MAX_ATTEMPTS or max_attempts)"
                ))
            })?;
            if n < 1 {
                return Err(Error::msg(format!(
                    "Value provided to \"max_attempts\": {n} must be an integer greater than or \
                     equal to 1."
                )));
            }
            u32::try_from(n).unwrap_or(u32::MAX)
        }
    };
    Ok(Policy {
        mode,
        max_attempts,
        backoff: env.var("SSOOIDC_NO_RETRY_BACKOFF").is_none(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts() {
        assert_eq!(
            parse_timeout("--cli-read-timeout", None).unwrap(),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse_timeout("--cli-read-timeout", Some("0")).unwrap(),
            None
        );
        let err = parse_timeout("--cli-read-timeout", Some("1.5")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid value for --cli-read-timeout: '1.5' (expected a whole number of seconds, 0 \
             for no timeout)"
        );
    }
}
