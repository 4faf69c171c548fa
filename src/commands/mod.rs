//! ssooidc's own commands, run: `login`, `token`, `logout`, `export-credentials` and
//! `completion`. Each is one file; they share the token and registration caches (`crate::sso`)
//! and the credential chain (`crate::auth`). What they print goes back to `lib.rs` as text, as an
//! operation's output does.

mod browser;
mod completion;
mod export_credentials;
mod login;
mod logout;
mod pkce;
mod support;
mod token;

use crate::cli::commands::CommandArgs;
use crate::cli::Globals;
use crate::config::env::Environment;
use crate::error::Result;

/// Runs the command `args` names and returns what goes to stdout.
pub fn run(args: &CommandArgs, globals: &Globals, env: &dyn Environment) -> Result<String> {
    match args.command.name {
        "login" => login::run(args, globals, env),
        "token" => token::run(args, globals, env),
        "logout" => logout::run(args, globals, env),
        "completion" => Ok(completion::run(args)),
        _ => export_credentials::run(args, globals, env),
    }
}
