//! A client of AWS STS for the credential chain: the query protocol as botocore speaks it
//! (`botocore/data/sts/2011-06-15/service-2.json`, `serialize.QuerySerializer`,
//! `parsers.QueryParser`) for the two operations the chain calls, `AssumeRole` (SigV4-signed with
//! the source credentials, signing name `sts`) and `AssumeRoleWithWebIdentity` (unsigned), and the
//! endpoint rules of `sts/2011-06-15/endpoint-rule-set-1.json`.
//!
//! The request is a form body, `Action=...&Version=2011-06-15&...`, its parameters in the order
//! botocore's provider builds them; the answer is XML, read with `quick-xml` into a small tree.
//! Nothing here prints a secret: the credentials live in [`Secret`]s, the web identity token is
//! never logged, and error messages never quote a successful answer's body.

use std::time::Instant;

use crate::debug::Log;
use crate::error::{Error, Result};
use crate::net::runtime::Runtime;
use crate::net::transport::{self, ClientSettings, Request, Response};
use crate::net::url;
use crate::python::value::{Map, Number, Value};
use crate::secret::Secret;
use crate::service::call::{log_failed_attempt, set_attempt_header, transport_error};
use crate::service::endpoint::{partition_for, EndpointError, EndpointParams};
use crate::service::response::ServiceError;
use crate::service::retry::Policy;
use crate::service::signing::{Credentials, Signer};

/// STS's API version, sent with every request.
pub const VERSION: &str = "2011-06-15";

/// STS's SigV4 signing name.
pub const SIGNING_NAME: &str = "sts";

/// The regions for which `sts_regional_endpoints = legacy` means the global endpoint
/// (botocore's `LEGACY_GLOBAL_STS_REGIONS`).
pub const LEGACY_GLOBAL_REGIONS: &[&str] = &[
    "ap-northeast-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "aws-global",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// The two operations the credential chain calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `AssumeRole`, signed with the source credentials.
    AssumeRole,
    /// `AssumeRoleWithWebIdentity`, unsigned.
    AssumeRoleWithWebIdentity,
}

impl Action {
    /// The operation's name (the `Action` parameter, and the name in error messages).
    pub fn name(self) -> &'static str {
        match self {
            Action::AssumeRole => "AssumeRole",
            Action::AssumeRoleWithWebIdentity => "AssumeRoleWithWebIdentity",
        }
    }

    /// The output members, in the order of the model's output shape (the order botocore's
    /// parser fills them, and so the order of the cache file).
    fn output_members(self) -> &'static [&'static str] {
        match self {
            Action::AssumeRole => &[
                "Credentials",
                "AssumedRoleUser",
                "PackedPolicySize",
                "SourceIdentity",
            ],
            Action::AssumeRoleWithWebIdentity => &[
                "Credentials",
                "SubjectFromWebIdentityToken",
                "AssumedRoleUser",
                "PackedPolicySize",
                "Provider",
                "Audience",
                "SourceIdentity",
            ],
        }
    }
}

/// One request parameter's value: a string, or an integer (`DurationSeconds`).
#[derive(Clone, PartialEq, Eq)]
pub enum Param {
    /// A string (secrets such as `WebIdentityToken` and `TokenCode` as well).
    Text(String),
    /// An integer.
    Int(i64),
}

impl std::fmt::Debug for Param {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Param::Text(_) => f.write_str("Text(..)"),
            Param::Int(n) => write!(f, "Int({n})"),
        }
    }
}

/// The parameters whose values are secrets: never in `--debug`.
fn is_secret_param(name: &str) -> bool {
    matches!(name, "WebIdentityToken" | "TokenCode")
}

/// `application/x-www-form-urlencoded` text for a value as Python's `urlencode` writes it
/// (`quote_plus`: letters, digits and `_.-~` as they are, space as `+`, every other UTF-8 byte
/// as `%XX`).
fn form_encode(text: &str, out: &mut String) {
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
}

