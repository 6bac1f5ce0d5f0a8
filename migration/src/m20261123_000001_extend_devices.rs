//! Devices become Tailscale nodes: keyed by `Node.StableID` (node_id), with the current
//! MagicDNS name, a role, a status and first/last sight. Legacy rows keep every value;
//! they get node_id on first sight (bound by machine name).

use crate::ddl::{column_check, run, types};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [&str; 6] = ["node_id", "machine_name", "role", "status", "first_seen", "last_seen"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let t = types(manager);
        let definitions = [
            "node_id VARCHAR(64)".to_string(),
            "machine_name VARCHAR(100)".to_string(),
            format!(
                "role VARCHAR(10) NOT NULL DEFAULT 'staff' {}",
                column_check("staff", "role")
            ),
            format!(
                "status VARCHAR(10) NOT NULL DEFAULT 'active' {}",
                column_check("staff", "status")
            ),
            format!("first_seen {}", t.timestamp),
            format!("last_seen {}", t.timestamp),
        ];
        let mut statements = Vec::new();
        for (column, definition) in COLUMNS.iter().zip(definitions) {
            if !manager.has_column("staff", column).await? {
                statements.push(format!("ALTER TABLE staff ADD COLUMN {definition}"));
            }
        }
        statements.push("CREATE UNIQUE INDEX IF NOT EXISTS ux_staff_node_id ON staff (node_id)".into());
        run(manager, &statements).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut statements = vec!["DROP INDEX IF EXISTS ux_staff_node_id".to_string()];
        for column in COLUMNS.iter().rev() {
            if manager.has_column("staff", column).await? {
                statements.push(format!("ALTER TABLE staff DROP COLUMN {column}"));
            }
        }
        run(manager, &statements).await
    }
}
