//! What the markets teach: events side by side, hour-by-day heat maps, and whether a
//! difference between two shares is clear or could be chance. Pure: the repository
//! hands over counts, everything here derives from them.

use crate::analytics::{Hypotheses, Share, Stats};
use crate::{Baht, Lang, LeadType, Text, format_baht};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use serde::{Deserialize, Serialize};

/// The normal quantile for a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Below this many on either side, a comparison says "too few to say".
pub const MIN_EACH: i64 = 10;

/// Events a comparison takes.
pub const COMPARE_MIN: usize = 2;
pub const COMPARE_MAX: usize = 6;

/// Longest stretch a heat map draws: a row a day, a year at most.
pub const HEAT_MAX_DAYS: i64 = 366;

/// Wilson score interval of `count` out of `of` at 95 %, as fractions (Newcombe 1998a,
/// method 3). `None` for an empty sample.
pub fn wilson(count: i64, of: i64) -> Option<(f64, f64)> {
    if of <= 0 {
        return None;
    }
    let (n, p, z) = (of as f64, count as f64 / of as f64, Z95);
    let denominator = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denominator;
    let half = z * ((p * (1.0 - p) / n) + z * z / (4.0 * n * n)).sqrt() / denominator;
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// A difference between two shares with its 95 % interval, as fractions (a − b).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    pub estimate: f64,
    pub low: f64,
    pub high: f64,
}

impl Difference {
    /// The interval leaves out no difference at all.
    pub fn is_clear(&self) -> bool {
        self.low > 0.0 || self.high < 0.0
    }
}

/// Newcombe's hybrid score interval for the difference of two independent proportions
/// (Newcombe 1998b, method 10): each side's Wilson interval, combined.
pub fn newcombe(a: Share, b: Share) -> Option<Difference> {
    let (l1, u1) = wilson(a.count, a.of)?;
    let (l2, u2) = wilson(b.count, b.of)?;
    let (n1, n2) = (a.of as f64, b.of as f64);
    let estimate = a.count as f64 / n1 - b.count as f64 / n2;
    let below = Z95 * (l1 * (1.0 - l1) / n1 + u2 * (1.0 - u2) / n2).sqrt();
    let above = Z95 * (u1 * (1.0 - u1) / n1 + l2 * (1.0 - l2) / n2).sqrt();
    Some(Difference {
        estimate,
        low: estimate - below,
        high: estimate + above,
    })
}

/// Percentage points with their sign: "+14", "−3", "0"; a tenth below one point
/// ("+0.2"), so an interval that only just leaves out zero never reads "0 to +27".
pub fn signed_points(fraction: f64) -> String {
    let points = 100.0 * fraction;
    let shown = if points.abs() < 0.95 {
        format!("{:.1}", points.abs())
    } else {
        format!("{:.0}", points.abs())
    };
    match shown.as_str() {
        "0.0" => "0".into(),
        _ if points > 0.0 => format!("+{shown}"),
        _ => format!("−{shown}"),
    }
}

fn percent(share: Share) -> String {
    share
        .percent()
        .map(|p| format!("{p:.0}%"))
        .unwrap_or_else(|| "–".into())
}

/// The four questions of the report, each by its headline share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Question {
    StickerPrice,
    BundleGiftBuyers,
    BigGardenConversion,
    PriceObjections,
}

impl Question {
    pub const ALL: [Question; 4] = [
        Question::StickerPrice,
        Question::BundleGiftBuyers,
        Question::BigGardenConversion,
        Question::PriceObjections,
    ];

    pub fn share(self, h: &Hypotheses) -> Share {
        match self {
            Question::StickerPrice => h.sticker_price,
            Question::BundleGiftBuyers => h.bundle_gift_buyers,
            Question::BigGardenConversion => h.big_garden_conversion,
            Question::PriceObjections => h.price_objections,
        }
    }

    /// What the share counts, read after "52 % of".
    pub fn counts(self) -> Text {
        match self {
            Question::StickerPrice => Text::new("single-box buyers paid ฿1,290", "ผู้ซื้อกล่องเดี่ยวที่จ่าย ฿1,290"),
            Question::BundleGiftBuyers => Text::new("gift buyers chose the bundle", "ผู้ซื้อเป็นของขวัญที่เลือกชุด 3 กล่อง"),
            Question::BigGardenConversion => Text::new(
                "Big Garden conversations ended in a sale",
                "การพูดคุยจากจอ Big Garden ที่จบด้วยการซื้อ",
            ),
            Question::PriceObjections => Text::new("no-sales cited price", "ที่ไม่ซื้อเพราะแพงไป"),
        }
    }
}

