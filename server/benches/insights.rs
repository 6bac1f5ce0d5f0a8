//! Latency of what the markets teach, at 1,000,000 interactions in 20 events (about
//! 50,000 each) with 10 milestones an event, on PostgreSQL and SQLite: comparing 6
//! events, the heat map of one event, and the milestone list (the latest 50, 2 h each
//! side) — the data alone, and the server function the page calls through the real
//! router. `make bench`. Targets (issue 15): each p95 ≤ 50 ms on PostgreSQL, ≤ 100 ms
//! on SQLite.

mod support;

use app::server::repo::Repository;
use domain::analytics::{Hypotheses, Stats};
use domain::insight::HeatMap;
use migration::MigratorTrait;
use sea_orm::ConnectionTrait;
use support::{rounds, seed_sql, timed};

const ROWS: i64 = 1_000_000;
const MILESTONES_PER_EVENT: i64 = 10;
/// The events compared: the six latest.
const COMPARED: usize = 6;

/// Milestones every 3.6 hours through each event's 36 hours.
fn milestones_sql(end: chrono::DateTime<chrono::Utc>) -> String {
    let rows: Vec<String> = (0..support::EVENTS)
        .flat_map(|k| {
            (0..MILESTONES_PER_EVENT).map(move |j| {
                let at = end - chrono::Duration::minutes(36 * 60 * k + 216 * j + 100);
                format!(
                    "('{}', 'Display change {j}', 'bench', 'bench-event-{k}')",
                    at.format("%Y-%m-%dT%H:%M:%S+00:00")
                )
            })
        })
        .collect();
    format!(
        "INSERT INTO events (timestamp, description, staff_device, event_id) VALUES {}",
        rows.join(", ")
    )
}

#[tokio::main]
async fn main() {
    let dir = std::env::temp_dir().join(format!("lumicello-bench-insights-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tz = chrono_tz::Asia::Bangkok;
    println!(
        "{} rounds each, {ROWS} rows in {} events. data = the repository's queries and what is derived from them;",
        rounds(),
        support::EVENTS
    );
    println!("server fn = the page's call through the real router (identity, JSON)");
    println!(
        "{:<11} {:<32} {:>14} {:>14}",
        "database", "view", "data p50/p95", "fn p50/p95"
    );
    for postgres in [true, false] {
        let (url, pg) = if postgres {
            let pg = support::PgDatabase::create("insights").await;
            (pg.url.clone(), Some(pg))
        } else {
            (
                format!("sqlite://{}/bench-insights.sqlite?mode=rwc", dir.display()),
                None,
            )
        };
        let db = app::server::db::connect(&url).await.unwrap();
        migration::Migrator::up(&db, None).await.unwrap();
        let today_ends = domain::period::day(chrono::Utc::now(), &tz).1;
        db.execute_unprepared(&support::events_sql(today_ends)).await.unwrap();
        db.execute_unprepared(&seed_sql(postgres, ROWS, today_ends))
            .await
            .unwrap();
        db.execute_unprepared(&milestones_sql(today_ends)).await.unwrap();
        if postgres {
            db.execute_unprepared("VACUUM ANALYZE").await.unwrap();
        }
        let repo = Repository::new(db);
        let (addr, state) = support::serve(&url, &[]).await;
        let client = reqwest::Client::new();
        let database = if postgres { "PostgreSQL" } else { "SQLite" };
        let report = |view: &str, data: (f64, f64), call: (f64, f64)| {
            println!(
                "{database:<11} {view:<32} {:>14} {:>14}",
                format!("{:.1} / {:.1}", data.0, data.1),
                format!("{:.1} / {:.1}", call.0, call.1)
            );
        };

        let compared: Vec<String> = (0..COMPARED).map(|k| format!("bench-event-{k}")).collect();
        let compare_data = || async {
            for id in &compared {
                let facts = repo.facts(None, None, Some(id)).await.unwrap();
                std::hint::black_box((Stats::from_facts(&facts), Hypotheses::from_facts(&facts)));
            }
        };
        let body: String = compared
            .iter()
            .enumerate()
            .map(|(i, id)| format!("choice[events][{i}]={id}&"))
            .collect::<String>()
            + "choice[archived]=false";
        let compare_call = || async {
            std::hint::black_box(support::call(&client, addr, "compare_events", body.clone()).await);
        };
        report("compare 6 events", timed(compare_data).await, timed(compare_call).await);

        // The heat map of a whole event (bench-event-1: 36 hours, ended yesterday).
        let events = repo.events().await.unwrap();
        let event = events.iter().find(|e| e.id == "bench-event-1").unwrap();
        let days = (event.first_day, event.last_day.unwrap());
        let heat_data = || async {
            let span = domain::period::days(days.0, days.1, &event.tz());
            let buckets = repo.buckets(span, Some(&event.id), None).await.unwrap();
            std::hint::black_box(HeatMap::build(&buckets, &event.tz(), days, None));
        };
        // The whole Stats screen of that event, heat map and milestones included.
        let stats_call = || async {
            let body = "choice[period]=all&choice[event]=bench-event-1".to_string();
            std::hint::black_box(support::call(&client, addr, "analytics", body).await);
        };
        report(
            "heat map of one event (Stats)",
            timed(heat_data).await,
            timed(stats_call).await,
        );

        // The milestone list of every event, all time: the latest 50.
        let milestones_data = || async {
            let all = repo.milestones_between(None, None, None, None, None).await.unwrap();
            let latest = &all[all.len().saturating_sub(app::stats::api::MAX_EFFECTS)..];
            let effects = app::server::effects::milestone_effects(&state, latest, &events, 2)
                .await
                .unwrap();
            std::hint::black_box(effects);
        };
        let all_call = || async {
            let body = "choice[period]=all&choice[event]=all".to_string();
            std::hint::black_box(support::call(&client, addr, "analytics", body).await);
        };
        report(
            "milestone list (Stats, all)",
            timed(milestones_data).await,
            timed(all_call).await,
        );

        drop(repo);
        if let Some(pg) = pg {
            pg.drop().await;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
