//! PRODUCT.md §9: requests only for our own host names, mutations only from our own
//! pages, no framing, no CORS.

use crate::tls::Https;
use app::server::config::Config;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::Arc;

pub struct SecurityPolicy {
    allowed_hosts: Vec<String>,
    https: Arc<Https>,
}

impl SecurityPolicy {
    pub fn new(config: &Config, https: Arc<Https>) -> Self {
        SecurityPolicy {
            allowed_hosts: config.allowed_hosts.clone(),
            https,
        }
    }

    /// Exact host names from `ALLOWED_HOSTS`, the names the HTTPS certificate is for
    /// (the MagicDNS name and the short machine name, with no configuration), and
    /// loopback names only for loopback peers (the developer's browser, the container's
    /// health check), which no DNS-rebinding page can be.
    fn host_allowed(&self, host: &str, peer: SocketAddr) -> bool {
        self.allowed_hosts.iter().any(|h| h == host)
            || self.https.host_names().iter().any(|h| h == host)
            || (matches!(host, "localhost" | "127.0.0.1" | "::1") && peer.ip().is_loopback())
    }
}

/// The Host header's name, lower case, without port or IPv6 brackets.
fn host_name(headers: &HeaderMap) -> Option<String> {
    app::server::config::host_name(headers.get(header::HOST)?.to_str().ok()?)
}

/// A mutation is same-origin when the browser says so (Sec-Fetch-Site) or, for older
/// browsers, when Origin names this very host. Requests with neither come from
/// non-browser clients, which cannot ride on a user's session anyway.
fn same_origin_mutation(headers: &HeaderMap) -> bool {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = get("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    match (get("origin"), get("host")) {
        (None, _) => true,
        (Some(origin), Some(host)) => {
            origin.eq_ignore_ascii_case(&format!("http://{host}"))
                || origin.eq_ignore_ascii_case(&format!("https://{host}"))
        }
        (Some(_), None) => false,
    }
}

fn refuse(status: StatusCode, message: &'static str) -> Response {
    (status, message).into_response()
}

pub async fn guard(
    State(policy): State<Arc<SecurityPolicy>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let allowed = host_name(request.headers()).is_some_and(|h| policy.host_allowed(&h, peer));
    let mut response = if !allowed {
        tracing::warn!(host = ?request.headers().get(header::HOST), "refused: host not in ALLOWED_HOSTS");
        refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "Unknown host. Add it to ALLOWED_HOSTS.",
        )
    } else if !is_safe(request.method()) && !same_origin_mutation(request.headers()) {
        tracing::warn!(path = %request.uri().path(), "refused: cross-site request");
        refuse(StatusCode::FORBIDDEN, "Cross-site requests are not accepted.")
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("frame-ancestors 'none'"),
    );
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // Same-origin referrers are kept: plain form posts are redirected back by them.
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (header::HeaderName::from_static(k), v.parse().unwrap()))
            .collect()
    }

    #[test]
    fn host_names_lose_port_and_brackets() {
        assert_eq!(
            host_name(&headers(&[("host", "Tenacity:3000")])).as_deref(),
            Some("tenacity")
        );
        assert_eq!(host_name(&headers(&[("host", "[::1]:3000")])).as_deref(), Some("::1"));
        assert_eq!(host_name(&headers(&[])), None);
    }

    #[test]
    fn cross_site_mutations_are_recognised() {
        assert!(same_origin_mutation(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!same_origin_mutation(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!same_origin_mutation(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(same_origin_mutation(&headers(&[
            ("origin", "http://tenacity:3000"),
            ("host", "tenacity:3000")
        ])));
        assert!(!same_origin_mutation(&headers(&[
            ("origin", "http://evil.example"),
            ("host", "tenacity:3000")
        ])));
        assert!(same_origin_mutation(&headers(&[])));
    }
}
