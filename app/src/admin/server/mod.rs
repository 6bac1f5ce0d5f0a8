//! The admin pages' server half (server only): the admin check, a browse filter turned
//! into a checked query, names for keys and booth-local times; what each page loads and
//! each form changes is in `records`, `registry` and `events`. The server functions (`api`) and the
//! export (`server/src/export.rs`) call it alike.

pub mod events;
pub mod records;
pub mod registry;

use super::Filter;
use super::types::Choices;
use crate::error::AppError;
use crate::identity::Viewer;
use crate::server::AppState;
use crate::server::entities::{device, seller};
use crate::server::repo::{Actor, RecordQuery};
use crate::wire::Cursor;
use chrono::{DateTime, Utc};
use domain::{Hook, Lang, LeadType, Objection, Persona, SaleType, Stored};

/// The state and the caller, when the caller is an admin.
pub fn admin() -> Result<(AppState, Viewer), AppError> {
    Ok((crate::server::state()?, crate::server::require_admin()?))
}

pub fn actor(viewer: &Viewer) -> Actor<'_> {
    Actor {
        device: &viewer.device,
        seller_id: viewer.seller_id.as_deref(),
    }
}

pub fn milestone_id(id: &str) -> Result<i32, AppError> {
    id.trim()
        .parse()
        .map_err(|_| AppError::BadRequest("expected a milestone number".into()))
}

pub fn seller_name(name: &str) -> Result<String, AppError> {
    Ok(domain::seller::clean_name(name)?)
}

/// A stored value of an enumerated column (legacy ones may be searched for).
fn stored<E: Stored>(value: &Option<String>, parse: fn(&str) -> Option<E>) -> Result<Option<String>, AppError> {
    match value.as_deref() {
        None => Ok(None),
        Some(v) => parse(v)
            .map(|e| Some(e.as_str().to_string()))
            .ok_or_else(|| AppError::BadRequest(format!("{}: unknown value", E::FIELD))),
    }
}

/// The records a filter selects, checked: every value must be one the column may hold.
pub fn record_query(filter: &Filter, tz: &chrono_tz::Tz, now: DateTime<Utc>) -> Result<RecordQuery, AppError> {
    let (engaged, sales) = match filter.kind.as_deref() {
        None => (None, false),
        Some("engaged") => (Some(true), false),
        Some("walk_by") => (Some(false), false),
        Some("sales") => (None, true),
        Some(_) => return Err(AppError::BadRequest("type: engaged, walk_by or sales".into())),
    };
    let oldest_first = match filter.order.as_deref() {
        None | Some("newest") => false,
        Some("oldest") => true,
        Some(_) => return Err(AppError::BadRequest("order: newest or oldest".into())),
    };
    let id = |v: &Option<String>| match v.as_deref().map(str::trim) {
        Some(v) if v.chars().count() > 100 => Err(AppError::BadRequest("id too long".into())),
        other => Ok(other.filter(|v| !v.is_empty()).map(str::to_string)),
    };
    Ok(RecordQuery {
        period: crate::server::period(&filter.range, filter.from.as_deref(), filter.to.as_deref(), tz, now)?,
        engaged,
        sales,
        persona: stored(&filter.persona, Persona::parse)?,
        hook: stored(&filter.hook, Hook::parse)?,
        sale_type: stored(&filter.outcome, SaleType::parse)?,
        objection: stored(&filter.objection, Objection::parse)?,
        lead_type: stored(&filter.lead, LeadType::parse)?,
        seller_id: id(&filter.seller)?,
        device: id(&filter.device)?,
        event_id: id(&filter.event)?,
        has_notes: filter.notes,
        oldest_first,
    })
}

fn cursor(text: &str) -> Result<Cursor, AppError> {
    Cursor::decode(text).ok_or_else(|| AppError::BadRequest("unreadable list position".into()))
}

/// The sellers, devices and events, to show names instead of keys (the tables are small).
pub struct Names {
    sellers: Vec<seller::Model>,
    devices: Vec<device::Model>,
    pub events: Vec<crate::server::entities::event::Model>,
}
impl Names {
    pub async fn load(st: &AppState) -> Result<Names, AppError> {
        let (sellers, devices, events) = tokio::try_join!(st.repo.all_sellers(), st.repo.devices(), st.repo.events())?;
        Ok(Names {
            sellers,
            devices,
            events,
        })
    }

    /// An event's name (its id if it is gone).
    pub fn event(&self, id: &Option<String>) -> Option<String> {
        let id = id.as_ref()?;
        let found = self.events.iter().find(|e| &e.id == id);
        Some(found.map(|e| e.name.clone()).unwrap_or_else(|| id.clone()))
    }

    /// Every device, in the devices page's order (waiting for approval first).
    pub fn devices_in_order(&self) -> impl Iterator<Item = &device::Model> {
        self.devices.iter()
    }

    /// (id, name) of the sellers who still sell, by name: those a device may log as.
    pub fn active_sellers(&self) -> Vec<(String, String)> {
        self.sellers
            .iter()
            .filter(|s| s.is_active)
            .map(|s| (s.id.clone(), s.display_name.clone()))
            .collect()
    }

    /// A seller's name (their id if they are gone).
    pub fn seller(&self, id: &Option<String>) -> Option<String> {
        let id = id.as_ref()?;
        let found = self.sellers.iter().find(|s| &s.id == id);
        Some(found.map(|s| s.display_name.clone()).unwrap_or_else(|| id.clone()))
    }

    /// A device's name (its key if it has none).
    pub fn device_name(&self, key: &str) -> String {
        self.devices
            .iter()
            .find(|d| d.device_name == key)
            .and_then(|d| d.display_name.clone())
            .unwrap_or_else(|| key.to_string())
    }

    fn device(&self, key: &Option<String>) -> String {
        key.as_deref()
            .map(|k| self.device_name(k))
            .unwrap_or_else(|| "–".into())
    }

    fn choices(&self) -> Choices {
        Choices {
            sellers: self
                .sellers
                .iter()
                .map(|s| (s.id.clone(), s.display_name.clone(), s.is_active))
                .collect(),
            devices: self
                .devices
                .iter()
                .map(|d| (d.device_name.clone(), self.device_name(&d.device_name)))
                .collect(),
            events: self.events.iter().map(|e| (e.id.clone(), e.name.clone())).collect(),
        }
    }
}

/// Booth-local (day header, `HH:MM`).
fn local(st: &AppState, at: DateTime<Utc>, lang: Lang) -> (String, String) {
    let tz = &st.config.timezone;
    (
        domain::period::day_label(at.with_timezone(tz).date_naive(), lang),
        domain::period::clock(at, tz),
    )
}
