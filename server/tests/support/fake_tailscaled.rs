//! A stand-in for tailscaled: a real HTTP server on a temporary Unix socket, answering
//! `GET /localapi/v0/whois?addr=IP:PORT` like the real daemon (fixtures from
//! tests/fixtures/tailscale), including its 403 for a wrong Host or any Origin/Referer.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Debug)]
pub enum Answer {
    /// 200 with this JSON body.
    Whois(String),
    /// Answers, but only after this long (a daemon still starting).
    Slow(Duration, String),
}

#[derive(Clone, Debug)]
pub struct SeenRequest {
    pub addr: String,
    pub host: Option<String>,
}

/// What the fake answers for this machine's own status and certificate.
#[derive(Clone, Debug)]
pub enum Certs {
    /// HTTPS is off for the tailnet: no certificate domains, and `cert` answers as
    /// tailscaled does then.
    NotEnabled,
    /// Certificates for `name`; `cert` answers this PEM (key, then chain).
    Pair { name: String, pem: String },
    /// The calling user may not fetch certificates (no TS_PERMIT_CERT_UID).
    Forbidden { name: String },
}

#[derive(Clone, Default)]
struct Shared {
    answers: Arc<Mutex<HashMap<IpAddr, Answer>>>,
    seen: Arc<Mutex<Vec<SeenRequest>>>,
    certs: Arc<Mutex<Option<Certs>>>,
}

pub struct FakeTailscaled {
    pub socket: PathBuf,
    shared: Shared,
    server: Option<tokio::task::JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl FakeTailscaled {
    /// Serves the shared fixtures for the peers in [`super::peers`].
    pub async fn start() -> FakeTailscaled {
        use super::peers::*;
        let dir = tempfile::tempdir().unwrap();
        let mut fake = FakeTailscaled {
            socket: dir.path().join("tailscaled.sock"),
            shared: Shared::default(),
            server: None,
            _dir: dir,
        };
        for (peer, file) in [
            (STAFF_IPHONE, "whois-staff-iphone.json"),
            (SECOND_IPHONE, "whois-second-iphone.json"),
            (LEGACY_MAC, "whois-legacy-mac.json"),
            (TAGGED_SERVER, "whois-tagged-server.json"),
        ] {
            fake.answer(peer, Answer::Whois(super::fixture(file)));
        }
        fake.answer(
            SLOW,
            Answer::Slow(Duration::from_secs(30), super::fixture("whois-staff-iphone.json")),
        );
        fake.resume();
        fake
    }

    pub fn answer(&self, peer: IpAddr, answer: Answer) {
        self.shared.answers.lock().unwrap().insert(peer, answer);
    }

    /// What `status` and `cert/<name>` answer from now on.
    pub fn certs(&self, certs: Certs) {
        *self.shared.certs.lock().unwrap() = Some(certs);
    }

    pub fn seen(&self) -> Vec<SeenRequest> {
        self.shared.seen.lock().unwrap().clone()
    }

    /// Stops answering but leaves the socket file: connections are refused, as when
    /// tailscaled has stopped.
    pub fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }

    /// (Re)starts answering on the same socket path.
    pub fn resume(&mut self) {
        let _ = std::fs::remove_file(&self.socket);
        let listener = tokio::net::UnixListener::bind(&self.socket).unwrap();
        let router = Router::new()
            .route("/localapi/v0/whois", get(whois))
            .route("/localapi/v0/status", get(status))
            .route("/localapi/v0/cert/{name}", get(cert))
            .with_state(self.shared.clone());
        self.server = Some(tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        }));
    }
}

impl Drop for FakeTailscaled {
    fn drop(&mut self) {
        self.stop();
    }
}

/// `status`: this machine's MagicDNS name (with the final dot, as tailscaled writes it)
/// and the names it may fetch certificates for.
async fn status(State(shared): State<Shared>) -> Response {
    let certs = shared.certs.lock().unwrap().clone();
    let (name, domains) = match &certs {
        None => ("tenacity.tail4f2a1.ts.net".to_string(), vec![]),
        Some(Certs::NotEnabled) => ("tenacity.tail4f2a1.ts.net".to_string(), vec![]),
        Some(Certs::Pair { name, .. } | Certs::Forbidden { name }) => (name.clone(), vec![name.clone()]),
    };
    let body = serde_json::json!({
        "Version": "1.76.1",
        "BackendState": "Running",
        "Self": { "DNSName": format!("{name}."), "HostName": "tenacity" },
        "CertDomains": if domains.is_empty() { serde_json::Value::Null } else { serde_json::json!(domains) },
    });
    ([("content-type", "application/json")], body.to_string()).into_response()
}

/// `cert/<name>?type=pair`, with tailscaled's own refusals.
async fn cert(
    State(shared): State<Shared>,
    axum::extract::Path(asked): axum::extract::Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if query.get("type").map(String::as_str) != Some("pair") {
        return (StatusCode::BAD_REQUEST, "this fake only serves type=pair").into_response();
    }
    match shared.certs.lock().unwrap().clone() {
        Some(Certs::Forbidden { .. }) => (StatusCode::FORBIDDEN, "cert access denied\n").into_response(),
        None | Some(Certs::NotEnabled) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "your Tailscale account does not support getting TLS certs\n",
        )
            .into_response(),
        Some(Certs::Pair { name, .. }) if name != asked => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("invalid domain {asked:?}; only {name:?} is permitted\n"),
        )
            .into_response(),
        Some(Certs::Pair { pem, .. }) => ([("content-type", "text/plain")], pem).into_response(),
    }
}

async fn whois(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let host = headers.get("host").and_then(|h| h.to_str().ok()).map(str::to_string);
    let addr = query.get("addr").cloned().unwrap_or_default();
    shared.seen.lock().unwrap().push(SeenRequest {
        addr: addr.clone(),
        host: host.clone(),
    });
    // tailscaled's LocalAPI refuses browsers and other hosts.
    if host.as_deref() != Some("local-tailscaled.sock")
        || headers.contains_key("origin")
        || headers.contains_key("referer")
    {
        return (StatusCode::FORBIDDEN, "invalid localapi request").into_response();
    }
    let ip = addr
        .parse::<SocketAddr>()
        .map(|a| a.ip())
        .or_else(|_| addr.parse::<IpAddr>());
    let Ok(ip) = ip else {
        return (StatusCode::BAD_REQUEST, "invalid 'addr' parameter").into_response();
    };
    let answer = shared.answers.lock().unwrap().get(&ip).cloned();
    match answer {
        None => (StatusCode::NOT_FOUND, format!("no match for IP:port {addr}")).into_response(),
        Some(Answer::Whois(body)) => ([("content-type", "application/json")], body).into_response(),
        Some(Answer::Slow(delay, body)) => {
            tokio::time::sleep(delay).await;
            ([("content-type", "application/json")], body).into_response()
        }
    }
}