/// Whether `a` and `b` differ, said plainly: the difference with its interval and
/// whether it is clear, or "too few to say" with the numbers.
pub fn pair_sentence(question: Question, (name_a, a): (&str, Share), (name_b, b): (&str, Share), lang: Lang) -> String {
    let th = lang == Lang::Th;
    let enough = a.of >= MIN_EACH && b.of >= MIN_EACH;
    match newcombe(a, b).filter(|_| enough) {
        None if th => format!(
            "น้อยเกินกว่าจะสรุปได้: ที่ {name_a} {} จาก {} ที่ {name_b} {} จาก {} (ต้องมีอย่างน้อยฝั่งละ {MIN_EACH})",
            a.count, a.of, b.count, b.of
        ),
        None => format!(
            "Too few to say: at {name_a} {} of {}, at {name_b} {} of {} (at least {MIN_EACH} on each side needed).",
            a.count, a.of, b.count, b.of
        ),
        Some(d) => {
            let (points, low, high) = (signed_points(d.estimate), signed_points(d.low), signed_points(d.high));
            let what = question.counts().get(lang);
            if th {
                let verdict = if d.is_clear() {
                    "ต่างกันชัดเจน"
                } else {
                    "อาจเป็นเพราะบังเอิญ"
                };
                format!(
                    "ที่ {name_a} {what} {} ({}/{}) ที่ {name_b} {} ({}/{}) ต่างกัน {points} จุด (95% CI {low} ถึง {high}) {verdict}",
                    percent(a),
                    a.count,
                    a.of,
                    percent(b),
                    b.count,
                    b.of
                )
            } else {
                let verdict = if d.is_clear() { "is clear" } else { "could be chance" };
                format!(
                    "At {name_a} {} of {what} ({}/{}), at {name_b} {} ({}/{}); the difference, {points} points (95% CI {low} to {high}), {verdict}.",
                    percent(a),
                    a.count,
                    a.of,
                    percent(b),
                    b.count,
                    b.of
                )
            }
        }
    }
}

/// Calendar days of an event up to `today` (both included): none before it starts.
pub fn days_open(first_day: NaiveDate, last_day: Option<NaiveDate>, today: NaiveDate) -> i64 {
    let end = last_day.map_or(today, |last| last.min(today));
    ((end - first_day).num_days() + 1).max(0)
}

/// Hours between opening and closing.
pub fn daily_hours((opens, closes): (NaiveTime, NaiveTime)) -> f64 {
    (closes - opens).num_minutes() as f64 / 60.0
}

/// One market's column of the comparison.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Market {
    pub days_open: i64,
    /// Hours a day the booth is open, when the event has opening hours.
    pub hours_per_day: Option<f64>,
    pub booth_fee: Option<Baht>,
    pub other_costs: Option<Baht>,
    pub stats: Stats,
    pub hypotheses: Hypotheses,
}

impl Market {
    pub fn visitors_per_open_hour(&self) -> Option<f64> {
        let hours = self.hours_per_day? * self.days_open as f64;
        (hours > 0.0).then(|| self.stats.visitors as f64 / hours)
    }

    /// Visitors who stopped to talk.
    pub fn conversation_rate(&self) -> Share {
        Share {
            count: self.stats.conversations,
            of: self.stats.visitors,
        }
    }

    /// Conversations that ended in a sale.
    pub fn talk_to_sale(&self) -> Share {
        Share {
            count: self.stats.sales,
            of: self.stats.conversations,
        }
    }

    /// Everyone who paused, against sales.
    pub fn pause_to_sale(&self) -> Share {
        Share {
            count: self.stats.sales,
            of: self.stats.visitors,
        }
    }

    pub fn revenue_per_visitor(&self) -> Option<f64> {
        (self.stats.visitors > 0).then(|| self.stats.revenue as f64 / self.stats.visitors as f64)
    }

    pub fn average_sale(&self) -> Option<Baht> {
        (self.stats.sales > 0).then(|| self.stats.revenue / self.stats.sales)
    }

    /// Conversations that left a way to reach them.
    pub fn leads(&self) -> i64 {
        let none = self
            .stats
            .leads
            .iter()
            .find(|(lead, _)| lead == LeadType::None.as_str())
            .map_or(0, |(_, n)| *n);
        self.stats.conversations - none
    }

    pub fn leads_per_conversation(&self) -> Share {
        Share {
            count: self.leads(),
            of: self.stats.conversations,
        }
    }

    /// Revenue as a multiple of the booth fee ("6.2× the fee").
    pub fn fee_multiple(&self) -> Option<f64> {
        let fee = self.booth_fee.filter(|f| *f > 0)?;
        Some(self.stats.revenue as f64 / fee as f64)
    }

    /// Booth fee and other costs, when either is known.
    pub fn costs(&self) -> Option<Baht> {
        match (self.booth_fee, self.other_costs) {
            (None, None) => None,
            (fee, other) => Some(fee.unwrap_or(0) + other.unwrap_or(0)),
        }
    }

