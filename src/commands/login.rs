//! `ssooidc login [--sso-session NAME] [--use-device-code] [--no-browser] [--force]`: the AWS
//! CLI v2's `aws sso login`, writing the same token and registration files, with these
//! differences: a token that is still good (more than 15 minutes left, or refreshable) is kept
//! unless `--force`; a machine without a browser uses the device code flow by itself; the device
//! code flow of an sso-session registers with `sso:account:access`, so its token is refreshable;
//! the PKCE listener binds 127.0.0.1 only and answers only `GET /oauth/callback`; one login at a
//! time per session (a lock file beside the token).

use std::io::Write;
use std::time::Duration;

use super::support::{say, Registration, PENDING_EXPIRED};
use super::{browser, pkce, support};
use crate::cli::commands::CommandArgs;
use crate::cli::Globals;
use crate::config::env::Environment;
use crate::config::settings;
use crate::config::SharedConfig;
use crate::error::{Error, Result};
use crate::python::json::{self, Separators};
use crate::python::value::{string_map, Map, Number, Value};
use crate::service::call::Client;
use crate::service::model::{CREATE_TOKEN, REGISTER_CLIENT, SSO_OIDC, START_DEVICE_AUTHORIZATION};
use crate::sso::cache::{cache_key, parse_time, TokenCache};
use crate::sso::target::{Target, DEFAULT_SCOPE};
use crate::sso::token::{self, Session, REFRESH_WINDOW};
use crate::sso::{lock, Context};

/// How long a second login waits for the first (whose user may take the whole 600 s).
const LOCK_TIMEOUT: Duration = Duration::from_secs(660);

/// A registration is reused while more than this is left (`_EXPIRY_WINDOW`).
const REGISTRATION_WINDOW: i64 = 15 * 60;

/// The grant types of a PKCE registration.
const AUTH_GRANTS: [&str; 2] = ["authorization_code", "refresh_token"];

/// Runs the command; returns the success line.
pub(super) fn run(args: &CommandArgs, globals: &Globals, env: &dyn Environment) -> Result<String> {
    let config = support::config(globals, env)?;
    let target = Target::resolve(&config, args.value("--sso-session"))?;
    let mut device = args.flag("--use-device-code") || target.session.is_none();
    let mut no_browser = args.flag("--no-browser");
    let explicit_headless = args.flag("--use-device-code") && no_browser;
    if !explicit_headless && !no_browser {
        if let Some(reason) = browser::headless_reason(env) {
            warn(&format!(
                "ssooidc: no browser can be opened here ({reason}): using the device code flow; \
                 open the URL below on any device."
            ));
            device = true;
            no_browser = true;
        }
    }
    let context = support::context(globals, &config, env)?;
    let cache = TokenCache::default_location();
    let token_path = cache.path(&target.start_url, target.session.as_deref());
    let dir = token_path.parent().map(std::path::Path::to_path_buf);
    if let Some(dir) = &dir {
        make_private_dir(dir)?;
    }
    let _lock = lock::acquire(&lock::path_for(&token_path), LOCK_TIMEOUT)?;
    if !args.flag("--force") {
        if let Some(expires_at) = still_logged_in(&context, &cache, &target) {
            return Ok(format!(
                "Still logged into Start URL: {} until {} (use --force to log in again).\n",
                target.start_url,
                crate::python::time::format_utc(expires_at)
            ));
        }
    }
    let client = oidc_client(globals, &config, env, &target, &context)?;
    let result = login(&client, &cache, &target, device, no_browser, env);
    client.close();
    let document = result?;
    cache.save(&target.start_url, target.session.as_deref(), &document)?;
    Ok(format!(
        "Successfully logged into Start URL: {}\n",
        target.start_url
    ))
}

/// The expiry of a token that needs no new login: more than 15 minutes left, or (sessions)
/// refreshed now as botocore would.
fn still_logged_in(context: &Context, cache: &TokenCache, target: &Target) -> Option<i64> {
    let token = cache
        .load(&target.start_url, target.session.as_deref())
        .ok()?;
    let now = support::now();
    if token.expires_at - now > REFRESH_WINDOW {
        return Some(token.expires_at);
    }
    let name = target.session.as_ref()?;
    let session = Session {
        name: name.clone(),
        start_url: target.start_url.clone(),
        region: target.region.clone(),
    };
    token::session_token(context, cache, &session, now).ok()?;
    let token = cache.load(&target.start_url, Some(name)).ok()?;
    (token.expires_at - support::now() > REFRESH_WINDOW).then_some(token.expires_at)
}

