//! Python's `shlex.split(s)` (POSIX mode, no comments), and botocore's `compat_shell_split`,
//! which splits a `credential_process` command line without a shell: `shlex.split` everywhere
//! but on Windows, where it follows the C runtime's rules (`_windows_shell_split`).

/// Why a command line could not be split, in `shlex`'s words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// A quote was opened and never closed.
    NoClosingQuotation,
    /// The line ends with a lone backslash.
    NoEscapedCharacter,
    /// A `"` was opened and never closed (`_windows_shell_split`'s words name the line).
    UnclosedQuoteIn(String),
}

impl std::fmt::Display for SplitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SplitError::NoClosingQuotation => "No closing quotation",
            SplitError::NoEscapedCharacter => "No escaped character",
            SplitError::UnclosedQuoteIn(line) => {
                return write!(f, "No closing quotation in string: {line}")
            }
        })
    }
}

/// botocore's `compat_shell_split`: [`split_windows`] on Windows, [`split`] elsewhere.
pub fn compat_split(text: &str) -> Result<Vec<String>, SplitError> {
    if cfg!(windows) {
        split_windows(text)
    } else {
        split(text)
    }
}

/// botocore's `_windows_shell_split`, the C runtime's rules: only space and tab separate; `"`
/// is the only quote; backslashes are literal unless a run of them ends at a `"`, where they
/// escape each other in pairs and an odd last one escapes the quote. `C:\tools\x.exe` stays
/// whole, which `shlex.split` would turn into `C:toolsx.exe`.
pub fn split_windows(text: &str) -> Result<Vec<String>, SplitError> {
    let mut words = Vec::new();
    // Python's `buff`: `None` while empty; a quote alone makes it `Some("")`, a word of its own.
    let mut word: Option<String> = None;
    let mut quoted = false;
    let mut backslashes = 0;
    for c in text.chars() {
        match c {
            '\\' => backslashes += 1,
            '"' => {
                let current = word.get_or_insert_with(String::new);
                current.push_str(&"\\".repeat(backslashes / 2));
                if backslashes % 2 == 1 {
                    current.push('"');
                } else {
                    quoted = !quoted;
                }
                backslashes = 0;
            }
            ' ' | '\t' if !quoted => {
                if backslashes > 0 {
                    word.get_or_insert_with(String::new)
                        .push_str(&"\\".repeat(backslashes));
                    backslashes = 0;
                }
                words.extend(word.take());
            }
            other => {
                let current = word.get_or_insert_with(String::new);
                current.push_str(&"\\".repeat(backslashes));
                backslashes = 0;
                current.push(other);
            }
        }
    }
    if quoted {
        return Err(SplitError::UnclosedQuoteIn(text.to_owned()));
    }
    if backslashes > 0 {
        word.get_or_insert_with(String::new)
            .push_str(&"\\".repeat(backslashes));
    }
    words.extend(word);
    Ok(words)
}

/// `shlex.split(text)`: words separated by whitespace; `'...'` quotes everything; `"..."`
/// quotes everything but a backslash before `"` or `\`; outside quotes a backslash escapes
/// the next character; quotes join the word they touch (`a"b c"` is one word).
pub fn split(text: &str) -> Result<Vec<String>, SplitError> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            // shlex's whitespace: ' \t\r\n'.
            ' ' | '\t' | '\r' | '\n' => {
                if let Some(done) = word.take() {
                    words.push(done);
                }
            }
            '\\' => {
                let escaped = chars.next().ok_or(SplitError::NoEscapedCharacter)?;
                word.get_or_insert_with(String::new).push(escaped);
            }
            '\'' => {
                let current = word.get_or_insert_with(String::new);
                loop {
                    match chars.next().ok_or(SplitError::NoClosingQuotation)? {
                        '\'' => break,
                        other => current.push(other),
                    }
                }
            }
            '"' => {
                let current = word.get_or_insert_with(String::new);
                loop {
                    match chars.next().ok_or(SplitError::NoClosingQuotation)? {
                        '"' => break,
                        '\\' => match chars.next().ok_or(SplitError::NoEscapedCharacter)? {
                            escaped @ ('"' | '\\') => current.push(escaped),
                            other => {
                                current.push('\\');
                                current.push(other);
                            }
                        },
                        other => current.push(other),
                    }
                }
            }
            other => word.get_or_insert_with(String::new).push(other),
        }
    }
    words.extend(word);
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards: each expectation is what Python 3.11's shlex.split returns for the same text.
    #[test]
    fn splits_as_python() {
        let cases: &[(&str, &[&str])] = &[
            ("a b  c", &["a", "b", "c"]),
            ("  /bin/tool --flag 'x y' ", &["/bin/tool", "--flag", "x y"]),
            (r#"a"b c"d"#, &["ab cd"]),
            (r#""a\"b" 'c\d'"#, &[r#"a"b"#, r"c\d"]),
            (r#""a\nb""#, &[r"a\nb"]),
            (r"a\ b", &["a b"]),
            ("''", &[""]),
            ("", &[]),
            ("a #b", &["a", "#b"]),
        ];
        for (text, want) in cases {
            assert_eq!(split(text).unwrap(), *want, "{text:?}");
        }
        assert_eq!(split("'open"), Err(SplitError::NoClosingQuotation));
        assert_eq!(split("\"open\\"), Err(SplitError::NoEscapedCharacter));
        assert_eq!(split("end\\"), Err(SplitError::NoEscapedCharacter));
    }

    // Guards: each expectation is what botocore 1.43.11's `_windows_shell_split` returns for the
    // same text (pure rules, so checked on every platform).
    #[test]
    fn splits_as_botocore_on_windows() {
        let cases: &[(&str, &[&str])] = &[
            (
                r"C:\Program Files\x.exe a",
                &[r"C:\Program", r"Files\x.exe", "a"],
            ),
            (
                r#""C:\Program Files\x.exe" --p a"#,
                &[r"C:\Program Files\x.exe", "--p", "a"],
            ),
            (r#"\"C:\x y\" z"#, &[r#""C:\x"#, r#"y""#, "z"]),
            (r#"a\\\"b"#, &[r#"a\"b"#]),
            (r#"a\\\\\"b c\""#, &[r#"a\\"b"#, r#"c""#]),
            (r"a\\b", &[r"a\\b"]),
            ("a\tb  c", &["a", "b", "c"]),
            (r#""""#, &[""]),
            (r#"a"""#, &["a"]),
            (r#"x "" y"#, &["x", "", "y"]),
            (r"end\\", &[r"end\\"]),
            ("it's", &["it's"]),
            ("  ", &[]),
            ("", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(split_windows(text).unwrap(), *want, "{text:?}");
        }
        let err = split_windows(r#""open"#).unwrap_err();
        assert_eq!(err.to_string(), r#"No closing quotation in string: "open"#);
    }
}
