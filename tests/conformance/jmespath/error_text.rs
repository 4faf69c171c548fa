//! The exact texts the AWS CLI prints after `Bad value for --query EXPR: ` (compile errors) or
//! on its own (search errors), each copied from Python jmespath 1.1.0's `str(exception)`.

use ssooidc::python::jmespath::{compile, QueryError};
use ssooidc::python::value::Value;

fn compile_error(expr: &str) -> String {
    compile(expr).expect_err("should not compile").to_string()
}

fn search_error(expr: &str) -> String {
    let expression = compile(expr).expect("compiles");
    expression
        .search(&Value::Null)
        .expect_err("should fail")
        .to_string()
}

#[test]
fn compile_errors_read_like_python() {
    let cases = [
        // The one recorded from the real CLI (its stderr adds the prefix and newlines).
        ("[clientId", "Invalid jmespath expression: Incomplete expression:\n\"[clientId\"\n          ^"),
        ("", "Invalid JMESPath expression: cannot be empty."),
        ("a.", "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: eof: Parse error at column 2, token \"\" (EOF), for expression:\n\"a.\"\n   ^"),
        ("a =", "Bad jmespath expression: Unknown token '=':\na =\n  ^"),
        ("#", "Bad jmespath expression: Unknown token #:\n#\n^"),
        ("a[1:2:3:4]", "syntax error: Parse error at column 7, token \":\" (COLON), for expression:\n\"a[1:2:3:4]\"\n        ^"),
        ("\"f\"(a)", "Quoted identifier not allowed for function names.: Parse error at column 0, token \"(\" (LPAREN), for expression:\n\"\"f\"(a)\"\n ^"),
        ("@(a)", "Invalid function name '@': Parse error at column 0, token \"@\" (CURRENT), for expression:\n\"@(a)\"\n ^"),
        ("'abc", "Bad jmespath expression: Unclosed ' delimiter:\n'abc\n^"),
        ("\"a\\qb\"", "Bad jmespath expression: Invalid \\escape:\n\"a\\qb\"\n^"),
        ("a `{\"a\": [1, 2.5, true, null]}`", "Unexpected token: {'a': [1, 2.5, True, None]}: Parse error at column 2, token \"{'a': [1, 2.5, True, None]}\" (LITERAL), for expression:\n\"a `{\"a\": [1, 2.5, true, null]}`\"\n   ^"),
        ("{a b}", "Expecting: colon, got: unquoted_identifier: Parse error at column 3, token \"b\" (UNQUOTED_IDENTIFIER), for expression:\n\"{a b}\"\n    ^"),
        ("a[b]", "Expecting: star, got: unquoted_identifier: Parse error at column 2, token \"b\" (UNQUOTED_IDENTIFIER), for expression:\n\"a[b]\"\n   ^"),
        ("\"\u{e9}\" x", "Unexpected token: x: Parse error at column 4, token \"x\" (UNQUOTED_IDENTIFIER), for expression:\n\"\"\u{e9}\" x\"\n     ^"),
    ];
    for (expr, expected) in cases {
        assert_eq!(compile_error(expr), expected, "{expr:?}");
    }
}

#[test]
fn search_errors_read_like_python() {
    let cases = [
        ("length(`1`)", "In function length(), invalid type for value: 1, expected one of: ['string', 'array', 'object'], received: \"number\""),
        ("length(@, @)", "Expected 1 argument for function length(), received 2"),
        ("not_null()", "Expected at least 1 argument for function not_null(), received 0"),
        ("foo(@)", "Unknown function: foo()"),
        ("sum(`[1, \"a\"]`)", "In function sum(), invalid type for value: a, expected one of: ['array-number'], received: \"str\""),
        ("`1` < 'a'", "'<' not supported between instances of 'int' and 'str'"),
        ("`[1, 2]`[::0]", "slice step cannot be zero"),
        ("merge(`{}`, `1`)", "'int' object is not iterable"),
        ("floor(`NaN`)", "cannot convert float NaN to integer"),
    ];
    for (expr, expected) in cases {
        assert_eq!(search_error(expr), expected, "{expr:?}");
    }
}

#[test]
fn errors_say_when_they_happen() {
    assert!(compile("[a").unwrap_err().is_compile_error());
    // Python checks function names and arities only when the call runs.
    assert!(compile("nope(@)").is_ok());
    assert!(!compile("length(@, @)")
        .unwrap()
        .search(&Value::Null)
        .unwrap_err()
        .is_compile_error());
    assert_eq!(
        compile("&a").unwrap().search(&Value::Null),
        Err(QueryError::ExprefValue)
    );
}
