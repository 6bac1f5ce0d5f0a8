//! Pop-up events: the markets the booth runs at, one after another or two at once. What
//! an event is, the checks on an admin's form, and which event a tap belongs to — decided
//! by the server from the moment of the tap, never by the phone.

use crate::Baht;
use crate::rules::{Field, RuleViolation};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// The name of the event a fresh install starts with when `EVENT_NAME` is not set.
pub const DEFAULT_NAME: &str = "Lumicello";
/// Longest event name and venue.
pub const MAX_NAME_CHARS: usize = 80;
/// Longest notes on an event.
pub const MAX_NOTES_CHARS: usize = 2000;
/// Dates an event may have.
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;
/// A cost or revenue target above this (฿100 million) is a typing slip, not a booth.
pub const MAX_BAHT: Baht = 100_000_000;
/// A daily target of visitors, conversations or sales above this is a typing slip.
pub const MAX_DAILY_COUNT: i64 = 100_000;

/// An event's id: a slug of its name that works for Thai names, like sellers'.
pub fn slug(name: &str) -> String {
    crate::seller::slug_or(name, "event")
}

/// An admin's event form as typed: everything is text and checked by [`check`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventDraft {
    /// The event being edited; none for a new one.
    pub id: Option<String>,
    pub name: String,
    pub venue: Option<String>,
    pub time_zone: Option<String>,
    /// Booth-local `YYYY-MM-DD`.
    pub first_day: String,
    /// Empty: open-ended.
    pub last_day: Option<String>,
    /// `HH:MM`, both or neither.
    pub opens: Option<String>,
    pub closes: Option<String>,
    pub booth_fee: Option<String>,
    pub other_costs: Option<String>,
    pub target_visitors: Option<String>,
    pub target_conversations: Option<String>,
    pub target_sales: Option<String>,
    pub target_revenue: Option<String>,
    pub notes: Option<String>,
}

/// Daily targets, each optional.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Targets {
    pub visitors: Option<i64>,
    pub conversations: Option<i64>,
    pub sales: Option<i64>,
    pub revenue: Option<Baht>,
}

/// A checked event, ready to store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventSpec {
    pub name: String,
    pub venue: Option<String>,
    pub time_zone: String,
    pub first_day: NaiveDate,
    pub last_day: Option<NaiveDate>,
    pub hours: Option<(NaiveTime, NaiveTime)>,
    pub booth_fee: Option<Baht>,
    pub other_costs: Option<Baht>,
    pub targets: Targets,
    pub notes: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A booth-local date `YYYY-MM-DD` between 2000 and 2100.
pub fn parse_day(value: &str, field: Field) -> Result<NaiveDate, RuleViolation> {
    let date = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| RuleViolation::BadDate(field))?;
    use chrono::Datelike;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        return Err(RuleViolation::BadDate(field));
    }
    Ok(date)
}

fn short_text(v: &Option<String>, field: Field, max: usize) -> Result<Option<String>, RuleViolation> {
    let Some(text) = given(v) else { return Ok(None) };
    let text = crate::text::check(text)?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if text.chars().count() > max {
        return Err(RuleViolation::TooLong { field, max });
    }
    Ok(Some(text))
}

fn amount(v: &Option<String>, field: Field, max: i64) -> Result<Option<i64>, RuleViolation> {
    let Some(text) = given(v) else { return Ok(None) };
    let n: i64 = text
        .replace(',', "")
        .parse()
        .map_err(|_| RuleViolation::NotANumber(field))?;
    if !(0..=max).contains(&n) {
        return Err(RuleViolation::OutOfRange { field, max });
    }
    Ok(Some(n))
}

