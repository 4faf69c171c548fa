//! Certificates for the HTTPS tests, generated per run: a CA, and a server certificate of each
//! kind the verification tests need, as `tests/fixtures/gen/record_connection_errors.py` makes
//! them for v1.

use std::sync::Arc;

use rcgen::{CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair};

/// The server certificates, named as the recording names them. Subjects differ from issuers
/// except in the self-signed ones: OpenSSL tells a self-signed certificate by its names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaf {
    /// Signed by the CA, for `localhost` and `127.0.0.1`, valid now.
    Valid,
    /// Self-signed (not a CA), for `localhost` and `127.0.0.1`.
    SelfSigned,
    /// Signed by a CA nobody trusts; only the leaf is sent.
    UntrustedIssuer,
    /// Signed by the CA, for `other.example` only.
    WrongName,
    /// Signed by the CA, expired in 2001.
    Expired,
    /// Signed by the CA, valid from 2090.
    NotYetValid,
    /// Signed by the CA, and marked as a CA itself.
    CaMarked,
}

/// A CA and what it signs.
pub struct Pki {
    /// The CA's certificate, what a `--ca-bundle` holds.
    pub ca_pem: String,
    ca: (CertificateParams, KeyPair),
    untrusted: (CertificateParams, KeyPair),
}

fn params(common_name: &str, names: &[&str]) -> CertificateParams {
    let names: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
    let mut params = CertificateParams::new(names).expect("certificate names");
    params.distinguished_name = DistinguishedName::new();
    params
        .distinguished_name
        .push(DnType::CommonName, common_name);
    params
}

fn authority(common_name: &str) -> (CertificateParams, KeyPair) {
    let mut params = params(common_name, &[]);
    params.is_ca = IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    (params, KeyPair::generate().expect("generate key"))
}

impl Pki {
    pub fn new() -> Pki {
        let ca = authority("ssooidc test CA");
        let ca_pem = ca.0.self_signed(&ca.1).expect("self-sign CA").pem();
        Pki {
            ca_pem,
            ca,
            untrusted: authority("untrusted CA"),
        }
    }

    /// Another self-signed certificate with the name of [`Leaf::SelfSigned`]'s, and another key.
    pub fn twin_pem(&self) -> String {
        let key = KeyPair::generate().expect("generate key");
        params("localhost", &["localhost", "127.0.0.1"])
            .self_signed(&key)
            .expect("self-sign certificate")
            .pem()
    }

    /// A server configuration presenting a certificate of kind `leaf`.
    pub fn server_config(&self, leaf: Leaf) -> Arc<rustls::ServerConfig> {
        let names: &[&str] = match leaf {
            Leaf::WrongName => &["other.example"],
            _ => &["localhost", "127.0.0.1"],
        };
        let mut params = params("localhost", names);
        match leaf {
            Leaf::Expired => {
                params.not_before = rcgen::date_time_ymd(2000, 1, 1);
                params.not_after = rcgen::date_time_ymd(2001, 1, 1);
            }
            Leaf::NotYetValid => {
                params.not_before = rcgen::date_time_ymd(2090, 1, 1);
                params.not_after = rcgen::date_time_ymd(2091, 1, 1);
            }
            Leaf::CaMarked => params.is_ca = IsCa::Ca(rcgen::BasicConstraints::Unconstrained),
            _ => {}
        }
        let key = KeyPair::generate().expect("generate key");
        let certificate = match leaf {
            Leaf::SelfSigned => params.self_signed(&key),
            Leaf::UntrustedIssuer => params.signed_by(
                &key,
                &Issuer::from_params(&self.untrusted.0, &self.untrusted.1),
            ),
            _ => params.signed_by(&key, &Issuer::from_params(&self.ca.0, &self.ca.1)),
        }
        .expect("sign certificate");
        crate::support::server::tls_config(vec![certificate.der().clone()], &key)
    }
}
