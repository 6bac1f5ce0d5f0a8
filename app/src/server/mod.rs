//! Server-only parts: application state, configuration, the repository (all SQL lives
//! there) and identity (tailscaled client, cache, device registry).

pub mod config;
pub mod db;
pub mod effects;
pub mod entities;
pub mod identity;
pub mod live;
pub mod metrics;
pub mod repo;
pub mod tailscaled;

use crate::error::AppError;
use crate::identity::Viewer;
use axum::extract::FromRef;
use config::Config;
use identity::IdentityService;
use leptos::prelude::*;
use repo::Repository;
use std::sync::Arc;

/// Everything a request handler needs; one instance, shared.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub config: Arc<Config>,
    pub repo: Repository,
    pub identity: Arc<IdentityService>,
    pub live: live::LiveHub,
    pub metrics: Arc<metrics::Metrics>,
}

/// How a request arrived, put in every request's extensions by the server loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transport {
    /// Over HTTPS.
    pub secure: bool,
    /// The port the connection came in on (the HTTPS address keeps it).
    pub local_port: u16,
}

/// Whether this server function or page was asked for over HTTPS.
pub fn over_https() -> bool {
    use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<Transport>().copied())
        .is_some_and(|t| t.secure)
}

/// The outcome of the identity layer, put in every request's extensions.
#[derive(Clone, Debug)]
pub struct Identity(pub Result<Viewer, AppError>);

/// The state inside a server function or SSR render.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}

/// The caller the identity layer found for a request (from its extensions), or the
/// identity problem as the error to answer with: the one reading of identity, for
/// server functions, pages and plain handlers (export, live stream) alike.
pub fn caller(extensions: &http::Extensions) -> Result<Viewer, AppError> {
    match extensions.get::<Identity>() {
        Some(Identity(Ok(viewer))) => Ok(viewer.clone()),
        Some(Identity(Err(error))) => Err(error.clone()),
        None => {
            tracing::error!("request reached the app without passing the identity layer");
            Err(AppError::Internal)
        }
    }
}

/// The caller, when it is an admin (checked on the server whatever a page showed).
pub fn admin(viewer: Viewer) -> Result<Viewer, AppError> {
    if viewer.role == domain::DeviceRole::Admin {
        Ok(viewer)
    } else {
        Err(AppError::AdminOnly)
    }
}

/// The caller of this server function or page.
pub fn require_viewer() -> Result<Viewer, AppError> {
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
    caller(&parts.extensions)
}

/// The caller of this server function or page, when it is an admin.
pub fn require_admin() -> Result<Viewer, AppError> {
    admin(require_viewer()?)
}

/// The caller's language: the `lang` cookie set by the toggle, else `Accept-Language`.
pub fn request_lang() -> domain::Lang {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return domain::Lang::default();
    };
    let header = |name| {
        parts
            .headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
    };
    let chosen = header(http::header::COOKIE)
        .iter()
        .flat_map(|c| c.split(';'))
        .find_map(|pair| pair.trim().strip_prefix("lang="))
        .and_then(|code| match code {
            "th" => Some(domain::Lang::Th),
            "en" => Some(domain::Lang::En),
            _ => None,
        });
    chosen.unwrap_or_else(|| {
        header(http::header::ACCEPT_LANGUAGE)
            .first()
            .map(|h| domain::Lang::from_accept_language(h))
            .unwrap_or_default()
    })
}

/// A plain HTML form post (no JavaScript): the browser expects a page back.
pub fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

pub fn parse_uuid(value: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(value.trim()).map_err(|_| AppError::BadRequest("expected a UUID".into()))
}

/// Which event `viewer`'s phone logs for today — the one rule that places taps
/// (`domain::event::place`) applied to now — and every event, for pickers.
pub async fn current_event(
    st: &AppState,
    viewer: &Viewer,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(crate::wire::CurrentEvent, Vec<entities::event::Model>), AppError> {
    use crate::wire::CurrentEvent;
    let events = st.repo.events().await?;
    let running: Vec<&entities::event::Model> = events.iter().filter(|e| e.runs_at(now)).collect();
    let runs: Vec<_> = running.iter().map(|e| e.run()).collect();
    let current = match domain::event::place(now, &runs, viewer.chosen_event.as_deref()) {
        Ok(id) => CurrentEvent::Running(
            running
                .iter()
                .find(|e| e.id == id)
                .map(|e| e.reference())
                .ok_or(AppError::Internal)?,
        ),
        Err(domain::event::Unplaced::ChooseEvent) => {
            CurrentEvent::Choose(running.iter().map(|e| e.reference()).collect())
        }
        Err(domain::event::Unplaced::NoEvent) => CurrentEvent::NoneToday,
    };
    Ok((current, events))
}

/// Whether an IANA time-zone name exists (the event checks ask; the browser build has
/// no zone database).
pub fn known_zone(name: &str) -> bool {
    name.parse::<chrono_tz::Tz>().is_ok()
}

/// A refused event change, as the app's error.
pub fn event_error(e: repo::EventError) -> AppError {
    use crate::error::Conflict;
    match e {
        repo::EventError::NotFound => AppError::NotFound,
        repo::EventError::NameTaken => domain::RuleViolation::EventNameTaken.into(),
        repo::EventError::HasRecords => AppError::Conflict(Conflict::EventHasRecords),
        repo::EventError::NotStarted => AppError::Conflict(Conflict::EventNotStarted),
        repo::EventError::Db(db) => db.into(),
    }
}

/// The event a screen asks for: `all` (or the phone has none today) is every event;
/// nothing is the phone's current one; else an event's id, which must exist.
pub fn chosen_event(
    asked: Option<&str>,
    current: &crate::wire::CurrentEvent,
    events: &[entities::event::Model],
) -> Result<Option<String>, AppError> {
    match asked.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(current.running().map(|e| e.id.clone())),
        Some("all") => Ok(None),
        Some(id) => known_event(id, events).map(Some),
    }
}

/// An event id a request names, which must be one of `events`.
pub fn known_event(id: &str, events: &[entities::event::Model]) -> Result<String, AppError> {
    events
        .iter()
        .find(|e| e.id == id.trim())
        .map(|e| e.id.clone())
        .ok_or(AppError::BadRequest("event: unknown event".into()))
}

/// The period a screen asks for (`domain::period::chosen`), as the app's error.
pub fn period(
    choice: &str,
    from: Option<&str>,
    to: Option<&str>,
    tz: &chrono_tz::Tz,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<repo::Period, AppError> {
    domain::period::chosen(choice, from, to, tz, now).map_err(|e| match e {
        domain::period::Unchosen::Choice => {
            AppError::BadRequest("period: today, yesterday, week, all or custom".into())
        }
        domain::period::Unchosen::Dates => domain::RuleViolation::BadTime.into(),
    })
}
