//! The AWS CLI v2's cache of SSO role credentials, `~/.aws/cli/cache/<sha1>.json`
//! (sso-login.md §1.8): what GetRoleCredentials gave for an account and role, kept until 15
//! minutes before it expires, so that a repeated `export-credentials` asks no server at all.
//!
//! * The file name is the SHA-1 of `json.dumps(args, sort_keys=True, separators=(',', ':'))`
//!   with `accountId`, `roleName` and `sessionName` (sso-session profiles) or `startUrl`
//!   (legacy), as botocore's `SSOCredentialFetcher._create_cache_key` makes it.
//! * The content is `json.dumps` of `{"ProviderType": "sso", "Credentials": {"AccessKeyId",
//!   "SecretAccessKey", "SessionToken", "Expiration" (`...Z`), "AccountId"}}`, one line, as
//!   `JSONFileCache` writes it: 0600, atomically (`cache::write_atomically`), the directory
//!   0700 when created.
//! * A file that is missing, unreadable, corrupt or about to expire counts as absent, and is
//!   replaced by the next fetch.
//! * A miss takes the entry's lock (`lock.rs`) and looks again before fetching, so concurrent
//!   runs with an empty or stale cache make one portal call: the others wait, then read what the
//!   first wrote.
//!
//! awscli v1 gives its SSO provider no such cache; `export-credentials` (a v2 command) does, and
//! the chain's SSO provider uses it only when its `Sources` name one.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::cache::{parse_time, write_atomically};
use super::lock;
use crate::debug::Log;
use crate::error::{Error, Result};
use crate::python::json::{self, Separators};
use crate::python::time::{format_utc, from_unix, to_unix};
use crate::python::value::{Map, Value};
use crate::secret::Secret;
use crate::service::signing::Credentials;

/// botocore's `DEFAULT_EXPIRY_WINDOW_SECONDS`: cached credentials with less left are fetched
/// anew.
pub const EXPIRY_WINDOW: i64 = 15 * 60;

/// How long a run waits for another that is fetching the same entry (a portal call with
/// retries and the default 60 s read timeout fits).
const LOCK_TIMEOUT: Duration = Duration::from_secs(150);

/// What names a role's credentials: the arguments of botocore's cache key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleKey<'a> {
    /// `sso_account_id`.
    pub account_id: &'a str,
    /// `sso_role_name`.
    pub role_name: &'a str,
    /// The sso-session's name (sso-session profiles).
    pub session_name: Option<&'a str>,
    /// `sso_start_url` (used in the key by legacy profiles only).
    pub start_url: &'a str,
}

impl RoleKey<'_> {
    /// The file name without `.json`: the hex SHA-1 of the compact, sorted JSON arguments.
    pub fn hash(&self) -> String {
        let mut args = Map::new();
        args.insert("accountId".into(), Value::from(self.account_id));
        args.insert("roleName".into(), Value::from(self.role_name));
        match self.session_name {
            Some(name) => args.insert("sessionName".into(), Value::from(name)),
            None => args.insert("startUrl".into(), Value::from(self.start_url)),
        };
        args.sort_keys();
        let text = json::to_compact_with(&Value::Object(args), Separators::Tight);
        super::cache::cache_key(&text)
    }
}

/// The role-credential cache in one directory.
#[derive(Debug, Clone)]
pub struct RoleCache {
    dir: PathBuf,
}

/// The AWS CLI's `os.path.join('~', '.aws', 'cli', 'cache')` (`assumerole.py`; v2's SSO
/// credential cache is the same folder), before `~` is expanded: the platform's separator.
pub(crate) const CLI_CACHE_DIR: &str = if cfg!(windows) {
    r"~\.aws\cli\cache"
} else {
    "~/.aws/cli/cache"
};

impl RoleCache {
    /// `~/.aws/cli/cache`, `~` expanded as Python's `os.path.expanduser` does.
    pub fn default_location() -> RoleCache {
        RoleCache::new(crate::python::paths::expand_user(CLI_CACHE_DIR))
    }

    /// The cache in `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> RoleCache {
        RoleCache { dir: dir.into() }
    }

    /// The file of the entry `key`.
    pub fn path(&self, key: &RoleKey) -> PathBuf {
        self.dir.join(format!("{}.json", key.hash()))
    }

    /// The entry's credentials when they have at least 15 minutes left; else `fetch`es them
    /// (holding the entry's lock, so that one concurrent run fetches) and writes them down.
    pub fn get_or_fetch(
        &self,
        key: &RoleKey,
        log: Log,
        fetch: impl FnOnce() -> Result<Credentials>,
    ) -> Result<Credentials> {
        let path = self.path(key);
        if let Some(credentials) = read(&path) {
            log.line(|| format!("sso: role credentials from the cache {}", path.display()));
            return Ok(credentials);
        }
        make_dir(&self.dir).map_err(|err| io_error(&err, &self.dir))?;
        let _lock = lock::acquire(&lock::path_for(&path), LOCK_TIMEOUT)?;
        if let Some(credentials) = read(&path) {
            log.line(|| {
                format!(
                    "sso: role credentials from the cache {}, written by another run",
                    path.display()
                )
            });
            return Ok(credentials);
        }
        let credentials = fetch()?;
        if let Some(expiry) = credentials.expiry {
            let document = document(&credentials, to_unix(expiry), key.account_id);
            write_atomically(&self.dir, &path, document.expose().as_bytes())
                .map_err(|err| io_error(&err, &path))?;
            log.line(|| format!("sso: role credentials cached in {}", path.display()));
        }
        Ok(credentials)
    }
}

