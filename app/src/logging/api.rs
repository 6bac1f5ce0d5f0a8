//! Server functions of the logging screens. Each one: state, identity, validation, one
//! repository call.

use crate::error::AppError;
use crate::forms::Strict;
use crate::identity::Viewer;
use crate::wire::{CurrentEvent, Figures, Recorded};
use domain::Lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How long after saving a record its device may still undo it.
pub const UNDO_WINDOW_SECONDS: i64 = 120;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub event: CurrentEvent,
    pub lang: Lang,
    pub viewer: Viewer,
    /// Today at this phone's event, the whole event, and every event ever.
    pub today: Figures,
    /// The running event's daily targets (none set: all `None`).
    pub targets: domain::event::Targets,
    pub this_event: Figures,
    pub all_events: Figures,
    /// Today's booth-local date (`YYYY-MM-DD`), for "Start an event today".
    pub today_local: String,
    /// Idempotency keys for the next walk-by and the next conversation (the browser makes
    /// its own walk-by keys after the first).
    pub walk_by_key: Uuid,
    pub conversation_key: Uuid,
}

/// The walk-by form; `at` (booth-local `YYYY-MM-DDTHH:MM`) back-dates it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WalkByForm {
    /// Client-made idempotency key: a retried submission never creates a second row.
    pub key: String,
    pub at: Option<String>,
    /// When the tap happened (RFC 3339), for a tap the phone kept while offline and sends
    /// later; checked like any back-dated time.
    pub tapped_at: Option<String>,
}

/// The deep log's last step. Everything arrives as text and is checked on the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConversationForm {
    pub key: String,
    pub persona: Option<String>,
    pub hook: Option<String>,
    pub sale: Option<String>,
    pub qty: Option<String>,
    pub price: Option<String>,
    pub objection: Option<String>,
    pub lead: Option<String>,
    pub at: Option<String>,
    pub tapped_at: Option<String>,
}

impl ConversationForm {
    /// The record this form asks for, not yet checked: the one reading of the form's
    /// text, for the server and for the phone's own confirmation screen.
    pub fn draft(&self) -> Result<domain::Draft, domain::RuleViolation> {
        use domain::rules::{Field, form_number, form_quantity};
        Ok(domain::Draft {
            engaged: true,
            persona: self.persona.clone(),
            hook: self.hook.clone(),
            sale_type: self.sale.clone(),
            quantity: form_quantity(self.qty.as_deref())?,
            unit_price: form_number(self.price.as_deref(), Field::UnitPrice)?,
            lead_type: self.lead.clone(),
            objection: self.objection.clone(),
            notes: None,
        })
    }
}

/// Takes back a record by the key its phone made for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UndoForm {
    pub key: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneForm {
    pub key: String,
    pub description: String,
    pub tapped_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageForm {
    pub lang: String,
}

/// What the confirmation screen shows about a record just saved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedRecord {
    pub lang: Lang,
    pub id: Uuid,
    /// The key its phone made for it (the handle Undo uses).
    pub key: Option<Uuid>,
    pub text: String,
    /// Booth-local time, `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub deleted: bool,
}

/// What a page needs before any record is written: the language and the booth's clock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageInfo {
    pub lang: Lang,
    /// Booth-local now and the earliest back-date, as `YYYY-MM-DDTHH:MM`.
    pub now_local: String,
    pub earliest_local: String,
    pub has_seller: bool,
    /// Fresh idempotency keys for the forms on the page.
    pub fresh_keys: [Uuid; 2],
}

#[server(endpoint = "home_summary")]
pub async fn home_summary() -> Result<HomeData, AppError> {
    use crate::server::{request_lang, require_viewer, state};
    let st = state()?;
    let viewer = require_viewer()?;
    let now = chrono::Utc::now();
    let tz = &st.config.timezone;
    let (event, events) = crate::server::current_event(&st, &viewer, now).await?;
    // With no event running, "This event" has nothing to show and "Today" is the booth's.
    let running = event
        .running()
        .and_then(|e| events.iter().find(|model| model.id == e.id));
    let targets = running
        .map(|e| crate::server::repo::spec_of(e).targets)
        .unwrap_or_default();
    let [today, this_event, all_events] = match running {
        Some(running) => {
            let id = running.id.as_str();
            // The event's own day: its targets are per day where it runs.
            let today = domain::period::day(now, &running.tz());
            st.repo
                .figures(
                    [(Some(today), Some(id)), (None, Some(id)), (None, None)],
                    viewer.seller_id.as_deref(),
                )
                .await?
        }
        None => {
            let [today, all] = st
                .repo
                .figures(
                    [(Some(domain::period::day(now, tz)), None), (None, None)],
                    viewer.seller_id.as_deref(),
                )
                .await?;
            [today, Figures::default(), all]
        }
    };
    Ok(HomeData {
        event,
        lang: request_lang(),
        viewer,
        today,
        targets,
        this_event,
        all_events,
        today_local: domain::period::local_date(now, tz),
        walk_by_key: Uuid::new_v4(),
        conversation_key: Uuid::new_v4(),
    })
}

