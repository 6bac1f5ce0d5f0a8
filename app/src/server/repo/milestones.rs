//! Milestones (the legacy `events` table): stored once per idempotency key, listed in
//! the browse timeline, edited and deleted by admins with history.

use super::audit::{Actor, audit_in, stamp};
use super::records::MAX_THROUGH;
use super::{Once, RecordError, Repository, insert_once};
use crate::server::entities::booth_event;
use chrono::{DateTime, Utc};
use domain::history::Change;
use domain::rules::Field;
use domain::{AuditAction, AuditSubject};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait};
use uuid::Uuid;

impl Repository {
    /// Stores a milestone once per idempotency key (same rules as records).
    pub async fn record_milestone(
        &self,
        key: Uuid,
        at: DateTime<Utc>,
        device: &str,
        seller_id: Option<&str>,
        description: &str,
    ) -> Result<(i32, bool), RecordError> {
        let placed = match self.place_tap(&self.db, device, at, seller_id).await {
            Ok(placed) => placed,
            Err(e @ RecordError::Db(_)) | Err(e @ RecordError::KeyReused) => return Err(e),
            // A retry of a milestone stored earlier stays a replay.
            Err(e) => {
                let first = booth_event::Entity::find()
                    .filter(booth_event::Column::IdempotencyKey.eq(key))
                    .one(&self.db)
                    .await?;
                return match first {
                    Some(first) if first.staff_device.as_deref() == Some(device) => Ok((first.id, false)),
                    _ => Err(e),
                };
            }
        };
        let row = booth_event::ActiveModel {
            timestamp: Set(at),
            description: Set(description.to_string()),
            staff_device: Set(Some(device.to_string())),
            seller_id: Set(placed.seller_id),
            event_id: Set(Some(placed.event_id)),
            idempotency_key: Set(Some(key)),
            updated_at: Set(Some(Utc::now())),
            ..Default::default()
        };
        match insert_once(&self.db, row, booth_event::Column::IdempotencyKey, key).await? {
            Once::Taken(first) if first.staff_device.as_deref() == Some(device) => Ok((first.id, false)),
            Once::Taken(_) => Err(RecordError::KeyReused),
            // A milestone's id is made by the database: read it back by its key.
            Once::Inserted => {
                let stored = booth_event::Entity::find()
                    .filter(booth_event::Column::IdempotencyKey.eq(key))
                    .one(&self.db)
                    .await?
                    .ok_or(RecordError::KeyReused)?;
                self.changed();
                Ok((stored.id, true))
            }
        }
    }

    /// Milestones in `[from, to]` (either end open), in time order, optionally of one
    /// seller, device or event.
    pub async fn milestones_between(
        &self,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        seller_id: Option<&str>,
        device: Option<&str>,
        event_id: Option<&str>,
    ) -> Result<Vec<booth_event::Model>, DbErr> {
        use booth_event::Column as C;
        let mut select = booth_event::Entity::find();
        if let Some(from) = from {
            select = select.filter(C::Timestamp.gte(from));
        }
        if let Some(to) = to {
            select = select.filter(C::Timestamp.lte(to));
        }
        if let Some(seller) = seller_id {
            select = select.filter(C::SellerId.eq(seller));
        }
        if let Some(device) = device {
            select = select.filter(C::StaffDevice.eq(device));
        }
        if let Some(event) = event_id {
            select = select.filter(C::EventId.eq(event));
        }
        select.order_by_asc(C::Timestamp).limit(MAX_THROUGH).all(&self.db).await
    }

    pub async fn milestone(&self, id: i32) -> Result<Option<booth_event::Model>, DbErr> {
        booth_event::Entity::find_by_id(id).one(&self.db).await
    }

    /// Changes a milestone's text and time, with its history.
    pub async fn edit_milestone(
        &self,
        id: i32,
        description: &str,
        at: DateTime<Utc>,
        changes: &[Change],
        actor: Actor<'_>,
    ) -> Result<bool, DbErr> {
        use booth_event::Column as C;
        let now = Utc::now();
        let txn = self.db.begin().await?;
        let updated = booth_event::Entity::update_many()
            .col_expr(C::Description, Expr::value(description))
            .col_expr(C::Timestamp, Expr::value(at))
            .col_expr(C::UpdatedAt, Expr::value(now))
            .filter(C::Id.eq(id))
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            txn.rollback().await?;
            return Ok(false);
        }
        let id = id.to_string();
        audit_in(
            &txn,
            actor,
            AuditSubject::Milestone,
            &id,
            AuditAction::Edit,
            changes,
            now,
        )
        .await?;
        txn.commit().await?;
        self.changed();
        Ok(true)
    }

    /// Deletes a milestone (they have no trash), keeping a copy in the history.
    pub async fn delete_milestone(&self, id: i32, actor: Actor<'_>) -> Result<bool, DbErr> {
        let now = Utc::now();
        let txn = self.db.begin().await?;
        let Some(row) = booth_event::Entity::find_by_id(id).one(&txn).await? else {
            txn.rollback().await?;
            return Ok(false);
        };
        booth_event::Entity::delete_by_id(id).exec(&txn).await?;
        let copy = [
            Change::held(Field::Timestamp, Some(stamp(row.timestamp))),
            Change::held(Field::Milestone, Some(row.description)),
            Change::held(Field::Device, row.staff_device),
            Change::held(Field::Seller, row.seller_id),
        ];
        let id = id.to_string();
        audit_in(
            &txn,
            actor,
            AuditSubject::Milestone,
            &id,
            AuditAction::Delete,
            &copy,
            now,
        )
        .await?;
        txn.commit().await?;
        self.changed();
        Ok(true)
    }
}
