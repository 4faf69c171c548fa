//! Shell completion: the candidates for the word being typed, worked out in the binary from the
//! tables the parser itself reads (global options, the model's operations, ssooidc's own
//! commands), so the scripts of `ssooidc completion SHELL` can never drift from the command line.
//!
//! The protocol between a script and the binary: the script runs `ssooidc __complete INDEX
//! WORDS...`, WORDS being the command line from the program name on and INDEX the position of
//! the word under the cursor (past the end: a new, empty word). The answer is one candidate per
//! line, or the single line [`FILES`] when the word is a file name, which the shell completes
//! better than we can. Any trouble gives an empty answer: a completion never prints an error
//! into the user's terminal.

mod candidates;

use crate::config::env::Environment;
use crate::config::{load_config, raw_config_parse, shared};
use candidates::{Completion, Line};

/// The line that asks the shell for its own file-name completion. It cannot be a candidate:
/// candidates that would read the same are dropped.
pub(crate) const FILES: &str = ":files";

const BASH: &str = include_str!("ssooidc.bash");
const ZSH: &str = include_str!("ssooidc.zsh");
const FISH: &str = include_str!("ssooidc.fish");
const POWERSHELL: &str = include_str!("ssooidc.ps1");

/// The completion script for `shell` (one of `commands::SHELLS`; anything else gives bash's).
pub fn script(shell: &str) -> &'static str {
    match shell {
        "zsh" => ZSH,
        "fish" => FISH,
        "powershell" => POWERSHELL,
        _ => BASH,
    }
}

/// Where the names of profiles and sso-sessions come from: the user's config files, or a
/// table in tests.
pub trait ConfigNames {
    /// Every profile name, as botocore sees them (config and credentials files).
    fn profiles(&self) -> Vec<String>;
    /// Every `[sso-session NAME]` of the config file.
    fn sso_sessions(&self) -> Vec<String>;
}

/// The names in the config files the environment points at, read when asked (only a value of
/// `--profile` or `--sso-session` needs them). A file that is missing or does not parse gives
/// no names rather than an error.
pub struct ConfigFiles<'a>(pub &'a dyn Environment);

impl ConfigNames for ConfigFiles<'_> {
    fn profiles(&self) -> Vec<String> {
        let (config, credentials) = shared::file_paths(self.0);
        let from_config = load_config(&config).ok().flatten();
        let from_config = from_config
            .iter()
            .flat_map(|p| p.profiles().keys().cloned());
        // botocore's `full_config` makes every `[NAME]` of the credentials file a profile.
        let from_credentials = raw_config_parse(&credentials).ok().flatten();
        let from_credentials = from_credentials
            .iter()
            .flat_map(|file| file.sections().map(|(name, _)| name.clone()));
        from_config.chain(from_credentials).collect()
    }

    fn sso_sessions(&self) -> Vec<String> {
        let (config, _) = shared::file_paths(self.0);
        load_config(&config)
            .ok()
            .flatten()
            .map(|p| p.sso_sessions().keys().cloned().collect())
            .unwrap_or_default()
    }
}

/// The answer to `ssooidc __complete INDEX WORDS...` (`args` is what follows `__complete`):
/// the text for stdout, possibly empty, never an error.
pub fn answer(args: &[String], names: &dyn ConfigNames) -> String {
    let Some((index, words)) = args.split_first() else {
        return String::new();
    };
    let Ok(index) = index.parse::<usize>() else {
        return String::new();
    };
    let Some(line) = Line::parse(index, words) else {
        return String::new();
    };
    match line.candidates(names) {
        Completion::Files => format!("{FILES}\n"),
        Completion::Words(words) => {
            let mut text = String::new();
            for word in words {
                text.push_str(&word);
                text.push('\n');
            }
            text
        }
    }
}

#[cfg(test)]
mod tests;
