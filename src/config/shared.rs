//! The selected profile of the shared config files, and the settings read from it.

use super::{load_session_config, ProfileNotFound, Section};
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
}

impl SharedConfig {
    /// Loads `AWS_CONFIG_FILE` (default `~/.aws/config`) and `AWS_SHARED_CREDENTIALS_FILE`
    /// (default `~/.aws/credentials`) and selects the profile: `--profile`, else
    /// `AWS_DEFAULT_PROFILE`, else `AWS_PROFILE`, else `default`. A named profile must exist.
    pub fn load(profile_flag: Option<&str>, env: &dyn Environment) -> Result<Self> {
        let profile = profile_flag
            .map(str::to_owned)
            .or_else(|| env.var("AWS_DEFAULT_PROFILE"))
            .or_else(|| env.var("AWS_PROFILE"));
        let config_path = env
            .var("AWS_CONFIG_FILE")
            .unwrap_or_else(|| "~/.aws/config".to_owned());
        let credentials_path = env
            .var("AWS_SHARED_CREDENTIALS_FILE")
            .unwrap_or_else(|| "~/.aws/credentials".to_owned());
        let profiles = load_session_config(&config_path, &credentials_path).map_err(|err| {
            // Policy P3: v1 dies with a traceback (exit 1); we say which file and line.
            Error::msg(format!("{err} ({})", err.error))
        })?;
        let scoped =
            profiles
                .scoped_config(profile.as_deref())
                .map_err(|ProfileNotFound(name)| {
                    Error::msg(format!("The config profile ({name}) could not be found"))
                })?;
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
        })
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
