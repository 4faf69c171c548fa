//! The TLS client configuration: which certificates are trusted, and how they are checked.
//!
//! rustls with the `ring` provider and compiled-in web PKI roots: about a millisecond at start-up,
//! where loading the system store or seeding aws-lc costs 5-50 ms on every run.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, OtherError, RootCertStore, SignatureScheme};

use crate::net::failure::Untrusted;

/// Which certificates the client trusts.
#[derive(Debug, Clone)]
pub enum Trust {
    /// The compiled-in web PKI roots (Mozilla's, as botocore's certifi bundle).
    WebPki,
    /// The PEM certificates of `--ca-bundle`, `AWS_CA_BUNDLE` or `ca_bundle`, replacing the roots.
    Bundle(String),
    /// `--no-verify-ssl`: no verification at all.
    Insecure,
}

/// Where the trusted certificates come from, before any file is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustSource {
    /// The compiled-in roots.
    Default,
    /// A PEM bundle at this path.
    Bundle(String),
    /// `--no-verify-ssl`.
    Insecure,
}

impl TrustSource {
    /// Loads the bundle, if any. v1 reports a missing bundle only when it connects over https, so
    /// this is called only then. `Err` is botocore's text: only the errno part, not the path.
    pub fn load(&self) -> Result<Trust, String> {
        match self {
            TrustSource::Default => Ok(Trust::WebPki),
            TrustSource::Insecure => Ok(Trust::Insecure),
            TrustSource::Bundle(path) => {
                let expanded = crate::python::paths::expandvars_expanduser(path);
                let bytes = crate::python::io::read_file(std::path::Path::new(&expanded))
                    .map_err(|err| crate::python::io::errno_text(&err))?;
                Ok(Trust::Bundle(String::from_utf8_lossy(&bytes).into_owned()))
            }
        }
    }
}

/// The rustls configuration for `trust`.
pub fn client_config(trust: &Trust) -> Result<rustls::ClientConfig, String> {
    let verifier: Arc<dyn ServerCertVerifier> = match trust {
        Trust::WebPki => Arc::new(Verifier::new(
            RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            },
            Vec::new(),
        )?),
        Trust::Bundle(pem) => Arc::new(Verifier::bundle(pem)?),
        Trust::Insecure => Arc::new(NoVerification),
    };
    Ok(rustls::ClientConfig::builder()
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

/// The certificates of a PEM bundle.
fn bundle_certificates(pem: &str) -> Result<Vec<CertificateDer<'static>>, String> {
    use rustls::pki_types::pem::PemObject;
    let certificates = CertificateDer::pem_slice_iter(pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| format!("invalid PEM data: {err}"))?;
    if certificates.is_empty() {
        return Err("no certificates found in the CA bundle".into());
    }
    Ok(certificates)
}

/// The web PKI rules (rustls's own verifier), with two things OpenSSL (and so v1) does:
/// - with a `--ca-bundle`, a server certificate that is itself in the bundle is trusted for the
///   names it carries even when it is marked as a CA, which is what `openssl req -x509` makes
///   by default and what people put in a bundle for their own servers;
/// - an untrusted self-signed certificate is refused as such (rustls calls it an unknown
///   issuer, or a CA used as an end entity), so that the message can say so.
#[derive(Debug)]
struct Verifier {
    web_pki: Arc<WebPkiServerVerifier>,
    /// The `--ca-bundle` certificates (none for the compiled-in roots).
    bundle: Vec<CertificateDer<'static>>,
}

impl Verifier {
    fn new(roots: RootCertStore, bundle: Vec<CertificateDer<'static>>) -> Result<Self, String> {
        let web_pki = WebPkiServerVerifier::builder(Arc::new(roots))
            .build()
            .map_err(|err| format!("invalid CA bundle: {err}"))?;
        Ok(Self { web_pki, bundle })
    }

    fn bundle(pem: &str) -> Result<Self, String> {
        let bundle = bundle_certificates(pem)?;
        let mut roots = RootCertStore::empty();
        for certificate in &bundle {
            roots
                .add(certificate.clone())
                .map_err(|err| format!("invalid certificate: {err}"))?;
        }
        Self::new(roots, bundle)
    }

    /// Whether the bundle holds `certificate` as it is.
    fn holds(&self, certificate: &CertificateDer<'_>) -> bool {
        self.bundle
            .iter()
            .any(|held| held.as_ref() == certificate.as_ref())
    }

    /// The web PKI refused `end_entity` only for being a CA, and the bundle holds it as it is.
    fn trusted_as_is(&self, error: &rustls::Error, end_entity: &CertificateDer<'_>) -> bool {
        is_webpki(error, &webpki::Error::CaUsedAsEndEntity) && self.holds(end_entity)
    }

    /// `error` for an untrusted self-signed certificate says so, as OpenSSL does, which looks
    /// for that before anything else: for the server's own certificate when the bundle does not
    /// hold it as it is, whatever else is wrong with it (expired, marked as a CA, or a bundle
    /// certificate of the same name with another key); for an unknown issuer, the last
    /// certificate of the chain the server sent.
    fn worded(
        &self,
        error: rustls::Error,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
    ) -> rustls::Error {
        use CertificateError as C;
        let untrusted = match &error {
            // Names are checked only on a trusted chain.
            rustls::Error::InvalidCertificate(
                C::NotValidForName | C::NotValidForNameContext { .. },
            ) => None,
            rustls::Error::InvalidCertificate(_)
                if self_issued(end_entity) && !self.holds(end_entity) =>
            {
                Some(Untrusted::SelfSigned)
            }
            rustls::Error::InvalidCertificate(C::UnknownIssuer)
                if intermediates.iter().any(self_issued) =>
            {
                Some(Untrusted::SelfSignedInChain)
            }
            _ => None,
        };
        match untrusted {
            Some(untrusted) => C::Other(OtherError(Arc::new(untrusted))).into(),
            None => error,
        }
    }
}

/// Whether rustls reports webpki's `expected` error (the ones it has no variant for).
fn is_webpki(error: &rustls::Error, expected: &webpki::Error) -> bool {
    matches!(
        error,
        rustls::Error::InvalidCertificate(CertificateError::Other(other))
            if other.0.downcast_ref::<webpki::Error>() == Some(expected)
    )
}

/// Issued by itself: its issuer is its subject (OpenSSL's first test for self-signed).
fn self_issued(certificate: &CertificateDer<'_>) -> bool {
    webpki::EndEntityCert::try_from(certificate)
        .is_ok_and(|certificate| certificate.issuer() == certificate.subject())
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let error = match self.web_pki.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Ok(verified) => return Ok(verified),
            Err(error) => error,
        };
        if !self.trusted_as_is(&error, end_entity) {
            return Err(self.worded(error, end_entity, intermediates));
        }
        // Trusted as is, but only for its own names.
        webpki::EndEntityCert::try_from(end_entity)
            .and_then(|certificate| certificate.verify_is_valid_for_subject_name(server_name))
            .map_err(|error| match error {
                webpki::Error::CertNotValidForName(context) => {
                    CertificateError::NotValidForNameContext {
                        expected: context.expected,
                        presented: context.presented,
                    }
                }
                _ => CertificateError::BadEncoding,
            })
            .map_err(rustls::Error::from)
            .map(|()| ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.web_pki.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.web_pki.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.web_pki.supported_verify_schemes()
    }
}

/// The verifier behind `--no-verify-ssl`: accepts any certificate, still checks signatures'
/// form so the handshake completes.
#[derive(Debug)]
struct NoVerification;

impl ServerCertVerifier for NoVerification {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        rustls::crypto::ring::default_provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests;
