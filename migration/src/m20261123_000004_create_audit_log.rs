//! Edit history: who (device, seller) did what to which record, when, with old → new
//! values per changed field as JSON.

use crate::ddl::{run, types};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let t = types(manager);
        let statements = vec![
            format!(
                "CREATE TABLE IF NOT EXISTS audit_log (
                    id {serial},
                    at {ts} NOT NULL DEFAULT {now},
                    device VARCHAR(100),
                    seller_id VARCHAR(50),
                    entity VARCHAR(20) NOT NULL,
                    entity_id VARCHAR(64) NOT NULL,
                    action VARCHAR(20) NOT NULL,
                    changes {json}
                )",
                serial = t.serial_pk,
                ts = t.timestamp,
                now = t.now,
                json = t.json
            ),
            "CREATE INDEX IF NOT EXISTS ix_audit_log_entity ON audit_log (entity, entity_id, at)".into(),
        ];
        run(manager, &statements).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, &["DROP TABLE IF EXISTS audit_log".to_string()]).await
    }
}
