//! Differential test: every case in `tests/golden.json` (written by `tests/gen_golden.py` from the
//! real awscli 1.45.11 formatters) must render byte for byte the same, including the error cases
//! (same partial stdout, same exception message on stderr).

use ssooidc::output::{try_render_table, try_render_text, RenderError};
use ssooidc::python::value::{Map, Number, Value};

const FIXTURE: &str = include_str!("../fixtures/conformance/output_golden.json");

#[test]
fn golden_cases_match_awscli() {
    let fixture = Parser::parse(FIXTURE);
    let cases = fixture.as_array().expect("fixture is a list");
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let case = case.as_object().expect("case is an object");
        let name = case["name"].as_str().expect("name");
        let value = &case["value"];
        let text = try_render_text(value);
        let table = try_render_table(value, "RegisterClient", false, 80);
        let color = try_render_table(value, "RegisterClient", true, 80);
        let wide = try_render_table(value, "RegisterClient", false, 200);
        let modes = [
            ("text", text),
            ("table", table),
            ("table_color", color),
            ("table_width_200", wide),
        ];
        for (mode, got) in modes {
            if let Err(why) = compare(&case[mode], got) {
                failures.push(format!("{name} [{mode}]: {why}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Compares one rendering with the recorded `{stdout, stderr, rc}`.
fn compare(expected: &Value, got: Result<String, RenderError>) -> Result<(), String> {
    let expected = expected.as_object().expect("mode entry");
    let stdout = expected["stdout"].as_str().expect("stdout");
    // With --color on, colorama's autoreset also appends resets to each stderr write.
    let stderr = expected["stderr"]
        .as_str()
        .expect("stderr")
        .replace("\x1b[0m", "");
    let rc = &expected["rc"];
    match got {
        Ok(out) if *rc == Value::from(0) && out == stdout => Ok(()),
        Err(err) if *rc == Value::from(255) && err.stdout == stdout => {
            let message = format!("\n{}\n", err.message);
            if message == stderr {
                Ok(())
            } else {
                Err(format!("stderr: expected {stderr:?}, got {message:?}"))
            }
        }
        other => Err(format!(
            "expected rc {rc:?} stdout\n{stdout}\n{stdout:?}\ngot {other:?}"
        )),
    }
}

/// A minimal JSON reader for the fixture, keeping Python's int/float distinction, big integers,
/// and `NaN`/`Infinity`, which Python's `json.dump` writes.
struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Parser<'a> {
    fn parse(text: &'a str) -> Value {
        let mut p = Parser {
            s: text.as_bytes(),
            i: 0,
        };
        let v = p.value();
        p.ws();
        assert_eq!(p.i, p.s.len(), "trailing data");
        v
    }

    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &str) -> bool {
        if self.s[self.i..].starts_with(lit.as_bytes()) {
            self.i += lit.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Value {
        self.ws();
        let first = self.s[self.i];
        match first {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' => Value::String(self.string()),
            _ if self.eat("null") => Value::Null,
            _ if self.eat("true") => Value::Bool(true),
            _ if self.eat("false") => Value::Bool(false),
            _ if self.eat("NaN") => Value::Number(Number::Float(f64::NAN)),
            _ if self.eat("Infinity") => Value::Number(Number::Float(f64::INFINITY)),
            _ if self.eat("-Infinity") => Value::Number(Number::Float(f64::NEG_INFINITY)),
            _ => self.number(),
        }
    }

    fn object(&mut self) -> Value {
        self.i += 1;
        let mut map = Map::new();
        self.ws();
        if self.eat("}") {
            return Value::Object(map);
        }
        loop {
            self.ws();
            let key = self.string();
            self.ws();
            assert!(self.eat(":"));
            let v = self.value();
            map.insert(key, v);
            self.ws();
            if self.eat("}") {
                return Value::Object(map);
            }
            assert!(self.eat(","));
        }
    }

    fn array(&mut self) -> Value {
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.eat("]") {
            return Value::Array(items);
        }
        loop {
            items.push(self.value());
            self.ws();
            if self.eat("]") {
                return Value::Array(items);
            }
            assert!(self.eat(","));
        }
    }

    fn hex4(&mut self) -> u32 {
        let h = std::str::from_utf8(&self.s[self.i..self.i + 4]).expect("hex");
        self.i += 4;
        u32::from_str_radix(h, 16).expect("hex digits")
    }

    fn string(&mut self) -> String {
        assert!(self.eat("\""));
        let mut out = Vec::new();
        loop {
            let b = self.s[self.i];
            self.i += 1;
            match b {
                b'"' => return String::from_utf8(out).expect("utf-8"),
                b'\\' => {
                    let e = self.s[self.i];
                    self.i += 1;
                    let c = match e {
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'u' => {
                            let mut cp = self.hex4();
                            if (0xd800..0xdc00).contains(&cp) && self.eat("\\u") {
                                cp = 0x10000 + ((cp - 0xd800) << 10) + (self.hex4() - 0xdc00);
                            }
                            char::from_u32(cp).expect("scalar value")
                        }
                        other => other as char,
                    };
                    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                }
                _ => out.push(b),
            }
        }
    }

    fn number(&mut self) -> Value {
        let start = self.i;
        while self.i < self.s.len() && b"+-.eE0123456789".contains(&self.s[self.i]) {
            self.i += 1;
        }
        let text = std::str::from_utf8(&self.s[start..self.i]).expect("number");
        if text.contains(['.', 'e', 'E']) {
            Value::Number(Number::Float(text.parse().expect("float")))
        } else if let Ok(n) = text.parse::<i64>() {
            Value::from(n)
        } else {
            Value::Number(Number::BigInt(text.to_owned()))
        }
    }
}
