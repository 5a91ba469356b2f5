//! TLS on the source listener (rustls, ring provider), for clearnet or HTTPS-on-onion
//! deployments. TLS 1.3 only unless `[source] tls12 = true`. The certificate can be replaced
//! without dropping connections: SIGHUP reloads the files, and each new connection takes the
//! configuration current at its accept; established connections keep theirs.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// TLS setup errors.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// A file could not be read.
    #[error("{0}: {1}")]
    Read(String, std::io::Error),
    /// The PEM holds no certificate or key.
    #[error("{0}: {1}")]
    Pem(String, String),
    /// rustls refused the pair (e.g. the key does not match the certificate).
    #[error("TLS configuration: {0}")]
    Config(String),
}

/// Builds a server configuration from PEM files.
pub fn load(cert: &Path, key: &Path, allow_tls12: bool) -> Result<Arc<ServerConfig>, TlsError> {
    let cert_pem = std::fs::read(cert).map_err(|e| TlsError::Read(cert.display().to_string(), e))?;
    let key_pem = zeroize::Zeroizing::new(
        std::fs::read(key).map_err(|e| TlsError::Read(key.display().to_string(), e))?,
    );
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<Result<_, _>>()
        .map_err(|e| TlsError::Pem(cert.display().to_string(), e.to_string()))?;
    if certs.is_empty() {
        return Err(TlsError::Pem(cert.display().to_string(), "no certificate".into()));
    }
    let key_der = PrivateKeyDer::from_pem_slice(&key_pem)
        .map_err(|e| TlsError::Pem(key.display().to_string(), e.to_string()))?;
    let versions: &[&rustls::SupportedProtocolVersion] = if allow_tls12 {
        &[&rustls::version::TLS13, &rustls::version::TLS12]
    } else {
        &[&rustls::version::TLS13]
    };
    let mut cfg = ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_protocol_versions(versions)
        .map_err(|e| TlsError::Config(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(certs, key_der)
        .map_err(|e| TlsError::Config(e.to_string()))?;
    cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
    // No session tickets: resumption state would outlive the connection in server memory for
    // no benefit on a tip line.
    cfg.send_tls13_tickets = 0;
    Ok(Arc::new(cfg))
}

/// The live TLS configuration, replaceable at runtime.
pub struct Reloadable {
    cert: PathBuf,
    key: PathBuf,
    tls12: bool,
    current: RwLock<Arc<ServerConfig>>,
}

impl Reloadable {
    /// Loads the files once.
    pub fn new(cert: PathBuf, key: PathBuf, tls12: bool) -> Result<Self, TlsError> {
        let cfg = load(&cert, &key, tls12)?;
        Ok(Self { cert, key, tls12, current: RwLock::new(cfg) })
    }

    /// The configuration for a new connection.
    pub fn current(&self) -> Arc<ServerConfig> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Reads the files again; on any error the old configuration stays in use.
    pub fn reload(&self) -> Result<(), TlsError> {
        let cfg = load(&self.cert, &self.key, self.tls12)?;
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = cfg;
        Ok(())
    }
}
