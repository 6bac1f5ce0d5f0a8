//! Server functions of the admin pages, each a few lines: the admin check (on the
//! server, whatever the page showed), the call to the server half, and where a plain
//! form post goes next.

use super::Filter;
#[cfg(feature = "ssr")]
use super::server::{self, events, records, registry};
use super::types::*;
use crate::error::AppError;
use crate::forms::Strict;
use leptos::prelude::*;

#[server(endpoint = "admin_browse")]
pub async fn admin_browse(
    #[server(default)] filter: Filter,
    #[server(default)] at: BrowseAt,
) -> Result<BrowseData, AppError> {
    let (st, _) = server::admin()?;
    records::browse(&st, filter, at).await
}

#[server(endpoint = "admin_record")]
pub async fn admin_record(id: String) -> Result<RecordData, AppError> {
    let (st, _) = server::admin()?;
    records::record(&st, crate::server::parse_uuid(&id)?).await
}

#[server(endpoint = "admin_update_record")]
pub async fn admin_update_record(#[server(flatten)] form: Strict<EditForm>) -> Result<(), AppError> {
    let (st, viewer) = server::admin()?;
    let id = records::update_record(&st, &viewer, form.0).await?;
    leptos_axum::redirect(&format!("/admin/record/{id}?saved=1"));
    Ok(())
}

#[server(endpoint = "admin_delete_record")]
pub async fn admin_delete_record(#[server(flatten)] form: Strict<IdForm>) -> Result<(), AppError> {
    let (st, viewer) = server::admin()?;
    let id = records::delete(&st, &viewer, &form.0.id).await?;
    leptos_axum::redirect(&format!("/admin?deleted={id}"));
    Ok(())
}

#[server(endpoint = "admin_restore_record")]
pub async fn admin_restore_record(#[server(flatten)] form: Strict<IdForm>) -> Result<(), AppError> {
    let (st, viewer) = server::admin()?;
    let id = records::restore(&st, &viewer, &form.0.id).await?;
    leptos_axum::redirect(&format!("/admin/record/{id}?restored=1"));
    Ok(())
}

#[server(endpoint = "admin_purge_record")]
pub async fn admin_purge_record(#[server(flatten)] form: Strict<PurgeForm>) -> Result<(), AppError> {
    let (st, viewer) = server::admin()?;
    records::purge(&st, &viewer, form.0).await?;
    leptos_axum::redirect("/admin/trash?purged=1");
    Ok(())
}

#[server(endpoint = "admin_trash")]
pub async fn admin_trash(#[server(default)] event: Option<String>) -> Result<TrashData, AppError> {
    let (st, _) = server::admin()?;
    records::trash(&st, event).await
}

#[server(endpoint = "admin_set_trash_retention")]
pub async fn admin_set_trash_retention(#[server(flatten)] form: Strict<RetentionForm>) -> Result<(), AppError> {
    let (st, viewer) = server::admin()?;
    records::set_trash_retention(&st, &viewer, form.0).await?;
    leptos_axum::redirect("/admin/trash?saved=1");
    Ok(())
}

#[server(endpoint = "admin_milestone")]
pub async fn admin_milestone(id: String, window: Option<String>) -> Result<MilestoneData, AppError> {
    let (st, _) = server::admin()?;
    let hours = domain::insight::window_hours(window.as_deref())?;
    records::milestone(&st, server::milestone_id(&id)?, hours).await
}

#[server(endpoint = "admin_update_milestone")]
pub async fn admin_update_milestone(#[server(flatten)] form: Strict<MilestoneForm>) -> Result<(), AppError> {
    let (st, viewer) = server::admin()?;
    let id = records::update_milestone(&st, &viewer, form.0).await?;
    leptos_axum::redirect(&format!("/admin/milestone/{id}?saved=1"));
    Ok(())
}

#[server(endpoint = "admin_delete_milestone")]
pub async fn admin_delete_milestone(#[server(flatten)] form: Strict<IdForm>) -> Result<(), AppError> {
    let (st, viewer) = server::admin()?;
    records::delete_milestone(&st, &viewer, &form.0.id).await?;
    leptos_axum::redirect("/admin?milestone_deleted=1");
    Ok(())
}

#[server(endpoint = "admin_sellers")]
pub async fn admin_sellers() -> Result<SellersData, AppError> {
    let (st, _) = server::admin()?;
    registry::sellers(&st).await
}

#[server(endpoint = "admin_add_seller")]
pub async fn admin_add_seller(#[server(flatten)] form: Strict<NameForm>) -> Result<(), AppError> {
    let (st, viewer) = server::admin()?;
    let id = registry::add_seller(&st, &viewer, &form.0.name).await?;
    leptos_axum::redirect(&format!("/admin/sellers?added={}", crate::wire::encode(&id)));
    Ok(())
}

#[server(endpoint = "admin_rename_seller")]
pub async fn admin_rename_seller(#[server(flatten)] form: Strict<RenameForm>) -> Result<(), AppError> {
    let (st, viewer) = server::admin()?;
    registry::rename_seller(&st, &viewer, form.0).await?;
    leptos_axum::redirect("/admin/sellers?saved=1");
    Ok(())
}

#[server(endpoint = "admin_set_seller_active")]
pub async fn admin_set_seller_active(#[server(flatten)] form: Strict<ActiveForm>) -> Result<(), AppError> {
    let (st, viewer) = server::admin()?;
    registry::set_seller_active(&st, &viewer, form.0).await?;
    leptos_axum::redirect("/admin/sellers?saved=1");
    Ok(())
}

#[server(endpoint = "admin_devices")]
pub async fn admin_devices() -> Result<DevicesData, AppError> {
    let (st, viewer) = server::admin()?;
    registry::devices(&st, &viewer).await
}

#[server(endpoint = "admin_change_device")]
pub async fn admin_change_device(#[server(flatten)] form: Strict<DeviceForm>) -> Result<(), AppError> {
    let (st, viewer) = server::admin()?;
    registry::change_device(&st, &viewer, form.0).await?;
    leptos_axum::redirect("/admin/devices?saved=1");
    Ok(())
}

#[server(endpoint = "admin_events")]
pub async fn admin_events() -> Result<EventsData, AppError> {
    let (st, _) = server::admin()?;
    events::events(&st).await
}

#[server(endpoint = "admin_save_event")]
pub async fn admin_save_event(#[server(flatten)] form: Strict<domain::event::EventDraft>) -> Result<(), AppError> {
    let (st, viewer) = server::admin()?;
    let id = events::save_event(&st, &viewer, form.0).await?;
    leptos_axum::redirect(&format!("/admin/events?saved={}", crate::wire::encode(&id)));
    Ok(())
}

#[server(endpoint = "admin_event_action")]
pub async fn admin_event_action(#[server(flatten)] form: Strict<EventActionForm>) -> Result<(), AppError> {
    let (st, viewer) = server::admin()?;
    events::event_action(&st, &viewer, form.0).await?;
    leptos_axum::redirect("/admin/events?saved=1");
    Ok(())
}