    pub fn cost_per_lead(&self) -> Option<f64> {
        let leads = self.leads();
        (leads > 0).then_some(())?;
        Some(self.costs()? as f64 / leads as f64)
    }

    /// Revenue minus costs.
    pub fn net(&self) -> Option<Baht> {
        Some(self.stats.revenue - self.costs()?)
    }
}

/// "฿1,234" or "−฿1,234".
pub fn signed_baht(amount: Baht) -> String {
    if amount < 0 {
        format!("−{}", format_baht(-amount))
    } else {
        format_baht(amount)
    }
}

/// Live records of a stretch of time no hour boundary of any zone cuts (15 minutes:
/// every offset in use is a multiple of it), logged by one seller.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    pub start: DateTime<Utc>,
    pub seller_id: Option<String>,
    pub visitors: i64,
    pub conversations: i64,
    pub sales: i64,
}

/// Minutes a [`Bucket`] spans.
pub const BUCKET_MINUTES: i64 = 15;

/// One local hour of one local day.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub day: NaiveDate,
    pub hour: u32,
    pub visitors: i64,
    pub conversations: i64,
    pub sales: i64,
    /// Who logged in that hour (seller ids, sorted).
    pub sellers: Vec<String>,
}

/// What a heat map colours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Metric {
    #[default]
    Visitors,
    Conversations,
    Sales,
    /// Sales per conversation.
    Conversion,
}

impl Metric {
    pub const ALL: [Metric; 4] = [
        Metric::Visitors,
        Metric::Conversations,
        Metric::Sales,
        Metric::Conversion,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Metric::Visitors => "visitors",
            Metric::Conversations => "conversations",
            Metric::Sales => "sales",
            Metric::Conversion => "conversion",
        }
    }

    pub fn parse(key: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.key() == key)
    }
}

impl Cell {
    /// The cell's figure for `metric`: a count, or conversion in percent (none without
    /// a conversation).
    pub fn value(&self, metric: Metric) -> Option<f64> {
        match metric {
            Metric::Visitors => Some(self.visitors as f64),
            Metric::Conversations => Some(self.conversations as f64),
            Metric::Sales => Some(self.sales as f64),
            Metric::Conversion => Share {
                count: self.sales,
                of: self.conversations,
            }
            .percent(),
        }
    }
}

/// Records by local hour and local day, in the event's zone.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HeatMap {
    /// Every day of the range, those without records included.
    pub days: Vec<NaiveDate>,
    /// Hours drawn, first to last: those with records and the opening hours.
    pub hours: (u32, u32),
    /// The cells that hold records, by day then hour.
    pub cells: Vec<Cell>,
    pub opening: Option<(NaiveTime, NaiveTime)>,
}

/// The hours of the day opening hours touch (`closes` 21:00 → up to the 20:00 hour).
fn opening_hours((opens, closes): (NaiveTime, NaiveTime)) -> (u32, u32) {
    let last = (closes - chrono::Duration::minutes(1)).hour();
    (opens.hour(), last.max(opens.hour()))
}

impl HeatMap {
    /// `buckets` of the days `first..=last` laid out in `tz`.
    pub fn build<Tz: TimeZone>(
        buckets: &[Bucket],
        tz: &Tz,
        (first, last): (NaiveDate, NaiveDate),
        opening: Option<(NaiveTime, NaiveTime)>,
    ) -> HeatMap {
        let mut cells: Vec<Cell> = Vec::new();
        for bucket in buckets {
            let local = bucket.start.with_timezone(tz).naive_local();
            let (day, hour) = (local.date(), local.hour());
            if day < first || day > last {
                continue;
            }
            let cell = match cells.iter().position(|c| c.day == day && c.hour == hour) {
                Some(i) => &mut cells[i],
                None => {
                    cells.push(Cell {
                        day,
                        hour,
                        ..Cell::default()
                    });
                    cells.last_mut().expect("just pushed")
                }
            };
            cell.visitors += bucket.visitors;
            cell.conversations += bucket.conversations;
            cell.sales += bucket.sales;
            if let Some(seller) = &bucket.seller_id
                && !cell.sellers.contains(seller)
            {
                cell.sellers.push(seller.clone());
            }
        }
        for cell in &mut cells {
            cell.sellers.sort();
        }
        cells.sort_by_key(|c| (c.day, c.hour));
        let mut hours = cells.iter().map(|c| c.hour);
        let recorded = hours
            .next()
            .map(|h| hours.fold((h, h), |(lo, hi), h| (lo.min(h), hi.max(h))));
        let hours = match (recorded, opening.map(opening_hours)) {
            (Some((a, b)), Some((c, d))) => (a.min(c), b.max(d)),
            (Some(r), None) => r,
            (None, Some(o)) => o,
            (None, None) => (9, 20),
        };
        HeatMap {
            days: first.iter_days().take_while(|d| *d <= last).collect(),
            hours,
            cells,
            opening,
        }
    }

