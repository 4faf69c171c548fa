//! Signature Version 4, as botocore signs a rest-json request: the `aws-sigv4` crate, given only
//! the headers botocore signs (`content-type`, `host`, then `x-amz-date` and
//! `x-amz-security-token`, which the signer adds). botocore adds `Content-Length`,
//! `amz-sdk-invocation-id` and `amz-sdk-request` after signing, so they stay out of it.

use std::fmt;
use std::time::SystemTime;

use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;

use crate::net::transport::Request;
use crate::secret::Secret;

/// AWS credentials: an access key, its secret, and for temporary credentials a session token
/// and an expiry. Only the access key id may ever be shown.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The access key id (`AKIA...`, `ASIA...`).
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: Secret<String>,
    /// The session token of temporary credentials.
    pub session_token: Option<Secret<String>>,
    /// When temporary credentials expire.
    pub expiry: Option<SystemTime>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &self.secret_access_key)
            .field("session_token", &self.session_token)
            .field("expiry", &self.expiry)
            .finish()
    }
}

/// What signs a service's requests: the credentials, the region and the signing name.
#[derive(Debug, Clone)]
pub struct Signer {
    /// The credentials.
    pub credentials: Credentials,
    /// The region the signature is scoped to (the client's region).
    pub region: String,
    /// The service's signing name (`sso-oauth`).
    pub name: &'static str,
}

impl Signer {
    /// Signs `request` as of `time`: replaces any earlier `x-amz-date`, `x-amz-security-token`
    /// and `authorization`, so every retry attempt carries a fresh signature. `Err` is a reason
    /// in words (an unsigned request must not be sent in place of a signed one).
    pub fn sign(&self, request: &mut Request, time: SystemTime) -> Result<(), String> {
        request.headers.retain(|(name, _)| {
            !matches!(
                *name,
                "x-amz-date" | "x-amz-security-token" | "authorization"
            )
        });
        let identity: Identity = aws_credential_types::Credentials::new(
            self.credentials.access_key_id.clone(),
            self.credentials.secret_access_key.expose().clone(),
            self.credentials
                .session_token
                .as_ref()
                .map(|token| token.expose().clone()),
            None,
            "ssooidc",
        )
        .into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name(self.name)
            .time(time)
            .settings(SigningSettings::default())
            .build()
            .map_err(|err| format!("cannot sign the request: {err}"))?
            .into();
        let signed_headers = request
            .headers
            .iter()
            .filter(|(name, _)| *name == "content-type")
            .map(|(name, value)| (*name, value.as_str()));
        let signable = SignableRequest::new(
            request.method,
            request.url.as_str(),
            signed_headers,
            SignableBody::Bytes(&request.body),
        )
        .map_err(|err| format!("cannot sign the request: {err}"))?;
        let (instructions, _signature) = sign(signable, &params)
            .map_err(|err| format!("cannot sign the request: {err}"))?
            .into_parts();
        for (name, value) in instructions.headers() {
            let name = match name {
                "x-amz-date" => "x-amz-date",
                "x-amz-security-token" => "x-amz-security-token",
                "authorization" => "authorization",
                other => return Err(format!("the signer added an unexpected header {other}")),
            };
            request.headers.push((name, value.to_owned()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn signer(token: Option<&str>) -> Signer {
        Signer {
            credentials: Credentials {
                access_key_id: "AKIDEXAMPLE".into(),
                secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into()),
                session_token: token.map(|t| Secret::new(t.to_owned())),
                expiry: None,
            },
            region: "us-east-1".into(),
            name: "sso-oauth",
        }
    }

    fn request() -> Request {
        Request {
            url: "https://oidc.us-east-1.amazonaws.com/token?aws_iam=t".into(),
            method: "POST",
            headers: vec![
                ("accept-encoding", "identity".to_owned()),
                ("content-type", "application/json".to_owned()),
                ("amz-sdk-invocation-id", "id".to_owned()),
            ],
            body: br#"{"clientId": "arn:aws:sso::123456789012:application/a", "grantType": "refresh_token"}"#
                .to_vec(),
        }
    }

    fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
        request
            .headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// 2026-12-01T06:00:00Z.
    fn time() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_104_800)
    }

    // Guards: the signature botocore 1.43.11 computes for the same request, credentials and
    // time (recorded with botocore.auth.SigV4Auth, see tests/fixtures/gen/sigv4_vectors.py).
    #[test]
    fn matches_botocore_without_and_with_a_session_token() {
        let mut plain = request();
        signer(None).sign(&mut plain, time()).unwrap();
        assert_eq!(header(&plain, "x-amz-date"), Some("20261201T060000Z"));
        assert_eq!(header(&plain, "x-amz-security-token"), None);
        assert_eq!(
            header(&plain, "authorization"),
            Some(include_str!("../../tests/fixtures/sigv4/plain.txt").trim_end())
        );
        let mut session = request();
        signer(Some("session-token-EXAMPLE"))
            .sign(&mut session, time())
            .unwrap();
        assert_eq!(
            header(&session, "x-amz-security-token"),
            Some("session-token-EXAMPLE")
        );
        assert_eq!(
            header(&session, "authorization"),
            Some(include_str!("../../tests/fixtures/sigv4/session.txt").trim_end())
        );
    }

    // Guards: AWS's published SigV4 test suite, `get-vanilla` and `post-vanilla` (credentials
    // AKIDEXAMPLE, region us-east-1, service `service`, 2015-08-30T12:36:00Z); botocore computes
    // the same two signatures.
    #[test]
    fn published_vanilla_vectors() {
        let mut signer = signer(None);
        signer.name = "service";
        for (method, signature) in [
            (
                "GET",
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            ),
            (
                "POST",
                "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
            ),
        ] {
            let mut req = Request {
                url: "https://example.amazonaws.com/".into(),
                method,
                headers: Vec::new(),
                body: Vec::new(),
            };
            let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160);
            signer.sign(&mut req, at).unwrap();
            assert_eq!(
                header(&req, "authorization").unwrap(),
                format!(
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/\
                     aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}"
                ),
                "{method}"
            );
        }
    }

    // Guards: signing again (a retry) replaces the signature instead of adding a second one.
    #[test]
    fn a_retry_gets_one_fresh_signature() {
        let mut req = request();
        let s = signer(Some("t"));
        s.sign(&mut req, time()).unwrap();
        s.sign(&mut req, time() + Duration::from_secs(2)).unwrap();
        let count = |name: &str| req.headers.iter().filter(|(n, _)| *n == name).count();
        assert_eq!((count("authorization"), count("x-amz-date")), (1, 1));
        assert_eq!(header(&req, "x-amz-date"), Some("20261201T060002Z"));
    }

    #[test]
    fn debug_hides_the_secret_and_token() {
        let shown = format!("{:?}", signer(Some("tok-secret")).credentials);
        assert!(
            !shown.contains("wJalr") && !shown.contains("tok-secret"),
            "{shown}"
        );
        assert!(shown.contains("AKIDEXAMPLE"));
    }
}
