//! Server functions of the admin pages. Every one starts with [`admin`]: identity, then
//! the admin role, checked here on the server whatever the page showed.

use super::Filter;
use crate::error::AppError;
use crate::forms::Strict;
use crate::wire::Cursor;
use chrono::{DateTime, Utc};
use domain::Lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One line of the browse timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Item {
    Record(RecordRow),
    Milestone(MilestoneRow),
}

impl Item {
    /// The booth-local day it belongs to, as its header reads.
    pub fn day(&self) -> &str {
        match self {
            Item::Record(r) => &r.day,
            Item::Milestone(m) => &m.day,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordRow {
    pub id: Uuid,
    pub cursor: Cursor,
    pub day: String,
    /// Booth-local `HH:MM`.
    pub time: String,
    /// "Parent → Physical Kits · 2× Single @ ฿990 = ฿1,980 · LINE signup".
    pub summary: String,
    /// `walk-by`, `sale`, `no-sale` or `conversation`: how the row is marked.
    pub tone: String,
    pub seller: Option<String>,
    pub device: String,
    /// The start of the notes, if any.
    pub notes: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneRow {
    pub id: i32,
    pub day: String,
    pub time: String,
    pub text: String,
    pub seller: Option<String>,
    pub device: String,
}

/// Records browse counts at most: a page then costs the same whatever the table's size
/// (the Stats screen and the export have every number).
pub const COUNT_CAP: u64 = 10_000;

/// A count that may have stopped at [`COUNT_CAP`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub n: i64,
    /// More match than `n`.
    pub more: bool,
}

impl Count {
    /// "128", or "10,000+".
    pub fn shown(self) -> String {
        let n = domain::money::group_thousands(self.n.unsigned_abs());
        if self.more { format!("{n}+") } else { n }
    }
}

/// What the filter's pickers offer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Choices {
    /// (id, name, active)
    pub sellers: Vec<(String, String, bool)>,
    /// (key, name shown)
    pub devices: Vec<(String, String)>,
}

/// Where a browse page starts: the top, after a record (load more), or the top down to
/// a record (a refresh that keeps the reader's place; `more` adds the page after it).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BrowseAt {
    pub after: Option<String>,
    pub through: Option<String>,
    pub more: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BrowseData {
    pub lang: Lang,
    pub filter: Filter,
    /// Records and milestones in browse order.
    pub items: Vec<Item>,
    /// The last record's place, when more records follow it.
    pub next: Option<Cursor>,
    /// How many records match (not counted again for a "load more").
    pub total: Option<Count>,
    pub choices: Option<Choices>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub when: String,
    pub who: String,
    pub action: String,
    pub changes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordData {
    pub lang: Lang,
    pub id: Uuid,
    /// `updated_at` when loaded: an edit applies only if the record is still so.
    pub version: Option<DateTime<Utc>>,
    /// "Fri 19 Dec 2025 · 14:05".
    pub when: String,
    /// Booth-local `YYYY-MM-DDTHH:MM`, for the time field.
    pub at_local: String,
    pub engaged: bool,
    pub persona: Option<String>,
    pub hook: Option<String>,
    pub sale_type: Option<String>,
    pub quantity: Option<i32>,
    pub unit_price: Option<i64>,
    pub total: Option<i64>,
    pub objection: Option<String>,
    pub lead_type: Option<String>,
    pub notes: Option<String>,
    pub summary: String,
    pub seller_id: Option<String>,
    pub device: String,
    pub device_name: String,
    pub deleted: Option<String>,
    pub history: Vec<HistoryEntry>,
    /// (id, name) of every seller, to reassign the record.
    pub sellers: Vec<(String, String)>,
}

/// The edit form of a record. Everything arrives as text and is checked on the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditForm {
    pub id: String,
    pub version: Option<String>,
    /// `walk_by` or `conversation`.
    pub kind: String,
    pub persona: Option<String>,
    pub hook: Option<String>,
    pub sale: Option<String>,
    pub qty: Option<String>,
    pub price: Option<String>,
    pub objection: Option<String>,
    pub lead: Option<String>,
    pub notes: Option<String>,
    /// Booth-local `YYYY-MM-DDTHH:MM`; the time changes only if this differs from `at_was`.
    pub at: Option<String>,
    pub at_was: Option<String>,
    pub seller: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdForm {
    pub id: String,
}

/// Deleting for good needs the confirmation card's own field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurgeForm {
    pub id: String,
    pub confirm: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrashRow {
    pub id: Uuid,
    pub summary: String,
    pub recorded: String,
    /// "deleted 2 h ago".
    pub deleted: String,
    /// The booth-local day it goes for good, when automatic emptying covers it.
    pub goes: Option<String>,
    pub seller: Option<String>,
    pub device: String,
}

/// Automatic emptying, as an admin turned it on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RetentionShown {
    pub days: u32,
    /// The booth-local day it was turned on.
    pub since: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrashData {
    pub lang: Lang,
    pub rows: Vec<TrashRow>,
    pub total: i64,
    /// `None`: off, records stay until an admin deletes them.
    pub retention: Option<RetentionShown>,
}

/// Automatic emptying: `days` one of `domain::trash::RETENTION_CHOICES`, or `off`.
/// Turning it on or changing it needs the confirmation card's own field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionForm {
    pub days: String,
    pub confirm: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneData {
    pub lang: Lang,
    pub id: i32,
    pub text: String,
    pub when: String,
    pub at_local: String,
    pub seller: Option<String>,
    pub device: String,
    pub history: Vec<HistoryEntry>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneForm {
    pub id: String,
    pub description: String,
    pub at: Option<String>,
    pub at_was: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SellerRow {
    pub id: String,
    pub name: String,
    pub active: bool,
    pub last_device: Option<String>,
    pub today: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SellersData {
    pub lang: Lang,
    pub sellers: Vec<SellerRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameForm {
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenameForm {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActiveForm {
    pub id: String,
    /// `true` or `false`.
    pub active: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceRow {
    pub key: String,
    pub machine: Option<String>,
    pub name: String,
    pub status: String,
    pub role: String,
    pub seller_id: Option<String>,
    pub seller: Option<String>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// An admin by configuration: the role cannot be taken away here.
    pub configured_admin: bool,
    pub is_me: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DevicesData {
    pub lang: Lang,
    pub devices: Vec<DeviceRow>,
    /// (id, name) of the active sellers, to assign.
    pub sellers: Vec<(String, String)>,
}

/// One change to a device: `rename` (value: the name), `seller` (value: a seller id, or
/// nothing), `approve`, `block`, `unblock`, `admin`, `staff`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceForm {
    pub device: String,
    pub action: String,
    pub value: Option<String>,
}

#[server(endpoint = "admin_browse")]
pub async fn admin_browse(
    #[server(default)] filter: Filter,
    #[server(default)] at: BrowseAt,
) -> Result<BrowseData, AppError> {
    let (st, _) = ssr::admin()?;
    ssr::browse(&st, filter, at).await
}

#[server(endpoint = "admin_record")]
pub async fn admin_record(id: String) -> Result<RecordData, AppError> {
    let (st, _) = ssr::admin()?;
    ssr::record(&st, crate::server::parse_uuid(&id)?).await
}

#[server(endpoint = "admin_update_record")]
pub async fn admin_update_record(#[server(flatten)] form: Strict<EditForm>) -> Result<(), AppError> {
    let (st, viewer) = ssr::admin()?;
    let id = ssr::update_record(&st, &viewer, form.0).await?;
    st.live.notify();
    leptos_axum::redirect(&format!("/admin/record/{id}?saved=1"));
    Ok(())
}

#[server(endpoint = "admin_delete_record")]
pub async fn admin_delete_record(#[server(flatten)] form: Strict<IdForm>) -> Result<(), AppError> {
    let (st, viewer) = ssr::admin()?;
    let id = crate::server::parse_uuid(&form.0.id)?;
    if !st.repo.set_deleted(id, true, ssr::actor(&viewer)).await? {
        return Err(AppError::NotFound);
    }
    st.live.notify();
    leptos_axum::redirect(&format!("/admin?deleted={id}"));
    Ok(())
}

#[server(endpoint = "admin_restore_record")]
pub async fn admin_restore_record(#[server(flatten)] form: Strict<IdForm>) -> Result<(), AppError> {
    let (st, viewer) = ssr::admin()?;
    let id = crate::server::parse_uuid(&form.0.id)?;
    if !st.repo.set_deleted(id, false, ssr::actor(&viewer)).await? {
        return Err(AppError::Conflict(crate::error::Conflict::NotInTrash));
    }
    st.live.notify();
    leptos_axum::redirect(&format!("/admin/record/{id}?restored=1"));
    Ok(())
}

#[server(endpoint = "admin_purge_record")]
pub async fn admin_purge_record(#[server(flatten)] form: Strict<PurgeForm>) -> Result<(), AppError> {
    let (st, viewer) = ssr::admin()?;
    if form.0.confirm != "yes" {
        return Err(AppError::BadRequest("confirm=yes is required".into()));
    }
    let id = crate::server::parse_uuid(&form.0.id)?;
    if !st.repo.purge_interaction(id, ssr::actor(&viewer)).await? {
        return Err(AppError::Conflict(crate::error::Conflict::NotInTrash));
    }
    st.live.notify();
    leptos_axum::redirect("/admin/trash?purged=1");
    Ok(())
}

#[server(endpoint = "admin_trash")]
pub async fn admin_trash() -> Result<TrashData, AppError> {
    let (st, _) = ssr::admin()?;
    ssr::trash(&st).await
}

#[server(endpoint = "admin_set_trash_retention")]
pub async fn admin_set_trash_retention(#[server(flatten)] form: Strict<RetentionForm>) -> Result<(), AppError> {
    let (st, viewer) = ssr::admin()?;
    let days = match form.0.days.trim() {
        "off" => None,
        n => match n.parse::<u32>() {
            Ok(days) if domain::trash::Retention::is_allowed(days) => Some(days),
            _ => return Err(AppError::BadRequest("days: off or one of the offered periods".into())),
        },
    };
    if days.is_some() && form.0.confirm.as_deref() != Some("yes") {
        return Err(AppError::BadRequest("confirm=yes is required".into()));
    }
    st.repo
        .set_trash_retention(days, Utc::now(), ssr::actor(&viewer))
        .await?;
    st.live.notify();
    leptos_axum::redirect("/admin/trash?saved=1");
    Ok(())
}

#[server(endpoint = "admin_milestone")]
pub async fn admin_milestone(id: String) -> Result<MilestoneData, AppError> {
    let (st, _) = ssr::admin()?;
    let id = ssr::milestone_id(&id)?;
    ssr::milestone(&st, id).await
}

#[server(endpoint = "admin_update_milestone")]
pub async fn admin_update_milestone(#[server(flatten)] form: Strict<MilestoneForm>) -> Result<(), AppError> {
    let (st, viewer) = ssr::admin()?;
    let id = ssr::update_milestone(&st, &viewer, form.0).await?;
    st.live.notify();
    leptos_axum::redirect(&format!("/admin/milestone/{id}?saved=1"));
    Ok(())
}

#[server(endpoint = "admin_delete_milestone")]
pub async fn admin_delete_milestone(#[server(flatten)] form: Strict<IdForm>) -> Result<(), AppError> {
    let (st, viewer) = ssr::admin()?;
    let id = ssr::milestone_id(&form.0.id)?;
    if !st.repo.delete_milestone(id, ssr::actor(&viewer)).await? {
        return Err(AppError::NotFound);
    }
    st.live.notify();
    leptos_axum::redirect("/admin?milestone_deleted=1");
    Ok(())
}

#[server(endpoint = "admin_sellers")]
pub async fn admin_sellers() -> Result<SellersData, AppError> {
    let (st, _) = ssr::admin()?;
    ssr::sellers(&st).await
}

#[server(endpoint = "admin_add_seller")]
pub async fn admin_add_seller(#[server(flatten)] form: Strict<NameForm>) -> Result<(), AppError> {
    let (st, viewer) = ssr::admin()?;
    let name = ssr::seller_name(&form.0.name)?;
    let seller = st.repo.add_seller(&name, Utc::now(), ssr::actor(&viewer)).await?;
    st.live.notify();
    leptos_axum::redirect(&format!("/admin/sellers?added={}", crate::wire::encode(&seller.id)));
    Ok(())
}

#[server(endpoint = "admin_rename_seller")]
pub async fn admin_rename_seller(#[server(flatten)] form: Strict<RenameForm>) -> Result<(), AppError> {
    let (st, viewer) = ssr::admin()?;
    let name = ssr::seller_name(&form.0.name)?;
    if !st
        .repo
        .rename_seller(form.0.id.trim(), &name, ssr::actor(&viewer))
        .await?
    {
        return Err(AppError::NotFound);
    }
    // Devices logging as them show the new name at once.
    st.identity.forget_all();
    st.live.notify();
    leptos_axum::redirect("/admin/sellers?saved=1");
    Ok(())
}

#[server(endpoint = "admin_set_seller_active")]
pub async fn admin_set_seller_active(#[server(flatten)] form: Strict<ActiveForm>) -> Result<(), AppError> {
    let (st, viewer) = ssr::admin()?;
    let active = match form.0.active.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::BadRequest("active: true or false".into())),
    };
    let Some(released) = st
        .repo
        .set_seller_active(form.0.id.trim(), active, ssr::actor(&viewer))
        .await?
    else {
        return Err(AppError::NotFound);
    };
    for device in released {
        st.identity.forget_device(&device);
    }
    st.live.notify();
    leptos_axum::redirect("/admin/sellers?saved=1");
    Ok(())
}

#[server(endpoint = "admin_devices")]
pub async fn admin_devices() -> Result<DevicesData, AppError> {
    let (st, viewer) = ssr::admin()?;
    ssr::devices(&st, &viewer).await
}

#[server(endpoint = "admin_change_device")]
pub async fn admin_change_device(#[server(flatten)] form: Strict<DeviceForm>) -> Result<(), AppError> {
    let (st, viewer) = ssr::admin()?;
    ssr::change_device(&st, &viewer, form.0).await?;
    st.live.notify();
    leptos_axum::redirect("/admin/devices?saved=1");
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::error::Conflict;
    use crate::identity::Viewer;
    use crate::server::AppState;
    use crate::server::entities::{audit, booth_event, device, interaction, seller};
    use crate::server::repo::{Actor, DeviceChange, DeviceError, Edit, EditError, RecordQuery, Window, cursor_of};
    use domain::history::Change;
    use domain::rules::Field;
    use domain::{DeviceRole, DeviceStatus, Hook, LeadType, Objection, Persona, SaleType, Stored};

    /// The state and the caller, when the caller is an admin.
    pub fn admin() -> Result<(AppState, Viewer), AppError> {
        let st = crate::server::state()?;
        let viewer = crate::server::viewer()?;
        if viewer.role != DeviceRole::Admin {
            return Err(AppError::AdminOnly);
        }
        Ok((st, viewer))
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
            has_notes: filter.notes,
            oldest_first,
        })
    }

    fn cursor(text: &str) -> Result<Cursor, AppError> {
        Cursor::decode(text).ok_or_else(|| AppError::BadRequest("unreadable list position".into()))
    }

    /// The sellers and devices, to show names instead of keys (both tables are small).
    pub struct Names {
        sellers: Vec<seller::Model>,
        devices: Vec<device::Model>,
    }

    impl Names {
        pub async fn load(st: &AppState) -> Result<Names, AppError> {
            let (sellers, devices) = tokio::try_join!(st.repo.all_sellers(), st.repo.devices())?;
            Ok(Names { sellers, devices })
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
            }
        }
    }

    /// Booth-local (day header, `HH:MM`).
    fn local(st: &AppState, at: DateTime<Utc>, lang: Lang) -> (String, String) {
        let local = at.with_timezone(&st.config.timezone);
        (
            domain::period::day_label(local.date_naive(), lang),
            local.format("%H:%M").to_string(),
        )
    }

    fn record_row(st: &AppState, names: &Names, row: &interaction::Model, lang: Lang) -> RecordRow {
        let record = row.to_domain();
        let (day, time) = local(st, row.timestamp, lang);
        let tone = match record.sale_type {
            _ if !record.engaged => "walk-by",
            Some(SaleType::None) => "no-sale",
            Some(_) => "sale",
            None => "conversation",
        };
        RecordRow {
            id: row.id,
            cursor: cursor_of(row),
            day,
            time,
            summary: domain::describe(&record, lang),
            tone: tone.into(),
            seller: names.seller(&row.seller_id),
            device: names.device(&row.staff_device),
            notes: row.notes.as_ref().map(|n| {
                let excerpt: String = n.chars().take(120).collect();
                if excerpt.len() < n.len() {
                    format!("{excerpt}…")
                } else {
                    excerpt
                }
            }),
        }
    }

    pub async fn browse(st: &AppState, filter: Filter, at: BrowseAt) -> Result<BrowseData, AppError> {
        let lang = crate::server::request_lang();
        let query = record_query(&filter, &st.config.timezone, Utc::now())?;
        let page = super::super::PAGE_SIZE;
        let window = match (&at.after, &at.through) {
            (Some(after), None) => Window::After(cursor(after)?),
            (None, Some(through)) => Window::Through(cursor(through)?),
            (None, None) => Window::First,
            (Some(_), Some(_)) => return Err(AppError::BadRequest("after or through, not both".into())),
        };
        // A page and whether more follow: one row more than a page is read to know.
        let query = &query;
        let page_after = |w: Window| async move {
            let mut rows = st.repo.records(query, w, page + 1).await?;
            let more = rows.len() as u64 > page;
            rows.truncate(page as usize);
            Ok::<_, AppError>((rows, more))
        };
        let (rows, more) = match window {
            Window::Through(c) => {
                let mut rows = st.repo.records(query, window, page).await?;
                let (next, next_has_more) = page_after(Window::After(c)).await?;
                let more = if at.more { next_has_more } else { !next.is_empty() };
                if at.more {
                    rows.extend(next);
                }
                (rows, more)
            }
            w => page_after(w).await?,
        };
        let names = Names::load(st).await?;
        let next = rows.last().filter(|_| more).map(cursor_of);
        // Milestones in the stretch of time these rows cover (the whole period for a
        // page that ends the list), unless the filter is about records' contents.
        let milestones = if query.about_contents() {
            Vec::new()
        } else {
            let (range_from, range_to) = (query.period.map(|p| p.0), query.period.map(|p| p.1));
            let top = match window {
                Window::After(c) => Some(c.at),
                _ => None,
            };
            let bottom = next.map(|c| c.at);
            let (from, to) = if query.oldest_first {
                (top.or(range_from), bottom.or(range_to))
            } else {
                (bottom.or(range_from), top.or(range_to))
            };
            st.repo
                .milestones_between(from, to, query.seller_id.as_deref(), query.device.as_deref())
                .await?
        };
        let items = interleave(st, &names, &rows, &milestones, query.oldest_first, lang);
        // A list from the top (not a "load more") says how many match in all.
        let (total, choices) = if !matches!(window, Window::After(_)) {
            let (n, more) = st.repo.count_records(query, COUNT_CAP).await?;
            (Some(Count { n, more }), Some(names.choices()))
        } else {
            (None, None)
        };
        Ok(BrowseData {
            lang,
            filter,
            items,
            next,
            total,
            choices,
        })
    }

    /// Records and milestones merged in browse order.
    fn interleave(
        st: &AppState,
        names: &Names,
        rows: &[interaction::Model],
        milestones: &[booth_event::Model],
        oldest_first: bool,
        lang: Lang,
    ) -> Vec<Item> {
        let mut timed: Vec<(DateTime<Utc>, Item)> = rows
            .iter()
            .map(|r| (r.timestamp, Item::Record(record_row(st, names, r, lang))))
            .collect();
        for m in milestones {
            let (day, time) = local(st, m.timestamp, lang);
            let row = MilestoneRow {
                id: m.id,
                day,
                time,
                text: m.description.clone(),
                seller: names.seller(&m.seller_id),
                device: names.device(&m.staff_device),
            };
            timed.push((m.timestamp, Item::Milestone(row)));
        }
        // Stable: records keep their id order within one instant.
        timed.sort_by(|a, b| if oldest_first { a.0.cmp(&b.0) } else { b.0.cmp(&a.0) });
        timed.into_iter().map(|(_, item)| item).collect()
    }

    fn history_entries(st: &AppState, names: &Names, rows: Vec<audit::Model>, lang: Lang) -> Vec<HistoryEntry> {
        use domain::Text;
        rows.into_iter()
            .map(|a| {
                let (day, time) = local(st, a.at, lang);
                let action = match a.action.as_str() {
                    "edit" => Text::new("Edited", "แก้ไข"),
                    "delete" => Text::new("Deleted", "ลบ"),
                    "restore" => Text::new("Restored", "กู้คืน"),
                    "undo" => Text::new("Taken back by its device", "ยกเลิกโดยเครื่องที่บันทึก"),
                    "create" => Text::new("Created", "สร้าง"),
                    _ => Text::new("Changed", "เปลี่ยนแปลง"),
                };
                let changes: Vec<Change> = a
                    .changes
                    .and_then(|c| serde_json::from_value(c).ok())
                    .unwrap_or_default();
                let who = match (&a.device, names.seller(&a.seller_id)) {
                    (None, _) => "Lumicello".to_string(),
                    (device, Some(seller)) => format!("{} ({seller})", names.device(device)),
                    (device, None) => names.device(device),
                };
                HistoryEntry {
                    when: format!("{day} · {time}"),
                    who,
                    action: action.get(lang).to_string(),
                    changes: changes.iter().map(|c| c.describe(lang)).collect(),
                }
            })
            .collect()
    }

    pub async fn record(st: &AppState, id: Uuid) -> Result<RecordData, AppError> {
        let lang = crate::server::request_lang();
        let row = st.repo.interaction(id).await?.ok_or(AppError::NotFound)?;
        let names = Names::load(st).await?;
        let history = st.repo.history("interaction", &id.to_string()).await?;
        let (day, time) = local(st, row.timestamp, lang);
        let now = Utc::now();
        Ok(RecordData {
            lang,
            id,
            version: row.updated_at,
            when: format!("{day} · {time}"),
            at_local: domain::period::format_local(row.timestamp, &st.config.timezone),
            engaged: row.engaged,
            summary: domain::describe(&row.to_domain(), lang),
            persona: row.persona.clone(),
            hook: row.hook.clone(),
            sale_type: row.sale_type.clone(),
            quantity: row.quantity,
            unit_price: row.unit_price.map(i64::from),
            total: row.total_amount.map(i64::from),
            objection: row.objection.clone(),
            lead_type: row.lead_type.clone(),
            notes: row.notes.clone(),
            seller_id: row.seller_id.clone(),
            device: row.staff_device.clone().unwrap_or_default(),
            device_name: names.device(&row.staff_device),
            deleted: row
                .deleted_at
                .map(|at| domain::period::ago((now - at).num_seconds(), lang)),
            history: history_entries(st, &names, history, lang),
            sellers: names
                .sellers
                .iter()
                .map(|s| (s.id.clone(), s.display_name.clone()))
                .collect(),
        })
    }

    /// A form's time field: unchanged (`at == at_was`, or empty) keeps the stored time to
    /// the second; a changed one is checked like any move of a record's time.
    fn edited_time(
        st: &AppState,
        at: &Option<String>,
        at_was: &Option<String>,
        stored: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, AppError> {
        let at = at.as_deref().map(str::trim).filter(|a| !a.is_empty());
        match at {
            None => Ok(stored),
            Some(a) if Some(a) == at_was.as_deref().map(str::trim) => Ok(stored),
            Some(a) => {
                let to = domain::period::parse_local(a, &st.config.timezone).ok_or(domain::RuleViolation::BadTime)?;
                domain::rules::check_moved_timestamp(to, stored, Utc::now())?;
                Ok(to)
            }
        }
    }

    pub async fn update_record(st: &AppState, viewer: &Viewer, form: EditForm) -> Result<Uuid, AppError> {
        let id = crate::server::parse_uuid(&form.id)?;
        let version = match form.version.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => None,
            Some(v) => Some(
                DateTime::parse_from_rfc3339(v)
                    .map_err(|_| AppError::BadRequest("version: a time".into()))?
                    .with_timezone(&Utc),
            ),
        };
        let row = st.repo.interaction(id).await?.ok_or(AppError::NotFound)?;
        if row.deleted_at.is_some() {
            return Err(AppError::Conflict(Conflict::Changed));
        }
        let engaged = match form.kind.as_str() {
            "walk_by" => false,
            "conversation" => true,
            _ => return Err(AppError::BadRequest("kind: walk_by or conversation".into())),
        };
        let draft = domain::Draft {
            engaged,
            persona: form.persona,
            hook: form.hook,
            sale_type: form.sale,
            quantity: domain::rules::form_quantity(form.qty.as_deref())?,
            unit_price: domain::rules::form_number(form.price.as_deref(), Field::UnitPrice)?,
            lead_type: form.lead,
            objection: form.objection,
            notes: form.notes,
        }
        .applicable();
        let before = row.to_domain();
        let record = domain::rules::check_edit(&draft, &before)?;
        let at = edited_time(st, &form.at, &form.at_was, row.timestamp)?;
        let seller = form.seller.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        if seller.is_some()
            && seller != row.seller_id
            && st.repo.seller(seller.as_deref().unwrap_or("")).await?.is_none()
        {
            return Err(AppError::BadRequest("seller: unknown".into()));
        }
        let mut changes = domain::history::diff(&before, &record);
        let tz = &st.config.timezone;
        if at != row.timestamp {
            let shown = |t: DateTime<Utc>| Some(t.with_timezone(tz).format("%Y-%m-%d %H:%M").to_string());
            changes.insert(
                0,
                Change {
                    field: Field::Timestamp,
                    before: shown(row.timestamp),
                    after: shown(at),
                },
            );
        }
        if seller != row.seller_id {
            changes.push(Change {
                field: Field::Seller,
                before: row.seller_id.clone(),
                after: seller.clone(),
            });
        }
        if changes.is_empty() {
            return Ok(id);
        }
        let edit = Edit {
            id,
            seen_version: version,
            record: &record,
            at,
            seller_id: seller,
            changes: serde_json::to_value(&changes).map_err(|_| AppError::Internal)?,
        };
        st.repo
            .edit_interaction(edit, actor(viewer))
            .await
            .map_err(|e| match e {
                EditError::NotFound => AppError::NotFound,
                EditError::Changed => AppError::Conflict(Conflict::Changed),
                EditError::Db(db) => db.into(),
            })?;
        Ok(id)
    }

    pub async fn trash(st: &AppState) -> Result<TrashData, AppError> {
        let lang = crate::server::request_lang();
        let (rows, total) = st.repo.trash(200).await?;
        let names = Names::load(st).await?;
        let retention = st.repo.trash_retention().await?;
        let now = Utc::now();
        let date_of =
            |at: DateTime<Utc>| domain::period::day_label(at.with_timezone(&st.config.timezone).date_naive(), lang);
        Ok(TrashData {
            lang,
            rows: rows
                .iter()
                .map(|r| {
                    let (day, time) = local(st, r.timestamp, lang);
                    TrashRow {
                        id: r.id,
                        summary: domain::describe(&r.to_domain(), lang),
                        recorded: format!("{day} · {time}"),
                        deleted: r
                            .deleted_at
                            .map(|at| domain::period::ago((now - at).num_seconds(), lang))
                            .unwrap_or_default(),
                        goes: retention
                            .zip(r.deleted_at)
                            .and_then(|(policy, at)| policy.goes_at(at))
                            .map(date_of),
                        seller: names.seller(&r.seller_id),
                        device: names.device(&r.staff_device),
                    }
                })
                .collect(),
            total,
            retention: retention.map(|policy| RetentionShown {
                days: policy.days,
                since: date_of(policy.since),
            }),
        })
    }

    pub async fn milestone(st: &AppState, id: i32) -> Result<MilestoneData, AppError> {
        let lang = crate::server::request_lang();
        let m = st.repo.milestone(id).await?.ok_or(AppError::NotFound)?;
        let names = Names::load(st).await?;
        let history = st.repo.history("milestone", &id.to_string()).await?;
        let (day, time) = local(st, m.timestamp, lang);
        Ok(MilestoneData {
            lang,
            id,
            text: m.description.clone(),
            when: format!("{day} · {time}"),
            at_local: domain::period::format_local(m.timestamp, &st.config.timezone),
            seller: names.seller(&m.seller_id),
            device: names.device(&m.staff_device),
            history: history_entries(st, &names, history, lang),
        })
    }

    pub async fn update_milestone(st: &AppState, viewer: &Viewer, form: MilestoneForm) -> Result<i32, AppError> {
        let id = milestone_id(&form.id)?;
        let m = st.repo.milestone(id).await?.ok_or(AppError::NotFound)?;
        let text = domain::rules::milestone_text(&form.description)?;
        let at = edited_time(st, &form.at, &form.at_was, m.timestamp)?;
        let tz = &st.config.timezone;
        let shown = |t: DateTime<Utc>| Some(t.with_timezone(tz).format("%Y-%m-%d %H:%M").to_string());
        let mut changes = Vec::new();
        if at != m.timestamp {
            changes.push(Change {
                field: Field::Timestamp,
                before: shown(m.timestamp),
                after: shown(at),
            });
        }
        if text != m.description {
            changes.push(Change {
                field: Field::Milestone,
                before: Some(m.description.clone()),
                after: Some(text.clone()),
            });
        }
        if changes.is_empty() {
            return Ok(id);
        }
        let changes = serde_json::to_value(&changes).map_err(|_| AppError::Internal)?;
        if !st.repo.edit_milestone(id, &text, at, changes, actor(viewer)).await? {
            return Err(AppError::NotFound);
        }
        Ok(id)
    }

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
        let (devices, sellers) = tokio::try_join!(st.repo.devices(), st.repo.active_sellers())?;
        let names = Names::load(st).await?;
        let now = Utc::now();
        let ago = |t: Option<DateTime<Utc>>| t.map(|t| domain::period::ago((now - t).num_seconds(), lang));
        Ok(DevicesData {
            lang,
            devices: devices
                .into_iter()
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
                    key: d.device_name,
                    machine: d.machine_name,
                    status: d.status,
                    role: d.role,
                })
                .collect(),
            sellers: sellers.into_iter().map(|s| (s.id, s.display_name)).collect(),
        })
    }

    pub async fn change_device(st: &AppState, viewer: &Viewer, form: DeviceForm) -> Result<(), AppError> {
        let key = form.device.trim();
        let device = st.repo.device(key).await?.ok_or(AppError::NotFound)?;
        let value = form.value.as_deref().map(str::trim).filter(|v| !v.is_empty());
        let change = match form.action.as_str() {
            "rename" => DeviceChange::Rename(domain::seller::clean_name(value.unwrap_or(""))?),
            "seller" => match value {
                None => DeviceChange::Seller(None),
                Some(id) => {
                    let seller = st.repo.seller(id).await?.filter(|s| s.is_active);
                    DeviceChange::Seller(Some(seller.ok_or(AppError::NotFound)?.id))
                }
            },
            "approve" | "unblock" => DeviceChange::Status(DeviceStatus::Active),
            "block" if device.device_name == viewer.device => return Err(AppError::Conflict(Conflict::OwnDevice)),
            "block" => DeviceChange::Status(DeviceStatus::Blocked),
            "admin" => DeviceChange::Role(DeviceRole::Admin),
            "staff" => {
                let configured = device
                    .machine_name
                    .as_ref()
                    .is_some_and(|m| st.config.admin_devices.contains(m));
                if configured {
                    return Err(AppError::Conflict(Conflict::ConfiguredAdmin));
                }
                DeviceChange::Role(DeviceRole::Staff)
            }
            _ => {
                return Err(AppError::BadRequest(
                    "action: rename, seller, approve, block, unblock, admin or staff".into(),
                ));
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
}
