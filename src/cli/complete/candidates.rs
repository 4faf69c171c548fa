//! The candidates for one partial command line: the words before the cursor are read as the
//! parser would read them (which command, which options are given, which one still waits for a
//! value), and the word under the cursor is matched against what may come next.

use super::super::argparse::{ArgSpec, Nargs};
use super::super::commands::{self, Command};
use super::super::{operation_choices, operation_specs, GLOBAL_OPTIONS};
use super::{ConfigNames, FILES};
use crate::service::endpoint::PARTITIONS;
use crate::service::model::{Operation, SSO_OIDC};

/// What the shell should offer.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Completion {
    /// These words (already filtered by what was typed).
    Words(Vec<String>),
    /// The shell's own file-name completion.
    Files,
}

/// A command line cut at the cursor.
#[derive(Debug)]
pub(super) struct Line {
    /// The words before the one under the cursor, the program name left out.
    typed: Vec<String>,
    /// The word under the cursor.
    current: Current,
}

/// The word under the cursor.
#[derive(Debug)]
enum Current {
    /// A word of its own: a command, an option or a value.
    Word(String),
    /// The value part of `--option=value`: `lead` goes before each candidate, because the shell
    /// replaces the whole word (zsh, fish, PowerShell), or is empty when the shell replaces only
    /// what follows the `=` (bash, where `=` breaks words).
    Value {
        option: String,
        prefix: String,
        lead: String,
    },
}

impl Line {
    /// The line from the shell's words (program name first) and the cursor's word index; `None`
    /// when the cursor is on the program name itself.
    pub(super) fn parse(index: usize, words: &[String]) -> Option<Line> {
        if index == 0 {
            return None;
        }
        let mut typed = words
            .get(1..index.min(words.len()))
            .unwrap_or_default()
            .to_vec();
        let word = words.get(index).cloned().unwrap_or_default();
        // Bash splits `--output=te` into `--output`, `=`, `te` (`=` is in COMP_WORDBREAKS).
        let current = if word == "=" && typed.last().is_some_and(|w| is_long_option(w)) {
            let option = typed.pop().unwrap_or_default();
            Current::value(option, String::new(), "")
        } else if typed.len() >= 2
            && typed[typed.len() - 1] == "="
            && is_long_option(&typed[typed.len() - 2])
        {
            typed.pop();
            let option = typed.pop().unwrap_or_default();
            Current::value(option, word, "")
        } else if let Some((option, prefix)) =
            word.split_once('=').filter(|(o, _)| is_long_option(o))
        {
            Current::value(option.to_owned(), prefix.to_owned(), &format!("{option}="))
        } else {
            Current::Word(word)
        };
        Some(Line {
            typed: join_equals(typed),
            current,
        })
    }

    /// The candidates for the word under the cursor, filtered by what it already holds.
    pub(super) fn candidates(&self, names: &dyn ConfigNames) -> Completion {
        let context = Context::scan(&self.typed);
        let (completion, prefix, lead) = match &self.current {
            Current::Word(word) => (context.for_word(word, names), word.as_str(), ""),
            Current::Value {
                option,
                prefix,
                lead,
            } => {
                let completion = match context.resolve(option) {
                    Some(spec) if spec.nargs != Nargs::Zero => context.values(&spec, names),
                    _ => Completion::Words(Vec::new()),
                };
                (completion, prefix.as_str(), lead.as_str())
            }
        };
        match completion {
            Completion::Files => Completion::Files,
            Completion::Words(words) => Completion::Words(shown(words, prefix, lead)),
        }
    }
}

impl Current {
    fn value(option: String, prefix: String, lead: &str) -> Current {
        Current::Value {
            option,
            prefix,
            lead: lead.to_owned(),
        }
    }
}

/// `--name`, without a value attached.
fn is_long_option(word: &str) -> bool {
    word.len() > 2 && word.starts_with("--") && !word.contains('=')
}

/// Bash's `--output`, `=`, `text` joined back into `--output=text`, as the parser sees it.
fn join_equals(words: Vec<String>) -> Vec<String> {
    let mut joined: Vec<String> = Vec::with_capacity(words.len());
    let mut glue = false;
    for word in words {
        match joined.last_mut() {
            Some(last) if glue => {
                last.push_str(&word);
                glue = false;
            }
            Some(last) if word == "=" && is_long_option(last) => {
                last.push('=');
                glue = true;
            }
            _ => joined.push(word),
        }
    }
    joined
}

/// The words that start with `prefix`, each once, with `lead` before them. A word with a
/// control character would break the one-per-line answer (or the terminal), and one that reads
/// as the file-name request would be taken for it: both are left out.
fn shown(words: Vec<String>, prefix: &str, lead: &str) -> Vec<String> {
    let mut shown: Vec<String> = Vec::with_capacity(words.len());
    for word in words {
        let word = format!("{lead}{word}");
        let usable = !word.is_empty() && word != FILES && !word.chars().any(char::is_control);
        if usable && word.starts_with(&format!("{lead}{prefix}")) && !shown.contains(&word) {
            shown.push(word);
        }
    }
    shown
}

