//! INI parser reproducing botocore's `configloader.raw_config_parse` on top of
//! Python's `configparser.RawConfigParser` (strict mode, default options).

use indexmap::IndexMap;
use std::collections::HashSet;
use std::fmt;

/// One value of a config section: a plain string, or the nested sub-properties
/// botocore builds from an indented block (`s3 =\n  addressing_style = path`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigValue {
    /// A plain value; multi-line continuation values are joined with `\n`.
    Scalar(String),
    /// Sub-properties parsed by botocore's `_parse_nested` (keys kept as written).
    Nested(IndexMap<String, String>),
}

/// One section (profile, `services`, `sso-session`, ...): lower-cased keys to values,
/// in file order, followed by the `[DEFAULT]` keys the section does not define itself.
/// Its `Debug` hides the values of secret keys (see the impl at the end of this file).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Section {
    values: IndexMap<String, ConfigValue>,
}

impl Section {
    /// The value of `key` (keys are stored lower-cased; pass a lower-case key).
    pub fn get(&self, key: &str) -> Option<&ConfigValue> {
        self.values.get(key)
    }

    /// The value of `key` when it is a plain string.
    pub fn scalar(&self, key: &str) -> Option<&str> {
        match self.values.get(key) {
            Some(ConfigValue::Scalar(s)) => Some(s),
            _ => None,
        }
    }

    /// The value of `key` when it is a nested block of sub-properties.
    pub fn nested(&self, key: &str) -> Option<&IndexMap<String, String>> {
        match self.values.get(key) {
            Some(ConfigValue::Nested(map)) => Some(map),
            _ => None,
        }
    }

    /// Sets `key`, replacing an existing value in place (Python `dict` assignment order).
    pub fn insert(&mut self, key: String, value: ConfigValue) {
        self.values.insert(key, value);
    }

    /// All entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &ConfigValue)> {
        self.values.iter()
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when the section has no keys.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// Why a config file could not be parsed; botocore reports every one of these as
/// `ConfigParseError: Unable to parse config file: PATH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IniErrorKind {
    /// A key line before any `[section]` header (`MissingSectionHeaderError`).
    MissingSectionHeader,
    /// A section header repeated in one file (`DuplicateSectionError`).
    DuplicateSection(String),
    /// A key repeated (case-insensitively) in one section (`DuplicateOptionError`).
    DuplicateOption { section: String, option: String },
    /// A line with neither `=` nor `:`, or with an empty key (`ParsingError`).
    Parsing,
    /// A nested block line without `=` (the `ValueError` from `_parse_nested`).
    NestedValue,
    /// The file is not valid UTF-8 (`UnicodeDecodeError`).
    InvalidUtf8,
}

/// A parse failure with the 1-based line it was found on (when there is one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IniError {
    /// 1-based line number; `None` for [`IniErrorKind::InvalidUtf8`].
    pub line: Option<usize>,
    /// What went wrong.
    pub kind: IniErrorKind,
}

impl IniError {
    fn at(line: usize, kind: IniErrorKind) -> Self {
        IniError {
            line: Some(line),
            kind,
        }
    }

    /// The Python exception class botocore would have wrapped (for diagnostics and tests).
    pub fn python_name(&self) -> &'static str {
        match self.kind {
            IniErrorKind::MissingSectionHeader => "MissingSectionHeaderError",
            IniErrorKind::DuplicateSection(_) => "DuplicateSectionError",
            IniErrorKind::DuplicateOption { .. } => "DuplicateOptionError",
            IniErrorKind::Parsing => "ParsingError",
            IniErrorKind::NestedValue => "ValueError",
            IniErrorKind::InvalidUtf8 => "UnicodeDecodeError",
        }
    }
}

impl fmt::Display for IniError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        match &self.kind {
            IniErrorKind::MissingSectionHeader => f.write_str("key outside of any [section]"),
            IniErrorKind::DuplicateSection(s) => write!(f, "section [{s}] already exists"),
            IniErrorKind::DuplicateOption { section, option } => {
                write!(f, "key '{option}' already exists in section [{section}]")
            }
            IniErrorKind::Parsing => f.write_str("expected 'key = value'"),
            IniErrorKind::NestedValue => f.write_str("nested value line without '='"),
            IniErrorKind::InvalidUtf8 => f.write_str("file is not valid UTF-8"),
        }
    }
}

impl std::error::Error for IniError {}

/// A parsed config file: section name (exactly as written between the brackets)
/// to section, in file order; `[DEFAULT]` is folded into every section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigFile {
    sections: IndexMap<String, Section>,
}

