//! Pop-up events: the admins' list with each event's visitors and revenue, create, edit,
//! close, archive, delete (only while it holds no record), each with history; a phone's
//! chosen event and the history of its seller and event; and placing a tap — which event
//! and which seller it belongs to, from the moment of the tap.

use super::audit::{Actor, audit_in};
use super::{RecordError, Repository, is_unique_violation};
use crate::server::entities::{booth_event, device, device_history, event, interaction};
use crate::wire::Counts;
use chrono::{DateTime, NaiveDate, Utc};
use domain::event::EventSpec;
use domain::history::Change;
use domain::rules::Field;
use domain::{AuditAction, AuditSubject};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};

#[derive(Debug, thiserror::Error)]
pub enum EventError {
    #[error("no such event")]
    NotFound,
    #[error("another event has this name")]
    NameTaken,
    #[error("the event holds records")]
    HasRecords,
    #[error("the event has not started")]
    NotStarted,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Where a tap goes: its event and its seller at the moment of the tap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    pub event_id: String,
    pub seller_id: Option<String>,
}

fn spec_fields(spec: &EventSpec) -> Vec<(Field, Option<String>)> {
    let n = |v: Option<i64>| v.map(|v| v.to_string());
    vec![
        (Field::EventName, Some(spec.name.clone())),
        (Field::Venue, spec.venue.clone()),
        (Field::TimeZone, Some(spec.time_zone.clone())),
        (Field::FirstDay, Some(spec.first_day.to_string())),
        (Field::LastDay, spec.last_day.map(|d| d.to_string())),
        (
            Field::OpeningHours,
            spec.hours
                .map(|(o, c)| format!("{}–{}", o.format("%H:%M"), c.format("%H:%M"))),
        ),
        (Field::BoothFee, n(spec.booth_fee)),
        (Field::OtherCosts, n(spec.other_costs)),
        (Field::TargetVisitors, n(spec.targets.visitors)),
        (Field::TargetConversations, n(spec.targets.conversations)),
        (Field::TargetSales, n(spec.targets.sales)),
        (Field::TargetRevenue, n(spec.targets.revenue)),
        (Field::Notes, spec.notes.clone()),
    ]
}

/// An event as stored, read back as the spec it was made from.
pub fn spec_of(row: &event::Model) -> EventSpec {
    let time = |t: &Option<String>| {
        t.as_deref()
            .and_then(|t| chrono::NaiveTime::parse_from_str(t, "%H:%M").ok())
    };
    EventSpec {
        name: row.name.clone(),
        venue: row.venue.clone(),
        time_zone: row.time_zone.clone(),
        first_day: row.first_day,
        last_day: row.last_day,
        hours: time(&row.opens).zip(time(&row.closes)),
        booth_fee: row.booth_fee,
        other_costs: row.other_costs,
        targets: domain::event::Targets {
            visitors: row.target_visitors,
            conversations: row.target_conversations,
            sales: row.target_sales,
            revenue: row.target_revenue,
        },
        notes: row.notes.clone(),
    }
}

fn apply(row: &mut event::ActiveModel, spec: &EventSpec, now: DateTime<Utc>) {
    let hm = |t: chrono::NaiveTime| t.format("%H:%M").to_string();
    row.name = Set(spec.name.clone());
    row.venue = Set(spec.venue.clone());
    row.time_zone = Set(spec.time_zone.clone());
    row.first_day = Set(spec.first_day);
    row.last_day = Set(spec.last_day);
    row.opens = Set(spec.hours.map(|(o, _)| hm(o)));
    row.closes = Set(spec.hours.map(|(_, c)| hm(c)));
    row.booth_fee = Set(spec.booth_fee);
    row.other_costs = Set(spec.other_costs);
    row.target_visitors = Set(spec.targets.visitors);
    row.target_conversations = Set(spec.targets.conversations);
    row.target_sales = Set(spec.targets.sales);
    row.target_revenue = Set(spec.targets.revenue);
    row.notes = Set(spec.notes.clone());
    row.updated_at = Set(now);
}