/// What the command word names.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// No command word yet.
    Nothing,
    /// An operation of the model.
    Operation(&'static Operation),
    /// One of ssooidc's own commands.
    Command(&'static Command),
    /// `help`, or a word that names nothing: only global options follow.
    Other,
}

/// The words before the cursor, as read.
struct Context {
    target: Target,
    /// The options that may be given: the target's, then the global ones.
    specs: Vec<ArgSpec>,
    /// The options given (by their full names).
    given: Vec<&'static str>,
    /// An option still waiting for its value (or, for a list, more values).
    pending: Option<ArgSpec>,
    /// Whether the own command's positional has its value.
    positional_given: bool,
    /// How many words follow the command word.
    after_target: usize,
}

impl Context {
    fn scan(typed: &[String]) -> Context {
        let mut context = Context {
            target: Target::Nothing,
            specs: GLOBAL_OPTIONS.to_vec(),
            given: Vec::new(),
            pending: None,
            positional_given: false,
            after_target: 0,
        };
        for word in typed {
            if !matches!(context.target, Target::Nothing) {
                context.after_target += 1;
            }
            if context.takes_as_value(word) {
                continue;
            }
            if word.len() > 1 && word.starts_with('-') {
                context.option(word);
            } else {
                context.plain(word);
            }
        }
        context
    }

    /// Whether `word` is a value of the pending option (which stays pending for a list).
    fn takes_as_value(&mut self, word: &str) -> bool {
        let Some(spec) = self.pending.take() else {
            return false;
        };
        match spec.nargs {
            Nargs::One => true,
            // `--generate-cli-skeleton` takes the next word only if it is one of its choices.
            Nargs::Optional => spec.choices.is_some_and(|c| c.contains(&word)),
            Nargs::ZeroOrMore if !word.starts_with('-') => {
                self.pending = Some(spec);
                true
            }
            _ => false,
        }
    }

    fn option(&mut self, word: &str) {
        let (name, value) = match word.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value)),
            _ => (word, None),
        };
        let Some(spec) = self.resolve(name) else {
            return;
        };
        self.given.push(spec.name);
        if value.is_none() && spec.nargs != Nargs::Zero {
            self.pending = Some(spec);
        }
    }

    fn plain(&mut self, word: &str) {
        match self.target {
            Target::Nothing => {
                self.target = target(word);
                let own: Vec<ArgSpec> = match self.target {
                    Target::Operation(operation) => operation_specs(operation, false),
                    Target::Command(command) => {
                        command.options.iter().map(|(s, _)| s.clone()).collect()
                    }
                    Target::Nothing | Target::Other => Vec::new(),
                };
                self.specs.splice(0..0, own);
            }
            Target::Command(_) => self.positional_given = true,
            Target::Operation(_) | Target::Other => {}
        }
    }

    /// The option `typed` names: itself, or the only option it abbreviates (argparse's rule).
    fn resolve(&self, typed: &str) -> Option<ArgSpec> {
        let options = || self.specs.iter().filter(|s| s.name.starts_with('-'));
        if let Some(spec) = options().find(|s| s.name == typed) {
            return Some(spec.clone());
        }
        let mut matches = options().filter(|s| s.name.starts_with(typed));
        let only = matches.next()?;
        matches.next().is_none().then(|| only.clone())
    }

    /// The candidates for a word of its own.
    fn for_word(&self, word: &str, names: &dyn ConfigNames) -> Completion {
        if let Some(spec) = &self.pending {
            // A single value is due; an optional or list value may give way to an option.
            if spec.nargs == Nargs::One || !word.starts_with('-') {
                return self.values(spec, names);
            }
        }
        if word.starts_with('-') {
            return Completion::Words(self.options());
        }
        let positional = match self.target {
            Target::Nothing => return Completion::Words(to_strings(&operation_choices())),
            Target::Other => return Completion::Words(Vec::new()),
            Target::Command(command) if !self.positional_given => command
                .options
                .iter()
                .find(|(s, _)| !s.name.starts_with('-'))
                .and_then(|(s, _)| s.choices),
            Target::Command(_) | Target::Operation(_) => None,
        };
        let mut words = match positional {
            Some(choices) => to_strings(choices),
            // Nothing typed yet: what may come is an option.
            None if word.is_empty() => self.options(),
            None => Vec::new(),
        };
        // argparse's lone `help` after a command (`ssooidc register-client help`).
        if self.after_target == 0 {
            words.push("help".to_owned());
        }
        Completion::Words(words)
    }

    /// The options not given yet: the target's, then the global ones.
    fn options(&self) -> Vec<String> {
        self.specs
            .iter()
            .filter(|s| s.name.starts_with('-') && !self.given.contains(&s.name))
            .map(|s| s.name.to_owned())
            .collect()
    }

    /// The values option `spec` accepts, where they are known.
    fn values(&self, spec: &ArgSpec, names: &dyn ConfigNames) -> Completion {
        Completion::Words(match spec.name {
            "--profile" => names.profiles(),
            "--sso-session" => names.sso_sessions(),
            "--region" => regions(),
            "--ca-bundle" | "--cli-input-json" => return Completion::Files,
            _ => to_strings(spec.choices.unwrap_or_default()),
        })
    }
}

/// What a command word names.
fn target(word: &str) -> Target {
    if let Some(operation) = SSO_OIDC.operation(word) {
        Target::Operation(operation)
    } else if let Some(command) = commands::find(word) {
        Target::Command(command)
    } else {
        Target::Other
    }
}

/// The regions the endpoint rules list, every partition's. The partitions' `aws-global`-like
/// names are left out: they are placeholders of the rules, not places to send a request.
fn regions() -> Vec<String> {
    PARTITIONS
        .iter()
        .flat_map(|p| p.regions.iter())
        .filter(|r| !r.ends_with("-global"))
        .map(|r| (*r).to_owned())
        .collect()
}

fn to_strings(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_option_is_two_dashes_and_a_name_without_a_value() {
        assert!(is_long_option("--output"));
        assert!(is_long_option("--o"));
        // `--` alone ends the options; it is not one.
        assert!(!is_long_option("--"));
        assert!(!is_long_option("--output=json"));
        assert!(!is_long_option("-o"));
        assert!(!is_long_option("output"));
    }
}