impl ConfigFile {
    /// Parses file text like botocore's `raw_config_parse` (with `parse_subsections=True`).
    pub fn parse(text: &str) -> Result<ConfigFile, IniError> {
        let mut reader = Reader::default();
        for (index, line) in universal_lines(text).enumerate() {
            reader.line(index + 1, line)?;
        }
        reader.finish()
    }

    /// Parses raw file bytes; Python opens the file as strict UTF-8 (no BOM removal).
    pub fn parse_bytes(bytes: &[u8]) -> Result<ConfigFile, IniError> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Self::parse(text),
            Err(_) => Err(IniError {
                line: None,
                kind: IniErrorKind::InvalidUtf8,
            }),
        }
    }

    /// All sections in file order.
    pub fn sections(&self) -> impl Iterator<Item = (&String, &Section)> {
        self.sections.iter()
    }

    /// Consumes the file into its ordered sections.
    pub fn into_sections(self) -> IndexMap<String, Section> {
        self.sections
    }
}

/// Python's `str.isspace` (what `strip()` and regex `\s` use): Rust's White_Space
/// plus the information separators U+001C..U+001F.
pub(crate) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

/// Splits like a Python text-mode file iterator (universal newlines: `\n`, `\r\n`, `\r`).
fn universal_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        let Some((line, tail)) = current
            .find(['\n', '\r'])
            .and_then(|pos| current.split_at_checked(pos))
        else {
            rest = None;
            return Some(current);
        };
        let tail = tail
            .strip_prefix("\r\n")
            .or_else(|| tail.strip_prefix(['\n', '\r']))
            .unwrap_or(tail);
        // A final terminator does not start another (empty) line.
        rest = Some(tail).filter(|t| !t.is_empty());
        Some(line)
    })
}

/// An option as configparser holds it before `_join_multiline_values`.
#[derive(Debug, Default)]
struct RawOption {
    line: usize,
    parts: Vec<String>,
}

type RawSection = IndexMap<String, RawOption>;

/// Where lines currently go: `[DEFAULT]` or the n-th named section.
#[derive(Debug, Clone, Copy)]
enum Target {
    Defaults,
    Section(usize),
}

/// State of `RawConfigParser._read`.
#[derive(Debug, Default)]
struct Reader {
    defaults: RawSection,
    sections: IndexMap<String, RawSection>,
    target: Option<Target>,
    section_name: String,
    option: Option<String>,
    indent_level: usize,
    added: HashSet<(String, String)>,
    deferred: Option<IniError>,
}

impl Reader {
    /// One iteration of `_read`'s loop (comment_prefixes `#`/`;`, no inline comments,
    /// empty_lines_in_values=True, strict=True).
    fn line(&mut self, lineno: usize, line: &str) -> Result<(), IniError> {
        let stripped = py_strip(line);
        let is_comment = stripped.starts_with('#') || stripped.starts_with(';');
        if is_comment || stripped.is_empty() {
            // Blank lines are kept inside a value (trailing ones are rstripped later);
            // comment lines are dropped without ending the value.
            if !is_comment {
                self.push_to_option(String::new());
            }
            return Ok(());
        }
        let indent = line.chars().take_while(|c| is_py_space(*c)).count();
        let has_option = self.option.as_deref().is_some_and(|o| !o.is_empty());
        if self.target.is_some() && has_option && indent > self.indent_level {
            // Continuation is checked before headers: an indented `[x]` is value text.
            self.push_to_option(stripped.to_string());
            return Ok(());
        }
        self.indent_level = indent;
        if let Some(header) = section_header(stripped) {
            return self.start_section(lineno, header);
        }
        if self.target.is_none() {
            return Err(IniError::at(lineno, IniErrorKind::MissingSectionHeader));
        }
        self.start_option(lineno, stripped)
    }

    fn current(&mut self) -> Option<&mut RawSection> {
        match self.target? {
            Target::Defaults => Some(&mut self.defaults),
            Target::Section(i) => self.sections.get_index_mut(i).map(|(_, s)| s),
        }
    }

    fn push_to_option(&mut self, text: String) {
        let Some(name) = self.option.clone().filter(|o| !o.is_empty()) else {
            return;
        };
        if let Some(opt) = self.current().and_then(|s| s.get_mut(&name)) {
            opt.parts.push(text);
        }
    }

    fn start_section(&mut self, lineno: usize, header: &str) -> Result<(), IniError> {
        // Only one file per parser, so any repeat of a named section is a duplicate;
        // `[DEFAULT]` is not a section and may repeat (its keys may not).
        if self.sections.contains_key(header) {
            let kind = IniErrorKind::DuplicateSection(header.to_string());
            return Err(IniError::at(lineno, kind));
        }
        self.target = Some(if header == "DEFAULT" {
            Target::Defaults
        } else {
            let (index, _) = self
                .sections
                .insert_full(header.to_string(), RawSection::new());
            Target::Section(index)
        });
        self.section_name = header.to_string();
        self.option = None;
        Ok(())
    }

