//! Records (the legacy `interactions` table): new ones stored once per idempotency key,
//! the phone's Undo, browsing with filters and keyset pages (and the batches an export
//! streams), edits, soft delete, restore, permanent delete, and the trash.

use super::audit::{Actor, audit_in, snapshot};
use super::{Once, Period, RecordError, Repository, insert_once, to_db_amount};
use crate::server::entities::interaction;
use crate::wire::{Cursor, Recorded};
use chrono::{DateTime, Duration, Utc};
use domain::history::Change;
use domain::trash::Retention;
use domain::{AuditAction, AuditSubject, Interaction};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, DbErr, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
    Set, TransactionTrait,
};
use uuid::Uuid;

pub struct NewInteraction<'a> {
    pub key: Uuid,
    pub at: DateTime<Utc>,
    pub device: &'a str,
    /// The device's seller now: the record is credited to the one it had at `at`.
    pub seller_id: Option<&'a str>,
    pub record: &'a Interaction,
}

impl Repository {
    /// Stores a checked record once per idempotency key. A replay of the same key from
    /// the same device for the same kind of record returns the first row; any other use
    /// of the key is refused.
    pub async fn record_interaction(&self, new: NewInteraction<'_>) -> Result<Recorded, RecordError> {
        let r = new.record;
        let id = Uuid::new_v4();
        let placed = match self.place_tap(&self.db, new.device, new.at, new.seller_id).await {
            Ok(placed) => placed,
            Err(e @ RecordError::Db(_)) | Err(e @ RecordError::KeyReused) => return Err(e),
            // A retry of a tap stored earlier stays a replay, whatever happened to events since.
            Err(e) => {
                let first = interaction::Entity::find()
                    .filter(interaction::Column::IdempotencyKey.eq(new.key))
                    .one(&self.db)
                    .await?;
                return match first {
                    Some(first) if first.staff_device.as_deref() == Some(new.device) => Ok(Recorded {
                        id: first.id,
                        replayed: true,
                    }),
                    _ => Err(e),
                };
            }
        };
        let row = interaction::ActiveModel {
            id: Set(id),
            timestamp: Set(new.at),
            staff_device: Set(Some(new.device.to_string())),
            interaction_type: Set(Some(r.interaction_type().as_str().into())),
            engaged: Set(r.engaged),
            persona: Set(r.persona.map(|v| v.as_str().into())),
            hook: Set(r.hook.map(|v| v.as_str().into())),
            sale_type: Set(r.sale_type.map(|v| v.as_str().into())),
            quantity: Set(r.quantity),
            unit_price: Set(r.unit_price.map(to_db_amount)),
            total_amount: Set(r.total_amount.map(to_db_amount)),
            lead_type: Set(r.lead_type.map(|v| v.as_str().into())),
            objection: Set(r.objection.map(|v| v.as_str().into())),
            notes: Set(r.notes.clone()),
            deleted_at: Set(None),
            updated_at: Set(Some(Utc::now())),
            seller_id: Set(placed.seller_id),
            idempotency_key: Set(Some(new.key)),
            event_id: Set(Some(placed.event_id)),
        };
        let first = match insert_once(&self.db, row, interaction::Column::IdempotencyKey, new.key).await? {
            Once::Inserted => {
                self.changed();
                return Ok(Recorded { id, replayed: false });
            }
            Once::Taken(first) => first,
        };
        if first.staff_device.as_deref() == Some(new.device) && first.engaged == r.engaged {
            Ok(Recorded {
                id: first.id,
                replayed: true,
            })
        } else {
            Err(RecordError::KeyReused)
        }
    }

    pub async fn interaction(&self, id: Uuid) -> Result<Option<interaction::Model>, DbErr> {
        interaction::Entity::find_by_id(id).one(&self.db).await
    }

