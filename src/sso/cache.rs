//! The SSO token cache, `~/.aws/sso/cache/<sha1>.json`, read as botocore's `SSOTokenLoader` and
//! `JSONFileCache` read it and written as its `SSOTokenProvider` writes a refreshed token back.
//!
//! * The file name is the lower-case hex SHA-1 of the session name (sso-session profiles) or of
//!   the start URL exactly as configured (legacy profiles), plus `.json`.
//! * A token is a JSON object with at least `accessToken` and `expiresAt`; other keys
//!   (`startUrl`, `region`, `clientId`, `clientSecret`, `registrationExpiresAt`, `refreshToken`)
//!   are kept as read.
//! * Writing is `json.dumps` (one line, `", "` and `": "`, non-ASCII escaped, no newline at the
//!   end) into a temporary file of the same directory, created `0600`, flushed to disk, then
//!   renamed over the target; the directory is created `0700` when missing.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::python::json;
use crate::python::value::{Map, Value};
use crate::secret::Secret;

/// A cached token: the access token, its expiry, and the whole document (which holds the
/// client secret and the refresh token, so it never prints).
#[derive(Debug, Clone)]
pub struct CachedToken {
    /// `accessToken`.
    pub access_token: Secret<String>,
    /// `expiresAt`, in seconds since the epoch.
    pub expires_at: i64,
    /// Every key of the file, in the file's order.
    pub document: Secret<Map>,
}

impl CachedToken {
    /// The string value of `key` in the document, if it is one.
    pub fn text(&self, key: &str) -> Option<&str> {
        match self.document.expose().get(key) {
            Some(Value::String(text)) => Some(text),
            _ => None,
        }
    }
}

/// The token cache in one directory.
#[derive(Debug, Clone)]
pub struct TokenCache {
    dir: PathBuf,
}

/// botocore's `os.path.join("~", ".aws", "sso", "cache")` (`tokens.py`), before `~` is expanded:
/// the platform's separator, so that messages name the files as botocore names them.
pub(crate) const TOKEN_CACHE_DIR: &str = if cfg!(windows) {
    r"~\.aws\sso\cache"
} else {
    "~/.aws/sso/cache"
};

impl TokenCache {
    /// `~/.aws/sso/cache`, `~` expanded as Python's `os.path.expanduser` does.
    pub fn default_location() -> TokenCache {
        TokenCache::new(crate::python::paths::expand_user(TOKEN_CACHE_DIR))
    }

