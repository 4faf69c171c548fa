//! File-system side of botocore's config loading: path expansion
//! (`os.path.expandvars` + `expanduser`), `raw_config_parse`, `load_config`,
//! `multi_file_load_config` and `Session.full_config`.

use super::ini::{ConfigFile, IniError};
use super::profiles::Profiles;
use std::fmt;

/// botocore's `ConfigParseError`; `Display` is botocore's text, `error` the detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigParseError {
    /// The expanded path, as botocore prints it.
    pub path: String,
    /// What was wrong and on which line.
    pub error: IniError,
}

impl fmt::Display for ConfigParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Unable to parse config file: {}", self.path)
    }
}

impl std::error::Error for ConfigParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// `raw_config_parse(path)`: `Ok(None)` is botocore's `ConfigNotFound` (the expanded
/// path is not a regular file after following symlinks: missing, a directory, ...).
/// A file that exists but cannot be opened (permissions) parses as empty, because
/// `RawConfigParser.read` silently skips files raising `OSError`.
pub fn raw_config_parse(path: &str) -> Result<Option<ConfigFile>, ConfigParseError> {
    let path = crate::python::paths::expanduser_expandvars(path);
    if !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
        return Ok(None);
    }
    match std::fs::read(&path) {
        Err(_) => Ok(Some(ConfigFile::default())),
        Ok(bytes) => ConfigFile::parse_bytes(&bytes)
            .map(Some)
            .map_err(|error| ConfigParseError { path, error }),
    }
}

/// `load_config(path)`: `raw_config_parse` + `build_profile_map`; `Ok(None)` when
/// the file is not found.
pub fn load_config(path: &str) -> Result<Option<Profiles>, ConfigParseError> {
    Ok(raw_config_parse(path)?.map(Profiles::from_config))
}

/// `Session.full_config`: the config file (`[profile X]`, empty when not found)
/// merged with the credentials file (`[X]`, skipped when not found). A parse error
/// in either file is fatal, as in botocore.
pub fn load_session_config(
    config_path: &str,
    credentials_path: &str,
) -> Result<Profiles, ConfigParseError> {
    let mut profiles = load_config(config_path)?.unwrap_or_default();
    if let Some(credentials) = raw_config_parse(credentials_path)? {
        profiles.merge_credentials(credentials);
    }
    Ok(profiles)
}
