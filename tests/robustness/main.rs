//! Robustness of the library's parsers on arbitrary input: property tests (proptest) and the
//! fuzz targets of `fuzz/` driven by a seeded generator on stable Rust.

mod fuzz_stable;
mod properties;

/// The fuzz targets' bodies, compiled here exactly as `cargo fuzz` compiles them.
#[path = "../../fuzz/targets.rs"]
mod targets;
