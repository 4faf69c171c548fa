//! An independent SigV4 check for the test server (ring's HMAC and SHA-256, not the signer
//! ssooidc uses): rebuilds the canonical request from what arrived and recomputes the signature
//! with the secret the test handed out. Signature bytes depend on the time, so tests never
//! compare them with a recording; they check that the signature is right.

use ring::{digest, hmac};

use super::server::Recorded;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(digest::digest(&digest::SHA256, bytes).as_ref())
}

fn hmac_sha256(key: &[u8], data: &str) -> Vec<u8> {
    hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, key), data.as_bytes())
        .as_ref()
        .to_vec()
}

fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// SigV4's URI encoding: unreserved characters as they are, every other byte as `%XX`.
fn uri_encode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What an `Authorization: AWS4-HMAC-SHA256 ...` header says.
#[derive(Debug, PartialEq, Eq)]
pub struct Authorization {
    pub access_key_id: String,
    pub date: String,
    pub region: String,
    pub service: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

pub fn parse_authorization(value: &str) -> Option<Authorization> {
    let rest = value.strip_prefix("AWS4-HMAC-SHA256 ")?;
    let mut credential = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(", ") {
        let (key, value) = part.split_once('=')?;
        match key {
            "Credential" => credential = Some(value),
            "SignedHeaders" => signed = Some(value),
            "Signature" => signature = Some(value),
            _ => return None,
        }
    }
    let scope: Vec<&str> = credential?.split('/').collect();
    let [key, date, region, service, "aws4_request"] = scope[..] else {
        return None;
    };
    Some(Authorization {
        access_key_id: key.to_owned(),
        date: date.to_owned(),
        region: region.to_owned(),
        service: service.to_owned(),
        signed_headers: signed?.split(';').map(str::to_owned).collect(),
        signature: signature?.to_owned(),
    })
}

/// `Ok(authorization)` when `request` carries a valid signature made with `secret`; `Err` says
/// what is wrong.
pub fn verify(request: &Recorded, secret: &str) -> Result<Authorization, String> {
    let header = request
        .header("authorization")
        .ok_or("no Authorization header")?;
    let auth = parse_authorization(header).ok_or_else(|| format!("malformed: {header}"))?;
    let amz_date = request.header("x-amz-date").ok_or("no X-Amz-Date header")?;
    if !amz_date.starts_with(&auth.date) {
        return Err(format!("X-Amz-Date {amz_date} is not of {}", auth.date));
    }
    let (path, query) = request
        .path
        .split_once('?')
        .unwrap_or((request.path.as_str(), ""));
    let mut params: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .map(|(k, v)| {
            (
                uri_encode(&percent_decode(k)),
                uri_encode(&percent_decode(v)),
            )
        })
        .collect();
    params.sort();
    let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut canonical_headers = String::new();
    for name in &auth.signed_headers {
        let value = request
            .header(name)
            .ok_or_else(|| format!("signed header {name} was not sent"))?;
        canonical_headers.push_str(&format!("{name}:{}\n", value.trim()));
    }
    let canonical = format!(
        "{}\n{path}\n{}\n{canonical_headers}\n{}\n{}",
        request.method,
        query.join("&"),
        auth.signed_headers.join(";"),
        sha256_hex(&request.raw_body)
    );
    let scope = format!(
        "{}/{}/{}/aws4_request",
        auth.date, auth.region, auth.service
    );
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        sha256_hex(canonical.as_bytes())
    );
    let mut key = hmac_sha256(format!("AWS4{secret}").as_bytes(), &auth.date);
    for part in [auth.region.as_str(), auth.service.as_str(), "aws4_request"] {
        key = hmac_sha256(&key, part);
    }
    let expected = hex(&hmac_sha256(&key, &string_to_sign));
    if expected != auth.signature {
        return Err(format!("bad signature for canonical request:\n{canonical}"));
    }
    Ok(auth)
}
