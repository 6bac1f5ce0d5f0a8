//! HTTPS on the tailnet (PRODUCT.md §9). Phones only install the app, run its service
//! worker and send Fetch Metadata on a secure origin, so the app serves HTTPS with the
//! machine's own tailnet certificate: the MagicDNS name from tailscaled's LocalAPI
//! (`status`), the key pair from `cert/<name>?type=pair`, over the socket identity uses.
//! It is checked before it is served (key and certificate belong together, it is valid
//! now, and it names this machine), renewed well before it expires and swapped without a
//! restart; a failed renewal keeps the current one and says so (log, `/ready`,
//! `/metrics`). While no certificate can be had the app serves plain HTTP and says loudly
//! why, and what to do: a booth that cannot log at all is worse than one without the app
//! installed. `TLS=files` reads a certificate and key from files instead; `TLS=off`
//! serves plain HTTP (development, or behind `tailscale serve`).

use app::server::config::{Config, TlsMode};
use app::server::metrics::Metrics;
use app::server::tailscaled::{CertError, TailscaleClient};
use chrono::{DateTime, Utc};
use rustls::crypto::ring::sign::any_supported_type;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// How often a certificate in use is fetched again. tailscaled renews its own about two
/// weeks before expiry; asking four times a day swaps the new one in within hours.
pub const RENEW_EVERY: Duration = Duration::from_secs(6 * 3600);
/// How soon to try again while there is no certificate at all.
pub const RETRY_EVERY: Duration = Duration::from_secs(60);
/// Warn (log, `/ready`) when the certificate in use expires within this.
const EXPIRES_SOON_DAYS: i64 = 10;

/// The certificate being served.
#[derive(Clone)]
struct Served {
    key: Arc<CertifiedKey>,
    /// The DNS name it is for (the MagicDNS name with `TLS=tailscale`).
    name: String,
    expires: DateTime<Utc>,
}

/// The app's HTTPS: the certificate it serves (if any) and why not (if not).
pub struct Https {
    mode: TlsMode,
    tailscale: Option<TailscaleClient>,
    served: RwLock<Option<Served>>,
    problem: RwLock<Option<String>>,
    uid: Option<u32>,
    metrics: Arc<Metrics>,
}

impl std::fmt::Debug for Https {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Https")
            .field("mode", &self.mode)
            .finish_non_exhaustive()
    }
}

impl Https {
    pub fn new(config: &Config, metrics: Arc<Metrics>) -> Arc<Https> {
        let tailscale = (config.tls == TlsMode::Tailscale)
            .then(|| TailscaleClient::new(config.tailscale_socket.clone(), config.whois_timeout));
        Arc::new(Https {
            mode: config.tls.clone(),
            tailscale,
            served: RwLock::new(None),
            problem: RwLock::new(None),
            uid: own_uid(),
            metrics,
        })
    }

    /// Plain HTTP only.
    pub fn off() -> Arc<Https> {
        Arc::new(Https {
            mode: TlsMode::Off,
            tailscale: None,
            served: RwLock::new(None),
            problem: RwLock::new(None),
            uid: None,
            metrics: Arc::default(),
        })
    }

    /// HTTPS is asked for (it may not be served yet).
    pub fn wanted(&self) -> bool {
        self.mode != TlsMode::Off
    }

    /// The name HTTPS is served for, when a certificate is in use.
    pub fn name(&self) -> Option<String> {
        self.served.read().expect("tls lock").as_ref().map(|s| s.name.clone())
    }

    /// Host names that follow the certificate: its name and the machine's short name
    /// (`tenacity.tail4f2a1.ts.net` and `tenacity`).
    pub fn host_names(&self) -> Vec<String> {
        self.name()
            .map(|name| {
                let short = name.split('.').next().unwrap_or_default().to_string();
                vec![name, short]
            })
            .unwrap_or_default()
    }

    /// Why HTTPS is not (fully) working, in words for ops: `/ready` shows it.
    pub fn problem(&self) -> Option<String> {
        self.problem.read().expect("tls lock").clone()
    }

    /// The rustls configuration that serves whatever certificate is current.
    pub fn acceptor(self: &Arc<Self>) -> tokio_rustls::TlsAcceptor {
        let resolver: Arc<dyn ResolvesServerCert> = self.clone();
        let mut config =
            rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_safe_default_protocol_versions()
                .expect("ring supports the default TLS versions")
                .with_no_client_auth()
                .with_cert_resolver(resolver);
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        tokio_rustls::TlsAcceptor::from(Arc::new(config))
    }

