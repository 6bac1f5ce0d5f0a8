//! The record rules of PRODUCT.md §3. `check_interaction` is the one function every write
//! path (logging, editing, importing) runs; the server computes every derived value here
//! (`engaged`-consistent type, totals) and never trusts the client's.

use crate::money::{SINGLE_BOX_PRICES, fixed_price};
use crate::{Baht, Hook, InteractionType, Lang, LeadType, Objection, Persona, SaleType, Text};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

pub const MAX_QUANTITY: i32 = 50;
pub const MAX_NOTES_CHARS: usize = 2000;
pub const MAX_BACKDATE_DAYS: i64 = 30;
/// Phones' clocks drift; a record this far "in the future" is still accepted.
pub const CLOCK_SKEW_SECONDS: i64 = 60;

/// A record as submitted: raw values, nothing trusted yet.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub engaged: bool,
    pub persona: Option<String>,
    pub hook: Option<String>,
    pub sale_type: Option<String>,
    pub quantity: Option<i32>,
    pub unit_price: Option<Baht>,
    pub lead_type: Option<String>,
    pub objection: Option<String>,
    pub notes: Option<String>,
}

/// A record that satisfies every rule, with its derived values computed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interaction {
    pub engaged: bool,
    pub persona: Option<Persona>,
    pub hook: Option<Hook>,
    pub sale_type: Option<SaleType>,
    pub quantity: Option<i32>,
    pub unit_price: Option<Baht>,
    pub total_amount: Option<Baht>,
    pub lead_type: Option<LeadType>,
    pub objection: Option<Objection>,
    pub notes: Option<String>,
}

impl Interaction {
    pub fn walk_by() -> Self {
        Interaction {
            engaged: false,
            persona: None,
            hook: None,
            sale_type: None,
            quantity: None,
            unit_price: None,
            total_amount: None,
            lead_type: None,
            objection: None,
            notes: None,
        }
    }

    pub fn interaction_type(&self) -> InteractionType {
        InteractionType::from_engaged(self.engaged)
    }
}

/// Boxes a sale moves: single = quantity, bundle = 3, full year = 12.
pub fn boxes(sale: SaleType, quantity: Option<i32>) -> i64 {
    match sale {
        SaleType::None => 0,
        SaleType::Single => i64::from(quantity.unwrap_or(0)),
        SaleType::Bundle3 => 3,
        SaleType::FullYear => 12,
    }
}

/// The fields a rule or a history row can be about, with the names staff see. The
/// aliases are the column names earlier history rows used, so those still read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    #[serde(alias = "persona")]
    Persona,
    #[serde(alias = "hook")]
    Hook,
    #[serde(alias = "sale_type")]
    SaleType,
    #[serde(alias = "quantity")]
    Quantity,
    #[serde(alias = "unit_price")]
    UnitPrice,
    #[serde(alias = "lead_type")]
    LeadType,
    #[serde(alias = "objection")]
    Objection,
    #[serde(alias = "notes")]
    Notes,
    #[serde(alias = "timestamp")]
    Timestamp,
    IdempotencyKey,
    SellerName,
    #[serde(alias = "description")]
    Milestone,
    /// Walk-by or conversation.
    #[serde(alias = "engaged")]
    Kind,
    #[serde(alias = "total_amount")]
    Total,
    #[serde(alias = "display_name")]
    DisplayName,
    /// A record's seller, or the one a device logs as.
    #[serde(alias = "seller_id", alias = "active_seller")]
    Seller,
    /// Days after which the trash empties by itself (an admin's setting).
    TrashRetention,
    /// The device a record or milestone came from.
    #[serde(alias = "staff_device")]
    Device,
    /// When a record went to the trash.
    #[serde(alias = "deleted_at")]
    DeletedAt,
    /// A device's status.
    #[serde(alias = "status")]
    Status,
    /// A device's role.
    #[serde(alias = "role")]
    Role,
    /// Whether a seller still sells.
    #[serde(alias = "is_active")]
    Active,
    /// The pop-up event a record belongs to, or a phone logs for.
    #[serde(alias = "event_id", alias = "active_event")]
    Event,
    EventName,
    Venue,
    TimeZone,
    FirstDay,
    LastDay,
    OpeningHours,
    BoothFee,
    OtherCosts,
    TargetVisitors,
    TargetConversations,
    TargetSales,
    TargetRevenue,
}

