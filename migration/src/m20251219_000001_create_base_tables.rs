//! The four tables of the earlier FastAPI version (PRODUCT.md §8), created only where they
//! do not exist. On the legacy database this migration changes nothing.

use crate::ddl::{TYPE_FOLLOWS_ENGAGED, column_check, run, type_follows_engaged, types};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let t = types(manager);
        let statements = vec![
            format!(
                "CREATE TABLE IF NOT EXISTS sellers (
                    id VARCHAR(50) PRIMARY KEY,
                    display_name VARCHAR(100) NOT NULL,
                    created_at {ts} DEFAULT {now},
                    is_active BOOLEAN NOT NULL DEFAULT TRUE
                )",
                ts = t.timestamp,
                now = t.now
            ),
            format!(
                "CREATE TABLE IF NOT EXISTS staff (
                    device_name VARCHAR(100) PRIMARY KEY,
                    display_name VARCHAR(100),
                    created_at {ts} DEFAULT {now},
                    active_seller VARCHAR(50)
                )",
                ts = t.timestamp,
                now = t.now
            ),
            format!(
                "CREATE TABLE IF NOT EXISTS interactions (
                    id {uuid} PRIMARY KEY,
                    timestamp {ts} NOT NULL DEFAULT {now},
                    staff_device VARCHAR(100),
                    interaction_type VARCHAR(20) {ck_type},
                    engaged BOOLEAN NOT NULL DEFAULT FALSE,
                    persona VARCHAR(30) {ck_persona},
                    hook VARCHAR(30) {ck_hook},
                    sale_type VARCHAR(20) {ck_sale},
                    quantity INTEGER,
                    unit_price INTEGER,
                    total_amount INTEGER,
                    lead_type VARCHAR(20) {ck_lead},
                    objection VARCHAR(30) {ck_objection},
                    notes TEXT CONSTRAINT ck_interactions_notes_length CHECK (notes IS NULL OR length(notes) <= {max_notes}),
                    deleted_at {ts},
                    updated_at {ts} DEFAULT {now},
                    seller_id VARCHAR(50),
                    CONSTRAINT {follows} CHECK ({follows_expr})
                )",
                uuid = t.uuid,
                ts = t.timestamp,
                now = t.now,
                ck_type = column_check("interactions", "interaction_type"),
                ck_persona = column_check("interactions", "persona"),
                ck_hook = column_check("interactions", "hook"),
                ck_sale = column_check("interactions", "sale_type"),
                ck_lead = column_check("interactions", "lead_type"),
                ck_objection = column_check("interactions", "objection"),
                max_notes = domain::rules::MAX_NOTES_CHARS,
                follows = TYPE_FOLLOWS_ENGAGED,
                follows_expr = type_follows_engaged(),
            ),
            format!(
                "CREATE TABLE IF NOT EXISTS events (
                    id {serial},
                    timestamp {ts} NOT NULL DEFAULT {now},
                    description TEXT NOT NULL,
                    staff_device VARCHAR(100),
                    seller_id VARCHAR(50)
                )",
                serial = t.serial_pk,
                ts = t.timestamp,
                now = t.now
            ),
        ];
        run(manager, &statements).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let statements = ["events", "interactions", "staff", "sellers"]
            .map(|t| format!("DROP TABLE IF EXISTS {t}"))
            .to_vec();
        run(manager, &statements).await
    }
}
