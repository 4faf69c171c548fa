//! A stateful loopback IAM Identity Center: SSO-OIDC (RegisterClient, StartDeviceAuthorization,
//! CreateToken for the device code, authorization code + PKCE and refresh grants, `/authorize`
//! answering with a redirect) and the portal (GetRoleCredentials, Logout), on one port. Every
//! request is recorded; the test scripts the device poll outcomes and the authorize answer.

#![allow(dead_code)] // Each suite uses part of it.

use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Instant;

use serde_json::{json, Value};

use super::server::{read_request, Recorded};

/// What `/authorize` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authorize {
    /// Redirects to the redirect URI with a code and the state it was given.
    Approve,
    /// Redirects with a different state.
    WrongState,
    /// Redirects with `error=access_denied&error_description=...` (the user clicked Cancel).
    Cancel,
    /// Answers 200 and never redirects (the user walked away).
    Ignore,
}

/// The server's scriptable state.
#[derive(Debug)]
pub struct State {
    /// Outcomes of device-code CreateToken polls, in turn: `pending`, `slow_down`, `denied`,
    /// `expired`, `success`; the last one repeats.
    pub device_polls: VecDeque<&'static str>,
    pub authorize: Authorize,
    /// `expiresIn` of issued access tokens.
    pub expires_in: i64,
    /// `clientSecretExpiresAt` offset from now.
    pub registration_lifetime: i64,
    /// Whether refresh_token grants fail with InvalidGrantException.
    pub refresh_fails: bool,
    /// `interval` of StartDeviceAuthorization.
    pub interval: i64,
    pub requests: Vec<Recorded>,
    /// When each of `requests` arrived (the same index).
    pub times: Vec<Instant>,
    clients: HashMap<String, Value>,
    codes: HashMap<String, (String, String)>,
    counter: u64,
}

/// A running server; stops when dropped.
pub struct SsoServer {
    pub port: u16,
    pub state: Arc<Mutex<State>>,
    stopped: Arc<AtomicBool>,
}

pub use super::time::now;

pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// `application/x-www-form-urlencoded` query parsing (percent-decoding, `+` as space).
pub fn query_params(path: &str) -> Vec<(String, String)> {
    let query = path.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

impl SsoServer {
    pub fn start() -> SsoServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State {
            device_polls: VecDeque::from(vec!["pending", "success"]),
            authorize: Authorize::Approve,
            expires_in: 3600,
            registration_lifetime: 90 * 86_400,
            refresh_fails: false,
            interval: 1,
            requests: Vec::new(),
            times: Vec::new(),
            clients: HashMap::new(),
            codes: HashMap::new(),
            counter: 0,
        }));
        let stopped = Arc::new(AtomicBool::new(false));
        let (shared, stop) = (Arc::clone(&state), Arc::clone(&stopped));
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                let shared = Arc::clone(&shared);
                thread::spawn(move || serve(stream, &shared));
            }
        });
        SsoServer {
            port,
            state,
            stopped,
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn set(&self, change: impl FnOnce(&mut State)) {
        change(&mut self.state.lock().unwrap());
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().requests.clone()
    }

    /// The requests to `path` (without the query).
    pub fn requests_to(&self, path: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.path.split('?').next() == Some(path))
            .collect()
    }

    /// When each device-code CreateToken poll arrived, in order.
    pub fn device_poll_times(&self) -> Vec<Instant> {
        let state = self.state.lock().unwrap();
        state
            .requests
            .iter()
            .zip(&state.times)
            .filter(|(r, _)| {
                r.path == "/token"
                    && serde_json::from_str::<Value>(&r.body).is_ok_and(|b| {
                        b["grantType"] == "urn:ietf:params:oauth:grant-type:device_code"
                    })
            })
            .map(|(_, t)| *t)
            .collect()
    }

    /// CreateToken requests with `grantType` `grant`.
    pub fn create_tokens(&self, grant: &str) -> Vec<Value> {
        self.requests_to("/token")
            .iter()
            .map(|r| serde_json::from_str::<Value>(&r.body).unwrap())
            .filter(|b| b["grantType"] == grant)
            .collect()
    }
}

