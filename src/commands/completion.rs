//! `ssooidc completion SHELL`: prints the shell's completion script. The scripts hold no
//! knowledge of the command line; they call `ssooidc __complete` back (`crate::cli::complete`).

use crate::cli::commands::CommandArgs;
use crate::cli::complete;

/// The script for the shell named on the command line (the parser has checked the name).
pub(super) fn run(args: &CommandArgs) -> String {
    complete::script(args.value("shell").unwrap_or_default()).to_owned()
}
