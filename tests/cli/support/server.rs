//! A loopback HTTP server that replays scripted replies and records what it receives.
//!
//! It speaks the reply format of `tests/fixtures/gen/mockserver.py`, the server the golden outputs
//! were recorded against with the real AWS CLI, so both programs meet the same behaviour. Each
//! connection gets one reply and is closed, as `Connection: close` says.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use serde_json::Value;

/// One request as received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// Every header as received: name as spelled, in order, duplicates kept.
    pub headers: Vec<(String, String)>,
    /// The body as text (invalid UTF-8 replaced); `raw_body` holds the exact bytes.
    pub body: String,
    pub raw_body: Vec<u8>,
}

impl Recorded {
    /// The first header named `name` (compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

struct Shared {
    replies: Mutex<VecDeque<Value>>,
    default: Value,
    requests: Mutex<Vec<Recorded>>,
    stopped: AtomicBool,
}

/// A running server; stops when dropped.
pub struct Server {
    pub port: u16,
    shared: Arc<Shared>,
    /// The PEM certificate of an HTTPS server.
    pub cert_pem: Option<String>,
}

impl Server {
    /// Starts a server that answers with `replies` in turn, then with `default`.
    pub fn start(replies: Vec<Value>, default: Value) -> Server {
        Server::spawn(replies, default, None)
    }

    /// Starts an HTTPS server with a self-signed certificate for `127.0.0.1` and `localhost`,
    /// generated for this server alone.
    pub fn start_tls(replies: Vec<Value>, default: Value) -> Server {
        Server::start_tls_with(replies, default, &["127.0.0.1", "localhost"], false)
    }

    /// Starts an HTTPS server whose self-signed certificate names `names` and, when `ca`, is
    /// marked as a CA (as `openssl req -x509` makes them by default).
    pub fn start_tls_with(replies: Vec<Value>, default: Value, names: &[&str], ca: bool) -> Server {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let mut params = rcgen::CertificateParams::new(names).expect("certificate names");
        if ca {
            params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        }
        let key = rcgen::KeyPair::generate().expect("generate key");
        let cert = params.self_signed(&key).expect("self-sign certificate");
        let config = tls_config(vec![cert.der().clone()], &key);
        Server::start_tls_config(replies, default, config, cert.pem())
    }

    /// Starts an HTTPS server with `config`; `cert_pem` is what a client trusts to reach it.
    pub fn start_tls_config(
        replies: Vec<Value>,
        default: Value,
        config: Arc<rustls::ServerConfig>,
        cert_pem: String,
    ) -> Server {
        let mut server = Server::spawn(replies, default, Some(config));
        server.cert_pem = Some(cert_pem);
        server
    }

    fn spawn(
        replies: Vec<Value>,
        default: Value,
        tls: Option<Arc<rustls::ServerConfig>>,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local addr").port();
        let shared = Arc::new(Shared {
            replies: Mutex::new(replies.into()),
            default,
            requests: Mutex::new(Vec::new()),
            stopped: AtomicBool::new(false),
        });
        let accept_shared = Arc::clone(&shared);
        thread::spawn(move || {
            for stream in listener.incoming() {
                if accept_shared.stopped.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                let conn_shared = Arc::clone(&accept_shared);
                let tls = tls.clone();
                thread::spawn(move || {
                    let _ = stream.set_nodelay(true);
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
                    match tls {
                        None => handle(stream, &conn_shared),
                        Some(config) => {
                            let Ok(conn) = rustls::ServerConnection::new(config) else {
                                return;
                            };
                            handle(rustls::StreamOwned::new(conn, stream), &conn_shared);
                        }
                    }
                });
            }
        });
        Server {
            port,
            shared,
            cert_pem: None,
        }
    }

    /// A server that always answers `default`.
    pub fn always(default: Value) -> Server {
        Server::start(Vec::new(), default)
    }

