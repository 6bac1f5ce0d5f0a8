use crate::error::AppError;
use crate::forms::Strict;
use crate::wire::{CurrentEvent, EventRef};
use domain::Lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventList {
    pub lang: Lang,
    pub current: CurrentEvent,
    /// The events running today, to choose from.
    pub running: Vec<EventRef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChooseEventForm {
    pub event_id: String,
}

/// "Start an event today": a name; the server dates it today, open-ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartEventForm {
    pub name: String,
}

#[server(endpoint = "event_choices")]
pub async fn event_choices() -> Result<EventList, AppError> {
    use crate::server::{current_event, request_lang, require_viewer, state};
    let st = state()?;
    let viewer = require_viewer()?;
    let now = chrono::Utc::now();
    let (current, events) = current_event(&st, &viewer, now).await?;
    Ok(EventList {
        lang: request_lang(),
        current,
        running: events
            .iter()
            .filter(|e| e.runs_at(now))
            .map(|e| e.reference())
            .collect(),
    })
}

/// This phone logs for `event_id` from now on (one running today), then Home says so.
#[server(endpoint = "choose_event")]
pub async fn choose_event(#[server(flatten)] form: Strict<ChooseEventForm>) -> Result<(), AppError> {
    use crate::server::{require_viewer, state};
    let st = state()?;
    let viewer = require_viewer()?;
    let now = chrono::Utc::now();
    st.repo
        .event(form.0.event_id.trim())
        .await?
        .filter(|e| e.runs_at(now))
        .ok_or(AppError::NotFound)?;
    st.repo
        .set_active_event(&viewer.device, form.0.event_id.trim(), now)
        .await?;
    st.identity.forget_device(&viewer.device);
    leptos_axum::redirect("/?event=1");
    Ok(())
}

/// An admin starts an event today, open-ended, in the booth's time zone — two taps from
/// Home when none runs — and this phone logs for it.
#[server(endpoint = "start_event_today")]
pub async fn start_event_today(#[server(flatten)] form: Strict<StartEventForm>) -> Result<(), AppError> {
    use crate::server::{require_admin, state};
    let st = state()?;
    let viewer = require_admin()?;
    let now = chrono::Utc::now();
    let draft = domain::event::EventDraft {
        id: None,
        name: form.0.name,
        first_day: domain::period::local_date(now, &st.config.timezone),
        ..Default::default()
    };
    let spec = domain::event::check(&draft, st.config.timezone.name(), crate::server::known_zone)?;
    let actor = crate::server::repo::Actor {
        device: &viewer.device,
        seller_id: viewer.seller_id.as_deref(),
    };
    let event = st
        .repo
        .create_event(&spec, now, actor)
        .await
        .map_err(crate::server::event_error)?;
    st.repo.set_active_event(&viewer.device, &event.id, now).await?;
    st.identity.forget_device(&viewer.device);
    leptos_axum::redirect("/?event=1");
    Ok(())
}