fn changes(before: &EventSpec, after: &EventSpec) -> Vec<Change> {
    spec_fields(before)
        .into_iter()
        .zip(spec_fields(after))
        .filter(|((_, old), (_, new))| old != new)
        .map(|((field, old), (_, new))| Change {
            field,
            before: old,
            after: new,
        })
        .collect()
}

impl Repository {
    /// Every event, the latest first.
    pub async fn events(&self) -> Result<Vec<event::Model>, DbErr> {
        event::Entity::find()
            .order_by_desc(event::Column::FirstDay)
            .order_by_asc(event::Column::Name)
            .all(&self.db)
            .await
    }

    pub async fn event(&self, id: &str) -> Result<Option<event::Model>, DbErr> {
        event::Entity::find_by_id(id).one(&self.db).await
    }

    /// Each event's live visitors, conversations, sales and revenue (one grouped query,
    /// counting as Home's figures do).
    pub async fn event_totals(&self) -> Result<Vec<(String, Counts)>, DbErr> {
        use interaction::Column as C;
        let mut query = interaction::Entity::find()
            .select_only()
            .column(C::EventId)
            .filter(C::DeletedAt.is_null())
            .group_by(C::EventId);
        // In `Counts`' order: visitors, conversations, sales, revenue.
        for (metric, rows, value) in super::analytics::counted() {
            query = query.column_as(super::analytics::sum_where(rows, value), metric);
        }
        let rows: Vec<(Option<String>, i64, i64, i64, i64)> = query.into_tuple().all(&self.db).await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, visitors, conversations, sales, revenue)| {
                Some((
                    id?,
                    Counts {
                        visitors,
                        conversations,
                        sales,
                        revenue,
                    },
                ))
            })
            .collect())
    }

    /// A new event, its id a slug of its name (made unique).
    pub async fn create_event(
        &self,
        spec: &EventSpec,
        now: DateTime<Utc>,
        actor: Actor<'_>,
    ) -> Result<event::Model, EventError> {
        let txn = self.db.begin().await?;
        if name_taken(&txn, &spec.name, None).await? {
            return Err(EventError::NameTaken);
        }
        let taken: Vec<String> = event::Entity::find()
            .select_only()
            .column(event::Column::Id)
            .into_tuple()
            .all(&txn)
            .await?;
        let id = domain::seller::unique_id(&domain::event::slug(&spec.name), &taken);
        let mut row = event::ActiveModel {
            id: Set(id.clone()),
            archived: Set(false),
            created_at: Set(now),
            ..Default::default()
        };
        apply(&mut row, spec, now);
        let created = row.insert(&txn).await.map_err(|e| match is_unique_violation(&e) {
            true => EventError::NameTaken,
            false => e.into(),
        })?;
        let fields = spec_fields(spec)
            .into_iter()
            .filter_map(|(f, v)| v.map(|v| Change::set(f, v)))
            .collect::<Vec<_>>();
        audit_in(&txn, actor, AuditSubject::Event, &id, AuditAction::Create, &fields, now).await?;
        txn.commit().await?;
        self.placement_changed();
        Ok(created)
    }

    /// Changes an event, with history.
    pub async fn update_event(
        &self,
        id: &str,
        spec: &EventSpec,
        now: DateTime<Utc>,
        actor: Actor<'_>,
    ) -> Result<event::Model, EventError> {
        let txn = self.db.begin().await?;
        let before = event::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(EventError::NotFound)?;
        if name_taken(&txn, &spec.name, Some(id)).await? {
            return Err(EventError::NameTaken);
        }
        let changed = changes(&spec_of(&before), spec);
        let mut row: event::ActiveModel = before.into();
        apply(&mut row, spec, now);
        let after = row.update(&txn).await.map_err(|e| match is_unique_violation(&e) {
            true => EventError::NameTaken,
            false => e.into(),
        })?;
        if !changed.is_empty() {
            audit_in(&txn, actor, AuditSubject::Event, id, AuditAction::Edit, &changed, now).await?;
        }
        txn.commit().await?;
        self.placement_changed();
        Ok(after)
    }

    /// Ends an event today (its last day becomes `today`, booth-local in its zone).
    pub async fn close_event(
        &self,
        id: &str,
        today: NaiveDate,
        now: DateTime<Utc>,
        actor: Actor<'_>,
    ) -> Result<event::Model, EventError> {
        let before = self.event(id).await?.ok_or(EventError::NotFound)?;
        if before.first_day > today {
            return Err(EventError::NotStarted);
        }
        let mut spec = spec_of(&before);
        spec.last_day = Some(today);
        self.update_event(id, &spec, now, actor).await
    }

    /// Archives an event (hidden from pickers, takes no new taps) or brings it back.
    pub async fn set_event_archived(
        &self,
        id: &str,
        archived: bool,
        now: DateTime<Utc>,
        actor: Actor<'_>,
    ) -> Result<(), EventError> {
        let txn = self.db.begin().await?;
        let before = event::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(EventError::NotFound)?;
        if before.archived == archived {
            return Ok(());
        }
        let mut row: event::ActiveModel = before.into();
        row.archived = Set(archived);
        row.updated_at = Set(now);
        row.update(&txn).await?;
        let change = Change {
            field: Field::Active,
            before: Some((!archived).to_string()),
            after: Some(archived.to_string()),
        };
        audit_in(&txn, actor, AuditSubject::Event, id, AuditAction::Edit, &[change], now).await?;
        txn.commit().await?;
        self.placement_changed();
        Ok(())
    }

    /// Deletes an event that never held a record or milestone (not even one in the
    /// trash); one that did can only be archived.
    pub async fn delete_event(&self, id: &str, now: DateTime<Utc>, actor: Actor<'_>) -> Result<(), EventError> {
        let txn = self.db.begin().await?;
        let before = event::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(EventError::NotFound)?;
        let records = interaction::Entity::find()
            .filter(interaction::Column::EventId.eq(id))
            .count(&txn)
            .await?;
        let milestones = booth_event::Entity::find()
            .filter(booth_event::Column::EventId.eq(id))
            .count(&txn)
            .await?;
        if records + milestones > 0 {
            return Err(EventError::HasRecords);
        }
        event::Entity::delete_by_id(id).exec(&txn).await?;
        let gone = vec![Change {
            field: Field::EventName,
            before: Some(before.name),
            after: None,
        }];
        audit_in(&txn, actor, AuditSubject::Event, id, AuditAction::Purge, &gone, now).await?;
        txn.commit().await?;
        self.placement_changed();
        Ok(())
    }

    /// The event this phone logs for when several run at once; remembered with its
    /// history so that later-synced taps are placed by what it was at the time.
    pub async fn set_active_event(&self, device: &str, event_id: &str, now: DateTime<Utc>) -> Result<(), DbErr> {
        self.change_device_state(device, now, |row| row.active_event = Set(Some(event_id.to_string())))
            .await
    }

    /// Changes a phone's seller or event and notes its new state in its history (with,
    /// the first time, the state it had before, from the beginning of time).
    pub(super) async fn change_device_state(
        &self,
        device: &str,
        now: DateTime<Utc>,
        change: impl FnOnce(&mut device::ActiveModel),
    ) -> Result<(), DbErr> {
        let txn = self.db.begin().await?;
        let Some(before) = device::Entity::find_by_id(device).one(&txn).await? else {
            return Ok(());
        };
        let mut row: device::ActiveModel = before.clone().into();
        change(&mut row);
        let after = row.update(&txn).await?;
        note_device_state(&txn, &before, &after, now).await?;
        txn.commit().await?;
        self.placement_changed();
        Ok(())
    }

    /// Which event and seller a tap at `at` from `device` belongs to: by the phone's
    /// history at that moment (its current state when it has none), never by what the
    /// phone says. Archived events take no taps.
    pub(super) async fn place_tap(
        &self,
        conn: &impl ConnectionTrait,
        device: &str,
        at: DateTime<Utc>,
        current_seller: Option<&str>,
    ) -> Result<Placed, RecordError> {
        let generation = self.placement.generation();
        let latest = match self.placement.device(device) {
            Some(latest) => latest,
            None => {
                let latest = device_now(conn, device, None).await?;
                self.placement.keep_device(generation, device, latest.clone());
                latest
            }
        };
        // A tap from before the phone's latest change reads its history at that moment.
        let then = match latest.since {
            Some(since) if at < since => device_now(conn, device, Some(at)).await?,
            _ => latest,
        };
        let seller = then.seller.or(current_seller.map(str::to_string));
        let events = match self.placement.events() {
            Some(events) => events,
            None => {
                let events = std::sync::Arc::new(
                    event::Entity::find()
                        .filter(event::Column::Archived.eq(false))
                        .all(conn)
                        .await?,
                );
                self.placement.keep_events(generation, events.clone());
                events
            }
        };
        let chosen = then.event;
        let runs: Vec<_> = events.iter().map(event::Model::run).collect();
        // Placed by the domain's one rule (which event ran then, and the phone's choice).
        let event_id = domain::event::place(at, &runs, chosen.as_deref()).map_err(RecordError::Unplaced)?;
        Ok(Placed {
            event_id: event_id.to_string(),
            seller_id: seller,
        })
    }
}