    /// The URL of the server.
    pub fn url(&self) -> String {
        let scheme = if self.cert_pem.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://127.0.0.1:{}", self.port)
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().expect("lock").clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shared.stopped.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// A TLS server configuration presenting `chain` (the server's certificate first) with `key`.
pub fn tls_config(
    chain: Vec<rustls::pki_types::CertificateDer<'static>>,
    key: &rcgen::KeyPair,
) -> Arc<rustls::ServerConfig> {
    let key_der = rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(chain, key_der)
        .expect("server certificate");
    Arc::new(config)
}

fn handle(mut stream: impl Read + Write, shared: &Shared) {
    let Some(request) = read_request(&mut stream) else {
        return;
    };
    shared.requests.lock().expect("lock").push(request);
    let reply = shared
        .replies
        .lock()
        .expect("lock")
        .pop_front()
        .unwrap_or_else(|| shared.default.clone());
    write_reply(&mut stream, &reply);
}

pub fn read_request(stream: &mut impl Read) -> Option<Recorded> {
    let mut data = Vec::new();
    let mut buf = [0u8; 65536];
    let head_end = loop {
        if let Some(pos) = find(&data, b"\r\n\r\n") {
            break pos;
        }
        let n = read_retrying(stream, &mut buf).ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.splitn(3, ' ');
    let method = first.next()?.to_owned();
    let path = first.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = data[head_end + 4..].to_vec();
    while body.len() < length {
        let n = read_retrying(stream, &mut buf).ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&buf[..n]);
    }
    Some(Recorded {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        raw_body: body,
    })
}

/// `read`, again after EINTR. A socket read with a timeout (SO_RCVTIMEO) fails with EINTR
/// even for a signal nobody handles, once the signal was queued; a SIGCHLD is, when a child
/// exits while another thread is inside `posix_spawn` with every signal blocked, which the load
/// test's 100 spawns make routine. Without the retry the server dropped connections at random.
fn read_retrying(stream: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    loop {
        match stream.read(buf) {
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Writes a reply in the mock server's format: `delay` (seconds), `fault: "close"`, `raw`
/// (written as Latin-1 bytes), or `status`/`reason`/`headers`/`body` (a string, or JSON that is
/// serialised as Python's `json.dumps` does), with `latin1` for a byte-valued string body.
fn write_reply(stream: &mut impl Write, reply: &Value) {
    if let Some(delay) = reply.get("delay").and_then(Value::as_f64) {
        thread::sleep(Duration::from_secs_f64(delay));
    }
    if reply.get("fault").and_then(Value::as_str) == Some("close") {
        return;
    }
    if let Some(raw) = reply.get("raw").and_then(Value::as_str) {
        let _ = stream.write_all(&latin1(raw));
        let _ = stream.flush();
        return;
    }
    let status = reply.get("status").and_then(Value::as_u64).unwrap_or(200);
    let reason = reply.get("reason").and_then(Value::as_str).unwrap_or("OK");
    let body = match reply.get("body") {
        None => Vec::new(),
        Some(Value::String(text)) if reply.get("latin1").is_some() => latin1(text),
        Some(Value::String(text)) => text.as_bytes().to_vec(),
        Some(json) => python_dumps(json).into_bytes(),
    };
    let mut headers: Vec<(String, String)> = Vec::new();
    if let Some(map) = reply.get("headers").and_then(Value::as_object) {
        for (name, value) in map {
            headers.push((name.clone(), value.as_str().unwrap_or_default().to_owned()));
        }
    }
    let has = |headers: &[(String, String)], name: &str| {
        headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    };
    if !has(&headers, "content-type") {
        headers.push(("Content-Type".into(), "application/json".into()));
    }
    if !has(&headers, "content-length") {
        headers.push(("Content-Length".into(), body.len().to_string()));
    }
    headers.push(("Connection".into(), "close".into()));
    let mut out = format!("HTTP/1.1 {status} {reason}\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&body);
    // One write: Nagle plus delayed ACK would otherwise add 40 ms.
    let _ = stream.write_all(&bytes);
    let _ = stream.flush();
}

fn latin1(text: &str) -> Vec<u8> {
    text.chars().map(|c| c as u32 as u8).collect()
}

/// `json.dumps(value)` as Python writes it, via the crate's own serialiser.
pub fn python_dumps(value: &Value) -> String {
    let text = value.to_string();
    let parsed = ssooidc::python::json::parse(&text).expect("serde_json output parses");
    ssooidc::python::json::to_compact_ascii(&parsed)
}

/// A loopback server that hands every connection to a handler, for replies the scripted format
/// cannot express: resets, stalls, huge, truncated or malformed answers. Only the Unix-only
/// fault-injection suites use it.
#[cfg(unix)]
pub struct RawServer {
    pub port: u16,
    connections: Arc<std::sync::atomic::AtomicUsize>,
    stopped: Arc<AtomicBool>,
}

#[cfg(unix)]
impl RawServer {
    /// Starts a server calling `handler` on its own thread for each accepted connection.
    pub fn start(handler: impl Fn(TcpStream) + Send + Sync + 'static) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local addr").port();
        let connections = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let stopped = Arc::new(AtomicBool::new(false));
        let handler = Arc::new(handler);
        let (count, stop) = (Arc::clone(&connections), Arc::clone(&stopped));
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                count.fetch_add(1, Ordering::SeqCst);
                let handler = Arc::clone(&handler);
                thread::spawn(move || handler(stream));
            }
        });
        RawServer {
            port,
            connections,
            stopped,
        }
    }

    /// A server that reads each request and then writes `bytes` and closes.
    pub fn reply(bytes: impl Into<Vec<u8>>) -> RawServer {
        let bytes = bytes.into();
        RawServer::start(move |mut stream| {
            if read_request(&mut stream).is_some() {
                let _ = stream.write_all(&bytes);
            }
        })
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

#[cfg(unix)]
impl Drop for RawServer {
    fn drop(&mut self) {
        self.stopped.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Holds a connection open without answering until the peer goes away (or 20 s pass), the
/// server side of a read timeout.
#[cfg(unix)]
pub fn stall(mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
    let mut buf = [0u8; 4096];
    while matches!(read_retrying(&mut stream, &mut buf), Ok(n) if n > 0) {}
}

/// Closes `stream` with a TCP reset instead of an orderly FIN (SO_LINGER with a zero timeout).
#[cfg(unix)]
pub fn reset(stream: TcpStream) {
    use std::os::fd::AsRawFd;
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: setsockopt on a socket we own, with a pointer to a properly sized linger value.
    let rc = unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            std::ptr::addr_of!(linger).cast(),
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        )
    };
    assert_eq!(rc, 0, "SO_LINGER: {}", std::io::Error::last_os_error());
    drop(stream);
}

/// A listening port that never completes a connection: its accept queue (backlog 0) is filled
/// by a connection nobody accepts, so Linux drops further SYNs and a client's connect waits
/// until its own timeout.
#[cfg(target_os = "linux")]
pub struct Blackhole {
    pub port: u16,
    _listener: TcpListener,
    _queued: Vec<TcpStream>,
}

#[cfg(target_os = "linux")]
impl Blackhole {
    /// `None` when the kernel did not stop completing connections (the tests then fail, saying so).
    pub fn start() -> Option<Blackhole> {
        use std::os::fd::AsRawFd;
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        // SAFETY: listen(2) on a socket we own; it only changes the queue length.
        let rc = unsafe { libc::listen(listener.as_raw_fd(), 0) };
        assert_eq!(rc, 0, "listen: {}", std::io::Error::last_os_error());
        let addr = listener.local_addr().expect("local addr");
        let mut queued = Vec::new();
        for _ in 0..8 {
            match TcpStream::connect_timeout(&addr, Duration::from_millis(300)) {
                Ok(stream) => queued.push(stream),
                // Refused instead (tcp_abort_on_overflow=1): no blackhole to be had.
                Err(err) if err.kind() != std::io::ErrorKind::TimedOut => return None,
                Err(_) => {
                    return Some(Blackhole {
                        port: addr.port(),
                        _listener: listener,
                        _queued: queued,
                    })
                }
            }
        }
        None
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}
