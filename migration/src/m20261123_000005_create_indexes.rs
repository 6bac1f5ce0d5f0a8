//! Indexes for the time-ranged counts every screen runs (live records only).

use crate::ddl::run;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: [(&str, &str); 3] = [
    (
        "ix_interactions_live_timestamp",
        "interactions (timestamp) WHERE deleted_at IS NULL",
    ),
    (
        "ix_interactions_live_seller_timestamp",
        "interactions (seller_id, timestamp) WHERE deleted_at IS NULL",
    ),
    ("ix_events_timestamp", "events (timestamp)"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let statements = INDEXES.map(|(name, on)| format!("CREATE INDEX IF NOT EXISTS {name} ON {on}"));
        run(manager, &statements).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let statements = INDEXES.map(|(name, _)| format!("DROP INDEX IF EXISTS {name}"));
        run(manager, &statements).await
    }
}