/// An SSO-OIDC client in the session's region: `--endpoint-url`, `AWS_ENDPOINT_URL_SSO_OIDC`
/// and the rest of the endpoint chain, `--ca-bundle`, `--no-verify-ssl` and the timeouts.
fn oidc_client(
    globals: &Globals,
    config: &SharedConfig,
    env: &dyn Environment,
    target: &Target,
    context: &Context,
) -> Result<Client> {
    let mut flags = globals.settings.clone();
    flags.region = Some(target.region.clone());
    let early = settings::resolve_early(&globals.settings)?;
    let connection = settings::resolve_connection(&flags, &early, config, env, &SSO_OIDC)?;
    connection.log(&context.log);
    if let Some(warning) = connection.insecure_warning() {
        warn(&warning);
    }
    Client::new(connection, context.log)
}

/// Either flow, to the token document to write.
fn login(
    client: &Client,
    cache: &TokenCache,
    target: &Target,
    device: bool,
    no_browser: bool,
    env: &dyn Environment,
) -> Result<Map> {
    if device {
        let registration = registration(client, cache, target, Flow::Device, None)?;
        let answer = device_flow(client, target, &registration, no_browser, env)?;
        token_document(target, &registration, &answer)
    } else {
        let listener = pkce::Listener::bind()?;
        let registration = registration(client, cache, target, Flow::Auth, None)?;
        let answer = pkce::flow(client, &registration, listener, no_browser, env)?;
        token_document(target, &registration, &answer)
    }
}

/// Which flow a registration is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flow {
    Device,
    Auth,
}

/// v2's `_registration_cache_key`: SHA-1 of `json.dumps` (sorted keys, default separators,
/// ASCII) of `tool`, `startUrl`, `region`, `scopes` (configured, or null), `session_name`.
pub(super) fn registration_key(
    start_url: &str,
    region: &str,
    scopes: Option<&[String]>,
    session: Option<&str>,
) -> String {
    let mut args = Map::new();
    args.insert("region".into(), Value::from(region));
    args.insert(
        "scopes".into(),
        scopes.map_or(Value::Null, |s| {
            Value::Array(s.iter().map(|x| Value::from(x.as_str())).collect())
        }),
    );
    args.insert(
        "session_name".into(),
        session.map_or(Value::Null, Value::from),
    );
    args.insert("startUrl".into(), Value::from(start_url));
    args.insert("tool".into(), Value::from("botocore"));
    cache_key(&json::to_compact_with(
        &Value::Object(args),
        Separators::Spaced,
    ))
}

/// The scopes to register with: configured ones, else `sso:account:access` for the PKCE flow
/// (v2) and for an sso-session's device flow (ours: a refreshable token); none for legacy.
fn wanted_scopes(target: &Target, flow: Flow) -> Vec<String> {
    match &target.scopes {
        Some(scopes) => scopes.clone(),
        None if flow == Flow::Auth || target.session.is_some() => vec![DEFAULT_SCOPE.to_owned()],
        None => Vec::new(),
    }
}