/// An admin's event form, checked. `known_zone` says whether a time-zone name exists
/// (the server knows the zone database; the browser build does not carry it).
pub fn check(
    draft: &EventDraft,
    default_zone: &str,
    known_zone: impl Fn(&str) -> bool,
) -> Result<EventSpec, RuleViolation> {
    let name = short_text(&Some(draft.name.clone()), Field::EventName, MAX_NAME_CHARS)?
        .ok_or(RuleViolation::Missing(Field::EventName))?;
    let venue = short_text(&draft.venue, Field::Venue, MAX_NAME_CHARS)?;
    let time_zone = given(&draft.time_zone).unwrap_or(default_zone).to_string();
    if !known_zone(&time_zone) {
        return Err(RuleViolation::UnknownTimeZone(time_zone));
    }
    let first_day = parse_day(&draft.first_day, Field::FirstDay)?;
    let last_day = given(&draft.last_day)
        .map(|d| parse_day(d, Field::LastDay))
        .transpose()?;
    if last_day.is_some_and(|last| last < first_day) {
        return Err(RuleViolation::LastDayBeforeFirst);
    }
    let time = |v: &Option<String>| {
        given(v)
            .map(|t| NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| RuleViolation::BadTime))
            .transpose()
    };
    let hours = match (time(&draft.opens)?, time(&draft.closes)?) {
        (None, None) => None,
        (Some(opens), Some(closes)) if opens < closes => Some((opens, closes)),
        _ => return Err(RuleViolation::Missing(Field::OpeningHours)),
    };
    let notes = match given(&draft.notes) {
        None => None,
        Some(text) => {
            let text = crate::text::check(text)?.to_string();
            if text.chars().count() > MAX_NOTES_CHARS {
                return Err(RuleViolation::TooLong {
                    field: Field::Notes,
                    max: MAX_NOTES_CHARS,
                });
            }
            Some(text)
        }
    };
    Ok(EventSpec {
        name,
        venue,
        time_zone,
        first_day,
        last_day,
        hours,
        booth_fee: amount(&draft.booth_fee, Field::BoothFee, MAX_BAHT)?,
        other_costs: amount(&draft.other_costs, Field::OtherCosts, MAX_BAHT)?,
        targets: Targets {
            visitors: amount(&draft.target_visitors, Field::TargetVisitors, MAX_DAILY_COUNT)?,
            conversations: amount(&draft.target_conversations, Field::TargetConversations, MAX_DAILY_COUNT)?,
            sales: amount(&draft.target_sales, Field::TargetSales, MAX_DAILY_COUNT)?,
            revenue: amount(&draft.target_revenue, Field::TargetRevenue, MAX_BAHT)?,
        },
        notes,
    })
}

/// When an event runs: its booth-local days in its own time zone.
#[derive(Clone, Debug, PartialEq)]
pub struct Run<'a, Tz: TimeZone> {
    pub id: &'a str,
    pub first_day: NaiveDate,
    pub last_day: Option<NaiveDate>,
    pub tz: Tz,
}

impl<Tz: TimeZone> Run<'_, Tz> {
    /// Whether the event runs on the booth-local day of `at` (in the event's zone).
    pub fn covers(&self, at: DateTime<Utc>) -> bool {
        let day = at.with_timezone(&self.tz).date_naive();
        day >= self.first_day && self.last_day.is_none_or(|last| day <= last)
    }
}

/// Why a tap could not be placed in an event. Never a guess: the tap waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unplaced {
    /// No event ran at that moment.
    NoEvent,
    /// Several ran and the phone had chosen none of them.
    ChooseEvent,
}

