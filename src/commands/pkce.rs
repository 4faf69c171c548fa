//! The authorization code flow with PKCE (the AWS CLI v2's `SSOTokenFetcherAuth` and
//! `AuthCodeFetcher`): a listener on 127.0.0.1 bound before the browser opens, the `/authorize`
//! URL with v2's query in v2's order, and CreateToken with the code and the verifier.
//!
//! Unlike v2 the listener binds 127.0.0.1 only (not every interface), answers only
//! `GET /oauth/callback` (404 otherwise), stops at the first callback that carries a code and
//! the right state or an `error`, and ends at once on SIGINT or SIGTERM. The secrets (verifier,
//! state) come from the operating system's CSPRNG.

use std::time::Duration;

use ring::rand::{SecureRandom, SystemRandom};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::browser;
use super::support::{say, Registration, PENDING_EXPIRED};
use crate::config::env::Environment;
use crate::error::{Error, Result};
use crate::net::runtime::Runtime;
use crate::python::value::{string_map, Map};
use crate::service::call::Client;
use crate::service::model::CREATE_TOKEN;

/// The redirect URI registered (no port: the service accepts any port on 127.0.0.1).
pub(super) const REDIRECT_URI: &str = "http://127.0.0.1/oauth/callback";

/// How long the flow waits for the callback (`_OVERALL_TIMEOUT`), unless
/// `SSOOIDC_LOGIN_TIMEOUT` (seconds) says otherwise.
const OVERALL_TIMEOUT: Duration = Duration::from_secs(600);

/// What the browser shows after the callback.
const PAGE: &str = "<!DOCTYPE html><html><head><title>ssooidc</title></head><body><p>The \
                    request has been handled. You can close this window and return to the \
                    terminal.</p></body></html>";

/// The callback listener, bound before anything else happens.
pub(super) struct Listener {
    listener: std::net::TcpListener,
    port: u16,
}

impl Listener {
    /// Binds an ephemeral port of 127.0.0.1.
    pub(super) fn bind() -> Result<Listener> {
        let bound = std::net::TcpListener::bind(("127.0.0.1", 0))
            .and_then(|l| l.set_nonblocking(true).map(|()| l))
            .and_then(|l| l.local_addr().map(|a| (l, a.port())));
        match bound {
            Ok((listener, port)) => Ok(Listener { listener, port }),
            Err(err) => Err(Error::msg(format!(
                "Unable to initialize the OAuth 2.0 authorization callback handler: {err} \n \
                 You may use --use-device-code to fall back to the device code flow which does \
                 not require the callback handler."
            ))),
        }
    }
}

/// Sleeps `duration`, ending at once on SIGINT or SIGTERM.
pub(super) fn sleep(duration: Duration) -> Result<()> {
    let runtime = Runtime::new()?;
    let slept = runtime.run(async move { tokio::time::sleep(duration).await });
    runtime.close();
    slept
}

/// Runs the flow to the CreateToken answer.
pub(super) fn flow(
    client: &Client,
    registration: &Registration,
    listener: Listener,
    no_browser: bool,
    env: &dyn Environment,
) -> Result<Map> {
    let verifier = code_verifier()?;
    let state = uuid4()?;
    let redirect = format!("http://127.0.0.1:{}/oauth/callback", listener.port);
    let url = authorize_url(
        client.endpoint(),
        &registration.client_id,
        &redirect,
        &state,
        &registration.scopes,
        &code_challenge(&verifier),
    );
    if no_browser {
        say(&format!(
            "Browser will not be automatically opened.\nPlease visit the following URL:\n\n{url}\n"
        ));
    } else {
        say(&format!(
            "Attempting to open your default browser. If the browser does not open, open the \
             following URL.\nIf you are unable to open the URL on this device, run this command \
             again with the '--use-device-code' option.\n\n{url}\n\n"
        ));
        browser::open(&url, env);
    }
    let timeout = env
        .var("SSOOIDC_LOGIN_TIMEOUT")
        .and_then(|t| t.parse().ok())
        .map_or(OVERALL_TIMEOUT, Duration::from_secs_f64);
    let runtime = Runtime::new()?;
    let waited = runtime.run(async {
        let listener = tokio::net::TcpListener::from_std(listener.listener)
            .map_err(|err| Error::msg(format!("Unable to listen for the callback: {err}")))?;
        match tokio::time::timeout(timeout, wait(&listener, &state)).await {
            Ok(result) => result,
            Err(_) => Err(Error::msg(PENDING_EXPIRED)),
        }
        // The listener is closed here, when it goes out of scope.
    });
    runtime.close();
    let code = waited??;
    let input = string_map([
        ("grantType", "authorization_code"),
        ("clientId", registration.client_id.as_str()),
        ("clientSecret", registration.client_secret.as_str()),
        ("redirectUri", redirect.as_ref()),
        ("codeVerifier", verifier.as_ref()),
        ("code", code.as_ref()),
    ]);
    match client.call(&CREATE_TOKEN, &input, None) {
        Err(Error::Service { code, .. }) if code == "ExpiredTokenException" => {
            Err(Error::msg(PENDING_EXPIRED))
        }
        other => other,
    }
}

