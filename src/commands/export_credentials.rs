//! `ssooidc export-credentials`: SCAFFOLD, to be written on its branch (never merged as it is).

use crate::cli::commands::CommandArgs;
use crate::cli::Globals;
use crate::config::env::Environment;
use crate::error::{Error, Result};

/// Runs the command.
pub(super) fn run(
    _args: &CommandArgs,
    _globals: &Globals,
    _env: &dyn Environment,
) -> Result<String> {
    Err(Error::msg(
        "SCAFFOLD: export-credentials is not written yet",
    ))
}