    pub fn cell(&self, day: NaiveDate, hour: u32) -> Option<&Cell> {
        self.cells.iter().find(|c| c.day == day && c.hour == hour)
    }

    /// The opening hours' columns, when set.
    pub fn open_hours(&self) -> Option<(u32, u32)> {
        self.opening.map(opening_hours)
    }

    /// Every day's records at each hour, added up: (hour, visitors, conversations, sales).
    pub fn by_hour(&self) -> Vec<(u32, i64, i64, i64)> {
        (self.hours.0..=self.hours.1)
            .map(|hour| {
                let at = self.cells.iter().filter(|c| c.hour == hour);
                at.fold((hour, 0, 0, 0), |(h, v, c, s), cell| {
                    (h, v + cell.visitors, c + cell.conversations, s + cell.sales)
                })
            })
            .collect()
    }

    /// The hour with the most visitors: (hour, visitors).
    pub fn busiest_hour(&self) -> Option<(u32, i64)> {
        self.by_hour()
            .into_iter()
            .filter(|(_, v, _, _)| *v > 0)
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(h, v, _, _)| (h, v))
    }

    /// The hour whose conversations most often ended in a sale, among hours with at least
    /// [`MIN_EACH`] conversations: (hour, sales of conversations).
    pub fn best_converting_hour(&self) -> Option<(u32, Share)> {
        self.by_hour()
            .into_iter()
            .filter(|(_, _, c, _)| *c >= MIN_EACH)
            .map(|(h, _, c, s)| (h, Share { count: s, of: c }))
            .max_by(|a, b| {
                let rate = |s: &Share| s.count as f64 / s.of as f64;
                rate(&a.1).total_cmp(&rate(&b.1)).then(b.0.cmp(&a.0))
            })
    }

    /// The busiest and the best-converting hours in one sentence.
    pub fn sentence(&self, lang: Lang) -> String {
        let th = lang == Lang::Th;
        let span = |h: u32| format!("{h:02}:00–{:02}:00", h + 1);
        let busiest = match self.busiest_hour() {
            None if th => return "ยังไม่มีข้อมูล".into(),
            None => return "No records yet.".into(),
            Some((h, v)) if th => format!("ช่วงที่คนแวะมากที่สุด {} ({v} คน)", span(h)),
            Some((h, v)) => format!("Busiest hour: {} ({v} visitors)", span(h)),
        };
        let best = match self.best_converting_hour() {
            None if th => format!("ยังมีการพูดคุยไม่ถึงชั่วโมงละ {MIN_EACH} ครั้ง จึงยังบอกชั่วโมงที่ขายดีที่สุดไม่ได้"),
            None => format!("no hour has {MIN_EACH} conversations yet to name the best-converting one."),
            Some((h, s)) if th => format!("ชั่วโมงที่ปิดการขายได้ดีที่สุด {} ({} ของ {} การพูดคุย)", span(h), percent(s), s.of),
            Some((h, s)) => format!(
                "best-converting: {} ({} of {} conversations bought).",
                span(h),
                percent(s),
                s.of
            ),
        };
        if th {
            format!("{busiest} · {best}")
        } else {
            format!("{busiest}; {best}")
        }
    }
}

/// Hours before and after a milestone its effect is measured over.
pub const WINDOW_MIN_HOURS: i64 = 1;
pub const WINDOW_MAX_HOURS: i64 = 4;
pub const WINDOW_DEFAULT_HOURS: i64 = 2;

/// A window's length as asked (`None`: the default), checked.
pub fn window_hours(asked: Option<&str>) -> Result<i64, crate::RuleViolation> {
    let refused = crate::RuleViolation::WindowHours {
        min: WINDOW_MIN_HOURS,
        max: WINDOW_MAX_HOURS,
    };
    match asked.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(WINDOW_DEFAULT_HOURS),
        Some(text) => text
            .parse()
            .ok()
            .filter(|h| (WINDOW_MIN_HOURS..=WINDOW_MAX_HOURS).contains(h))
            .ok_or(refused),
    }
}

