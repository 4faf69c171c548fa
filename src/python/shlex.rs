//! Python's `shlex.split(s)` (POSIX mode, no comments), which botocore uses to split a
//! `credential_process` command line without a shell.

/// Why a command line could not be split, in `shlex`'s words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// A quote was opened and never closed.
    NoClosingQuotation,
    /// The line ends with a lone backslash.
    NoEscapedCharacter,
}

impl std::fmt::Display for SplitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SplitError::NoClosingQuotation => "No closing quotation",
            SplitError::NoEscapedCharacter => "No escaped character",
        })
    }
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
}
