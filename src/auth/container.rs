//! botocore's `ContainerProvider` and `ContainerMetadataFetcher`: credentials from the ECS / EKS
//! container endpoint, `http://169.254.170.2` + `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`, or
//! `AWS_CONTAINER_CREDENTIALS_FULL_URI` (https, a loopback address, or one of the ECS / EKS
//! hosts), with the `Authorization` header from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` or
//! `AWS_CONTAINER_AUTHORIZATION_TOKEN`. Three attempts, two seconds each, one second apart; no
//! proxy.

use std::net::IpAddr;
use std::time::Duration;

use super::http::{self, Fetcher};
use super::Sources;
use crate::error::{Error, Result};
use crate::net::transport::Request;
use crate::python::json;
use crate::python::value::Value;
use crate::secret::Secret;
use crate::service::signing::Credentials;

/// botocore's name for this provider.
pub(super) const NAME: &str = "container-role";

/// The ECS endpoint's address (botocore's `IP_ADDRESS`).
const IP_ADDRESS: &str = "169.254.170.2";

/// The hosts a full URI may name besides loopback addresses (botocore's `_ALLOWED_HOSTS`).
const ALLOWED_HOSTS: [&str; 4] = [IP_ADDRESS, "169.254.170.23", "fd00:ec2::23", "localhost"];

/// botocore's `TIMEOUT_SECONDS`.
const TIMEOUT: Duration = Duration::from_secs(2);

/// botocore's `RETRY_ATTEMPTS`.
const ATTEMPTS: u32 = 3;

/// botocore's `SLEEP_TIME`, waited after every failed attempt (the last one too).
const SLEEP: Duration = Duration::from_secs(1);

/// Credentials from the container endpoint, when either URI variable is set (even empty).
pub(super) fn load(sources: &Sources) -> Result<Option<Credentials>> {
    let Some(url) = url(sources) else {
        return Ok(None);
    };
    let credentials = fetch(sources, &url)?;
    super::fresh(credentials, || fetch(sources, &url)).map(Some)
}