/// Serves the listener until a callback carries a code (with the right state) or an error.
async fn wait(listener: &tokio::net::TcpListener, state: &str) -> Result<String> {
    loop {
        let Ok((mut stream, _)) = listener.accept().await else {
            continue;
        };
        let head = tokio::time::timeout(Duration::from_secs(10), read_head(&mut stream)).await;
        let Ok(Some(head)) = head else { continue };
        let mut words = head.lines().next().unwrap_or_default().split(' ');
        let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        if method != "GET" || path != "/oauth/callback" {
            reply(&mut stream, "404 Not Found", "Not found").await;
            continue;
        }
        let params = parse_query(query);
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        if let Some(error) = get("error") {
            reply(&mut stream, "200 OK", PAGE).await;
            let description = get("error_description").unwrap_or_default();
            let detail = if description.is_empty() {
                error
            } else {
                format!("{error}: {description}")
            };
            return Err(Error::msg(format!(
                "Error loading authorization code: the authorization was not granted ({})",
                detail.replace(['\r', '\n'], " ")
            )));
        }
        if let (Some(code), Some(given)) = (get("code"), get("state")) {
            reply(&mut stream, "200 OK", PAGE).await;
            if given != state {
                return Err(Error::msg(
                    "Error loading authorization code: State parameter does not match expected \
                     value.",
                ));
            }
            return Ok(code);
        }
        reply(&mut stream, "400 Bad Request", "No code, state or error").await;
    }
}

/// The request head (up to 16 KiB), or `None`.
async fn read_head(stream: &mut tokio::net::TcpStream) -> Option<String> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    while !data.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 || data.len() > 16 * 1024 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    }
    Some(String::from_utf8_lossy(&data).into_owned())
}

async fn reply(stream: &mut tokio::net::TcpStream, status: &str, body: &str) {
    let text = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(text.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// `application/x-www-form-urlencoded` pairs (as `parse_qs`: `+` is a space).
fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (unquote(k), unquote(v))
        })
        .collect()
}

fn unquote(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encoding with only letters, digits and `-._~` left as they are.
fn quote(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// v2's authorize URL: the SSO-OIDC endpoint plus `/authorize` and its query in v2's order.
fn authorize_url(
    endpoint: &str,
    client_id: &str,
    redirect: &str,
    state: &str,
    scopes: &[String],
    challenge: &str,
) -> String {
    let query = [
        ("response_type", "code".to_owned()),
        ("client_id", client_id.to_owned()),
        ("redirect_uri", redirect.to_owned()),
        ("state", state.to_owned()),
        ("code_challenge_method", "S256".to_owned()),
        ("scopes", scopes.join(" ")),
        ("code_challenge", challenge.to_owned()),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", quote(v)))
    .collect::<Vec<_>>()
    .join("&");
    format!("{}/authorize?{query}", endpoint.trim_end_matches('/'))
}

fn random_bytes(buf: &mut [u8]) -> Result<()> {
    SystemRandom::new()
        .fill(buf)
        .map_err(|_| Error::msg("The operating system's random number generator failed"))
}

/// 64 characters of `[A-Za-z0-9-._~]` (v2's `secrets.choice`), unbiased.
fn code_verifier() -> Result<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    let mut out = String::with_capacity(64);
    while out.len() < 64 {
        let mut buf = [0u8; 64];
        random_bytes(&mut buf)?;
        for byte in buf {
            // 198 = 3 * 66: every character equally likely.
            if byte < 198 && out.len() < 64 {
                out.push(ALPHABET[usize::from(byte) % ALPHABET.len()] as char);
            }
        }
    }
    Ok(out)
}

/// base64url(SHA-256(verifier)) without padding: 43 characters.
fn code_challenge(verifier: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
    base64url(digest.as_ref())
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// A random UUID (version 4), canonical form.
fn uuid4() -> Result<String> {
    let mut b = [0u8; 16];
    random_bytes(&mut b)?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards: RFC 7636's example challenge, and the verifier's length and alphabet.
    #[test]
    fn pkce_values() {
        assert_eq!(
            code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let verifier = code_verifier().unwrap();
        assert_eq!(verifier.len(), 64);
        assert!(verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b)));
        assert_ne!(verifier, code_verifier().unwrap());
        let id = uuid4().unwrap();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
    }

    // Guards: the query of sso-login.md 3.3.5, in v2's order and encoding.
    #[test]
    fn authorize_url_as_v2() {
        assert_eq!(
            authorize_url(
                "https://oidc.us-east-1.amazonaws.com",
                "cid",
                "http://127.0.0.1:55555/oauth/callback",
                "st",
                &["sso:account:access".to_owned()],
                "ch"
            ),
            "https://oidc.us-east-1.amazonaws.com/authorize?response_type=code&client_id=cid&\
             redirect_uri=http%3A%2F%2F127.0.0.1%3A55555%2Foauth%2Fcallback&state=st&\
             code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess&code_challenge=ch"
        );
        assert_eq!(
            parse_query("a=b+c&d=%2F%zz"),
            vec![
                ("a".to_owned(), "b c".to_owned()),
                ("d".to_owned(), "/%zz".to_owned())
            ]
        );
    }
}
