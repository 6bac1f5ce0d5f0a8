//! What the admin pages and their server functions exchange: the pages' data and the
//! forms they post. Plain data, for the server and the browser alike.

use super::Filter;
use crate::wire::Cursor;
use chrono::{DateTime, Utc};
use domain::{DeviceAction, DeviceRole, DeviceStatus, Lang};
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
    /// (id, name) of every event
    pub events: Vec<(String, String)>,
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
    pub event_id: Option<String>,
    /// (id, name) of every event, to move the record to another.
    pub events: Vec<(String, String)>,
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
    /// The event the record belongs to (an admin may move it).
    pub event: Option<String>,
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
    pub event: Option<String>,
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
    /// The event shown (`None`: all) and every event, for the picker.
    pub event: Option<String>,
    pub events: Vec<(String, String)>,
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
    /// The hours before and after it (none when it belongs to no known event).
    pub effect: Option<domain::insight::Effect>,
    pub window_hours: i64,
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
    pub status: DeviceStatus,
    pub role: DeviceRole,
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

/// One change to a device; `value` is the new name (`rename`) or a seller id, or nothing
/// (`seller`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceForm {
    pub device: String,
    pub action: DeviceAction,
    pub value: Option<String>,
}

/// Where an event stands today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventStatus {
    Running,
    Upcoming,
    Ended,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventRow {
    pub id: String,
    pub status: EventStatus,
    pub archived: bool,
    /// `2026-12-01 – 2026-12-07` (or `2026-12-01 –` when open-ended), with the venue.
    pub when: String,
    pub visitors: i64,
    pub revenue: i64,
    /// Whether it holds any record (then it can only be archived).
    pub has_records: bool,
    /// The form as it stands, for editing.
    pub form: domain::event::EventDraft,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventsData {
    pub lang: domain::Lang,
    /// Today, booth-local, for a new event's first day.
    pub today: String,
    pub booth_zone: String,
    pub events: Vec<EventRow>,
}

/// Close, archive, unarchive or delete an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventActionForm {
    pub id: String,
    /// `close`, `archive`, `unarchive` or `delete`.
    pub action: String,
}
