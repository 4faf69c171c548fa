//! Shared AWS config / credentials files, parsed the way botocore does.

pub mod endpoint;
pub mod env;
pub mod ini;
pub mod loader;
pub mod profiles;

pub use ini::{ConfigFile, ConfigValue, IniError, IniErrorKind, Section};
pub use loader::{load_config, load_session_config, raw_config_parse, ConfigParseError};
pub use profiles::{ProfileNotFound, Profiles};
pub mod settings;
pub mod shared;

pub use shared::SharedConfig;
