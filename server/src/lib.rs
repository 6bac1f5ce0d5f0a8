//! The HTTP server: start-up (configuration, database, migrations), the axum router with
//! its layers, and graceful shutdown. The product itself lives in the `app` crate.

pub mod backup;
pub mod export;
pub mod input;
pub mod jobs;
mod listen;
mod observe;
mod offline;
pub mod security;
pub mod tls;

use app::error::AppError;
use app::server::config::{Config, LogFormat};
use app::server::identity::IdentityService;
use app::server::repo::Repository;
use app::server::{AppState, Identity};
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use migration::MigratorTrait;
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub use input::MAX_BODY_BYTES;

/// A request's headers must arrive within this, and an idle kept-alive connection waits
/// this long for the next request; then the connection is closed (a client sending a
/// byte a second holds nothing).
pub const HEADER_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// After SIGTERM, requests in flight get this long to finish (live streams never do).
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("database: {0}")]
    Database(String),
    #[error("cannot listen: {0}")]
    Bind(String),
    #[error("HTTPS: {0}")]
    Tls(String),
    #[error(
        "not migrating: the backup before {pending} pending migration(s) failed: {why}. Fix BACKUP_DIR or free space, or set MIGRATION_BACKUP=off to migrate without a backup"
    )]
    Backup { pending: usize, why: String },
}

pub fn init_tracing(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Pretty => builder.init(),
    }
}

/// Connects, migrates (with `MIGRATION_DATABASE_URL` when set) and builds the state. The
/// background jobs start separately ([`jobs::spawn`]).
pub async fn start(config: Config) -> Result<AppState, StartError> {
    for warning in &config.obsolete {
        tracing::warn!("{warning}");
    }
    let db_error = |e: sea_orm::DbErr| StartError::Database(e.to_string());
    if config.run_migrations {
        let url = config.migration_database_url.as_deref().unwrap_or(&config.database_url);
        let db = app::server::db::connect(url).await.map_err(db_error)?;
        back_up_before_migrating(&config, url, &db).await?;
        migration::Migrator::up(&db, None).await.map_err(db_error)?;
        let first = migration::FirstEvent {
            name: &config.event_name,
            time_zone: config.timezone,
            now: chrono::Utc::now(),
        };
        if let Some(id) = migration::first_event(&db, first).await.map_err(db_error)? {
            tracing::info!(event = %id, "made the first event; every record belongs to it");
        }
        db.close().await.map_err(db_error)?;
        tracing::info!("database schema is up to date");
    }
    let db = app::server::db::connect(&config.database_url).await.map_err(db_error)?;
    if let Some(dev) = &config.dev_device {
        tracing::warn!(device = %dev, "DEV_DEVICE is set: loopback requests are treated as this device (development only)");
    }
    let mut leptos_options = get_configuration(None)
        .map_err(|e| StartError::Bind(e.to_string()))?
        .leptos_options;
    leptos_options.site_addr = config.site_addr;
    // A release build names its files by content (cargo-leptos writes hash.txt beside the
    // binary): the pages must ask for those names.
    leptos_options.hash_files = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(leptos_options.hash_file.as_ref())))
        .is_some_and(|file| file.exists());
    let repo = Repository::new(db);
    let metrics = Arc::new(app::server::metrics::Metrics::default());
    let identity = Arc::new(IdentityService::new(&config, repo.clone(), metrics.clone()));
    // One hub: the repository's writes notify it, the live stream listens to it.
    let live = repo.live().clone();
    Ok(AppState {
        leptos_options,
        config: Arc::new(config),
        repo,
        identity,
        live,
        metrics,
    })
}