    /// Soft-deletes a record this device saved less than `window` ago (the Undo after a
    /// save), found by the key the phone made for it. `false` when there is no such record.
    pub async fn undo_interaction(
        &self,
        key: Uuid,
        device: &str,
        seller_id: Option<&str>,
        now: DateTime<Utc>,
        window: Duration,
    ) -> Result<bool, DbErr> {
        let undone = interaction::Entity::update_many()
            .col_expr(interaction::Column::DeletedAt, Expr::value(now))
            .col_expr(interaction::Column::UpdatedAt, Expr::value(now))
            .filter(interaction::Column::IdempotencyKey.eq(key))
            .filter(interaction::Column::StaffDevice.eq(device))
            .filter(interaction::Column::DeletedAt.is_null())
            .filter(interaction::Column::UpdatedAt.gte(now - window))
            .exec(&self.db)
            .await?;
        if undone.rows_affected == 0 {
            return Ok(false);
        }
        let undone_id: Option<Uuid> = interaction::Entity::find()
            .select_only()
            .column(interaction::Column::Id)
            .filter(interaction::Column::IdempotencyKey.eq(key))
            .into_tuple()
            .one(&self.db)
            .await?;
        let actor = Actor { device, seller_id };
        let id = undone_id.map(|id| id.to_string()).unwrap_or_default();
        audit_in(
            &self.db,
            actor,
            AuditSubject::Interaction,
            &id,
            AuditAction::Undo,
            &[],
            now,
        )
        .await?;
        self.changed();
        Ok(true)
    }
}

/// Which records a browse, a count or an export covers. Every value was checked by the
/// caller; enumerated ones are stored values (legacy ones may be searched for).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecordQuery {
    pub period: Period,
    /// `Some(true)` conversations, `Some(false)` walk-bys.
    pub engaged: Option<bool>,
    /// Sales of any kind only.
    pub sales: bool,
    pub persona: Option<String>,
    pub hook: Option<String>,
    pub sale_type: Option<String>,
    pub objection: Option<String>,
    pub lead_type: Option<String>,
    pub seller_id: Option<String>,
    pub device: Option<String>,
    pub event_id: Option<String>,
    pub has_notes: bool,
    pub oldest_first: bool,
}

impl RecordQuery {
    /// Whether the query asks about records' contents (then milestones, which have none,
    /// are left out of the timeline).
    pub fn about_contents(&self) -> bool {
        self.engaged.is_some()
            || self.sales
            || self.has_notes
            || [
                &self.persona,
                &self.hook,
                &self.sale_type,
                &self.objection,
                &self.lead_type,
            ]
            .iter()
            .any(|f| f.is_some())
    }
}

/// A record's place in the browse order.
pub fn cursor_of(row: &interaction::Model) -> Cursor {
    Cursor {
        at: row.timestamp,
        id: row.id,
    }
}

/// Which part of a browse order to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    /// From the top.
    First,
    /// The rows after this one.
    After(Cursor),
    /// From the top down to this row, inclusive (a refresh that keeps the reader's place).
    Through(Cursor),
}

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("no such record")]
    NotFound,
    /// Someone changed or deleted it since the form was loaded.
    #[error("the record changed meanwhile")]
    Changed,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// An edit, checked by the caller: the record's new contents and time, and what changed.
pub struct Edit<'a> {
    pub id: Uuid,
    /// The `updated_at` the editor saw: the edit applies only if it is still current.
    pub seen_version: Option<DateTime<Utc>>,
    pub record: &'a Interaction,
    pub at: DateTime<Utc>,
    pub seller_id: Option<String>,
    pub event_id: Option<String>,
    pub changes: Vec<Change>,
}

/// Records automatic emptying deletes per transaction.
pub const EXPIRE_BATCH: u64 = 500;

/// Largest number of rows a `Through` window returns: a refresh of a very long list
/// stops here rather than sending everything.
pub const MAX_THROUGH: u64 = 2000;

impl Repository {
    fn record_select(query: &RecordQuery) -> Select<interaction::Entity> {
        use interaction::Column as C;
        let mut select = interaction::Entity::find().filter(C::DeletedAt.is_null());
        if let Some((from, to)) = query.period {
            select = select.filter(C::Timestamp.gte(from)).filter(C::Timestamp.lt(to));
        }
        if let Some(engaged) = query.engaged {
            select = select.filter(C::Engaged.eq(engaged));
        }
        if query.sales {
            select = select
                .filter(C::Engaged.eq(true))
                .filter(C::SaleType.is_not_null())
                .filter(C::SaleType.ne(domain::SaleType::None.as_str()));
        }
        let equal = [
            (C::Persona, &query.persona),
            (C::Hook, &query.hook),
            (C::SaleType, &query.sale_type),
            (C::Objection, &query.objection),
            (C::LeadType, &query.lead_type),
            (C::SellerId, &query.seller_id),
            (C::StaffDevice, &query.device),
            (C::EventId, &query.event_id),
        ];
        for (column, value) in equal {
            if let Some(value) = value {
                select = select.filter(column.eq(value.as_str()));
            }
        }
        if query.has_notes {
            select = select.filter(C::Notes.is_not_null()).filter(C::Notes.ne(""));
        }
        select
    }