/// The form body botocore sends: `Action`, `Version`, then the parameters in the given order.
pub fn form_body(action: Action, params: &[(&str, Param)]) -> String {
    let mut body = format!("Action={}&Version={VERSION}", action.name());
    for (name, value) in params {
        body.push('&');
        form_encode(name, &mut body);
        body.push('=');
        match value {
            Param::Text(text) => form_encode(text, &mut body),
            Param::Int(n) => body.push_str(&n.to_string()),
        }
    }
    body
}

/// The form body with secret values replaced by `***`, for `--debug`.
fn form_body_redacted(action: Action, params: &[(&str, Param)]) -> String {
    let shown: Vec<(&str, Param)> = params
        .iter()
        .map(|(name, value)| {
            let value = if is_secret_param(name) {
                Param::Text("***".into())
            } else {
                value.clone()
            };
            (*name, value)
        })
        .collect();
    form_body(action, &shown)
}

/// Where STS requests go and the region they are signed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The endpoint URL.
    pub url: String,
    /// The SigV4 signing region.
    pub signing_region: String,
}

/// The STS rule set: a configured endpoint as it is; with `use_global` (from
/// `sts_regional_endpoints = legacy`) the global endpoint for the legacy regions; else the
/// regional endpoint, with the FIPS and dual-stack variants. The signing region is the region,
/// except for the global endpoint (`us-east-1`).
pub fn endpoint(params: &EndpointParams, use_global: bool) -> Result<Endpoint, EndpointError> {
    let region = params.region.clone();
    let global = || Endpoint {
        url: "https://sts.amazonaws.com".into(),
        signing_region: "us-east-1".into(),
    };
    if use_global && params.endpoint.is_none() && !params.use_fips && !params.use_dual_stack {
        if let Some(region) = &region {
            if LEGACY_GLOBAL_REGIONS.contains(&region.as_str()) {
                return Ok(global());
            }
            let p = partition_for(region);
            return Ok(Endpoint {
                url: format!("https://sts.{region}.{}", p.dns_suffix),
                signing_region: region.clone(),
            });
        }
    }
    let regional = |url: String| Endpoint {
        url,
        signing_region: region.clone().unwrap_or_default(),
    };
    if let Some(url) = &params.endpoint {
        if params.use_fips {
            return Err(EndpointError::FipsWithCustomEndpoint);
        }
        if params.use_dual_stack {
            return Err(EndpointError::DualStackWithCustomEndpoint);
        }
        return Ok(regional(url.clone()));
    }
    let Some(name) = region.as_deref() else {
        return Err(EndpointError::MissingRegion);
    };
    let p = partition_for(name);
    match (params.use_fips, params.use_dual_stack) {
        (true, true) if p.supports_fips && p.supports_dual_stack => Ok(regional(format!(
            "https://sts-fips.{name}.{}",
            p.dual_stack_dns_suffix
        ))),
        (true, true) => Err(EndpointError::FipsAndDualStackUnsupported),
        (true, false) if p.supports_fips && p.id == "aws-us-gov" => {
            Ok(regional(format!("https://sts.{name}.amazonaws.com")))
        }
        (true, false) if p.supports_fips => Ok(regional(format!(
            "https://sts-fips.{name}.{}",
            p.dns_suffix
        ))),
        (true, false) => Err(EndpointError::FipsUnsupported),
        (false, true) if p.supports_dual_stack => Ok(regional(format!(
            "https://sts.{name}.{}",
            p.dual_stack_dns_suffix
        ))),
        (false, true) => Err(EndpointError::DualStackUnsupported),
        (false, false) if name == "aws-global" => Ok(global()),
        (false, false) => Ok(regional(format!("https://sts.{name}.{}", p.dns_suffix))),
    }
}

/// A successful answer: the credentials, and the whole answer as botocore's parsed response
/// (what the CLI's cache file holds).
pub struct Answer {
    /// The credentials of the assumed role.
    pub credentials: Credentials,
    /// The parsed response, `ResponseMetadata` included (it holds the secret key and token, so
    /// it is only ever written to the cache file).
    pub document: Secret<Map>,
}

