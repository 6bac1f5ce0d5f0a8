//! Zero-login identity (PRODUCT.md §2): the caller's address → tailscaled `whois` (over
//! its Unix socket, cached briefly) → the device registry → a [`Viewer`].

use super::config::{Config, Registration};
use super::metrics::Metrics;
use super::repo::{NodeSighting, Repository};
use super::tailscaled::{NodeIdentity, TailscaleClient, WhoisError};
use crate::error::AppError;
use crate::identity::{IdentityProblem, Viewer};
use domain::DeviceStatus;
use http::HeaderMap;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Unknown peers are re-asked sooner than known ones: they may connect Tailscale now.
const NOT_FOUND_TTL: Duration = Duration::from_secs(5);
/// How long a resolved device (role, status, seller) is reused without asking the
/// database: a tap then costs one round trip, not three. Changes made through this
/// server forget the entry at once; ones made elsewhere show within this time.
const VIEWER_TTL: Duration = Duration::from_secs(10);
const CACHE_PRUNE_AT: usize = 1024;

/// The caller's address: the TCP peer (IPv4-mapped IPv6 normalised), or the address a
/// trusted proxy forwarded. Forwarding headers from anyone else are ignored.
pub fn client_address(peer: SocketAddr, headers: &HeaderMap, trusted_proxies: &[IpAddr]) -> SocketAddr {
    let peer = SocketAddr::new(normalize(peer.ip()), peer.port());
    if !trusted_proxies.contains(&peer.ip()) {
        return peer;
    }
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    // The last X-Forwarded-For entry is the one the trusted proxy itself appended.
    let forwarded = header("x-forwarded-for")
        .and_then(|v| v.rsplit(',').next())
        .or_else(|| header("x-real-ip"))
        .and_then(|v| v.trim().parse::<IpAddr>().ok());
    forwarded.map(|ip| SocketAddr::new(normalize(ip), 0)).unwrap_or(peer)
}

