//! What each milestone changed: the hours before and after it, cut to its event's days
//! and opening hours, counted in one query for all of them.

use super::entities::{booth_event, event};
use super::{AppState, repo::spec_of};
use crate::error::AppError;
use crate::wire::MilestoneEffect;
use domain::insight::{Effect, Side, window};

/// The effects of `milestones` (those of no known event are left out), windows of `hours`.
pub async fn milestone_effects(
    st: &AppState,
    milestones: &[booth_event::Model],
    events: &[event::Model],
    hours: i64,
) -> Result<Vec<MilestoneEffect>, AppError> {
    let mut windows = Vec::with_capacity(2 * milestones.len());
    let mut measured = Vec::with_capacity(milestones.len());
    for milestone in milestones {
        let Some(event) = events.iter().find(|e| Some(&e.id) == milestone.event_id.as_ref()) else {
            continue;
        };
        let (spec, tz) = (spec_of(event), event.tz());
        let days = (spec.first_day, spec.last_day);
        let [before, after] =
            [false, true].map(|later| window(milestone.timestamp, hours, later, &tz, days, spec.hours));
        windows.push((event.id.clone(), before.clone()));
        windows.push((event.id.clone(), after.clone()));
        measured.push((milestone, event, tz, before, after));
    }
    let counts = st.repo.window_counts(&windows).await?;
    Ok(measured
        .into_iter()
        .zip(counts.chunks(2))
        .map(|((milestone, event, tz, before, after), counts)| {
            let side = |spans: &[domain::period::Span], [v, c, s]: [i64; 3]| Side::of(spans, v, c, s);
            MilestoneEffect {
                id: milestone.id,
                when: domain::period::shown_local(milestone.timestamp, &tz),
                description: milestone.description.clone(),
                event: event.name.clone(),
                effect: Effect {
                    window_hours: hours,
                    before: side(&before, counts[0]),
                    after: side(&after, counts[1]),
                },
            }
        })
        .collect())
}