impl Field {
    pub fn label(self) -> Text {
        match self {
            Field::Persona => Text::new("who (persona)", "ใคร (ประเภทลูกค้า)"),
            Field::Hook => Text::new("hook", "สิ่งที่ดึงดูด"),
            Field::SaleType => Text::new("result", "ผลลัพธ์"),
            Field::Quantity => Text::new("quantity", "จำนวน"),
            Field::UnitPrice => Text::new("price", "ราคา"),
            Field::LeadType => Text::new("lead", "ช่องทางติดต่อ"),
            Field::Objection => Text::new("reason for no sale", "เหตุผลที่ไม่ซื้อ"),
            Field::Notes => Text::new("notes", "บันทึก"),
            Field::Timestamp => Text::new("time", "เวลา"),
            Field::IdempotencyKey => Text::new("submission id", "รหัสการส่ง"),
            Field::SellerName => Text::new("name (up to 60 characters)", "ชื่อ (ไม่เกิน 60 ตัวอักษร)"),
            Field::Milestone => Text::new("milestone (up to 200 characters)", "เหตุการณ์ (ไม่เกิน 200 ตัวอักษร)"),
            Field::Kind => Text::new("type", "ประเภท"),
            Field::Total => Text::new("total", "ยอดรวม"),
            Field::DisplayName => Text::new("name (up to 60 characters)", "ชื่อ (ไม่เกิน 60 ตัวอักษร)"),
            Field::Seller => Text::new("seller", "ผู้ขาย"),
            Field::TrashRetention => Text::new("emptying the trash (days)", "ล้างถังขยะอัตโนมัติ (วัน)"),
            Field::Device => Text::new("device", "อุปกรณ์"),
            Field::DeletedAt => Text::new("deleted", "ลบเมื่อ"),
            Field::Status => Text::new("status", "สถานะ"),
            Field::Role => Text::new("role", "บทบาท"),
            Field::Active => Text::new("active", "ใช้งาน"),
            Field::Event => Text::new("event", "งาน"),
            Field::EventName => Text::new("event name", "ชื่องาน"),
            Field::Venue => Text::new("venue", "สถานที่"),
            Field::TimeZone => Text::new("time zone", "เขตเวลา"),
            Field::FirstDay => Text::new("first day", "วันแรก"),
            Field::LastDay => Text::new("last day", "วันสุดท้าย"),
            Field::OpeningHours => Text::new("opening hours (opens before it closes)", "เวลาเปิด–ปิด (เปิดก่อนปิด)"),
            Field::BoothFee => Text::new("booth fee", "ค่าบูธ"),
            Field::OtherCosts => Text::new("other costs", "ค่าใช้จ่ายอื่น"),
            Field::TargetVisitors => Text::new("daily target: visitors", "เป้าต่อวัน: ผู้มาเยือน"),
            Field::TargetConversations => Text::new("daily target: conversations", "เป้าต่อวัน: การพูดคุย"),
            Field::TargetSales => Text::new("daily target: sales", "เป้าต่อวัน: การขาย"),
            Field::TargetRevenue => Text::new("daily target: revenue", "เป้าต่อวัน: รายได้"),
        }
    }
}

/// Why a record was refused. Each names the problem in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum RuleViolation {
    #[error("unknown {field:?} value '{value}'")]
    UnknownValue { field: Field, value: String },
    #[error("{0:?} is required")]
    Missing(Field),
    #[error("{0:?} does not apply to a walk-by")]
    NotForWalkBy(Field),
    #[error("{0:?} applies only to a single-box sale")]
    OnlyForSingle(Field),
    #[error("quantity must be between 1 and {max}")]
    QuantityOutOfRange { max: i32 },
    #[error("price ฿{0} is not a single-box price")]
    PriceNotAllowed(Baht),
    #[error("a reason for no sale cannot go with a sale")]
    ObjectionWithSale,
    #[error("notes are longer than {0} characters")]
    NotesTooLong(usize),
    #[error("{0:?} is not a whole number")]
    NotANumber(Field),
    #[error("the time is not a valid date and time")]
    BadTime,
    #[error("the time is in the future")]
    InFuture,
    #[error("the time is more than {0} days ago")]
    TooOld(i64),
    #[error("the time moves more than {0} days")]
    MovedTooFar(i64),
    /// Text with control characters or a broken encoding (see `text`).
    #[error("text with control characters or a broken encoding")]
    UnreadableText,
    #[error("{0:?} is not a date between 2000 and 2100")]
    BadDate(Field),
    #[error("{field:?} is longer than {max} characters")]
    TooLong { field: Field, max: usize },
    #[error("{field:?} must be between 0 and {max}")]
    OutOfRange { field: Field, max: i64 },
    #[error("unknown time zone '{0}'")]
    UnknownTimeZone(String),
    #[error("the last day is before the first")]
    LastDayBeforeFirst,
    #[error("another event has this name")]
    EventNameTaken,
    #[error("event '{0}' is archived")]
    EventArchived(String),
    #[error("compare between {min} and {max} events")]
    CompareCount { min: usize, max: usize },
    #[error("a range of more than {0} days")]
    RangeTooLong(i64),
    #[error("a window of {min} to {max} hours")]
    WindowHours { min: i64, max: i64 },
}

