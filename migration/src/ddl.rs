//! Small helpers shared by the migrations: per-backend column types, CHECK constraints
//! generated from the domain enums, and running a list of statements.

use domain::{DeviceRole, DeviceStatus, Hook, InteractionType, LeadType, Objection, Persona, SaleType};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

pub fn is_postgres(manager: &SchemaManager) -> bool {
    manager.get_database_backend() == DatabaseBackend::Postgres
}

pub struct Types {
    pub timestamp: &'static str,
    pub uuid: &'static str,
    pub serial_pk: &'static str,
    pub now: &'static str,
    pub json: &'static str,
}

/// Timestamps in SQLite are RFC 3339 text in UTC, the format sqlx writes, so that text
/// comparison orders them correctly.
pub fn types(manager: &SchemaManager) -> Types {
    if is_postgres(manager) {
        Types {
            timestamp: "TIMESTAMPTZ",
            uuid: "UUID",
            serial_pk: "SERIAL PRIMARY KEY",
            now: "now()",
            json: "JSONB",
        }
    } else {
        Types {
            timestamp: "TEXT",
            uuid: "BLOB",
            serial_pk: "INTEGER PRIMARY KEY AUTOINCREMENT",
            now: "(strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))",
            json: "TEXT",
        }
    }
}

/// An enumerated column and every value it may hold. Legacy values stay allowed: the
/// database must keep holding what earlier versions wrote.
pub struct EnumColumn {
    pub table: &'static str,
    pub column: &'static str,
    pub values: Vec<&'static str>,
}

impl EnumColumn {
    pub fn constraint_name(&self) -> String {
        format!("ck_{}_{}", self.table, self.column)
    }

    pub fn check_expr(&self) -> String {
        let quoted = self
            .values
            .iter()
            .map(|v| format!("'{v}'"))
            .collect::<Vec<_>>()
            .join(", ");
        format!("{c} IS NULL OR {c} IN ({quoted})", c = self.column)
    }
}

macro_rules! enum_column {
    ($table:literal, $e:ty) => {
        EnumColumn {
            table: $table,
            column: <$e>::FIELD,
            values: <$e>::STORED.iter().map(|v| v.as_str()).collect(),
        }
    };
}

pub fn enum_columns() -> Vec<EnumColumn> {
    vec![
        enum_column!("interactions", InteractionType),
        enum_column!("interactions", Persona),
        enum_column!("interactions", Hook),
        enum_column!("interactions", SaleType),
        enum_column!("interactions", Objection),
        enum_column!("interactions", LeadType),
        enum_column!("staff", DeviceRole),
        enum_column!("staff", DeviceStatus),
    ]
}

/// `CHECK (...)` for one enumerated column, for column definitions (SQLite cannot add
/// table constraints after creation).
pub fn column_check(table: &str, column: &str) -> String {
    let col = enum_columns()
        .into_iter()
        .find(|c| c.table == table && c.column == column)
        .unwrap_or_else(|| panic!("{table}.{column} is not an enumerated column"));
    format!("CONSTRAINT {} CHECK ({})", col.constraint_name(), col.check_expr())
}

pub const TYPE_FOLLOWS_ENGAGED: &str = "ck_interactions_type_follows_engaged";

/// The rule "interaction_type always follows engaged", as a CHECK expression.
pub fn type_follows_engaged() -> String {
    format!(
        "interaction_type IS NULL OR (engaged AND interaction_type = '{}') OR (NOT engaged AND interaction_type = '{}')",
        InteractionType::Conversation.as_str(),
        InteractionType::WalkBy.as_str()
    )
}

pub async fn run(manager: &SchemaManager<'_>, statements: &[String]) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for sql in statements {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}
