//! Reading the service's answer as botocore's rest-json parser does.
//!
//! Success bodies are read member by member from the output model: unknown and `null` members are
//! dropped, integers go through Python's `int()`, everything else passes through as sent.
//! Error answers yield a code and a message by botocore's rules (`RestJSONParser._do_error_parse`,
//! `_inject_error_code`, and the SSO-OIDC `error_description` mapping in `handlers.py`).

use crate::net::transport::Response;
use crate::python::json;
use crate::python::value::{Map, Value};
use crate::service::model::{read_structure, Operation};

/// What an answer means.
#[derive(Clone, PartialEq)]
pub enum Answer {
    /// A successful answer: the output members (possibly none).
    Success(Map),
    /// An error answer.
    Failure(ServiceError),
}

/// Shows a success's members with secret values as `***`, so that formatting an answer (a log,
/// a failed assertion, a panic message) cannot print the client secret.
impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Answer::Success(members) => {
                let mut shown = Value::Object(members.clone());
                crate::secret::redact(&mut shown, crate::service::model::is_sensitive);
                f.debug_tuple("Success").field(&shown).finish()
            }
            Answer::Failure(error) => f.debug_tuple("Failure").field(error).finish(),
        }
    }
}

/// An error answer's parts.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceError {
    /// The HTTP status.
    pub status: u16,
    /// The error code.
    pub code: String,
    /// The message (possibly empty).
    pub message: String,
}

/// Interprets a complete response. `Err` holds a one-line description of an answer that is not
/// one the service gives (policies P2 and P3).
pub fn interpret(operation: &Operation, response: &Response) -> Result<Answer, String> {
    if response.status >= 301 {
        return parse_error(response).map(Answer::Failure);
    }
    let body = std::str::from_utf8(response.body.expose()).map_err(|_| {
        format!(
            "HTTP {} with a body that is not UTF-8 text",
            response.status
        )
    })?;
    if body.is_empty() {
        return Ok(Answer::Success(Map::new()));
    }
    let document = json::parse(body).map_err(|err| {
        format!(
            "HTTP {} with a body that is not JSON ({err})",
            response.status
        )
    })?;
    let Value::Object(members) = document else {
        return Err(format!(
            "HTTP {} with a JSON body that is not an object",
            response.status
        ));
    };
    read_structure(operation.output, &members).map(Answer::Success)
}

/// botocore's error parsing for rest-json, with the OAuth `error_description` mapping.
fn parse_error(response: &Response) -> Result<ServiceError, String> {
    let status = response.status;
    let raw = std::str::from_utf8(response.body.expose())
        .map_err(|_| format!("HTTP {status} with a body that is not UTF-8 text"))?;
    if status >= 500 {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with("<html>") {
            return Ok(ServiceError {
                status,
                code: status.to_string(),
                message: reason_phrase(status).to_owned(),
            });
        }
    }
    let body = match raw {
        "" => Map::new(),
        text => match json::parse(text) {
            Ok(Value::Object(map)) => map,
            Ok(_) => {
                return Err(format!(
                    "HTTP {status} with a JSON body that is not an object"
                ))
            }
            Err(_) => Map::from([("message".to_owned(), Value::from(text))]),
        },
    };
    Ok(ServiceError {
        status,
        code: error_code(response, &body),
        message: error_message(status, &body),
    })
}

fn error_message(status: u16, body: &Map) -> String {
    let described = body.get("error_description").filter(|d| d.is_truthy());
    let has_message = body
        .get("Message")
        .or_else(|| body.get("message"))
        .is_some_and(Value::is_truthy);
    let value = body.get("message").or_else(|| body.get("Message"));
    match (value, described) {
        (Some(value), _) => json::python_str(value),
        (None, Some(description)) if status >= 400 && !has_message => json::python_str(description),
        (None, _) => String::new(),
    }
}

fn error_code(response: &Response, body: &Map) -> String {
    let from_body = body.get("code").or_else(|| body.get("Code"));
    let code = match (response.header("x-amzn-errortype"), from_body) {
        (Some(header), _) => Value::from(header),
        (None, Some(code)) if !code.is_null() => code.clone(),
        _ => body
            .get("__type")
            .cloned()
            .unwrap_or_else(|| Value::from(response.status.to_string())),
    };
    match code {
        Value::String(text) => strip_code(&text).to_owned(),
        other => json::python_str(&other),
    }
}