    /// Fetches the certificate again (tailscaled, or the files), checks it and serves it
    /// from now on. On failure the certificate in use (if any) stays, and the problem is
    /// kept for `/ready` and logged. Returns the problem, if any.
    pub async fn refresh(&self, now: DateTime<Utc>) -> Option<String> {
        let fetched = match &self.mode {
            TlsMode::Off => return None,
            TlsMode::Tailscale => self.fetch_from_tailscale(now).await,
            TlsMode::Files { cert, key } => from_files(cert, key, now),
        };
        let had = self.served.read().expect("tls lock").clone();
        match fetched {
            Ok(served) => {
                let changed = had.as_ref().is_none_or(|h| h.key.cert != served.key.cert);
                if changed {
                    tracing::info!(name = %served.name, expires = %served.expires, "serving HTTPS with this certificate");
                }
                self.metrics.tls_certificate(Some(served.expires.timestamp()));
                let days = (served.expires - now).num_days();
                let soon = (days < EXPIRES_SOON_DAYS).then(|| {
                    format!(
                        "the HTTPS certificate for {} expires in {days} days ({}) and has not been renewed yet",
                        served.name, served.expires
                    )
                });
                if let Some(soon) = &soon {
                    tracing::warn!("{soon}");
                }
                *self.served.write().expect("tls lock") = Some(served);
                *self.problem.write().expect("tls lock") = soon.clone();
                soon
            }
            Err(problem) => {
                self.metrics.tls_renewal_failed();
                match &had {
                    Some(current) => tracing::warn!(
                        name = %current.name,
                        expires = %current.expires,
                        "HTTPS certificate renewal failed; still serving the current one: {problem}"
                    ),
                    None => tracing::error!(
                        "NO HTTPS: {problem} — serving plain HTTP meanwhile, so phones cannot install the app or start it offline; trying again every minute"
                    ),
                }
                let said = match &had {
                    Some(current) => format!(
                        "renewal failed (still serving the certificate valid until {}): {problem}",
                        current.expires
                    ),
                    None => format!("no HTTPS certificate: {problem}"),
                };
                *self.problem.write().expect("tls lock") = Some(said);
                Some(problem)
            }
        }
    }

    async fn fetch_from_tailscale(&self, now: DateTime<Utc>) -> Result<Served, String> {
        let client = self.tailscale.as_ref().expect("a client with TLS=tailscale");
        let names = client.own_names().await.map_err(|e| self.explain(e))?;
        let Some(name) = names.dns_name else {
            return Err(
                "this machine has no MagicDNS name: turn MagicDNS on for the tailnet (Tailscale admin console → DNS)"
                    .into(),
            );
        };
        if names.cert_domains.is_empty() {
            return Err(self.explain(CertError::NotEnabled("tailscaled lists no certificate domains".into())));
        }
        let pair = client.cert_pair(&name).await.map_err(|e| self.explain(e))?;
        check_pair(&pair, Some(&name), now).map_err(|e| format!("tailscaled handed out a certificate that {e}"))
    }

    /// What a failure to get the certificate from tailscaled means, and what to do.
    fn explain(&self, error: CertError) -> String {
        let uid = self
            .uid
            .map(|u| u.to_string())
            .unwrap_or_else(|| "of this process".into());
        match error {
            CertError::Down(e) => {
                format!("tailscaled is not answering ({e}): start it, and mount its socket's folder into the container")
            }
            CertError::NotPermitted(e) => format!(
                "tailscaled refused this app's user (uid {uid}) its certificate ({e}): start tailscaled with TS_PERMIT_CERT_UID={uid} (the image runs as uid 10001), e.g. in /etc/default/tailscaled, then restart tailscaled"
            ),
            CertError::NotEnabled(e) => format!(
                "HTTPS certificates are not enabled for this tailnet ({e}): an admin turns on HTTPS Certificates in the Tailscale admin console (DNS page); the app fetches its certificate by itself within a minute"
            ),
            CertError::Other(e) => format!("tailscaled could not give the certificate: {e}"),
        }
    }
}

impl ResolvesServerCert for Https {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        self.served.read().expect("tls lock").as_ref().map(|s| s.key.clone())
    }
}

/// The user this process runs as (tailscaled permits certificates per uid).
fn own_uid() -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").ok().map(|m| m.uid())
}

fn from_files(cert: &std::path::Path, key: &std::path::Path, now: DateTime<Utc>) -> Result<Served, String> {
    let read = |path: &std::path::Path, var: &str| {
        std::fs::read(path).map_err(|e| format!("{var}={} cannot be read: {e}", path.display()))
    };
    let mut pair = read(key, "TLS_KEY_FILE")?;
    pair.push(b'\n');
    pair.extend(read(cert, "TLS_CERT_FILE")?);
    check_pair(&pair, None, now).map_err(|e| format!("TLS_CERT_FILE/TLS_KEY_FILE: the certificate {e}"))
}

