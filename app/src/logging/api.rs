//! Server functions of the logging screens. Each one: state, identity, validation, one
//! repository call.

use super::{Counts, Recorded};
use crate::error::AppError;
use crate::forms::Strict;
use crate::identity::Viewer;
use domain::Lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub event_name: String,
    pub lang: Lang,
    pub viewer: Viewer,
    pub today: Counts,
    /// Idempotency key for the next walk-by form (the browser makes its own after that).
    pub next_key: Uuid,
}

/// The walk-by form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WalkByForm {
    /// Client-made idempotency key: a retried submission never creates a second row.
    pub key: String,
}

#[server(endpoint = "home_summary")]
pub async fn home_summary() -> Result<HomeData, AppError> {
    use crate::server::{request_lang, state, viewer};
    let st = state()?;
    let viewer = viewer()?;
    let (from, to) = domain::period::day(chrono::Utc::now(), &st.config.timezone);
    let today = st.repo.counts(from, to, None).await?;
    Ok(HomeData {
        event_name: st.config.event_name.clone(),
        lang: request_lang(),
        viewer,
        today,
        next_key: Uuid::new_v4(),
    })
}

#[server(endpoint = "record_walk_by")]
pub async fn record_walk_by(#[server(flatten)] form: Strict<WalkByForm>) -> Result<Recorded, AppError> {
    use crate::server::repo::{NewInteraction, RecordError};
    use crate::server::{state, viewer};
    let st = state()?;
    let viewer = viewer()?;
    let key = parse_key(&form.0.key)?;
    let record = domain::check_interaction(&domain::Draft::default())?;
    let new = NewInteraction {
        key,
        at: chrono::Utc::now(),
        device: &viewer.device,
        seller_id: viewer.seller_id.as_deref(),
        record: &record,
    };
    st.repo.record_interaction(new).await.map_err(|e| match e {
        RecordError::KeyReused => AppError::KeyReused,
        RecordError::Db(db) => db.into(),
    })
}

#[cfg(feature = "ssr")]
fn parse_key(key: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(key.trim()).map_err(|_| AppError::BadRequest("key: expected a UUID".into()))
}