impl Drop for SsoServer {
    fn drop(&mut self) {
        self.stopped.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn error(code: &str, status: u16) -> (u16, Vec<(String, String)>, String) {
    (
        status,
        vec![("x-amzn-ErrorType".into(), code.into())],
        json!({"error": code, "error_description": format!("{code} description")}).to_string(),
    )
}

fn ok(body: Value) -> (u16, Vec<(String, String)>, String) {
    (200, Vec::new(), body.to_string())
}

fn serve(mut stream: TcpStream, shared: &Mutex<State>) {
    let Some(request) = read_request(&mut stream) else {
        return;
    };
    let (status, headers, body) = {
        let mut state = shared.lock().unwrap();
        state.requests.push(request.clone());
        state.times.push(Instant::now());
        answer(&mut state, &request)
    };
    let reason = match status {
        200 => "OK",
        302 => "Found",
        _ => "Error",
    };
    let mut out = format!("HTTP/1.1 {status} {reason}\r\n");
    for (name, value) in &headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!(
        "Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    let _ = stream.write_all(out.as_bytes());
}

fn answer(state: &mut State, request: &Recorded) -> (u16, Vec<(String, String)>, String) {
    let body: Value = serde_json::from_str(&request.body).unwrap_or(Value::Null);
    state.counter += 1;
    let n = state.counter;
    let path = request.path.split('?').next().unwrap_or_default();
    match (request.method.as_str(), path) {
        ("POST", "/client/register") => {
            let id = format!("client-{n}");
            state.clients.insert(id.clone(), body.clone());
            ok(
                json!({"clientId": id, "clientSecret": format!("secret-{n}"),
                      "clientIdIssuedAt": now(),
                      "clientSecretExpiresAt": now() + state.registration_lifetime}),
            )
        }
        ("POST", "/device_authorization") => ok(json!({
            "deviceCode": format!("device-{n}"), "userCode": "ABCD-EFGH",
            "verificationUri": "https://device.sso.us-east-1.amazonaws.com/",
            "verificationUriComplete":
                "https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH",
            "expiresIn": 600, "interval": state.interval})),
        ("POST", "/token") => token(state, &body, n),
        ("GET", "/authorize") => authorize(state, &request.path, n),
        ("GET", "/federation/credentials") => {
            if request.header("x-amz-sso_bearer_token").is_none() {
                return error("UnauthorizedException", 401);
            }
            ok(json!({"roleCredentials": {"accessKeyId": "ASIAROLE",
                "secretAccessKey": "role-secret", "sessionToken": "role-session",
                "expiration": (now() + 3600) * 1000}}))
        }
        ("POST", "/logout") => (200, Vec::new(), String::new()),
        _ => error("NotFound", 404),
    }
}

fn issued(state: &State, n: u64, refresh: bool) -> (u16, Vec<(String, String)>, String) {
    let mut body = json!({"accessToken": format!("access-{n}"), "tokenType": "Bearer",
                          "expiresIn": state.expires_in});
    if refresh {
        body["refreshToken"] = json!(format!("refresh-{n}"));
    }
    ok(body)
}

fn token(state: &mut State, body: &Value, n: u64) -> (u16, Vec<(String, String)>, String) {
    let client = body["clientId"].as_str().unwrap_or_default().to_owned();
    let scoped = state
        .clients
        .get(&client)
        .is_some_and(|c| c["scopes"].as_array().is_some_and(|s| !s.is_empty()));
    match body["grantType"].as_str().unwrap_or_default() {
        "urn:ietf:params:oauth:grant-type:device_code" => {
            let outcome = if state.device_polls.len() > 1 {
                state.device_polls.pop_front().unwrap()
            } else {
                state.device_polls.front().copied().unwrap_or("success")
            };
            match outcome {
                "pending" => error("AuthorizationPendingException", 400),
                "slow_down" => error("SlowDownException", 400),
                "denied" => error("AccessDeniedException", 400),
                "expired" => error("ExpiredTokenException", 400),
                _ => issued(state, n, scoped),
            }
        }
        "authorization_code" => {
            let code = body["code"].as_str().unwrap_or_default();
            let Some((challenge, redirect)) = state.codes.remove(code) else {
                return error("InvalidGrantException", 400);
            };
            let verifier = body["codeVerifier"].as_str().unwrap_or_default();
            let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
            if base64url(digest.as_ref()) != challenge
                || body["redirectUri"].as_str() != Some(redirect.as_str())
            {
                return error("InvalidGrantException", 400);
            }
            issued(state, n, true)
        }
        "refresh_token" => {
            if state.refresh_fails {
                return error("InvalidGrantException", 400);
            }
            issued(state, n, true)
        }
        _ => error("UnsupportedGrantTypeException", 400),
    }
}

fn authorize(state: &mut State, path: &str, n: u64) -> (u16, Vec<(String, String)>, String) {
    let params = query_params(path);
    let redirect = param(&params, "redirect_uri")
        .unwrap_or_default()
        .to_owned();
    let given_state = param(&params, "state").unwrap_or_default().to_owned();
    let challenge = param(&params, "code_challenge")
        .unwrap_or_default()
        .to_owned();
    let code = format!("code-{n}");
    let location = match state.authorize {
        Authorize::Approve => format!("{redirect}?code={code}&state={given_state}"),
        Authorize::WrongState => format!("{redirect}?code={code}&state=not-{given_state}"),
        Authorize::Cancel => format!(
            "{redirect}?error=access_denied&error_description=The+user+cancelled+the+request&state={given_state}"
        ),
        Authorize::Ignore => return ok(json!({})),
    };
    state.codes.insert(code, (challenge, redirect));
    (302, vec![("Location".into(), location)], String::new())
}