/// Drops a `:suffix` and a `namespace#` prefix.
fn strip_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or(code);
    code.rsplit('#').next().unwrap_or(code)
}

/// Python's `http.client.responses` for the statuses that reach it (5xx).
fn reason_phrase(status: u16) -> &'static str {
    match status {
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::model::REGISTER_CLIENT;

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        Response {
            status,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec().into(),
        }
    }

    fn failure(status: u16, headers: &[(&str, &str)], body: &str) -> (String, String) {
        match interpret(&REGISTER_CLIENT, &response(status, headers, body)).unwrap() {
            Answer::Failure(e) => (e.code, e.message),
            Answer::Success(_) => panic!("expected a failure"),
        }
    }

    #[test]
    fn code_precedence() {
        let body = r#"{"code": "FromCode", "__type": "a#FromType", "message": "m"}"#;
        assert_eq!(
            failure(400, &[("x-amzn-errortype", "H:http://x")], body).0,
            "H"
        );
        assert_eq!(failure(400, &[], body).0, "FromCode");
        assert_eq!(
            failure(400, &[], r#"{"__type": "com.amazonaws.ssooidc#X"}"#).0,
            "X"
        );
        assert_eq!(failure(418, &[], "{}").0, "418");
    }

    #[test]
    fn message_precedence() {
        assert_eq!(
            failure(400, &[], r#"{"message": "a", "Message": "b"}"#).1,
            "a"
        );
        assert_eq!(failure(400, &[], r#"{"Message": "b"}"#).1, "b");
        assert_eq!(
            failure(400, &[], r#"{"error": "x", "error_description": "d"}"#).1,
            "d"
        );
        assert_eq!(failure(400, &[], r#"{"error": "invalid_scope"}"#).1, "");
        assert_eq!(
            failure(400, &[], "Bad Request: oops").1,
            "Bad Request: oops"
        );
    }

    #[test]
    fn generic_server_errors() {
        assert_eq!(
            failure(502, &[], "<html><body>x</body></html>"),
            ("502".into(), "Bad Gateway".into())
        );
        assert_eq!(
            failure(503, &[], ""),
            ("503".into(), "Service Unavailable".into())
        );
        assert_eq!(failure(400, &[], "").1, "");
    }

    #[test]
    fn output_members_by_model() {
        let body = r#"{"tokenEndpoint": "t", "extra": 1, "clientId": null,
            "clientIdIssuedAt": 1700000000.75, "clientSecretExpiresAt": "1707776000"}"#;
        let Answer::Success(map) = interpret(&REGISTER_CLIENT, &response(200, &[], body)).unwrap()
        else {
            panic!()
        };
        let keys: Vec<&str> = map.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            vec!["clientIdIssuedAt", "clientSecretExpiresAt", "tokenEndpoint"]
        );
        assert_eq!(map["clientIdIssuedAt"], Value::from(1700000000));
        assert_eq!(map["clientSecretExpiresAt"], Value::from(1707776000));
    }

    #[test]
    fn debug_formatting_hides_secrets() {
        let raw = response(
            200,
            &[],
            r#"{"clientId": "id", "clientSecret": "s3cr3t-value"}"#,
        );
        assert!(!format!("{raw:?}").contains("s3cr3t-value"));
        let answer = interpret(&REGISTER_CLIENT, &raw).unwrap();
        let shown = format!("{answer:?}");
        assert!(!shown.contains("s3cr3t-value"), "{shown}");
        assert!(shown.contains("\"id\""), "{shown}");
    }

    #[test]
    fn non_json_success_is_an_error() {
        assert!(interpret(&REGISTER_CLIENT, &response(200, &[], "<html>")).is_err());
        assert!(interpret(&REGISTER_CLIENT, &response(200, &[], "[1]")).is_err());
        assert_eq!(
            interpret(&REGISTER_CLIENT, &response(204, &[], "")).unwrap(),
            Answer::Success(Map::new())
        );
    }
}
