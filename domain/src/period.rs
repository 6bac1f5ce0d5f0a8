//! Periods in the booth's time zone (Asia/Bangkok by default), as UTC half-open ranges
//! `[start, end)` that queries can use directly. Generic over the zone so the browser
//! build need not carry a time-zone database.

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc};

/// UTC instant at which the local calendar day `date` starts in `tz`.
fn local_midnight<Tz: TimeZone>(date: NaiveDate, tz: &Tz) -> DateTime<Utc> {
    let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
    // Where a zone skips midnight (DST), the earliest valid instant after it starts the day.
    tz.from_local_datetime(&midnight)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
}

/// The local calendar days `first..=last` in `tz`, as one span.
pub fn days<Tz: TimeZone>(first: NaiveDate, last: NaiveDate, tz: &Tz) -> Span {
    (local_midnight(first, tz), local_midnight(last + Days::new(1), tz))
}

/// The booth-local calendar day containing `now`.
pub fn day<Tz: TimeZone>(now: DateTime<Utc>, tz: &Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let date = now.with_timezone(tz).date_naive();
    (local_midnight(date, tz), local_midnight(date + Days::new(1), tz))
}

/// The booth-local calendar week (Monday to Sunday) containing `now`.
pub fn week<Tz: TimeZone>(now: DateTime<Utc>, tz: &Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let date = now.with_timezone(tz).date_naive();
    let monday = date - Days::new(u64::from(date.weekday().num_days_from_monday()));
    (local_midnight(monday, tz), local_midnight(monday + Days::new(7), tz))
}

/// A booth-local `YYYY-MM-DDTHH:MM` (what `<input type="datetime-local">` sends) as UTC.
/// `None` when it is not a valid local time in `tz`.
pub fn parse_local<Tz: TimeZone>(value: &str, tz: &Tz) -> Option<DateTime<Utc>> {
    let value = value.trim();
    let naive = chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    tz.from_local_datetime(&naive).earliest().map(|t| t.with_timezone(&Utc))
}

/// A stretch of time `[from, to)`.
pub type Span = (DateTime<Utc>, DateTime<Utc>);

/// Why a period could not be chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unchosen {
    /// Not one of today, yesterday, week, all or custom.
    Choice,
    /// A custom range without both dates, or with one that is no date.
    Dates,
}

/// The period a screen asks for, in the booth's time zone: `today` (or nothing),
/// `yesterday`, `week`, `all` (`None`), or `custom` from one booth-local date
/// `YYYY-MM-DD` to another, both included (either order). Dates, when given, decide
/// whatever `choice` says (someone who typed dates wants those days); empty ones count
/// as not given.
pub fn chosen<Tz: TimeZone>(
    choice: &str,
    from: Option<&str>,
    to: Option<&str>,
    tz: &Tz,
    now: DateTime<Utc>,
) -> Result<Option<Span>, Unchosen> {
    use chrono::{Days, NaiveDate};
    fn given(v: Option<&str>) -> Option<&str> {
        v.map(str::trim).filter(|d| !d.is_empty())
    }
    let (from, to) = (given(from), given(to));
    let date = |v: &str| NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| Unchosen::Dates);
    // Noon is inside its booth-local day in every zone.
    let start = |d: NaiveDate| day(d.and_hms_opt(12, 0, 0).expect("noon").and_utc(), tz).0;
    Ok(match choice {
        _ if from.is_some() || to.is_some() || choice == "custom" => {
            let (Some(from), Some(to)) = (from, to) else {
                return Err(Unchosen::Dates);
            };
            let (from, to) = (date(from)?, date(to)?);
            let (from, to) = if from <= to { (from, to) } else { (to, from) };
            Some((start(from), start(to + Days::new(1))))
        }
        "" | "today" => Some(day(now, tz)),
        "yesterday" => Some(day(day(now, tz).0 - chrono::Duration::seconds(1), tz)),
        "week" => Some(week(now, tz)),
        "all" => None,
        _ => return Err(Unchosen::Choice),
    })
}