    fn start_option(&mut self, lineno: usize, text: &str) -> Result<(), IniError> {
        // OPTCRE: `(.*?)\s*(=|:)\s*(.*)$` -- the first `=` or `:` splits the line.
        let Some((raw_name, raw_value)) = text.split_once(['=', ':']) else {
            self.defer(lineno);
            return Ok(());
        };
        if raw_name.is_empty() {
            // configparser records the error but still stores the '' key.
            self.defer(lineno);
        }
        let name = raw_name.trim_end_matches(is_py_space).to_lowercase(); // optionxform
        if !self.added.insert((self.section_name.clone(), name.clone())) {
            let kind = IniErrorKind::DuplicateOption {
                section: self.section_name.clone(),
                option: name,
            };
            return Err(IniError::at(lineno, kind));
        }
        let option = RawOption {
            line: lineno,
            parts: vec![py_strip(raw_value).to_string()],
        };
        if let Some(section) = self.current() {
            section.insert(name.clone(), option);
        }
        self.option = Some(name);
        Ok(())
    }

    /// Non-fatal `ParsingError`s are raised after the whole file is read.
    fn defer(&mut self, lineno: usize) {
        if self.deferred.is_none() {
            self.deferred = Some(IniError::at(lineno, IniErrorKind::Parsing));
        }
    }

    /// `_join_multiline_values`, then botocore's per-section copy: section keys,
    /// then `[DEFAULT]` keys it lacks; values starting with `\n` become nested.
    fn finish(self) -> Result<ConfigFile, IniError> {
        if let Some(error) = self.deferred {
            return Err(error);
        }
        let mut file = ConfigFile::default();
        for (name, raw) in &self.sections {
            let mut section = Section::default();
            let inherited = self.defaults.iter().filter(|(k, _)| !raw.contains_key(*k));
            for (key, option) in raw.iter().chain(inherited) {
                section.insert(key.clone(), convert_value(option)?);
            }
            file.sections.insert(name.clone(), section);
        }
        Ok(file)
    }
}

/// SECTCRE `\[(?P<header>.+)\]` applied with `match` (no end anchor): the header runs
/// to the last `]` on the (stripped) line, anything after it is ignored.
fn section_header(text: &str) -> Option<&str> {
    let (header, _) = text.strip_prefix('[')?.rsplit_once(']')?;
    (!header.is_empty()).then_some(header)
}

fn convert_value(option: &RawOption) -> Result<ConfigValue, IniError> {
    let joined = option.parts.join("\n");
    let value = joined.trim_end_matches(is_py_space);
    if value.starts_with('\n') {
        parse_nested(value)
            .map(ConfigValue::Nested)
            .ok_or(IniError::at(option.line, IniErrorKind::NestedValue))
    } else {
        Ok(ConfigValue::Scalar(value.to_string()))
    }
}

/// botocore `_parse_nested`: `str.splitlines()`, strip, skip blanks, split on the
/// first `=` only (`:` is not a delimiter here) and keep the key's case.
fn parse_nested(value: &str) -> Option<IndexMap<String, String>> {
    let is_break = |c: char| {
        matches!(c, '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{1c}'..='\u{1e}')
            || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
    };
    let mut parsed = IndexMap::new();
    for line in value
        .split(is_break)
        .map(py_strip)
        .filter(|l| !l.is_empty())
    {
        let (key, val) = line.split_once('=')?;
        parsed.insert(py_strip(key).to_string(), py_strip(val).to_string());
    }
    Some(parsed)
}

/// The keys of the shared files whose values are credentials.
const SECRET_KEYS: &[&str] = &[
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
];

/// Whether the key `key` of a shared file holds a credential.
pub(crate) fn is_secret_key(key: &str) -> bool {
    SECRET_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// Like the derived `Debug`, but the values of secret keys (`aws_secret_access_key`,
/// `aws_session_token`, ...) print as `***`: a profile read from the credentials file must not
/// leak through formatting (policy P6).
impl fmt::Debug for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (key, value) in &self.values {
            if is_secret_key(key) {
                map.entry(key, &crate::secret::Secret::new(value));
            } else {
                map.entry(key, value);
            }
        }
        map.finish()
    }
}

#[cfg(test)]
mod secret_tests {
    use super::*;

    #[test]
    fn debug_hides_secret_values() {
        let file = ConfigFile::parse(
            "[default]\nregion = us-east-1\naws_secret_access_key = s3cr3t-key\n\
             aws_session_token = s3cr3t-token\n",
        )
        .unwrap();
        let shown = format!("{file:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("us-east-1"), "{shown}");
    }
}
