//! Resilience (issue 6): live updates across app instances and after database restarts,
//! bursts coalesced, the database going away and coming back, and the server killed
//! mid-burst. Database restarts use a PostgreSQL cluster of the test's own, so no other
//! test loses its database.

mod support;

use reqwest::StatusCode;
use std::time::{Duration, Instant};
use support::fake_tailscaled::FakeTailscaled;
use support::{
    BACKENDS, Backend, TestApp, TestDb, config, count_events, free_port, next_event, peers, start_selling, walk_by,
};
use uuid::Uuid;

/// An open page's live stream (its client has no overall time limit: the stream is meant
/// to stay open).
async fn live_stream(app: &TestApp, peer: std::net::IpAddr) -> reqwest::Response {
    let client = reqwest::Client::builder().local_address(peer).build().unwrap();
    let mut stream = client.get(app.url("/api/live")).send().await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert!(next_event(&mut stream, "hello").await);
    stream
}

#[tokio::test]
async fn changes_made_by_another_instance_or_by_hand_reach_every_open_page() {
    let db = TestDb::empty(Backend::Postgres).await;
    let fake = FakeTailscaled::start().await;
    let one = TestApp::spawn(config(&db.url, &fake.socket, &[])).await;
    let two = TestApp::spawn(config(&db.url, &fake.socket, &[])).await;
    let mut watching = live_stream(&one, peers::STAFF_IPHONE).await;
    start_selling(&two, peers::SECOND_IPHONE, "Pim").await;
    // Let the sale's own notifications pass, then write through the other instance.
    count_events(&mut watching, "changed", Duration::from_millis(600)).await;
    assert_eq!(
        walk_by(&two, peers::SECOND_IPHONE, Uuid::new_v4()).await.status(),
        StatusCode::OK
    );
    assert!(
        next_event(&mut watching, "changed").await,
        "a write on the other instance, within 2 s"
    );
    two.execute("INSERT INTO sellers (id, display_name, is_active) VALUES ('by-hand', 'By hand', TRUE)")
        .await;
    assert!(
        next_event(&mut watching, "changed").await,
        "a row written by hand, within 2 s"
    );
}

#[tokio::test]
async fn a_burst_of_writes_makes_a_page_refetch_once_or_twice_not_a_hundred_times() {
    for backend in BACKENDS {
        let db = TestDb::empty(backend).await;
        let fake = FakeTailscaled::start().await;
        let app = TestApp::spawn(config(&db.url, &fake.socket, &[])).await;
        start_selling(&app, peers::SECOND_IPHONE, "Pim").await;
        let mut watching = live_stream(&app, peers::STAFF_IPHONE).await;
        count_events(&mut watching, "changed", Duration::from_millis(600)).await;
        let started = Instant::now();
        let burst = (0..100).map(|_| walk_by(&app, peers::SECOND_IPHONE, Uuid::new_v4()));
        for response in futures::future::join_all(burst).await {
            assert_eq!(response.status(), StatusCode::OK);
        }
        let took = started.elapsed();
        // At most one refetch per coalescing window while the writes go on, then one for
        // the last window and one for PostgreSQL's NOTIFY echoes arriving after it. (A
        // loaded machine stretches the burst, and with it the bound; a fast one gives 2-3.)
        let most = (took.as_millis() / server::LIVE_COALESCE.as_millis()) as usize + 2;
        let refetches = count_events(&mut watching, "changed", Duration::from_secs(2)).await;
        assert!(
            (1..=most).contains(&refetches),
            "{backend:?}: {refetches} refetches for 100 writes in {took:?} (at most {most})"
        );
    }
}

/// A PostgreSQL cluster of the test's own (Debian's pg_createcluster), trusting local
/// connections, on a free port; dropped with the test.
struct OwnCluster {
    version: String,
    name: String,
    port: u16,
}