/// The event a tap at `at` belongs to: the only one running then, or — when several
/// ran at once — the one the phone had chosen at that moment (`chosen`, from its history).
pub fn place<'a, Tz: TimeZone>(
    at: DateTime<Utc>,
    events: &[Run<'a, Tz>],
    chosen: Option<&str>,
) -> Result<&'a str, Unplaced> {
    let running: Vec<&'a str> = events.iter().filter(|e| e.covers(at)).map(|e| e.id).collect();
    match running.as_slice() {
        [] => Err(Unplaced::NoEvent),
        [only] => Ok(only),
        several => several
            .iter()
            .copied()
            .find(|id| Some(*id) == chosen)
            .ok_or(Unplaced::ChooseEvent),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Tz;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn run<'a>(id: &'a str, first: &str, last: Option<&str>, tz: Tz) -> Run<'a, Tz> {
        Run {
            id,
            first_day: day(first),
            last_day: last.map(day),
            tz,
        }
    }

    const BKK: Tz = chrono_tz::Asia::Bangkok;

    #[test]
    fn one_event_takes_every_tap_in_its_days() {
        let events = [run("k-village", "2026-12-01", Some("2026-12-07"), BKK)];
        // 10:00 Bangkok on the first day, and 23:59 on the last.
        assert_eq!(place(utc("2026-12-01T03:00:00Z"), &events, None), Ok("k-village"));
        assert_eq!(place(utc("2026-12-07T16:59:00Z"), &events, None), Ok("k-village"));
        // 00:00 Bangkok the day after the last.
        assert_eq!(
            place(utc("2026-12-07T17:00:00Z"), &events, None),
            Err(Unplaced::NoEvent)
        );
    }

    #[test]
    fn two_events_at_once_go_by_each_phones_choice() {
        let events = [
            run("k-village", "2026-12-01", None, BKK),
            run("central-world-2026", "2026-12-05", Some("2026-12-06"), BKK),
        ];
        let at = utc("2026-12-05T05:00:00Z");
        assert_eq!(place(at, &events, Some("k-village")), Ok("k-village"));
        assert_eq!(place(at, &events, Some("central-world-2026")), Ok("central-world-2026"));
        // A phone that chose neither is asked, never guessed for.
        assert_eq!(place(at, &events, None), Err(Unplaced::ChooseEvent));
        assert_eq!(place(at, &events, Some("archived-one")), Err(Unplaced::ChooseEvent));
        // Before the second opened, the first is the only one, whatever the phone chose.
        assert_eq!(
            place(utc("2026-12-04T05:00:00Z"), &events, Some("central-world-2026")),
            Ok("k-village")
        );
    }

    #[test]
    fn a_back_dated_tap_goes_to_last_weeks_event() {
        let events = [
            run("last-week", "2026-11-20", Some("2026-11-22"), BKK),
            run("this-week", "2026-11-27", None, BKK),
        ];
        assert_eq!(
            place(utc("2026-11-21T08:00:00Z"), &events, Some("this-week")),
            Ok("last-week")
        );
    }

    #[test]
    fn an_offline_tap_synced_after_the_event_closed_keeps_its_event() {
        // Closed on the 7th; the phone syncs on the 9th a tap it kept from the 7th.
        let events = [run("k-village", "2026-12-01", Some("2026-12-07"), BKK)];
        assert_eq!(place(utc("2026-12-07T12:00:00Z"), &events, None), Ok("k-village"));
    }

    #[test]
    fn a_tap_outside_every_event_is_not_placed() {
        let events = [run("k-village", "2026-12-01", Some("2026-12-07"), BKK)];
        assert_eq!(
            place(utc("2026-11-30T12:00:00Z"), &events, Some("k-village")),
            Err(Unplaced::NoEvent)
        );
        assert_eq!(
            place::<Tz>(utc("2026-11-30T12:00:00Z"), &[], None),
            Err(Unplaced::NoEvent)
        );
    }

    #[test]
    fn an_event_in_another_zone_turns_its_day_at_its_own_midnight() {
        // A Tokyo market on 1 December: 23:30 Bangkok on 30 November is already
        // 01:30 in Tokyo, so inside it; 23:30 Tokyo on the 1st is inside, 00:30 on the 2nd not.
        let tokyo = run("tokyo", "2026-12-01", Some("2026-12-01"), chrono_tz::Asia::Tokyo);
        let events = [tokyo];
        assert_eq!(place(utc("2026-11-30T16:30:00Z"), &events, None), Ok("tokyo"));
        assert_eq!(place(utc("2026-12-01T14:30:00Z"), &events, None), Ok("tokyo"));
        assert_eq!(
            place(utc("2026-12-01T15:30:00Z"), &events, None),
            Err(Unplaced::NoEvent)
        );
        assert_eq!(
            place(utc("2026-11-30T14:59:00Z"), &events, None),
            Err(Unplaced::NoEvent)
        );
    }

    fn form(name: &str, first: &str, last: Option<&str>) -> EventDraft {
        EventDraft {
            name: name.into(),
            first_day: first.into(),
            last_day: last.map(str::to_string),
            ..EventDraft::default()
        }
    }

    fn known(zone: &str) -> bool {
        zone.parse::<Tz>().is_ok()
    }

    #[test]
    fn a_good_form_is_checked_and_cleaned() {
        let mut draft = form("  Central   World 2026 ", "2026-12-05", Some("2026-12-06"));
        draft.booth_fee = Some("12,000".into());
        draft.opens = Some("10:00".into());
        draft.closes = Some("22:00".into());
        draft.target_visitors = Some("50".into());
        let spec = check(&draft, "Asia/Bangkok", known).unwrap();
        assert_eq!(spec.name, "Central World 2026");
        assert_eq!(spec.time_zone, "Asia/Bangkok");
        assert_eq!(spec.booth_fee, Some(12_000));
        assert_eq!(spec.targets.visitors, Some(50));
        assert!(spec.hours.is_some());
        assert_eq!(slug("Central World 2026"), "central-world-2026");
        assert_eq!(slug("ตลาดนัด จตุจักร"), "ตลาดนัด-จตุจักร");
        assert_eq!(slug("!!!"), "event");
    }

    #[test]
    fn bad_forms_say_what_is_wrong() {
        let check = |d: &EventDraft| check(d, "Asia/Bangkok", known);
        assert_eq!(
            check(&form(" ", "2026-12-05", None)),
            Err(RuleViolation::Missing(Field::EventName))
        );
        assert_eq!(
            check(&form("A", "2026-12-05", Some("2026-12-04"))),
            Err(RuleViolation::LastDayBeforeFirst)
        );
        assert_eq!(
            check(&form("A", "1999-12-31", None)),
            Err(RuleViolation::BadDate(Field::FirstDay))
        );
        assert_eq!(
            check(&form("A", "2026-12-05", Some("2101-01-01"))),
            Err(RuleViolation::BadDate(Field::LastDay))
        );
        assert_eq!(
            check(&form("A", "yesterday", None)),
            Err(RuleViolation::BadDate(Field::FirstDay))
        );
        let mut zone = form("A", "2026-12-05", None);
        zone.time_zone = Some("Mars/Olympus".into());
        assert_eq!(check(&zone), Err(RuleViolation::UnknownTimeZone("Mars/Olympus".into())));
        let mut fee = form("A", "2026-12-05", None);
        fee.booth_fee = Some("-1".into());
        assert_eq!(
            check(&fee),
            Err(RuleViolation::OutOfRange {
                field: Field::BoothFee,
                max: MAX_BAHT
            })
        );
        fee.booth_fee = Some("1000000000".into());
        assert!(matches!(check(&fee), Err(RuleViolation::OutOfRange { .. })));
        let mut target = form("A", "2026-12-05", None);
        target.target_sales = Some("lots".into());
        assert_eq!(check(&target), Err(RuleViolation::NotANumber(Field::TargetSales)));
        let mut hours = form("A", "2026-12-05", None);
        hours.opens = Some("22:00".into());
        hours.closes = Some("10:00".into());
        assert_eq!(check(&hours), Err(RuleViolation::Missing(Field::OpeningHours)));
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        assert!(matches!(
            check(&form(&long, "2026-12-05", None)),
            Err(RuleViolation::TooLong { .. })
        ));
        assert_eq!(
            check(&form("A\u{7}", "2026-12-05", None)),
            Err(RuleViolation::UnreadableText)
        );
    }
}
