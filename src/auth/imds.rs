//! botocore's `InstanceMetadataProvider` and `InstanceMetadataFetcher`: the EC2 instance's role
//! credentials from the instance metadata service. IMDSv2 (a token from `PUT /latest/api/token`,
//! sent with each GET), falling back to IMDSv1 when the token is refused (403, 404, 405), times
//! out or cannot be fetched; the role's name from `/latest/meta-data/iam/security-credentials/`,
//! then its credentials. When nothing useful answers, the provider finds nothing and the chain
//! goes on, as in botocore.

use std::time::{Duration, SystemTime};

use super::http::{self, Fetcher};
use super::Sources;
use crate::error::{Error, Result};
use crate::net::transport::{Proxies, Request, Response, TransportError};
use crate::python::json;
use crate::python::value::{Number, Value};
use crate::secret::Secret;
use crate::service::signing::Credentials;

/// botocore's name for this provider.
pub(super) const NAME: &str = "iam-role";

/// botocore's `METADATA_BASE_URL`.
const BASE_URL_IPV4: &str = "http://169.254.169.254/";

/// botocore's `METADATA_BASE_URL_IPv6`.
const BASE_URL_IPV6: &str = "http://[fd00:ec2::254]/";

/// The token's path and lifetime (botocore's `_TOKEN_PATH`, `_TOKEN_TTL`).
const TOKEN_PATH: &str = "latest/api/token";
const TOKEN_TTL: &str = "21600";

/// The credentials' path (botocore's `_URL_PATH`); the role name follows it.
const CREDENTIALS_PATH: &str = "latest/meta-data/iam/security-credentials/";

/// The members an answer must have (botocore's `_REQUIRED_CREDENTIAL_FIELDS`).
const REQUIRED: [&str; 4] = ["AccessKeyId", "SecretAccessKey", "Token", "Expiration"];

/// botocore's `ec2_credential_refresh_window` (its advisory refresh time, 15 minutes).
const REFRESH_WINDOW: i64 = 15 * 60;

/// How botocore's chain set-up configures the fetcher. It reads these when it builds the chain,
/// so a bad value is an error whichever provider would have answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Settings {
    /// `metadata_service_timeout` (seconds; Python's `int`).
    timeout: i64,
    /// `metadata_service_num_attempts`.
    attempts: i64,
    /// The base URL: `ec2_metadata_service_endpoint`, else the IPv4 or IPv6 default.
    base_url: String,
    /// `ec2_metadata_v1_disabled`.
    v1_disabled: bool,
}

/// A setting from its environment variable, else the profile's key (botocore's config chain).
fn setting(sources: &Sources, variable: &str, key: &str) -> Option<String> {
    sources
        .env
        .var(variable)
        .or_else(|| sources.config.get(key))
}

/// botocore's `ensure_boolean` on a string: `true` in any case.
fn boolean(value: Option<String>) -> bool {
    value.is_some_and(|value| value.to_lowercase() == "true")
}

/// An integer setting as `int()` reads it.
fn integer(sources: &Sources, variable: &str, key: &str, default: i64) -> Result<i64> {
    let Some(text) = setting(sources, variable, key) else {
        return Ok(default);
    };
    match crate::python::int::int_of_str(&text) {
        Some(Number::Int(value)) => Ok(value),
        // Beyond i64: as good as unbounded.
        Some(_) if !text.trim().starts_with('-') => Ok(i64::MAX),
        Some(_) => Ok(i64::MIN),
        // Policy P3: v1 says `invalid literal for int() with base 10: 'abc'`.
        None => Err(Error::msg(format!(
            "Invalid value for {key}: {} (expected a whole number, from {variable} or {key})",
            json::repr_str(&text)
        ))),
    }
}

