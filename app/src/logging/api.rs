//! Server functions of the logging screens. Each one: state, identity, validation, one
//! repository call.

use super::{Figures, Recorded};
use crate::error::AppError;
use crate::forms::Strict;
use crate::identity::Viewer;
use domain::Lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How long after saving a record its device may still undo it.
pub const UNDO_WINDOW_SECONDS: i64 = 120;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub event_name: String,
    pub lang: Lang,
    pub viewer: Viewer,
    pub today: Figures,
    pub week: Figures,
    pub all_time: Figures,
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
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UndoForm {
    pub id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneForm {
    pub key: String,
    pub description: String,
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
    use crate::server::{request_lang, state, viewer};
    let st = state()?;
    let viewer = viewer()?;
    let now = chrono::Utc::now();
    let tz = &st.config.timezone;
    let [today, week, all_time] = st
        .repo
        .figures(
            [
                Some(domain::period::day(now, tz)),
                Some(domain::period::week(now, tz)),
                None,
            ],
            viewer.seller_id.as_deref(),
        )
        .await?;
    Ok(HomeData {
        event_name: st.config.event_name.clone(),
        lang: request_lang(),
        viewer,
        today,
        week,
        all_time,
        walk_by_key: Uuid::new_v4(),
        conversation_key: Uuid::new_v4(),
    })
}

#[server(endpoint = "page_context")]
pub async fn page_context() -> Result<PageInfo, AppError> {
    use crate::server::{request_lang, state, viewer};
    let st = state()?;
    let viewer = viewer()?;
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
    let recorded = server::store(&form.key, form.at.as_deref(), &record).await?;
    if form.at.is_some() {
        // Back-dated: show what was saved, and when.
        leptos_axum::redirect(&format!("/done?id={}", recorded.id));
    } else if crate::server::is_plain_form_post() {
        // Without JavaScript the page comes back with its Undo offer.
        leptos_axum::redirect(&format!("/?saved={}", recorded.id));
    }
    Ok(recorded)
}

#[server(endpoint = "record_conversation")]
pub async fn record_conversation(#[server(flatten)] form: Strict<ConversationForm>) -> Result<Recorded, AppError> {
    use domain::rules::Field;
    let form = form.0;
    let draft = domain::Draft {
        engaged: true,
        persona: form.persona,
        hook: form.hook,
        sale_type: form.sale,
        quantity: domain::rules::form_quantity(form.qty.as_deref())?,
        unit_price: domain::rules::form_number(form.price.as_deref(), Field::UnitPrice)?,
        lead_type: form.lead,
        objection: form.objection,
        notes: None,
    };
    let record = domain::check_interaction(&draft)?;
    let recorded = server::store(&form.key, form.at.as_deref(), &record).await?;
    leptos_axum::redirect(&format!("/done?id={}", recorded.id));
    Ok(recorded)
}

/// Takes back a record this device saved moments ago (soft delete).
#[server(endpoint = "undo_record")]
pub async fn undo_record(#[server(flatten)] form: Strict<UndoForm>) -> Result<(), AppError> {
    use crate::server::{state, viewer};
    let st = state()?;
    let viewer = viewer()?;
    let id = crate::server::parse_uuid(&form.0.id)?;
    let window = chrono::Duration::seconds(UNDO_WINDOW_SECONDS);
    let undone = st
        .repo
        .undo_interaction(
            id,
            &viewer.device,
            viewer.seller_id.as_deref(),
            chrono::Utc::now(),
            window,
        )
        .await?;
    if !undone {
        return Err(AppError::NotFound);
    }
    st.live.notify();
    leptos_axum::redirect("/?undone=1");
    Ok(())
}

/// A record this device saved, summarised for the confirmation screen.
#[server(endpoint = "record_summary")]
pub async fn record_summary(id: String) -> Result<SavedRecord, AppError> {
    use crate::server::{request_lang, state, viewer};
    let st = state()?;
    let viewer = viewer()?;
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
        text: domain::describe(&row.to_domain(), lang),
        at: row
            .timestamp
            .with_timezone(&st.config.timezone)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        deleted: row.deleted_at.is_some(),
    })
}

#[server(endpoint = "record_milestone")]
pub async fn record_milestone(#[server(flatten)] form: Strict<MilestoneForm>) -> Result<(), AppError> {
    use crate::server::{state, viewer};
    let st = state()?;
    let viewer = viewer()?;
    let seller = viewer.seller_id.as_deref().ok_or(AppError::NoSeller)?;
    let key = crate::server::parse_uuid(&form.0.key)?;
    let description = super::clean_milestone(&form.0.description)
        .ok_or(domain::RuleViolation::Missing(domain::rules::Field::Milestone))?;
    st.repo
        .record_milestone(key, chrono::Utc::now(), &viewer.device, Some(seller), &description)
        .await
        .map_err(server::record_error)?;
    st.live.notify();
    leptos_axum::redirect("/?milestone=1");
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
    let cookie = format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    response.insert_header(
        http::header::SET_COOKIE,
        http::HeaderValue::from_str(&cookie).expect("ascii cookie"),
    );
    Ok(())
}

#[cfg(feature = "ssr")]
mod server {
    use crate::error::AppError;
    use crate::logging::Recorded;
    use crate::server::repo::{NewInteraction, RecordError};
    use crate::server::{state, viewer};
    use domain::Interaction;

    pub fn record_error(e: RecordError) -> AppError {
        match e {
            RecordError::KeyReused => AppError::KeyReused,
            RecordError::Db(db) => db.into(),
        }
    }

    /// Stores a checked record for the calling device and its seller, at `at` (booth
    /// local, back-dated) or now.
    pub async fn store(key: &str, at: Option<&str>, record: &Interaction) -> Result<Recorded, AppError> {
        let st = state()?;
        let viewer = viewer()?;
        let seller = viewer.seller_id.as_deref().ok_or(AppError::NoSeller)?;
        let key = crate::server::parse_uuid(key)?;
        let now = chrono::Utc::now();
        let at = match at.map(str::trim).filter(|a| !a.is_empty()) {
            None => now,
            Some(local) => {
                let at =
                    domain::period::parse_local(local, &st.config.timezone).ok_or(domain::RuleViolation::BadTime)?;
                domain::check_timestamp(at, now)?;
                at
            }
        };
        let new = NewInteraction {
            key,
            at,
            device: &viewer.device,
            seller_id: Some(seller),
            record,
        };
        let recorded = st.repo.record_interaction(new).await.map_err(record_error)?;
        st.live.notify();
        Ok(recorded)
    }
}