    /// The cache in `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> TokenCache {
        TokenCache { dir: dir.into() }
    }

    /// The file of the token for `start_url`, or for `session` when given.
    pub fn path(&self, start_url: &str, session: Option<&str>) -> PathBuf {
        self.dir
            .join(format!("{}.json", cache_key(session.unwrap_or(start_url))))
    }

    /// `SSOTokenLoader(start_url, session_name)`: the token, or botocore's error for a missing
    /// file (`Token for NAME does not exist`) and for one without `accessToken` or `expiresAt`
    /// (`Token for START_URL is invalid`, the start URL even for sessions).
    pub fn load(&self, start_url: &str, session: Option<&str>) -> Result<CachedToken> {
        let name = session.unwrap_or(start_url);
        let path = self.path(start_url, session);
        if !path.is_file() {
            return Err(load_error(format!("Token for {name} does not exist")));
        }
        // Policy P3: botocore turns an unreadable or corrupt file into a bare `KeyError` and v1
        // prints the cache key in quotes (`'0c54b6c2...'`); we say which file and why.
        let unusable = |reason: String| {
            load_error(format!(
                "Token for {name} is unusable: {}: {reason}",
                path.display()
            ))
        };
        let bytes = crate::python::io::read_file(&path)
            .map_err(|err| unusable(crate::python::io::errno_text(&err)))?;
        let text = String::from_utf8(bytes).map_err(|_| unusable("not UTF-8 text".to_owned()))?;
        let document = json::parse(&text).map_err(|err| unusable(err.to_string()))?;
        let invalid = || load_error(format!("Token for {start_url} is invalid"));
        let Value::Object(document) = document else {
            return Err(invalid());
        };
        let (Some(access_token), Some(expires_at)) =
            (document.get("accessToken"), document.get("expiresAt"))
        else {
            return Err(invalid());
        };
        // Policy P3: botocore fails later with a Python type error on such values.
        let Value::String(access_token) = access_token else {
            return Err(unusable("accessToken is not a string".to_owned()));
        };
        let expires_at = parse_time(expires_at)?;
        Ok(CachedToken {
            access_token: Secret::new(access_token.clone()),
            expires_at,
            document: Secret::new(document),
        })
    }

    /// The file `<key>.json` of the cache (a client registration's, whose key is already a hash).
    pub fn raw_path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    /// Writes `document` to `<key>.json` as [`TokenCache::save`] writes a token.
    pub fn save_as(&self, key: &str, document: &Map) -> Result<()> {
        let path = self.raw_path(key);
        let text = json::to_compact_ascii(&Value::Object(document.clone()));
        write_atomically(&self.dir, &path, text.as_bytes()).map_err(|err| {
            Error::msg(crate::python::io::os_error_text(
                &err,
                &path.to_string_lossy(),
            ))
        })
    }

    /// `SSOTokenLoader.save_token`: writes `document` for `start_url` (or `session`) atomically,
    /// as `JSONFileCache.__setitem__` does.
    pub fn save(&self, start_url: &str, session: Option<&str>, document: &Map) -> Result<()> {
        let path = self.path(start_url, session);
        let text = json::to_compact_ascii(&Value::Object(document.clone()));
        write_atomically(&self.dir, &path, text.as_bytes()).map_err(|err| {
            Error::msg(crate::python::io::os_error_text(
                &err,
                &path.to_string_lossy(),
            ))
        })
    }
}

/// `SSOTokenLoadError`'s text.
fn load_error(message: String) -> Error {
    Error::msg(format!("Error loading SSO Token: {message}"))
}

/// The lower-case hex SHA-1 of `name`'s UTF-8 bytes: the cache file's name without `.json`.
pub fn cache_key(name: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, name.as_bytes());
    digest
        .as_ref()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A cache timestamp (`expiresAt`, `registrationExpiresAt`) in seconds since the epoch, as far as
/// `dateutil.parser.parse` reads what the CLIs and SDKs write: ISO 8601 with `Z`, an offset, a
/// fraction, or the old CLI's `UTC` suffix (`2020-12-18T20:00:00UTC`). Anything else is
/// dateutil's `Unknown string format: TEXT`.
pub fn parse_time(value: &Value) -> Result<i64> {
    let text = match value {
        Value::String(text) => text.as_str(),
        // Policy P3: dateutil raises a TypeError naming Python's types.
        other => {
            return Err(Error::msg(format!(
                "Parser must be a string or character stream, not {}",
                json::python_type_name(other)
                    .trim_start_matches("<class '")
                    .trim_end_matches("'>")
            )))
        }
    };
    let trimmed = text.trim();
    let zoned = ["UTC", "GMT"]
        .iter()
        .find_map(|zone| trimmed.strip_suffix(zone))
        .map_or_else(|| trimmed.to_owned(), |clock| format!("{clock}Z"));
    crate::python::time::parse_iso8601(&zoned)
        .ok_or_else(|| Error::msg(format!("Unknown string format: {text}")))
}

/// `JSONFileCache.__setitem__`: the directory made if missing (`0700` here: it holds secrets),
/// a temporary file beside the target (`0600`), written, flushed to disk, renamed over it.
pub(crate) fn write_atomically(dir: &Path, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if !dir.is_dir() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
    }
    let (temp, mut file) = create_temp(dir)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.flush())
        .and_then(|()| file.sync_all());
    drop(file);
    let result = written.and_then(|()| std::fs::rename(&temp, target));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// A new file `tmpXXXXXXXX.tmp` in `dir`, created exclusively with mode `0600` (as
