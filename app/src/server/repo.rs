//! The repository: every query the app runs. Nothing outside this module touches SQL or
//! the ORM. Aggregates are computed in the database, one query per screen.

pub mod records;
mod registry;
mod settings;

pub use records::{Actor, Edit, EditError, RecordQuery, Window, cursor_of};
pub use registry::{DeviceChange, DeviceError, SellerSummary};

use super::entities::{booth_event, device, interaction, seller};
use crate::wire::{Counts, Figures, Recorded};
use chrono::{DateTime, Duration, Utc};
use domain::{DeviceRole, DeviceStatus, Interaction, SaleType};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Set,
};
use uuid::Uuid;

/// A period's bounds `[from, to)`; `None` is all time.
pub type Period = Option<(DateTime<Utc>, DateTime<Utc>)>;

/// How often a device's `last_seen` is written at most: not on every tap.
const LAST_SEEN_RESOLUTION: Duration = Duration::seconds(60);

#[derive(Clone)]
pub struct Repository {
    db: DatabaseConnection,
}

/// A Tailscale node as the identity layer saw it.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeSighting {
    pub node_id: String,
    /// MagicDNS machine name (`Node.ComputedName`), lower case.
    pub machine_name: String,
    /// Listed in `ADMIN_DEVICES`: always an admin, active from the first sight.
    pub configured_admin: bool,
    /// Status given to a device seen for the first time.
    pub new_device_status: DeviceStatus,
}

