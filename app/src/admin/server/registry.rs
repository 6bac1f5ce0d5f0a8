//! Sellers and devices for the admin pages: the lists, adding, renaming and
//! (de)activating sellers, and every change to a device.

use super::super::types::*;
use super::{Names, actor, seller_name};
use crate::error::{AppError, Conflict};
use crate::identity::Viewer;
use crate::server::AppState;
use crate::server::repo::{DeviceChange, DeviceError};
use chrono::{DateTime, Utc};
use domain::{DeviceAction, DeviceRole, DeviceStatus};

pub async fn sellers(st: &AppState) -> Result<SellersData, AppError> {
    let lang = crate::server::request_lang();
    let today = domain::period::day(Utc::now(), &st.config.timezone);
    let summaries = async { Ok::<_, AppError>(st.repo.seller_summaries(today).await?) };
    let (summaries, names) = tokio::try_join!(summaries, Names::load(st))?;
    Ok(SellersData {
        lang,
        sellers: summaries
            .into_iter()
            .map(|s| SellerRow {
                id: s.seller.id,
                name: s.seller.display_name,
                active: s.seller.is_active,
                last_device: s.last_device.map(|d| names.device_name(&d)),
                today: s.today,
            })
            .collect(),
    })
}

pub async fn devices(st: &AppState, viewer: &Viewer) -> Result<DevicesData, AppError> {
    let lang = crate::server::request_lang();
    // The names hold every device and seller already: one read of each table.
    let names = Names::load(st).await?;
    let sellers = names.active_sellers();
    let now = Utc::now();
    let ago = |t: Option<DateTime<Utc>>| t.map(|t| domain::period::ago((now - t).num_seconds(), lang));
    Ok(DevicesData {
        lang,
        devices: names
            .devices_in_order()
            .map(|d| DeviceRow {
                configured_admin: d
                    .machine_name
                    .as_ref()
                    .is_some_and(|m| st.config.admin_devices.contains(m)),
                is_me: d.device_name == viewer.device,
                name: d.display_name.clone().unwrap_or_else(|| d.device_name.clone()),
                seller: names.seller(&d.active_seller),
                seller_id: d.active_seller.clone(),
                first_seen: ago(d.first_seen),
                last_seen: ago(d.last_seen),
                key: d.device_name.clone(),
                machine: d.machine_name.clone(),
                status: d.status(),
                role: d.role(),
            })
            .collect(),
        sellers,
    })
}

pub async fn change_device(st: &AppState, viewer: &Viewer, form: DeviceForm) -> Result<(), AppError> {
    let key = form.device.trim();
    let device = st.repo.device(key).await?.ok_or(AppError::NotFound)?;
    let value = form.value.as_deref().map(str::trim).filter(|v| !v.is_empty());
    let change = match form.action {
        DeviceAction::Rename => DeviceChange::Rename(domain::seller::clean_name(value.unwrap_or(""))?),
        DeviceAction::Seller => match value {
            None => DeviceChange::Seller(None),
            Some(id) => {
                let seller = st.repo.seller(id).await?.filter(|s| s.is_active);
                DeviceChange::Seller(Some(seller.ok_or(AppError::NotFound)?.id))
            }
        },
        DeviceAction::Approve | DeviceAction::Unblock => DeviceChange::Status(DeviceStatus::Active),
        DeviceAction::Block if device.device_name == viewer.device => {
            return Err(AppError::Conflict(Conflict::OwnDevice));
        }
        DeviceAction::Block => DeviceChange::Status(DeviceStatus::Blocked),
        DeviceAction::Admin => DeviceChange::Role(DeviceRole::Admin),
        DeviceAction::Staff => {
            let configured = device
                .machine_name
                .as_ref()
                .is_some_and(|m| st.config.admin_devices.contains(m));
            if configured {
                return Err(AppError::Conflict(Conflict::ConfiguredAdmin));
            }
            DeviceChange::Role(DeviceRole::Staff)
        }
    };
    st.repo
        .change_device(key, change, actor(viewer))
        .await
        .map_err(|e| match e {
            DeviceError::NotFound => AppError::NotFound,
            DeviceError::LastAdmin => AppError::Conflict(Conflict::LastAdmin),
            DeviceError::Db(db) => db.into(),
        })?;
    // The device's next request sees its new status, role or seller at once.
    st.identity.forget_device(key);
    Ok(())
}

/// Adds a seller by name (the id is made on the server); their id.
pub async fn add_seller(st: &AppState, viewer: &Viewer, name: &str) -> Result<String, AppError> {
    let name = seller_name(name)?;
    Ok(st.repo.add_seller(&name, Utc::now(), actor(viewer)).await?.id)
}

pub async fn rename_seller(st: &AppState, viewer: &Viewer, form: RenameForm) -> Result<(), AppError> {
    let name = seller_name(&form.name)?;
    if !st.repo.rename_seller(form.id.trim(), &name, actor(viewer)).await? {
        return Err(AppError::NotFound);
    }
    // Devices logging as them show the new name at once.
    st.identity.forget_all();
    Ok(())
}

/// Deactivates or reactivates a seller; the phones logging as them stop at once.
pub async fn set_seller_active(st: &AppState, viewer: &Viewer, form: ActiveForm) -> Result<(), AppError> {
    let active = match form.active.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::BadRequest("active: true or false".into())),
    };
    let Some(released) = st.repo.set_seller_active(form.id.trim(), active, actor(viewer)).await? else {
        return Err(AppError::NotFound);
    };
    for device in released {
        st.identity.forget_device(&device);
    }
    Ok(())
}
