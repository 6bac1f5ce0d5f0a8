//! tailscaled's LocalAPI over its Unix socket: who a peer is (identity), and this
//! machine's own MagicDNS name and HTTPS certificate (serving HTTPS on the tailnet).

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use hyperlocal::UnixConnector;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// A certificate may have to be fetched from Let's Encrypt first: give it time.
const CERT_TIMEOUT: Duration = Duration::from_secs(90);

/// This machine on the tailnet.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnNames {
    /// `tenacity.tail4f2a1.ts.net`, without the final dot.
    pub dns_name: Option<String>,
    /// The names tailscaled may fetch certificates for (empty: HTTPS not enabled).
    pub cert_domains: Vec<String>,
}

/// Why no certificate came from tailscaled.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CertError {
    #[error("tailscaled is not answering: {0}")]
    Down(String),
    /// 403: the calling user may not fetch certificates.
    #[error("tailscaled refused the certificate: {0}")]
    NotPermitted(String),
    /// The tailnet has HTTPS certificates turned off.
    #[error("HTTPS certificates are not enabled for the tailnet: {0}")]
    NotEnabled(String),
    #[error("{0}")]
    Other(String),
}

/// What tailscaled says about a peer, reduced to what identity needs.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeIdentity {
    pub node_id: String,
    /// MagicDNS machine name, lower case (never `Hostinfo.Hostname`: iPhones all say
    /// "localhost").
    pub machine_name: String,
    /// Tagged nodes (servers, kiosks) carry no person's identity.
    pub tagged: bool,
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum WhoisError {
    #[error("not a tailnet peer")]
    NotFound,
    #[error("tailscaled unavailable: {0}")]
    Unavailable(String),
}

/// A client of tailscaled's LocalAPI over its Unix socket.
pub struct TailscaleClient {
    socket: PathBuf,
    timeout: Duration,
    http: Client<UnixConnector, Full<Bytes>>,
}

impl TailscaleClient {
    pub fn new(socket: PathBuf, timeout: Duration) -> Self {
        let http = Client::builder(TokioExecutor::new()).build(UnixConnector);
        TailscaleClient { socket, timeout, http }
    }

    /// `GET path` on the LocalAPI: its status and body, or why tailscaled could not be
    /// asked. tailscaled refuses (403) requests without its `Host` name or with an
    /// Origin/Referer, so every request carries exactly that.
    async fn get(&self, path: &str, timeout: Duration) -> Result<(u16, Bytes), String> {
        let uri: hyper::Uri = hyperlocal::Uri::new(&self.socket, path).into();
        let request = http::Request::get(uri)
            .header(http::header::HOST, "local-tailscaled.sock")
            .body(Full::new(Bytes::new()))
            .map_err(|e| e.to_string())?;
        let exchange = async {
            let response = self
                .http
                .request(request)
                .await
                .map_err(|e| format!("{}: {}", self.socket.display(), with_causes(&e)))?;
            let status = response.status().as_u16();
            let body = response.into_body().collect().await.map_err(|e| e.to_string())?;
            Ok::<_, String>((status, body.to_bytes()))
        };
        tokio::time::timeout(timeout, exchange)
            .await
            .map_err(|_| format!("no answer within {timeout:?}"))?
    }

    /// `GET /localapi/v0/whois?addr=IP:PORT`: who is calling.
    pub async fn whois(&self, addr: SocketAddr) -> Result<NodeIdentity, WhoisError> {
        let path = format!("/localapi/v0/whois?addr={}", query_escape(&addr.to_string()));
        let (status, body) = self.get(&path, self.timeout).await.map_err(WhoisError::Unavailable)?;
        match status {
            200 => parse_whois(&body),
            404 => Err(WhoisError::NotFound),
            other => Err(WhoisError::Unavailable(format!("tailscaled answered {other}"))),
        }
    }

    /// `GET /localapi/v0/status`: this machine's MagicDNS name and the names tailscaled
    /// may fetch certificates for.
    pub async fn own_names(&self) -> Result<OwnNames, CertError> {
        let (status, body) = self
            .get("/localapi/v0/status", self.timeout)
            .await
            .map_err(CertError::Down)?;
        if status != 200 {
            return Err(CertError::Other(format!("status: tailscaled answered {status}")));
        }
        #[derive(Deserialize, Default)]
        #[serde(default, rename_all = "PascalCase")]
        struct Status {
            #[serde(rename = "Self")]
            me: Option<Peer>,
            cert_domains: Option<Vec<String>>,
        }
        #[derive(Deserialize, Default)]
        #[serde(default, rename_all = "PascalCase")]
        struct Peer {
            #[serde(rename = "DNSName")]
            dns_name: Option<String>,
        }
        let answer: Status =
            serde_json::from_slice(&body).map_err(|e| CertError::Other(format!("unreadable status: {e}")))?;
        let dns_name = answer
            .me
            .and_then(|p| p.dns_name)
            .map(|n| n.trim_end_matches('.').to_ascii_lowercase())
            .filter(|n| !n.is_empty());
        Ok(OwnNames {
            dns_name,
            cert_domains: answer
                .cert_domains
                .unwrap_or_default()
                .into_iter()
                .map(|d| d.trim_end_matches('.').to_ascii_lowercase())
                .collect(),
        })
    }