    /// A page of live records in browse order (time, then id; newest or oldest first).
    pub async fn records(
        &self,
        query: &RecordQuery,
        window: Window,
        limit: u64,
    ) -> Result<Vec<interaction::Model>, DbErr> {
        use interaction::Column as C;
        let newest = !query.oldest_first;
        // Each window is a time bound the index can range-scan, plus the tie-break on id
        // for records with the cursor's very time.
        let (select, limit) = match window {
            Window::First => (Self::record_select(query), limit),
            Window::After(c) => {
                let (time, tie) = if newest {
                    (C::Timestamp.lte(c.at), C::Id.lt(c.id))
                } else {
                    (C::Timestamp.gte(c.at), C::Id.gt(c.id))
                };
                let beyond = Condition::any().add(C::Timestamp.ne(c.at)).add(tie);
                (Self::record_select(query).filter(time).filter(beyond), limit)
            }
            Window::Through(c) => {
                let (time, tie) = if newest {
                    (C::Timestamp.gte(c.at), C::Id.gte(c.id))
                } else {
                    (C::Timestamp.lte(c.at), C::Id.lte(c.id))
                };
                let up_to = Condition::any().add(C::Timestamp.ne(c.at)).add(tie);
                (Self::record_select(query).filter(time).filter(up_to), MAX_THROUGH)
            }
        };
        let order = if newest { Order::Desc } else { Order::Asc };
        select
            .order_by(C::Timestamp, order.clone())
            .order_by(C::Id, order)
            .limit(limit)
            .all(&self.db)
            .await
    }

    /// How many live records match, counted up to `cap`: (count, whether there are more).
    /// Counting stops there so a page costs the same whatever the table's size.
    pub async fn count_records(&self, query: &RecordQuery, cap: u64) -> Result<(i64, bool), DbErr> {
        let n = Self::record_select(query)
            .select_only()
            .column(interaction::Column::Id)
            .limit(cap + 1)
            .count(&self.db)
            .await?;
        Ok((i64::try_from(n.min(cap)).unwrap_or(i64::MAX), n > cap))
    }

