//! Real parts for the integration tests: fresh SQLite files and PostgreSQL databases, a
//! fake tailscaled serving the shared whois fixtures over a real Unix socket, and the
//! real router listening on 127.0.0.1.
#![allow(dead_code)]

pub mod fake_tailscaled;

use fake_tailscaled::FakeTailscaled;
use reqwest::StatusCode;
use reqwest::header;
use uuid::Uuid;

use app::server::AppState;
use app::server::config::Config;
use migration::MigratorTrait;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub const BACKENDS: [Backend; 2] = [Backend::Sqlite, Backend::Postgres];

/// The PostgreSQL server tests create their databases on (e.g.
/// `postgres://postgres@127.0.0.1:5432/postgres`).
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").expect(
        "TEST_DATABASE_URL must name a PostgreSQL server the tests may create databases on, \
         e.g. postgres://postgres@127.0.0.1:5432/postgres (the README's test command sets it)",
    )
}

/// A database of its own for one test; a PostgreSQL one is dropped with it.
pub struct TestDb {
    pub backend: Backend,
    pub url: String,
    pg_name: Option<String>,
    _dir: tempfile::TempDir,
}

impl TestDb {
    pub async fn empty(backend: Backend) -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        match backend {
            Backend::Sqlite => {
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.sqlite").display());
                TestDb {
                    backend,
                    url,
                    pg_name: None,
                    _dir: dir,
                }
            }
            Backend::Postgres => {
                let admin = postgres_admin_url();
                let name = format!("lumicello_test_{}", uuid::Uuid::new_v4().simple());
                let conn = sea_orm::Database::connect(&admin)
                    .await
                    .expect("connect to TEST_DATABASE_URL");
                conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .unwrap();
                conn.close().await.unwrap();
                let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin).to_string();
                TestDb {
                    backend,
                    url: format!("{base}/{name}"),
                    pg_name: Some(name),
                    _dir: dir,
                }
            }
        }
    }

    pub async fn connect(&self) -> DatabaseConnection {
        app::server::db::connect(&self.url).await.unwrap()
    }

    /// A fresh database with every migration applied, and a connection to it. Its one
    /// event ("Test market", Bangkok) runs from 2020 on, open-ended, so records of any
    /// date a test picks have a home (the real start-up's first event is
    /// `migration::first_event`'s, tested on its own).
    pub async fn migrated(backend: Backend) -> (TestDb, DatabaseConnection) {
        let db = TestDb::empty(backend).await;
        let conn = db.connect().await;
        migration::Migrator::up(&conn, None).await.unwrap();
        add_event(&conn, "test-market", "Test market", "2020-01-01", None, "Asia/Bangkok").await;
        (db, conn)
    }
}

/// A test's PostgreSQL database goes when its `TestDb` does, however the test ends (a
/// failed assertion included), so no run leaves databases behind.
impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = self.pg_name.take() else {
            return;
        };
        // Drop cannot await, and may run inside the test's runtime: drop the database
        // from a thread of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(async {
                let conn = sea_orm::Database::connect(&postgres_admin_url()).await?;
                conn.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await?;
                conn.close().await
            })?;
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
        })
        .join();
        if let Ok(Err(e)) = dropped {
            eprintln!("could not drop a test database: {e}");
        }
    }
}

pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tailscale")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Loopback source addresses the tests connect from, one per modelled device.
pub mod peers {
    use std::net::{IpAddr, Ipv4Addr};
    pub const STAFF_IPHONE: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 11));
    pub const SECOND_IPHONE: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 12));
    pub const LEGACY_MAC: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 13));
    pub const TAGGED_SERVER: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 14));
    pub const SLOW: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 15));
    /// Not in the fake's table: tailscaled answers 404.
    pub const STRANGER: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1));
}