/// A booth-local moment as the history and the confirmations show it: `YYYY-MM-DD HH:MM`.
pub fn shown_local<Tz: TimeZone>(at: DateTime<Utc>, tz: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    at.with_timezone(tz).format("%Y-%m-%d %H:%M").to_string()
}

/// A booth-local date, `YYYY-MM-DD`.
pub fn local_date<Tz: TimeZone>(at: DateTime<Utc>, tz: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    at.with_timezone(tz).format("%Y-%m-%d").to_string()
}

/// A booth-local time of day, `HH:MM`.
pub fn clock<Tz: TimeZone>(at: DateTime<Utc>, tz: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    at.with_timezone(tz).format("%H:%M").to_string()
}

/// The inverse of [`parse_local`], for form values.
pub fn format_local<Tz: TimeZone>(at: DateTime<Utc>, tz: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    at.with_timezone(tz).format("%Y-%m-%dT%H:%M").to_string()
}

/// How long ago, in a few words: "just now", "5 min ago", "2 h ago", "3 days ago".
pub fn ago(seconds: i64, lang: crate::Lang) -> String {
    let th = lang == crate::Lang::Th;
    let (minutes, hours, days) = (seconds / 60, seconds / 3600, seconds / 86_400);
    match (th, seconds) {
        (false, ..60) => "just now".into(),
        (true, ..60) => "เมื่อสักครู่".into(),
        (false, ..3600) => format!("{minutes} min ago"),
        (true, ..3600) => format!("{minutes} นาทีที่แล้ว"),
        (false, ..86_400) => format!("{hours} h ago"),
        (true, ..86_400) => format!("{hours} ชม. ที่แล้ว"),
        (false, _) if days == 1 => "1 day ago".into(),
        (false, _) => format!("{days} days ago"),
        (true, _) => format!("{days} วันที่แล้ว"),
    }
}

const EN_DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const TH_DAYS: [&str; 7] = ["จ.", "อ.", "พ.", "พฤ.", "ศ.", "ส.", "อา."];

/// A short row label: "Fri 19", in Thai "ศ. 19".
pub fn day_short(date: NaiveDate, lang: crate::Lang) -> String {
    let weekday = date.weekday().num_days_from_monday() as usize;
    let name = match lang {
        crate::Lang::En => EN_DAYS[weekday],
        crate::Lang::Th => TH_DAYS[weekday],
    };
    format!("{name} {:02}", date.day())
}