/// A database with data and pending migrations is backed up first (unless
/// `MIGRATION_BACKUP=off`); no migration runs when that backup fails.
async fn back_up_before_migrating(
    config: &Config,
    url: &str,
    db: &sea_orm::DatabaseConnection,
) -> Result<(), StartError> {
    use migration::MigratorTrait;
    let db_error = |e: sea_orm::DbErr| StartError::Database(e.to_string());
    let tables = backup::table_rows(db)
        .await
        .map_err(|e| StartError::Database(e.to_string()))?;
    let holds_data = tables
        .iter()
        .any(|(table, rows)| *rows > 0 && table != "seaql_migrations");
    // Asked without creating the bookkeeping table: nothing changes before the backup.
    let pending = if tables.iter().any(|(table, _)| table == "seaql_migrations") {
        migration::Migrator::get_pending_migrations(db)
            .await
            .map_err(db_error)?
            .len()
    } else {
        migration::Migrator::migrations().len()
    };
    if pending == 0 || !holds_data {
        return Ok(());
    }
    if !config.migration_backup {
        tracing::warn!(pending, "MIGRATION_BACKUP=off: migrating without a backup");
        return Ok(());
    }
    let made = match backup::folder(config.backup_dir.as_deref()) {
        Ok(dir) => backup::backup(url, &dir, backup::Reason::BeforeMigration, chrono::Utc::now()).await,
        Err(e) => Err(e),
    };
    match made {
        Ok(made) => {
            tracing::info!(pending, "{made}; migrating");
            Ok(())
        }
        Err(e) => Err(StartError::Backup {
            pending,
            why: e.to_string(),
        }),
    }
}

/// The app's pages, worked out once per process. While Leptos works them out it stops
/// every resource in the process from loading (a process-wide flag), and a page that
/// starts rendering in that moment never finishes (leptos-rs/leptos#4773): a second
/// router in the same process (tests, benchmarks) must not do it again.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole HTTP surface, with its layers (outermost first): security (Host allowlist,
/// cross-site refusal, response headers) → input (body size and time, storable text) →
/// identity → error statuses.
pub fn router(state: AppState, https: Arc<tls::Https>) -> Router {
    let routes = route_list();
    let pkg_dir = format!(
        "{}/{}",
        state.leptos_options.site_root, state.leptos_options.site_pkg_dir
    );
    let security = Arc::new(security::SecurityPolicy::new(&state.config, https.clone()));
    let pkg = ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip();
    // Files named by their content never change; otherwise they must be revalidated.
    let pkg_caching = if state.leptos_options.hash_files {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let worker = offline::service_worker(std::path::Path::new(state.leptos_options.site_root.as_ref()));
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route(
            "/ready",
            get({
                let https = https.clone();
                move |state: State<AppState>| ready(state, https)
            }),
        )
        .route(
            "/metrics",
            get({
                let https = https.clone();
                move |state: State<AppState>| observe::metrics(state, https)
            }),
        )
        .route(
            "/sw.js",
            get(move || async move {
                (
                    [
                        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                        // The browser must see a new build's worker at once.
                        (header::CACHE_CONTROL, "no-cache"),
                    ],
                    worker,
                )
            }),
        )
        .route("/api/live", get(live))
        .route("/admin/export.csv", get(export::csv))
        .route("/admin/export.json", get(export::json))
        .leptos_routes(&state, routes, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn(server_fn_status))
        .layer(middleware::from_fn_with_state(state.clone(), identify))
        .nest_service(
            "/pkg",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    header::HeaderValue::from_static(pkg_caching),
                ))
                .service(pkg),
        )
        .layer(middleware::from_fn(input::guard))
        .layer(middleware::from_fn_with_state(security, security::guard))
        .layer(middleware::from_fn_with_state(https, to_https))
        .layer(middleware::from_fn_with_state(state.clone(), observe::observe))
        .with_state(state)
}

/// How long the live stream waits after a change for more, so a burst of writes causes
/// one refetch per page instead of one per write.
pub const LIVE_COALESCE: std::time::Duration = std::time::Duration::from_millis(200);