impl From<crate::text::Unreadable> for RuleViolation {
    fn from(_: crate::text::Unreadable) -> Self {
        RuleViolation::UnreadableText
    }
}

impl RuleViolation {
    pub fn message(&self, lang: Lang) -> String {
        let th = lang == Lang::Th;
        match self {
            RuleViolation::UnknownValue { field, value } => match th {
                false => format!("Unknown {} “{value}”.", field.label().en),
                true => format!("ไม่รู้จัก{} “{value}”", field.label().th),
            },
            RuleViolation::Missing(field) => match th {
                false => format!("Please choose the {}.", field.label().en),
                true => format!("กรุณาเลือก{}", field.label().th),
            },
            RuleViolation::NotForWalkBy(field) => match th {
                false => format!("A walk-by has no {}.", field.label().en),
                true => format!("การเดินผ่านไม่มี{}", field.label().th),
            },
            RuleViolation::OnlyForSingle(field) => match th {
                false => format!("The {} applies only to a single-box sale.", field.label().en),
                true => format!("{}ใช้ได้กับการขายกล่องเดี่ยวเท่านั้น", field.label().th),
            },
            RuleViolation::QuantityOutOfRange { max } => match th {
                false => format!("Quantity must be between 1 and {max}."),
                true => format!("จำนวนต้องอยู่ระหว่าง 1 ถึง {max}"),
            },
            RuleViolation::PriceNotAllowed(price) => {
                let allowed = SINGLE_BOX_PRICES
                    .iter()
                    .map(|(p, _)| crate::format_baht(*p))
                    .collect::<Vec<_>>()
                    .join(" / ");
                let price = crate::format_baht(*price);
                match th {
                    false => format!("{price} is not a single-box price ({allowed})."),
                    true => format!("{price} ไม่ใช่ราคากล่องเดี่ยว ({allowed})"),
                }
            }
            RuleViolation::ObjectionWithSale => match th {
                false => "A reason for no sale can't go with a sale.".into(),
                true => "มีการขายแล้ว ไม่ต้องระบุเหตุผลที่ไม่ซื้อ".into(),
            },
            RuleViolation::NotesTooLong(max) => match th {
                false => format!("Notes can be at most {max} characters."),
                true => format!("บันทึกยาวได้ไม่เกิน {max} ตัวอักษร"),
            },
            RuleViolation::NotANumber(field) => match th {
                false => format!("The {} must be a whole number.", field.label().en),
                true => format!("{}ต้องเป็นตัวเลขจำนวนเต็ม", field.label().th),
            },
            RuleViolation::BadTime => match th {
                false => "Please pick a valid date and time.".into(),
                true => "กรุณาเลือกวันและเวลาที่ถูกต้อง".into(),
            },
            RuleViolation::InFuture => match th {
                false => "The time can't be in the future.".into(),
                true => "เวลาต้องไม่อยู่ในอนาคต".into(),
            },
            RuleViolation::TooOld(days) => match th {
                false => format!("The time can be at most {days} days ago."),
                true => format!("ย้อนหลังได้ไม่เกิน {days} วัน"),
            },
            RuleViolation::MovedTooFar(days) => match th {
                false => format!("A record's time can move at most {days} days from when it was recorded."),
                true => format!("เลื่อนเวลาของรายการได้ไม่เกิน {days} วันจากเวลาที่บันทึก"),
            },
            RuleViolation::BadDate(field) => match th {
                false => format!("The {} must be a date between 2000 and 2100.", field.label().en),
                true => format!("{}ต้องเป็นวันที่ระหว่างปี 2000 ถึง 2100", field.label().th),
            },
            RuleViolation::TooLong { field, max } => match th {
                false => format!("The {} can be at most {max} characters.", field.label().en),
                true => format!("{}ยาวได้ไม่เกิน {max} ตัวอักษร", field.label().th),
            },
            RuleViolation::OutOfRange { field, max } => match th {
                false => format!("The {} must be between 0 and {max}.", field.label().en),
                true => format!("{}ต้องอยู่ระหว่าง 0 ถึง {max}", field.label().th),
            },
            RuleViolation::UnknownTimeZone(zone) => match th {
                false => format!("“{zone}” is not a time zone. Use a name like Asia/Bangkok."),
                true => format!("“{zone}” ไม่ใช่เขตเวลา ใช้ชื่อเช่น Asia/Bangkok"),
            },
            RuleViolation::LastDayBeforeFirst => match th {
                false => "The last day can't be before the first day.".into(),
                true => "วันสุดท้ายต้องไม่อยู่ก่อนวันแรก".into(),
            },
            RuleViolation::EventNameTaken => match th {
                false => "Another event already has this name. Choose another one.".into(),
                true => "มีงานอื่นใช้ชื่อนี้แล้ว กรุณาใช้ชื่ออื่น".into(),
            },
            RuleViolation::EventArchived(name) => match th {
                false => format!("“{name}” is archived. Tick “Show archived events” to include it."),
                true => format!("“{name}” ถูกเก็บเข้าคลังแล้ว เลือก “แสดงงานที่เก็บเข้าคลัง” เพื่อรวมงานนี้"),
            },
            RuleViolation::CompareCount { min, max } => match th {
                false => format!("Pick between {min} and {max} events to compare."),
                true => format!("เลือกงานที่จะเปรียบเทียบ {min} ถึง {max} งาน"),
            },
            RuleViolation::RangeTooLong(days) => match th {
                false => format!("The heat map shows at most {days} days. Choose one event or shorter dates."),
                true => format!("แผนภาพความหนาแน่นแสดงได้ไม่เกิน {days} วัน กรุณาเลือกงานเดียวหรือช่วงวันที่สั้นลง"),
            },
            RuleViolation::WindowHours { min, max } => match th {
                false => format!("The window before and after must be {min} to {max} hours."),
                true => format!("ช่วงเวลาก่อนและหลังต้องเป็น {min} ถึง {max} ชั่วโมง"),
            },
            RuleViolation::UnreadableText => match th {
                false => "Some text has characters that can't be saved (control characters or a broken encoding). Remove them and try again.".into(),
                true => "ข้อความมีอักขระที่บันทึกไม่ได้ (อักขระควบคุมหรือการเข้ารหัสเสีย) กรุณาลบออกแล้วลองอีกครั้ง".into(),
            },
        }
    }
}