pub struct NewInteraction<'a> {
    pub key: Uuid,
    pub at: DateTime<Utc>,
    pub device: &'a str,
    pub seller_id: Option<&'a str>,
    pub record: &'a Interaction,
}

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("idempotency key already used for a different record")]
    KeyReused,
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl Repository {
    pub fn new(db: DatabaseConnection) -> Self {
        Repository { db }
    }

    pub fn connection(&self) -> &DatabaseConnection {
        &self.db
    }

    pub async fn ping(&self) -> Result<(), DbErr> {
        self.db.ping().await
    }

    /// The pool's connections: (open, idle).
    pub fn pool_stats(&self) -> (u32, usize) {
        match self.db.get_database_backend() {
            sea_orm::DbBackend::Postgres => {
                let pool = self.db.get_postgres_connection_pool();
                (pool.size(), pool.num_idle())
            }
            sea_orm::DbBackend::Sqlite => {
                let pool = self.db.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle())
            }
            _ => (0, 0),
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.db.get_database_backend() == sea_orm::DbBackend::Postgres
    }

    // ── devices ──────────────────────────────────────────────────────────────────────

    /// The device row for a node, created or bound on first sight (PRODUCT.md §2.3–2.6):
    /// by node id; else a legacy row with the same machine name and no node yet; else a
    /// new row. `last_seen` is refreshed at most once a minute.
    pub async fn device_for_node(&self, node: &NodeSighting, now: DateTime<Utc>) -> Result<device::Model, DbErr> {
        let existing = match self.device_by_node(&node.node_id).await? {
            Some(d) => Some(d),
            None => self.bind_legacy_device(node, now).await?,
        };
        let device = match existing {
            Some(d) => d,
            None => match self.register_device(node, now).await {
                Ok(d) => d,
                // Two first requests of a new node raced: the other one registered it.
                Err(e) => self.device_by_node(&node.node_id).await?.ok_or(e)?,
            },
        };
        self.refresh_device(device, node, now).await
    }

    async fn device_by_node(&self, node_id: &str) -> Result<Option<device::Model>, DbErr> {
        device::Entity::find()
            .filter(device::Column::NodeId.eq(node_id))
            .one(&self.db)
            .await
    }

    async fn bind_legacy_device(
        &self,
        node: &NodeSighting,
        now: DateTime<Utc>,
    ) -> Result<Option<device::Model>, DbErr> {
        let bound = device::Entity::update_many()
            .col_expr(device::Column::NodeId, Expr::value(node.node_id.clone()))
            .col_expr(device::Column::MachineName, Expr::value(node.machine_name.clone()))
            .col_expr(device::Column::FirstSeen, Expr::value(now))
            .filter(device::Column::DeviceName.eq(node.machine_name.as_str()))
            .filter(device::Column::NodeId.is_null())
            .exec(&self.db)
            .await?;
        if bound.rows_affected == 0 {
            return Ok(None);
        }
        tracing::info!(device = %node.machine_name, node = %node.node_id, "bound existing device to its Tailscale node");
        self.device_by_node(&node.node_id).await
    }

    async fn register_device(&self, node: &NodeSighting, now: DateTime<Utc>) -> Result<device::Model, DbErr> {
        let key = self.free_device_key(&node.machine_name).await?;
        let (role, status) = if node.configured_admin {
            (DeviceRole::Admin, DeviceStatus::Active)
        } else {
            (DeviceRole::Staff, node.new_device_status)
        };
        let row = device::ActiveModel {
            device_name: Set(key.clone()),
            display_name: Set(Some(node.machine_name.clone())),
            created_at: Set(Some(now)),
            active_seller: Set(None),
            node_id: Set(Some(node.node_id.clone())),
            machine_name: Set(Some(node.machine_name.clone())),
            role: Set(role.as_str().into()),
            status: Set(status.as_str().into()),
            first_seen: Set(Some(now)),
            last_seen: Set(Some(now)),
        };
        device::Entity::insert(row).exec_without_returning(&self.db).await?;
        tracing::info!(device = %key, node = %node.node_id, status = %status, "registered new device");
        device::Entity::find_by_id(key)
            .one(&self.db)
            .await?
            .ok_or(DbErr::RecordNotFound("device".into()))
    }

    /// The machine name, or `name-2`, `name-3`… when an earlier node already holds it (a
    /// MagicDNS name can be reused after its node is removed).
    async fn free_device_key(&self, name: &str) -> Result<String, DbErr> {
        let taken: Vec<String> = device::Entity::find()
            .select_only()
            .column(device::Column::DeviceName)
            .filter(device::Column::DeviceName.starts_with(name))
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(domain::seller::unique_id(name, &taken))
    }

    async fn refresh_device(
        &self,
        device: device::Model,
        node: &NodeSighting,
        now: DateTime<Utc>,
    ) -> Result<device::Model, DbErr> {
        let stale = device.last_seen.is_none_or(|seen| now - seen >= LAST_SEEN_RESOLUTION);
        let renamed = device.machine_name.as_deref() != Some(node.machine_name.as_str());
        let promote = node.configured_admin && device.role != DeviceRole::Admin.as_str();
        if !(stale || renamed || promote) {
            return Ok(device);
        }
        let mut row: device::ActiveModel = device.into();
        row.last_seen = Set(Some(now));
        row.machine_name = Set(Some(node.machine_name.clone()));
        if promote {
            row.role = Set(DeviceRole::Admin.as_str().into());
        }
        row.update(&self.db).await
    }

    pub async fn seller(&self, id: &str) -> Result<Option<seller::Model>, DbErr> {
        seller::Entity::find_by_id(id).one(&self.db).await
    }

    // ── sellers ──────────────────────────────────────────────────────────────────────

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
                    let created = serde_json::json!([{ "field": "display_name", "before": null, "after": name }]);
                    records::audit_in(&txn, actor, "seller", &model.id, "create", Some(created), now).await?;
                    txn.commit().await?;
                    return Ok(model);
                }
                Err(e) if is_unique_violation(&e) => txn.rollback().await?,
                Err(e) => return Err(e),
            }
        }
        Err(DbErr::Custom("could not find a free seller id".into()))
    }

    /// Who is logging on this device from now on (remembered across restarts).
    pub async fn set_active_seller(&self, device: &str, seller_id: &str) -> Result<(), DbErr> {
        device::Entity::update_many()
            .col_expr(device::Column::ActiveSeller, Expr::value(seller_id))
            .filter(device::Column::DeviceName.eq(device))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    // ── interactions ─────────────────────────────────────────────────────────────────

    /// Stores a checked record once per idempotency key. A replay of the same key from
    /// the same device for the same kind of record returns the first row; any other use
    /// of the key is refused.
    pub async fn record_interaction(&self, new: NewInteraction<'_>) -> Result<Recorded, RecordError> {
        let r = new.record;
        let id = Uuid::new_v4();
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
            seller_id: Set(new.seller_id.map(str::to_string)),
            idempotency_key: Set(Some(new.key)),
        };
        let inserted = interaction::Entity::insert(row)
            .on_conflict(
                OnConflict::column(interaction::Column::IdempotencyKey)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await?;
        if inserted == 1 {
            return Ok(Recorded { id, replayed: false });
        }
        let first = interaction::Entity::find()
            .filter(interaction::Column::IdempotencyKey.eq(new.key))
            .one(&self.db)
            .await?
            .ok_or(RecordError::KeyReused)?;
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
        records::audit_in(&self.db, actor, "interaction", &id, "undo", None, now).await?;
        Ok(true)
    }

    /// Stores a milestone once per idempotency key (same rules as records).
    pub async fn record_milestone(
        &self,
        key: Uuid,
        at: DateTime<Utc>,
        device: &str,
        seller_id: Option<&str>,
        description: &str,
    ) -> Result<(i32, bool), RecordError> {
        let row = booth_event::ActiveModel {
            timestamp: Set(at),
            description: Set(description.to_string()),
            staff_device: Set(Some(device.to_string())),
            seller_id: Set(seller_id.map(str::to_string)),
            idempotency_key: Set(Some(key)),
            updated_at: Set(Some(Utc::now())),
            ..Default::default()
        };
        let inserted = booth_event::Entity::insert(row)
            .on_conflict(
                OnConflict::column(booth_event::Column::IdempotencyKey)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await?;
        let stored = booth_event::Entity::find()
            .filter(booth_event::Column::IdempotencyKey.eq(key))
            .one(&self.db)
            .await?
            .ok_or(RecordError::KeyReused)?;
        if inserted == 0 && stored.staff_device.as_deref() != Some(device) {
            return Err(RecordError::KeyReused);
        }
        Ok((stored.id, inserted == 1))
    }

    /// A period's live records grouped by every facet (PRODUCT.md §6 derives from these):
    /// a few hundred groups at most whatever the table's size. The database groups by
    /// the packed `facet_code` (one integer, not eight strings). Records it could not
    /// code hold a value no version defines (legacy data only); they form a NULL group,
    /// and only then are they grouped again by their raw columns, over a partial index.
    pub async fn facts(&self, period: Period, seller_id: Option<&str>) -> Result<Vec<domain::analytics::Fact>, DbErr> {
        use domain::analytics::Fact;
        use interaction::Column as C;
        use sea_orm::sea_query::{ExprTrait, Func, SimpleExpr};
        let sum = |column: C| {
            let sum_or_zero: [SimpleExpr; 2] = [Func::sum(Expr::col(column)).into(), Expr::val(0)];
            SimpleExpr::from(Func::cast_as(Func::coalesce(sum_or_zero), "BIGINT"))
        };
        let code = || Expr::cust("facet_code");
        let live = || {
            let mut query = interaction::Entity::find().select_only().filter(C::DeletedAt.is_null());
            if let Some((from, to)) = period {
                query = query.filter(C::Timestamp.gte(from)).filter(C::Timestamp.lt(to));
            }
            if let Some(seller) = seller_id {
                query = query.filter(C::SellerId.eq(seller));
            }
            query
        };
        // What every group counts, after its facet columns.
        let totals = |query: sea_orm::Select<interaction::Entity>| {
            query
                .column_as(Expr::cust("COUNT(*)"), "records")
                .column_as(sum(C::Quantity), "quantity")
                .column_as(sum(C::TotalAmount), "revenue")
        };
        // (facet code, seller, records, Σ quantity, Σ revenue)
        type Coded = (Option<i32>, Option<String>, i64, i64, i64);
        let coded: Vec<Coded> = totals(
            live()
                .column_as(code(), "code")
                .column(C::SellerId)
                .group_by(code())
                .group_by(C::SellerId),
        )
        .into_tuple()
        .all(&self.db)
        .await?;
        let mut uncoded_groups = false;
        let mut facts = Vec::with_capacity(coded.len());
        for (code, seller_id, records, quantity, revenue) in coded {
            match code {
                Some(code) => facts.push(
                    Fact::from_code(i64::from(code), seller_id, records, quantity, revenue)
                        .ok_or_else(|| DbErr::Custom(format!("facet_code {code} is not one this build knows")))?,
                ),
                None => uncoded_groups = true,
            }
        }
        if !uncoded_groups {
            return Ok(facts);
        }

        let facets = [
            C::Engaged,
            C::Persona,
            C::Hook,
            C::SaleType,
            C::UnitPrice,
            C::Objection,
            C::LeadType,
            C::SellerId,
        ];
        let mut uncoded = live().filter(code().is_null());
        for facet in facets {
            uncoded = uncoded.column(facet).group_by(facet);
        }
        type Row = (
            bool,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<i32>,
            Option<String>,
            Option<String>,
            Option<String>,
            i64,
            i64,
            i64,
        );
        let rows: Vec<Row> = totals(uncoded).into_tuple().all(&self.db).await?;
        facts.extend(rows.into_iter().map(
            |(
                engaged,
                persona,
                hook,
                sale_type,
                unit_price,
                objection,
                lead_type,
                seller_id,
                records,
                quantity,
                revenue,
            )| {
                Fact {
                    engaged,
                    persona,
                    hook,
                    sale_type,
                    unit_price: unit_price.map(i64::from),
                    objection,
                    lead_type,
                    seller_id,
                    records,
                    quantity,
                    revenue,
                }
            },
        ));
        Ok(facts)
    }

    /// The counts of several periods (`None` = all time), for the booth and for one
    /// seller, in one aggregate query.
    pub async fn figures<const N: usize>(
        &self,
        periods: [Period; N],
        seller_id: Option<&str>,
    ) -> Result<[Figures; N], DbErr> {
        use interaction::Column;
        use sea_orm::sea_query::{Condition, Func, SimpleExpr};
        let is_sale = || {
            Condition::all()
                .add(Column::Engaged.eq(true))
                .add(Column::SaleType.is_not_null())
                .add(Column::SaleType.ne(SaleType::None.as_str()))
        };
        // (metric, which rows count, what each counts for)
        let metrics: [(&str, Condition, SimpleExpr); 4] = [
            ("visitors", Condition::all(), Expr::val(1)),
            (
                "conversations",
                Condition::all().add(Column::Engaged.eq(true)),
                Expr::val(1),
            ),
            ("sales", is_sale(), Expr::val(1)),
            ("revenue", is_sale(), Expr::col(Column::TotalAmount)),
        ];
        let scopes: Vec<(&str, Option<&str>)> = match seller_id {
            Some(id) => vec![("booth", None), ("seller", Some(id))],
            None => vec![("booth", None)],
        };
        let mut query = interaction::Entity::find()
            .select_only()
            .filter(Column::DeletedAt.is_null());
        for (p, period) in periods.iter().enumerate() {
            for (scope, seller) in &scopes {
                for (metric, rows, value) in &metrics {
                    let mut when = Condition::all().add(Expr::cust("1 = 1")).add(rows.clone());
                    if let Some((from, to)) = period {
                        when = when.add(Column::Timestamp.gte(*from)).add(Column::Timestamp.lt(*to));
                    }
                    if let Some(seller) = seller {
                        when = when.add(Column::SellerId.eq(*seller));
                    }
                    let sum = Func::sum(Expr::case(when, value.clone()).finally(Expr::val(0)));
                    let sum_or_zero: [SimpleExpr; 2] = [sum.into(), Expr::val(0)];
                    let total = Func::cast_as(Func::coalesce(sum_or_zero), "BIGINT");
                    query = query.column_as(SimpleExpr::from(total), format!("p{p}_{scope}_{metric}"));
                }
            }
        }
        let statement = query.build(self.db.get_database_backend());
        let row = self.db.query_one_raw(statement).await?;
        let number = |name: String| -> Result<i64, DbErr> {
            Ok(match &row {
                Some(row) => row.try_get::<Option<i64>>("", &name)?.unwrap_or(0),
                None => 0,
            })
        };
        let read = |p: usize, scope: &str| -> Result<Counts, DbErr> {
            Ok(Counts {
                visitors: number(format!("p{p}_{scope}_visitors"))?,
                conversations: number(format!("p{p}_{scope}_conversations"))?,
                sales: number(format!("p{p}_{scope}_sales"))?,
                revenue: number(format!("p{p}_{scope}_revenue"))?,
            })
        };
        let mut figures = [Figures::default(); N];
        for (p, slot) in figures.iter_mut().enumerate() {
            *slot = Figures {
                booth: read(p, "booth")?,
                seller: seller_id.map(|_| read(p, "seller")).transpose()?,
            };
        }
        Ok(figures)
    }
}

/// Amounts are whole baht; the legacy columns are 32-bit. Totals are bounded by the §3
/// rules (≤ 50 × ฿1,290), so this never saturates in practice.
fn to_db_amount(amount: domain::Baht) -> i32 {
    i32::try_from(amount).unwrap_or(i32::MAX)
}

fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}