/// Server-sent events: `hello` on (re)connect, then `changed` after writes. Pages refetch
/// on both (a reconnect may have missed changes).
async fn live(State(state): State<AppState>, request: Request) -> Response {
    use axum::response::sse::{Event, KeepAlive, Sse};
    use futures::StreamExt;
    use tokio::sync::broadcast::error::RecvError;
    if let Err(error) = app::server::caller(request.extensions()) {
        let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::FORBIDDEN);
        return (status, error.message(domain::Lang::En)).into_response();
    }
    let changes = futures::stream::unfold(state.live.subscribe(), |mut rx| async move {
        match rx.recv().await {
            Ok(()) | Err(RecvError::Lagged(_)) => {
                tokio::time::sleep(LIVE_COALESCE).await;
                while rx.try_recv().is_ok() {}
                Some((Event::default().event("changed").data("1"), rx))
            }
            Err(RecvError::Closed) => None,
        }
    });
    // `retry`: after a drop, the browser reconnects in a second, not its default three.
    let events = futures::stream::once(async {
        Event::default()
            .event("hello")
            .data("1")
            .retry(std::time::Duration::from_secs(1))
    })
    .chain(changes)
    .map(Ok::<_, std::convert::Infallible>);
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(std::time::Duration::from_secs(15)))
        .into_response()
}

/// Ready when the database answers and, if HTTPS is asked for, a certificate is served;
/// a warning about the certificate (renewal failing, expiring soon) comes along. Why not.
pub(crate) async fn readiness(state: &AppState, https: &tls::Https) -> Result<Option<String>, String> {
    if let Err(e) = state.repo.ping().await {
        tracing::warn!(error = %e, "not ready: database unreachable");
        return Err("database unavailable".into());
    }
    match (https.wanted() && https.name().is_none(), https.problem()) {
        (true, problem) => Err(format!(
            "not ready: {}\n",
            problem.unwrap_or_else(|| "no HTTPS certificate yet".into())
        )),
        (false, warning) => Ok(warning),
    }
}

async fn ready(State(state): State<AppState>, https: Arc<tls::Https>) -> Response {
    match readiness(&state, &https).await {
        Err(why) => (StatusCode::SERVICE_UNAVAILABLE, why).into_response(),
        Ok(Some(warning)) => format!("ready (warning: {warning})\n").into_response(),
        Ok(None) => "ready".into_response(),
    }
}

/// While HTTPS is served, a plain HTTP request is sent to the same place over HTTPS
/// (308, the method kept), never answered by the app — except the probes from this very
/// machine (the container's health check, a Prometheus on the host), which stay plain.
async fn to_https(State(https): State<Arc<tls::Https>>, request: Request, next: Next) -> Response {
    let transport = request.extensions().get::<app::server::Transport>().copied();
    let (Some(transport), Some(name)) = (transport, https.name()) else {
        return next.run(request).await;
    };
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    let probe =
        matches!(request.uri().path(), "/health" | "/ready" | "/metrics") && peer.is_some_and(|p| p.ip().is_loopback());
    if transport.secure || probe {
        return next.run(request).await;
    }
    let target = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let location = format!("https://{name}:{}{target}", transport.local_port);
    (
        StatusCode::PERMANENT_REDIRECT,
        [(header::LOCATION, location)],
        "This app is served over HTTPS.\n",
    )
        .into_response()
}

/// Paths that need no identity: probes and static files (the site's own folders, and
/// files at the top level such as `/favicon.ico` or `/sw.js`). `/admin/export.csv` is not.
fn is_public(path: &str) -> bool {
    matches!(path, "/health" | "/ready" | "/metrics")
        || ["/pkg/", "/icons/", "/fonts/"].iter().any(|dir| path.starts_with(dir))
        || (path.matches('/').count() == 1 && path.contains('.'))
}

async fn identify(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    mut request: Request,
    next: Next,
) -> Response {
    if !is_public(request.uri().path()) {
        let identity = state.identity.identify(peer, request.headers()).await;
        request.extensions_mut().insert(Identity(identity));
    }
    // Behind a trusted proxy that ended HTTPS (`tailscale serve`), the request was
    // secure all the same.
    let proxied_https = state
        .config
        .trusted_proxies
        .contains(&app::server::identity::normalize(peer.ip()))
        && request.headers().get("x-forwarded-proto").is_some_and(|v| v == "https");
    if proxied_https && let Some(transport) = request.extensions_mut().get_mut::<app::server::Transport>() {
        transport.secure = true;
    }
    next.run(request).await
}