/// Longest milestone text.
pub const MAX_MILESTONE_CHARS: usize = 200;

/// A milestone's text: storable, trimmed, 1..=MAX_MILESTONE_CHARS characters.
pub fn milestone_text(text: &str) -> Result<String, RuleViolation> {
    let text = crate::text::check(text)?.trim();
    if text.is_empty() || text.chars().count() > MAX_MILESTONE_CHARS {
        return Err(RuleViolation::Missing(Field::Milestone));
    }
    Ok(text.to_string())
}

fn parse_enum<T>(
    field: Field,
    raw: &Option<String>,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, RuleViolation> {
    match raw.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(value) => parse(value).map(Some).ok_or_else(|| RuleViolation::UnknownValue {
            field,
            value: value.to_string(),
        }),
    }
}

fn normalized_notes(notes: &Option<String>) -> Result<Option<String>, RuleViolation> {
    let notes = notes.as_deref().map(str::trim).filter(|s| !s.is_empty());
    match notes.map(crate::text::check).transpose()? {
        Some(n) if n.chars().count() > MAX_NOTES_CHARS => Err(RuleViolation::NotesTooLong(MAX_NOTES_CHARS)),
        other => Ok(other.map(str::to_string)),
    }
}

impl Draft {
    /// The draft without what its shape does not use: an edit that turns a conversation
    /// into a walk-by, a single sale into a bundle or a sale into a no-sale leaves the
    /// fields that no longer apply behind instead of being refused for them. (New records
    /// are checked as sent: a client sending such fields is refused.)
    pub fn applicable(self) -> Draft {
        if !self.engaged {
            return Draft {
                notes: self.notes,
                ..Draft::default()
            };
        }
        let sale = self.sale_type.as_deref().map(str::trim);
        let single = sale == Some(SaleType::Single.as_str());
        let no_sale = sale == Some(SaleType::None.as_str());
        Draft {
            quantity: self.quantity.filter(|_| single),
            unit_price: self.unit_price.filter(|_| single),
            objection: self.objection.filter(|_| no_sale),
            ..self
        }
    }