    /// `GET /localapi/v0/cert/<name>?type=pair`: the key and certificate chain (PEM, key
    /// first) tailscaled holds or fetches for `name`. Fetching from Let's Encrypt may take
    /// a while the first time.
    pub async fn cert_pair(&self, name: &str) -> Result<Bytes, CertError> {
        let path = format!("/localapi/v0/cert/{name}?type=pair");
        let (status, body) = self.get(&path, CERT_TIMEOUT).await.map_err(CertError::Down)?;
        let said = || String::from_utf8_lossy(&body).trim().to_string();
        match status {
            200 => Ok(body),
            403 => Err(CertError::NotPermitted(said())),
            _ if said().contains("does not support getting TLS certs") => Err(CertError::NotEnabled(said())),
            other => Err(CertError::Other(format!("tailscaled answered {other}: {}", said()))),
        }
    }
}

/// An error with what caused it ("client error (Connect): No such file or directory").
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut said = error.to_string();
    let mut cause = error.source();
    while let Some(c) = cause {
        said.push_str(": ");
        said.push_str(&c.to_string());
        cause = c.source();
    }
    said
}

fn query_escape(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            '[' => "%5B".to_string(),
            ']' => "%5D".to_string(),
            ':' => "%3A".to_string(),
            '%' => "%25".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// Lenient: tailscaled versions differ, and most fields may be missing.
fn parse_whois(body: &[u8]) -> Result<NodeIdentity, WhoisError> {
    #[derive(Deserialize, Default)]
    #[serde(default, rename_all = "PascalCase")]
    struct Answer {
        node: Option<Node>,
        user_profile: Option<Profile>,
    }
    #[derive(Deserialize, Default)]
    #[serde(default, rename_all = "PascalCase")]
    struct Node {
        #[serde(rename = "ID")]
        id: Option<serde_json::Value>,
        #[serde(rename = "StableID")]
        stable_id: Option<String>,
        name: Option<String>,
        computed_name: Option<String>,
        tags: Option<Vec<String>>,
    }
    #[derive(Deserialize, Default)]
    #[serde(default, rename_all = "PascalCase")]
    struct Profile {
        login_name: Option<String>,
    }

    let answer: Answer =
        serde_json::from_slice(body).map_err(|e| WhoisError::Unavailable(format!("unreadable whois answer: {e}")))?;
    let node = answer
        .node
        .ok_or_else(|| WhoisError::Unavailable("whois answer without Node".into()))?;
    let node_id = node
        .stable_id
        .filter(|s| !s.is_empty())
        .or_else(|| node.id.map(|id| format!("id:{id}")))
        .ok_or_else(|| WhoisError::Unavailable("whois answer without a node id".into()))?;
    // ComputedName, else the first label of the MagicDNS name.
    let machine_name = node
        .computed_name
        .filter(|s| !s.is_empty())
        .or_else(|| node.name.and_then(|n| n.split('.').next().map(str::to_string)))
        .filter(|s| !s.is_empty())
        .ok_or_else(|| WhoisError::Unavailable("whois answer without a machine name".into()))?
        .to_ascii_lowercase();
    let login = answer.user_profile.and_then(|p| p.login_name).unwrap_or_default();
    let tagged = node.tags.is_some_and(|t| !t.is_empty()) || login == "tagged-devices";
    Ok(NodeIdentity {
        node_id,
        machine_name,
        tagged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/../server/tests/fixtures/tailscale/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn parses_real_whois_answers_by_stable_id_and_computed_name() {
        let phone = parse_whois(&fixture("whois-staff-iphone.json")).unwrap();
        assert_eq!(
            phone,
            NodeIdentity {
                node_id: "nStaffPh0ne1CNTRL".into(),
                machine_name: "booth-phone-1".into(),
                tagged: false
            }
        );
        let second = parse_whois(&fixture("whois-second-iphone.json")).unwrap();
        assert_ne!(
            second.node_id, phone.node_id,
            "two iPhones called localhost are two devices"
        );
        assert_eq!(
            parse_whois(&fixture("whois-legacy-mac.json")).unwrap().machine_name,
            "sisia"
        );
        assert!(parse_whois(&fixture("whois-tagged-server.json")).unwrap().tagged);
    }

    #[test]
    fn addresses_are_escaped_for_the_query() {
        assert_eq!(query_escape("[fd7a::1]:80"), "%5Bfd7a%3A%3A1%5D%3A80");
    }

    #[test]
    fn parses_leniently() {
        let minimal = br#"{"Node":{"StableID":"n1","Name":"Pixel-7.tail.ts.net."}}"#;
        assert_eq!(parse_whois(minimal).unwrap().machine_name, "pixel-7");
        let tagged_by_login =
            br#"{"Node":{"StableID":"n2","ComputedName":"k"},"UserProfile":{"LoginName":"tagged-devices"}}"#;
        assert!(parse_whois(tagged_by_login).unwrap().tagged);
        assert!(matches!(parse_whois(b"{}"), Err(WhoisError::Unavailable(_))));
        assert!(matches!(parse_whois(b"not json"), Err(WhoisError::Unavailable(_))));
    }
}
