//! Randomized tests with a seeded generator (no extra dependency): serializer round trips, and
//! `parse` never panicking on arbitrary text.

use super::super::*;
use crate::python::value::{Map, Number, Value};

/// A small xorshift64* generator: deterministic, so a failure reproduces from its seed.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(super) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Characters that exercise every escaping rule: quotes, controls, DEL, non-printables, astral.
pub(super) const NASTY_CHARS: &[char] = &[
    'a',
    'Z',
    ' ',
    '"',
    '\'',
    '\\',
    '/',
    '\n',
    '\r',
    '\t',
    '\u{8}',
    '\u{c}',
    '\0',
    '\u{1f}',
    '\u{7f}',
    '\u{80}',
    '\u{a0}',
    '\u{ad}',
    'é',
    'ß',
    '日',
    '\u{2028}',
    '\u{fffd}',
    '\u{feff}',
    '\u{e000}',
    '😀',
    '\u{10ffff}',
    '\u{e0001}',
    '\u{378}',
];

pub(super) fn random_string(rng: &mut Rng) -> String {
    (0..rng.below(8)).map(|_| rng.pick(NASTY_CHARS)).collect()
}

/// A random float from raw bits, with the special values mixed in; NaN only if `allow_nan`.
pub(super) fn random_float(rng: &mut Rng, allow_nan: bool) -> f64 {
    let specials = [
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1e16,
        1e-7,
        5e-324,
    ];
    let f = match rng.below(4) {
        0 => rng.pick(&specials),
        1 => (rng.next() % 2_000_000) as f64 / 64.0 - 15_625.0,
        // Quarters near 2^50 sit exactly between two 17-digit decimals: rounding ties.
        2 => (rng.next() >> 11) as f64 / 4.0,
        _ => f64::from_bits(rng.next()),
    };
    if f.is_nan() && !allow_nan {
        0.5
    } else {
        f
    }
}

/// A random value at most `depth` containers deep.
pub(super) fn random_value(rng: &mut Rng, depth: usize) -> Value {
    let kinds = if depth == 0 { 6 } else { 8 };
    match rng.below(kinds) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => Value::Number(Number::Int(rng.next() as i64 >> rng.below(64))),
        3 => {
            // Beyond i64 on purpose, so it cannot come back as `Number::Int`.
            let digits: String = (0..20 + rng.below(30))
                .map(|i| char::from(b'0' + (rng.below(9) + usize::from(i != 0)) as u8))
                .collect();
            let sign = if rng.below(2) == 0 { "-" } else { "" };
            Value::Number(Number::BigInt(format!("{sign}9{digits}")))
        }
        4 => Value::Number(Number::Float(random_float(rng, false))),
        5 => Value::String(random_string(rng)),
        6 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth - 1))
                .collect(),
        ),
        _ => {
            let mut map = Map::new();
            for _ in 0..rng.below(4) {
                map.insert(random_string(rng), random_value(rng, depth - 1));
            }
            Value::Object(map)
        }
    }
}

#[test]
fn serializers_round_trip_through_parse() {
    let mut rng = Rng::new(0x5eed);
    for i in 0..3000 {
        let value = random_value(&mut rng, 4);
        for (name, text) in [
            ("to_pretty", to_pretty(&value)),
            ("to_compact_ascii", to_compact_ascii(&value)),
        ] {
            assert_eq!(
                parse(&text).as_ref(),
                Ok(&value),
                "case {i}, {name}: {text}"
            );
        }
        assert!(to_compact_ascii(&value).is_ascii(), "case {i}");
    }
}

#[test]
fn parse_never_panics_on_arbitrary_text() {
    let mut rng = Rng::new(42);
    let pieces = [
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        "\"",
        "\\",
        "\\u",
        "\\ud800",
        "\\udc00",
        "d8",
        "0",
        "1",
        "-",
        "+",
        ".",
        "e",
        "E",
        "9",
        "null",
        "tru",
        "NaN",
        "-Infinity",
        " ",
        "\n",
        "\t",
        "\u{1}",
        "é",
        "😀",
        "\u{feff}",
        "x",
        "\"k\":",
    ];
    for _ in 0..30_000 {
        let text: String = (0..rng.below(24)).map(|_| rng.pick(&pieces)).collect();
        if let Ok(value) = parse(&text) {
            // Anything accepted must survive a trip through both serializers.
            let back = parse(&to_compact_ascii(&value));
            let nan = to_compact_ascii(&value).contains("NaN");
            assert!(nan || back.as_ref() == Ok(&value), "{text:?}");
        }
    }
    // Fully random code points too, not just JSON-looking pieces.
    for _ in 0..5_000 {
        let text: String = (0..rng.below(16))
            .filter_map(|_| char::from_u32((rng.next() % 0x11_0000) as u32))
            .collect();
        let _ = parse(&text);
    }
}