    /// A stored record as a draft, to edit.
    pub fn of(record: &Interaction) -> Draft {
        let text = |v: Option<&'static str>| v.map(str::to_string);
        Draft {
            engaged: record.engaged,
            persona: text(record.persona.map(Persona::as_str)),
            hook: text(record.hook.map(Hook::as_str)),
            sale_type: text(record.sale_type.map(SaleType::as_str)),
            quantity: record.quantity,
            unit_price: record.unit_price,
            lead_type: text(record.lead_type.map(LeadType::as_str)),
            objection: text(record.objection.map(Objection::as_str)),
            notes: record.notes.clone(),
        }
    }
}

/// A whole number typed into a form field (blank is none).
pub fn form_number(value: Option<&str>, field: Field) -> Result<Option<i64>, RuleViolation> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| v.parse::<i64>().map_err(|_| RuleViolation::NotANumber(field)))
        .transpose()
}

/// A quantity typed into a form field; one too big for any record is out of range.
pub fn form_quantity(value: Option<&str>) -> Result<Option<i32>, RuleViolation> {
    form_number(value, Field::Quantity)?
        .map(|q| i32::try_from(q).map_err(|_| RuleViolation::QuantityOutOfRange { max: MAX_QUANTITY }))
        .transpose()
}

/// Applies every §3 rule to a draft; the result carries the server-computed total.
pub fn check_interaction(draft: &Draft) -> Result<Interaction, RuleViolation> {
    check(draft, None)
}

/// An admin's edit of a stored record: the same rules, except that a value only an
/// earlier version wrote (a legacy objection) may stay where it already is.
pub fn check_edit(draft: &Draft, stored: &Interaction) -> Result<Interaction, RuleViolation> {
    check(draft, Some(stored))
}

/// A current value, or the very value `stored` already holds.
fn allowed<T: Copy + PartialEq>(
    parse: fn(&str) -> Option<T>,
    current: fn(T) -> bool,
    stored: Option<T>,
) -> impl Fn(&str) -> Option<T> {
    move |value| parse(value).filter(|v| current(*v) || Some(*v) == stored)
}

