//! Schema migrations for PostgreSQL and SQLite.
//!
//! The first migration creates the tables of the earlier FastAPI version only where they
//! do not exist yet, so one chain serves a fresh database and the legacy one (PRODUCT.md
//! §8) alike; the later ones extend those tables in place without touching a row.

pub use sea_orm_migration::prelude::*;

mod ddl;
mod first_event;
mod m20251219_000001_create_base_tables;
mod m20261123_000001_extend_devices;
mod m20261123_000002_extend_records;
mod m20261123_000003_replace_checks_and_triggers;
mod m20261123_000004_create_audit_log;
mod m20261123_000005_create_indexes;
mod m20261124_000001_add_facet_code;
mod m20261129_000001_create_settings;
mod m20261130_000001_create_pop_up_events;

pub use first_event::{FirstEvent, first_event};

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        let all: [Box<dyn MigrationTrait>; 9] = [
            Box::new(m20251219_000001_create_base_tables::Migration),
            Box::new(m20261123_000001_extend_devices::Migration),
            Box::new(m20261123_000002_extend_records::Migration),
            Box::new(m20261123_000003_replace_checks_and_triggers::Migration),
            Box::new(m20261123_000004_create_audit_log::Migration),
            Box::new(m20261123_000005_create_indexes::Migration),
            Box::new(m20261124_000001_add_facet_code::Migration),
            Box::new(m20261129_000001_create_settings::Migration),
            Box::new(m20261130_000001_create_pop_up_events::Migration),
        ];
        all.into_iter().map(Atomic::wrap).collect()
    }
}

/// A migration run in one transaction with its bookkeeping row, on SQLite too (sea-orm
/// wraps only PostgreSQL's by default; both databases roll DDL back): one that fails
/// halfway leaves the schema and the data as they were.
pub struct Atomic(Box<dyn MigrationTrait>);

impl Atomic {
    pub fn wrap(migration: Box<dyn MigrationTrait>) -> Box<dyn MigrationTrait> {
        Box::new(Atomic(migration))
    }
}

impl MigrationName for Atomic {
    fn name(&self) -> &str {
        self.0.name()
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Atomic {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        self.0.up(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        self.0.down(manager).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
