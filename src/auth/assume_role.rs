//! botocore's `AssumeRoleProvider`: a profile with `role_arn` (and no `web_identity_token_file`)
//! assumes the role with STS `AssumeRole`, signed with the credentials of its `source_profile`
//! (static keys, that profile's providers, or another role: a chain) or of its
//! `credential_source`, with `external_id`, `role_session_name`, `duration_seconds` and
//! `mfa_serial`.
//!
//! The whole chain of profiles is checked first, in botocore's order and words, before any call;
//! then the outermost role is looked up in the CLI's cache and STS is called only on a miss,
//! the inner roles only when their credentials are needed to sign (as botocore's deferred
//! credentials do).

use super::sts::{checked, RoleRequest};
use super::Sources;
use crate::config::Section;
use crate::error::{Error, Result};
use crate::python::value::{Number, Value};
use crate::service::signing::Credentials;
use crate::service::sts::{Action, Param};

/// botocore's name for this provider.
pub(super) const NAME: &str = "assume-role";

/// The `credential_source` values botocore accepts (`CanonicalNameCredentialSourcer` over the
/// environment, container and instance-metadata providers; compared exactly).
/// Credentials of the assumed role, when the profile has `role_arn`.
pub(super) fn load(sources: &Sources) -> Result<Option<Credentials>> {
    let name = sources.profile();
    if !sources.section().is_some_and(has_role) {
        return Ok(None);
    }
    let mut visited = vec![name.to_owned()];
    let hop = plan(sources, name, &mut visited)?;
    hop.credentials(sources).map(Some)
}

/// `_has_assume_role_config_vars`.
fn has_role(profile: &Section) -> bool {
    profile.get("role_arn").is_some() && profile.get("web_identity_token_file").is_none()
}

/// `_has_static_credentials`.
fn has_static(profile: &Section) -> bool {
    profile.get("aws_secret_access_key").is_some() || profile.get("aws_access_key_id").is_some()
}

/// One role to assume: the request, the MFA device, and where the signing credentials come
/// from.
struct Hop {
    request: RoleRequest,
    mfa_serial: Option<String>,
    source: Source,
}

/// The credentials that sign a hop's request.
enum Source {
    /// Found already (static keys, a profile provider, the credential source).
    Ready(Credentials),
    /// Another role's credentials.
    Role(Box<Hop>),
}

impl Hop {
    /// The hop's credentials, from the cache or STS.
    fn credentials(&self, sources: &Sources) -> Result<Credentials> {
        let source = || match &self.source {
            Source::Ready(credentials) => Ok(credentials.clone()),
            Source::Role(inner) => inner.credentials(sources),
        };
        let secrets = || match &self.mfa_serial {
            None => Ok(Vec::new()),
            Some(serial) => Ok(vec![("TokenCode", Param::Text(mfa_code(serial)?))]),
        };
        checked(self.request.fetch(sources, Some(&source), &secrets)?)
    }
}

/// `InvalidConfigError` and friends: botocore's message.
fn invalid(message: String) -> Error {
    Error::msg(message)
}

/// `_get_role_config` and `_resolve_source_credentials` for profile `name`, recursively.
fn plan(sources: &Sources, name: &str, visited: &mut Vec<String>) -> Result<Hop> {
    let profiles = sources.config.profiles();
    let Some(profile) = profiles.profile(name) else {
        return Err(invalid(format!(
            "The config profile ({name}) could not be found"
        )));
    };
    let key = |key: &str| profile.scalar(key).map(str::to_owned);
    let source_profile = key("source_profile");
    let credential_source = key("credential_source");
    match (&source_profile, &credential_source) {
        (Some(_), Some(_)) => {
            return Err(invalid(format!(
                "The profile \"{name}\" contains both source_profile and credential_source."
            )))
        }
        (None, None) => {
            return Err(invalid(format!(
                "Partial credentials found in {NAME}, missing: source_profile or \
                 credential_source"
            )))
        }
        (None, Some(source)) => {
            if !super::is_canonical_name(source) {
                return Err(invalid(format!(
                    "The credential source \"{source}\" referenced in profile \"{name}\" is not \
                     valid."
                )));
            }
        }
        (Some(source), None) => validate_source_profile(sources, name, source, visited)?,
    }
    let mut extras = Vec::new();
    if let Some(session) = key("role_session_name") {
        extras.push(("RoleSessionName", Param::Text(session)));
    }
    if let Some(external_id) = key("external_id") {
        extras.push(("ExternalId", Param::Text(external_id)));
    }
    let mfa_serial = key("mfa_serial");
    if let Some(serial) = &mfa_serial {
        extras.push(("SerialNumber", Param::Text(serial.clone())));
    }
    // `int(duration_seconds)`; a value Python cannot read as an integer is left out.
    if let Some(Number::Int(seconds)) = key("duration_seconds")
        .as_deref()
        .and_then(crate::python::int::int_of_str)
    {
        extras.push(("DurationSeconds", Param::Int(seconds)));
    }
    let request = RoleRequest::new(
        Action::AssumeRole,
        extras,
        key("role_arn").unwrap_or_default(),
    );
    let source = match (credential_source, source_profile) {
        (Some(source), _) => Source::Ready(source_credentials(sources, &source, name)?),
        (None, Some(source)) => {
            visited.push(source.clone());
            let section = profiles.profile(&source).cloned().unwrap_or_default();
            if has_static(&section) || !has_role(&section) {
                match super::resolve_profile(&sources.for_profile(&source))? {
                    Some(credentials) => Source::Ready(credentials),
                    None => {
                        return Err(invalid(format!(
                            "The source profile \"{source}\" must have credentials."
                        )))
                    }
                }
            } else {
                Source::Role(Box::new(plan(sources, &source, visited)?))
            }
        }
        (None, None) => unreachable_source(),
    };
    Ok(Hop {
        request,
        mfa_serial,
        source,
    })
}