/// Everything an STS call needs besides the request.
pub struct Client {
    /// Endpoint and signing region.
    pub endpoint: Endpoint,
    /// Timeouts, trust, proxy, User-Agent.
    pub settings: std::result::Result<ClientSettings, String>,
    /// Retries, as for the main client.
    pub retry: Policy,
    /// The debug log.
    pub log: Log,
}

impl Client {
    /// Calls `action` with `params`, signed with `credentials` when given. Stops at once on
    /// SIGINT or SIGTERM.
    pub fn call(
        &self,
        action: Action,
        params: &[(&str, Param)],
        credentials: Option<&Credentials>,
    ) -> Result<Answer> {
        let settings = self.settings.as_ref().map_err(|reason| {
            Error::msg(format!(
                "SSL validation failed for {} {reason}",
                url::join(&self.endpoint.url, "/")
            ))
        })?;
        let http = transport::build_client(settings).map_err(|err| match err {
            transport::SetupError::Tls(reason) => Error::msg(format!(
                "SSL validation failed for {} {reason}",
                url::join(&self.endpoint.url, "/")
            )),
            transport::SetupError::Other(reason) => {
                Error::msg(format!("Unable to set up the HTTP client: {reason}"))
            }
        })?;
        let signer = credentials.map(|credentials| Signer {
            credentials: credentials.clone(),
            region: self.endpoint.signing_region.clone(),
            name: SIGNING_NAME,
        });
        let mut request = Request {
            url: url::join(&self.endpoint.url, "/"),
            method: "POST",
            headers: vec![
                ("accept-encoding", "identity".to_owned()),
                (
                    "content-type",
                    "application/x-www-form-urlencoded; charset=utf-8".to_owned(),
                ),
            ],
            body: form_body(action, params).into_bytes(),
        };
        self.log.line(|| {
            format!(
                "sts request: POST {} ({}signed): {}",
                url::redacted(&request.url),
                if signer.is_some() { "" } else { "un" },
                form_body_redacted(action, params)
            )
        });
        let runtime = Runtime::new()?;
        let result = runtime.run(async {
            let max = self.retry.max_attempts;
            let mut attempt = 1;
            loop {
                set_attempt_header(&mut request, attempt, max);
                if let Some(signer) = &signer {
                    signer
                        .sign(&mut request, std::time::SystemTime::now())
                        .map_err(Error::msg)?;
                }
                let started = Instant::now();
                let outcome = transport::send(&http, &request, settings.proxy.as_deref()).await;
                let ms = started.elapsed().as_secs_f64() * 1000.0;
                let retry = match outcome {
                    Err(error) => {
                        log_failed_attempt(&self.log, "sts ", (attempt, max), ms, &error);
                        if !self.retry.retries_transport_error(&error) || attempt >= max {
                            return Err(transport_error(error));
                        }
                        true
                    }
                    Ok(response) => {
                        self.log.line(|| {
                            format!(
                                "sts attempt {attempt}/{max}: HTTP {} in {ms:.1} ms, {} bytes",
                                response.status,
                                response.body.expose().len()
                            )
                        });
                        match interpret(action, &response, attempt - 1) {
                            Ok(answer) => return Ok(answer),
                            Err(Failure::Service(error)) => {
                                let retry = self.retry.retries_service_error(&error);
                                if !retry || attempt >= max {
                                    return Err(Error::Service {
                                        code: error.code,
                                        operation: action.name(),
                                        message: error.message,
                                        retries: retry.then_some(attempt - 1),
                                    });
                                }
                                true
                            }
                            Err(Failure::Invalid(reason)) => return Err(Error::msg(reason)),
                        }
                    }
                };
                debug_assert!(retry);
                let delay = self.retry.delay(attempt, crate::service::random::unit());
                if self.retry.backoff && !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                attempt += 1;
            }
        });
        runtime.close();
        result?
    }
}

