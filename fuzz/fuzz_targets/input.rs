#![no_main]
//! cargo fuzz run input: JSON text through parse, merge and validation.

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::input_path(data));
