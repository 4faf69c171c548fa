//! Nesting tests: the depth cap, and that nothing recurses on hostile depth, proven on a thread
//! with a deliberately small stack.

use super::super::*;
use crate::python::value::Value;

/// Runs `f` on a thread with only 256 KiB of stack, so unbounded recursion would crash the test.
fn on_small_stack<F: FnOnce() + Send + 'static>(f: F) {
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .expect("spawn thread");
    handle.join().expect("small-stack thread panicked");
}

#[test]
fn ten_thousand_open_brackets_fail_cleanly() {
    on_small_stack(|| {
        for open in ["[", "{\"k\":", "[{\"a\":"] {
            let text = open.repeat(10_000);
            let err = parse(&text).expect_err("too deep");
            assert_eq!(err.message(), "Nested too deeply", "{open}");
            // 512 levels open fine; the bracket that opens level 513 is reported.
            let opened = text.match_indices(['[', '{']).nth(MAX_DEPTH);
            let at = opened.map(|(i, _)| i).expect("enough brackets");
            assert_eq!(err.position(), at, "{open}");
            assert_eq!(
                err.to_string(),
                format!("Nested too deeply: line 1 column {} (char {at})", at + 1)
            );
        }
    });
}

#[test]
fn max_depth_values_parse_and_serialize_on_a_small_stack() {
    on_small_stack(|| {
        let arrays = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        let objects = format!("{}1{}", "{\"k\": ".repeat(MAX_DEPTH), "}".repeat(MAX_DEPTH));
        for text in [arrays, objects] {
            let value = parse(&text).expect("exactly MAX_DEPTH levels are allowed");
            assert_eq!(to_compact_ascii(&value), text);
            // Compared through text: the derived `PartialEq` of `Value` recurses, and in debug
            // builds needs more than this small stack for 512-deep objects.
            let pretty = to_pretty(&value);
            let back = parse(&pretty).expect("pretty output parses");
            assert_eq!(to_compact_ascii(&back), text);
            assert_eq!(repr(&value).len(), text.len());
            let one_more = format!("[{text}]");
            assert!(parse(&one_more).is_err());
        }
    });
}

#[test]
fn pretty_indents_each_level_by_four() {
    let value = parse("[[[]]]").unwrap_or(Value::Null);
    assert_eq!(to_pretty(&value), "[\n    [\n        []\n    ]\n]");
}