/// Reads and checks the settings, in botocore's order: timeout, attempts, endpoint mode, then the
/// endpoint's validity.
pub(super) fn settings(sources: &Sources) -> Result<Settings> {
    let timeout = integer(
        sources,
        "AWS_METADATA_SERVICE_TIMEOUT",
        "metadata_service_timeout",
        1,
    )?;
    let attempts = integer(
        sources,
        "AWS_METADATA_SERVICE_NUM_ATTEMPTS",
        "metadata_service_num_attempts",
        1,
    )?;
    let endpoint = setting(
        sources,
        "AWS_EC2_METADATA_SERVICE_ENDPOINT",
        "ec2_metadata_service_endpoint",
    );
    let ipv6 = match setting(
        sources,
        "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
        "ec2_metadata_service_endpoint_mode",
    ) {
        Some(mode) => match mode.to_lowercase().as_str() {
            "ipv4" => false,
            "ipv6" => true,
            _ => {
                return Err(Error::msg(format!(
                    "Invalid EC2 Instance Metadata endpoint mode: {mode} Valid endpoint modes \
                     (case-insensitive): ('ipv4', 'ipv6')."
                )))
            }
        },
        None => boolean(setting(sources, "AWS_IMDS_USE_IPV6", "imds_use_ipv6")),
    };
    let v1_disabled = boolean(setting(
        sources,
        "AWS_EC2_METADATA_V1_DISABLED",
        "ec2_metadata_v1_disabled",
    ));
    // An empty endpoint is Python-false: the default applies.
    let base_url = match endpoint.filter(|e| !e.is_empty()) {
        Some(endpoint) => endpoint,
        None if ipv6 => BASE_URL_IPV6.to_owned(),
        None => BASE_URL_IPV4.to_owned(),
    };
    if !crate::net::url::is_valid_endpoint(&base_url) {
        return Err(Error::msg(format!(
            "Invalid endpoint EC2 Instance Metadata endpoint: {base_url}"
        )));
    }
    Ok(Settings {
        timeout,
        attempts,
        base_url,
        v1_disabled,
    })
}

/// Credentials of the instance's role, or `None` when the service is disabled or gives none.
pub(super) fn load(sources: &Sources) -> Result<Option<Credentials>> {
    let settings = settings(sources)?;
    // Only the environment turns it off (botocore reads `os.environ` here, not the profile).
    if boolean(sources.env.var("AWS_EC2_METADATA_DISABLED")) {
        return Ok(None);
    }
    let Some(credentials) = retrieve(sources, &settings)? else {
        return Ok(None);
    };
    super::fresh(credentials, || {
        // Policy P3: botocore fails with Python's `KeyError: 'access_key'`.
        retrieve(sources, &settings)?.ok_or_else(|| {
            Error::msg(format!(
                "Error when retrieving credentials from {NAME}: the instance metadata service \
                 returned no credentials on refresh"
            ))
        })
    })
    .map(Some)
}

/// What one exchange's outcome means to the fetcher.
enum Outcome {
    /// An answer.
    Answer(Response),
    /// A failure botocore retries (refused, closed, timed out).
    Retry(TransportError),
}

/// Sends once; a failure botocore does not retry is an error in its words.
fn exchange(fetcher: &Fetcher, request: &Request) -> Result<Outcome> {
    match fetcher.send(request)? {
        Ok(response) => Ok(Outcome::Answer(response)),
        Err(err) if http::retryable(&err) => Ok(Outcome::Retry(err)),
        Err(err) => Err(Error::msg(err.to_string())),
    }
}

