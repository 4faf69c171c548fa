//! What the assume-role providers share: the STS client as botocore's session creates it for
//! them, and the AWS CLI's cache of their answers.
//!
//! The client (`_get_client_creator`): the session's region (the main client's), its endpoint
//! from `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, the `[services]` section's `sts`, the
//! profile's `endpoint_url` (none of them when `ignore_configured_endpoint_urls`), else STS's
//! rules with `sts_regional_endpoints` (`regional` by default), FIPS and dual-stack; the
//! certificates of `AWS_CA_BUNDLE` / `ca_bundle` (`--ca-bundle` and `--no-verify-ssl` are the
//! main client's only, as in v1); the proxy for its URL; the timeouts and retries of the main
//! client (v1 sets the timeout flags on the session's default client config).
//!
//! The cache (`awscli/customizations/assumerole.py`): a `JSONFileCache` in `~/.aws/cli/cache`,
//! one file per role configuration, named by the SHA-1 of the request's arguments, holding the
//! parsed answer.

use std::io::Write;
use std::time::SystemTime;

use super::Sources;
use crate::error::{Error, Result};
use crate::net::tls::TrustSource;
use crate::net::transport::{self, ClientSettings, Proxies};
use crate::net::url;
use crate::python::value::{Map, Value};
use crate::secret::Secret;
use crate::service::endpoint::EndpointParams;
use crate::service::signing::Credentials;
use crate::service::sts::{self, Action, Param};

/// botocore's `DEFAULT_EXPIRY_WINDOW_SECONDS`: cached credentials with less left are fetched
/// again.
const CACHE_EXPIRY_WINDOW: i64 = 15 * 60;

