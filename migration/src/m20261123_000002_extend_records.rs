//! Idempotency keys (a retried submission never makes a second row) for interactions and
//! milestones, and `updated_at` for milestones, which admins can now edit.

use crate::ddl::{run, types};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let t = types(manager);
        let mut statements = Vec::new();
        for table in ["interactions", "events"] {
            if !manager.has_column(table, "idempotency_key").await? {
                statements.push(format!("ALTER TABLE {table} ADD COLUMN idempotency_key {}", t.uuid));
            }
            statements.push(format!(
                "CREATE UNIQUE INDEX IF NOT EXISTS ux_{table}_idempotency_key ON {table} (idempotency_key)"
            ));
        }
        if !manager.has_column("events", "updated_at").await? {
            statements.push(format!("ALTER TABLE events ADD COLUMN updated_at {}", t.timestamp));
        }
        run(manager, &statements).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut statements = Vec::new();
        for table in ["interactions", "events"] {
            statements.push(format!("DROP INDEX IF EXISTS ux_{table}_idempotency_key"));
            if manager.has_column(table, "idempotency_key").await? {
                statements.push(format!("ALTER TABLE {table} DROP COLUMN idempotency_key"));
            }
        }
        if manager.has_column("events", "updated_at").await? {
            statements.push("ALTER TABLE events DROP COLUMN updated_at".into());
        }
        run(manager, &statements).await
    }
}
