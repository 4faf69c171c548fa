//! The tokenizer, a transcription of `jmespath/lexer.py`: positions count characters, and the
//! whole expression is tokenized before parsing, so a lexer error wins over any parse error.

use super::error::QueryError;
use super::python::{loads, py_str, LoadError};
use crate::python::json;
use crate::python::unicode::is_space;
use crate::python::value::Value;

/// A token's kind and payload.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Dot,
    Star,
    RBracket,
    Comma,
    Colon,
    Current,
    LParen,
    RParen,
    LBrace,
    RBrace,
    Flatten,
    Filter,
    LBracket,
    Or,
    Pipe,
    And,
    Expref,
    Lt,
    Lte,
    Gt,
    Gte,
    Eq,
    Ne,
    Not,
    Eof,
    UnquotedIdentifier(String),
    QuotedIdentifier(String),
    /// An integer; `value` saturates at the `i64` range (any index that far out misses, and
    /// slices clamp, so saturation changes nothing), `text` keeps Python's `str(int(...))`.
    Number {
        value: i64,
        text: String,
    },
    Literal(Value),
}

/// A token and the character position where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) start: usize,
}

impl Token {
    /// The token type name Python uses (`'unquoted_identifier'`, `'lbracket'`, ...).
    pub(crate) fn type_name(&self) -> &'static str {
        match &self.tok {
            Tok::Dot => "dot",
            Tok::Star => "star",
            Tok::RBracket => "rbracket",
            Tok::Comma => "comma",
            Tok::Colon => "colon",
            Tok::Current => "current",
            Tok::LParen => "lparen",
            Tok::RParen => "rparen",
            Tok::LBrace => "lbrace",
            Tok::RBrace => "rbrace",
            Tok::Flatten => "flatten",
            Tok::Filter => "filter",
            Tok::LBracket => "lbracket",
            Tok::Or => "or",
            Tok::Pipe => "pipe",
            Tok::And => "and",
            Tok::Expref => "expref",
            Tok::Lt => "lt",
            Tok::Lte => "lte",
            Tok::Gt => "gt",
            Tok::Gte => "gte",
            Tok::Eq => "eq",
            Tok::Ne => "ne",
            Tok::Not => "not",
            Tok::Eof => "eof",
            Tok::UnquotedIdentifier(_) => "unquoted_identifier",
            Tok::QuotedIdentifier(_) => "quoted_identifier",
            Tok::Number { .. } => "number",
            Tok::Literal(_) => "literal",
        }
    }

    /// Python's `str(token['value'])`, as parse errors print it.
    pub(crate) fn value_text(&self) -> String {
        let text = match &self.tok {
            Tok::Dot => ".",
            Tok::Star => "*",
            Tok::RBracket => "]",
            Tok::Comma => ",",
            Tok::Colon => ":",
            Tok::Current => "@",
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::LBrace => "{",
            Tok::RBrace => "}",
            Tok::Flatten => "[]",
            Tok::Filter => "[?",
            Tok::LBracket => "[",
            Tok::Or => "||",
            Tok::Pipe => "|",
            Tok::And => "&&",
            Tok::Expref => "&",
            Tok::Lt => "<",
            Tok::Lte => "<=",
            Tok::Gt => ">",
            Tok::Gte => ">=",
            Tok::Eq => "==",
            Tok::Ne => "!=",
            Tok::Not => "!",
            Tok::Eof => "",
            Tok::UnquotedIdentifier(s) | Tok::QuotedIdentifier(s) => s,
            Tok::Number { text, .. } => text,
            Tok::Literal(value) => return py_str(value),
        };
        text.to_owned()
    }
}

/// Tokenizes `expression`, ending with an `Eof` token at the character length.
pub(crate) fn tokenize(expression: &str) -> Result<Vec<Token>, QueryError> {
    if expression.is_empty() {
        return Err(QueryError::Empty);
    }
    let mut lexer = Lexer {
        expression,
        chars: expression.chars().collect(),
        pos: 0,
    };
    let mut tokens = Vec::new();
    while let Some(c) = lexer.current() {
        if let Some(token) = lexer.token(c)? {
            tokens.push(token);
        }
    }
    tokens.push(Token {
        tok: Tok::Eof,
        start: lexer.chars.len(),
    });
    Ok(tokens)
}