/// The cached registration when it fits (more than 15 minutes left, the flow's grant types, and
/// for our refreshable device flow some scopes), else a new one, cached.
fn registration(
    client: &Client,
    cache: &TokenCache,
    target: &Target,
    flow: Flow,
    now: Option<i64>,
) -> Result<Registration> {
    let key = registration_key(
        &target.start_url,
        &target.region,
        target.scopes.as_deref(),
        target.session.as_deref(),
    );
    let now = now.unwrap_or_else(support::now);
    let scopes = wanted_scopes(target, flow);
    if let Some(cached) = cached_registration(cache, &key, flow, now, !scopes.is_empty()) {
        return Ok(cached);
    }
    let mut input = Map::new();
    let name = match &target.session {
        Some(session) => format!("botocore-client-{session}"),
        None => format!("botocore-client-{now}"),
    };
    input.insert("clientName".into(), Value::from(name));
    input.insert("clientType".into(), Value::from("public"));
    let list = |items: &[&str]| Value::Array(items.iter().map(|s| Value::from(*s)).collect());
    if !scopes.is_empty() {
        let items: Vec<&str> = scopes.iter().map(String::as_str).collect();
        input.insert("scopes".into(), list(&items));
    }
    if flow == Flow::Auth {
        input.insert("grantTypes".into(), list(&AUTH_GRANTS));
        input.insert("redirectUris".into(), list(&[pkce::REDIRECT_URI]));
        input.insert("issuerUrl".into(), Value::from(target.start_url.as_str()));
    }
    let answer = client.call(&REGISTER_CLIENT, &input, None)?;
    let text = |key: &str| match answer.get(key) {
        Some(Value::String(text)) => Ok(text.clone()),
        _ => Err(Error::msg(format!(
            "The RegisterClient answer has no {key}"
        ))),
    };
    let expires = match answer.get("clientSecretExpiresAt") {
        Some(Value::Number(Number::Int(seconds))) => *seconds,
        _ => {
            return Err(Error::msg(
                "The RegisterClient answer has no clientSecretExpiresAt",
            ))
        }
    };
    let registration = Registration {
        client_id: text("clientId")?,
        client_secret: text("clientSecret")?,
        expires_at: crate::python::time::format_utc(expires),
        scopes,
    };
    let mut document = Map::new();
    document.insert(
        "clientId".into(),
        Value::from(registration.client_id.as_str()),
    );
    document.insert(
        "clientSecret".into(),
        Value::from(registration.client_secret.as_str()),
    );
    document.insert(
        "expiresAt".into(),
        Value::from(registration.expires_at.as_str()),
    );
    if !registration.scopes.is_empty() || flow == Flow::Auth {
        if let Some(scopes) = input.get("scopes") {
            document.insert("scopes".into(), scopes.clone());
        }
    }
    if flow == Flow::Auth {
        document.insert("grantTypes".into(), list(&AUTH_GRANTS));
    }
    cache.save_as(&key, &document)?;
    Ok(registration)
}

/// The registration file `key` when it can be reused for `flow`.
fn cached_registration(
    cache: &TokenCache,
    key: &str,
    flow: Flow,
    now: i64,
    need_scopes: bool,
) -> Option<Registration> {
    let path = cache.raw_path(key);
    let text = String::from_utf8(crate::python::io::read_file(&path).ok()?).ok()?;
    let Value::Object(document) = json::parse(&text).ok()? else {
        return None;
    };
    let text_of = |k: &str| match document.get(k) {
        Some(Value::String(t)) => Some(t.clone()),
        _ => None,
    };
    let expires_at = text_of("expiresAt")?;
    if parse_time(&Value::from(expires_at.as_str())).ok()? - now < REGISTRATION_WINDOW {
        return None;
    }
    let has_auth = matches!(document.get("grantTypes"), Some(Value::Array(grants))
        if grants.iter().any(|g| g == &Value::from("authorization_code")));
    if has_auth != (flow == Flow::Auth) {
        return None;
    }
    let scopes: Vec<String> = match document.get("scopes") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    if need_scopes && scopes.is_empty() {
        return None;
    }
    Some(Registration {
        client_id: text_of("clientId")?,
        client_secret: text_of("clientSecret")?,
        expires_at,
        scopes,
    })
}