fn check(draft: &Draft, stored: Option<&Interaction>) -> Result<Interaction, RuleViolation> {
    let persona = parse_enum(
        Field::Persona,
        &draft.persona,
        allowed(Persona::parse, Persona::is_current, stored.and_then(|s| s.persona)),
    )?;
    let hook = parse_enum(
        Field::Hook,
        &draft.hook,
        allowed(Hook::parse, Hook::is_current, stored.and_then(|s| s.hook)),
    )?;
    let sale_type = parse_enum(
        Field::SaleType,
        &draft.sale_type,
        allowed(SaleType::parse, SaleType::is_current, stored.and_then(|s| s.sale_type)),
    )?;
    let lead_type = parse_enum(
        Field::LeadType,
        &draft.lead_type,
        allowed(LeadType::parse, LeadType::is_current, stored.and_then(|s| s.lead_type)),
    )?;
    let objection = parse_enum(
        Field::Objection,
        &draft.objection,
        allowed(
            Objection::parse,
            Objection::is_current,
            stored.and_then(|s| s.objection),
        ),
    )?;
    let notes = normalized_notes(&draft.notes)?;

    if !draft.engaged {
        let present = [
            (persona.is_some(), Field::Persona),
            (hook.is_some(), Field::Hook),
            (sale_type.is_some(), Field::SaleType),
            (draft.quantity.is_some(), Field::Quantity),
            (draft.unit_price.is_some(), Field::UnitPrice),
            (lead_type.is_some(), Field::LeadType),
            (objection.is_some(), Field::Objection),
        ];
        if let Some((_, field)) = present.iter().find(|(is, _)| *is) {
            return Err(RuleViolation::NotForWalkBy(*field));
        }
        return Ok(Interaction {
            notes,
            ..Interaction::walk_by()
        });
    }

    let persona = persona.ok_or(RuleViolation::Missing(Field::Persona))?;
    let hook = hook.ok_or(RuleViolation::Missing(Field::Hook))?;
    let sale = sale_type.ok_or(RuleViolation::Missing(Field::SaleType))?;

    let (quantity, unit_price, total) = if sale == SaleType::Single {
        let quantity = draft.quantity.ok_or(RuleViolation::Missing(Field::Quantity))?;
        if !(1..=MAX_QUANTITY).contains(&quantity) {
            return Err(RuleViolation::QuantityOutOfRange { max: MAX_QUANTITY });
        }
        let price = draft.unit_price.ok_or(RuleViolation::Missing(Field::UnitPrice))?;
        if !SINGLE_BOX_PRICES.iter().any(|(p, _)| *p == price) {
            return Err(RuleViolation::PriceNotAllowed(price));
        }
        (Some(quantity), Some(price), Some(Baht::from(quantity) * price))
    } else {
        if draft.quantity.is_some() {
            return Err(RuleViolation::OnlyForSingle(Field::Quantity));
        }
        if draft.unit_price.is_some() {
            return Err(RuleViolation::OnlyForSingle(Field::UnitPrice));
        }
        (None, None, fixed_price(sale))
    };

    match (sale.is_sale(), objection) {
        (true, Some(_)) => return Err(RuleViolation::ObjectionWithSale),
        (false, None) => return Err(RuleViolation::Missing(Field::Objection)),
        _ => {}
    }

    Ok(Interaction {
        engaged: true,
        persona: Some(persona),
        hook: Some(hook),
        sale_type: Some(sale),
        quantity,
        unit_price,
        total_amount: total,
        lead_type: Some(lead_type.unwrap_or(LeadType::None)),
        objection,
        notes,
    })
}

/// A record's time: at most `MAX_BACKDATE_DAYS` back, never in the future (bar clock skew).
pub fn check_timestamp(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), RuleViolation> {
    if at > now + Duration::seconds(CLOCK_SKEW_SECONDS) {
        return Err(RuleViolation::InFuture);
    }
    if at < now - Duration::days(MAX_BACKDATE_DAYS) {
        return Err(RuleViolation::TooOld(MAX_BACKDATE_DAYS));
    }
    Ok(())
}