/// `tempfile.mkstemp(dir=..., suffix='.tmp')`).
fn create_temp(dir: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut last = None;
    for _ in 0..16 {
        let name = format!(
            "tmp{}.tmp",
            &crate::service::random::uuid_v4().replace('-', "")[..12]
        );
        let path = dir.join(name);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => last = Some(err),
            Err(err) => return Err(err),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no temporary file name was free")))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Dir(PathBuf);

    impl Dir {
        fn new(tag: &str) -> Dir {
            let path = std::env::temp_dir()
                .join(format!("ssooidc-sso-cache-{tag}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&path);
            Dir(path)
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    // Guards: the file names of sso-login.md 1.1 (SHA-1 of the session name or of the start URL
    // exactly as configured).
    #[test]
    fn cache_keys_are_sha1_hex() {
        assert_eq!(
            cache_key("my-sso"),
            "0ad374308c5a4e22f723adf10145eafad7c4031c"
        );
        assert_eq!(
            cache_key("https://d-abc123.awsapps.com/start"),
            "40a89917e3175433e361b710a9d43528d7f1890a"
        );
        let cache = TokenCache::new("/c");
        assert_eq!(
            cache.path("https://x", Some("my-sso")),
            Path::new("/c/0ad374308c5a4e22f723adf10145eafad7c4031c.json")
        );
    }

    #[test]
    fn timestamps_as_dateutil_reads_them() {
        let at = |text: &str| parse_time(&Value::from(text)).ok();
        assert_eq!(at("2026-12-01T05:00:00Z"), Some(1_796_101_200));
        assert_eq!(at("2026-12-01T05:00:00UTC"), Some(1_796_101_200));
        assert_eq!(at("2026-12-01T06:00:00.123+01:00"), Some(1_796_101_200));
        assert_eq!(
            parse_time(&Value::from("soon")).unwrap_err().to_string(),
            "Unknown string format: soon"
        );
        assert!(parse_time(&Value::from(1)).is_err());
    }

    // Guards: botocore's load errors, and one line of ours (naming the file, never its content)
    // for a corrupt file.
    #[test]
    fn load_errors() {
        let dir = Dir::new("load");
        let cache = TokenCache::new(&dir.0);
        let err = |session: Option<&str>| cache.load("https://u", session).unwrap_err().to_string();
        assert_eq!(
            err(None),
            "Error loading SSO Token: Token for https://u does not exist"
        );
        assert_eq!(
            err(Some("s")),
            "Error loading SSO Token: Token for s does not exist"
        );
        std::fs::create_dir_all(&dir.0).unwrap();
        let write = |text: &str| std::fs::write(cache.path("https://u", Some("s")), text).unwrap();
        write(r#"{"accessToken": "SECRET-x"}"#);
        assert_eq!(
            err(Some("s")),
            "Error loading SSO Token: Token for https://u is invalid"
        );
        write("{\"accessToken\": \"SECRET-x\", ");
        let corrupt = err(Some("s"));
        assert!(
            corrupt.starts_with("Error loading SSO Token: Token for s is unusable: ")
                && !corrupt.contains("SECRET")
                && !corrupt.contains('\n'),
            "{corrupt}"
        );
        write(r#"{"accessToken": "a", "expiresAt": "2026-12-01T05:00:00Z", "x": 1}"#);
        let token = cache.load("https://u", Some("s")).unwrap();
        assert_eq!(token.access_token.expose(), "a");
        assert_eq!(token.expires_at, 1_796_101_200);
        assert!(!format!("{token:?}").contains("\"a\""));
    }

    // Guards: json.dumps bytes, 0600 file in a 0700 directory made on demand, no temporary file
    // left behind.
    #[test]
    fn save_writes_json_dumps_atomically() {
        let dir = Dir::new("save");
        let cache = TokenCache::new(dir.0.join("sso").join("cache"));
        let mut document = Map::new();
        document.insert("startUrl".into(), Value::from("https://u"));
        document.insert("accessToken".into(), Value::from("t\u{e9}"));
        cache.save("https://u", None, &document).unwrap();
        let path = cache.path("https://u", None);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            r#"{"startUrl": "https://u", "accessToken": "t\u00e9"}"#
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(&dir.0.join("sso").join("cache")), 0o700);
        }
        let files = std::fs::read_dir(dir.0.join("sso").join("cache"))
            .unwrap()
            .count();
        assert_eq!(files, 1);
    }
}
