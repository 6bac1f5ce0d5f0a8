//! Sellers: the people who sell, their ids (slugs of their names), the admins' list with
//! each one's last device and today's records, renames and (de)activation, with history.

use super::audit::{Actor, audit_in};
use super::{Repository, is_unique_violation};
use crate::server::entities::{device, interaction, seller};
use chrono::{DateTime, Utc};
use domain::history::Change;
use domain::rules::Field;
use domain::{AuditAction, AuditSubject};
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

fn sub(query: sea_orm::sea_query::SelectStatement) -> Expr {
    Expr::SubQuery(None, Box::new(SubQueryStatement::SelectStatement(query)))
}

impl Repository {
    pub async fn seller(&self, id: &str) -> Result<Option<seller::Model>, DbErr> {
        seller::Entity::find_by_id(id).one(&self.db).await
    }

    /// Every seller, active or not (names for the figures of past records).
    pub async fn all_sellers(&self) -> Result<Vec<seller::Model>, DbErr> {
        seller::Entity::find()
            .order_by_asc(seller::Column::DisplayName)
            .all(&self.db)
            .await
    }

    pub async fn active_sellers(&self) -> Result<Vec<seller::Model>, DbErr> {
        seller::Entity::find()
            .filter(seller::Column::IsActive.eq(true))
            .order_by_asc(seller::Column::DisplayName)
            .all(&self.db)
            .await
    }

    /// A new active seller whose id is a slug of the name, never colliding silently.
    pub async fn add_seller(&self, name: &str, now: DateTime<Utc>, actor: Actor<'_>) -> Result<seller::Model, DbErr> {
        use sea_orm::TransactionTrait;
        let base = domain::seller::slug(name);
        for _ in 0..3 {
            let taken: Vec<String> = seller::Entity::find()
                .select_only()
                .column(seller::Column::Id)
                .filter(seller::Column::Id.starts_with(base.as_str()))
                .into_tuple()
                .all(&self.db)
                .await?;
            let row = seller::ActiveModel {
                id: Set(domain::seller::unique_id(&base, &taken)),
                display_name: Set(name.to_string()),
                created_at: Set(Some(now)),
                is_active: Set(true),
            };
            let txn = self.db.begin().await?;
            // A concurrent add may take the same id between the read and the insert.
            match row.insert(&txn).await {
                Ok(model) => {
                    let created = Change::set(Field::DisplayName, name);
                    audit_in(
                        &txn,
                        actor,
                        AuditSubject::Seller,
                        &model.id,
                        AuditAction::Create,
                        &[created],
                        now,
                    )
                    .await?;
                    txn.commit().await?;
                    self.changed();
                    return Ok(model);
                }
                Err(e) if is_unique_violation(&e) => txn.rollback().await?,
                Err(e) => return Err(e),
            }
        }
        Err(DbErr::Custom("could not find a free seller id".into()))
    }

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
        let change = Change {
            field: Field::DisplayName,
            before: Some(before.display_name),
            after: Some(name.to_string()),
        };
        audit_in(&txn, actor, AuditSubject::Seller, id, AuditAction::Edit, &[change], now).await?;
        txn.commit().await?;
        self.changed();
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
        let change = Change {
            field: Field::Active,
            before: flag(before.is_active),
            after: flag(active),
        };
        audit_in(&txn, actor, AuditSubject::Seller, id, AuditAction::Edit, &[change], now).await?;
        txn.commit().await?;
        self.changed();
        Ok(Some(released))
    }
}
