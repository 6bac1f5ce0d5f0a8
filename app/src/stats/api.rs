use crate::error::AppError;
use crate::wire::EventRef;
use domain::Lang;
use domain::analytics::{Hypotheses, Journey, SellerPerformance, Stats};
use domain::insight::{HeatMap, Market};
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
    /// Hours before and after each milestone (1–4; default 2).
    pub window: Option<String>,
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
    /// Records by hour and day in the event's zone, or why the range is too long to draw;
    /// none for all events over all time (a map of every market at once says nothing).
    pub heat: Option<Result<HeatMap, domain::RuleViolation>>,
    /// What the period's latest milestones changed, oldest first.
    pub effects: Vec<crate::wire::MilestoneEffect>,
    pub window_hours: i64,
}

/// Milestones the Stats screen measures at most (the latest of the period).
pub const MAX_EFFECTS: usize = 50;

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
    let window_hours = domain::insight::window_hours(choice.window.as_deref())?;
    let chosen = event.as_deref().and_then(|id| events.iter().find(|e| e.id == id));
    let effects = async {
        let (from, to) = (period.map(|p| p.0), period.map(|p| p.1));
        let milestones = st
            .repo
            .milestones_between(from, to, None, None, event.as_deref())
            .await?;
        let latest = &milestones[milestones.len().saturating_sub(MAX_EFFECTS)..];
        crate::server::effects::milestone_effects(&st, latest, &events, window_hours).await
    };
    let (facts, sellers, heat, effects) = tokio::try_join!(
        async { Ok::<_, AppError>(st.repo.facts(period, seller, event.as_deref()).await?) },
        async { Ok::<_, AppError>(st.repo.all_sellers().await?) },
        heat_map(&st, period, chosen, seller, now),
        effects,
    )?;
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
            .map(|e| e.reference())
            .collect(),
        heat,
        effects,
        window_hours,
        choice,
    })
}

/// The heat map of the Stats screen: the period's days (booth-local dates) or, for all
/// time, the event's days so far, laid out in the event's zone; none for every event
/// over all time. More than [`domain::insight::HEAT_MAX_DAYS`] days are refused, not
/// squeezed.
#[cfg(feature = "ssr")]
async fn heat_map(
    st: &crate::server::AppState,
    period: crate::server::repo::Period,
    event: Option<&crate::server::entities::event::Model>,
    seller: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<Result<HeatMap, domain::RuleViolation>>, AppError> {
    use domain::insight::HEAT_MAX_DAYS;
    let booth_tz = st.config.timezone;
    let tz = event.map_or(booth_tz, |e| e.tz());
    let today = now.with_timezone(&tz).date_naive();
    let (first, last) = match (period, event) {
        (Some((from, to)), _) => (
            from.with_timezone(&booth_tz).date_naive(),
            (to - chrono::Duration::seconds(1))
                .with_timezone(&booth_tz)
                .date_naive(),
        ),
        (None, Some(e)) => (e.first_day, e.last_day.map_or(today, |l| l.min(today)).max(e.first_day)),
        (None, None) => return Ok(None),
    };
    if (last - first).num_days() + 1 > HEAT_MAX_DAYS {
        return Ok(Some(Err(domain::RuleViolation::RangeTooLong(HEAT_MAX_DAYS))));
    }
    let span = domain::period::days(first, last, &tz);
    let buckets = st.repo.buckets(span, event.map(|e| e.id.as_str()), seller).await?;
    let hours = event.and_then(|e| crate::server::repo::spec_of(e).hours);
    Ok(Some(Ok(HeatMap::build(&buckets, &tz, (first, last), hours))))
}

/// The events picked to compare (`?event=a&event=b`), and whether archived ones may be.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CompareChoice {
    pub events: Vec<String>,
    pub archived: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompareData {
    pub lang: Lang,
    /// The events compared, in the order picked, each with its column.
    pub markets: Vec<(EventRef, Market)>,
    /// Every event that can be picked.
    pub events: Vec<EventRef>,
    pub choice: CompareChoice,
}

/// Events side by side (the events issue's sequel, §1). No events picked: only the
/// list to pick from. One, or more than six, or an unknown or hidden archived one:
/// refused, with why.
#[server(endpoint = "compare_events")]
pub async fn compare_events(choice: CompareChoice) -> Result<CompareData, AppError> {
    use crate::server::{request_lang, require_viewer, state};
    use domain::RuleViolation;
    use domain::insight::{COMPARE_MAX, COMPARE_MIN, daily_hours, days_open};
    let st = state()?;
    require_viewer()?;
    let events = st.repo.events().await?;
    let mut picked = Vec::new();
    for id in choice.events.iter().map(|id| id.trim()).filter(|id| !id.is_empty()) {
        let event = events
            .iter()
            .find(|e| e.id == id)
            .ok_or_else(|| RuleViolation::UnknownValue {
                field: domain::rules::Field::Event,
                value: id.to_string(),
            })?;
        if event.archived && !choice.archived {
            return Err(RuleViolation::EventArchived(event.name.clone()).into());
        }
        if !picked
            .iter()
            .any(|p: &&crate::server::entities::event::Model| p.id == event.id)
        {
            picked.push(event);
        }
    }
    if !picked.is_empty() && !(COMPARE_MIN..=COMPARE_MAX).contains(&picked.len()) {
        return Err(RuleViolation::CompareCount {
            min: COMPARE_MIN,
            max: COMPARE_MAX,
        }
        .into());
    }
    let now = chrono::Utc::now();
    let mut markets = Vec::with_capacity(picked.len());
    for event in picked {
        let facts = st.repo.facts(None, None, Some(&event.id)).await?;
        let spec = crate::server::repo::spec_of(event);
        let today = now.with_timezone(&event.tz()).date_naive();
        markets.push((
            event.reference(),
            Market {
                days_open: days_open(spec.first_day, spec.last_day, today),
                hours_per_day: spec.hours.map(daily_hours),
                booth_fee: spec.booth_fee,
                other_costs: spec.other_costs,
                stats: Stats::from_facts(&facts),
                hypotheses: Hypotheses::from_facts(&facts),
            },
        ));
    }
    Ok(CompareData {
        lang: request_lang(),
        markets,
        events: events
            .iter()
            .filter(|e| choice.archived || !e.archived)
            .map(|e| e.reference())
            .collect(),
        choice,
    })
}
