//! How answers are read: error codes and messages, 5xx reason phrases, `long` members, and the
//! retry mode named `legacy`. Every expectation was recorded from the real AWS CLI v1 (awscli
//! 1.45.11) run as `aws sso-oidc register-client --client-name n --client-type public
//! --endpoint-url URL` against tests/fixtures/gen/mockserver.py answering the same reply.

use serde_json::Value;

use crate::support::server::Server;
use crate::support::{register, run, TempDir};

/// (reply, extra environment, exit code, stdout, stderr, requests v1 made).
type Case = (
    &'static str,
    &'static [(&'static str, &'static str)],
    i32,
    &'static str,
    &'static str,
    usize,
);

const CASES: &[Case] = &[
    // status500
    (
        "{\"status\": 500, \"body\": \"\"}",
        &[("AWS_MAX_ATTEMPTS", "1")],
        255,
        "",
        "\nAn error occurred (500) when calling the RegisterClient operation (reached max retries: 0): Internal Server Error\n",
        1,
    ),
    // status501
    (
        "{\"status\": 501, \"body\": \"\"}",
        &[("AWS_MAX_ATTEMPTS", "1")],
        255,
        "",
        "\nAn error occurred (501) when calling the RegisterClient operation: Not Implemented\n",
        1,
    ),
    // status504
    (
        "{\"status\": 504, \"body\": \"\"}",
        &[("AWS_MAX_ATTEMPTS", "1")],
        255,
        "",
        "\nAn error occurred (504) when calling the RegisterClient operation (reached max retries: 0): Gateway Timeout\n",
        1,
    ),
    // status505
    (
        "{\"status\": 505, \"body\": \"\"}",
        &[("AWS_MAX_ATTEMPTS", "1")],
        255,
        "",
        "\nAn error occurred (505) when calling the RegisterClient operation: HTTP Version Not Supported\n",
        1,
    ),
    // status506
    (
        "{\"status\": 506, \"body\": \"\"}",
        &[("AWS_MAX_ATTEMPTS", "1")],
        255,
        "",
        "\nAn error occurred (506) when calling the RegisterClient operation: Variant Also Negotiates\n",
        1,
    ),
    // status507
    (
        "{\"status\": 507, \"body\": \"\"}",
        &[("AWS_MAX_ATTEMPTS", "1")],
        255,
        "",
        "\nAn error occurred (507) when calling the RegisterClient operation: Insufficient Storage\n",
        1,
    ),
    // status508
    (
        "{\"status\": 508, \"body\": \"\"}",
        &[("AWS_MAX_ATTEMPTS", "1")],
        255,
        "",
        "\nAn error occurred (508) when calling the RegisterClient operation: Loop Detected\n",
        1,
    ),
    // status510
    (
        "{\"status\": 510, \"body\": \"\"}",
        &[("AWS_MAX_ATTEMPTS", "1")],
        255,
        "",
        "\nAn error occurred (510) when calling the RegisterClient operation: Not Extended\n",
        1,
    ),
    // status511
    (
        "{\"status\": 511, \"body\": \"\"}",
        &[("AWS_MAX_ATTEMPTS", "1")],
        255,
        "",
        "\nAn error occurred (511) when calling the RegisterClient operation: Network Authentication Required\n",
        1,
    ),
    // bool_long
    (
        "{\"status\": 200, \"body\": \"{\\\"clientId\\\": \\\"c\\\", \\\"clientIdIssuedAt\\\": true}\"}",
        &[],
        0,
        "{\n    \"clientId\": \"c\",\n    \"clientIdIssuedAt\": 1\n}\n",
        "",
        1,
    ),
    // plus_long
    (
        "{\"status\": 200, \"body\": \"{\\\"clientId\\\": \\\"c\\\", \\\"clientIdIssuedAt\\\": \\\"+12\\\"}\"}",
        &[],
        0,
        "{\n    \"clientId\": \"c\",\n    \"clientIdIssuedAt\": 12\n}\n",
        "",
        1,
    ),
    // desc_302
    (
        "{\"status\": 302, \"body\": \"{\\\"error\\\": \\\"x\\\", \\\"error_description\\\": \\\"d\\\"}\"}",
        &[],
        255,
        "",
        "\nAn error occurred (302) when calling the RegisterClient operation: \n",
        1,
    ),
    // null_code
    (
        "{\"status\": 400, \"body\": \"{\\\"code\\\": null, \\\"__type\\\": \\\"T\\\", \\\"message\\\": \\\"m\\\"}\"}",
        &[],
        255,
        "",
        "\nAn error occurred (T) when calling the RegisterClient operation: m\n",
        1,
    ),
    // legacy
    (
        "{\"status\": 500, \"body\": \"{\\\"message\\\": \\\"m\\\"}\"}",
        &[("AWS_RETRY_MODE", "legacy")],
        255,
        "",
        "\nAn error occurred (500) when calling the RegisterClient operation (reached max retries: 4): m\n",
        5,
    ),
];

// Guards: reason phrases of bodiless 5xx answers, `long` members given as a boolean or a signed
// string, an OAuth description on a 3xx answer (not used), a null `code` (falls back to
// `__type`), and AWS_RETRY_MODE=legacy (5 attempts).
#[test]
fn answers_read_as_v1_reads_them() {
    for &(reply, env, code, stdout, stderr, requests) in CASES {
        let reply: Value = serde_json::from_str(reply).unwrap();
        let server = Server::always(reply.clone());
        let dir = TempDir::new();
        let mut cmd = register(&server.url(), &dir);
        for (key, value) in env {
            cmd.env(key, value);
        }
        let out = run(&mut cmd, None);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{reply_text}: {out:?}",
            reply_text = reply
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout), stdout, "{reply}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), stderr, "{reply}");
        assert_eq!(server.requests().len(), requests, "{reply}");
    }
}

// Guards: a `long` member that is infinite or NaN is not an integer (v1 fails with exit 255 and
// Python's "cannot convert float ... to integer"; ssooidc words it in its own way, policy P3).
#[test]
fn non_finite_long_members_fail() {
    for body in [
        r#"{"clientId": "c", "clientIdIssuedAt": 1e999}"#,
        r#"{"clientId": "c", "clientIdIssuedAt": NaN}"#,
    ] {
        let server = Server::always(serde_json::json!({"status": 200, "body": body}));
        let dir = TempDir::new();
        let out = run(&mut register(&server.url(), &dir), None);
        assert_eq!(out.status.code(), Some(255), "{body}: {out:?}");
        assert!(out.stdout.is_empty(), "{body}: {out:?}");
    }
}
