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

/// The generated column `facet_code`: a record's facets packed as
/// `domain::analytics::facet_slots` describes, NULL when a column holds a value no
/// version defines. Immutable (plain CASEs on its own row), as generated columns must be.
pub fn facet_code_expr() -> String {
    let mut terms = vec!["(CASE WHEN engaged THEN 1 ELSE 0 END)".to_string()];
    for slot in domain::analytics::facet_slots() {
        let arms: String = slot
            .values
            .iter()
            .map(|(literal, code)| format!(" WHEN {} = {literal} THEN {code}", slot.column))
            .collect();
        terms.push(format!(
            "(CASE WHEN {c} IS NULL THEN 0{arms} END) * {factor}",
            c = slot.column,
            factor = 1i64 << slot.shift
        ));
    }
    terms.join(" + ")
}

pub async fn run(manager: &SchemaManager<'_>, statements: &[String]) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for sql in statements {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// Databases store values computed with this expression. If this test fails, the
    /// codes changed: add a migration that recreates `facet_code` (drop the index and the
    /// column, add them again), then update the pin. Appending an enum value changes it
    /// too, and needs the same migration for the new value to be coded.
    #[test]
    fn the_stored_facet_code_expression_is_pinned() {
        assert_eq!(
            super::facet_code_expr(),
            "(CASE WHEN engaged THEN 1 ELSE 0 END) + \
             (CASE WHEN persona IS NULL THEN 0 WHEN persona = 'parent' THEN 1 WHEN persona = 'gift_buyer' THEN 2 \
             WHEN persona = 'expat' THEN 3 WHEN persona = 'future_parent' THEN 4 END) * 2 + \
             (CASE WHEN hook IS NULL THEN 0 WHEN hook = 'physical_kits' THEN 1 WHEN hook = 'big_garden' THEN 2 \
             WHEN hook = 'signage' THEN 3 END) * 32 + \
             (CASE WHEN sale_type IS NULL THEN 0 WHEN sale_type = 'none' THEN 1 WHEN sale_type = 'single' THEN 2 \
             WHEN sale_type = 'bundle_3' THEN 3 WHEN sale_type = 'full_year' THEN 4 END) * 512 + \
             (CASE WHEN unit_price IS NULL THEN 0 WHEN unit_price = 990 THEN 1 WHEN unit_price = 1290 THEN 2 END) * 8192 + \
             (CASE WHEN objection IS NULL THEN 0 WHEN objection = 'too_expensive' THEN 1 WHEN objection = 'has_toys' THEN 2 \
             WHEN objection = 'need_to_think' THEN 3 WHEN objection = 'age_mismatch' THEN 4 WHEN objection = 'other' THEN 5 \
             WHEN objection = 'not_interested' THEN 6 WHEN objection = 'no_time' THEN 7 WHEN objection = 'already_have' THEN 8 \
             WHEN objection = 'language_barrier' THEN 9 END) * 131072 + \
             (CASE WHEN lead_type IS NULL THEN 0 WHEN lead_type = 'line' THEN 1 WHEN lead_type = 'email' THEN 2 \
             WHEN lead_type = 'instagram' THEN 3 WHEN lead_type = 'none' THEN 4 END) * 2097152"
        );
    }
}