fn check(program: &str, args: &[&str], output: std::io::Result<std::process::Output>) {
    let output = output.unwrap_or_else(|e| panic!("{program}: {e} (Debian's postgresql-common is needed)"));
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

impl OwnCluster {
    fn create() -> OwnCluster {
        let version = std::fs::read_dir("/etc/postgresql")
            .expect("PostgreSQL's server packages are installed")
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .max_by_key(|v| v.parse::<u32>().unwrap_or(0))
            .unwrap();
        let cluster = OwnCluster {
            version,
            name: format!("lumicello_{}", Uuid::new_v4().simple()),
            port: free_port(),
        };
        let port = cluster.port.to_string();
        let args = [
            cluster.version.as_str(),
            &cluster.name,
            "-p",
            &port,
            "--",
            "--auth=trust",
        ];
        let output = std::process::Command::new("pg_createcluster").args(args).output();
        check("pg_createcluster", &args, output);
        let args = ["--skip-systemctl-redirect", &cluster.version, &cluster.name, "start"];
        let output = std::process::Command::new("pg_ctlcluster").args(args).output();
        check("pg_ctlcluster", &args, output);
        cluster
    }

    /// Starts or stops it, without blocking the app running beside the test.
    async fn ctl(&self, action: &str) {
        let mut args = vec!["--skip-systemctl-redirect", &self.version, &self.name, action];
        if action == "stop" {
            args.push("--mode=fast");
        }
        let output = tokio::process::Command::new("pg_ctlcluster").args(&args).output().await;
        check("pg_ctlcluster", &args, output);
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for OwnCluster {
    fn drop(&mut self) {
        let _ = std::process::Command::new("pg_dropcluster")
            .args(["--stop", &self.version, &self.name])
            .output();
    }
}

async fn status(app: &TestApp, path: &str) -> StatusCode {
    app.client(peers::STRANGER)
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn the_app_rides_out_a_database_restart_and_recovers_by_itself() {
    let cluster = OwnCluster::create();
    let fake = FakeTailscaled::start().await;
    let app = TestApp::spawn(config(&cluster.url(), &fake.socket, &[])).await;
    start_selling(&app, peers::STAFF_IPHONE, "Nok").await;
    assert_eq!(
        walk_by(&app, peers::STAFF_IPHONE, Uuid::new_v4()).await.status(),
        StatusCode::OK
    );
    let mut watching = live_stream(&app, peers::STAFF_IPHONE).await;

    cluster.ctl("stop").await;
    assert_eq!(
        status(&app, "/health").await,
        StatusCode::OK,
        "the server keeps running"
    );
    assert_eq!(
        status(&app, "/ready").await,
        StatusCode::SERVICE_UNAVAILABLE,
        "but is not ready"
    );
    let key = Uuid::new_v4();
    let down = walk_by(&app, peers::STAFF_IPHONE, key).await;
    assert_eq!(
        down.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "a clear error a retry can cure"
    );
    assert_eq!(down.json::<serde_json::Value>().await.unwrap(), "Unavailable");

    cluster.ctl("start").await;
    let started = Instant::now();
    while status(&app, "/ready").await != StatusCode::OK {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "ready again without a restart"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The phone's outbox sends the same tap again: it is stored once.
    assert_eq!(walk_by(&app, peers::STAFF_IPHONE, key).await.status(), StatusCode::OK);
    assert_eq!(walk_by(&app, peers::STAFF_IPHONE, key).await.status(), StatusCode::OK);
    assert_eq!(app.count("interactions").await, 2);
    // Listening for changes comes back too (within its 2 s retry): a row written by hand
    // then reaches the open page.
    count_events(&mut watching, "changed", Duration::from_secs(3)).await;
    app.execute("INSERT INTO sellers (id, display_name, is_active) VALUES ('after', 'After', TRUE)")
        .await;
    assert!(next_event(&mut watching, "changed").await, "LISTEN re-established");
}

/// The real server binary, as the container runs it, on a fixed port.
struct Process {
    child: std::process::Child,
}

impl Process {
    fn start(db_url: &str, port: u16) -> Process {
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .env("DATABASE_URL", db_url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("DEV_DEVICE", "crash-phone")
            .env("TAILSCALE_SOCKET", "/nonexistent")
            .env("LOG_FORMAT", "json")
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        Process { child }
    }

    async fn wait_ready(port: u16) {
        let client = reqwest::Client::new();
        for _ in 0..200 {
            if let Ok(r) = client.get(format!("http://127.0.0.1:{port}/ready")).send().await
                && r.status().is_success()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server did not start");
    }

    /// `kill -9`: no graceful shutdown, nothing flushed.
    fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn post(client: &reqwest::Client, port: u16, endpoint: &str, body: String) -> Option<StatusCode> {
    client
        .post(format!("http://127.0.0.1:{port}/api/{endpoint}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .timeout(Duration::from_secs(5))
        .body(body)
        .send()
        .await
        .ok()
        .map(|r| r.status())
}

#[tokio::test]
async fn every_acknowledged_tap_survives_a_kill_9_exactly_once() {
    const PHONES: usize = 8;
    const TAPS: usize = 40;
    for backend in BACKENDS {
        let db = TestDb::empty(backend).await;
        let port = free_port();
        let mut server = Process::start(&db.url, port);
        Process::wait_ready(port).await;
        let client = reqwest::Client::new();
        assert_eq!(
            post(&client, port, "add_seller", "name=Nok".into()).await,
            Some(StatusCode::OK)
        );

        // Phones tap, each retrying the same key until the server acknowledges it, as
        // the outbox does.
        let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let phones: Vec<_> = (0..PHONES)
            .map(|_| {
                let (client, acknowledged) = (client.clone(), acknowledged.clone());
                tokio::spawn(async move {
                    for _ in 0..TAPS {
                        let key = Uuid::new_v4();
                        let started = Instant::now();
                        while post(&client, port, "record_walk_by", format!("key={key}")).await != Some(StatusCode::OK)
                        {
                            assert!(started.elapsed() < Duration::from_secs(60), "acknowledged in the end");
                            tokio::time::sleep(Duration::from_millis(25)).await;
                        }
                        acknowledged.lock().unwrap().push(key);
                    }
                })
            })
            .collect();
        // Mid-burst: kill -9, then start again.
        tokio::time::sleep(Duration::from_millis(300)).await;
        server.kill();
        let acknowledged_before_the_kill = acknowledged.lock().unwrap().len();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let _restarted = Process::start(&db.url, port);
        Process::wait_ready(port).await;
        for phone in phones {
            phone.await.unwrap();
        }

        let conn = db.connect().await;
        use sea_orm::{ConnectionTrait, Statement};
        let number = |sql: &str| {
            let conn = &conn;
            let sql = sql.to_string();
            async move {
                let row = conn
                    .query_one_raw(Statement::from_string(conn.get_database_backend(), sql))
                    .await
                    .unwrap()
                    .unwrap();
                row.try_get::<i64>("", "n").unwrap()
            }
        };
        let keys = acknowledged.lock().unwrap().clone();
        assert_eq!(keys.len(), PHONES * TAPS);
        assert!(acknowledged_before_the_kill > 0, "{backend:?}: the kill came mid-burst");
        assert_eq!(
            number("SELECT COUNT(*) AS n FROM interactions").await,
            (PHONES * TAPS) as i64,
            "{backend:?}: every acknowledged tap, once"
        );
        assert_eq!(
            number("SELECT COUNT(*) AS n FROM (SELECT idempotency_key FROM interactions GROUP BY idempotency_key HAVING COUNT(*) > 1) AS d").await,
            0,
            "{backend:?}: no key twice"
        );
        for key in keys.iter().take(5) {
            let stored = match backend {
                Backend::Postgres => format!("SELECT COUNT(*) AS n FROM interactions WHERE idempotency_key = '{key}'"),
                Backend::Sqlite => format!(
                    "SELECT COUNT(*) AS n FROM interactions WHERE idempotency_key = X'{}'",
                    key.simple()
                ),
            };
            assert_eq!(number(&stored).await, 1, "{backend:?}: {key}");
        }
        conn.close().await.unwrap();
    }
}

#[tokio::test]
async fn the_database_refusing_for_a_moment_gives_503_not_500() {
    let db = TestDb::empty(Backend::Sqlite).await;
    let fake = FakeTailscaled::start().await;
    let app = TestApp::spawn(config(&db.url, &fake.socket, &[])).await;
    start_selling(&app, peers::STAFF_IPHONE, "Nok").await;
    // The pool closed under the app is what a lost database looks like from inside.
    app.state.repo.connection().get_sqlite_connection_pool().close().await;
    let response = walk_by(&app, peers::STAFF_IPHONE, Uuid::new_v4()).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(status(&app, "/ready").await, StatusCode::SERVICE_UNAVAILABLE);
}
