//! Latency of the analytics at 10,000 and 1,000,000 interactions over 30 days with 5
//! sellers, on PostgreSQL and SQLite, for Today and All time: the data alone (one grouped
//! query + every derived figure) and the `analytics` server function that serves the
//! Stats screen (stats, journey, seller cards and report) through the real router.
//! `make bench`. Targets (issue 4), PostgreSQL at 1 M rows: Today p95 ≤ 10 ms, All time
//! p95 ≤ 300 ms.

mod support;

use app::server::repo::Repository;
use domain::analytics::{Hypotheses, Journey, SellerPerformance, Stats};
use migration::MigratorTrait;
use sea_orm::ConnectionTrait;
use std::net::SocketAddr;
use std::time::Instant;
use support::{rounds, seed_sql, timed};

const SIZES: [i64; 2] = [10_000, 1_000_000];
/// One Stats screen's data over HTTP, as the hydrated page asks for it.
async fn server_function(client: &reqwest::Client, addr: SocketAddr, period: &str) {
    let body = support::call(
        client,
        addr,
        "analytics",
        format!("choice[period]={period}&choice[event]=all"),
    )
    .await;
    std::hint::black_box(body);
}

/// The work of one Stats request: the grouped query and every derived figure.
async fn screen(repo: &Repository, period: app::server::repo::Period) -> usize {
    let facts = repo.facts(period, None, None).await.unwrap();
    let stats = Stats::from_facts(&facts);
    let journey = Journey::from_facts(&facts);
    let hypotheses = Hypotheses::from_facts(&facts);
    let (sellers, _) = SellerPerformance::from_facts(&facts);
    std::hint::black_box((stats, journey, hypotheses, sellers));
    facts.len()
}

#[tokio::main]
async fn main() {
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
            let (url, pg) = if postgres {
                let pg = support::PgDatabase::create(&format!("analytics_{size}")).await;
                (pg.url.clone(), Some(pg))
            } else {
                (format!("sqlite://{}/bench-{size}.sqlite?mode=rwc", dir.display()), None)
            };
            let db = app::server::db::connect(&url).await.unwrap();
            migration::Migrator::up(&db, None).await.unwrap();
            let seeded = Instant::now();
            let today_ends = domain::period::day(chrono::Utc::now(), &tz).1;
            db.execute_unprepared(&support::events_sql(today_ends)).await.unwrap();
            db.execute_unprepared(&seed_sql(postgres, size, today_ends))
                .await
                .unwrap();
            if postgres {
                // What autovacuum does after a bulk load: statistics and the visibility map.
                db.execute_unprepared("VACUUM ANALYZE interactions").await.unwrap();
            }
            let seed_seconds = seeded.elapsed().as_secs_f64();
            let repo = Repository::new(db);
            let (addr, _) = support::serve(&url, &[]).await;
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
            if let Some(pg) = pg {
                pg.drop().await;
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
