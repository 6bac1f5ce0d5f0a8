//! Settings an admin changes in the app (not ops' environment), one row each, the value
//! as JSON text. The first: whether, and after how long, the trash empties by itself.

use crate::ddl::{run, types};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let t = types(manager);
        run(
            manager,
            &[format!(
                "CREATE TABLE IF NOT EXISTS app_settings (
                    key VARCHAR(64) PRIMARY KEY,
                    value TEXT NOT NULL,
                    updated_at {ts} NOT NULL DEFAULT {now}
                )",
                ts = t.timestamp,
                now = t.now
            )],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, &["DROP TABLE IF EXISTS app_settings".to_string()]).await
    }
}
