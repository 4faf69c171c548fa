//! Live differential test: random (often broken) JSON texts and random floats go through the
//! real `python3` (`python` on Windows) and through this module, and every output must agree.
//! A missing Python fails the test: it is part of the test set-up.

use super::super::*;
use super::random::{random_float, Rng, NASTY_CHARS};
use super::Failures;
use std::io::Write as _;
use std::process::{Command, Stdio};

/// Reads `J <hex utf-8>` / `F <hex bits>` lines and answers each with tab-separated hex fields.
const PYTHON: &str = r#"
import json, struct, sys
h = lambda s: s.encode('utf-8').hex()
for line in sys.stdin:
    kind, _, arg = line.rstrip('\n').partition(' ')
    if kind == 'F':
        f = struct.unpack('<d', bytes.fromhex(arg))[0]
        print('F', h(repr(f)), h(json.dumps(f)))
        continue
    try:
        v = json.loads(bytes.fromhex(arg).decode('utf-8'))
    except (ValueError, RecursionError) as e:
        print('ERR', h(str(e)))
        continue
    try:
        print('OK', *map(h, [json.dumps(v, indent=4, ensure_ascii=False), json.dumps(v),
                             repr(v), str(v), repr(type(v))]))
    except UnicodeEncodeError:
        print('SKIP')  # a lone surrogate: documented to differ
"#;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> String {
    let bytes: Vec<u8> = (0..s.len() / 2)
        .filter_map(|i| u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok())
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A random JSON-ish text: valid structure with random spacing, escapes and number forms.
fn random_text(rng: &mut Rng, depth: usize, out: &mut String) {
    let spaces = ["", "", " ", "\n", "\t ", "\r\n  "];
    out.push_str(rng.pick(&spaces));
    match rng.below(if depth == 0 { 5 } else { 7 }) {
        0 => out.push_str(rng.pick(&["null", "true", "false", "NaN", "Infinity", "-Infinity"])),
        1 => {
            let ints = [
                "0",
                "-0",
                "7",
                "-12",
                "9223372036854775807",
                "9223372036854775808",
            ];
            out.push_str(rng.pick(&ints));
            if rng.below(3) == 0 {
                out.push_str(&rng.next().to_string());
            }
        }
        2 => out.push_str(rng.pick(&["0.5", "-0.0", "1e5", "1E+2", "2.5e-7", "1e400", "0.1"])),
        3 => out.push_str(&format!("{:e}", random_float(rng, false).abs())),
        4 => {
            out.push('"');
            for _ in 0..rng.below(6) {
                match rng.below(4) {
                    0 => out.push_str(rng.pick(&["\\n", "\\\"", "\\\\", "\\/", "\\b", "\\u00e9"])),
                    1 => {
                        out.push_str(rng.pick(&["\\ud83d\\ude00", "\\u0001", "\\u2028", "\\uFFFF"]))
                    }
                    _ => match rng.pick(NASTY_CHARS) {
                        c @ ('"' | '\\' | '\0'..='\u{1f}') => {
                            out.push_str(&format!("\\u{:04x}", c as u32))
                        }
                        c => out.push(c),
                    },
                }
            }
            out.push('"');
        }
        5 => {
            out.push('[');
            for i in 0..rng.below(4) {
                if i > 0 {
                    out.push(',');
                }
                random_text(rng, depth - 1, out);
            }
            out.push(']');
        }
        _ => {
            out.push('{');
            for i in 0..rng.below(4) {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&format!("\"{}\":", rng.pick(&["a", "b", "é", "k\\n"])));
                random_text(rng, depth - 1, out);
            }
            out.push('}');
        }
    }
    out.push_str(rng.pick(&spaces));
}

/// Breaks a text at a random spot half of the time, so error paths get exercised.
fn maybe_break(rng: &mut Rng, text: String) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    if rng.below(2) == 0 || chars.is_empty() {
        return text;
    }
    let at = rng.below(chars.len());
    match rng.below(3) {
        0 => {
            chars.remove(at);
        }
        1 => chars.insert(
            at,
            rng.pick(&[',', ']', '}', '"', '\\', ':', 'x', '\u{1}', '.', 'é']),
        ),
        _ => chars.truncate(at),
    }
    chars.into_iter().collect()
}

/// A count or seed from the environment, for long soak runs (`JSON_DIFF_TEXTS`,
/// `JSON_DIFF_FLOATS`, `JSON_DIFF_SEED`), else the quick default.
fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

#[test]
fn agrees_with_live_python() {
    let mut rng = Rng::new(env_or("JSON_DIFF_SEED", 7));
    let texts: Vec<String> = (0..env_or("JSON_DIFF_TEXTS", 300))
        .map(|_| {
            let mut text = String::new();
            random_text(&mut rng, 3, &mut text);
            maybe_break(&mut rng, text)
        })
        .collect();
    let floats: Vec<f64> = (0..env_or("JSON_DIFF_FLOATS", 3000))
        .map(|_| random_float(&mut rng, true))
        .collect();
    let mut input = String::new();
    for text in &texts {
        input.push_str(&format!("J {}\n", hex(text.as_bytes())));
    }
    for f in &floats {
        input.push_str(&format!("F {}\n", hex(&f.to_le_bytes())));
    }
    // python3 is part of the test set-up (README, Tests): a missing one fails, never skips.
    // Windows installs (and GitHub's runners) name it `python`.
    let python = if cfg!(windows) { "python" } else { "python3" };
    let mut child = Command::new(python)
        .args(["-c", PYTHON])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("this differential test needs python3 on PATH");
    // Feed stdin from another thread: writing it all first could deadlock once python3 blocks
    // on a full stdout pipe that nobody reads yet.
    let stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(mut stdin) = stdin {
            stdin.write_all(input.as_bytes()).expect("write to python3");
        }
    });
    let output = child.wait_with_output().expect("python3 output");
    writer.join().expect("stdin writer");
    assert!(output.status.success(), "python3 failed");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), texts.len() + floats.len());
    let outcomes = ["OK", "ERR", "SKIP"].map(|kind| {
        let n = lines
            .iter()
            .filter(|l| l.split(' ').next() == Some(kind))
            .count();
        format!("{n} {kind}")
    });
    eprintln!("python3 outcomes: {}", outcomes.join(", "));
    let mut failures = Failures::default();
    for (text, line) in texts.iter().zip(&lines) {
        let fields: Vec<String> = line.split(' ').skip(1).map(unhex).collect();
        match (line.split(' ').next(), parse(text)) {
            (Some("SKIP"), _) => {}
            (Some("ERR"), Err(e)) => failures.check("error", text, &e.to_string(), &fields[0]),
            (Some("OK"), Ok(v)) => {
                let ours = [
                    to_pretty(&v),
                    to_compact_ascii(&v),
                    repr(&v),
                    python_str(&v),
                    python_type_name(&v).to_owned(),
                ];
                for (got, want) in ours.iter().zip(&fields) {
                    failures.check("output", text, got, want);
                }
            }
            (_, ours) => failures.check("outcome", text, &format!("{ours:?}"), line),
        }
    }
    for (f, line) in floats.iter().zip(&lines[texts.len()..]) {
        let fields: Vec<String> = line.split(' ').skip(1).map(unhex).collect();
        let value = crate::python::value::Value::Number(crate::python::value::Number::Float(*f));
        failures.check("float_repr", &fields[0], &float_repr(*f), &fields[0]);
        failures.check("json float", &fields[0], &to_pretty(&value), &fields[1]);
    }
    failures.assert_none();
}