/// An edited record's new time: never in the future, and at most `MAX_BACKDATE_DAYS`
/// from the time it had (a correction, which old records may need too).
pub fn check_moved_timestamp(to: DateTime<Utc>, from: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), RuleViolation> {
    if to > now + Duration::seconds(CLOCK_SKEW_SECONDS) {
        return Err(RuleViolation::InFuture);
    }
    if (to - from).abs() > Duration::days(MAX_BACKDATE_DAYS) {
        return Err(RuleViolation::MovedTooFar(MAX_BACKDATE_DAYS));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conversation(sale: &str) -> Draft {
        Draft {
            engaged: true,
            persona: Some("parent".into()),
            hook: Some("physical_kits".into()),
            sale_type: Some(sale.into()),
            ..Draft::default()
        }
    }

    #[test]
    fn walk_by_has_no_conversation_fields() {
        let ok = check_interaction(&Draft::default()).unwrap();
        assert_eq!(ok, Interaction::walk_by());
        assert_eq!(ok.interaction_type(), InteractionType::WalkBy);
        let bad = Draft {
            persona: Some("parent".into()),
            ..Draft::default()
        };
        assert_eq!(
            check_interaction(&bad),
            Err(RuleViolation::NotForWalkBy(Field::Persona))
        );
        let bad = Draft {
            quantity: Some(1),
            ..Draft::default()
        };
        assert_eq!(
            check_interaction(&bad),
            Err(RuleViolation::NotForWalkBy(Field::Quantity))
        );
    }

    #[test]
    fn single_total_is_quantity_times_an_allowed_price() {
        let d = Draft {
            quantity: Some(3),
            unit_price: Some(1290),
            ..conversation("single")
        };
        let ok = check_interaction(&d).unwrap();
        assert_eq!(ok.total_amount, Some(3870));
        assert_eq!(ok.lead_type, Some(LeadType::None));
        assert_eq!(ok.interaction_type(), InteractionType::Conversation);

        let d = Draft {
            quantity: Some(1),
            unit_price: Some(1000),
            ..conversation("single")
        };
        assert_eq!(check_interaction(&d), Err(RuleViolation::PriceNotAllowed(1000)));
        for q in [0, -1, MAX_QUANTITY + 1] {
            let d = Draft {
                quantity: Some(q),
                unit_price: Some(990),
                ..conversation("single")
            };
            assert_eq!(
                check_interaction(&d),
                Err(RuleViolation::QuantityOutOfRange { max: MAX_QUANTITY })
            );
        }
        let d = Draft {
            unit_price: Some(990),
            ..conversation("single")
        };
        assert_eq!(check_interaction(&d), Err(RuleViolation::Missing(Field::Quantity)));
    }

    #[test]
    fn bundles_have_fixed_totals_and_no_price_fields() {
        assert_eq!(
            check_interaction(&conversation("bundle_3")).unwrap().total_amount,
            Some(2690)
        );
        assert_eq!(
            check_interaction(&conversation("full_year")).unwrap().total_amount,
            Some(4990)
        );
        let d = Draft {
            quantity: Some(2),
            ..conversation("bundle_3")
        };
        assert_eq!(
            check_interaction(&d),
            Err(RuleViolation::OnlyForSingle(Field::Quantity))
        );
        assert_eq!(boxes(SaleType::Bundle3, None), 3);
        assert_eq!(boxes(SaleType::FullYear, None), 12);
        assert_eq!(boxes(SaleType::Single, Some(4)), 4);
    }

    #[test]
    fn no_sale_needs_a_current_objection_and_a_sale_refuses_one() {
        assert_eq!(
            check_interaction(&conversation("none")),
            Err(RuleViolation::Missing(Field::Objection))
        );
        let d = Draft {
            objection: Some("too_expensive".into()),
            ..conversation("none")
        };
        let ok = check_interaction(&d).unwrap();
        assert_eq!(ok.total_amount, None);
        assert_eq!(ok.objection, Some(Objection::TooExpensive));
        let d = Draft {
            objection: Some("no_time".into()),
            ..conversation("none")
        };
        assert!(matches!(
            check_interaction(&d),
            Err(RuleViolation::UnknownValue {
                field: Field::Objection,
                ..
            })
        ));
        let d = Draft {
            objection: Some("too_expensive".into()),
            ..conversation("full_year")
        };
        assert_eq!(check_interaction(&d), Err(RuleViolation::ObjectionWithSale));
    }

    #[test]
    fn conversation_requires_persona_hook_and_result() {
        let d = Draft {
            persona: None,
            ..conversation("bundle_3")
        };
        assert_eq!(check_interaction(&d), Err(RuleViolation::Missing(Field::Persona)));
        let d = Draft {
            persona: Some("robot".into()),
            ..conversation("bundle_3")
        };
        assert_eq!(
            check_interaction(&d),
            Err(RuleViolation::UnknownValue {
                field: Field::Persona,
                value: "robot".into()
            })
        );
    }

    #[test]
    fn notes_are_trimmed_and_bounded_in_characters_not_bytes() {
        let thai = "ก".repeat(MAX_NOTES_CHARS); // 3 bytes each: the limit is characters
        let d = Draft {
            notes: Some(format!("  {thai}  ")),
            ..Draft::default()
        };
        assert_eq!(
            check_interaction(&d).unwrap().notes.map(|n| n.chars().count()),
            Some(MAX_NOTES_CHARS)
        );
        let d = Draft {
            notes: Some("x".repeat(MAX_NOTES_CHARS + 1)),
            ..Draft::default()
        };
        assert_eq!(check_interaction(&d), Err(RuleViolation::NotesTooLong(MAX_NOTES_CHARS)));
        let d = Draft {
            notes: Some("   ".into()),
            ..Draft::default()
        };
        assert_eq!(check_interaction(&d).unwrap().notes, None);
    }

    #[test]
    fn timestamps_allow_skew_and_thirty_days_back_only() {
        let now = Utc::now();
        assert!(check_timestamp(now, now).is_ok());
        assert!(check_timestamp(now + Duration::seconds(30), now).is_ok());
        assert_eq!(
            check_timestamp(now + Duration::minutes(5), now),
            Err(RuleViolation::InFuture)
        );
        assert!(check_timestamp(now - Duration::days(29), now).is_ok());
        assert_eq!(
            check_timestamp(now - Duration::days(31), now),
            Err(RuleViolation::TooOld(30))
        );
    }

    #[test]
    fn an_edit_clears_what_no_longer_applies_and_recomputes_the_total() {
        let single = Draft {
            quantity: Some(2),
            unit_price: Some(990),
            lead_type: Some("line".into()),
            notes: Some("came back".into()),
            ..conversation("single")
        };
        // Single → bundle: quantity and price go, the total is the bundle's.
        let bundle = check_edit(
            &Draft {
                sale_type: Some("bundle_3".into()),
                ..single.clone()
            }
            .applicable(),
            &check_interaction(&single).unwrap(),
        )
        .unwrap();
        assert_eq!(
            (bundle.quantity, bundle.unit_price, bundle.total_amount),
            (None, None, Some(2690))
        );
        assert_eq!(bundle.lead_type, Some(LeadType::Line));
        // A conversation becomes a walk-by: only the notes stay.
        let walk = Draft {
            engaged: false,
            ..single.clone()
        }
        .applicable();
        assert_eq!(
            check_interaction(&walk).unwrap(),
            Interaction {
                notes: Some("came back".into()),
                ..Interaction::walk_by()
            }
        );
        // A sale never keeps a reason for no sale; a no-sale keeps its reason.
        let sale_with_reason = Draft {
            objection: Some("too_expensive".into()),
            ..conversation("full_year")
        };
        assert_eq!(sale_with_reason.clone().applicable().objection, None);
        let no_sale = Draft {
            sale_type: Some("none".into()),
            ..sale_with_reason
        };
        assert_eq!(no_sale.applicable().objection.as_deref(), Some("too_expensive"));
    }

    #[test]
    fn an_edit_may_keep_a_legacy_value_but_not_introduce_one() {
        let legacy = Interaction {
            engaged: true,
            persona: Some(Persona::Parent),
            hook: Some(Hook::Signage),
            sale_type: Some(SaleType::None),
            quantity: None,
            unit_price: None,
            total_amount: None,
            lead_type: None,
            objection: Some(Objection::NoTime),
            notes: None,
        };
        let draft = Draft {
            notes: Some("asked about sizes".into()),
            ..Draft::of(&legacy)
        };
        let kept = check_edit(&draft, &legacy).unwrap();
        assert_eq!(
            (kept.objection, kept.notes.as_deref()),
            (Some(Objection::NoTime), Some("asked about sizes"))
        );
        assert!(check_interaction(&draft).is_err(), "a new record cannot use it");
        let other = Interaction {
            objection: Some(Objection::TooExpensive),
            ..legacy
        };
        assert!(
            matches!(
                check_edit(&draft, &other),
                Err(RuleViolation::UnknownValue {
                    field: Field::Objection,
                    ..
                })
            ),
            "nor can an edit bring one back"
        );
    }

    #[test]
    fn an_edited_time_moves_at_most_thirty_days_and_never_into_the_future() {
        let now = Utc::now();
        let recorded = now - Duration::days(300);
        assert!(check_moved_timestamp(recorded - Duration::hours(3), recorded, now).is_ok());
        assert_eq!(
            check_moved_timestamp(recorded + Duration::days(31), recorded, now),
            Err(RuleViolation::MovedTooFar(30))
        );
        assert_eq!(
            check_moved_timestamp(now + Duration::minutes(5), now - Duration::days(1), now),
            Err(RuleViolation::InFuture)
        );
    }

    #[test]
    fn form_numbers_are_whole_and_quantities_bounded() {
        assert_eq!(form_number(Some(" 990 "), Field::UnitPrice), Ok(Some(990)));
        assert_eq!(form_number(Some(""), Field::UnitPrice), Ok(None));
        assert_eq!(
            form_number(Some("9.5"), Field::UnitPrice),
            Err(RuleViolation::NotANumber(Field::UnitPrice))
        );
        assert_eq!(
            form_quantity(Some("99999999999")),
            Err(RuleViolation::QuantityOutOfRange { max: MAX_QUANTITY })
        );
    }

    #[test]
    fn every_violation_has_both_languages() {
        let v = RuleViolation::PriceNotAllowed(1000);
        assert_eq!(v.message(Lang::En), "฿1,000 is not a single-box price (฿990 / ฿1,290).");
        assert!(v.message(Lang::Th).contains("ไม่ใช่ราคากล่องเดี่ยว"));
    }
}
