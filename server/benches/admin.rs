//! The admin pages at 1,000,000 records over 30 days with 5 sellers, on PostgreSQL
//! (`make bench`): browsing with two filters — the first page (with its count) and the
//! hundredth (keyset) — and exporting as CSV: how long it takes and how the server's
//! memory moves while it streams (a day's records against all of them: flat means the
//! export does not hold the rows). Target (issue 5): browse p95 ≤ 50 ms.

mod support;

use sea_orm::ConnectionTrait;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use support::{call, rounds, seed_sql, serve, timed};

const ROWS: i64 = 1_000_000;

/// Two filters an admin would combine, over all time.
const FILTERS: [(&str, &str); 3] = [
    (
        "conversations of one seller",
        "filter[range]=all&filter[kind]=engaged&filter[seller]=seller-1",
    ),
    (
        "gift buyers' sales",
        "filter[range]=all&filter[kind]=sales&filter[persona]=gift_buyer",
    ),
    (
        "one seller's walk-bys this week",
        "filter[range]=week&filter[seller]=seller-3&filter[kind]=walk_by",
    ),
];

/// This process's resident memory now, in MiB (the server runs in it).
fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map(|kib| kib / 1024.0)
        .unwrap_or(f64::NAN)
}

/// Downloads an export, sampling memory meanwhile: (rows, MiB, seconds, peak RSS MiB).
async fn export(client: &reqwest::Client, addr: SocketAddr, query: &str) -> (usize, f64, f64, f64) {
    let peak = Arc::new(AtomicU64::new(rss_mib().to_bits()));
    let sampling = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let sampler = {
        let (peak, sampling) = (peak.clone(), sampling.clone());
        tokio::spawn(async move {
            while sampling.load(Ordering::Relaxed) {
                let now = rss_mib();
                if now > f64::from_bits(peak.load(Ordering::Relaxed)) {
                    peak.store(now.to_bits(), Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    let started = Instant::now();
    let mut response = client
        .get(format!("http://{addr}/admin/export.csv?{query}"))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let (mut bytes, mut lines) = (0usize, 0usize);
    while let Some(chunk) = response.chunk().await.unwrap() {
        bytes += chunk.len();
        lines += chunk.iter().filter(|b| **b == b'\n').count();
    }
    let seconds = started.elapsed().as_secs_f64();
    sampling.store(false, Ordering::Relaxed);
    sampler.await.unwrap();
    (
        lines - 1,
        bytes as f64 / 1048576.0,
        seconds,
        f64::from_bits(peak.load(Ordering::Relaxed)),
    )
}

fn next_cursor(page: &[u8]) -> Option<String> {
    let page: serde_json::Value = serde_json::from_slice(page).unwrap();
    let next = &page["next"];
    (!next.is_null()).then(|| format!("{}~{}", next["at"].as_str().unwrap(), next["id"].as_str().unwrap()))
}

#[tokio::main]
async fn main() {
    let database = support::PgDatabase::create("admin").await;
    let (addr, state) = serve(&database.url, &[("ADMIN_DEVICES", support::DEVICE)]).await;
    let tz = state.config.timezone;
    let seeded = Instant::now();
    let db = state.repo.connection();
    let today_ends = domain::period::day(chrono::Utc::now(), &tz).1;
    db.execute_unprepared(&support::events_sql(today_ends)).await.unwrap();
    db.execute_unprepared(&seed_sql(true, ROWS, today_ends)).await.unwrap();
    db.execute_unprepared("VACUUM ANALYZE interactions").await.unwrap();
    println!(
        "PostgreSQL, {ROWS} records over 30 days (seeded in {:.0} s); {} rounds each; POST /api/admin_browse through the router",
        seeded.elapsed().as_secs_f64(),
        rounds()
    );
    let client = reqwest::Client::new();
    println!(
        "{:<32} {:>9} {:>18} {:>18}",
        "filters", "counted", "page 1 p50/p95 ms", "page 100 p50/p95"
    );
    for (label, filter) in FILTERS {
        let first = call(&client, addr, "admin_browse", filter.to_string()).await;
        let total = serde_json::from_slice::<serde_json::Value>(&first).unwrap()["total"]["n"].clone();
        let (first50, first95) = timed(|| call(&client, addr, "admin_browse", filter.to_string())).await;
        // Walk to the 100th page the way "Load more" does, then time that page.
        let mut cursor = next_cursor(&first);
        for _ in 0..98 {
            let Some(c) = cursor.clone() else { break };
            let page = call(
                &client,
                addr,
                "admin_browse",
                format!("{filter}&at[after]={}", app::wire::encode(&c)),
            )
            .await;
            cursor = next_cursor(&page);
        }
        let hundredth = match cursor {
            Some(c) => {
                let body = format!("{filter}&at[after]={}", app::wire::encode(&c));
                let (p50, p95) = timed(|| call(&client, addr, "admin_browse", body.clone())).await;
                format!("{p50:.1} / {p95:.1}")
            }
            None => "(fewer pages)".into(),
        };
        println!(
            "{label:<32} {total:>9} {:>18} {hundredth:>18}",
            format!("{first50:.1} / {first95:.1}")
        );
    }
    println!("\nCSV export (streamed; memory = this process, which runs the server)");
    println!(
        "{:<10} {:>9} {:>9} {:>9} {:>12} {:>12}",
        "period", "rows", "MiB", "seconds", "RSS before", "RSS peak"
    );
    for (label, query) in [("today", "range=today"), ("all time", "range=all")] {
        let before = rss_mib();
        let (rows, mib, seconds, peak) = export(&client, addr, query).await;
        println!("{label:<10} {rows:>9} {mib:>9.1} {seconds:>9.1} {before:>10.0} M {peak:>10.0} M");
    }
    drop(state);
    database.drop().await;
}
