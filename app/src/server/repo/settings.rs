//! Settings admins change in the app, each with its history. The first: automatic
//! emptying of the trash, off until an admin turns it on.

use super::Repository;
use super::audit::{Actor, audit_in};
use crate::server::entities::setting;
use chrono::{DateTime, Utc};
use domain::history::Change;
use domain::rules::Field;
use domain::trash::Retention;
use domain::{AuditAction, AuditSubject};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set, TransactionTrait};

const TRASH_RETENTION: &str = "trash_retention";

async fn retention_in(db: &impl ConnectionTrait) -> Result<Option<Retention>, DbErr> {
    let Some(row) = setting::Entity::find_by_id(TRASH_RETENTION).one(db).await? else {
        return Ok(None);
    };
    match serde_json::from_str(&row.value) {
        Ok(policy) => Ok(Some(policy)),
        // Never delete on a value nobody can read: it counts as off.
        Err(e) => {
            tracing::warn!(error = %e, value = %row.value, "unreadable trash_retention setting: automatic emptying stays off");
            Ok(None)
        }
    }
}

impl Repository {
    /// Automatic emptying of the trash, if an admin turned it on.
    pub async fn trash_retention(&self) -> Result<Option<Retention>, DbErr> {
        retention_in(&self.db).await
    }

    /// An admin turns automatic emptying on (`Some(days)`), changes its period, or turns
    /// it off (`None`); written with its history in one transaction. The policy now.
    pub async fn set_trash_retention(
        &self,
        days: Option<u32>,
        now: DateTime<Utc>,
        actor: Actor<'_>,
    ) -> Result<Option<Retention>, DbErr> {
        let txn = self.db.begin().await?;
        let current = retention_in(&txn).await?;
        let next = Retention::chosen(current, days, now);
        if next == current {
            txn.rollback().await?;
            return Ok(current);
        }
        match next {
            Some(policy) => {
                let row = setting::ActiveModel {
                    key: Set(TRASH_RETENTION.to_string()),
                    value: Set(serde_json::to_string(&policy).map_err(|e| DbErr::Custom(e.to_string()))?),
                    updated_at: Set(now),
                };
                setting::Entity::insert(row)
                    .on_conflict(
                        OnConflict::column(setting::Column::Key)
                            .update_columns([setting::Column::Value, setting::Column::UpdatedAt])
                            .to_owned(),
                    )
                    .exec_without_returning(&txn)
                    .await?;
            }
            None => {
                setting::Entity::delete_by_id(TRASH_RETENTION).exec(&txn).await?;
            }
        }
        let change = Change {
            field: Field::TrashRetention,
            before: current.map(|p| p.days.to_string()),
            after: next.map(|p| p.days.to_string()),
        };
        audit_in(
            &txn,
            actor,
            AuditSubject::Setting,
            TRASH_RETENTION,
            AuditAction::Edit,
            &[change],
            now,
        )
        .await?;
        txn.commit().await?;
        self.changed();
        Ok(next)
    }
}
