//! The first event, made once — right after the migrations, on the connection that ran
//! them — when the database has none: on a fresh install an open-ended one (from
//! `MAX_BACKDATE_DAYS` before today, so any tap the app accepts has a home); on a
//! database that already holds records (the FastAPI era's, or this app's before events)
//! one spanning their booth-local dates. Every record and milestone without an event is
//! assigned to it; no other column of any row changes (PostgreSQL's `updated_at` trigger
//! is held off for that one update).

use chrono::{DateTime, Days, Utc};
use sea_orm_migration::sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, Statement, TransactionTrait, Value,
};

/// What the first event is made from: `EVENT_NAME` and `APP_TIMEZONE`.
pub struct FirstEvent<'a> {
    pub name: &'a str,
    pub time_zone: chrono_tz::Tz,
    pub now: DateTime<Utc>,
}

/// Makes the first event when there is none and assigns every record and milestone to
/// it; its id, or `None` when events existed already.
pub async fn first_event(db: &DatabaseConnection, first: FirstEvent<'_>) -> Result<Option<String>, DbErr> {
    let backend = db.get_database_backend();
    let txn = db.begin().await?;
    let count = txn
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*) AS n FROM pop_up_events",
        ))
        .await?
        .map(|row| row.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0);
    if count > 0 {
        return Ok(None);
    }
    let span = txn
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT MIN(timestamp) AS first, MAX(timestamp) AS last FROM \
             (SELECT timestamp FROM interactions UNION ALL SELECT timestamp FROM events) AS records",
        ))
        .await?;
    let read = |column: &str| -> Result<Option<DateTime<Utc>>, DbErr> {
        span.as_ref()
            .map_or(Ok(None), |row| row.try_get::<Option<DateTime<Utc>>>("", column))
    };
    let tz = first.time_zone;
    let local = |at: DateTime<Utc>| at.with_timezone(&tz).date_naive();
    let (first_day, last_day) = match (read("first")?, read("last")?) {
        (Some(from), Some(to)) => (local(from), Some(local(to))),
        _ => {
            let back = Days::new(domain::rules::MAX_BACKDATE_DAYS.unsigned_abs());
            (local(first.now) - back, None)
        }
    };
    let name = first.name.trim();
    let name = if name.is_empty() {
        domain::event::DEFAULT_NAME
    } else {
        name
    };
    let id = domain::event::slug(name);
    let placeholders = |n: usize| -> String {
        (1..=n)
            .map(|i| {
                if backend == DatabaseBackend::Postgres {
                    format!("${i}")
                } else {
                    "?".into()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    txn.execute_raw(Statement::from_sql_and_values(
        backend,
        format!(
            "INSERT INTO pop_up_events (id, name, time_zone, first_day, last_day) VALUES ({})",
            placeholders(5)
        ),
        [
            Value::from(id.clone()),
            Value::from(name.to_string()),
            Value::from(tz.name().to_string()),
            Value::from(first_day),
            Value::from(last_day),
        ],
    ))
    .await?;
    for table in ["interactions", "events"] {
        let postgres = backend == DatabaseBackend::Postgres;
        if postgres {
            txn.execute_unprepared(&format!("ALTER TABLE {table} DISABLE TRIGGER USER"))
                .await?;
        }
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "UPDATE {table} SET event_id = {} WHERE event_id IS NULL",
                placeholders(1)
            ),
            [Value::from(id.clone())],
        ))
        .await?;
        if postgres {
            txn.execute_unprepared(&format!("ALTER TABLE {table} ENABLE TRIGGER USER"))
                .await?;
        }
    }
    txn.commit().await?;
    Ok(Some(id))
}