/// botocore's `retrieve_iam_role_credentials` once: token, role, credentials.
fn retrieve(sources: &Sources, settings: &Settings) -> Result<Option<Credentials>> {
    if settings.attempts < 1 {
        // No attempt is made at all.
        return Ok(None);
    }
    if settings.timeout <= 0 {
        // urllib3 refuses the timeout when the first request is made.
        return Err(Error::msg(format!(
            "An HTTP Client raised an unhandled exception: Attempted to set connect timeout to \
             {}, but the timeout cannot be set to a value less than or equal to 0.",
            settings.timeout
        )));
    }
    let timeout = Duration::from_secs(settings.timeout.unsigned_abs());
    // Unlike the container's, botocore's session for this endpoint takes the environment's
    // proxy for it (unless `no_proxy` names its host).
    let proxy = Proxies::from_env(|name| sources.env.var(name))
        .for_url(&settings.base_url)
        .map(str::to_owned);
    let fetcher = Fetcher::new(timeout, proxy)?;
    let attempts = u64::try_from(settings.attempts).unwrap_or(u64::MAX);
    let token = match fetch_token(&fetcher, settings, attempts)? {
        Token::Bad => return Ok(None),
        Token::None => None,
        Token::Some(token) => Some(token),
    };
    if token.as_ref().is_none_or(|t| t.expose().is_empty()) && settings.v1_disabled {
        return Err(Error::msg(
            "Error retrieving metadata: Unable to retrieve token for use in IMDSv2 call and \
             IMDSv1 has been disabled",
        ));
    }
    let Some(role) = get(
        &fetcher,
        settings,
        CREDENTIALS_PATH,
        token.as_ref(),
        attempts,
        |_| true,
    )?
    else {
        return Ok(None);
    };
    let role = String::from_utf8_lossy(role.body.expose()).into_owned();
    let path = format!("{CREDENTIALS_PATH}{role}");
    let Some(answer) = get(
        &fetcher,
        settings,
        &path,
        token.as_ref(),
        attempts,
        |text| json::parse(text).is_ok(),
    )?
    else {
        return Ok(None);
    };
    let text = String::from_utf8_lossy(answer.body.expose()).into_owned();
    let document = json::parse(&text).map_err(|err| Error::msg(err.to_string()))?;
    read_credentials(&document, SystemTime::now())
}

/// The outcome of the token request.
enum Token {
    /// A token.
    Some(Secret<String>),
    /// No token: go on with IMDSv1.
    None,
    /// HTTP 400 (botocore's `BadIMDSRequestError`): the provider finds nothing.
    Bad,
}

/// botocore's `_fetch_metadata_token`.
fn fetch_token(fetcher: &Fetcher, settings: &Settings, attempts: u64) -> Result<Token> {
    let request = Request {
        url: join(&settings.base_url, TOKEN_PATH),
        method: "PUT",
        // botocore sends `Content-Length: 0` with the empty PUT; reqwest would send none.
        headers: vec![
            ("x-aws-ec2-metadata-token-ttl-seconds", TOKEN_TTL.to_owned()),
            ("content-length", "0".to_owned()),
        ],
        body: Vec::new(),
    };
    for _ in 0..attempts {
        match exchange(fetcher, &request)? {
            Outcome::Answer(response) => match response.status {
                200 => {
                    let token = String::from_utf8_lossy(response.body.expose()).into_owned();
                    return Ok(Token::Some(Secret::new(token)));
                }
                403..=405 => return Ok(Token::None),
                400 => return Ok(Token::Bad),
                _ => {}
            },
            // A read timeout ends the attempts at once; other failures are retried.
            Outcome::Retry(TransportError::ReadTimeout { .. }) => return Ok(Token::None),
            Outcome::Retry(_) => {}
        }
    }
    Ok(Token::None)
}

/// botocore's `_get_request`: up to `attempts` GETs until one answers 200 with a non-empty body
/// that `acceptable` takes; `None` when none does.
fn get(
    fetcher: &Fetcher,
    settings: &Settings,
    path: &str,
    token: Option<&Secret<String>>,
    attempts: u64,
    acceptable: impl Fn(&str) -> bool,
) -> Result<Option<Response>> {
    let mut headers = Vec::new();
    if let Some(token) = token {
        headers.push(("x-aws-ec2-metadata-token", token.expose().clone()));
    }
    let request = Request {
        url: join(&settings.base_url, path),
        method: "GET",
        headers,
        body: Vec::new(),
    };
    for _ in 0..attempts {
        if let Outcome::Answer(response) = exchange(fetcher, &request)? {
            let body = response.body.expose();
            if response.status == 200
                && !body.is_empty()
                && acceptable(&String::from_utf8_lossy(body))
            {
                return Ok(Some(response));
            }
        }
    }
    Ok(None)
}

/// botocore's `_construct_url`: the base URL, a `/` unless it ends with one, the path.
fn join(base_url: &str, path: &str) -> String {
    let separator = if base_url.ends_with('/') { "" } else { "/" };
    format!("{base_url}{separator}{path}")
}

