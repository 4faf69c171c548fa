//! The verifier: what it trusts, and how it words an untrusted self-signed certificate.

use super::*;

fn key() -> rcgen::KeyPair {
    rcgen::KeyPair::generate().unwrap()
}

/// Parameters for `names`, with the common name `cn` (and so the subject and, for a
/// self-signed certificate, the issuer).
fn params(cn: &str, names: &[&str], ca: bool) -> rcgen::CertificateParams {
    let names: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
    let mut params = rcgen::CertificateParams::new(names).unwrap();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, cn);
    if ca {
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    }
    params
}

fn self_signed(cn: &str, ca: bool) -> CertificateDer<'static> {
    self_signed_pem(cn, ca).0
}

fn self_signed_pem(cn: &str, ca: bool) -> (CertificateDer<'static>, String) {
    let certificate = params(cn, &["localhost"], ca).self_signed(&key()).unwrap();
    (certificate.der().clone(), certificate.pem())
}

/// A CA certificate and a leaf it signed.
fn chain() -> (CertificateDer<'static>, CertificateDer<'static>) {
    let (ca_key, leaf_key) = (key(), key());
    let ca_params = params("test CA", &[], true);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::from_params(&ca_params, &ca_key);
    let leaf = params("leaf", &["localhost"], false)
        .signed_by(&leaf_key, &issuer)
        .unwrap();
    (ca.der().clone(), leaf.der().clone())
}

fn words(error: rustls::Error) -> String {
    crate::net::failure::tls_words(&error)
}

fn web_pki() -> Verifier {
    let roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    Verifier::new(roots, Vec::new()).unwrap()
}

// Guards: an untrusted self-signed certificate is refused as one, as OpenSSL says it first
// (rustls says UnknownIssuer, CaUsedAsEndEntity when it is marked as a CA, BadSignature when
// a bundle certificate has its name, or Expired); other failures keep their own words.
#[test]
fn untrusted_self_signed_certificates_are_named() {
    let verifier = web_pki();
    let worded = |error: rustls::Error, leaf: &CertificateDer<'_>, chain: &[CertificateDer<'_>]| {
        words(verifier.worded(error, leaf, chain))
    };
    let ca_used = || -> rustls::Error {
        CertificateError::Other(OtherError(Arc::new(webpki::Error::CaUsedAsEndEntity))).into()
    };
    let error = |error: CertificateError| rustls::Error::from(error);
    for (leaf, error) in [
        (
            self_signed("a", false),
            error(CertificateError::UnknownIssuer),
        ),
        (self_signed("a", true), ca_used()),
        (
            self_signed("a", false),
            error(CertificateError::BadSignature),
        ),
        (self_signed("a", false), error(CertificateError::Expired)),
    ] {
        assert!(worded(error, &leaf, &[]).ends_with(": self-signed certificate"));
    }
    let (ca, leaf) = chain();
    assert!(worded(
        error(CertificateError::UnknownIssuer),
        &leaf,
        std::slice::from_ref(&ca)
    )
    .ends_with(": self-signed certificate in certificate chain"));
    let unknown = error(CertificateError::UnknownIssuer);
    assert_eq!(verifier.worded(unknown.clone(), &leaf, &[]), unknown);
    // A CA certificate signed by another, served as the server's: not self-signed.
    assert!(worded(ca_used(), &leaf, std::slice::from_ref(&ca))
        .ends_with(": invalid non-CA certificate (has CA markings)"));
    let expired = error(CertificateError::Expired);
    assert_eq!(verifier.worded(expired.clone(), &leaf, &[ca]), expired);
    // Not a chain failure: a name the certificate does not carry, or no certificate at all.
    let mismatch = error(CertificateError::NotValidForName);
    let leaf = self_signed("a", false);
    assert_eq!(verifier.worded(mismatch.clone(), &leaf, &[]), mismatch);
    let alert = rustls::Error::AlertReceived(rustls::AlertDescription::HandshakeFailure);
    assert_eq!(verifier.worded(alert.clone(), &leaf, &[]), alert);
    // A self-signed certificate the bundle holds is trusted: its failures are its own.
    let (held, pem) = self_signed_pem("held", false);
    let bundle = Verifier::bundle(&pem).unwrap();
    assert_eq!(bundle.worded(expired.clone(), &held, &[]), expired);
    assert!(words(bundle.worded(expired, &leaf, &[])).ends_with(": self-signed certificate"));
}

fn verify(verifier: &Verifier, leaf: &CertificateDer<'_>, name: &str) -> Option<String> {
    let name = ServerName::try_from(name.to_owned()).unwrap();
    verifier
        .verify_server_cert(leaf, &[], &name, &[], UnixTime::now())
        .err()
        .map(words)
}

// Guards: the verifier for the compiled-in roots and for a bundle: a certificate in the
// bundle is trusted as is for its own names only (with urllib3's words for another name),
// one outside it is refused as self-signed.
#[test]
fn verifier_trusts_the_bundle_as_openssl_does() {
    let web_pki = web_pki();
    let (leaf, pem) = self_signed_pem("own", true);
    assert_eq!(
        verify(&web_pki, &leaf, "localhost").as_deref(),
        Some("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate")
    );
    let bundle = Verifier::bundle(&pem).unwrap();
    assert_eq!(verify(&bundle, &leaf, "localhost"), None);
    assert_eq!(
        verify(&bundle, &leaf, "other.example").as_deref(),
        Some("hostname 'other.example' doesn't match 'localhost'")
    );
    let stranger = self_signed("stranger", true);
    assert!(verify(&bundle, &stranger, "localhost")
        .unwrap()
        .ends_with(": self-signed certificate"));
    assert!(Verifier::bundle("not a certificate").is_err());
    // In the bundle, but expired: trusted as is only when being a CA is all that is wrong.
    let mut expired = params("old", &["localhost"], true);
    expired.not_before = rcgen::date_time_ymd(2000, 1, 1);
    expired.not_after = rcgen::date_time_ymd(2001, 1, 1);
    let expired = expired.self_signed(&key()).unwrap();
    let bundle = Verifier::bundle(&expired.pem()).unwrap();
    assert_eq!(
        verify(&bundle, expired.der(), "localhost").as_deref(),
        Some("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired")
    );
}
