//! PostgreSQL only: whatever CHECKs and triggers the legacy database carried are replaced
//! by the ones generated here, so a legacy and a fresh database end with the same schema.
//!
//! Checks are added `NOT VALID` and then validated; a legacy row that breaks one is kept
//! as it is (the constraint still guards every new write) and a warning is logged, since
//! the takeover must never lose or alter a row. SQLite got its CHECKs at creation.

use crate::ddl::{TYPE_FOLLOWS_ENGAGED, enum_columns, is_postgres, run, type_follows_engaged};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 4] = ["interactions", "staff", "sellers", "events"];

fn table_ids() -> String {
    TABLES.map(|t| format!("'{t}'::regclass")).join(", ")
}

fn checks() -> Vec<(String, &'static str, String)> {
    let mut checks: Vec<_> = enum_columns()
        .into_iter()
        .map(|c| (c.constraint_name(), c.table, c.check_expr()))
        .collect();
    checks.push((TYPE_FOLLOWS_ENGAGED.into(), "interactions", type_follows_engaged()));
    checks.push((
        "ck_interactions_notes_length".into(),
        "interactions",
        format!("notes IS NULL OR length(notes) <= {}", domain::rules::MAX_NOTES_CHARS),
    ));
    checks
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if !is_postgres(manager) {
            return Ok(());
        }
        let mut statements = vec![format!(
            "DO $$ DECLARE r record; BEGIN
               FOR r IN SELECT conrelid::regclass::text AS tbl, conname FROM pg_constraint
                        WHERE contype = 'c' AND conrelid IN ({ids})
               LOOP EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname); END LOOP;
             END $$",
            ids = table_ids()
        )];
        for (name, table, expr) in checks() {
            statements.push(format!(
                "ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({expr}) NOT VALID"
            ));
            statements.push(format!(
                "DO $$ BEGIN ALTER TABLE {table} VALIDATE CONSTRAINT {name};
                 EXCEPTION WHEN check_violation THEN
                   RAISE WARNING 'existing rows of {table} break {name}: kept as they are, new writes are checked';
                 END $$"
            ));
        }
        statements.extend([
            "CREATE OR REPLACE FUNCTION lumicello_touch_updated_at() RETURNS trigger AS $$
             BEGIN NEW.updated_at := now(); RETURN NEW; END $$ LANGUAGE plpgsql"
                .to_string(),
            // Same channel as the earlier version, so anything listening to it keeps working.
            "CREATE OR REPLACE FUNCTION lumicello_notify_change() RETURNS trigger AS $$
             BEGIN PERFORM pg_notify('data_change', json_build_object('table', TG_TABLE_NAME, 'op', TG_OP)::text);
             RETURN NULL; END $$ LANGUAGE plpgsql"
                .to_string(),
            format!(
                "DO $$ DECLARE r record; BEGIN
                   FOR r IN SELECT tgname, tgrelid::regclass::text AS tbl FROM pg_trigger
                            WHERE NOT tgisinternal AND tgrelid IN ({ids})
                   LOOP EXECUTE format('DROP TRIGGER %I ON %s', r.tgname, r.tbl); END LOOP;
                 END $$",
                ids = table_ids()
            ),
        ]);
        for table in ["interactions", "events"] {
            statements.push(format!(
                "CREATE TRIGGER {table}_touch_updated_at BEFORE UPDATE ON {table}
                 FOR EACH ROW EXECUTE FUNCTION lumicello_touch_updated_at()"
            ));
        }
        for table in TABLES {
            statements.push(format!(
                "CREATE TRIGGER {table}_notify_change AFTER INSERT OR UPDATE OR DELETE ON {table}
                 FOR EACH STATEMENT EXECUTE FUNCTION lumicello_notify_change()"
            ));
        }
        run(manager, &statements).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if !is_postgres(manager) {
            return Ok(());
        }
        // The CHECKs stay: they equal the ones the first migration creates.
        let mut statements = Vec::new();
        for table in ["interactions", "events"] {
            statements.push(format!("DROP TRIGGER IF EXISTS {table}_touch_updated_at ON {table}"));
        }
        for table in TABLES {
            statements.push(format!("DROP TRIGGER IF EXISTS {table}_notify_change ON {table}"));
        }
        statements.push("DROP FUNCTION IF EXISTS lumicello_touch_updated_at()".into());
        statements.push("DROP FUNCTION IF EXISTS lumicello_notify_change()".into());
        run(manager, &statements).await
    }
}