/// Checked above: a profile here has a source.
fn unreachable_source() -> Source {
    Source::Ready(Credentials {
        access_key_id: String::new(),
        secret_access_key: crate::secret::Secret::new(String::new()),
        session_token: None,
        expiry: None,
    })
}

/// `_validate_source_profile`: the profile exists, and naming it again is a loop unless a
/// profile names itself and has static keys.
fn validate_source_profile(
    sources: &Sources,
    parent: &str,
    source: &str,
    visited: &[String],
) -> Result<()> {
    let Some(section) = sources.config.profiles().profile(source) else {
        return Err(invalid(format!(
            "The source_profile \"{source}\" referenced in the profile \"{parent}\" does not \
             exist."
        )));
    };
    if !visited.iter().any(|v| v == source) {
        return Ok(());
    }
    if source != parent || !has_static(section) {
        let shown = crate::python::json::repr(&Value::Array(
            visited.iter().map(|v| Value::String(v.clone())).collect(),
        ));
        return Err(invalid(format!(
            "Infinite loop in credential configuration detected. Attempting to load from \
             profile {source} which has already been visited. Visited profiles: {shown}"
        )));
    }
    Ok(())
}

/// `_resolve_credentials_from_source`: the chain's provider of that canonical name.
fn source_credentials(sources: &Sources, source: &str, profile: &str) -> Result<Credentials> {
    // Validation accepted only the chain's canonical names, so the look-up finds one.
    let Some(load) = super::by_canonical_name(source) else {
        return Err(Error::msg(format!(
            "The credential source \"{source}\" referenced in profile \"{profile}\" is not \
             valid."
        )));
    };
    load(sources)?.ok_or_else(|| {
        Error::msg(format!(
            "Error when retrieving credentials from {source}: No credentials found in \
             credential_source referenced in profile {profile}"
        ))
    })
}

/// The MFA code for `serial`, asked for on the terminal as botocore's `getpass` asks:
/// `Enter MFA code for SERIAL: `, the typing not echoed.
fn mfa_code(serial: &str) -> Result<String> {
    let prompt = format!("Enter MFA code for {serial}: ");
    read_from_terminal(&prompt).map_err(|err| {
        Error::msg(format!(
            "Unable to ask for the MFA code of {serial}: no terminal to prompt on (/dev/tty: \
             {})",
            crate::python::io::errno_text(&err)
        ))
    })
}

/// Writes `prompt` on `/dev/tty` and reads one line there with echo off.
#[cfg(unix)]
fn read_from_terminal(prompt: &str) -> std::io::Result<String> {
    use std::io::{BufRead, BufReader, Write};
    use std::os::unix::io::AsRawFd;
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")?;
    (&tty).write_all(prompt.as_bytes())?;
    let fd = tty.as_raw_fd();
    // SAFETY: `termios` is plain data; tcgetattr fills it for an open descriptor.
    let mut term: libc::termios = unsafe { std::mem::zeroed() };
    let saved = if unsafe { libc::tcgetattr(fd, &mut term) } == 0 {
        let original = term;
        term.c_lflag &= !libc::ECHO;
        // SAFETY: `fd` is open and `term` came from tcgetattr.
        unsafe { libc::tcsetattr(fd, libc::TCSAFLUSH, &term) };
        Some(original)
    } else {
        None
    };
    let mut line = String::new();
    let read = BufReader::new(&tty).read_line(&mut line);
    if let Some(original) = saved {
        // SAFETY: as above; the terminal's settings are put back.
        unsafe { libc::tcsetattr(fd, libc::TCSAFLUSH, &original) };
    }
    (&tty).write_all(b"\n")?;
    read?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// No terminal to prompt on outside Unix.
#[cfg(not(unix))]
fn read_from_terminal(_prompt: &str) -> std::io::Result<String> {
    Err(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "no /dev/tty on this platform",
    ))
}
