use crate::error::AppError;
use domain::Lang;
use domain::analytics::{Hypotheses, Journey, SellerPerformance, Stats};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Which records the screen counts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PeriodChoice {
    /// `today` (default), `week`, `all` or `custom`.
    pub period: String,
    /// Booth-local dates `YYYY-MM-DD`, for `custom`.
    pub from: Option<String>,
    pub to: Option<String>,
    pub seller: Option<String>,
    /// An event's id, `all`, or nothing for the phone's current event.
    pub event: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnalyticsData {
    pub lang: Lang,
    pub choice: PeriodChoice,
    /// Booth-local dates the period covers, for the heading (`None` = all time).
    pub range: Option<(String, String)>,
    pub stats: Stats,
    pub journey: Journey,
    pub hypotheses: Hypotheses,
    pub sellers: Vec<SellerPerformance>,
    pub booth: SellerPerformance,
    /// (id, name) of every seller, for the picker and the cards.
    pub seller_names: Vec<(String, String)>,
    /// The event counted (`None`: all events) and every event, for the picker.
    pub event: Option<String>,
    pub events: Vec<crate::wire::EventRef>,
}

#[server(endpoint = "analytics")]
pub async fn analytics(choice: PeriodChoice) -> Result<AnalyticsData, AppError> {
    use crate::server::{request_lang, require_viewer, state};
    let st = state()?;
    let viewer = require_viewer()?;
    let tz = &st.config.timezone;
    let now = chrono::Utc::now();
    let (current, events) = crate::server::current_event(&st, &viewer, now).await?;
    let event = crate::server::chosen_event(choice.event.as_deref(), &current, &events)?;
    let period = crate::server::period(&choice.period, choice.from.as_deref(), choice.to.as_deref(), tz, now)?;
    let seller = choice.seller.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let (facts, sellers) = tokio::try_join!(st.repo.facts(period, seller, event.as_deref()), st.repo.all_sellers())?;
    let local = |at| domain::period::local_date(at, tz);
    let (cards, booth) = SellerPerformance::from_facts(&facts);
    Ok(AnalyticsData {
        lang: request_lang(),
        range: period.map(|(from, to)| (local(from), local(to - chrono::Duration::seconds(1)))),
        stats: Stats::from_facts(&facts),
        journey: Journey::from_facts(&facts),
        hypotheses: Hypotheses::from_facts(&facts),
        sellers: cards,
        booth,
        seller_names: sellers.into_iter().map(|s| (s.id, s.display_name)).collect(),
        event,
        events: events
            .into_iter()
            .filter(|e| !e.archived)
            .map(|e| crate::wire::EventRef { id: e.id, name: e.name })
            .collect(),
        choice,
    })
}
