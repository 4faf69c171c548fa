//! Deep inputs must fail cleanly or succeed, never overflow the stack: nested expressions hit
//! our own limit, deeply nested data is walked within Python's recursion allowance.

use ssooidc::python::jmespath::{compile, QueryError, MAX_NESTING};
use ssooidc::python::value::{Map, Value};

/// Runs `f` on a thread with a small (1 MiB) stack, to show the margin.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no stack overflow")
}

fn too_deep(expr: &str) -> bool {
    compile(expr) == Err(QueryError::TooDeep { limit: MAX_NESTING })
}

#[test]
fn deep_expressions_are_refused() {
    on_small_stack(|| {
        let parens = 100_000;
        assert!(too_deep(&format!(
            "{}a{}",
            "(".repeat(parens),
            ")".repeat(parens)
        )));
        assert!(too_deep(&"!".repeat(100_000)));
        assert!(too_deep(&vec!["a"; 50_000].join(" | ")));
        assert!(too_deep(&vec!["a"; 50_000].join(" == ")));
        assert!(too_deep(&vec!["a[]"; 50_000].join(".")));
        assert!(too_deep(&format!(
            "{}a{}",
            "[".repeat(50_000),
            "]".repeat(50_000)
        )));
        // A long flat chain is one level per step in Python's tree too, but not nested.
        let chain = compile(&vec!["a"; 50_000].join("."));
        assert!(chain.is_ok(), "{:?}", chain.err());
    });
}

/// `open` repeated `n` times around `@`, closed by `close` repeated `n` times.
fn nest(open: &str, close: &str, n: usize) -> String {
    format!("{}@{}", open.repeat(n), close.repeat(n))
}

#[test]
fn expressions_at_the_limit_evaluate() {
    on_small_stack(|| {
        let data = Value::Array(vec![Value::from(1)]);
        let near = MAX_NESTING - 2;
        let cases = [
            nest("(", ")", near),
            nest("[", "]", near),
            nest("!", "", near),
            nest("{a: ", "}", near),
            nest("not_null(", ")", near),
            nest("[?", "]", near),
            nest("@.[", "]", near / 2),
            nest("sort_by(@, &", ")", near / 2),
            nest("(@ == ", ")", near / 2),
            vec!["@"; near].join(" | "),
            format!("@{}", "[*]".repeat(near / 3)),
        ];
        for expr in cases {
            let compiled = compile(&expr).unwrap_or_else(|e| panic!("{expr:.40}: {e}"));
            // Some of these fail at run time (sort_by on arrays); none may overflow.
            let _ = compiled.search(&data);
        }
    });
}

fn nested_data(levels: usize) -> Value {
    let mut value = Value::from("leaf");
    for i in 0..levels {
        value = if i % 2 == 0 {
            Value::Array(vec![value])
        } else {
            let mut map = Map::new();
            map.insert("k".to_owned(), value);
            Value::Object(map)
        };
    }
    value
}

#[test]
fn deep_data_is_walked_without_overflow() {
    on_small_stack(|| {
        let data = nested_data(512);
        let text = compile("to_string(@)").unwrap().search(&data).unwrap();
        assert!(matches!(&text, Value::String(s) if s.len() > 2000));
        let same = compile("@ == @").unwrap().search(&data).unwrap();
        assert_eq!(same, Value::Bool(true));
        let found = compile("contains([@], @)").unwrap().search(&data).unwrap();
        assert_eq!(found, Value::Bool(true));
        let typed = compile("abs(@)").unwrap().search(&data).unwrap_err();
        assert!(matches!(typed, QueryError::Type { .. }));
        let literal = format!("`{}1{}`", "[".repeat(200), "]".repeat(200));
        assert!(compile(&literal).is_ok());
        let literal = format!("`{}1{}`", "[".repeat(5000), "]".repeat(5000));
        assert!(too_deep(&literal));
        let deeper = nested_data(5000);
        assert!(compile("to_string(@)").unwrap().search(&deeper).is_err());
        drop_iteratively(deeper);
    });
}

/// Rust's own recursive drop of a 5000-level value is not what this test is about.
fn drop_iteratively(value: Value) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.into_values()),
            _ => {}
        }
    }
}