/// The stretches of time `hours` before (or after) `at` covers, cut to the event's days
/// and, when it has them, its opening hours (in its zone): a milestone at opening time
/// has nothing before it.
pub fn window<Tz: TimeZone>(
    at: DateTime<Utc>,
    hours: i64,
    after: bool,
    tz: &Tz,
    (first_day, last_day): (NaiveDate, Option<NaiveDate>),
    opening: Option<(NaiveTime, NaiveTime)>,
) -> Vec<crate::period::Span> {
    let length = chrono::Duration::hours(hours);
    let (from, to) = if after { (at, at + length) } else { (at - length, at) };
    let (first, last) = (
        from.with_timezone(tz).date_naive(),
        (to - chrono::Duration::seconds(1)).with_timezone(tz).date_naive(),
    );
    let local = |day: NaiveDate, time: NaiveTime| {
        tz.from_local_datetime(&day.and_time(time))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    };
    first
        .iter_days()
        .take_while(|d| *d <= last)
        .filter(|d| *d >= first_day && last_day.is_none_or(|l| *d <= l))
        .filter_map(|day| {
            let (open, close) = match opening {
                Some((opens, closes)) => (local(day, opens)?, local(day, closes)?),
                None => crate::period::days(day, day, tz),
            };
            let (start, end) = (open.max(from), close.min(to));
            (start < end).then_some((start, end))
        })
        .collect()
}

/// What happened in one window: its length and its records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Side {
    pub hours: f64,
    pub visitors: i64,
    pub conversations: i64,
    pub sales: i64,
}

impl Side {
    pub fn of(spans: &[crate::period::Span], visitors: i64, conversations: i64, sales: i64) -> Side {
        let seconds: i64 = spans.iter().map(|(from, to)| (*to - *from).num_seconds()).sum();
        Side {
            hours: seconds as f64 / 3600.0,
            visitors,
            conversations,
            sales,
        }
    }

    pub fn per_hour(&self) -> Option<f64> {
        (self.hours > 0.0).then(|| self.visitors as f64 / self.hours)
    }

    pub fn conversation_rate(&self) -> Share {
        Share {
            count: self.conversations,
            of: self.visitors,
        }
    }

    pub fn conversion(&self) -> Share {
        Share {
            count: self.sales,
            of: self.conversations,
        }
    }
}

/// The difference of two Poisson rates (`a` events in `a_time` against `b` in `b_time`)
/// with its Wald 95 % interval (Rothman & Greenland's incidence-rate difference).
pub fn rate_difference(a: i64, a_time: f64, b: i64, b_time: f64) -> Option<Difference> {
    if a_time <= 0.0 || b_time <= 0.0 {
        return None;
    }
    let estimate = a as f64 / a_time - b as f64 / b_time;
    let half = Z95 * (a as f64 / (a_time * a_time) + b as f64 / (b_time * b_time)).sqrt();
    Some(Difference {
        estimate,
        low: estimate - half,
        high: estimate + half,
    })
}

/// A milestone's before and after.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Effect {
    pub window_hours: i64,
    pub before: Side,
    pub after: Side,
}

impl Effect {
    /// Enough records on both sides to say anything: [`MIN_EACH`] visitors each.
    pub fn enough(&self) -> bool {
        self.before.visitors >= MIN_EACH && self.after.visitors >= MIN_EACH
    }

    /// After − before, visitors per hour.
    pub fn visitors_per_hour(&self) -> Option<Difference> {
        rate_difference(
            self.after.visitors,
            self.after.hours,
            self.before.visitors,
            self.before.hours,
        )
    }

    pub fn conversation_rate(&self) -> Option<Difference> {
        newcombe(self.after.conversation_rate(), self.before.conversation_rate())
    }

    pub fn conversion(&self) -> Option<Difference> {
        newcombe(self.after.conversion(), self.before.conversion())
    }