/// The credentials in an answer; `None` when a required member is missing (an error document
/// such as `{"Code": ..., "Message": ...}`, or JSON that is not an object).
fn read_credentials(document: &Value, now: SystemTime) -> Result<Option<Credentials>> {
    // Policy P3: for a JSON number or string v1 fails with a Python TypeError; a list lacks the
    // members as botocore sees it.
    let Value::Object(map) = document else {
        return Ok(None);
    };
    if REQUIRED.iter().any(|key| !map.contains_key(*key)) {
        return Ok(None);
    }
    let failure = |key: &str| {
        Error::msg(format!(
            "Error when retrieving credentials from {NAME}: {key} is not a string"
        ))
    };
    let string = |key: &str| match &map[key] {
        Value::String(value) => Ok(value.clone()),
        _ => Err(failure(key)),
    };
    let session_token = match &map["Token"] {
        Value::Null => None,
        Value::String(token) => Some(Secret::new(token.clone())),
        _ => return Err(failure("Token")),
    };
    let expiration = string("Expiration")?;
    let expiration = extended(&expiration, now).unwrap_or(expiration);
    Ok(Some(Credentials {
        access_key_id: string("AccessKeyId")?,
        secret_access_key: Secret::new(string("SecretAccessKey")?),
        session_token,
        expiry: Some(super::process::expiry(&expiration)?),
    }))
}

