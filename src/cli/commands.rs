//! ssooidc's own commands beside the service's operations (`login`, `token`, `logout`,
//! `export-credentials`, `completion`): their names, options and help as data. Each is parsed like an
//! operation (argparse rules, prefixes, unknown options) and run by the top-level `commands`
//! module.

use std::collections::HashMap;

use super::argparse::{ArgSpec, Nargs, Parsed, Parser};
use crate::error::{Error, Result};

/// `export-credentials --format` choices, as the AWS CLI v2 names them.
const FORMATS: &[&str] = &[
    "process",
    "env",
    "env-no-export",
    "powershell",
    "windows-cmd",
    "fish",
];

/// The shells `completion` writes a script for.
pub(crate) const SHELLS: &[&str] = &["bash", "zsh", "fish", "powershell"];

/// One of ssooidc's own commands.
#[derive(Debug)]
pub struct Command {
    /// The command name (`login`).
    pub name: &'static str,
    /// A short description for help text.
    pub summary: &'static str,
    /// Its options, with a line of help each.
    pub(crate) options: &'static [(ArgSpec, &'static str)],
}

/// Every command of ssooidc's own, in the order help lists them.
pub const COMMANDS: &[Command] = &[
    Command {
        name: "login",
        summary: "Log in to IAM Identity Center and cache a token that the AWS CLI v2 and the \
                  SDKs use.",
        options: &[
            (
                ArgSpec::one("--sso-session"),
                "The [sso-session] to log in to.",
            ),
            (
                ArgSpec::new("--use-device-code", Nargs::Zero),
                "Use the device code flow instead of PKCE.",
            ),
            (
                ArgSpec::new("--no-browser", Nargs::Zero),
                "Print the URL instead of opening a browser.",
            ),
            (
                ArgSpec::new("--force", Nargs::Zero),
                "Log in even when the cached token is still good.",
            ),
        ],
    },
    Command {
        name: "token",
        summary: "Print the session's cached access token, refreshed when it is about to expire.",
        options: &[(
            ArgSpec::one("--sso-session"),
            "The [sso-session] whose token to print.",
        )],
    },
    Command {
        name: "logout",
        summary: "Remove cached tokens and role credentials.",
        options: &[(
            ArgSpec::one("--sso-session"),
            "Log out of this [sso-session] only.",
        )],
    },
    Command {
        name: "export-credentials",
        summary: "Print the profile's credentials for other programs, as `aws configure \
                  export-credentials` does.",
        options: &[(
            ArgSpec::one("--format").choices(FORMATS),
            "process (the default), env, env-no-export, powershell, windows-cmd or fish.",
        )],
    },
    Command {
        name: "completion",
        summary: "Print a script that completes ssooidc's commands, options, profiles and regions \
                  in bash, zsh, fish or PowerShell.",
        options: &[(
            ArgSpec::one("shell").choices(SHELLS).required(true),
            "bash, zsh, fish or powershell. The README says where each script goes.",
        )],
    },
];

/// The command named `name`, if ssooidc has one.
pub fn find(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// A command's arguments, as typed.
#[derive(Debug)]
pub struct CommandArgs {
    /// The command.
    pub command: &'static Command,
    values: HashMap<&'static str, Parsed>,
}

impl CommandArgs {
    /// The value of option `name` (`--sso-session`), if given.
    pub fn value(&self, name: &str) -> Option<&str> {
        match self.values.get(name) {
            Some(Parsed::One(value)) => Some(value),
            _ => None,
        }
    }

    /// Whether switch `name` (`--force`) was given.
    pub fn flag(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }
}

/// Parses the words after a command's name.
pub(super) fn parse(command: &'static Command, args: &[String]) -> Result<CommandArgs> {
    let specs: Vec<ArgSpec> = command
        .options
        .iter()
        .map(|(spec, _)| spec.clone())
        .collect();
    let outcome = Parser::new(&specs)
        .parse_known(args)
        .map_err(|err| match err {
            super::argparse::ParseError::Usage(message) => Error::Usage(message),
            super::argparse::ParseError::Version => Error::Usage("unexpected --version".into()),
        })?;
    if !outcome.extras.is_empty() {
        return Err(Error::UnknownOptions(outcome.extras));
    }
    Ok(CommandArgs {
        command,
        values: outcome.values,
    })
}
