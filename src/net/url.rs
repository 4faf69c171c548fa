//! URLs, split in one place: botocore's validity check, joining the operation path, the parts
//! other modules ask about (scheme, authority, host), and hiding credentials.
//!
//! Every endpoint (flag, environment, config, or the endpoint rules) goes through [`validate`]
//! before use, and every URL that reaches a message or the log goes through [`redacted`] or
//! names only [`Parts::host_port`].

/// The parts of an `scheme://[userinfo@]host[:port][/path][?query][#fragment]` URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Parts<'a> {
    /// The scheme, as written.
    pub scheme: &'a str,
    /// `user[:password]`, if any: never shown.
    userinfo: Option<&'a str>,
    /// Host and port, as written, without the user info: what messages may name.
    pub host_port: &'a str,
    /// Path, query and fragment, as written (empty or starting with `/`, `?` or `#`).
    rest: &'a str,
    /// The whole authority as written, user info included (Python's `netloc`).
    pub netloc: &'a str,
}

impl<'a> Parts<'a> {
    /// The host without port or IPv6 brackets: what a connection message names.
    pub fn host(&self) -> &'a str {
        let host_port = self.host_port;
        if let Some(bracketed) = host_port.strip_prefix('[') {
            return bracketed.split(']').next().unwrap_or_default();
        }
        host_port
            .rsplit_once(':')
            .map_or(host_port, |(host, _)| host)
    }

    /// Whether the scheme is `https`, in any case.
    pub fn is_https(&self) -> bool {
        self.scheme.eq_ignore_ascii_case("https")
    }
}

/// Splits `url`; `None` when it has no `://`.
pub(crate) fn split(url: &str) -> Option<Parts<'_>> {
    let (scheme, after) = url.split_once("://")?;
    let authority_end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let (authority, rest) = after.split_at(authority_end);
    let (userinfo, host_port) = match authority.rsplit_once('@') {
        Some((userinfo, host_port)) => (Some(userinfo), host_port),
        None => (None, authority),
    };
    Some(Parts {
        scheme,
        userinfo,
        host_port,
        rest,
        netloc: authority,
    })
}

/// Whether `url` is an https URL.
pub(crate) fn is_https(url: &str) -> bool {
    split(url).is_some_and(|parts| parts.is_https())
}

/// Python's `urlparse(url).scheme` is non-empty: letters, digits, `+-.` before a `:`, starting
/// with a letter. (botocore checks `--endpoint-url` with it, so `host:8080` has a scheme.)
pub(crate) fn has_scheme(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, _)| {
        scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// botocore's checks when it creates the client: `is_valid_endpoint_url` (a host of DNS labels,
/// or a bracketed IPv6 address; no whitespace or control characters), then urllib3's supported
/// schemes. The texts are v1's.
pub fn validate(endpoint: &str) -> Result<(), String> {
    let invalid = || format!("Invalid endpoint: {}", redacted(endpoint));
    if endpoint
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(invalid());
    }
    let parts = split(endpoint).ok_or_else(invalid)?;
    if !valid_host(parts.host_port) {
        return Err(invalid());
    }
    let scheme = parts.scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(format!(
            "An HTTP Client raised an unhandled exception: Not supported URL scheme {scheme}"
        ));
    }
    Ok(())
}

/// botocore's `is_valid_uri` (`is_valid_endpoint_url`, or a bracketed IPv6 host): the check
/// alone, without the scheme check of [`validate`].
pub fn is_valid_endpoint(endpoint: &str) -> bool {
    !endpoint
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
        && split(endpoint).is_some_and(|parts| valid_host(parts.host_port))
}

fn valid_host(host_port: &str) -> bool {
    if let Some(bracketed) = host_port.strip_prefix('[') {
        let Some((address, port)) = bracketed.split_once(']') else {
            return false;
        };
        return !address.is_empty()
            && address
                .chars()
                .all(|c| c.is_ascii_hexdigit() || ":.".contains(c))
            && (port.is_empty() || is_port(port.strip_prefix(':').unwrap_or("x")));
    }
    let host = match host_port.rsplit_once(':') {
        Some((host, port)) if is_port(port) || port.is_empty() => host,
        Some(_) => return false,
        None => host_port,
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    !host.is_empty() && host.len() <= 255 && host.split('.').all(valid_label)
}

fn is_port(text: &str) -> bool {
    !text.is_empty() && text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit())
}

/// `(?!-)[A-Z\d-]{1,63}(?<!-)`, case-insensitive.
fn valid_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The operation's URL: the endpoint's path, then `path` (slashes between them collapse), then
/// the endpoint's query, as botocore joins them. Credentials in the endpoint are left out (they
/// are not sent, as with v1) and so is a fragment.
pub fn join(endpoint: &str, path: &str) -> String {
    let Some(parts) = split(endpoint) else {
        return format!("{endpoint}{path}");
    };
    let without_fragment = parts.rest.split('#').next().unwrap_or_default();
    let (prefix, query) = match without_fragment.split_once('?') {
        Some((prefix, query)) => (prefix, Some(query)),
        None => (without_fragment, None),
    };
    let mut url = format!(
        "{}://{}{}/{}",
        parts.scheme,
        parts.host_port,
        prefix.trim_end_matches('/'),
        path.trim_start_matches('/')
    );
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    url
}