pub fn config(db_url: &str, socket: &Path, extra: &[(&str, &str)]) -> Config {
    let mut vars: HashMap<String, String> = HashMap::from([
        ("DATABASE_URL".into(), db_url.to_string()),
        ("TAILSCALE_SOCKET".into(), socket.display().to_string()),
        ("EVENT_NAME".into(), "K Village 2025".into()),
        ("ALLOWED_HOSTS".into(), "lumicello.test".into()),
    ]);
    for (k, v) in extra {
        vars.insert(k.to_string(), v.to_string());
    }
    Config::from_lookup(|k| vars.get(k).cloned()).expect("valid test configuration")
}

/// The real app (start-up, migrations, background jobs, router, layers, the server loop
/// with its timeouts) on `bind_ip:0`.
pub struct TestApp {
    pub addr: SocketAddr,
    pub state: AppState,
    pub https: std::sync::Arc<server::tls::Https>,
    pub background: server::jobs::Background,
    server: tokio::task::JoinHandle<()>,
}

impl TestApp {
    pub async fn spawn(config: Config) -> TestApp {
        Self::spawn_on(config, IpAddr::from([127, 0, 0, 1])).await
    }

    pub async fn spawn_on(config: Config, bind_ip: IpAddr) -> TestApp {
        let state = server::start(config).await.expect("server starts");
        let https = server::tls::Https::new(&state.config, state.metrics.clone());
        let background = server::jobs::spawn(&state, &https);
        let listener = tokio::net::TcpListener::bind((bind_ip, 0)).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(server::serve_on(
            listener,
            state.clone(),
            https.clone(),
            std::future::pending(),
        ));
        TestApp {
            addr,
            state,
            https,
            background,
            server,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A client whose connections come from `peer` (a loopback address).
    pub fn client(&self, peer: IpAddr) -> reqwest::Client {
        reqwest::Client::builder()
            .local_address(peer)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .unwrap()
    }

    /// The body of `GET path` as `peer` sees it, whatever its status.
    pub async fn page(&self, peer: IpAddr, path: &str) -> String {
        self.client(peer)
            .get(self.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    pub async fn count(&self, table: &str) -> i64 {
        self.count_where(table, "1 = 1").await
    }

    pub async fn count_where(&self, table: &str, condition: &str) -> i64 {
        let conn = self.state.repo.connection();
        let row = conn
            .query_one_raw(sea_orm::Statement::from_string(
                conn.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table} WHERE {condition}"),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    }

    pub async fn execute(&self, sql: &str) {
        self.state.repo.connection().execute_unprepared(sql).await.unwrap();
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A browser's form post from our own page (fetch from the hydrated page looks the same,
/// minus the Accept: text/html).
pub async fn post_form(app: &TestApp, peer: std::net::IpAddr, endpoint: &str, body: String) -> reqwest::Response {
    app.client(peer)
        .post(app.url(&format!("/api/{endpoint}")))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(body)
        .send()
        .await
        .unwrap()
}

pub async fn walk_by(app: &TestApp, peer: std::net::IpAddr, key: Uuid) -> reqwest::Response {
    post_form(app, peer, "record_walk_by", format!("key={key}")).await
}

/// Every row of every table, each as one JSON text (`table: {…}`), in a stable order: what
/// a backup, a restore or a migration must leave exactly as it was.
pub async fn every_row(conn: &DatabaseConnection) -> Vec<String> {
    let backend = conn.get_database_backend();
    let mut out = Vec::new();
    for (table, _) in server::backup::table_rows(conn).await.unwrap() {
        let sql = match backend {
            sea_orm::DatabaseBackend::Postgres => {
                format!("SELECT row_to_json(t)::text AS j FROM \"{table}\" t ORDER BY 1")
            }
            _ => {
                let columns = conn
                    .query_all_raw(sea_orm::Statement::from_string(
                        backend,
                        format!("PRAGMA table_info(\"{table}\")"),
                    ))
                    .await
                    .unwrap();
                let pairs: Vec<String> = columns
                    .iter()
                    .map(|c| {
                        let name: String = c.try_get("", "name").unwrap();
                        // Blobs (ids) as hex: JSON holds no bytes.
                        format!(
                            "'{name}', CASE typeof(\"{name}\") WHEN 'blob' THEN hex(\"{name}\") ELSE \"{name}\" END"
                        )
                    })
                    .collect();
                format!(
                    "SELECT json_object({}) AS j FROM \"{table}\" ORDER BY 1",
                    pairs.join(", ")
                )
            }
        };
        for row in conn
            .query_all_raw(sea_orm::Statement::from_string(backend, sql))
            .await
            .unwrap()
        {
            out.push(format!("{table}: {}", row.try_get::<String>("", "j").unwrap()));
        }
    }
    out.sort();
    out
}

/// Saves `notes` on the three-box conversation `id` from the admin device behind `admin`,
/// through the record page's edit form (the version and time it shows included).
pub async fn edit_notes(app: &TestApp, admin: IpAddr, id: &str, notes: &str) -> reqwest::Response {
    let record = post_form(app, admin, "admin_record", format!("id={id}")).await;
    let record: serde_json::Value = serde_json::from_str(&record.text().await.unwrap()).unwrap();
    post_form(
        app,
        admin,
        "admin_update_record",
        format!(
            "id={id}&version={}&at_was={}&kind=conversation&persona=parent&hook=signage&sale=bundle_3&notes={}",
            encode(record["version"].as_str().unwrap()),
            record["at_local"].as_str().unwrap(),
            encode(notes)
        ),
    )
    .await
}

/// Makes `name` the seller logging on the device behind `peer` (logging needs one).
pub async fn start_selling(app: &TestApp, peer: std::net::IpAddr, name: &str) {
    let response = post_form(app, peer, "add_seller", format!("name={name}")).await;
    assert_eq!(response.status(), StatusCode::OK, "{:?}", response.text().await);
}

pub async fn setup(backend: Backend, extra: &[(&str, &str)]) -> (TestDb, FakeTailscaled, TestApp) {
    let db = TestDb::empty(backend).await;
    let fake = FakeTailscaled::start().await;
    let app = TestApp::spawn(config(&db.url, &fake.socket, extra)).await;
    (db, fake, app)
}

/// Percent-encodes a form value.
pub fn encode(value: &str) -> String {
    app::wire::encode(value)
}

/// Reads a live stream until `event` arrives, for at most 2 s (the live promise).
pub async fn next_event(stream: &mut reqwest::Response, event: &str) -> bool {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(2);
    let mut seen = String::new();
    while let Ok(Ok(Some(chunk))) = tokio::time::timeout_at(deadline, stream.chunk()).await {
        seen.push_str(&String::from_utf8_lossy(&chunk));
        if seen.contains(&format!("event: {event}")) {
            return true;
        }
    }
    false
}

/// Counts the `event`s a live stream delivers within `window`.
pub async fn count_events(stream: &mut reqwest::Response, event: &str, window: std::time::Duration) -> usize {
    let deadline = tokio::time::Instant::now() + window;
    let mut seen = String::new();
    while let Ok(Ok(Some(chunk))) = tokio::time::timeout_at(deadline, stream.chunk()).await {
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    seen.matches(&format!("event: {event}")).count()
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Adds an event directly (as an admin's form would store it).
pub async fn add_event(
    conn: &DatabaseConnection,
    id: &str,
    name: &str,
    first_day: &str,
    last_day: Option<&str>,
    zone: &str,
) {
    let last = last_day.map(|d| format!("'{d}'")).unwrap_or_else(|| "NULL".into());
    conn.execute_unprepared(&format!(
        "INSERT INTO pop_up_events (id, name, time_zone, first_day, last_day) VALUES ('{id}', '{name}', '{zone}', '{first_day}', {last})"
    ))
    .await
    .unwrap();
}
