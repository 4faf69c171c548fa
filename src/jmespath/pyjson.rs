//! `json.loads` as CPython's C scanner does it, for backtick literals and quoted identifiers:
//! `NaN`/`Infinity` accepted, integers exact and unbounded, a repeated key keeps its first
//! position and last value, and the error texts that the lexer quotes.

use super::bigint::BigInt;
use super::strnum::INT_MAX_STR_DIGITS;
use super::MAX_NESTING;
use crate::value::{Map, Number, Value};

/// Why `json.loads` failed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LoadError {
    /// A `JSONDecodeError` (a `ValueError`); the text is its message up to the first colon, which
    /// is all the lexer ever shows of it.
    Invalid(&'static str),
    /// Nested deeper than [`MAX_NESTING`]: Python's recursion limit would allow about 1000
    /// levels, but a literal that deep in a query is not worth the stack.
    TooDeep,
}

type Load<T> = Result<T, LoadError>;

/// Parses a whole JSON document with surrounding JSON whitespace.
pub(crate) fn loads(text: &[char]) -> Load<Value> {
    let mut scanner = Scanner { text, pos: 0 };
    scanner.skip_ws();
    let value = scanner.value(0)?;
    scanner.skip_ws();
    if scanner.pos != text.len() {
        return Err(LoadError::Invalid("Extra data"));
    }
    Ok(value)
}

