//! Pop-up events (markets): every record and milestone belongs to one. The table of
//! events, each phone's current event, the history of each phone's seller and event (so
//! a tap kept offline is credited to who sold, and where, at the moment of the tap), and
//! `event_id` on records and milestones. Existing rows gain the column and keep every
//! value; [`crate::first_event`] makes the first event and assigns them to it.

use crate::ddl::{is_postgres, run, types};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Tables gaining `event_id`, with the index a per-event count of live rows uses.
const EVENT_COLUMNS: [(&str, &str); 2] = [
    (
        "interactions",
        "CREATE INDEX IF NOT EXISTS ix_interactions_live_event_timestamp \
         ON interactions (event_id, timestamp) WHERE deleted_at IS NULL",
    ),
    (
        "events",
        "CREATE INDEX IF NOT EXISTS ix_events_event_timestamp ON events (event_id, timestamp)",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let t = types(manager);
        let date = if is_postgres(manager) { "DATE" } else { "TEXT" };
        let mut statements = vec![
            format!(
                "CREATE TABLE IF NOT EXISTS pop_up_events (
                    id VARCHAR(100) PRIMARY KEY,
                    name VARCHAR(200) NOT NULL,
                    venue VARCHAR(200),
                    time_zone VARCHAR(64) NOT NULL,
                    first_day {date} NOT NULL,
                    last_day {date},
                    opens VARCHAR(5),
                    closes VARCHAR(5),
                    booth_fee BIGINT CHECK (booth_fee >= 0),
                    other_costs BIGINT CHECK (other_costs >= 0),
                    target_visitors BIGINT CHECK (target_visitors >= 0),
                    target_conversations BIGINT CHECK (target_conversations >= 0),
                    target_sales BIGINT CHECK (target_sales >= 0),
                    target_revenue BIGINT CHECK (target_revenue >= 0),
                    notes TEXT,
                    archived BOOLEAN NOT NULL DEFAULT FALSE,
                    created_at {ts} NOT NULL DEFAULT {now},
                    updated_at {ts} NOT NULL DEFAULT {now},
                    CHECK (last_day IS NULL OR last_day >= first_day)
                )",
                ts = t.timestamp,
                now = t.now
            ),
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_pop_up_events_name ON pop_up_events (name)".into(),
            format!(
                "CREATE TABLE IF NOT EXISTS device_history (
                    id {pk},
                    device_name VARCHAR(100) NOT NULL,
                    at {ts} NOT NULL,
                    seller_id VARCHAR(50),
                    event_id VARCHAR(100)
                )",
                pk = t.serial_pk,
                ts = t.timestamp
            ),
            "CREATE INDEX IF NOT EXISTS ix_device_history_device_at ON device_history (device_name, at)".into(),
        ];
        if !manager.has_column("staff", "active_event").await? {
            statements.push("ALTER TABLE staff ADD COLUMN active_event VARCHAR(100)".into());
        }
        for (table, index) in EVENT_COLUMNS {
            if !manager.has_column(table, "event_id").await? {
                statements.push(format!("ALTER TABLE {table} ADD COLUMN event_id VARCHAR(100)"));
            }
            statements.push(index.into());
        }
        run(manager, &statements).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut statements = vec![
            "DROP INDEX IF EXISTS ix_interactions_live_event_timestamp".to_string(),
            "DROP INDEX IF EXISTS ix_events_event_timestamp".to_string(),
        ];
        for (table, _) in EVENT_COLUMNS {
            if manager.has_column(table, "event_id").await? {
                statements.push(format!("ALTER TABLE {table} DROP COLUMN event_id"));
            }
        }
        if manager.has_column("staff", "active_event").await? {
            statements.push("ALTER TABLE staff DROP COLUMN active_event".into());
        }
        statements.push("DROP TABLE IF EXISTS device_history".into());
        statements.push("DROP TABLE IF EXISTS pop_up_events".into());
        run(manager, &statements).await
    }
}