/// What a logging page needs, remembered for offline use. Offline before any logging
/// page was opened, it is what Home last said (language, whether a seller is chosen),
/// with keys made on the phone.
pub async fn page_info() -> Result<PageInfo, AppError> {
    match crate::offline::remembered("page", page_context()).await {
        Err(e) if e.is_retryable() => crate::offline::storage::load::<HomeData>("home")
            .map(|home| PageInfo {
                lang: home.lang,
                now_local: String::new(),
                earliest_local: String::new(),
                has_seller: home.viewer.seller_id.is_some(),
                fresh_keys: [Uuid::new_v4(), Uuid::new_v4()],
            })
            .ok_or(e),
        other => other,
    }
}

#[server(endpoint = "page_context")]
pub async fn page_context() -> Result<PageInfo, AppError> {
    use crate::server::{request_lang, require_viewer, state};
    let st = state()?;
    let viewer = require_viewer()?;
    let now = chrono::Utc::now();
    let tz = &st.config.timezone;
    let earliest = now - chrono::Duration::days(domain::rules::MAX_BACKDATE_DAYS) + chrono::Duration::minutes(1);
    Ok(PageInfo {
        lang: request_lang(),
        now_local: domain::period::format_local(now, tz),
        earliest_local: domain::period::format_local(earliest, tz),
        has_seller: viewer.seller_id.is_some(),
        fresh_keys: [Uuid::new_v4(), Uuid::new_v4()],
    })
}

#[server(endpoint = "record_walk_by")]
pub async fn record_walk_by(#[server(flatten)] form: Strict<WalkByForm>) -> Result<Recorded, AppError> {
    let form = form.0;
    let record = domain::check_interaction(&domain::Draft::default())?;
    let when = server::When {
        at: form.at.as_deref(),
        tapped_at: form.tapped_at.as_deref(),
    };
    let recorded = server::store(&form.key, when, &record).await?;
    // A plain form post (no JavaScript) gets a page back: what was saved when it was
    // back-dated, else Home with its Undo offer. The app itself needs no page.
    if crate::server::is_plain_form_post() {
        if form.at.is_some() {
            leptos_axum::redirect(&format!("/done?id={}", recorded.id));
        } else {
            leptos_axum::redirect(&format!("/?saved={}", form.key.trim()));
        }
    }
    Ok(recorded)
}

#[server(endpoint = "record_conversation")]
pub async fn record_conversation(#[server(flatten)] form: Strict<ConversationForm>) -> Result<Recorded, AppError> {
    let form = form.0;
    let record = domain::check_interaction(&form.draft()?)?;
    let when = server::When {
        at: form.at.as_deref(),
        tapped_at: form.tapped_at.as_deref(),
    };
    let recorded = server::store(&form.key, when, &record).await?;
    if crate::server::is_plain_form_post() {
        leptos_axum::redirect(&format!("/done?id={}", recorded.id));
    }
    Ok(recorded)
}

/// Takes back a record this device saved moments ago (soft delete).
#[server(endpoint = "undo_record")]
pub async fn undo_record(#[server(flatten)] form: Strict<UndoForm>) -> Result<(), AppError> {
    use crate::server::{require_viewer, state};
    let st = state()?;
    let viewer = require_viewer()?;
    let key = crate::server::parse_uuid(&form.0.key)?;
    let window = chrono::Duration::seconds(UNDO_WINDOW_SECONDS);
    let undone = st
        .repo
        .undo_interaction(
            key,
            &viewer.device,
            viewer.seller_id.as_deref(),
            chrono::Utc::now(),
            window,
        )
        .await?;
    if !undone {
        return Err(AppError::NotFound);
    }
    if crate::server::is_plain_form_post() {
        leptos_axum::redirect("/?undone=1");
    }
    Ok(())
}

/// A record this device saved, summarised for the confirmation screen.
#[server(endpoint = "record_summary")]
pub async fn record_summary(id: String) -> Result<SavedRecord, AppError> {
    use crate::server::{request_lang, require_viewer, state};
    let st = state()?;
    let viewer = require_viewer()?;
    let id = crate::server::parse_uuid(&id)?;
    let row = st
        .repo
        .interaction(id)
        .await?
        .filter(|r| r.staff_device.as_deref() == Some(viewer.device.as_str()))
        .ok_or(AppError::NotFound)?;
    let lang = request_lang();
    Ok(SavedRecord {
        lang,
        id,
        key: row.idempotency_key,
        text: domain::describe(&row.to_domain(), lang),
        at: domain::period::shown_local(row.timestamp, &st.config.timezone),
        deleted: row.deleted_at.is_some(),
    })
}