struct Lexer<'e> {
    expression: &'e str,
    chars: Vec<char>,
    pos: usize,
}

impl Lexer<'_> {
    fn current(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    /// Moves on and returns the new current character (Python's `_next`).
    fn next(&mut self) -> Option<char> {
        if self.pos < self.chars.len() {
            self.pos += 1;
        }
        self.current()
    }

    fn error(&self, position: usize, message: String) -> QueryError {
        QueryError::Lexer {
            expression: self.expression.to_owned(),
            position,
            message,
        }
    }

    /// Lexes one token starting at the current character `c` (`None` for whitespace).
    fn token(&mut self, c: char) -> Result<Option<Token>, QueryError> {
        let start = self.pos;
        let tok = match c {
            '.' | '*' | ']' | ',' | ':' | '@' | '(' | ')' | '{' | '}' => {
                self.next();
                simple_token(c)
            }
            'a'..='z' | 'A'..='Z' | '_' => Tok::UnquotedIdentifier(self.identifier()),
            ' ' | '\t' | '\n' | '\r' => {
                self.next();
                return Ok(None);
            }
            '[' => self.bracket(),
            '\'' => Tok::Literal(Value::String(self.raw_string()?)),
            '|' => self.match_or_else('|', Tok::Or, Tok::Pipe),
            '&' => self.match_or_else('&', Tok::And, Tok::Expref),
            '`' => Tok::Literal(self.literal()?),
            '0'..='9' | '-' => self.number()?,
            '"' => Tok::QuotedIdentifier(self.quoted_identifier()?),
            '<' => self.match_or_else('=', Tok::Lte, Tok::Lt),
            '>' => self.match_or_else('=', Tok::Gte, Tok::Gt),
            '!' => self.match_or_else('=', Tok::Ne, Tok::Not),
            '=' => {
                if self.next() != Some('=') {
                    return Err(self.error(start, "Unknown token '='".to_owned()));
                }
                self.next();
                Tok::Eq
            }
            other => return Err(self.error(start, format!("Unknown token {other}"))),
        };
        Ok(Some(Token { tok, start }))
    }

    fn identifier(&mut self) -> String {
        let mut buff = String::new();
        while let Some(c) = self.current() {
            if !(c.is_ascii_alphanumeric() || c == '_') {
                break;
            }
            buff.push(c);
            self.next();
        }
        buff
    }

    fn bracket(&mut self) -> Tok {
        match self.next() {
            Some(']') => {
                self.next();
                Tok::Flatten
            }
            Some('?') => {
                self.next();
                Tok::Filter
            }
            _ => Tok::LBracket,
        }
    }

    fn match_or_else(&mut self, expected: char, matched: Tok, otherwise: Tok) -> Tok {
        if self.next() == Some(expected) {
            self.next();
            matched
        } else {
            otherwise
        }
    }

    /// Digits (after an optional `-`); a lone `-` is an error.
    fn number(&mut self) -> Result<Tok, QueryError> {
        let start = self.pos;
        let mut buff = String::new();
        buff.extend(self.current());
        while let Some(c) = self.next().filter(char::is_ascii_digit) {
            buff.push(c);
        }
        if buff == "-" {
            return Err(self.error(start, "Unknown token '-'".to_owned()));
        }
        let value = buff.parse::<i64>().unwrap_or(if buff.starts_with('-') {
            i64::MIN
        } else {
            i64::MAX
        });
        // Python prints int(buff): no leading zeros, "-0" as "0".
        let text = match crate::python::bigint::BigInt::parse(&buff) {
            Some(big) => json::python_str(&Value::Number(big.into_number())),
            None => buff,
        };
        Ok(Tok::Number { value, text })
    }

    /// `_consume_until`: the raw text up to an unescaped `delimiter`, keeping each backslash
    /// together with the character after it.
    fn consume_until(&mut self, delimiter: char) -> Result<String, QueryError> {
        let start = self.pos;
        let mut buff = String::new();
        self.next();
        while self.current() != Some(delimiter) {
            if self.current() == Some('\\') {
                buff.push('\\');
                self.next();
            }
            let Some(c) = self.current() else {
                return Err(self.error(start, format!("Unclosed {delimiter} delimiter")));
            };
            buff.push(c);
            self.next();
        }
        self.next();
        Ok(buff)
    }

    fn raw_string(&mut self) -> Result<String, QueryError> {
        Ok(self.consume_until('\'')?.replace("\\'", "'"))
    }

    /// A backtick literal: JSON, or else (the JEP-12 deprecation path) the text as a string.
    fn literal(&mut self) -> Result<Value, QueryError> {
        let start = self.pos;
        let lexeme = self.consume_until('`')?.replace("\\`", "`");
        // `loads('"%s"' % lexeme.lstrip())`, where `lstrip` drops what `str.isspace` accepts.
        let fallback = || loads(&format!("\"{}\"", lexeme.trim_start_matches(is_space)));
        match loads(&lexeme).or_else(|error| match error {
            LoadError::Invalid(_) => fallback(),
            too_deep => Err(too_deep),
        }) {
            Ok(value) => Ok(value),
            Err(LoadError::TooDeep) => Err(too_deep_literal()),
            Err(LoadError::Invalid(_)) => Err(self.error(start, format!("Bad token {lexeme}"))),
        }
    }

    fn quoted_identifier(&mut self) -> Result<String, QueryError> {
        let start = self.pos;
        let lexeme = format!("\"{}\"", self.consume_until('"')?);
        match loads(&lexeme) {
            Ok(Value::String(s)) => Ok(s),
            Ok(_) => Err(self.error(start, "Expecting value".to_owned())),
            Err(LoadError::Invalid(message)) => Err(self.error(start, message)),
            Err(LoadError::TooDeep) => Err(too_deep_literal()),
        }
    }
}