/// Why an answer is not a success.
#[derive(Debug)]
enum Failure {
    /// The service's error (`<ErrorResponse>`), or a generic one from the status.
    Service(ServiceError),
    /// An answer STS does not give: the message to show.
    Invalid(String),
}

/// The reason phrase Python's `http.client.responses` has for the statuses botocore's generic
/// errors name.
fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// `Unable to parse response (REASON), invalid XML received. Further retries may succeed:`
/// as botocore says it, without the body botocore appends (it may hold credentials).
fn unparsable(reason: &str) -> Failure {
    Failure::Invalid(format!(
        "Unable to parse response ({reason}), invalid XML received. Further retries may succeed."
    ))
}

/// Reads a complete answer as botocore's `QueryParser` does.
fn interpret(
    action: Action,
    response: &Response,
    retries: u32,
) -> std::result::Result<Answer, Failure> {
    let body = response.body.expose();
    let status = response.status;
    if status >= 301 {
        // botocore's generic errors: an empty body, or an HTML page from a 5xx.
        let trimmed = body.trim_ascii_start();
        if trimmed.is_empty() || (status >= 500 && trimmed.starts_with(b"<html>")) {
            return Err(Failure::Service(ServiceError {
                status,
                code: status.to_string(),
                message: reason_phrase(status).to_owned(),
            }));
        }
        let text = std::str::from_utf8(body).map_err(|_| unparsable("not UTF-8"))?;
        let root = parse_xml(text).map_err(|reason| unparsable(&reason))?;
        // `<ErrorResponse><Error>...` (or `<Errors><Error>`); the code and message of the error.
        let error = root.child("Error").or_else(|| {
            root.child("Errors")
                .and_then(|errors| errors.child("Error"))
        });
        let field = |name: &str| {
            error
                .and_then(|e| e.child(name))
                .map(|n| n.text.clone())
                .unwrap_or_default()
        };
        return Err(Failure::Service(ServiceError {
            status,
            code: field("Code"),
            message: field("Message"),
        }));
    }
    let text = std::str::from_utf8(body).map_err(|_| unparsable("not UTF-8"))?;
    let root = parse_xml(text).map_err(|reason| unparsable(&reason))?;
    let wrapper = format!("{}Result", action.name());
    let result = root.child(&wrapper);
    let mut document = Map::new();
    if let Some(result) = result {
        for member in action.output_members() {
            let Some(node) = result.child(member) else {
                continue;
            };
            let value = match *member {
                "Credentials" => structure(
                    node,
                    &[
                        "AccessKeyId",
                        "SecretAccessKey",
                        "SessionToken",
                        "Expiration",
                    ],
                ),
                "AssumedRoleUser" => structure(node, &["AssumedRoleId", "Arn"]),
                "PackedPolicySize" => match node.text.trim().parse::<i64>() {
                    Ok(n) => Value::Number(Number::Int(n)),
                    Err(_) => Value::String(node.text.clone()),
                },
                _ => Value::String(node.text.clone()),
            };
            document.insert((*member).to_owned(), value);
        }
    }
    let missing = |what: &str| {
        Failure::Invalid(format!(
            "Invalid {} response from STS: {what} is missing",
            action.name()
        ))
    };
    let credentials = match document.get("Credentials") {
        Some(Value::Object(fields)) => {
            let get = |name: &str| match fields.get(name) {
                Some(Value::String(text)) => Ok(text.clone()),
                _ => Err(missing(&format!("Credentials.{name}"))),
            };
            let expiration = get("Expiration")?;
            let expiry = crate::python::time::parse_iso8601(&expiration)
                .map(crate::python::time::from_unix)
                .ok_or_else(|| {
                    Failure::Invalid(format!(
                        "Invalid {} response: the expiration {expiration:?} is not a time",
                        action.name()
                    ))
                })?;
            Credentials {
                access_key_id: get("AccessKeyId")?,
                secret_access_key: Secret::new(get("SecretAccessKey")?),
                session_token: Some(Secret::new(get("SessionToken")?)),
                expiry: Some(expiry),
            }
        }
        _ => return Err(missing("Credentials")),
    };
    add_account_id(&mut document);
    let mut metadata = Map::new();
    if let Some(id) = root
        .child("ResponseMetadata")
        .and_then(|m| m.child("RequestId"))
    {
        metadata.insert("RequestId".into(), Value::String(id.text.clone()));
    }
    metadata.insert(
        "HTTPStatusCode".into(),
        Value::Number(Number::Int(i64::from(status))),
    );
    let mut headers = Map::new();
    for (name, value) in &response.headers {
        // urllib3 joins repeated headers with ", ".
        match headers.get_mut(name) {
            Some(Value::String(existing)) => {
                existing.push_str(", ");
                existing.push_str(value);
            }
            _ => {
                headers.insert(name.clone(), Value::String(value.clone()));
            }
        }
    }
    metadata.insert("HTTPHeaders".into(), Value::Object(headers));
    metadata.insert(
        "RetryAttempts".into(),
        Value::Number(Number::Int(i64::from(retries))),
    );
    document.insert("ResponseMetadata".into(), Value::Object(metadata));
    Ok(Answer {
        credentials,
        document: Secret::new(document),
    })
}