/// The entry at `path` if it is readable and good for the expiry window.
fn read(path: &Path) -> Option<Credentials> {
    let bytes = std::fs::read(path).ok()?;
    let text = Secret::new(String::from_utf8(bytes).ok()?);
    let document = Secret::new(json::parse(text.expose()).ok()?);
    let credentials = document
        .expose()
        .as_object()?
        .get("Credentials")?
        .as_object()?;
    let text = |key: &str| credentials.get(key).and_then(Value::as_str);
    let expiry = parse_time(credentials.get("Expiration")?).ok()?;
    if expiry - to_unix(SystemTime::now()) < EXPIRY_WINDOW {
        return None;
    }
    Some(Credentials {
        access_key_id: text("AccessKeyId")?.to_owned(),
        secret_access_key: Secret::new(text("SecretAccessKey")?.to_owned()),
        session_token: text("SessionToken").map(|token| Secret::new(token.to_owned())),
        expiry: Some(from_unix(expiry)),
    })
}

/// The file's text: `json.dumps` of botocore's dict, in its key order.
fn document(credentials: &Credentials, expiry: i64, account_id: &str) -> Secret<String> {
    let mut inner = Map::new();
    inner.insert(
        "AccessKeyId".into(),
        Value::from(credentials.access_key_id.as_str()),
    );
    inner.insert(
        "SecretAccessKey".into(),
        Value::from(credentials.secret_access_key.expose().as_str()),
    );
    inner.insert(
        "SessionToken".into(),
        credentials
            .session_token
            .as_ref()
            .map_or(Value::Null, |token| Value::from(token.expose().as_str())),
    );
    inner.insert("Expiration".into(), Value::from(format_utc(expiry)));
    inner.insert("AccountId".into(), Value::from(account_id));
    let mut outer = Map::new();
    outer.insert("ProviderType".into(), Value::from("sso"));
    outer.insert("Credentials".into(), Value::Object(inner));
    Secret::new(json::to_compact_ascii(&Value::Object(outer)))
}

/// The cache directory, made `0700` when missing (the lock file lives there).
fn make_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn io_error(err: &std::io::Error, path: &Path) -> Error {
    Error::msg(crate::python::io::os_error_text(
        err,
        &path.to_string_lossy(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Dir(PathBuf);

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn dir(tag: &str) -> Dir {
        let path = std::env::temp_dir().join(format!(
            "ssooidc-role-cache-{tag}-{}-{}",
            std::process::id(),
            crate::service::random::next_u64()
        ));
        Dir(path)
    }

    fn issued(expiry: i64) -> Credentials {
        Credentials {
            access_key_id: "ASIA1".into(),
            secret_access_key: Secret::new("s\u{e9}cret".into()),
            session_token: Some(Secret::new("tok".into())),
            expiry: Some(from_unix(expiry)),
        }
    }

    const KEY: RoleKey = RoleKey {
        account_id: "123456789012",
        role_name: "Admin",
        session_name: Some("my-sso"),
        start_url: "https://d-1.awsapps.com/start",
    };

    // Guards: the file name of sso-login.md 1.8's example, and the legacy form with startUrl.
    #[test]
    fn keys_are_the_cli_v2s() {
        assert_eq!(KEY.hash(), "c30b99aca80d8f5b3178e353f05b2abcc9a4ccd3");
        let legacy = RoleKey {
            session_name: None,
            ..KEY
        };
        // python3 -c 'import json,hashlib; print(hashlib.sha1(json.dumps({"roleName": "Admin",
        //   "accountId": "123456789012", "startUrl": "https://d-1.awsapps.com/start"},
        //   sort_keys=True, separators=(",", ":")).encode()).hexdigest())'
        assert_eq!(
            legacy.hash(),
            super::super::cache::cache_key(
                r#"{"accountId":"123456789012","roleName":"Admin","startUrl":"https://d-1.awsapps.com/start"}"#
            )
        );
    }

    // Guards: a miss fetches and writes json.dumps bytes (0600, directory 0700); a hit does not
    // fetch; a corrupt or nearly expired entry is fetched anew and replaced.
    #[test]
    fn fetches_once_then_reads() {
        let dir = dir("once");
        let cache = RoleCache::new(dir.0.join("cli").join("cache"));
        let log = Log::new(false);
        let expiry = to_unix(SystemTime::now()) + 7200;
        let got = cache
            .get_or_fetch(&KEY, log, || Ok(issued(expiry)))
            .unwrap();
        assert_eq!(got, issued(expiry));
        let path = cache.path(&KEY);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            format!(
                "{{\"ProviderType\": \"sso\", \"Credentials\": {{\"AccessKeyId\": \"ASIA1\", \
                 \"SecretAccessKey\": \"s\\u00e9cret\", \"SessionToken\": \"tok\", \
                 \"Expiration\": \"{}\", \"AccountId\": \"123456789012\"}}}}",
                format_utc(expiry)
            )
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(&dir.0.join("cli").join("cache")), 0o700);
        }
        let again = cache
            .get_or_fetch(&KEY, log, || panic!("fetched although cached"))
            .unwrap();
        assert_eq!(again, issued(expiry));
        for stale in ["{\"ProviderType\": ", "[]", "{\"Credentials\": {}}"] {
            std::fs::write(&path, stale).unwrap();
            let fresh = cache
                .get_or_fetch(&KEY, log, || Ok(issued(expiry)))
                .unwrap();
            assert_eq!(fresh, issued(expiry));
            assert!(read(&path).is_some(), "{stale} replaced");
        }
        let soon = to_unix(SystemTime::now()) + EXPIRY_WINDOW - 5;
        std::fs::write(&path, document(&issued(soon), soon, "1").expose()).unwrap();
        assert!(read(&path).is_none());
    }
}
