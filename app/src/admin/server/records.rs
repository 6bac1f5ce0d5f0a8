//! Records and milestones for the admin pages: the browse timeline, one record with its
//! edit form and history, edits, delete, restore and delete for good, the trash and its
//! automatic emptying, and milestones.

use super::super::types::*;
use super::super::{Filter, PAGE_SIZE};
use super::{Names, actor, cursor, local, milestone_id, record_query};
use crate::error::{AppError, Conflict};
use crate::identity::Viewer;
use crate::server::AppState;
use crate::server::entities::{audit, booth_event, interaction};
use crate::server::repo::{Edit, EditError, Window, cursor_of};
use chrono::{DateTime, Utc};
use domain::history::Change;
use domain::rules::Field;
use domain::{AuditAction, AuditSubject, Lang, SaleType};
use uuid::Uuid;

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
    let page = PAGE_SIZE;
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
            .milestones_between(
                from,
                to,
                query.seller_id.as_deref(),
                query.device.as_deref(),
                query.event_id.as_deref(),
            )
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
    rows.into_iter()
        .map(|a| {
            let (day, time) = local(st, a.at, lang);
            let action = match AuditAction::parse(&a.action) {
                Some(action) => action.label().get(lang).to_string(),
                None => a.action.clone(),
            };
            let changes = a
                .changes
                .as_ref()
                .map(domain::history::read_changes)
                .unwrap_or_default();
            let who = match (&a.device, names.seller(&a.seller_id)) {
                (None, _) => "Lumicello".to_string(),
                (device, Some(seller)) => format!("{} ({seller})", names.device(device)),
                (device, None) => names.device(device),
            };
            HistoryEntry {
                when: format!("{day} · {time}"),
                who,
                action,
                changes: changes.iter().map(|c| c.describe(lang)).collect(),
            }
        })
        .collect()
}

pub async fn record(st: &AppState, id: Uuid) -> Result<RecordData, AppError> {
    let lang = crate::server::request_lang();
    let row = st.repo.interaction(id).await?.ok_or(AppError::NotFound)?;
    let names = Names::load(st).await?;
    let history = st.repo.history(AuditSubject::Interaction, &id.to_string()).await?;
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
        event_id: row.event_id.clone(),
        events: names.events.iter().map(|e| (e.id.clone(), e.name.clone())).collect(),
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
    if seller.is_some() && seller != row.seller_id && st.repo.seller(seller.as_deref().unwrap_or("")).await?.is_none() {
        return Err(AppError::BadRequest("seller: unknown".into()));
    }
    // The event: unchanged when not sent; otherwise one that exists.
    let event = match form.event.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        None => row.event_id.clone(),
        Some(id) if Some(id) == row.event_id.as_deref() => row.event_id.clone(),
        Some(id) => Some(
            st.repo
                .event(id)
                .await?
                .ok_or(AppError::BadRequest("event: unknown".into()))?
                .id,
        ),
    };
    let mut changes = domain::history::diff(&before, &record);
    let tz = &st.config.timezone;
    if at != row.timestamp {
        let shown = |t: DateTime<Utc>| Some(domain::period::shown_local(t, tz));
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
    if event != row.event_id {
        changes.push(Change {
            field: Field::Event,
            before: names_of_events(st, &row.event_id).await?,
            after: names_of_events(st, &event).await?,
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
        event_id: event,
        changes,
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

pub async fn trash(st: &AppState, event: Option<String>) -> Result<TrashData, AppError> {
    let lang = crate::server::request_lang();
    let names = Names::load(st).await?;
    let event = match event.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        None => None,
        Some(id) => Some(crate::server::known_event(id, &names.events)?),
    };
    let (rows, total) = st.repo.trash(event.as_deref(), 200).await?;
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
                    event: names.event(&r.event_id),
                }
            })
            .collect(),
        total,
        event,
        events: names.events.iter().map(|e| (e.id.clone(), e.name.clone())).collect(),
        retention: retention.map(|policy| RetentionShown {
            days: policy.days,
            since: date_of(policy.since),
        }),
    })
}

