//! The history of every change (`audit_log`): who (device, seller) did what to which
//! record, milestone, seller, device or setting, and when.

use super::Repository;
use crate::server::entities::{audit, interaction};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};

/// Who made a change, for the history.
#[derive(Clone, Copy, Debug)]
pub struct Actor<'a> {
    pub device: &'a str,
    pub seller_id: Option<&'a str>,
}

impl Repository {
    /// What happened to one record or milestone, oldest first.
    pub async fn history(&self, entity: &str, id: &str) -> Result<Vec<audit::Model>, DbErr> {
        audit::Entity::find()
            .filter(audit::Column::Entity.eq(entity))
            .filter(audit::Column::EntityId.eq(id))
            .order_by_asc(audit::Column::At)
            .order_by_asc(audit::Column::Id)
            .all(&self.db)
            .await
    }
}

/// Everything a record held, for the history of one that is gone.
pub(super) fn snapshot(row: &interaction::Model) -> serde_json::Value {
    serde_json::json!({
        "timestamp": row.timestamp,
        "staff_device": row.staff_device,
        "seller_id": row.seller_id,
        "engaged": row.engaged,
        "persona": row.persona,
        "hook": row.hook,
        "sale_type": row.sale_type,
        "quantity": row.quantity,
        "unit_price": row.unit_price,
        "total_amount": row.total_amount,
        "lead_type": row.lead_type,
        "objection": row.objection,
        "notes": row.notes,
        "deleted_at": row.deleted_at,
    })
}

/// One history row, inside the transaction of the change it describes. An empty device
/// is the server itself (retention).
pub(super) async fn audit_in(
    db: &impl ConnectionTrait,
    actor: Actor<'_>,
    entity: &str,
    entity_id: &str,
    action: &str,
    changes: Option<serde_json::Value>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let row = audit::ActiveModel {
        at: Set(at),
        device: Set(Some(actor.device.to_string()).filter(|d| !d.is_empty())),
        seller_id: Set(actor.seller_id.map(str::to_string)),
        entity: Set(entity.to_string()),
        entity_id: Set(entity_id.to_string()),
        action: Set(action.to_string()),
        changes: Set(changes),
        ..Default::default()
    };
    audit::Entity::insert(row).exec_without_returning(db).await?;
    Ok(())
}
