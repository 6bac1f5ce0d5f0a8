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
}

#[server(endpoint = "analytics")]
pub async fn analytics(choice: PeriodChoice) -> Result<AnalyticsData, AppError> {
    use crate::server::{request_lang, require_viewer, state};
    let st = state()?;
    require_viewer()?;
    let tz = &st.config.timezone;
    let period = crate::server::period(
        &choice.period,
        choice.from.as_deref(),
        choice.to.as_deref(),
        tz,
        chrono::Utc::now(),
    )?;
    let seller = choice.seller.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let (facts, sellers) = tokio::try_join!(st.repo.facts(period, seller), st.repo.all_sellers())?;
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
        choice,
    })
}