struct Scanner<'t> {
    text: &'t [char],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<char> {
        self.text.get(self.pos).copied()
    }

    fn at(&self, index: usize) -> Option<char> {
        self.text.get(index).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.pos += 1;
        }
    }

    fn starts_with(&self, word: &str) -> bool {
        word.chars()
            .enumerate()
            .all(|(i, c)| self.at(self.pos + i) == Some(c))
    }

    /// `scan_once`: one value starting exactly at `pos`.
    fn value(&mut self, depth: usize) -> Load<Value> {
        match self.peek() {
            Some('"') => self.string().map(Value::String),
            Some('{') => self.object(depth + 1),
            Some('[') => self.array(depth + 1),
            _ => match self.constant() {
                Some(value) => Ok(value),
                None => self.number(),
            },
        }
    }

    /// `null`, `true`, `false`, `NaN`, `Infinity` or `-Infinity` at `pos`.
    fn constant(&mut self) -> Option<Value> {
        const WORDS: [&str; 6] = ["null", "true", "false", "NaN", "Infinity", "-Infinity"];
        let word = WORDS.into_iter().find(|word| self.starts_with(word))?;
        self.pos += word.len();
        Some(match word {
            "null" => Value::Null,
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "NaN" => Value::Number(Number::Float(f64::NAN)),
            "Infinity" => Value::Number(Number::Float(f64::INFINITY)),
            _ => Value::Number(Number::Float(f64::NEG_INFINITY)),
        })
    }

    fn enter(depth: usize) -> Load<()> {
        if depth > MAX_NESTING {
            Err(LoadError::TooDeep)
        } else {
            Ok(())
        }
    }

    fn object(&mut self, depth: usize) -> Load<Value> {
        Self::enter(depth)?;
        self.pos += 1;
        let mut map = Map::new();
        self.skip_ws();
        if self.peek() == Some('}') {
            self.pos += 1;
            return Ok(Value::Object(map));
        }
        loop {
            if self.peek() != Some('"') {
                return Err(LoadError::Invalid(
                    "Expecting property name enclosed in double quotes",
                ));
            }
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(':') {
                return Err(LoadError::Invalid("Expecting ':' delimiter"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth)?;
            // IndexMap keeps the first position and takes the new value, as a dict does.
            map.insert(key, value);
            self.skip_ws();
            match self.peek() {
                Some('}') => {
                    self.pos += 1;
                    return Ok(Value::Object(map));
                }
                Some(',') => self.pos += 1,
                _ => return Err(LoadError::Invalid("Expecting ',' delimiter")),
            }
            self.skip_ws();
        }
    }

    fn array(&mut self, depth: usize) -> Load<Value> {
        Self::enter(depth)?;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.peek() {
                Some(']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                Some(',') => self.pos += 1,
                _ => return Err(LoadError::Invalid("Expecting ',' delimiter")),
            }
            self.skip_ws();
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// `_match_number_unicode`: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`, where a
    /// dangling `.` or exponent is left unconsumed (and then fails as extra data).
    fn number(&mut self) -> Load<Value> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        match self.peek() {
            Some('0') => self.pos += 1,
            Some('1'..='9') => {
                self.digits();
            }
            _ => return Err(LoadError::Invalid("Expecting value")),
        }
        let mut is_float = false;
        if self.peek() == Some('.') && self.at(self.pos + 1).is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
            self.digits();
            is_float = true;
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let mark = self.pos;
            self.pos += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                self.pos = mark;
            } else {
                is_float = true;
            }
        }
        let literal: String = self
            .text
            .get(start..self.pos)
            .unwrap_or_default()
            .iter()
            .collect();
        let digits = literal.trim_start_matches('-').len();
        let number = if is_float {
            Number::Float(literal.parse::<f64>().unwrap_or(f64::NAN))
        } else if digits > INT_MAX_STR_DIGITS {
            // `int()`'s digit limit raises a ValueError, which the lexer treats as bad JSON.
            return Err(LoadError::Invalid(
                "Exceeds the limit for integer string conversion",
            ));
        } else {
            BigInt::parse(&literal)
                .ok_or(LoadError::Invalid("Expecting value"))?
                .into_number()
        };
        Ok(Value::Number(number))
    }

    /// `scanstring` (strict): `pos` is at the opening quote; returns the decoded text.
    fn string(&mut self) -> Load<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let c = self
                .peek()
                .ok_or(LoadError::Invalid("Unterminated string starting at"))?;
            self.pos += 1;
            match c {
                '"' => return Ok(out),
                '\\' => self.escape(&mut out)?,
                c if (c as u32) < 0x20 => {
                    return Err(LoadError::Invalid("Invalid control character at"))
                }
                c => out.push(c),
            }
        }
    }

    /// One escape; `pos` is just after the backslash.
    fn escape(&mut self, out: &mut String) -> Load<()> {
        let c = self
            .peek()
            .ok_or(LoadError::Invalid("Unterminated string starting at"))?;
        self.pos += 1;
        let simple = match c {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => return self.unicode_escape(out),
            _ => return Err(LoadError::Invalid("Invalid \\escape")),
        };
        out.push(simple);
        Ok(())
    }

    fn hex4(&self, at: usize) -> Load<u32> {
        (at..at + 4).try_fold(0u32, |acc, i| {
            let digit = self.at(i).and_then(|c| c.to_digit(16));
            digit
                .map(|d| acc * 16 + d)
                .ok_or(LoadError::Invalid("Invalid \\uXXXX escape"))
        })
    }

    /// `\uXXXX`, joining a surrogate pair. CPython requires a character after the four digits
    /// and only looks for a low surrogate when at least seven characters follow. A lone
    /// surrogate cannot live in a Rust string and becomes U+FFFD.
    fn unicode_escape(&mut self, out: &mut String) -> Load<()> {
        if self.pos + 4 >= self.text.len() {
            return Err(LoadError::Invalid("Invalid \\uXXXX escape"));
        }
        let mut code = self.hex4(self.pos)?;
        self.pos += 4;
        let end = self.pos;
        if (0xD800..=0xDBFF).contains(&code)
            && end + 6 < self.text.len()
            && self.at(end) == Some('\\')
            && self.at(end + 1) == Some('u')
        {
            let low = self.hex4(end + 2)?;
            if (0xDC00..=0xDFFF).contains(&low) {
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                self.pos += 6;
            }
        }
        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Load<Value> {
        loads(&text.chars().collect::<Vec<_>>())
    }

    #[test]
    fn parses_python_json() {
        assert_eq!(load(" -0 ").unwrap(), Value::Number(Number::Int(0)));
        assert_eq!(load("1.0").unwrap(), Value::Number(Number::Float(1.0)));
        assert_eq!(
            load("123456789012345678901234").unwrap(),
            Value::Number(Number::BigInt("123456789012345678901234".into()))
        );
        let object = load(r#"{"b": 1, "a": 2, "b": 3}"#).unwrap();
        let keys: Vec<_> = object.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["b", "a"]);
        assert_eq!(object.as_object().unwrap()["b"], Value::from(3));
        assert_eq!(load(r#""\ud83d\ude00""#).unwrap(), Value::from("\u{1f600}"));
    }

    #[test]
    fn rejects_like_python() {
        assert_eq!(load("1."), Err(LoadError::Invalid("Extra data")));
        assert_eq!(load("01"), Err(LoadError::Invalid("Extra data")));
        assert_eq!(
            load("\"a\nb\""),
            Err(LoadError::Invalid("Invalid control character at"))
        );
        assert_eq!(load(r#""\q""#), Err(LoadError::Invalid("Invalid \\escape")));
        assert_eq!(
            load(r#""\u12""#),
            Err(LoadError::Invalid("Invalid \\uXXXX escape"))
        );
        assert_eq!(load("foo"), Err(LoadError::Invalid("Expecting value")));
        assert!(load(&"1".repeat(4301)).is_err() && load(&"1".repeat(4300)).is_ok());
        let deep = "[".repeat(MAX_NESTING + 2);
        assert_eq!(load(&deep), Err(LoadError::TooDeep));
    }
}
