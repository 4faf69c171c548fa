//! Profile map built from parsed config files, mirroring botocore's
//! `configloader.build_profile_map` and `Session.full_config`.

use super::ini::{ConfigFile, Section};
use indexmap::IndexMap;
use std::fmt;

/// The config file split the way `build_profile_map` does, optionally merged with
/// the credentials file the way `Session.full_config` does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profiles {
    profiles: IndexMap<String, Section>,
    sso_sessions: IndexMap<String, Section>,
    services: IndexMap<String, Section>,
    other: IndexMap<String, Section>,
}

/// `ProfileNotFound`: a profile was named explicitly but exists in neither file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileNotFound(pub String);

impl fmt::Display for ProfileNotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "The config profile ({}) could not be found", self.0)
    }
}

impl std::error::Error for ProfileNotFound {}

/// Which bucket of `build_profile_map` a section name falls into.
enum Bucket {
    Profile(String),
    SsoSession(String),
    Service(String),
    Other,
    Ignored,
}

impl Profiles {
    /// `build_profile_map`: `[profile NAME]` and `[default]` become profiles,
    /// `[sso-session NAME]` and `[services NAME]` their own maps, the rest `other`.
    /// A later section with the same resulting name replaces an earlier one whole
    /// (so of `[default]` and `[profile default]` the one further down wins).
    pub fn from_config(file: ConfigFile) -> Profiles {
        let mut out = Profiles::default();
        for (key, section) in file.into_sections() {
            match classify(&key) {
                Bucket::Profile(name) => out.profiles.insert(name, section),
                Bucket::SsoSession(name) => out.sso_sessions.insert(name, section),
                Bucket::Service(name) => out.services.insert(name, section),
                Bucket::Other => out.other.insert(key, section),
                Bucket::Ignored => None,
            };
        }
        out
    }

    /// `Session.full_config`: every credentials-file section `[NAME]` (raw name, no
    /// `profile ` prefix) is added as profile NAME, or its keys override that
    /// profile's keys one by one (`dict.update`). This is how `region` under
    /// `[default]` in the credentials file reaches the default profile.
    pub fn merge_credentials(&mut self, credentials: ConfigFile) {
        for (name, section) in credentials.into_sections() {
            match self.profiles.get_mut(&name) {
                Some(existing) => {
                    for (key, value) in section.iter() {
                        existing.insert(key.clone(), value.clone());
                    }
                }
                None => {
                    self.profiles.insert(name, section);
                }
            }
        }
    }

    /// The profile called `name` (`"default"` for `[default]`).
    pub fn profile(&self, name: &str) -> Option<&Section> {
        self.profiles.get(name)
    }

    /// `Session.get_scoped_config`: no profile selected means `default` or an empty
    /// section; a selected profile must exist, even when it is `default`.
    pub fn scoped_config(&self, profile: Option<&str>) -> Result<Section, ProfileNotFound> {
        match profile {
            None => Ok(self.profiles.get("default").cloned().unwrap_or_default()),
            Some(name) => self
                .profiles
                .get(name)
                .cloned()
                .ok_or_else(|| ProfileNotFound(name.to_string())),
        }
    }

    /// The `[services NAME]` section a profile's `services = NAME` refers to.
    pub fn services_section(&self, name: &str) -> Option<&Section> {
        self.services.get(name)
    }

    /// All profiles in order.
    pub fn profiles(&self) -> &IndexMap<String, Section> {
        &self.profiles
    }

    /// All `[sso-session NAME]` sections in order.
    pub fn sso_sessions(&self) -> &IndexMap<String, Section> {
        &self.sso_sessions
    }

    /// All `[services NAME]` sections in order.
    pub fn services(&self) -> &IndexMap<String, Section> {
        &self.services
    }

    /// All remaining sections in order.
    pub fn other(&self) -> &IndexMap<String, Section> {
        &self.other
    }
}

/// The prefix tests are plain `startswith` (so `[profiles x]` is profile `x`) and
/// the name comes from `_parse_section`: exactly two shell-like words, else ignored.
fn classify(key: &str) -> Bucket {
    let named = |make: fn(String) -> Bucket| match section_name(key) {
        Some(name) => make(name),
        None => Bucket::Ignored,
    };
    if key.starts_with("profile") {
        named(Bucket::Profile)
    } else if key.starts_with("sso-session") {
        named(Bucket::SsoSession)
    } else if key.starts_with("services") {
        named(Bucket::Service)
    } else if key == "default" {
        Bucket::Profile(key.to_string())
    } else {
        Bucket::Other
    }
}

/// botocore `_parse_section`: `shlex.split(key)` must give exactly two words.
fn section_name(key: &str) -> Option<String> {
    let mut words = shlex_split(key)?;
    if words.len() == 2 {
        words.pop()
    } else {
        None
    }
}

/// Lexer state of `shlex.shlex` (posix=True, whitespace_split=True, no comments).
#[derive(Clone, Copy, PartialEq)]
enum Lex {
    Between,
    Word,
    Quote(char),
    Escape(Option<char>),
}

/// `shlex.split(s)`; `None` where Python raises `ValueError` (unclosed quote,
/// trailing backslash).
fn shlex_split(s: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut token = String::new();
    let mut quoted = false;
    let mut state = Lex::Between;
    for c in s.chars() {
        state = match (state, c) {
            (Lex::Between | Lex::Word, ' ' | '\t' | '\r' | '\n') => {
                if state == Lex::Word || quoted {
                    words.push(std::mem::take(&mut token));
                }
                quoted = false;
                Lex::Between
            }
            (Lex::Between | Lex::Word, '\\') => Lex::Escape(None),
            (Lex::Between | Lex::Word, '\'' | '"') => Lex::Quote(c),
            (Lex::Between | Lex::Word, _) => {
                token.push(c);
                Lex::Word
            }
            (Lex::Quote(q), _) if c == q => {
                quoted = true;
                Lex::Word
            }
            // Inside double quotes a backslash only escapes `"` and `\`.
            (Lex::Quote('"'), '\\') => Lex::Escape(Some('"')),
            (Lex::Quote(q), _) => {
                token.push(c);
                Lex::Quote(q)
            }
            (Lex::Escape(inside), _) => {
                if inside.is_some() && c != '"' && c != '\\' {
                    token.push('\\');
                }
                token.push(c);
                inside.map_or(Lex::Word, Lex::Quote)
            }
        };
    }
    match state {
        Lex::Quote(_) | Lex::Escape(_) => None,
        Lex::Word => {
            words.push(token);
            Some(words)
        }
        Lex::Between => Some(words),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Option<Vec<String>> {
        shlex_split(s)
    }

    #[test]
    fn shlex_matches_python() {
        // Expected values from Python's shlex.split.
        assert_eq!(
            split("profile  dev"),
            Some(vec!["profile".into(), "dev".into()])
        );
        assert_eq!(split("a\"b c\"d"), Some(vec!["ab cd".into()]));
        assert_eq!(split("p \"\""), Some(vec!["p".into(), "".into()]));
        assert_eq!(split("p ''x"), Some(vec!["p".into(), "x".into()]));
        assert_eq!(split("\"c\\d\\\"e\""), Some(vec!["c\\d\"e".into()]));
        assert_eq!(split("'a\\b'"), Some(vec!["a\\b".into()]));
        assert_eq!(split("a\\ b"), Some(vec!["a b".into()]));
        assert_eq!(split("\"x"), None);
        assert_eq!(split("x\\"), None);
        assert_eq!(split("  "), Some(vec![]));
    }
}
