//! What the benches share: the configuration knobs, a realistic seed, the real app on a
//! free port, and latency percentiles.
#![allow(dead_code)]

use app::server::config::Config;
use sea_orm::ConnectionTrait;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

/// Timed rounds per figure (`BENCH_ROUNDS`), after one warm-up.
pub fn rounds() -> usize {
    std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(30)
}

/// Events in the bench's data set: the 30 days are 20 markets of 36 hours each,
/// `bench-event-0` the latest (running today).
pub const EVENTS: i64 = 20;

/// The bench's events (run before the seed): each covers its 36 hours' UTC days.
pub fn events_sql(end: chrono::DateTime<chrono::Utc>) -> String {
    let rows: Vec<String> = (0..EVENTS)
        .map(|k| {
            let last = (end - chrono::Duration::hours(36 * k)).date_naive();
            let first = (end - chrono::Duration::hours(36 * (k + 1))).date_naive();
            format!("('bench-event-{k}', 'Bench market {k}', 'Asia/Bangkok', '{first}', '{last}')")
        })
        .collect();
    format!(
        "INSERT INTO pop_up_events (id, name, time_zone, first_day, last_day) VALUES {}",
        rows.join(", ")
    )
}

/// Rows spread evenly over the 30 booth days ending with today, each shaped like a real
/// record (walk-bys carry no conversation fields, totals follow the prices), from simple
/// modular patterns. Today is seeded whole, as on the evening of a busy day: the worst
/// case for the Today figures, whatever hour the bench runs.
pub fn seed_sql(postgres: bool, rows: i64, end: chrono::DateTime<chrono::Utc>) -> String {
    let end = end.format("%Y-%m-%dT%H:%M:%S+00:00");
    let pick = |values: &[&str], expr: &str| {
        let arms: String = values
            .iter()
            .enumerate()
            .map(|(i, v)| format!(" WHEN {i} THEN '{v}'"))
            .collect();
        format!("CASE ({expr}) % {}{arms} END", values.len())
    };
    let engaged = "(i % 5 < 2)";
    let sale = pick(&["none", "single", "bundle_3", "full_year"], "i / 7");
    let (id, at, series) = if postgres {
        (
            "gen_random_uuid()".to_string(),
            format!("'{end}'::timestamptz - make_interval(mins => (i % 43200)::int + 1)"),
            format!("generate_series(1, {rows}) AS s(i)"),
        )
    } else {
        (
            "randomblob(16)".to_string(),
            format!("strftime('%Y-%m-%dT%H:%M:%f+00:00', '{end}', '-' || (i % 43200 + 1) || ' minutes')"),
            "n".to_string(),
        )
    };
    let prefix = if postgres {
        String::new()
    } else {
        format!("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) ")
    };
    format!(
        "{prefix}INSERT INTO interactions (id, timestamp, staff_device, interaction_type, engaged, persona, hook, sale_type, \
         quantity, unit_price, total_amount, lead_type, objection, seller_id, updated_at, event_id) \
         SELECT {id}, t.at, 'bench', CASE WHEN t.e THEN 'conversation' ELSE 'walk_by' END, t.e, \
           CASE WHEN t.e THEN {persona} END, CASE WHEN t.e THEN {hook} END, CASE WHEN t.e THEN t.sale END, \
           CASE WHEN t.e AND t.sale = 'single' THEN 1 + t.i % 3 END, \
           CASE WHEN t.e AND t.sale = 'single' THEN CASE WHEN t.i % 2 = 0 THEN 990 ELSE 1290 END END, \
           CASE WHEN NOT t.e THEN NULL WHEN t.sale = 'single' THEN (1 + t.i % 3) * CASE WHEN t.i % 2 = 0 THEN 990 ELSE 1290 END \
                WHEN t.sale = 'bundle_3' THEN 2690 WHEN t.sale = 'full_year' THEN 4990 END, \
           CASE WHEN t.e THEN {lead} END, CASE WHEN t.e AND t.sale = 'none' THEN {objection} END, \
           'seller-' || (t.i % 5), t.at, 'bench-event-' || ((t.i % 43200) / 2160) \
         FROM (SELECT i, {engaged} AS e, {sale} AS sale, {at} AS at FROM {series}) AS t",
        persona = pick(&["parent", "gift_buyer", "expat", "future_parent"], "t.i / 3"),
        hook = pick(&["physical_kits", "big_garden", "signage"], "t.i / 5"),
        lead = pick(&["line", "email", "instagram", "none"], "t.i / 13"),
        objection = pick(
            &["too_expensive", "has_toys", "need_to_think", "age_mismatch", "other"],
            "t.i / 11"
        ),
    )
}

/// A PostgreSQL database of the bench's own, on the server `TEST_DATABASE_URL` names.
pub struct PgDatabase {
    server: sea_orm::DatabaseConnection,
    name: String,
    pub url: String,
}

impl PgDatabase {
    pub async fn create(label: &str) -> PgDatabase {
        let admin = std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL names a PostgreSQL server");
        let name = format!("lumicello_bench_{label}_{}", std::process::id());
        let server = sea_orm::Database::connect(&admin).await.unwrap();
        server
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
        PgDatabase { server, name, url }
    }

    pub async fn drop(self) {
        self.server
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name))
            .await
            .unwrap();
    }
}

/// The development device every bench calls as.
pub const DEVICE: &str = "bench-device";

/// The real app on a free port against `url`, its loopback caller the development device
/// [`DEVICE`] (`extra` adds settings, e.g. making it an admin).
pub async fn serve(url: &str, extra: &[(&'static str, &str)]) -> (SocketAddr, app::server::AppState) {
    let mut vars: HashMap<&str, String> = HashMap::from([
        ("DATABASE_URL", url.to_string()),
        ("DEV_DEVICE", DEVICE.into()),
        ("TAILSCALE_SOCKET", "/nonexistent".into()),
    ]);
    for (k, v) in extra {
        vars.insert(k, v.to_string());
    }
    let config = Config::from_lookup(|k| vars.get(k).cloned()).unwrap();
    let state = server::start(config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(server::serve_on(
        listener,
        state.clone(),
        server::tls::Https::off(),
        std::future::pending(),
    ));
    (addr, state)
}

/// A server function called as the hydrated page calls it; the response body.
pub async fn call(client: &reqwest::Client, addr: SocketAddr, endpoint: &str, body: String) -> axum::body::Bytes {
    let response = client
        .post(format!("http://{addr}/api/{endpoint}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(body)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{endpoint}: {}", response.status());
    response.bytes().await.unwrap()
}

/// p50 and p95 in milliseconds of `rounds()` runs of `round`, after one warm-up.
pub async fn timed<F: std::future::Future>(mut round: impl FnMut() -> F) -> (f64, f64) {
    round().await; // warm-up
    let mut samples = Vec::with_capacity(rounds());
    for _ in 0..rounds() {
        let started = Instant::now();
        round().await;
        samples.push(started.elapsed());
    }
    (percentile(&mut samples, 0.50), percentile(&mut samples, 0.95))
}

pub fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[index].as_secs_f64() * 1000.0
}