/// A structure's members that are present, in the shape's order.
fn structure(node: &Node, members: &[&str]) -> Value {
    let mut map = Map::new();
    for member in members {
        if let Some(child) = node.child(member) {
            map.insert((*member).to_owned(), Value::String(child.text.clone()));
        }
    }
    Value::Object(map)
}

/// botocore's `_add_account_id_to_response`: the account of `AssumedRoleUser.Arn`, when it is an
/// ARN, as `Credentials.AccountId`.
fn add_account_id(document: &mut Map) {
    let account = match document.get("AssumedRoleUser") {
        Some(Value::Object(user)) => match user.get("Arn") {
            Some(Value::String(arn)) => arn_account(arn),
            _ => None,
        },
        _ => None,
    };
    if let (Some(account), Some(Value::Object(credentials))) =
        (account, document.get_mut("Credentials"))
    {
        credentials.insert("AccountId".into(), Value::String(account));
    }
}

/// `ArnParser`: `arn:partition:service:region:account:resource` (at least six parts).
fn arn_account(arn: &str) -> Option<String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    (parts.len() == 6 && parts[0] == "arn").then(|| parts[4].to_owned())
}

/// An XML element: its local name, its text (all of it, concatenated) and its child elements.
#[derive(Debug, Default)]
struct Node {
    name: String,
    text: String,
    children: Vec<Node>,
}

impl Node {
    /// The first child element called `name`.
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
}

/// The deepest nesting read; STS answers are five levels deep.
const MAX_DEPTH: usize = 64;

