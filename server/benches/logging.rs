//! Throughput and latency of the two recording server functions against PostgreSQL, at
//! 1, 16 and 64 concurrent clients for a fixed time, printed next to pgbench's raw
//! single-row INSERT of the same row at the same concurrency (the ceiling).
//!
//! `make bench` (TEST_DATABASE_URL names the server; BENCH_SECONDS sets the duration).
//! Targets (issue 3): p99 ≤ 20 ms at 64 clients; throughput ≥ 50 % of the raw INSERT.

mod support;

use sea_orm::ConnectionTrait;
use std::net::SocketAddr;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

const CONCURRENCY: [usize; 3] = [1, 16, 64];

struct Outcome {
    requests: usize,
    errors: usize,
    latencies: Vec<Duration>,
    elapsed: Duration,
}

impl Outcome {
    fn percentile(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let index = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[index].as_secs_f64() * 1000.0
    }

    fn rate(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }
}

async fn hammer(
    addr: SocketAddr,
    endpoint: &'static str,
    body: &'static str,
    clients: usize,
    duration: Duration,
) -> Outcome {
    let deadline = Instant::now() + duration;
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                let url = format!("http://{addr}/api/{endpoint}");
                let (mut latencies, mut errors) = (Vec::new(), 0usize);
                while Instant::now() < deadline {
                    let form = format!("key={}&{body}", uuid::Uuid::new_v4());
                    let sent = Instant::now();
                    let response = client
                        .post(&url)
                        .header("content-type", "application/x-www-form-urlencoded")
                        .header("sec-fetch-site", "same-origin")
                        .body(form)
                        .send()
                        .await;
                    match response {
                        Ok(r) if r.status().is_success() => {
                            let _ = r.bytes().await;
                            latencies.push(sent.elapsed());
                        }
                        _ => errors += 1,
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut outcome = Outcome {
        requests: 0,
        errors: 0,
        latencies: Vec::new(),
        elapsed: Duration::ZERO,
    };
    for task in tasks {
        let (latencies, errors) = task.await.unwrap();
        outcome.requests += latencies.len();
        outcome.errors += errors;
        outcome.latencies.extend(latencies);
    }
    outcome.elapsed = started.elapsed();
    outcome.latencies.sort();
    outcome
}

/// pgbench's transactions per second and average latency (ms) for the raw INSERT.
fn pgbench(url: &str, clients: usize, seconds: u64, script: &std::path::Path) -> (f64, f64) {
    let output = Command::new("pgbench")
        .args([
            "-n",
            "-c",
            &clients.to_string(),
            "-j",
            &clients.min(2).to_string(),
            "-T",
            &seconds.to_string(),
        ])
        .arg("-f")
        .arg(script)
        .arg(url)
        .output()
        .expect("pgbench runs");
    let text = String::from_utf8_lossy(&output.stdout);
    let number = |prefix: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(prefix))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    (number("tps = "), number("latency average = "))
}

#[tokio::main]
async fn main() {
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let database = support::PgDatabase::create("logging").await;
    let url = database.url.clone();
    let (addr, state) = support::serve(&url, &[]).await;
    state
        .repo
        .connection()
        .execute_unprepared("INSERT INTO sellers (id, display_name, is_active) VALUES ('bench', 'Bench', TRUE)")
        .await
        .unwrap();
    // The device registers on its first request; then it gets its seller.
    let warm = reqwest::Client::new()
        .get(format!("http://{addr}/"))
        .send()
        .await
        .unwrap();
    assert!(warm.status().is_success());
    state
        .repo
        .set_active_seller(support::DEVICE, "bench", chrono::Utc::now())
        .await
        .unwrap();
    state.identity.forget_device(support::DEVICE);

    let script = std::env::temp_dir().join(format!("lumicello_bench_{}.sql", std::process::id()));
    std::fs::write(
        &script,
        "INSERT INTO interactions (id, timestamp, staff_device, interaction_type, engaged, seller_id, idempotency_key, updated_at) \
         VALUES (gen_random_uuid(), now(), 'bench-device', 'walk_by', FALSE, 'bench', gen_random_uuid(), now());\n",
    )
    .unwrap();

    let cases: [(&str, &'static str, &'static str); 2] = [
        ("record_walk_by", "record_walk_by", ""),
        (
            "record_conversation",
            "record_conversation",
            "persona=parent&hook=physical_kits&sale=single&qty=2&price=990&lead=line",
        ),
    ];
    println!("PostgreSQL, {seconds} s per run, release build, server and clients on this machine");
    println!(
        "{:<22} {:>4} {:>9} {:>9} {:>9} {:>7} {:>12} {:>9}",
        "function", "conc", "req/s", "p50 ms", "p99 ms", "errors", "raw INSERT/s", "of raw"
    );
    let started = Arc::new(Instant::now());
    for clients in CONCURRENCY {
        let (raw_tps, raw_latency) = pgbench(&url, clients, seconds, &script);
        for (label, endpoint, body) in cases {
            let o = hammer(addr, endpoint, body, clients, Duration::from_secs(seconds)).await;
            println!(
                "{label:<22} {clients:>4} {:>9.0} {:>9.2} {:>9.2} {:>7} {raw_tps:>12.0} {:>8.0}%",
                o.rate(),
                o.percentile(0.50),
                o.percentile(0.99),
                o.errors,
                100.0 * o.rate() / raw_tps
            );
        }
        println!(
            "{:<22} {clients:>4} {raw_tps:>9.0} {raw_latency:>9.2} {:>9} {:>7}",
            "(pgbench raw INSERT)", "avg", "-"
        );
    }
    println!("total {:.0} s", started.elapsed().as_secs_f64());
    drop(state);
    let _ = std::fs::remove_file(&script);
    database.drop().await;
}
