//! What operators see: a request id on every request (taken from `X-Request-Id` or made
//! here, and sent back), a span carrying it around everything the request logs, one log
//! line per answered request, and the Prometheus metrics at `/metrics`.

use app::server::AppState;
use app::server::metrics::Gauges;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Instant;
use tracing::Instrument;

pub const REQUEST_ID: &str = "x-request-id";

/// Probes and static files are counted but not logged at `info`.
fn quiet(route: &str) -> bool {
    matches!(route, "/health" | "/ready" | "/metrics" | "/pkg/*" | "static")
}

pub async fn observe(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = match request.extensions().get::<MatchedPath>() {
        Some(_) if request.uri().path().starts_with("/pkg/") => "/pkg/*".to_string(),
        Some(path) => path.as_str().to_string(),
        None => "static".to_string(),
    };
    let id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_graphic()))
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    if let Ok(value) = HeaderValue::from_str(&id) {
        request.headers_mut().insert(REQUEST_ID, value);
    }
    let method = request.method().to_string();
    let span = tracing::info_span!("request", id = %id, method = %method, route = %route);
    let mut response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let took = started.elapsed();
    state.metrics.request(&route, &method, status, took);
    let ms = took.as_secs_f64() * 1000.0;
    span.in_scope(|| {
        if quiet(&route) {
            tracing::debug!(status, ms, "answered");
        } else {
            tracing::info!(status, ms, "answered");
        }
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

pub async fn metrics(State(state): State<AppState>, https: std::sync::Arc<crate::tls::Https>) -> Response {
    let (pool_size, pool_idle) = state.repo.pool_stats();
    let ready = crate::readiness(&state, &https).await.is_ok();
    let text = state.metrics.render(Gauges {
        pool_size,
        pool_idle,
        live_clients: state.live.listeners(),
        ready,
    });
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        text,
    )
        .into_response()
}