/// A day header: "Fri 19 Dec 2025", or in Thai "ศ. 19 ธ.ค. 2568" (Buddhist era).
pub fn day_label(date: NaiveDate, lang: crate::Lang) -> String {
    const EN_MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const TH_MONTHS: [&str; 12] = [
        "ม.ค.",
        "ก.พ.",
        "มี.ค.",
        "เม.ย.",
        "พ.ค.",
        "มิ.ย.",
        "ก.ค.",
        "ส.ค.",
        "ก.ย.",
        "ต.ค.",
        "พ.ย.",
        "ธ.ค.",
    ];
    let weekday = date.weekday().num_days_from_monday() as usize;
    let month = date.month0() as usize;
    match lang {
        crate::Lang::En => format!(
            "{} {} {} {}",
            EN_DAYS[weekday],
            date.day(),
            EN_MONTHS[month],
            date.year()
        ),
        crate::Lang::Th => format!(
            "{} {} {} {}",
            TH_DAYS[weekday],
            date.day(),
            TH_MONTHS[month],
            date.year() + 543
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Asia::Bangkok;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_period_is_chosen_by_its_tab_or_by_dates_typed_on_any_tab() {
        let now = utc("2025-12-19T05:00:00Z");
        let friday = Some(day(now, &Bangkok));
        assert_eq!(chosen("", None, None, &Bangkok, now), Ok(friday));
        assert_eq!(
            chosen("today", Some(""), Some(" "), &Bangkok, now),
            Ok(friday),
            "empty dates are none"
        );
        assert_eq!(chosen("all", None, None, &Bangkok, now), Ok(None));
        let typed = chosen("today", Some("2025-12-20"), Some("2025-12-19"), &Bangkok, now)
            .unwrap()
            .unwrap();
        assert_eq!(
            typed,
            (utc("2025-12-18T17:00:00Z"), utc("2025-12-20T17:00:00Z")),
            "either order, both days"
        );
        assert_eq!(
            chosen("custom", Some("2025-12-19"), None, &Bangkok, now),
            Err(Unchosen::Dates)
        );
        assert_eq!(
            chosen("custom", Some("19/12"), Some("2025-12-19"), &Bangkok, now),
            Err(Unchosen::Dates)
        );
        assert_eq!(chosen("decade", None, None, &Bangkok, now), Err(Unchosen::Choice));
        assert_eq!(shown_local(now, &Bangkok), "2025-12-19 12:00");
        assert_eq!(
            (local_date(now, &Bangkok), clock(now, &Bangkok)),
            ("2025-12-19".into(), "12:00".into())
        );
    }

    #[test]
    fn bangkok_day_starts_at_17_utc_the_day_before() {
        // 00:30 Bangkok on 20 Dec is 17:30 UTC on 19 Dec: it belongs to 20 Dec.
        let (start, end) = day(utc("2025-12-19T17:30:00Z"), &Bangkok);
        assert_eq!(start, utc("2025-12-19T17:00:00Z"));
        assert_eq!(end, utc("2025-12-20T17:00:00Z"));
        // 23:30 Bangkok on 19 Dec is 16:30 UTC the same day: it belongs to 19 Dec.
        let (start, _) = day(utc("2025-12-19T16:30:00Z"), &Bangkok);
        assert_eq!(start, utc("2025-12-18T17:00:00Z"));
    }

    #[test]
    fn local_times_round_trip_without_shifting_a_day() {
        // 23:30 and 00:30 Bangkok sit either side of midnight, 17:00 UTC.
        assert_eq!(
            parse_local("2025-12-19T23:30", &Bangkok),
            Some(utc("2025-12-19T16:30:00Z"))
        );
        assert_eq!(
            parse_local("2025-12-20T00:30", &Bangkok),
            Some(utc("2025-12-19T17:30:00Z"))
        );
        assert_eq!(format_local(utc("2025-12-19T17:30:00Z"), &Bangkok), "2025-12-20T00:30");
        assert_eq!(parse_local("2025-12-19 23:30", &Bangkok), None);
        assert_eq!(parse_local("2025-02-30T10:00", &Bangkok), None);
    }

    #[test]
    fn relative_times_and_day_headers_read_naturally() {
        use crate::Lang;
        assert_eq!(ago(30, Lang::En), "just now");
        assert_eq!(ago(5 * 60 + 10, Lang::En), "5 min ago");
        assert_eq!(ago(2 * 3600 + 100, Lang::En), "2 h ago");
        assert_eq!(ago(2 * 3600, Lang::Th), "2 ชม. ที่แล้ว");
        assert_eq!(ago(86_400 + 5, Lang::En), "1 day ago");
        assert_eq!(ago(3 * 86_400, Lang::En), "3 days ago");
        let friday = NaiveDate::from_ymd_opt(2025, 12, 19).unwrap();
        assert_eq!(day_label(friday, Lang::En), "Fri 19 Dec 2025");
        assert_eq!(day_label(friday, Lang::Th), "ศ. 19 ธ.ค. 2568");
    }

    #[test]
    fn week_runs_monday_to_sunday_local() {
        // Sunday 21 Dec 2025, 23:30 Bangkok → week of Monday 15 Dec.
        let (start, end) = week(utc("2025-12-21T16:30:00Z"), &Bangkok);
        assert_eq!(start, utc("2025-12-14T17:00:00Z"));
        assert_eq!(end, utc("2025-12-21T17:00:00Z"));
        // Monday 22 Dec 00:30 Bangkok → the next week.
        let (start, _) = week(utc("2025-12-21T17:30:00Z"), &Bangkok);
        assert_eq!(start, utc("2025-12-21T17:00:00Z"));
    }
}
