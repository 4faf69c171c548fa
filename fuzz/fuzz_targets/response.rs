#![no_main]
//! cargo fuzz run response: arbitrary status, headers and body through the response parser and
//! the renderers.

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::response_path(data));