/// The endpoint: the relative URI (which wins) on the ECS address, else the full URI.
fn url(sources: &Sources) -> Option<String> {
    match sources.env.var("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
        Some(relative) => Some(format!("http://{IP_ADDRESS}{relative}")),
        None => sources.env.var("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
    }
}

/// `Error when retrieving credentials from container-role: ...`.
fn failure(message: impl std::fmt::Display) -> Error {
    Error::msg(format!(
        "Error when retrieving credentials from {NAME}: {message}"
    ))
}

/// `Error when retrieving credentials from container-role: Error retrieving metadata: ...`,
/// botocore's `MetadataRetrievalError` wrapped in its `CredentialRetrievalError`.
fn metadata_failure(message: impl std::fmt::Display) -> Error {
    failure(format!("Error retrieving metadata: {message}"))
}

/// botocore's `_validate_allowed_url`: https, a loopback address, or an allowed host.
fn check_host(url: &str) -> Result<()> {
    let (scheme, host) = scheme_and_host(url);
    if scheme == "https" {
        return Ok(());
    }
    let loopback = host
        .as_deref()
        .and_then(|host| host.parse::<IpAddr>().ok())
        .is_some_and(|ip| ip.is_loopback());
    if loopback || host.as_deref().is_some_and(|h| ALLOWED_HOSTS.contains(&h)) {
        return Ok(());
    }
    Err(Error::msg(format!(
        "Unsupported host '{}'.  Can only retrieve metadata from a loopback address or one of \
         these hosts: {}",
        host.as_deref().unwrap_or("None"),
        ALLOWED_HOSTS.join(", ")
    )))
}

/// Python's `urlparse(url).scheme` (lower case) and `.hostname` (lower case, IPv6 without its
/// brackets, `None` when empty).
fn scheme_and_host(url: &str) -> (String, Option<String>) {
    let Some(parts) = crate::net::url::split(url) else {
        let scheme = url.split_once(':').map_or("", |(scheme, _)| scheme);
        return (scheme.to_ascii_lowercase(), None);
    };
    let authority = parts.host_port;
    let host = match authority.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    let host = (!host.is_empty()).then(|| host.to_lowercase());
    (parts.scheme.to_ascii_lowercase(), host)
}

/// botocore's `_build_headers`: the token file wins over the token variable; either is checked
/// for CR and LF. A file is read as Python's text mode reads it (universal newlines), so a
/// final newline makes the token illegal, as in v1.
fn authorization(sources: &Sources) -> Result<Option<Secret<String>>> {
    let token = match sources.env.var("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
        Some(path) => {
            let bytes = crate::python::io::read_file(std::path::Path::new(&path))
                .map_err(|err| Error::msg(crate::python::io::os_error_text(&err, &path)))?;
            // Policy P3: v1 shows Python's UnicodeDecodeError.
            let text = String::from_utf8(bytes).map_err(|_| {
                Error::msg(format!(
                    "The container authorization token file {path} is not UTF-8 text"
                ))
            })?;
            Some(text.replace("\r\n", "\n").replace('\r', "\n"))
        }
        None => sources.env.var("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
    };
    match token {
        Some(token) if token.contains(['\r', '\n']) => {
            Err(Error::msg("Auth token value is not a legal header value"))
        }
        token => Ok(token.map(Secret::new)),
    }
}

/// One `fetch_creds`: the host check, the headers, up to three attempts, the answer's keys.
fn fetch(sources: &Sources, url: &str) -> Result<Credentials> {
    // botocore builds the headers (reading the token) before it checks the host.
    let token = authorization(sources)?;
    check_host(url)?;
    let mut headers = vec![("accept", "application/json".to_owned())];
    if let Some(token) = token {
        headers.push(("authorization", token.expose().clone()));
    }
    let request = Request {
        url: url.to_owned(),
        method: "GET",
        headers,
        body: Vec::new(),
    };
    let backoff = sources.env.var("SSOOIDC_NO_RETRY_BACKOFF").is_none();
    // botocore's URLLib3Session for this endpoint is made without proxies.
    let fetcher = Fetcher::new(TIMEOUT, None)?;
    let mut attempt = 0;
    let document = loop {
        let failure = match attempt_once(&fetcher, &request)? {
            Ok(document) => break document,
            Err(failure) => failure,
        };
        attempt += 1;
        if backoff {
            fetcher.sleep(SLEEP)?;
        }
        if attempt >= ATTEMPTS {
            return Err(metadata_failure(failure));
        }
    };
    credentials(&document)
}

/// One attempt: `Ok(Ok(document))`, `Ok(Err(reason))` for a failure botocore retries, `Err` for
/// one it does not.
fn attempt_once(fetcher: &Fetcher, request: &Request) -> Result<Result<Value, String>> {
    let response = match fetcher.send(request)? {
        Ok(response) => response,
        Err(err) if http::retryable(&err) => {
            return Ok(Err(format!(
                "Received error when attempting to retrieve container metadata: {err}"
            )))
        }
        Err(err) => return Err(Error::msg(err.to_string())),
    };
    // Policy P3: v1 shows Python's UnicodeDecodeError.
    let text = http::text(&response)
        .ok_or_else(|| failure("the answer from container metadata is not UTF-8 text"))?;
    if response.status != 200 {
        return Ok(Err(format!(
            "Received non 200 response {} from container metadata: {text}",
            response.status
        )));
    }
    Ok(json::parse(&text)
        .map_err(|_| "Unable to parse JSON returned from container metadata services".to_owned()))
}

/// The answer's `AccessKeyId`, `SecretAccessKey`, `Token` and `Expiration`, read in that order.
fn credentials(document: &Value) -> Result<Credentials> {
    // Policy P3: v1 shows Python's TypeError or KeyError (`'Token'`).
    let Value::Object(map) = document else {
        return Err(failure("the answer is not a JSON object"));
    };
    let member = |key: &str| {
        map.get(key)
            .ok_or_else(|| failure(format!("Missing required key in response: '{key}'")))
    };
    let string = |key: &str| match member(key)? {
        Value::String(value) => Ok(value.clone()),
        _ => Err(failure(format!("{key} is not a string"))),
    };
    let access_key_id = string("AccessKeyId")?;
    let secret_access_key = Secret::new(string("SecretAccessKey")?);
    let session_token = match member("Token")? {
        Value::Null => None,
        Value::String(token) => Some(Secret::new(token.clone())),
        _ => return Err(failure("Token is not a string")),
    };
    let expiry = super::process::expiry(&string("Expiration")?)?;
    Ok(Credentials {
        access_key_id,
        secret_access_key,
        session_token,
        expiry: Some(expiry),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::auth::testing::with_env;

    #[test]
    fn the_relative_uri_wins_and_empty_counts() {
        let url_of = |vars: &[(&'static str, &'static str)]| with_env(vars, url);
        assert_eq!(url_of(&[]), None);
        assert_eq!(
            url_of(&[
                ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/creds?id=1"),
                ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1/x"),
            ]),
            Some("http://169.254.170.2/v2/creds?id=1".to_owned())
        );
        assert_eq!(
            url_of(&[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "")]),
            Some("http://169.254.170.2".to_owned())
        );
        assert_eq!(
            url_of(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", "")]),
            Some(String::new())
        );
    }

    #[test]
    fn allowed_hosts_follow_botocore() {
        for url in [
            "https://anything.example/x",
            "HTTPS://anything.example",
            "http://127.0.0.1:8080/x",
            "http://127.5.6.7/",
            "http://[::1]:80/creds",
            "http://localhost/x",
            "http://LOCALHOST:9/x",
            "http://169.254.170.2/x",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/x",
            "http://user:pw@127.0.0.1/x",
        ] {
            assert!(check_host(url).is_ok(), "{url}");
        }
        for (url, host) in [
            ("http://Example.com:80/x", "example.com"),
            ("http://169.254.169.254/", "169.254.169.254"),
            ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1"),
            ("http://10.0.0.1/", "10.0.0.1"),
            ("", "None"),
            ("127.0.0.1", "None"),
        ] {
            let err = check_host(url).unwrap_err().to_string();
            assert_eq!(
                err,
                format!(
                    "Unsupported host '{host}'.  Can only retrieve metadata from a loopback \
                     address or one of these hosts: 169.254.170.2, 169.254.170.23, \
                     fd00:ec2::23, localhost"
                ),
                "{url}"
            );
        }
    }

    #[test]
    fn token_checks() {
        let token = |vars: &[(&'static str, &'static str)]| {
            with_env(vars, |s| {
                authorization(s).map(|t| t.map(|t| t.expose().clone()))
            })
        };
        assert_eq!(token(&[]).unwrap(), None);
        assert_eq!(
            token(&[("AWS_CONTAINER_AUTHORIZATION_TOKEN", "")]).unwrap(),
            Some(String::new())
        );
        for bad in ["a\nb", "a\r", "\r\n"] {
            let vars: &'static [(&'static str, &'static str)] = Box::leak(Box::new([(
                "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                &*Box::leak(bad.to_owned().into_boxed_str()),
            )]));
            assert_eq!(
                token(vars).unwrap_err().to_string(),
                "Auth token value is not a legal header value"
            );
        }
    }

    #[test]
    fn answers_are_read_in_botocores_order() {
        let parse = |text: &str| credentials(&json::parse(text).unwrap());
        let ok = parse(
            r#"{"AccessKeyId": "A", "SecretAccessKey": "S", "Token": "T",
                "Expiration": "2099-01-01T00:00:00Z", "AccountId": "1"}"#,
        )
        .unwrap();
        assert_eq!(ok.access_key_id, "A");
        assert_eq!(ok.secret_access_key.expose(), "S");
        assert_eq!(
            ok.session_token.as_ref().map(|t| t.expose().as_str()),
            Some("T")
        );
        assert_eq!(
            ok.expiry.map(crate::python::time::to_unix),
            Some(4_070_908_800)
        );
        let no_token = parse(
            r#"{"AccessKeyId": "A", "SecretAccessKey": "S", "Token": null,
                "Expiration": "2099-01-01T00:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!(no_token.session_token, None);
        let err = |text: &str| parse(text).unwrap_err().to_string();
        assert_eq!(
            err(r#"{"AccessKeyId": "A", "SecretAccessKey": "S", "Expiration": "x"}"#),
            "Error when retrieving credentials from container-role: Missing required key in \
             response: 'Token'"
        );
        assert_eq!(
            err(r#"{"SecretAccessKey": "S"}"#),
            "Error when retrieving credentials from container-role: Missing required key in \
             response: 'AccessKeyId'"
        );
        assert_eq!(
            err(
                r#"{"AccessKeyId": "A", "SecretAccessKey": "S", "Token": "T", "Expiration": "soon"}"#
            ),
            "Unknown string format: soon"
        );
        assert_eq!(
            err("[1]"),
            "Error when retrieving credentials from container-role: the answer is not a JSON object"
        );
        assert_eq!(
            err(r#"{"AccessKeyId": 1}"#),
            "Error when retrieving credentials from container-role: AccessKeyId is not a string"
        );
    }
}