fn too_deep_literal() -> QueryError {
    QueryError::TooDeep {
        limit: super::MAX_NESTING,
    }
}

fn simple_token(c: char) -> Tok {
    match c {
        '.' => Tok::Dot,
        '*' => Tok::Star,
        ']' => Tok::RBracket,
        ',' => Tok::Comma,
        ':' => Tok::Colon,
        '@' => Tok::Current,
        '(' => Tok::LParen,
        ')' => Tok::RParen,
        '{' => Tok::LBrace,
        _ => Tok::RBrace,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::value::Number;

    #[test]
    fn tokenizes_positions_in_characters() {
        let tokens = tokenize("é.`1` <= -007").unwrap_err();
        assert!(matches!(tokens, QueryError::Lexer { position: 0, .. }));
        let tokens = tokenize("\"é\".a <= -007").unwrap();
        let starts: Vec<_> = tokens.iter().map(|t| t.start).collect();
        assert_eq!(starts, [0, 3, 4, 6, 9, 13]);
        assert_eq!(tokens[3].value_text(), "<=");
        assert_eq!(tokens[4].value_text(), "-7");
        assert_eq!(
            tokens[4].tok,
            Tok::Number {
                value: -7,
                text: "-7".into()
            }
        );
    }

    #[test]
    fn literals_follow_python() {
        let tokens = tokenize("`foo` `\"a\\`b\"` 'x\\'y'").unwrap();
        assert_eq!(tokens[0].tok, Tok::Literal(Value::from("foo")));
        assert_eq!(tokens[1].tok, Tok::Literal(Value::from("a`b")));
        assert_eq!(tokens[2].tok, Tok::Literal(Value::from("x'y")));
        assert_eq!(Number::Int(1), Number::Int(1));
    }
}