/// A PEM key and certificate chain (in any order), checked: the key belongs to the leaf
/// certificate, the leaf is valid at `now`, and (when `name` is given) it names `name`.
/// Errors read after "the certificate …".
fn check_pair(pem: &[u8], name: Option<&str>, now: DateTime<Utc>) -> Result<Served, String> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<_, _>>()
        .map_err(|e| format!("is unreadable PEM ({e})"))?;
    let Some(leaf) = certs.first() else {
        return Err("is missing: no CERTIFICATE in the PEM".into());
    };
    let key = PrivateKeyDer::from_pem_slice(pem).map_err(|_| "came without a readable private key".to_string())?;
    let signing = any_supported_type(&key).map_err(|e| format!("came with a key of an unsupported kind ({e})"))?;
    let certified = CertifiedKey::new(certs.clone(), signing);
    certified
        .keys_match()
        .map_err(|_| "and the key do not belong together".to_string())?;
    let (_, parsed) =
        x509_parser::parse_x509_certificate(leaf).map_err(|e| format!("is not a readable X.509 certificate ({e})"))?;
    let validity = parsed.validity();
    let time = |t: x509_parser::time::ASN1Time| DateTime::from_timestamp(t.timestamp(), 0).unwrap_or_default();
    let (not_before, not_after) = (time(validity.not_before), time(validity.not_after));
    if now >= not_after {
        return Err(format!("expired on {not_after}"));
    }
    if now < not_before {
        return Err(format!("is not valid before {not_before}"));
    }
    let names: Vec<String> = parsed
        .subject_alternative_name()
        .ok()
        .flatten()
        .map(|san| {
            san.value
                .general_names
                .iter()
                .filter_map(|n| match n {
                    x509_parser::extensions::GeneralName::DNSName(d) => Some(d.to_ascii_lowercase()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let name = match name {
        Some(wanted) => {
            let covers = |n: &String| {
                n == wanted
                    || n.strip_prefix("*.")
                        .is_some_and(|rest| wanted.split_once('.').is_some_and(|(_, r)| r == rest))
            };
            if !names.iter().any(covers) {
                return Err(format!("is for {} and not for {wanted}", names.join(", ")));
            }
            wanted.to_string()
        }
        None => names.first().cloned().ok_or("names no host (no DNS name in it)")?,
    };
    Ok(Served {
        key: Arc::new(certified),
        name,
        expires: not_after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcgen::{CertificateParams, KeyPair};

    /// A self-signed key and certificate (PEM) for `names`, valid until `not_after`.
    fn pair(names: &[&str], not_after: DateTime<Utc>) -> (String, String) {
        use chrono::Datelike;
        let ymd = |at: DateTime<Utc>| rcgen::date_time_ymd(at.year(), at.month() as u8, at.day() as u8);
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
        params.not_before = ymd(Utc::now() - chrono::Duration::days(3));
        params.not_after = ymd(not_after);
        let cert = params.self_signed(&key).unwrap();
        (key.serialize_pem(), cert.pem())
    }

    fn checked(key: &str, cert: &str, name: &str) -> Result<String, String> {
        check_pair(format!("{key}{cert}").as_bytes(), Some(name), Utc::now()).map(|s| s.name)
    }

    #[test]
    fn a_pair_is_checked_before_it_is_served() {
        let later = Utc::now() + chrono::Duration::days(80);
        let name = "tenacity.tail4f2a1.ts.net";
        let (key, cert) = pair(&[name], later);
        assert_eq!(checked(&key, &cert, name), Ok(name.to_string()));
        assert_eq!(checked(&cert, &key, name), Ok(name.to_string()), "either order");

        let (other_key, _) = pair(&[name], later);
        assert_eq!(
            checked(&other_key, &cert, name),
            Err("and the key do not belong together".into())
        );
        let (old_key, old) = pair(&[name], Utc::now() - chrono::Duration::days(1));
        assert!(checked(&old_key, &old, name).unwrap_err().starts_with("expired on"));
        let (k, elsewhere) = pair(&["kiosk.tail4f2a1.ts.net"], later);
        assert_eq!(
            checked(&k, &elsewhere, name),
            Err("is for kiosk.tail4f2a1.ts.net and not for tenacity.tail4f2a1.ts.net".into())
        );
        let (wk, wildcard) = pair(&["*.tail4f2a1.ts.net"], later);
        assert!(checked(&wk, &wildcard, name).is_ok());
        assert!(checked("nonsense", "", name).is_err());
        assert!(checked("", &cert, name).unwrap_err().contains("private key"));
    }
}