    /// Applies an edit and writes its history in one transaction, unless the record was
    /// changed or deleted since the editor loaded it.
    pub async fn edit_interaction(&self, edit: Edit<'_>, actor: Actor<'_>) -> Result<(), EditError> {
        use interaction::Column as C;
        let r = edit.record;
        let now = Utc::now();
        let txn = self.db.begin().await?;
        let version = match edit.seen_version {
            Some(seen) => C::UpdatedAt.eq(seen),
            None => C::UpdatedAt.is_null(),
        };
        let text = |v: Option<&'static str>| Expr::value(v.map(str::to_string));
        let updated = interaction::Entity::update_many()
            .col_expr(C::Timestamp, Expr::value(edit.at))
            .col_expr(C::Engaged, Expr::value(r.engaged))
            .col_expr(C::InteractionType, text(Some(r.interaction_type().as_str())))
            .col_expr(C::Persona, text(r.persona.map(|v| v.as_str())))
            .col_expr(C::Hook, text(r.hook.map(|v| v.as_str())))
            .col_expr(C::SaleType, text(r.sale_type.map(|v| v.as_str())))
            .col_expr(C::Quantity, Expr::value(r.quantity))
            .col_expr(C::UnitPrice, Expr::value(r.unit_price.map(super::to_db_amount)))
            .col_expr(C::TotalAmount, Expr::value(r.total_amount.map(super::to_db_amount)))
            .col_expr(C::LeadType, text(r.lead_type.map(|v| v.as_str())))
            .col_expr(C::Objection, text(r.objection.map(|v| v.as_str())))
            .col_expr(C::Notes, Expr::value(r.notes.clone()))
            .col_expr(C::SellerId, Expr::value(edit.seller_id.clone()))
            .col_expr(C::EventId, Expr::value(edit.event_id.clone()))
            .col_expr(C::UpdatedAt, Expr::value(now))
            .filter(C::Id.eq(edit.id))
            .filter(C::DeletedAt.is_null())
            .filter(version)
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            txn.rollback().await?;
            return Err(match self.interaction(edit.id).await? {
                None => EditError::NotFound,
                Some(_) => EditError::Changed,
            });
        }
        let id = edit.id.to_string();
        audit_in(
            &txn,
            actor,
            AuditSubject::Interaction,
            &id,
            AuditAction::Edit,
            &edit.changes,
            now,
        )
        .await?;
        txn.commit().await?;
        self.changed();
        Ok(())
    }

    /// Moves a record to the trash (`deleted = true`) or back. `false` when it was not
    /// where the move starts from.
    pub async fn set_deleted(&self, id: Uuid, deleted: bool, actor: Actor<'_>) -> Result<bool, DbErr> {
        use interaction::Column as C;
        let now = Utc::now();
        let txn = self.db.begin().await?;
        let (value, from) = if deleted {
            (Some(now), C::DeletedAt.is_null())
        } else {
            (None, C::DeletedAt.is_not_null())
        };
        let moved = interaction::Entity::update_many()
            .col_expr(C::DeletedAt, Expr::value(value))
            .col_expr(C::UpdatedAt, Expr::value(now))
            .filter(C::Id.eq(id))
            .filter(from)
            .exec(&txn)
            .await?;
        if moved.rows_affected == 0 {
            txn.rollback().await?;
            return Ok(false);
        }
        let action = if deleted {
            AuditAction::Delete
        } else {
            AuditAction::Restore
        };
        audit_in(
            &txn,
            actor,
            AuditSubject::Interaction,
            &id.to_string(),
            action,
            &[],
            now,
        )
        .await?;
        txn.commit().await?;
        self.changed();
        Ok(true)
    }

    /// Deletes a record in the trash for good, keeping a copy of it in the history.
    pub async fn purge_interaction(&self, id: Uuid, actor: Actor<'_>) -> Result<bool, DbErr> {
        use interaction::Column as C;
        let now = Utc::now();
        let txn = self.db.begin().await?;
        let Some(row) = interaction::Entity::find_by_id(id)
            .filter(C::DeletedAt.is_not_null())
            .one(&txn)
            .await?
        else {
            txn.rollback().await?;
            return Ok(false);
        };
        interaction::Entity::delete_by_id(id).exec(&txn).await?;
        audit_in(
            &txn,
            actor,
            AuditSubject::Interaction,
            &id.to_string(),
            AuditAction::Purge,
            &snapshot(&row),
            now,
        )
        .await?;
        txn.commit().await?;
        self.changed();
        Ok(true)
    }

    /// The trash: soft-deleted records, most recently deleted first, and how many there are.
    pub async fn trash(&self, event_id: Option<&str>, limit: u64) -> Result<(Vec<interaction::Model>, i64), DbErr> {
        use interaction::Column as C;
        let mut select = interaction::Entity::find().filter(C::DeletedAt.is_not_null());
        if let Some(event) = event_id {
            select = select.filter(C::EventId.eq(event));
        }
        let total = select.clone().count(&self.db).await?;
        let rows = select
            .order_by_desc(C::DeletedAt)
            .order_by_desc(C::Id)
            .limit(limit)
            .all(&self.db)
            .await?;
        Ok((rows, i64::try_from(total).unwrap_or(i64::MAX)))
    }

    /// Automatic emptying: deletes for good one batch of what `policy` says is due at
    /// `now` — only records that entered the trash after it was turned on — each with a
    /// copy in the history. Returns how many went.
    pub async fn expire_trash(&self, policy: &Retention, now: DateTime<Utc>) -> Result<u64, DbErr> {
        use interaction::Column as C;
        let txn = self.db.begin().await?;
        let expired = interaction::Entity::find()
            .filter(C::DeletedAt.gte(policy.since))
            .filter(C::DeletedAt.lt(policy.due_before(now)))
            .limit(EXPIRE_BATCH)
            .all(&txn)
            .await?;
        for row in &expired {
            let who = Actor {
                device: "",
                seller_id: None,
            };
            audit_in(
                &txn,
                who,
                AuditSubject::Interaction,
                &row.id.to_string(),
                AuditAction::Expire,
                &snapshot(row),
                now,
            )
            .await?;
        }
        let ids: Vec<Uuid> = expired.iter().map(|r| r.id).collect();
        interaction::Entity::delete_many()
            .filter(C::Id.is_in(ids))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        if !expired.is_empty() {
            self.changed();
        }
        Ok(expired.len() as u64)
    }
}
