//! The history of every change (`audit_log`): who (device, seller) did what to which
//! record, milestone, seller, device or setting, and when.

use super::Repository;
use crate::server::entities::{audit, interaction};
use chrono::{DateTime, SecondsFormat, Utc};
use domain::history::Change;
use domain::rules::Field;
use domain::{AuditAction, AuditSubject};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};

/// Who made a change, for the history.
#[derive(Clone, Copy, Debug)]
pub struct Actor<'a> {
    pub device: &'a str,
    pub seller_id: Option<&'a str>,
}

impl Repository {
    /// What happened to one record, milestone, seller, device or setting, oldest first
    /// (`domain::history::read_changes` reads each row's changes).
    pub async fn history(&self, subject: AuditSubject, id: &str) -> Result<Vec<audit::Model>, DbErr> {
        audit::Entity::find()
            .filter(audit::Column::Entity.eq(subject.as_str()))
            .filter(audit::Column::EntityId.eq(id))
            .order_by_asc(audit::Column::At)
            .order_by_asc(audit::Column::Id)
            .all(&self.db)
            .await
    }
}

/// A time as the history keeps it.
pub(super) fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Everything a record held, for the history of one that is gone: each field with what
/// it held.
pub(super) fn snapshot(row: &interaction::Model) -> Vec<Change> {
    let number = |n: Option<i32>| n.map(|n| n.to_string());
    vec![
        Change::held(Field::Timestamp, Some(stamp(row.timestamp))),
        Change::held(Field::Device, row.staff_device.clone()),
        Change::held(Field::Seller, row.seller_id.clone()),
        Change::held(
            Field::Kind,
            Some(domain::InteractionType::from_engaged(row.engaged).as_str().into()),
        ),
        Change::held(Field::Persona, row.persona.clone()),
        Change::held(Field::Hook, row.hook.clone()),
        Change::held(Field::SaleType, row.sale_type.clone()),
        Change::held(Field::Quantity, number(row.quantity)),
        Change::held(Field::UnitPrice, number(row.unit_price)),
        Change::held(Field::Total, number(row.total_amount)),
        Change::held(Field::LeadType, row.lead_type.clone()),
        Change::held(Field::Objection, row.objection.clone()),
        Change::held(Field::Notes, row.notes.clone()),
        Change::held(Field::DeletedAt, row.deleted_at.map(stamp)),
    ]
}

/// One history row, inside the transaction of the change it describes; every row holds
/// its changes in one shape, a list of `Change` (none: nothing to list). An empty device
/// is the server itself (automatic emptying).
pub(super) async fn audit_in(
    db: &impl ConnectionTrait,
    actor: Actor<'_>,
    subject: AuditSubject,
    entity_id: &str,
    action: AuditAction,
    changes: &[Change],
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let changes = (!changes.is_empty())
        .then(|| serde_json::to_value(changes))
        .transpose()
        .map_err(|e| DbErr::Custom(e.to_string()))?;
    let row = audit::ActiveModel {
        at: Set(at),
        device: Set(Some(actor.device.to_string()).filter(|d| !d.is_empty())),
        seller_id: Set(actor.seller_id.map(str::to_string)),
        entity: Set(subject.as_str().to_string()),
        entity_id: Set(entity_id.to_string()),
        action: Set(action.as_str().to_string()),
        changes: Set(changes),
        ..Default::default()
    };
    audit::Entity::insert(row).exec_without_returning(db).await?;
    Ok(())
}