#[server(endpoint = "record_milestone")]
pub async fn record_milestone(#[server(flatten)] form: Strict<MilestoneForm>) -> Result<(), AppError> {
    use crate::server::{require_viewer, state};
    let st = state()?;
    let viewer = require_viewer()?;
    let seller = viewer.seller_id.as_deref().ok_or(AppError::NoSeller)?;
    let form = form.0;
    let key = crate::server::parse_uuid(&form.key)?;
    let description = domain::rules::milestone_text(&form.description)?;
    let at = server::When {
        at: None,
        tapped_at: form.tapped_at.as_deref(),
    }
    .resolve(&st.config.timezone, chrono::Utc::now())?;
    let (_, inserted) = st
        .repo
        .record_milestone(key, at, &viewer.device, Some(seller), &description)
        .await
        .map_err(server::record_error)?;
    if inserted {
        st.metrics.written(crate::server::metrics::Written::Milestone);
    }
    if crate::server::is_plain_form_post() {
        leptos_axum::redirect("/?milestone=1");
    }
    Ok(())
}

/// Switches the interface language (remembered in a cookie for a year).
#[server(endpoint = "set_language")]
pub async fn set_language(#[server(flatten)] form: Strict<LanguageForm>) -> Result<(), AppError> {
    let lang = match form.0.lang.as_str() {
        "th" => Lang::Th,
        "en" => Lang::En,
        _ => return Err(AppError::BadRequest("lang: th or en".into())),
    };
    let response = expect_context::<leptos_axum::ResponseOptions>();
    // Over HTTPS the cookie is never sent over plain HTTP.
    let secure = if crate::server::over_https() { "; Secure" } else { "" };
    let cookie = format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}", lang.code());
    response.insert_header(
        http::header::SET_COOKIE,
        http::HeaderValue::from_str(&cookie).expect("ascii cookie"),
    );
    Ok(())
}

#[cfg(feature = "ssr")]
mod server {
    use crate::error::AppError;
    use crate::server::repo::{NewInteraction, RecordError};
    use crate::server::{require_viewer, state};
    use crate::wire::Recorded;
    use domain::Interaction;

    pub fn record_error(e: RecordError) -> AppError {
        match e {
            RecordError::KeyReused => AppError::KeyReused,
            RecordError::Unplaced(why) => AppError::Unplaced(why),
            RecordError::Db(db) => db.into(),
        }
    }

    /// When a record happened: back-dated by a booth-local `at`, else the tap time a phone
    /// kept while offline, else now. Either is checked like any back-dated time.
    pub struct When<'a> {
        pub at: Option<&'a str>,
        pub tapped_at: Option<&'a str>,
    }

    impl When<'_> {
        pub fn resolve(
            &self,
            tz: &chrono_tz::Tz,
            now: chrono::DateTime<chrono::Utc>,
        ) -> Result<chrono::DateTime<chrono::Utc>, AppError> {
            fn given(v: Option<&str>) -> Option<&str> {
                v.map(str::trim).filter(|v| !v.is_empty())
            }
            let at = match (given(self.at), given(self.tapped_at)) {
                (Some(local), _) => domain::period::parse_local(local, tz).ok_or(domain::RuleViolation::BadTime)?,
                // A phone whose clock runs ahead tapped no later than now.
                (None, Some(instant)) => chrono::DateTime::parse_from_rfc3339(instant)
                    .map_err(|_| domain::RuleViolation::BadTime)?
                    .with_timezone(&chrono::Utc)
                    .min(now),
                (None, None) => return Ok(now),
            };
            domain::check_timestamp(at, now)?;
            Ok(at)
        }
    }

    /// Stores a checked record for the calling device and its seller, at the time `when`
    /// says.
    pub async fn store(key: &str, when: When<'_>, record: &Interaction) -> Result<Recorded, AppError> {
        let st = state()?;
        let viewer = require_viewer()?;
        let seller = viewer.seller_id.as_deref().ok_or(AppError::NoSeller)?;
        let key = crate::server::parse_uuid(key)?;
        let at = when.resolve(&st.config.timezone, chrono::Utc::now())?;
        let new = NewInteraction {
            key,
            at,
            device: &viewer.device,
            seller_id: Some(seller),
            record,
        };
        let recorded = st.repo.record_interaction(new).await.map_err(record_error)?;
        if !recorded.replayed {
            use crate::server::metrics::Written;
            st.metrics.written(if record.engaged {
                Written::Conversation
            } else {
                Written::WalkBy
            });
        }
        Ok(recorded)
    }
}