/// The device code flow (v2's `SSOTokenFetcher`): one CreateToken at once, then the
/// instructions, then a poll every `interval` seconds (+5 per SlowDown) until the service gives
/// a token or says the request expired or was denied.
fn device_flow(
    client: &Client,
    target: &Target,
    registration: &Registration,
    no_browser: bool,
    env: &dyn Environment,
) -> Result<Map> {
    let input = string_map([
        ("clientId", registration.client_id.as_str()),
        ("clientSecret", registration.client_secret.as_str()),
        ("startUrl", target.start_url.as_str()),
    ]);
    let authorization = client.call(&START_DEVICE_AUTHORIZATION, &input, None)?;
    let text = |key: &str| match authorization.get(key) {
        Some(Value::String(text)) => text.clone(),
        _ => String::new(),
    };
    let mut interval = match authorization.get("interval") {
        Some(Value::Number(Number::Int(seconds))) if *seconds > 0 => *seconds as u64,
        _ => 5,
    };
    let device_code = text("deviceCode");
    let poll = string_map([
        ("grantType", "urn:ietf:params:oauth:grant-type:device_code"),
        ("clientId", registration.client_id.as_str()),
        ("clientSecret", registration.client_secret.as_str()),
        ("deviceCode", device_code.as_str()),
    ]);
    let mut shown = false;
    loop {
        match client.call(&CREATE_TOKEN, &poll, None) {
            Ok(answer) => return Ok(answer),
            Err(Error::Service { code, .. }) if code == "AuthorizationPendingException" => {}
            Err(Error::Service { code, .. }) if code == "SlowDownException" => interval += 5,
            Err(Error::Service { code, .. }) if code == "ExpiredTokenException" => {
                return Err(Error::msg(PENDING_EXPIRED))
            }
            Err(err) => return Err(err),
        }
        if !shown {
            shown = true;
            let (uri, code, complete) = (
                text("verificationUri"),
                text("userCode"),
                text("verificationUriComplete"),
            );
            if no_browser {
                say(&format!(
                    "Browser will not be automatically opened.\nPlease visit the following \
                     URL:\n\n{uri}\n"
                ));
                if !code.is_empty() {
                    say(&format!(
                        "\nThen enter the code:\n\n{code}\n\nAlternatively, you may visit the \
                         following URL which will autofill the code upon loading:\n{complete}\n"
                    ));
                }
            } else {
                say(&format!(
                    "Attempting to open your default browser.\nIf the browser does not open or \
                     you wish to use a different device to authorize this request, open the \
                     following URL:\n\n{uri}\n"
                ));
                if !code.is_empty() {
                    say(&format!("\nThen enter the code:\n\n{code}\n"));
                }
                browser::open(&complete, env);
            }
        }
        pkce::sleep(Duration::from_secs(interval))?;
    }
}

/// The token file's document, as v2 writes it.
fn token_document(target: &Target, registration: &Registration, answer: &Map) -> Result<Map> {
    let access_token = match answer.get("accessToken") {
        Some(value @ Value::String(_)) => value.clone(),
        _ => return Err(Error::msg("The CreateToken answer has no accessToken")),
    };
    let expires_in = match answer.get("expiresIn") {
        Some(Value::Number(Number::Int(seconds))) => *seconds,
        _ => return Err(Error::msg("The CreateToken answer has no expiresIn")),
    };
    let mut document = Map::new();
    document.insert("startUrl".into(), Value::from(target.start_url.as_str()));
    document.insert("region".into(), Value::from(target.region.as_str()));
    document.insert("accessToken".into(), access_token);
    document.insert(
        "expiresAt".into(),
        Value::from(crate::python::time::format_utc(support::now() + expires_in)),
    );
    document.insert(
        "clientId".into(),
        Value::from(registration.client_id.as_str()),
    );
    document.insert(
        "clientSecret".into(),
        Value::from(registration.client_secret.as_str()),
    );
    document.insert(
        "registrationExpiresAt".into(),
        Value::from(registration.expires_at.as_str()),
    );
    if let Some(refresh @ Value::String(_)) = answer.get("refreshToken") {
        document.insert("refreshToken".into(), refresh.clone());
    }
    Ok(document)
}

fn warn(line: &str) {
    let _ = std::io::stderr().write_all(format!("{line}\n").as_bytes());
}

/// The cache directory, created 0700 when missing.
fn make_private_dir(dir: &std::path::Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|err| {
        Error::msg(crate::python::io::os_error_text(
            &err,
            &dir.to_string_lossy(),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards: the registration file names of sso-login.md 2.
    #[test]
    fn registration_keys_as_v2() {
        assert_eq!(
            registration_key(
                "https://d-abc123.awsapps.com/start",
                "us-west-2",
                None,
                None
            ),
            "d75f79f67bab3f92a2b1450471c0c2574de0dca4"
        );
        assert_eq!(
            registration_key(
                "https://d-1234567890.awsapps.com/start",
                "us-east-1",
                Some(&["sso:account:access".to_owned()]),
                Some("my-sso")
            ),
            "a8343d65418848d0bc13a5f25cbb32508ceec5d1"
        );
    }
}