pub fn normalize(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

type CachedWhois = (Instant, Result<NodeIdentity, WhoisError>);

/// Identity for every request: whois (cached per IP), then the device registry.
pub struct IdentityService {
    tailscale: TailscaleClient,
    cache: Mutex<HashMap<IpAddr, CachedWhois>>,
    /// Allowed viewers by node id.
    viewers: Mutex<HashMap<String, (Instant, Viewer)>>,
    ttl: Duration,
    dev_device: Option<String>,
    trusted_proxies: Vec<IpAddr>,
    admin_devices: Vec<String>,
    registration: Registration,
    repo: Repository,
    metrics: std::sync::Arc<Metrics>,
}

impl IdentityService {
    pub fn new(config: &Config, repo: Repository, metrics: std::sync::Arc<Metrics>) -> Self {
        IdentityService {
            tailscale: TailscaleClient::new(config.tailscale_socket.clone(), config.whois_timeout),
            cache: Mutex::new(HashMap::new()),
            viewers: Mutex::new(HashMap::new()),
            ttl: config.identity_cache_ttl,
            dev_device: config.dev_device.clone(),
            trusted_proxies: config.trusted_proxies.clone(),
            admin_devices: config.admin_devices.clone(),
            registration: config.registration,
            repo,
            metrics,
        }
    }

    pub async fn identify(&self, peer: SocketAddr, headers: &HeaderMap) -> Result<Viewer, AppError> {
        let client = client_address(peer, headers, &self.trusted_proxies);
        let node = match &self.dev_device {
            // The development identity is for a developer's own machine only.
            Some(dev) if client.ip().is_loopback() => NodeIdentity {
                node_id: format!("dev:{dev}"),
                machine_name: dev.clone(),
                tagged: false,
            },
            _ => self.whois(client).await?,
        };
        if node.tagged {
            return Err(AppError::Identity(IdentityProblem::TaggedNode));
        }
        let viewer_ttl = self.ttl.min(VIEWER_TTL);
        let cached = self.viewers.lock().expect("viewer cache").get(&node.node_id).cloned();
        if let Some((_, viewer)) = cached.filter(|(at, _)| at.elapsed() < viewer_ttl) {
            return Ok(viewer);
        }
        let node_id = node.node_id.clone();
        let viewer = self.register(node).await?;
        let mut viewers = self.viewers.lock().expect("viewer cache");
        if viewers.len() >= CACHE_PRUNE_AT {
            viewers.retain(|_, (at, _)| at.elapsed() < viewer_ttl);
        }
        viewers.insert(node_id, (Instant::now(), viewer.clone()));
        Ok(viewer)
    }

    /// The device registry's answer for a node: its row (created or bound on first
    /// sight), refused when blocked or awaiting approval.
    async fn register(&self, node: NodeIdentity) -> Result<Viewer, AppError> {
        let sighting = NodeSighting {
            configured_admin: self.admin_devices.contains(&node.machine_name),
            new_device_status: match self.registration {
                Registration::Auto => DeviceStatus::Active,
                Registration::Approval => DeviceStatus::Pending,
            },
            node_id: node.node_id,
            machine_name: node.machine_name,
        };
        let device = self.repo.device_for_node(&sighting, chrono::Utc::now()).await?;
        match device.status() {
            DeviceStatus::Blocked => return Err(AppError::Identity(IdentityProblem::Blocked)),
            DeviceStatus::Pending => return Err(AppError::Identity(IdentityProblem::AwaitingApproval)),
            DeviceStatus::Active => {}
        }
        let seller = match &device.active_seller {
            Some(id) => self.repo.seller(id).await?,
            None => None,
        };
        Ok(Viewer {
            role: device.role(),
            device_display: device
                .display_name
                .clone()
                .unwrap_or_else(|| device.device_name.clone()),
            chosen_event: device.active_event,
            device: device.device_name,
            seller_id: seller.as_ref().map(|s| s.id.clone()),
            seller_name: seller.map(|s| s.display_name),
        })
    }

    async fn whois(&self, client: SocketAddr) -> Result<NodeIdentity, AppError> {
        let now = Instant::now();
        if let Some((at, answer)) = self.cache.lock().expect("identity cache").get(&client.ip()) {
            let ttl = if answer.is_ok() {
                self.ttl
            } else {
                self.ttl.min(NOT_FOUND_TTL)
            };
            if now.duration_since(*at) < ttl {
                self.metrics.identity_cache(true);
                return answer.clone().map_err(whois_problem);
            }
        }
        self.metrics.identity_cache(false);
        let answer = self.tailscale.whois(client).await;
        match &answer {
            Err(WhoisError::Unavailable(reason)) => {
                // Not cached: the next request asks again, so recovery is immediate.
                self.metrics.tailscaled_error();
                tracing::warn!(%reason, "tailscaled whois failed");
            }
            _ => {
                let mut cache = self.cache.lock().expect("identity cache");
                if cache.len() >= CACHE_PRUNE_AT {
                    cache.retain(|_, (at, _)| now.duration_since(*at) < self.ttl);
                }
                cache.insert(client.ip(), (now, answer.clone()));
            }
        }
        answer.map_err(whois_problem)
    }

    /// Forgets every resolved device (a seller renamed: every phone shows the new name).
    pub fn forget_all(&self) {
        self.viewers.lock().expect("viewer cache").clear();
    }

    /// Forgets what is cached about one device, so its next request sees a change made
    /// just now (a new seller, a new status).
    pub fn forget_device(&self, device: &str) {
        self.viewers
            .lock()
            .expect("viewer cache")
            .retain(|_, (_, v)| v.device != device);
    }
}

fn whois_problem(e: WhoisError) -> AppError {
    AppError::Identity(match e {
        WhoisError::NotFound => IdentityProblem::NotOnTailnet,
        WhoisError::Unavailable(_) => IdentityProblem::TailscaleUnavailable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "100.64.0.9, 100.88.12.34".parse().unwrap());
        let peer: SocketAddr = "10.0.0.5:4444".parse().unwrap();
        assert_eq!(client_address(peer, &headers, &[]), peer);
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        assert_eq!(
            client_address(peer, &headers, &[proxy]),
            "100.88.12.34:0".parse().unwrap()
        );
    }

    #[test]
    fn ipv4_mapped_ipv6_is_normalised() {
        let peer: SocketAddr = "[::ffff:100.88.12.34]:5000".parse().unwrap();
        assert_eq!(
            client_address(peer, &HeaderMap::new(), &[]),
            "100.88.12.34:5000".parse().unwrap()
        );
    }
}
