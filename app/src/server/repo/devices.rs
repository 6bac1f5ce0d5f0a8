//! Devices (the legacy `staff` table): Tailscale nodes registered or bound on first
//! sight, their seller, and the admins' changes to them, each with history.

use super::Repository;
use super::audit::{Actor, audit_in};
use crate::server::entities::device;
use chrono::{DateTime, Duration, Utc};
use domain::history::Change;
use domain::rules::Field;
use domain::{AuditAction, AuditSubject, DeviceRole, DeviceStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter, QuerySelect, Set, TransactionTrait};

/// How often a device's `last_seen` is written at most: not on every tap.
const LAST_SEEN_RESOLUTION: Duration = Duration::seconds(60);

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

impl Repository {
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
            active_event: Set(None),
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

    /// Who is logging on this device from now on (remembered across restarts).
    pub async fn set_active_seller(&self, device: &str, seller_id: &str, now: DateTime<Utc>) -> Result<(), DbErr> {
        self.change_device_state(device, now, |row| row.active_seller = Set(Some(seller_id.to_string())))
            .await
    }

    /// Every device: those waiting for approval first (an admin opens the page to let
    /// them in), blocked ones last, each group the most recently seen first.
    pub async fn devices(&self) -> Result<Vec<device::Model>, DbErr> {
        let rank = |d: &device::Model| match d.status() {
            DeviceStatus::Pending => 0,
            DeviceStatus::Active => 1,
            DeviceStatus::Blocked => 2,
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
                (Field::DisplayName, before.display_name.clone(), Some(display))
            }
            DeviceChange::Seller(seller) => {
                row.active_seller = Set(seller.clone());
                (Field::Seller, before.active_seller.clone(), seller)
            }
            DeviceChange::Status(status) => {
                row.status = Set(status.as_str().into());
                (Field::Status, Some(before.status.clone()), Some(status.as_str().into()))
            }
            DeviceChange::Role(role) => {
                row.role = Set(role.as_str().into());
                (Field::Role, Some(before.role.clone()), Some(role.as_str().into()))
            }
        };
        let after = row.update(&txn).await?;
        if field == Field::Seller {
            super::events::note_device_state(&txn, &before, &after, now).await?;
        }
        let change = Change {
            field,
            before: old,
            after: new,
        };
        audit_in(
            &txn,
            actor,
            AuditSubject::Device,
            name,
            AuditAction::Edit,
            &[change],
            now,
        )
        .await?;
        txn.commit().await?;
        self.placement_changed();
        Ok(after)
    }
}