    /// What changed, one plain sentence.
    pub fn sentence(&self, lang: Lang) -> String {
        let th = lang == Lang::Th;
        let (b, a) = (self.before, self.after);
        if !self.enough() {
            return if th {
                format!(
                    "ข้อมูลน้อยเกินกว่าจะสรุปได้: ก่อนหน้า {} คนใน {:.1} ชม. หลังจากนั้น {} คนใน {:.1} ชม. (ต้องมีอย่างน้อยฝั่งละ {MIN_EACH} คน)",
                    b.visitors, b.hours, a.visitors, a.hours
                )
            } else {
                format!(
                    "Too few records to say: {} visitors in the {:.1} h before, {} in the {:.1} h after (at least {MIN_EACH} each needed).",
                    b.visitors, b.hours, a.visitors, a.hours
                )
            };
        }
        let verdict = |d: Option<Difference>| match (d.map(|d| (d.is_clear(), d.estimate > 0.0)), th) {
            (Some((true, true)), false) => "a clear rise",
            (Some((true, false)), false) => "a clear fall",
            (_, false) => "could be chance",
            (Some((true, true)), true) => "เพิ่มขึ้นชัดเจน",
            (Some((true, false)), true) => "ลดลงชัดเจน",
            (_, true) => "อาจเป็นเพราะบังเอิญ",
        };
        let rate = |v: Option<f64>| v.map_or("–".into(), |v| format!("{v:.1}"));
        let visitors = self.visitors_per_hour();
        let talk = self.conversation_rate();
        let sold = self.conversion();
        if th {
            format!(
                "ผู้เยี่ยมชมต่อชั่วโมง {} → {} ({}) · แวะพูดคุย {} → {} ({}) · พูดคุยแล้วซื้อ {} → {} ({})",
                rate(b.per_hour()),
                rate(a.per_hour()),
                verdict(visitors),
                percent(b.conversation_rate()),
                percent(a.conversation_rate()),
                verdict(talk),
                percent(b.conversion()),
                percent(a.conversion()),
                verdict(sold)
            )
        } else {
            format!(
                "Visitors per hour {} → {} ({}); stopped to talk {} → {} ({}); talk → sale {} → {} ({}).",
                rate(b.per_hour()),
                rate(a.per_hour()),
                verdict(visitors),
                percent(b.conversation_rate()),
                percent(a.conversation_rate()),
                verdict(talk),
                percent(b.conversion()),
                percent(a.conversion()),
                verdict(sold)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.000_05
    }

    /// Newcombe RG. Two-sided confidence intervals for the single proportion: comparison
    /// of seven methods. Statistics in Medicine 1998;17:857–872, Table I, method 3
    /// (score interval without continuity correction).
    #[test]
    fn wilson_matches_newcombe_1998a_table_i() {
        for (count, of, low, high) in [
            (81, 263, 0.2553, 0.3662),
            (15, 148, 0.0624, 0.1605),
            (0, 20, 0.0, 0.1611),
            (1, 29, 0.0061, 0.1718),
        ] {
            let (l, h) = wilson(count, of).unwrap();
            assert!(
                (l - low).abs() < 0.000_06 && (h - high).abs() < 0.000_06,
                "{count}/{of}: {l} {h}"
            );
        }
        assert_eq!(wilson(0, 0), None);
    }

    /// Newcombe RG. Interval estimation for the difference between independent
    /// proportions: comparison of eleven methods. Statistics in Medicine 1998;17:873–890,
    /// Table II, method 10 (score interval combining Wilson intervals, no continuity
    /// correction), examples (a)–(h).
    #[test]
    fn newcombe_matches_newcombe_1998b_table_ii() {
        let share = |count, of| Share { count, of };
        for ((a, m), (b, n), low, high) in [
            ((56, 70), (48, 80), 0.0524, 0.3339),
            ((9, 10), (3, 10), 0.1705, 0.8090),
            ((6, 7), (2, 7), 0.0582, 0.8062),
            ((5, 56), (0, 29), -0.0381, 0.1926),
            ((0, 10), (0, 20), -0.1611, 0.2775),
            ((0, 10), (0, 10), -0.2775, 0.2775),
            ((10, 10), (0, 20), 0.6791, 1.0),
            ((10, 10), (0, 10), 0.6075, 1.0),
        ] {
            let d = newcombe(share(a, m), share(b, n)).unwrap();
            assert!(
                (d.low - low).abs() < 0.000_06 && (d.high - high).abs() < 0.000_06,
                "{a}/{m} − {b}/{n}: {d:?}"
            );
        }
        assert!(newcombe(share(56, 70), share(48, 80)).unwrap().is_clear());
        assert!(!newcombe(share(5, 56), share(0, 29)).unwrap().is_clear());
        assert_eq!(newcombe(share(1, 2), share(0, 0)), None);
        assert!(close(newcombe(share(9, 10), share(3, 10)).unwrap().estimate, 0.6));
    }

    fn sticker(count: i64, of: i64) -> Share {
        Share { count, of }
    }

    #[test]
    fn a_pair_is_said_plainly() {
        // 52 of 100 against 36 of 100: +16 points, Newcombe's interval +2.2 to +28.9
        // (worked by hand from the formula above).
        let clear = pair_sentence(
            Question::StickerPrice,
            ("Central World", sticker(52, 100)),
            ("K Village", sticker(36, 100)),
            Lang::En,
        );
        assert_eq!(
            clear,
            "At Central World 52% of single-box buyers paid ฿1,290 (52/100), at K Village 36% (36/100); \
             the difference, +16 points (95% CI +2 to +29), is clear."
        );
        let just = newcombe(sticker(52, 100), sticker(38, 100)).unwrap();
        assert_eq!((signed_points(just.low), just.is_clear()), ("+0.2".into(), true));
        let chance = pair_sentence(
            Question::PriceObjections,
            ("A", sticker(12, 30)),
            ("B", sticker(15, 30)),
            Lang::En,
        );
        assert!(
            chance.ends_with("the difference, −10 points (95% CI −33 to +14), could be chance."),
            "{chance}"
        );
        let few = pair_sentence(
            Question::StickerPrice,
            ("A", sticker(3, 4)),
            ("B", sticker(1, 12)),
            Lang::Th,
        );
        assert!(few.starts_with("น้อยเกินกว่าจะสรุปได้: ที่ A 3 จาก 4 ที่ B 1 จาก 12"), "{few}");
        assert_eq!(
            (signed_points(0.0004), signed_points(-0.25), signed_points(-0.004)),
            ("0".into(), "−25".into(), "−0.4".into())
        );
    }

    #[test]
    fn a_market_by_hand() {
        use crate::SaleType;
        let market = Market {
            days_open: 3,
            hours_per_day: Some(daily_hours((
                NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
                NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
            ))),
            booth_fee: Some(5000),
            other_costs: Some(1000),
            stats: Stats {
                visitors: 120,
                conversations: 40,
                sales: 10,
                revenue: 31_000,
                leads: vec![("none".into(), 25), ("line".into(), 15)],
                product_mix: vec![(SaleType::Single, 10, 31_000)],
                ..Stats::default()
            },
            hypotheses: Hypotheses::default(),
        };
        assert_eq!(market.visitors_per_open_hour(), Some(4.0), "120 over 3 × 10 h");
        assert_eq!(market.conversation_rate().percent().map(f64::round), Some(33.0));
        assert_eq!(market.talk_to_sale(), Share { count: 10, of: 40 });
        assert_eq!(market.pause_to_sale(), Share { count: 10, of: 120 });
        assert!(close(market.revenue_per_visitor().unwrap(), 31_000.0 / 120.0));
        assert_eq!(market.average_sale(), Some(3100));
        assert_eq!(market.leads_per_conversation(), Share { count: 15, of: 40 });
        assert!(close(market.fee_multiple().unwrap(), 6.2));
        assert_eq!(market.costs(), Some(6000));
        assert!(close(market.cost_per_lead().unwrap(), 400.0));
        assert_eq!(market.net(), Some(25_000));
        let bare = Market::default();
        assert_eq!(
            (
                bare.visitors_per_open_hour(),
                bare.fee_multiple(),
                bare.net(),
                bare.cost_per_lead()
            ),
            (None, None, None, None)
        );
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            days_open(day("2026-12-01"), Some(day("2026-12-07")), day("2026-12-03")),
            3
        );
        assert_eq!(
            days_open(day("2026-12-01"), Some(day("2026-12-07")), day("2027-01-01")),
            7
        );
        assert_eq!(days_open(day("2026-12-01"), None, day("2026-11-20")), 0, "not started");
    }

    fn bucket(at: &str, seller: &str, visitors: i64, conversations: i64, sales: i64) -> Bucket {
        Bucket {
            start: DateTime::parse_from_rfc3339(at).unwrap().with_timezone(&Utc),
            seller_id: Some(seller.into()),
            visitors,
            conversations,
            sales,
        }
    }

    #[test]
    fn a_heat_map_in_the_events_zone_by_hand() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let tokyo = chrono_tz::Asia::Tokyo; // UTC+9
        let buckets = [
            // 23:00–24:00 Tokyo on 1 Dec, in two buckets and by two sellers.
            bucket("2026-12-01T14:00:00Z", "nok", 3, 1, 0),
            bucket("2026-12-01T14:45:00Z", "pim", 2, 2, 1),
            // 00:15 Tokyo on 2 Dec: the next day's first hour.
            bucket("2026-12-01T15:15:00Z", "nok", 1, 0, 0),
            // 10:00 Tokyo on 2 Dec.
            bucket("2026-12-02T01:00:00Z", "nok", 10, 10, 4),
            // Outside the range: 30 Nov Tokyo.
            bucket("2026-11-30T10:00:00Z", "nok", 7, 0, 0),
        ];
        let opening = Some((
            NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            NaiveTime::from_hms_opt(21, 30, 0).unwrap(),
        ));
        let map = HeatMap::build(&buckets, &tokyo, (day("2026-12-01"), day("2026-12-02")), opening);
        assert_eq!(map.days, vec![day("2026-12-01"), day("2026-12-02")]);
        assert_eq!(map.hours, (0, 23), "from the midnight hour to the 23:00 one");
        assert_eq!(map.open_hours(), Some((10, 21)));
        let late = map.cell(day("2026-12-01"), 23).unwrap();
        assert_eq!((late.visitors, late.conversations, late.sales), (5, 3, 1));
        assert_eq!(late.sellers, vec!["nok".to_string(), "pim".to_string()]);
        assert_eq!(map.cell(day("2026-12-02"), 0).unwrap().visitors, 1);
        assert_eq!(map.cells.len(), 3, "30 Nov is left out");
        assert_eq!(
            map.cell(day("2026-12-02"), 10).unwrap().value(Metric::Conversion),
            Some(40.0)
        );
        assert_eq!(late.value(Metric::Sales), Some(1.0));
        assert_eq!(map.busiest_hour(), Some((10, 10)));
        assert_eq!(map.best_converting_hour(), Some((10, Share { count: 4, of: 10 })));
        assert_eq!(
            map.sentence(Lang::En),
            "Busiest hour: 10:00–11:00 (10 visitors); best-converting: 10:00–11:00 (40% of 10 conversations bought)."
        );
        let empty = HeatMap::build(&[], &tokyo, (day("2026-12-01"), day("2026-12-01")), None);
        assert_eq!(
            (empty.hours, empty.sentence(Lang::En).as_str()),
            ((9, 20), "No records yet.")
        );
    }