/// A phone's seller and event at `at` (`None`: now) from its history; with no history
/// row by then, its device row's event (and no seller of the history's).
async fn device_now(
    conn: &impl ConnectionTrait,
    device: &str,
    at: Option<DateTime<Utc>>,
) -> Result<super::placement::DeviceNow, DbErr> {
    let mut history = device_history::Entity::find().filter(device_history::Column::DeviceName.eq(device));
    if let Some(at) = at {
        history = history.filter(device_history::Column::At.lte(at));
    }
    let newest = history
        .order_by_desc(device_history::Column::At)
        .order_by_desc(device_history::Column::Id)
        .one(conn)
        .await?;
    Ok(match newest {
        Some(h) => super::placement::DeviceNow {
            since: Some(h.at),
            seller: h.seller_id,
            event: h.event_id,
        },
        None => super::placement::DeviceNow {
            since: None,
            seller: None,
            event: device::Entity::find_by_id(device)
                .one(conn)
                .await?
                .and_then(|d| d.active_event),
        },
    })
}

async fn name_taken(conn: &impl ConnectionTrait, name: &str, except: Option<&str>) -> Result<bool, DbErr> {
    use sea_orm::sea_query::{ExprTrait, Func};
    // SQLite's LOWER folds ASCII only: the name is folded here the same way.
    let folded = name.to_ascii_lowercase();
    let mut query = event::Entity::find().filter(Expr::expr(Func::lower(Expr::col(event::Column::Name))).eq(folded));
    if let Some(id) = except {
        query = query.filter(event::Column::Id.ne(id));
    }
    Ok(query.count(conn).await? > 0)
}

pub(super) async fn note_device_state(
    conn: &impl ConnectionTrait,
    before: &device::Model,
    after: &device::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let noted = device_history::Entity::find()
        .filter(device_history::Column::DeviceName.eq(&before.device_name))
        .count(conn)
        .await?;
    let row = |at: DateTime<Utc>, d: &device::Model| device_history::ActiveModel {
        device_name: Set(d.device_name.clone()),
        at: Set(at),
        seller_id: Set(d.active_seller.clone()),
        event_id: Set(d.active_event.clone()),
        ..Default::default()
    };
    if noted == 0 {
        row(DateTime::<Utc>::UNIX_EPOCH, before).insert(conn).await?;
    }
    row(now, after).insert(conn).await?;
    Ok(())
}