/// Server functions answer every error with 500; give direct callers the status the
/// error means (422 invalid, 403 refused, 503 retry later …). Form posts keep their
/// redirect, which carries the error back to the page.
async fn server_fn_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR || !response.headers().contains_key("serverfnerror") {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES).await.unwrap_or_default();
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Runs until SIGINT/SIGTERM, then finishes the requests in flight.
pub async fn serve(config: Config) -> Result<(), StartError> {
    let addr = config.site_addr;
    let state = start(config).await?;
    let https = tls::Https::new(&state.config, state.metrics.clone());
    // Files must be there from the start (a path typed wrong is not a transient problem);
    // tailscaled may come later, and is asked by the background job until it answers.
    if matches!(state.config.tls, app::server::config::TlsMode::Files { .. })
        && let Some(problem) = https.refresh(chrono::Utc::now()).await
    {
        return Err(StartError::Tls(problem));
    }
    let _background = jobs::spawn(&state, &https);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| StartError::Bind(format!("{addr}: {e}")))?;
    tracing::info!(https = https.wanted(), "listening on {addr}");
    serve_on(listener, state, https, shutdown_signal()).await;
    Ok(())
}

/// Answers every connection `listener` accepts until `shutdown` completes, then gives
/// the requests in flight [`SHUTDOWN_GRACE`] to finish. HTTP/1.1 with
/// [`HEADER_READ_TIMEOUT`] (axum's own `serve` has no read timeout at all). HTTPS and
/// plain HTTP share the port: a connection that opens with a TLS handshake is served
/// over TLS (once a certificate is in use), any other as plain HTTP (which `to_https`
/// redirects while HTTPS is served).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    https: Arc<tls::Https>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::{Service, ServiceExt};
    let acceptor = https.acceptor();
    let mut make_service = router(state, https.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait a moment rather than spin.
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = match make_service.call(peer).await {
            Ok(service) => service,
            Err(never) => match never {},
        };
        let local_port = stream.local_addr().map(|a| a.port()).unwrap_or_default();
        let (http, watcher, acceptor, https) = (http.clone(), graceful.watcher(), acceptor.clone(), https.clone());
        tokio::spawn(async move {
            // A TLS ClientHello starts with the handshake record type, 0x16; plain HTTP
            // never does. A client that says nothing is cut off like a slow header.
            let mut first = [0u8; 1];
            match tokio::time::timeout(HEADER_READ_TIMEOUT, stream.peek(&mut first)).await {
                Ok(Ok(1..)) => {}
                // Closed, broken, or silent for as long as a request may take to start.
                _ => return,
            }
            let tls = first[0] == 0x16 && https.name().is_some();
            let transport = app::server::Transport {
                secure: tls,
                local_port,
            };
            let service = service.map_request(move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(transport);
                request.map(Body::new)
            });
            let service = hyper_util::service::TowerToHyperService::new(service);
            let result = if tls {
                match tokio::time::timeout(HEADER_READ_TIMEOUT, acceptor.accept(stream)).await {
                    Ok(Ok(stream)) => {
                        watcher
                            .watch(http.serve_connection(TokioIo::new(stream), service))
                            .await
                    }
                    Ok(Err(e)) => return tracing::debug!(error = %e, "TLS handshake failed"),
                    Err(_) => return tracing::debug!("TLS handshake too slow"),
                }
            } else {
                watcher
                    .watch(http.serve_connection(TokioIo::new(stream), service))
                    .await
            };
            if let Err(e) = result {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await.is_err() {
        tracing::info!("requests still open after the grace period (live streams): closing");
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down");
}

/// `GET /health` on the configured port over loopback; 0 when it answers 200.
pub async fn healthcheck() -> i32 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let port = Config::from_env().map(|c| c.site_addr.port()).unwrap_or(3000);
    let attempt = async {
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
        stream
            .write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .await?;
        let mut head = vec![0u8; 32];
        let n = stream.read(&mut head).await?;
        Ok::<bool, std::io::Error>(head[..n].starts_with(b"HTTP/1.1 200"))
    };
    match tokio::time::timeout(std::time::Duration::from_secs(3), attempt).await {
        Ok(Ok(true)) => 0,
        _ => 1,
    }
}