    /// OpenEpi, "Comparing Two Person-Time Rates (PersonTime2)", Sullivan KM, Emory
    /// University: the worked two-stratum example, rate differences per 100,000
    /// person-time units with their 95 % (Wald) intervals.
    #[test]
    fn rate_difference_matches_openepi_persontime2() {
        let per = 100_000.0;
        for ((a, a_time), (b, b_time), estimate, low, high) in [
            ((17, 100_025.0), (3, 122_268.0), 14.54, 6.00, 23.08),
            ((8, 78_531.0), (1, 77_932.0), 8.904, 1.411, 16.40),
        ] {
            let d = rate_difference(a, a_time / per, b, b_time / per).unwrap();
            assert!(
                (d.estimate - estimate).abs() < 0.01 && (d.low - low).abs() < 0.01 && (d.high - high).abs() < 0.01,
                "{a}/{a_time} − {b}/{b_time}: {d:?}"
            );
        }
        assert_eq!(rate_difference(3, 0.0, 1, 1.0), None);
    }

    #[test]
    fn a_window_is_cut_to_opening_hours_and_event_days() {
        let bkk = chrono_tz::Asia::Bangkok; // UTC+7
        let utc = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let hours = Some((
            NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
        ));
        let days = (day("2026-12-01"), Some(day("2026-12-03")));
        // 11:00 Bangkok: two hours before reach back to 09:00, the booth opened at 10:00.
        let at = utc("2026-12-02T04:00:00Z");
        assert_eq!(
            window(at, 2, false, &bkk, days, hours),
            vec![(utc("2026-12-02T03:00:00Z"), at)]
        );
        assert_eq!(
            window(at, 2, true, &bkk, days, hours),
            vec![(at, utc("2026-12-02T06:00:00Z"))]
        );
        // At opening time on the first day: nothing before it.
        let opening = utc("2026-12-01T03:00:00Z");
        assert_eq!(window(opening, 2, false, &bkk, days, hours), vec![]);
        // 19:00 on the last day, 4 h after: only the hour to closing.
        let late = utc("2026-12-03T12:00:00Z");
        assert_eq!(
            window(late, 4, true, &bkk, days, hours),
            vec![(late, utc("2026-12-03T13:00:00Z"))]
        );
        // No opening hours: 23:00 with 2 h after runs into the next day, and stops at the
        // event's last day.
        let night = utc("2026-12-02T16:00:00Z");
        assert_eq!(
            window(night, 2, true, &bkk, days, None),
            vec![
                (night, utc("2026-12-02T17:00:00Z")),
                (utc("2026-12-02T17:00:00Z"), utc("2026-12-02T18:00:00Z"))
            ]
        );
        let last_night = utc("2026-12-03T16:00:00Z");
        assert_eq!(
            window(last_night, 2, true, &bkk, days, None),
            vec![(last_night, utc("2026-12-03T17:00:00Z"))]
        );
        assert_eq!(window_hours(None), Ok(2));
        assert_eq!(window_hours(Some("4")), Ok(4));
        assert!(
            window_hours(Some("5")).is_err() && window_hours(Some("0")).is_err() && window_hours(Some("x")).is_err()
        );
    }

    #[test]
    fn a_milestone_effect_by_hand() {
        let effect = Effect {
            window_hours: 2,
            before: Side {
                hours: 2.0,
                visitors: 20,
                conversations: 4,
                sales: 1,
            },
            after: Side {
                hours: 2.0,
                visitors: 60,
                conversations: 30,
                sales: 12,
            },
        };
        // 10 → 30 visitors an hour: +20, ± 1.96 × √(60/4 + 20/4) = ± 8.77.
        let d = effect.visitors_per_hour().unwrap();
        assert!(
            close(d.estimate, 20.0) && (d.low - 11.23).abs() < 0.01 && (d.high - 28.77).abs() < 0.01,
            "{d:?}"
        );
        assert_eq!(
            effect.sentence(Lang::En),
            "Visitors per hour 10.0 → 30.0 (a clear rise); stopped to talk 20% → 50% (a clear rise); \
             talk → sale 25% → 40% (could be chance)."
        );
        let thin = Effect {
            before: Side {
                hours: 0.0,
                ..Side::default()
            },
            ..effect
        };
        assert_eq!(
            thin.sentence(Lang::En),
            "Too few records to say: 0 visitors in the 0.0 h before, 60 in the 2.0 h after (at least 10 each needed)."
        );
    }
}
