//! The selected profile of the shared config files, and the settings read from it.

use super::{load_config, raw_config_parse, ConfigParseError, ProfileNotFound, Profiles, Section};
use crate::config::env::Environment;
use crate::debug::Log;
use crate::error::{Error, Result};

/// The shared configuration as one run sees it: the selected profile's keys, and the
/// `[services NAME]` section it refers to.
#[derive(Debug, Default)]
pub struct SharedConfig {
    scoped: Section,
    services: Option<Section>,
    config_path: String,
    credentials_path: String,
    profile: Option<String>,
    /// Every profile, the credentials file's sections merged in (botocore's `full_config`).
    profiles: Profiles,
    /// The config file's profiles alone (for the profiles a role chain names).
    config_profiles: Profiles,
    /// The credentials file's sections alone.
    credentials_sections: Vec<(String, Section)>,
}

/// The paths of the config and credentials files, unexpanded, as botocore picks them:
/// `AWS_CONFIG_FILE` (default `~/.aws/config`) and `AWS_SHARED_CREDENTIALS_FILE` (default
/// `~/.aws/credentials`).
pub fn file_paths(env: &dyn Environment) -> (String, String) {
    let config = env
        .var("AWS_CONFIG_FILE")
        .unwrap_or_else(|| "~/.aws/config".to_owned());
    let credentials = env
        .var("AWS_SHARED_CREDENTIALS_FILE")
        .unwrap_or_else(|| "~/.aws/credentials".to_owned());
    (config, credentials)
}

impl SharedConfig {
    /// Loads `AWS_CONFIG_FILE` (default `~/.aws/config`) and `AWS_SHARED_CREDENTIALS_FILE`
    /// (default `~/.aws/credentials`) and selects the profile: `--profile`, else
    /// `AWS_DEFAULT_PROFILE`, else `AWS_PROFILE`, else `default`. A named profile must exist.
    pub fn load(profile_flag: Option<&str>, env: &dyn Environment) -> Result<Self> {
        let profile = Self::selected_profile(profile_flag, env);
        let (config_path, credentials_path) = file_paths(env);
        // Policy P3: v1 dies with a traceback (exit 1); we say which file and line.
        let unparsable = |err: ConfigParseError| Error::msg(format!("{err} ({})", err.error));
        let mut profiles = load_config(&config_path)
            .map_err(unparsable)?
            .unwrap_or_default();
        let credentials = raw_config_parse(&credentials_path).map_err(unparsable)?;
        let config_profiles = profiles.clone();
        let credentials_sections = credentials
            .as_ref()
            .map(|file| {
                file.sections()
                    .map(|(n, section)| (n.clone(), section.clone()))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(credentials) = credentials {
            profiles.merge_credentials(credentials);
        }
        let scoped = profiles
            .scoped_config(profile.as_deref())
            .map_err(|err: ProfileNotFound| Error::msg(err.to_string()))?;
        let services = scoped
            .scalar("services")
            .and_then(|name| profiles.services_section(name))
            .cloned();
        Ok(Self {
            scoped,
            services,
            config_path,
            credentials_path,
            profile,
            profiles,
            config_profiles,
            credentials_sections,
        })
    }

    /// The profile a run selects, before any file is read: `--profile`, else
    /// `AWS_DEFAULT_PROFILE`, else `AWS_PROFILE` (`None`: `default`).
    pub fn selected_profile(profile_flag: Option<&str>, env: &dyn Environment) -> Option<String> {
        profile_flag
            .map(str::to_owned)
            .or_else(|| env.var("AWS_DEFAULT_PROFILE"))
            .or_else(|| env.var("AWS_PROFILE"))
    }

    /// Profile `name`'s section in the config file alone.
    pub fn config_file_section_of(&self, name: &str) -> Option<&Section> {
        self.config_profiles.profile(name)
    }

    /// The `[name]` section of the credentials file alone.
    pub fn credentials_file_section_of(&self, name: &str) -> Option<&Section> {
        self.credentials_sections
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, section)| section)
    }

    /// The selected profile's name (`default` when none was chosen).
    pub fn profile_name(&self) -> &str {
        self.profile.as_deref().unwrap_or("default")
    }

    /// Every profile, with the credentials file merged in (botocore's `full_config`).
    pub fn profiles(&self) -> &Profiles {
        &self.profiles
    }

    /// A scalar key of the selected profile.
    pub fn get(&self, key: &str) -> Option<String> {
        self.scoped.scalar(key).map(str::to_owned)
    }

    /// `endpoint_url` under `service =` in the profile's `[services NAME]` section.
    pub fn service_endpoint(&self, service: &str) -> Option<String> {
        self.services
            .as_ref()?
            .nested(service)?
            .get("endpoint_url")
            .cloned()
    }

    /// Writes where the configuration came from to the debug log (never values that may be
    /// secret).
    pub fn log_sources(&self, log: &Log) {
        log.line(|| {
            format!(
                "config file: {}, credentials file: {}, profile: {}",
                self.config_path,
                self.credentials_path,
                self.profile.as_deref().unwrap_or("default")
            )
        });
        log.line(|| {
            let keys: Vec<&str> = self.scoped.iter().map(|(k, _)| k.as_str()).collect();
            format!("profile keys: {}", keys.join(", "))
        });
    }
}