/// A boolean setting as botocore reads it.
fn is_true(value: Option<String>) -> bool {
    value.is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// The STS client botocore would create for the credential chain.
pub(super) fn client(sources: &Sources) -> Result<sts::Client> {
    let env = sources.env;
    let config = sources.config;
    let region = sources.connection.region.clone();
    let ignore = is_true(
        env.var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
            .or_else(|| config.get("ignore_configured_endpoint_urls")),
    );
    let configured = if ignore {
        None
    } else {
        env.var("AWS_ENDPOINT_URL_STS")
            .or_else(|| env.var("AWS_ENDPOINT_URL"))
            .or_else(|| config.service_endpoint("sts"))
            .or_else(|| config.get("endpoint_url"))
    };
    let mode = env
        .var("AWS_STS_REGIONAL_ENDPOINTS")
        .or_else(|| config.get("sts_regional_endpoints"))
        .filter(|mode| !mode.is_empty())
        .unwrap_or_else(|| "regional".to_owned());
    if mode != "legacy" && mode != "regional" {
        return Err(Error::msg(format!(
            "STS regional endpoints option {mode} is invalid. Valid options are: \"legacy\", \
             \"regional\""
        )));
    }
    let params = EndpointParams {
        region: Some(region),
        use_fips: configured.is_none()
            && is_true(
                env.var("AWS_USE_FIPS_ENDPOINT")
                    .or_else(|| config.get("use_fips_endpoint")),
            ),
        use_dual_stack: configured.is_none()
            && is_true(
                env.var("AWS_USE_DUALSTACK_ENDPOINT")
                    .or_else(|| config.get("use_dualstack_endpoint")),
            ),
        endpoint: configured,
    };
    let endpoint =
        sts::endpoint(&params, mode == "legacy").map_err(|err| Error::msg(err.to_string()))?;
    url::validate(&endpoint.url).map_err(Error::Message)?;
    let trust = match env.var("AWS_CA_BUNDLE").or_else(|| config.get("ca_bundle")) {
        Some(path) => TrustSource::Bundle(path),
        None => TrustSource::Default,
    };
    let trust = if url::is_https(&endpoint.url) {
        trust.load()
    } else {
        Ok(crate::net::tls::Trust::WebPki)
    };
    let connection = sources.connection;
    let settings = trust.map(|trust| ClientSettings {
        connect_timeout: connection.connect_timeout,
        read_timeout: connection.read_timeout,
        trust,
        user_agent: transport::user_agent(connection.retry.mode.name()),
        proxy: Proxies::from_env(|name| env.var(name))
            .for_url(&endpoint.url)
            .map(str::to_owned),
    });
    sources.log.line(|| {
        format!(
            "sts endpoint: {}, signing region: {:?}",
            url::redacted(&endpoint.url),
            endpoint.signing_region
        )
    });
    Ok(sts::Client {
        endpoint,
        settings,
        retry: connection.retry,
        log: sources.log,
    })
}

/// One role's request: its arguments as the provider builds them, and whether the session
/// name is botocore's default (then it stays out of the cache key).
pub(super) struct RoleRequest {
    /// The operation.
    pub action: Action,
    /// The arguments in botocore's order (`RoleArn` after the profile's extras, the default
    /// session name after it), without the secrets added at call time.
    pub args: Vec<(&'static str, Param)>,
    /// Whether `RoleSessionName` is `botocore-session-<time>`.
    pub default_session_name: bool,
}

impl RoleRequest {
    /// `RoleArn` and the extras, then botocore's default session name if none was given.
    pub fn new(
        action: Action,
        mut extras: Vec<(&'static str, Param)>,
        role_arn: String,
    ) -> RoleRequest {
        extras.push(("RoleArn", Param::Text(role_arn)));
        let named = extras.iter().any(|(name, value)| {
            *name == "RoleSessionName" && !matches!(value, Param::Text(text) if text.is_empty())
        });
        if !named {
            // An empty name is replaced where it stands (a Python dict keeps the key's place).
            let now = crate::python::time::to_unix(SystemTime::now());
            let generated = Param::Text(format!("botocore-session-{now}"));
            match extras
                .iter_mut()
                .find(|(name, _)| *name == "RoleSessionName")
            {
                Some((_, value)) => *value = generated,
                None => extras.push(("RoleSessionName", generated)),
            }
        }
        RoleRequest {
            action,
            args: extras,
            default_session_name: !named,
        }
    }

    /// botocore's `_create_cache_key`: the SHA-1 of `json.dumps(args, sort_keys=True)`, the
    /// default session name left out.
    pub fn cache_key(&self) -> String {
        let mut pairs: Vec<(&str, Value)> = self
            .args
            .iter()
            .filter(|(name, _)| !(self.default_session_name && *name == "RoleSessionName"))
            .map(|(name, value)| {
                let value = match value {
                    Param::Text(text) => Value::String(text.clone()),
                    Param::Int(n) => Value::Number(crate::python::value::Number::Int(*n)),
                };
                (*name, value)
            })
            .collect();
        pairs.sort_by(|a, b| a.0.cmp(b.0));
        let map: Map = pairs
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect();
        let text = crate::python::json::to_compact_ascii(&Value::Object(map));
        let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, text.as_bytes());
        digest
            .as_ref()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }

    /// The credentials: from the cache while they have 15 minutes left, else from STS (the
    /// answer then written to the cache). `secrets` are the arguments added at call time
    /// (`TokenCode`, `WebIdentityToken`), asked for only when STS is called.
    pub fn fetch(
        &self,
        sources: &Sources,
        signer: Option<&dyn Fn() -> Result<Credentials>>,
        secrets: &dyn Fn() -> Result<Vec<(&'static str, Param)>>,
    ) -> Result<Credentials> {
        let path = cache_path(&self.cache_key());
        if let Some(credentials) = read_cache(&path) {
            sources
                .log
                .line(|| format!("{}: credentials from the cache", self.action.name()));
            return Ok(credentials);
        }
        let source = signer.map(|source| source()).transpose()?;
        let mut args = self.args.clone();
        args.extend(secrets()?);
        let answer = client(sources)?.call(self.action, &args, source.as_ref())?;
        // botocore writes the cache after the answer; a cache that cannot be written is an
        // error there too (the CLI reports it).
        write_cache(&path, answer.document.expose())?;
        Ok(answer.credentials)
    }
}

/// `~/.aws/cli/cache/KEY.json`.
fn cache_path(key: &str) -> std::path::PathBuf {
    let dir = crate::python::paths::expand_user(crate::sso::role_cache::CLI_CACHE_DIR);
    std::path::Path::new(&dir).join(format!("{key}.json"))
}

/// Cached credentials that are still good for the expiry window, if any. A file that is
/// missing, unreadable or not JSON counts as absent (`JSONFileCache` raises `KeyError`).
fn read_cache(path: &std::path::Path) -> Option<Credentials> {
    let bytes = std::fs::read(path).ok()?;
    let text = Secret::new(String::from_utf8(bytes).ok()?);
    let document = crate::python::json::parse(text.expose()).ok()?;
    let Value::Object(document) = document else {
        return None;
    };
    let Some(Value::Object(credentials)) = document.get("Credentials") else {
        return None;
    };
    let get = |name: &str| match credentials.get(name) {
        Some(Value::String(text)) => Some(text.clone()),
        _ => None,
    };
    let expiry = crate::python::time::parse_iso8601(&get("Expiration")?)?;
    let now = crate::python::time::to_unix(SystemTime::now());
    if expiry - now < CACHE_EXPIRY_WINDOW {
        return None;
    }
    Some(Credentials {
        access_key_id: get("AccessKeyId")?,
        secret_access_key: Secret::new(get("SecretAccessKey")?),
        session_token: get("SessionToken").map(Secret::new),
        expiry: Some(crate::python::time::from_unix(expiry)),
    })
}

/// `JSONFileCache.__setitem__`: the directory made if needed, the JSON written to a private
/// temporary file (mode 0600, as `mkstemp`), then moved into place.
fn write_cache(path: &std::path::Path, document: &Map) -> Result<()> {
    let dir = path.parent().unwrap_or_else(|| std::path::Path::new("."));
    let text = Secret::new(crate::python::json::to_compact_ascii(&Value::Object(
        document.clone(),
    )));
    let failure = |err: std::io::Error, at: &std::path::Path| {
        Error::msg(crate::python::io::os_error_text(
            &err,
            &at.to_string_lossy(),
        ))
    };
    std::fs::create_dir_all(dir).map_err(|err| failure(err, dir))?;
    let temp = dir.join(format!(
        "tmp{}{}.tmp",
        std::process::id(),
        crate::service::random::uuid_v4()
    ));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = options.open(&temp).and_then(|mut file| {
        file.write_all(text.expose().as_bytes())?;
        file.sync_all()
    });
    if let Err(err) = written.and_then(|()| std::fs::rename(&temp, path)) {
        let _ = std::fs::remove_file(&temp);
        return Err(failure(err, path));
    }
    Ok(())
}

/// The credentials of a deferred provider on first use: botocore fetches them once, then
/// refuses ones that have already expired.
pub(super) fn checked(credentials: Credentials) -> Result<Credentials> {
    let again = credentials.clone();
    super::fresh(credentials, move || Ok(again))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards: the cache file names v1 wrote for the recorded configurations
    // (tests/fixtures/gen/record_sts.py).
    #[test]
    fn cache_keys_are_botocores() {
        let arn = "arn:aws:iam::123456789012:role/r".to_owned();
        let plain = RoleRequest::new(Action::AssumeRole, vec![], arn.clone());
        assert_eq!(
            plain.cache_key(),
            "6dc9e6e1e186b9f293814df3266de783142c48a2"
        );
        let opts = RoleRequest::new(
            Action::AssumeRole,
            vec![
                ("RoleSessionName", Param::Text("my-session".into())),
                ("ExternalId", Param::Text("ext-1".into())),
                ("DurationSeconds", Param::Int(1800)),
            ],
            arn,
        );
        assert_eq!(opts.cache_key(), "b02e6b05c71472bea3eacf0d4f440b39aaaca73f");
        let names: Vec<&str> = opts.args.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "RoleSessionName",
                "ExternalId",
                "DurationSeconds",
                "RoleArn"
            ]
        );
        let web = RoleRequest::new(
            Action::AssumeRoleWithWebIdentity,
            vec![],
            "arn:aws:iam::123456789012:role/wienv".into(),
        );
        assert_eq!(web.cache_key(), "620ae4fcd101bb06829ffd6bbf99fb3c1078c442");
        assert!(web.default_session_name);
    }
}
