//! The `cargo fuzz` targets run on stable Rust: the committed seed corpus, then thousands of
//! inputs from a seeded generator (random bytes, and mutations of the seeds), through exactly
//! the functions the fuzzer calls. Deterministic: a failure names its seed and iteration.
//! `SSOOIDC_FUZZ_ITERATIONS` raises the count for a longer local run.

use crate::targets;

use std::path::Path;

/// xorshift64*: small, fast, and the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Tokens that steer random bytes towards interesting JSON and HTTP shapes.
const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b":",
    b",",
    b"null",
    b"true",
    b"1e999",
    b"-0",
    b"NaN",
    b"\\u0000",
    b"\\ud800",
    b"\"clientName\"",
    b"\"clientType\"",
    b"\"scopes\"",
    b"\"grantTypes\"",
    b"\"clientSecret\"",
    b"\"clientIdIssuedAt\"",
    b"\"message\"",
    b"\"__type\"",
    b"\"code\"",
    b"\"error_description\"",
    b"x-amzn-errortype:",
    b"\x00",
    b"\xff",
    b"\xc3",
    b"12345678901234567890123",
    b"1_000",
    b" ",
];

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.expect("corpus entry").path())
        .collect();
    files.sort();
    let seeds: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).expect("read seed"))
        .collect();
    assert!(!seeds.is_empty(), "empty corpus for {target}");
    seeds
}

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..=rng.below(8) {
        let at = rng.below(data.len() + 1);
        match rng.below(5) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 => data.truncate(at),
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                data.splice(at..at, token.iter().copied());
            }
            3 if !data.is_empty() => {
                let end = (at + rng.below(16)).min(data.len());
                data.drain(at.min(end)..end);
            }
            _ => data.insert(at, rng.next() as u8),
        }
    }
    data
}

fn random_bytes(rng: &mut Rng) -> Vec<u8> {
    let len = rng.below(256);
    let mut data = Vec::with_capacity(len);
    while data.len() < len {
        if rng.below(3) == 0 {
            data.extend_from_slice(TOKENS[rng.below(TOKENS.len())]);
        } else {
            data.push(rng.next() as u8);
        }
    }
    data
}

fn iterations() -> usize {
    std::env::var("SSOOIDC_FUZZ_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000)
}

fn drive(target: &str, seed: u64, run: fn(&[u8])) {
    let corpus = seeds(target);
    for data in &corpus {
        run(data);
    }
    let mut rng = Rng(seed);
    for i in 0..iterations() {
        let data = if i % 4 == 0 {
            random_bytes(&mut rng)
        } else {
            let base = &corpus[rng.below(corpus.len())];
            mutate(&mut rng, base)
        };
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(
            outcome.is_ok(),
            "{target}: seed {seed:#x}, iteration {i}, input {:?}",
            String::from_utf8_lossy(&data)
        );
    }
}

// Guards: the input path (parse, merge, validate) never panics and keeps its invariants.
#[test]
fn input_target_on_stable() {
    drive("input", 0x5EED_1234_ABCD_0001, targets::input_path);
}

// Guards: the response path (interpret, redact, render) never panics and keeps its invariants.
#[test]
fn response_target_on_stable() {
    drive("response", 0x5EED_1234_ABCD_0002, targets::response_path);
}
