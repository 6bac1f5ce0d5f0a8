//! Sellers and devices for the admin pages: the lists (one query each), renames,
//! (de)activation, seller assignment, approval, blocking and roles, each with history.

use super::Repository;
use super::records::{Actor, audit_in};
use crate::server::entities::{device, interaction, seller};
use chrono::{DateTime, Utc};
use domain::{DeviceRole, DeviceStatus};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SubQueryStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, Order, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};

/// A seller as the admin list shows them.
#[derive(Clone, Debug, PartialEq)]
pub struct SellerSummary {
    pub seller: seller::Model,
    /// The device of their latest live record.
    pub last_device: Option<String>,
    /// Their live records in the period asked for (today).
    pub today: i64,
}

/// One change to a device.
#[derive(Clone, Debug, PartialEq)]
pub enum DeviceChange {
    Rename(String),
    /// Who logs on it (`None`: nobody; the phone then asks "Who's selling now?").
    Seller(Option<String>),
    Status(DeviceStatus),
    Role(DeviceRole),
}

#[derive(Debug, thiserror::Error)]
pub enum DeviceError {
    #[error("no such device")]
    NotFound,
    #[error("that would leave no active admin")]
    LastAdmin,
    #[error(transparent)]
    Db(#[from] DbErr),
}

fn sub(query: sea_orm::sea_query::SelectStatement) -> Expr {
    Expr::SubQuery(None, Box::new(SubQueryStatement::SelectStatement(query)))
}

impl Repository {
    /// Every seller with the device of their latest record and their records in `period`:
    /// one query (correlated subqueries on the seller/time index).
    pub async fn seller_summaries(
        &self,
        (from, to): (DateTime<Utc>, DateTime<Utc>),
    ) -> Result<Vec<SellerSummary>, DbErr> {
        use interaction::Column as I;
        let mine = || {
            Expr::col((interaction::Entity, I::SellerId))
                .equals((seller::Entity, seller::Column::Id))
                .and(Expr::col((interaction::Entity, I::DeletedAt)).is_null())
        };
        let last_device = Query::select()
            .column((interaction::Entity, I::StaffDevice))
            .from(interaction::Entity)
            .and_where(mine())
            .order_by((interaction::Entity, I::Timestamp), Order::Desc)
            .limit(1)
            .to_owned();
        let in_period = Query::select()
            .expr(Expr::cust("COUNT(*)"))
            .from(interaction::Entity)
            .and_where(mine())
            .and_where(Expr::col((interaction::Entity, I::Timestamp)).gte(from))
            .and_where(Expr::col((interaction::Entity, I::Timestamp)).lt(to))
            .to_owned();
        type Row = (String, String, Option<DateTime<Utc>>, bool, Option<String>, i64);
        let rows: Vec<Row> = seller::Entity::find()
            .select_only()
            .columns([
                seller::Column::Id,
                seller::Column::DisplayName,
                seller::Column::CreatedAt,
                seller::Column::IsActive,
            ])
            .column_as(sub(last_device), "last_device")
            .column_as(sub(in_period), "today")
            .order_by_desc(seller::Column::IsActive)
            .order_by_asc(seller::Column::DisplayName)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, display_name, created_at, is_active, last_device, today)| SellerSummary {
                    seller: seller::Model {
                        id,
                        display_name,
                        created_at,
                        is_active,
                    },
                    last_device,
                    today,
                },
            )
            .collect())
    }

    pub async fn rename_seller(&self, id: &str, name: &str, actor: Actor<'_>) -> Result<bool, DbErr> {
        let now = Utc::now();
        let txn = self.db.begin().await?;
        let Some(before) = seller::Entity::find_by_id(id).one(&txn).await? else {
            txn.rollback().await?;
            return Ok(false);
        };
        let mut row: seller::ActiveModel = before.clone().into();
        row.display_name = Set(name.to_string());
        row.update(&txn).await?;
        let change = change_json("display_name", Some(before.display_name), Some(name.to_string()));
        audit_in(&txn, actor, "seller", id, "edit", Some(change), now).await?;
        txn.commit().await?;
        Ok(true)
    }

    /// (De)activates a seller; their records stay. A deactivated seller stops logging:
    /// the devices logging as them are returned, now with nobody chosen.
    pub async fn set_seller_active(
        &self,
        id: &str,
        active: bool,
        actor: Actor<'_>,
    ) -> Result<Option<Vec<String>>, DbErr> {
        let now = Utc::now();
        let txn = self.db.begin().await?;
        let Some(before) = seller::Entity::find_by_id(id).one(&txn).await? else {
            txn.rollback().await?;
            return Ok(None);
        };
        let mut row: seller::ActiveModel = before.clone().into();
        row.is_active = Set(active);
        row.update(&txn).await?;
        let mut released = Vec::new();
        if !active {
            released = device::Entity::find()
                .select_only()
                .column(device::Column::DeviceName)
                .filter(device::Column::ActiveSeller.eq(id))
                .into_tuple()
                .all(&txn)
                .await?;
            device::Entity::update_many()
                .col_expr(device::Column::ActiveSeller, Expr::value(Option::<String>::None))
                .filter(device::Column::ActiveSeller.eq(id))
                .exec(&txn)
                .await?;
        }
        let flag = |b: bool| Some(b.to_string());
        let change = change_json("is_active", flag(before.is_active), flag(active));
        audit_in(&txn, actor, "seller", id, "edit", Some(change), now).await?;
        txn.commit().await?;
        Ok(Some(released))
    }

    /// Every device: those waiting for approval first (an admin opens the page to let
    /// them in), blocked ones last, each group the most recently seen first.
    pub async fn devices(&self) -> Result<Vec<device::Model>, DbErr> {
        let rank = |d: &device::Model| match DeviceStatus::parse(&d.status) {
            Some(DeviceStatus::Pending) => 0,
            Some(DeviceStatus::Active) => 1,
            _ => 2,
        };
        let mut devices = device::Entity::find().all(&self.db).await?;
        devices.sort_by(|a, b| {
            rank(a)
                .cmp(&rank(b))
                .then_with(|| b.last_seen.cmp(&a.last_seen))
                .then_with(|| a.device_name.cmp(&b.device_name))
        });
        Ok(devices)
    }

    pub async fn device(&self, name: &str) -> Result<Option<device::Model>, DbErr> {
        device::Entity::find_by_id(name).one(&self.db).await
    }

    /// Applies one change to a device, with history. Refuses to block, send back to
    /// approval or demote the last active admin; the active admins are locked first, so
    /// two admins demoting each other at once cannot both succeed.
    pub async fn change_device(
        &self,
        name: &str,
        change: DeviceChange,
        actor: Actor<'_>,
    ) -> Result<device::Model, DeviceError> {
        use device::Column as D;
        let now = Utc::now();
        let txn = self.db.begin().await?;
        let admins = device::Entity::find()
            .filter(D::Role.eq(DeviceRole::Admin.as_str()))
            .filter(D::Status.eq(DeviceStatus::Active.as_str()))
            .lock_exclusive()
            .all(&txn)
            .await?;
        let Some(before) = device::Entity::find_by_id(name).one(&txn).await? else {
            txn.rollback().await?;
            return Err(DeviceError::NotFound);
        };
        let is_active_admin = admins.iter().any(|a| a.device_name == name);
        let removes_admin = match &change {
            DeviceChange::Role(role) => *role != DeviceRole::Admin,
            DeviceChange::Status(status) => *status != DeviceStatus::Active,
            _ => false,
        };
        if is_active_admin && removes_admin && admins.len() <= 1 {
            txn.rollback().await?;
            return Err(DeviceError::LastAdmin);
        }
        let mut row: device::ActiveModel = before.clone().into();
        let (field, old, new) = match change {
            DeviceChange::Rename(display) => {
                row.display_name = Set(Some(display.clone()));
                ("display_name", before.display_name.clone(), Some(display))
            }
            DeviceChange::Seller(seller) => {
                row.active_seller = Set(seller.clone());
                ("active_seller", before.active_seller.clone(), seller)
            }
            DeviceChange::Status(status) => {
                row.status = Set(status.as_str().into());
                ("status", Some(before.status.clone()), Some(status.as_str().into()))
            }
            DeviceChange::Role(role) => {
                row.role = Set(role.as_str().into());
                ("role", Some(before.role.clone()), Some(role.as_str().into()))
            }
        };
        let after = row.update(&txn).await?;
        audit_in(
            &txn,
            actor,
            "device",
            name,
            "edit",
            Some(change_json(field, old, new)),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(after)
    }
}

/// History of one changed column of a seller or device.
fn change_json(field: &str, before: Option<String>, after: Option<String>) -> serde_json::Value {
    serde_json::json!([{ "field": field, "before": before, "after": after }])
}
