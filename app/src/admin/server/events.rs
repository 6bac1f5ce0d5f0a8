//! Events for the admin page: the list (running, upcoming, ended, each with its visitors
//! and revenue), create and edit (checked by `domain::event::check`), close, archive,
//! delete.

use super::super::types::*;
use super::actor;
use crate::error::AppError;
use crate::identity::Viewer;
use crate::server::AppState;
use crate::server::entities::event;
use crate::server::repo::spec_of;
use chrono::Utc;
use domain::event::EventDraft;

/// The form of a stored event, as the edit form shows it.
fn draft_of(row: &event::Model) -> EventDraft {
    let spec = spec_of(row);
    let n = |v: Option<i64>| v.map(|v| v.to_string());
    EventDraft {
        id: Some(row.id.clone()),
        name: spec.name,
        venue: spec.venue,
        time_zone: Some(spec.time_zone),
        first_day: spec.first_day.to_string(),
        last_day: spec.last_day.map(|d| d.to_string()),
        opens: spec.hours.map(|(o, _)| o.format("%H:%M").to_string()),
        closes: spec.hours.map(|(_, c)| c.format("%H:%M").to_string()),
        booth_fee: n(spec.booth_fee),
        other_costs: n(spec.other_costs),
        target_visitors: n(spec.targets.visitors),
        target_conversations: n(spec.targets.conversations),
        target_sales: n(spec.targets.sales),
        target_revenue: n(spec.targets.revenue),
        notes: spec.notes,
    }
}

pub async fn events(st: &AppState) -> Result<EventsData, AppError> {
    let lang = crate::server::request_lang();
    let now = Utc::now();
    let (rows, totals) = tokio::try_join!(st.repo.events(), st.repo.event_totals())?;
    let mut events: Vec<EventRow> = rows
        .iter()
        .map(|e| {
            // Running by the rule that places taps; otherwise before or after its days.
            let status = if e.run().covers(now) {
                EventStatus::Running
            } else if e.first_day > now.with_timezone(&e.tz()).date_naive() {
                EventStatus::Upcoming
            } else {
                EventStatus::Ended
            };
            let counts = totals
                .iter()
                .find(|(id, _)| id == &e.id)
                .map(|(_, c)| *c)
                .unwrap_or_default();
            let days = match e.last_day {
                Some(last) if last == e.first_day => e.first_day.to_string(),
                Some(last) => format!("{} – {last}", e.first_day),
                None => format!("{} {}", crate::text::FROM.get(lang), e.first_day),
            };
            EventRow {
                id: e.id.clone(),
                status,
                archived: e.archived,
                when: match &e.venue {
                    Some(venue) => format!("{days} · {venue}"),
                    None => days,
                },
                visitors: counts.visitors,
                revenue: counts.revenue,
                has_records: counts.visitors > 0,
                form: draft_of(e),
            }
        })
        .collect();
    // Running first, then upcoming, then ended; archived ones last.
    events.sort_by_key(|e| (e.archived, e.status as u8));
    Ok(EventsData {
        lang,
        today: domain::period::local_date(now, &st.config.timezone),
        booth_zone: st.config.timezone.name().to_string(),
        events,
    })
}

/// Creates or changes an event; its id.
pub async fn save_event(st: &AppState, viewer: &Viewer, form: EventDraft) -> Result<String, AppError> {
    let spec = domain::event::check(&form, st.config.timezone.name(), crate::server::known_zone)?;
    let now = Utc::now();
    let saved = match form.id.as_deref().map(str::trim).filter(|id| !id.is_empty()) {
        None => st.repo.create_event(&spec, now, actor(viewer)).await,
        Some(id) => st.repo.update_event(id, &spec, now, actor(viewer)).await,
    }
    .map_err(crate::server::event_error)?;
    Ok(saved.id)
}

pub async fn event_action(st: &AppState, viewer: &Viewer, form: EventActionForm) -> Result<(), AppError> {
    let now = Utc::now();
    let id = form.id.trim();
    let result = match form.action.as_str() {
        "close" => {
            let event = st.repo.event(id).await?.ok_or(AppError::NotFound)?;
            let today = now.with_timezone(&event.tz()).date_naive();
            st.repo.close_event(id, today, now, actor(viewer)).await.map(|_| ())
        }
        "archive" => st.repo.set_event_archived(id, true, now, actor(viewer)).await,
        "unarchive" => st.repo.set_event_archived(id, false, now, actor(viewer)).await,
        "delete" => st.repo.delete_event(id, now, actor(viewer)).await,
        _ => {
            return Err(AppError::BadRequest(
                "action: close, archive, unarchive or delete".into(),
            ));
        }
    };
    result.map_err(crate::server::event_error)
}