/// Parses a whole XML document into its root element. `Err` is the reason in words.
fn parse_xml(text: &str) -> std::result::Result<Node, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    let name_of = |raw: &str| raw.to_owned();
    loop {
        let event = reader
            .read_event()
            .map_err(|err| format!("{err} at position {}", reader.error_position()))?;
        match event {
            Event::Start(start) => {
                if root.is_some() {
                    return Err("junk after document element".into());
                }
                if stack.len() >= MAX_DEPTH {
                    return Err("the document is nested too deeply".into());
                }
                stack.push(Node {
                    name: name_of(start.local_name().as_ref()),
                    ..Node::default()
                });
            }
            Event::Empty(empty) => {
                let node = Node {
                    name: name_of(empty.local_name().as_ref()),
                    ..Node::default()
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None if root.is_none() => root = Some(node),
                    None => return Err("junk after document element".into()),
                }
            }
            Event::End(_) => {
                let node = stack.pop().ok_or("mismatched tag")?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Text(content) => {
                let decoded = content.xml10_content();
                match stack.last_mut() {
                    Some(node) => node.text.push_str(&decoded),
                    None if decoded.trim().is_empty() => {}
                    None => return Err("text outside the document element".into()),
                }
            }
            Event::CData(data) => {
                let decoded = data.xml10_content();
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&decoded);
                }
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match &*reference {
                        "amp" => "&".to_owned(),
                        "lt" => "<".to_owned(),
                        "gt" => ">".to_owned(),
                        "quot" => "\"".to_owned(),
                        "apos" => "'".to_owned(),
                        other => return Err(format!("undefined entity &{other};")),
                    },
                    Err(err) => return Err(format!("invalid character reference: {err}")),
                };
                match stack.last_mut() {
                    Some(node) => node.text.push_str(&resolved),
                    None => return Err("text outside the document element".into()),
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err("no element found".into());
    }
    root.ok_or_else(|| "no element found".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> Response {
        Response {
            status,
            headers: vec![
                ("content-type".into(), "text/xml".into()),
                ("content-length".into(), body.len().to_string()),
            ],
            body: Secret::new(body.as_bytes().to_vec()),
        }
    }

    const ANSWER: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>ASIAEXAMPLE</AccessKeyId>
      <SecretAccessKey>secret&amp;key</SecretAccessKey>
      <SessionToken><![CDATA[tok]]>en&#x41;</SessionToken>
      <Expiration>2031-01-02T03:04:05Z</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId>
      <Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn>
    </AssumedRoleUser>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>req-1</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>
"#;

    // Guards: botocore's body for the recorded v1 request (parameters in the provider's order,
    // quote_plus escaping, integers as digits).
    #[test]
    fn form_body_is_botocores() {
        let body = form_body(
            Action::AssumeRole,
            &[
                ("RoleSessionName", Param::Text("my session".into())),
                ("ExternalId", Param::Text("ext-1/é~".into())),
                ("DurationSeconds", Param::Int(1800)),
                (
                    "RoleArn",
                    Param::Text("arn:aws:iam::123456789012:role/r".into()),
                ),
            ],
        );
        assert_eq!(
            body,
            "Action=AssumeRole&Version=2011-06-15&RoleSessionName=my+session&ExternalId=ext-1%2F%C3%A9~&DurationSeconds=1800&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr"
        );
    }

    #[test]
    fn debug_form_body_hides_the_token() {
        let shown = form_body_redacted(
            Action::AssumeRoleWithWebIdentity,
            &[
                ("RoleArn", Param::Text("arn".into())),
                ("WebIdentityToken", Param::Text("eyJ-secret".into())),
            ],
        );
        assert!(!shown.contains("eyJ"), "{shown}");
        assert!(shown.ends_with("WebIdentityToken=%2A%2A%2A"), "{shown}");
    }

    #[test]
    fn reads_the_answer_and_its_metadata() {
        let answer = interpret(Action::AssumeRole, &response(200, ANSWER), 0).unwrap();
        let c = &answer.credentials;
        assert_eq!(c.access_key_id, "ASIAEXAMPLE");
        assert_eq!(c.secret_access_key.expose(), "secret&key");
        assert_eq!(c.session_token.as_ref().unwrap().expose(), "tokenA");
        assert_eq!(
            crate::python::time::to_unix(c.expiry.unwrap()),
            1_925_089_445
        );
        let json =
            crate::python::json::to_compact_ascii(&Value::Object(answer.document.expose().clone()));
        assert_eq!(
            json,
            format!(
                "{{\"Credentials\": {{\"AccessKeyId\": \"ASIAEXAMPLE\", \"SecretAccessKey\": \
                 \"secret&key\", \"SessionToken\": \"tokenA\", \"Expiration\": \
                 \"2031-01-02T03:04:05Z\", \"AccountId\": \"123456789012\"}}, \"AssumedRoleUser\": \
                 {{\"AssumedRoleId\": \"AROAEXAMPLE:s\", \"Arn\": \
                 \"arn:aws:sts::123456789012:assumed-role/r/s\"}}, \"PackedPolicySize\": 6, \
                 \"ResponseMetadata\": {{\"RequestId\": \"req-1\", \"HTTPStatusCode\": 200, \
                 \"HTTPHeaders\": {{\"content-type\": \"text/xml\", \"content-length\": \"{}\"}}, \
                 \"RetryAttempts\": 0}}}}",
                ANSWER.len()
            )
        );
    }

    #[test]
    fn reads_error_answers() {
        let body = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>\
                    <Type>Sender</Type><Code>AccessDenied</Code><Message>not &lt;allowed&gt;\
                    </Message></Error><RequestId>r</RequestId></ErrorResponse>";
        match interpret(Action::AssumeRole, &response(403, body), 0) {
            Err(Failure::Service(e)) => {
                assert_eq!((e.status, e.code.as_str()), (403, "AccessDenied"));
                assert_eq!(e.message, "not <allowed>");
            }
            other => panic!("{:?}", other.err()),
        }
        match interpret(Action::AssumeRole, &response(503, ""), 0) {
            Err(Failure::Service(e)) => {
                assert_eq!(
                    (e.code.as_str(), e.message.as_str()),
                    ("503", "Service Unavailable")
                );
            }
            other => panic!("{:?}", other.err()),
        }
    }

    #[test]
    fn malformed_xml_is_refused_without_quoting_it() {
        for body in [
            "<AssumeRoleResponse><oops>",
            "",
            "not xml",
            "<a></b>",
            "<a>&bogus;</a>",
        ] {
            match interpret(Action::AssumeRole, &response(200, body), 0) {
                Err(Failure::Invalid(message)) => {
                    assert!(
                        message.starts_with("Unable to parse response (")
                            && message
                                .ends_with("invalid XML received. Further retries may succeed."),
                        "{body:?}: {message}"
                    );
                }
                other => panic!("{body:?}: {:?}", other.err()),
            }
        }
        let deep = "<a>".repeat(100) + &"</a>".repeat(100);
        assert!(parse_xml(&deep).is_err());
    }

    #[test]
    fn an_answer_without_credentials_is_an_error() {
        let body = "<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>";
        assert!(matches!(
            interpret(Action::AssumeRole, &response(200, body), 0),
            Err(Failure::Invalid(_))
        ));
    }

    #[test]
    fn endpoints_follow_the_rule_set() {
        let params = |region: &str, fips: bool, dual: bool| EndpointParams {
            region: Some(region.into()),
            use_fips: fips,
            use_dual_stack: dual,
            endpoint: None,
        };
        let url = |p: EndpointParams, global: bool| endpoint(&p, global).map(|e| e.url);
        assert_eq!(
            url(params("eu-west-1", false, false), false).unwrap(),
            "https://sts.eu-west-1.amazonaws.com"
        );
        assert_eq!(
            endpoint(&params("eu-west-1", false, false), true).unwrap(),
            Endpoint {
                url: "https://sts.amazonaws.com".into(),
                signing_region: "us-east-1".into()
            }
        );
        assert_eq!(
            url(params("af-south-1", false, false), true).unwrap(),
            "https://sts.af-south-1.amazonaws.com"
        );
        assert_eq!(
            url(params("aws-global", false, false), false).unwrap(),
            "https://sts.amazonaws.com"
        );
        assert_eq!(
            url(params("us-east-1", true, false), true).unwrap(),
            "https://sts-fips.us-east-1.amazonaws.com"
        );
        assert_eq!(
            url(params("us-gov-west-1", true, false), false).unwrap(),
            "https://sts.us-gov-west-1.amazonaws.com"
        );
        assert_eq!(
            url(params("us-east-1", false, true), false).unwrap(),
            "https://sts.us-east-1.api.aws"
        );
        assert_eq!(
            url(params("cn-north-1", false, false), false).unwrap(),
            "https://sts.cn-north-1.amazonaws.com.cn"
        );
        let custom = EndpointParams {
            endpoint: Some("http://127.0.0.1:1".into()),
            ..params("eu-west-1", false, false)
        };
        assert_eq!(
            endpoint(&custom, true).unwrap(),
            Endpoint {
                url: "http://127.0.0.1:1".into(),
                signing_region: "eu-west-1".into()
            }
        );
    }
}