/// botocore's `_evaluate_expiration` (static stability): an expiry in `%Y-%m-%dT%H:%M:%SZ`
/// form that falls within 15 minutes plus a random 2 to 10 minutes is moved to that far from
/// now (so past the 15 minutes at which credentials are refreshed), so that an instance whose metadata service cannot refresh keeps working.
fn extended(expiration: &str, now: SystemTime) -> Option<String> {
    let strict = expiration.len() == 20
        && expiration.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            10 => b == b'T',
            13 | 16 => b == b':',
            19 => b == b'Z',
            _ => b.is_ascii_digit(),
        });
    if !strict {
        return None;
    }
    let expiry = crate::python::time::parse_iso8601(expiration)?;
    let jitter = 120 + (crate::service::random::next_u64() % 481) as i64;
    let offset = REFRESH_WINDOW + jitter;
    let now = crate::python::time::to_unix(now);
    (now >= expiry - offset).then(|| crate::python::time::format_utc(now + offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings_of(vars: &[(&'static str, &'static str)]) -> Result<Settings> {
        crate::auth::testing::with_env(vars, settings)
    }

    #[test]
    fn defaults_and_endpoint_modes() {
        let default = settings_of(&[]).unwrap();
        assert_eq!(
            default,
            Settings {
                timeout: 1,
                attempts: 1,
                base_url: "http://169.254.169.254/".into(),
                v1_disabled: false,
            }
        );
        let v6 = settings_of(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")]).unwrap();
        assert_eq!(v6.base_url, "http://[fd00:ec2::254]/");
        let v4 = settings_of(&[
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv4"),
            ("AWS_IMDS_USE_IPV6", "true"),
        ])
        .unwrap();
        assert_eq!(v4.base_url, "http://169.254.169.254/");
        let use_v6 = settings_of(&[("AWS_IMDS_USE_IPV6", "TRUE")]).unwrap();
        assert_eq!(use_v6.base_url, "http://[fd00:ec2::254]/");
        let custom = settings_of(&[
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9"),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv6"),
            ("AWS_METADATA_SERVICE_TIMEOUT", " 7 "),
            ("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "+3"),
            ("AWS_EC2_METADATA_V1_DISABLED", "True"),
        ])
        .unwrap();
        assert_eq!(
            custom,
            Settings {
                timeout: 7,
                attempts: 3,
                base_url: "http://127.0.0.1:9".into(),
                v1_disabled: true,
            }
        );
        let empty = settings_of(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", "")]).unwrap();
        assert_eq!(empty.base_url, "http://169.254.169.254/");
    }

    #[test]
    fn bad_settings_in_botocores_order() {
        let err =
            |vars: &[(&'static str, &'static str)]| settings_of(vars).unwrap_err().to_string();
        assert_eq!(
            err(&[
                ("AWS_METADATA_SERVICE_TIMEOUT", "abc"),
                ("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "x"),
            ]),
            "Invalid value for metadata_service_timeout: 'abc' (expected a whole number, from \
             AWS_METADATA_SERVICE_TIMEOUT or metadata_service_timeout)"
        );
        assert_eq!(
            err(&[
                ("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "1.5"),
                ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv5"),
            ]),
            "Invalid value for metadata_service_num_attempts: '1.5' (expected a whole number, \
             from AWS_METADATA_SERVICE_NUM_ATTEMPTS or metadata_service_num_attempts)"
        );
        assert_eq!(
            err(&[
                ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv5"),
                ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "not a url"),
            ]),
            "Invalid EC2 Instance Metadata endpoint mode: ipv5 Valid endpoint modes \
             (case-insensitive): ('ipv4', 'ipv6')."
        );
        assert_eq!(
            err(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", "not a url")]),
            "Invalid endpoint EC2 Instance Metadata endpoint: not a url"
        );
    }

    #[test]
    fn urls_join_as_botocore_joins_them() {
        assert_eq!(
            join("http://169.254.169.254/", TOKEN_PATH),
            "http://169.254.169.254/latest/api/token"
        );
        assert_eq!(
            join("http://127.0.0.1:9", CREDENTIALS_PATH),
            "http://127.0.0.1:9/latest/meta-data/iam/security-credentials/"
        );
        assert_eq!(
            join("http://h/prefix", TOKEN_PATH),
            "http://h/prefix/latest/api/token"
        );
    }

    fn at(text: &str) -> SystemTime {
        crate::python::time::from_unix(crate::python::time::parse_iso8601(text).unwrap())
    }

    #[test]
    fn answers_need_every_member() {
        let now = at("2026-01-01T00:00:00Z");
        let read = |text: &str| read_credentials(&json::parse(text).unwrap(), now);
        let ok = read(
            r#"{"Code": "Success", "AccessKeyId": "A", "SecretAccessKey": "S", "Token": "T",
                "Expiration": "2026-01-01T06:00:00Z"}"#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(ok.access_key_id, "A");
        assert_eq!(ok.expiry, Some(at("2026-01-01T06:00:00Z")));
        assert!(
            read(r#"{"Code": "AssumeRoleUnauthorizedAccess", "Message": "m"}"#)
                .unwrap()
                .is_none()
        );
        assert!(
            read(r#"{"AccessKeyId": "A", "SecretAccessKey": "S", "Token": "T"}"#)
                .unwrap()
                .is_none()
        );
        assert!(read("[1, 2]").unwrap().is_none());
        assert_eq!(
            read(r#"{"AccessKeyId": 1, "SecretAccessKey": "S", "Token": "T", "Expiration": "x"}"#)
                .unwrap_err()
                .to_string(),
            "Error when retrieving credentials from iam-role: AccessKeyId is not a string"
        );
        assert_eq!(
            read(r#"{"AccessKeyId": "A", "SecretAccessKey": "S", "Token": "T", "Expiration": "soon"}"#)
                .unwrap_err()
                .to_string(),
            "Unknown string format: soon"
        );
    }

    #[test]
    fn expiring_credentials_are_extended_as_botocore_does() {
        let now = at("2026-01-01T00:00:00Z");
        let now_unix = crate::python::time::to_unix(now);
        for _ in 0..50 {
            let moved = extended("2025-01-01T00:00:00Z", now).unwrap();
            let moved = crate::python::time::parse_iso8601(&moved).unwrap() - now_unix;
            assert!((1020..=1500).contains(&moved), "{moved}");
            let soon = extended("2026-01-01T00:11:59Z", now).unwrap();
            let soon = crate::python::time::parse_iso8601(&soon).unwrap() - now_unix;
            assert!((1020..=1500).contains(&soon), "{soon}");
        }
        // Far enough away, or not in the strict form: unchanged.
        assert_eq!(extended("2026-01-01T00:25:01Z", now), None);
        assert_eq!(extended("2020-01-01T00:00:00.5Z", now), None);
        assert_eq!(extended("2020-01-01T00:00:00+00:00", now), None);
    }
}
