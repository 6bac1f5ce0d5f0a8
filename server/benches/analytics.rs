//! Latency of the analytics at 10,000 and 1,000,000 interactions over 30 days with 5
//! sellers, on PostgreSQL and SQLite, for Today and All time: the data alone (one grouped
//! query + every derived figure) and the `analytics` server function that serves the
//! Stats screen (stats, journey, seller cards and report) through the real router.
//! `make bench`. Targets (issue 4), PostgreSQL at 1 M rows: Today p95 ≤ 10 ms, All time
//! p95 ≤ 300 ms.

use app::server::config::Config;
use app::server::repo::Repository;
use domain::analytics::{Hypotheses, Journey, SellerPerformance, Stats};
use migration::MigratorTrait;
use sea_orm::ConnectionTrait;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

const SIZES: [i64; 2] = [10_000, 1_000_000];
/// Timed rounds per figure (`BENCH_ROUNDS`), after one warm-up.
fn rounds() -> usize {
    std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(30)
}

/// Rows spread evenly over the 30 booth days ending with today, each shaped like a real
/// record (walk-bys carry no conversation fields, totals follow the prices), from simple
/// modular patterns. Today is seeded whole, as on the evening of a busy day: the worst
/// case for the Today figures, whatever hour the bench runs.
fn seed_sql(postgres: bool, rows: i64, end: chrono::DateTime<chrono::Utc>) -> String {
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
         quantity, unit_price, total_amount, lead_type, objection, seller_id, updated_at) \
         SELECT {id}, t.at, 'bench', CASE WHEN t.e THEN 'conversation' ELSE 'walk_by' END, t.e, \
           CASE WHEN t.e THEN {persona} END, CASE WHEN t.e THEN {hook} END, CASE WHEN t.e THEN t.sale END, \
           CASE WHEN t.e AND t.sale = 'single' THEN 1 + t.i % 3 END, \
           CASE WHEN t.e AND t.sale = 'single' THEN CASE WHEN t.i % 2 = 0 THEN 990 ELSE 1290 END END, \
           CASE WHEN NOT t.e THEN NULL WHEN t.sale = 'single' THEN (1 + t.i % 3) * CASE WHEN t.i % 2 = 0 THEN 990 ELSE 1290 END \
                WHEN t.sale = 'bundle_3' THEN 2690 WHEN t.sale = 'full_year' THEN 4990 END, \
           CASE WHEN t.e THEN {lead} END, CASE WHEN t.e AND t.sale = 'none' THEN {objection} END, \
           'seller-' || (t.i % 5), t.at \
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

/// The real app on a free port, its loopback caller being a development device.
async fn serve(url: &str) -> SocketAddr {
    let vars: HashMap<&str, String> = HashMap::from([
        ("DATABASE_URL", url.to_string()),
        ("DEV_DEVICE", "bench-laptop".into()),
        ("TAILSCALE_SOCKET", "/nonexistent".into()),
    ]);
    let config = Config::from_lookup(|k| vars.get(k).cloned()).unwrap();
    let state = server::start(config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = server::router(state);
    tokio::spawn(
        async move { axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await },
    );
    addr
}

/// One Stats screen's data over HTTP, as the hydrated page asks for it.
async fn server_function(client: &reqwest::Client, addr: SocketAddr, period: &str) {
    let response = client
        .post(format!("http://{addr}/api/analytics"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(format!("choice[period]={period}"))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    std::hint::black_box(response.bytes().await.unwrap());
}

async fn timed<F: std::future::Future>(mut round: impl FnMut() -> F) -> (f64, f64) {
    round().await; // warm-up
    let mut samples = Vec::with_capacity(rounds());
    for _ in 0..rounds() {
        let started = Instant::now();
        round().await;
        samples.push(started.elapsed());
    }
    (percentile(&mut samples, 0.50), percentile(&mut samples, 0.95))
}

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[index].as_secs_f64() * 1000.0
}

/// The work of one Stats request: the grouped query and every derived figure.
async fn screen(repo: &Repository, period: app::server::repo::Period) -> usize {
    let facts = repo.facts(period, None).await.unwrap();
    let stats = Stats::from_facts(&facts);
    let journey = Journey::from_facts(&facts);
    let hypotheses = Hypotheses::from_facts(&facts);
    let (sellers, _) = SellerPerformance::from_facts(&facts);
    std::hint::black_box((stats, journey, hypotheses, sellers));
    facts.len()
}

#[tokio::main]
async fn main() {
    let admin = std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL names a PostgreSQL server");
    let dir = std::env::temp_dir().join(format!("lumicello-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tz = chrono_tz::Asia::Bangkok;
    println!(
        "{} rounds each. data = grouped query + stats, journey, hypotheses and seller cards;",
        rounds()
    );
    println!("server fn = POST /api/analytics through the real router (identity, JSON), as the Stats page asks");
    println!(
        "{:<11} {:>9} {:<9} {:>14} {:>14} {:>7} {:>7}",
        "database", "rows", "period", "data p50/p95", "fn p50/p95", "groups", "seed s"
    );
    for size in SIZES {
        for postgres in [true, false] {
            let (url, cleanup) = if postgres {
                let name = format!("lumicello_bench_analytics_{}_{size}", std::process::id());
                let conn = sea_orm::Database::connect(&admin).await.unwrap();
                conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .unwrap();
                (
                    format!("{}/{name}", admin.rsplit_once('/').unwrap().0),
                    Some((conn, name)),
                )
            } else {
                (format!("sqlite://{}/bench-{size}.sqlite?mode=rwc", dir.display()), None)
            };
            let db = app::server::db::connect(&url).await.unwrap();
            migration::Migrator::up(&db, None).await.unwrap();
            let seeded = Instant::now();
            let today_ends = domain::period::day(chrono::Utc::now(), &tz).1;
            db.execute_unprepared(&seed_sql(postgres, size, today_ends))
                .await
                .unwrap();
            if postgres {
                // What autovacuum does after a bulk load: statistics and the visibility map.
                db.execute_unprepared("VACUUM ANALYZE interactions").await.unwrap();
            }
            let seed_seconds = seeded.elapsed().as_secs_f64();
            let repo = Repository::new(db);
            let addr = serve(&url).await;
            let client = reqwest::Client::new();
            let now = chrono::Utc::now();
            for (label, period, choice) in [
                ("today", Some(domain::period::day(now, &tz)), "today"),
                ("all time", None, "all"),
            ] {
                let groups = screen(&repo, period).await;
                let (data50, data95) = timed(|| screen(&repo, period)).await;
                let (fn50, fn95) = timed(|| server_function(&client, addr, choice)).await;
                println!(
                    "{:<11} {size:>9} {label:<9} {:>14} {:>14} {groups:>7} {seed_seconds:>7.1}",
                    if postgres { "PostgreSQL" } else { "SQLite" },
                    format!("{data50:.1} / {data95:.1}"),
                    format!("{fn50:.1} / {fn95:.1}"),
                );
            }
            drop(repo);
            if let Some((conn, name)) = cleanup {
                conn.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await
                    .unwrap();
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
