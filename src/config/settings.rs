//! Resolving every setting from its sources, in the AWS CLI's precedence: command-line flag, then
//! environment variable, then the profile in the shared config files.

use std::time::Duration;

use crate::cli::Globals;
use crate::config::SharedConfig;
use crate::error::{Error, Result};
use crate::net::transport::Trust;
use crate::python::jmespath::Expression;
use crate::service::retry::{Mode, Policy};

/// The default connect and read timeout (botocore's `DEFAULT_TIMEOUT`).
const DEFAULT_TIMEOUT_SECONDS: u64 = 60;

/// Reads environment variables; a seam for tests.
pub trait Environment {
    /// The variable's value, if set and valid Unicode.
    fn var(&self, name: &str) -> Option<String>;
}

/// The process environment.
pub struct ProcessEnvironment;

impl Environment for ProcessEnvironment {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}

/// The settings that do not need the profile, resolved right after the first pass, as the AWS CLI
/// resolves them (`awscli/customizations/globalargs.py`), so their errors come first.
pub struct Early {
    /// The compiled `--query`.
    pub query: Option<Expression>,
    /// `--cli-read-timeout`, if given: `Some(None)` is no timeout.
    pub read_timeout: Option<Option<Duration>>,
    /// `--cli-connect-timeout`, if given: `Some(None)` is no timeout.
    pub connect_timeout: Option<Option<Duration>>,
}

/// Checks `--query` and `--endpoint-url`.
pub fn resolve_early(globals: &Globals) -> Result<Early> {
    let query = match &globals.query {
        None => None,
        Some(text) => Some(
            crate::python::jmespath::compile(text)
                .map_err(|err| Error::msg(format!("Bad value for --query {text}: {err}")))?,
        ),
    };
    if let Some(url) = &globals.endpoint_url {
        if !has_scheme(url) {
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
    let read_timeout = flag_timeout("--cli-read-timeout", &globals.read_timeout)?;
    let connect_timeout = flag_timeout("--cli-connect-timeout", &globals.connect_timeout)?;
    Ok(Early {
        query,
        read_timeout,
        connect_timeout,
    })
}

/// Python's `urlparse(url).scheme` is non-empty: letters, digits, `+-.` before a `:`, starting
/// with a letter.
fn has_scheme(url: &str) -> bool {
    match url.split_once(':') {
        Some((scheme, _)) => {
            scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
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

/// The settings needed to send a request.
#[derive(Debug)]
pub struct Connection {
    /// The region (possibly empty, which v1 accepts).
    pub region: String,
    /// The endpoint URL, configured or resolved from the region.
    pub endpoint: String,
    /// The retry policy.
    pub retry: Policy,
    /// Connect timeout.
    pub connect_timeout: Option<Duration>,
    /// Read timeout.
    pub read_timeout: Option<Duration>,
    /// Certificate trust (only used for https endpoints).
    pub trust_source: TrustSource,
    /// The proxy for the endpoint, from the environment.
    pub proxy: Option<String>,
}

impl Connection {
    /// Writes the resolved settings to the debug log (URLs without credentials).
    pub fn log(&self, log: &crate::debug::Log) {
        if !log.enabled() {
            return;
        }
        let proxy = self
            .proxy
            .as_deref()
            .map_or_else(|| "none".to_owned(), crate::net::url::redacted);
        log.line(&format!(
            "region: {:?}, endpoint: {}, retry mode: {} ({} attempts), proxy: {proxy}",
            self.region,
            crate::net::url::redacted(&self.endpoint),
            self.retry.mode.name(),
            self.retry.max_attempts,
        ));
    }
}

/// Where the trusted certificates come from, before any file is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustSource {
    /// The compiled-in roots.
    Default,
    /// A PEM bundle at this path.
    Bundle(String),
    /// `--no-verify-ssl`.
    Insecure,
}

impl TrustSource {
    /// Loads the bundle, if any. v1 reports a missing bundle only when it connects over https, so
    /// this is called only then.
    pub fn load(&self) -> std::result::Result<Trust, String> {
        match self {
            TrustSource::Default => Ok(Trust::WebPki),
            TrustSource::Insecure => Ok(Trust::Insecure),
            TrustSource::Bundle(path) => {
                let expanded = crate::cli::params::expand_path(path);
                // botocore's text names only the errno part, not the path.
                let bytes = crate::cli::params::read_file(std::path::Path::new(&expanded))
                    .map_err(|err| crate::cli::params::python_errno(&err))?;
                Ok(Trust::Bundle(String::from_utf8_lossy(&bytes).into_owned()))
            }
        }
    }
}

/// Resolves region, endpoint, retries, timeouts and trust for a request.
pub fn resolve_connection(
    globals: &Globals,
    early: &Early,
    config: &SharedConfig,
    env: &dyn Environment,
    operation_service: &str,
) -> Result<Connection> {
    let region = globals
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
    let endpoint = crate::config::resolve_endpoint(
        globals.endpoint_url.as_deref(),
        &region,
        config,
        env,
        operation_service,
    )?;
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
    let trust_source = if globals.no_verify_ssl {
        TrustSource::Insecure
    } else {
        match globals
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
        trust_source,
        proxy: crate::net::transport::Proxies::from_env(|name| env.var(name))
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
    fn scheme_detection_like_urlparse() {
        assert!(has_scheme("http://127.0.0.1:1"));
        assert!(has_scheme("HTTP://x"));
        assert!(has_scheme("ftp://x"));
        assert!(!has_scheme("127.0.0.1:8080"));
        assert!(!has_scheme(""));
    }

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