pub async fn milestone(st: &AppState, id: i32, window_hours: i64) -> Result<MilestoneData, AppError> {
    let lang = crate::server::request_lang();
    let m = st.repo.milestone(id).await?.ok_or(AppError::NotFound)?;
    let events = st.repo.events().await?;
    let effect = crate::server::effects::milestone_effects(st, std::slice::from_ref(&m), &events, window_hours)
        .await?
        .pop()
        .map(|measured| measured.effect);
    let names = Names::load(st).await?;
    let history = st.repo.history(AuditSubject::Milestone, &id.to_string()).await?;
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
        effect,
        window_hours,
    })
}

pub async fn update_milestone(st: &AppState, viewer: &Viewer, form: MilestoneForm) -> Result<i32, AppError> {
    let id = milestone_id(&form.id)?;
    let m = st.repo.milestone(id).await?.ok_or(AppError::NotFound)?;
    let text = domain::rules::milestone_text(&form.description)?;
    let at = edited_time(st, &form.at, &form.at_was, m.timestamp)?;
    let tz = &st.config.timezone;
    let shown = |t: DateTime<Utc>| Some(domain::period::shown_local(t, tz));
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
    if !st.repo.edit_milestone(id, &text, at, &changes, actor(viewer)).await? {
        return Err(AppError::NotFound);
    }
    Ok(id)
}

/// Moves a record to the trash; its id.
pub async fn delete(st: &AppState, viewer: &Viewer, id: &str) -> Result<Uuid, AppError> {
    let id = crate::server::parse_uuid(id)?;
    if !st.repo.set_deleted(id, true, actor(viewer)).await? {
        return Err(AppError::NotFound);
    }
    Ok(id)
}

/// Takes a record back out of the trash; its id.
pub async fn restore(st: &AppState, viewer: &Viewer, id: &str) -> Result<Uuid, AppError> {
    let id = crate::server::parse_uuid(id)?;
    if !st.repo.set_deleted(id, false, actor(viewer)).await? {
        return Err(AppError::Conflict(Conflict::NotInTrash));
    }
    Ok(id)
}

/// Deletes a record in the trash for good, with the confirmation card's own field.
pub async fn purge(st: &AppState, viewer: &Viewer, form: PurgeForm) -> Result<(), AppError> {
    if form.confirm != "yes" {
        return Err(AppError::BadRequest("confirm=yes is required".into()));
    }
    let id = crate::server::parse_uuid(&form.id)?;
    if !st.repo.purge_interaction(id, actor(viewer)).await? {
        return Err(AppError::Conflict(Conflict::NotInTrash));
    }
    Ok(())
}

/// Turns automatic emptying of the trash on (with the confirmation), changes its period,
/// or turns it off.
pub async fn set_trash_retention(st: &AppState, viewer: &Viewer, form: RetentionForm) -> Result<(), AppError> {
    let days = match form.days.trim() {
        "off" => None,
        n => match n.parse::<u32>() {
            Ok(days) if domain::trash::Retention::is_allowed(days) => Some(days),
            _ => return Err(AppError::BadRequest("days: off or one of the offered periods".into())),
        },
    };
    if days.is_some() && form.confirm.as_deref() != Some("yes") {
        return Err(AppError::BadRequest("confirm=yes is required".into()));
    }
    st.repo.set_trash_retention(days, Utc::now(), actor(viewer)).await?;
    Ok(())
}

/// Deletes a milestone (a copy stays in the history).
pub async fn delete_milestone(st: &AppState, viewer: &Viewer, id: &str) -> Result<(), AppError> {
    let id = milestone_id(id)?;
    if !st.repo.delete_milestone(id, actor(viewer)).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// An event's name for the history (its id if it is gone).
async fn names_of_events(st: &AppState, id: &Option<String>) -> Result<Option<String>, AppError> {
    let Some(id) = id else { return Ok(None) };
    Ok(Some(
        st.repo.event(id).await?.map(|e| e.name).unwrap_or_else(|| id.clone()),
    ))
}