/// A URL with its credentials masked as v1 masks a proxy's: `user:password@` becomes
/// `***:***@`, `user@` becomes `***@`.
pub fn redacted(url: &str) -> String {
    let Some(parts) = split(url) else {
        return url.to_owned();
    };
    let mask = match parts.userinfo {
        None => return url.to_owned(),
        Some(userinfo) if userinfo.contains(':') => "***:***@",
        Some(_) => "***@",
    };
    format!("{}://{mask}{}{}", parts.scheme, parts.host_port, parts.rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_like_botocore() {
        let path = "/client/register";
        assert_eq!(join("http://h:1", path), "http://h:1/client/register");
        assert_eq!(join("http://h:1/", path), "http://h:1/client/register");
        assert_eq!(join("http://h:1//", path), "http://h:1/client/register");
        assert_eq!(
            join("http://h:1/prefix", path),
            "http://h:1/prefix/client/register"
        );
        assert_eq!(
            join("http://h:1/prefix/sub/", path),
            "http://h:1/prefix/sub/client/register"
        );
        assert_eq!(
            join("http://h:1/p?x=1", path),
            "http://h:1/p/client/register?x=1"
        );
        assert_eq!(
            join("http://h:1/p#frag", path),
            "http://h:1/p/client/register"
        );
        assert_eq!(
            join("http://u:pw@h:1/p", path),
            "http://h:1/p/client/register"
        );
    }

    #[test]
    fn validates_like_botocore() {
        for good in [
            "http://127.0.0.1:8080",
            "https://oidc.us-east-1.amazonaws.com",
            "HTTP://localhost./x",
            "http://[::1]:9/",
            "http://u:p@host:1/p?q#f",
        ] {
            assert_eq!(validate(good), Ok(()), "{good}");
        }
        for bad in [
            "http://a_b:9/",
            "http://a b/",
            "https://oidc..amazonaws.com",
            "https://oidc.us-east-1\n.amazonaws.com",
            "http://",
            "http:///x",
            "127.0.0.1:18901",
            "ftp://a_b",
            "http://-a.com",
        ] {
            assert!(
                validate(bad).is_err_and(|e| e.starts_with("Invalid endpoint: ")),
                "{bad:?}"
            );
        }
        assert_eq!(
            validate("ftp://example.com"),
            Err(
                "An HTTP Client raised an unhandled exception: Not supported URL scheme ftp".into()
            )
        );
    }

    // The real v1 refuses each of these too (exit 255, nothing sent), in its own words: `''
    // does not appear to be an IPv4 or IPv6 address` (a bad bracketed host) or `An HTTP Client
    // raised an unhandled exception: Failed to parse: URL` (what follows the host).
    #[test]
    fn refuses_what_v1_cannot_send() {
        for bad in [
            "http://[]:9/",
            "http://[::g]:9/",
            "http://[::1]x/",
            "http://[::1]:123456/",
            "http://a:b/",
            "http://127.0.0.1:123456/",
        ] {
            assert!(validate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parts_never_show_credentials() {
        let parts = split("HTTPS://user:secret@127.0.0.1:1/p?q").unwrap();
        assert_eq!(parts.host_port, "127.0.0.1:1");
        assert_eq!(parts.netloc, "user:secret@127.0.0.1:1");
        assert!(parts.is_https());
        assert!(!is_https("http://h"));
        assert!(!is_https("h:443"));
    }

    #[test]
    fn scheme_detection_like_urlparse() {
        assert!(has_scheme("http://127.0.0.1:1"));
        assert!(has_scheme("HTTP://x"));
        assert!(has_scheme("ftp://x"));
        assert!(has_scheme("localhost:8080"));
        assert!(!has_scheme("127.0.0.1:8080"));
        assert!(!has_scheme("1a:b"));
        assert!(!has_scheme(""));
    }

    #[test]
    fn masks_credentials_as_v1() {
        assert_eq!(redacted("http://user:pw@p:1/x"), "http://***:***@p:1/x");
        assert_eq!(redacted("http://user@p:1"), "http://***@p:1");
        assert_eq!(redacted("http://p:1/a@b"), "http://p:1/a@b");
    }

    // Guards: the host a connection message names: no port, no brackets, no credentials.
    #[test]
    fn host_without_port_or_brackets() {
        let host = |url| split(url).unwrap().host();
        assert_eq!(host("http://user:pw@proxy.example:3128/x"), "proxy.example");
        assert_eq!(host("https://nonexistent.invalid"), "nonexistent.invalid");
        assert_eq!(host("https://[::1]:8443/"), "::1");
        assert_eq!(host("https://[::1]"), "::1");
    }
}
