//! The one error type every server function returns. It crosses the wire as JSON; its
//! messages are safe to show (never SQL, never a stack), in Thai and English.

use crate::identity::IdentityProblem;
use domain::{Lang, RuleViolation};
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("identity: {0:?}")]
    Identity(IdentityProblem),
    #[error("admins only")]
    AdminOnly,
    #[error("invalid record: {0}")]
    Invalid(RuleViolation),
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("this submission id was already used for a different record")]
    KeyReused,
    /// No event ran at the moment of the tap, or several did and the phone chose none:
    /// the tap waits on the phone until an admin makes one (or the phone chooses).
    #[error("no event for this tap: {0:?}")]
    Unplaced(domain::event::Unplaced),
    /// Logging needs a seller chosen on this device first.
    #[error("no seller chosen on this device")]
    NoSeller,
    #[error("not found")]
    NotFound,
    #[error("conflict: {0:?}")]
    Conflict(Conflict),
    /// More than a request may carry.
    #[error("request too large")]
    TooLarge,
    /// The request did not arrive in time.
    #[error("request too slow")]
    TooSlow,
    /// The database or the network is down: the same submission can be retried later.
    #[error("temporarily unavailable")]
    Unavailable,
    #[error("internal error")]
    Internal,
}

impl AppError {
    /// The HTTP status a direct (non-form) call answers with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Identity(p) => p.status(),
            AppError::AdminOnly => 403,
            AppError::Invalid(_) | AppError::BadRequest(_) => 422,
            AppError::KeyReused | AppError::NoSeller | AppError::Conflict(_) | AppError::Unplaced(_) => 409,
            AppError::NotFound => 404,
            AppError::TooLarge => 413,
            AppError::TooSlow => 408,
            AppError::Unavailable => 503,
            AppError::Internal => 500,
        }
    }

    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            AppError::Unavailable | AppError::Identity(IdentityProblem::TailscaleUnavailable)
        )
    }

    /// A tap refused with this waits on the phone and is sent again later: the server is
    /// away, or no event covers its moment yet (an admin may create one).
    pub fn keeps_tap_waiting(&self) -> bool {
        self.is_retryable() || matches!(self, AppError::Unplaced(_))
    }

    pub fn message(&self, lang: Lang) -> String {
        use domain::event::Unplaced;
        let th = lang == Lang::Th;
        match self {
            AppError::Unplaced(Unplaced::NoEvent) if th => {
                "ไม่มีงานในเวลาที่บันทึกนี้ รายการจะรออยู่ในโทรศัพท์จนกว่าผู้ดูแลจะสร้างหรือขยายงานให้ครอบคลุมเวลานั้น".into()
            }
            AppError::Unplaced(Unplaced::NoEvent) => {
                "No event runs at the time of this tap. It waits on this phone until an admin creates or extends an event that covers it.".into()
            }
            AppError::Unplaced(Unplaced::ChooseEvent) if th => {
                "มีหลายงานในเวลานั้น เลือกบูธของโทรศัพท์นี้ก่อน รายการจะรออยู่ในโทรศัพท์".into()
            }
            AppError::Unplaced(Unplaced::ChooseEvent) => {
                "Several events run at that time: choose this phone's booth first. The tap waits on this phone.".into()
            }
            AppError::Identity(p) => p.title().get(lang).to_string(),
            AppError::Invalid(v) => v.message(lang),
            AppError::AdminOnly if th => "เฉพาะผู้ดูแลเท่านั้น".into(),
            AppError::AdminOnly => "Admins only.".into(),
            AppError::BadRequest(_) if th => "คำขอไม่ถูกต้อง กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง".into(),
            AppError::BadRequest(_) => "That request wasn't understood. Reload the page and try again.".into(),
            AppError::KeyReused if th => "รายการนี้ถูกบันทึกไปแล้ว".into(),
            AppError::KeyReused => "This submission was already used for another record.".into(),
            AppError::NoSeller if th => "เลือกผู้ขายก่อนเริ่มบันทึก".into(),
            AppError::NoSeller => "Choose who is selling before logging.".into(),
            AppError::Conflict(c) => c.message().get(lang).into(),
            AppError::NotFound if th => "ไม่พบรายการนี้".into(),
            AppError::NotFound => "That record doesn't exist.".into(),
            AppError::TooLarge if th => "ข้อมูลที่ส่งมีขนาดใหญ่เกินไป".into(),
            AppError::TooLarge => "That is more than can be sent at once.".into(),
            AppError::TooSlow if th => "การเชื่อมต่อช้าเกินไป กรุณาลองอีกครั้ง".into(),
            AppError::TooSlow => "The connection was too slow. Please try again.".into(),
            AppError::Unavailable if th => "บันทึกไม่สำเร็จชั่วคราว ข้อมูลยังอยู่ ลองอีกครั้ง".into(),
            AppError::Unavailable => "Couldn't save just now — nothing is lost. Try again.".into(),
            AppError::Internal if th => "เกิดข้อผิดพลาด กรุณาลองอีกครั้ง".into(),
            AppError::Internal => "Something went wrong. Please try again.".into(),
        }
    }
}

/// A change refused because of the state of things, not because of its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conflict {
    /// Someone else changed (or deleted) the record since this form was loaded.
    Changed,
    /// It would leave no active admin.
    LastAdmin,
    /// The device is an admin by configuration (`ADMIN_DEVICES`).
    ConfiguredAdmin,
    /// Only records in the trash can be deleted for good, or restored.
    NotInTrash,
    /// An admin cannot block the device they are using.
    OwnDevice,
    /// An event that holds records can only be archived, not deleted.
    EventHasRecords,
    /// An event that has not started cannot be closed (edit or archive it instead).
    EventNotStarted,
}

impl Conflict {
    pub fn message(self) -> domain::Text {
        use domain::Text;
        match self {
            Conflict::Changed => Text::new(
                "Someone else changed this record meanwhile. Reload to see it, then edit again.",
                "มีผู้อื่นแก้ไขรายการนี้ไปแล้ว โหลดหน้าใหม่แล้วแก้ไขอีกครั้ง",
            ),
            Conflict::LastAdmin => Text::new(
                "That would leave no admin. Make another device admin first.",
                "ต้องมีผู้ดูแลอย่างน้อยหนึ่งเครื่อง ให้สิทธิ์ผู้ดูแลกับอุปกรณ์อื่นก่อน",
            ),
            Conflict::ConfiguredAdmin => Text::new(
                "This device is an admin by configuration (ADMIN_DEVICES); change it there.",
                "อุปกรณ์นี้เป็นผู้ดูแลตามการตั้งค่า (ADMIN_DEVICES) กรุณาแก้ไขที่การตั้งค่า",
            ),
            Conflict::NotInTrash => Text::new("That record isn't in the trash (any more).", "รายการนี้ไม่อยู่ในถังขยะแล้ว"),
            Conflict::EventHasRecords => Text::new(
                "This event holds records, so it can't be deleted. Archive it instead.",
                "งานนี้มีรายการบันทึกอยู่ จึงลบไม่ได้ ให้เก็บเข้าคลังแทน",
            ),
            Conflict::EventNotStarted => Text::new(
                "This event hasn't started yet, so it can't be closed. Edit its days or archive it.",
                "งานนี้ยังไม่เริ่ม จึงปิดไม่ได้ แก้ไขวันหรือเก็บเข้าคลังแทน",
            ),
            Conflict::OwnDevice => Text::new(
                "You can't block the device you are using.",
                "ไม่สามารถระงับอุปกรณ์ที่คุณกำลังใช้อยู่",
            ),
        }
    }
}

impl From<RuleViolation> for AppError {
    fn from(v: RuleViolation) -> Self {
        AppError::Invalid(v)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::MissingArg(m) | ServerFnErrorErr::Deserialization(m) => {
                AppError::BadRequest(m)
            }
            // The browser could not reach the server (offline, server restarting).
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Unavailable,
            _ => AppError::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        if database_unreachable(&err) {
            tracing::warn!(error = %err, "database unavailable");
            AppError::Unavailable
        } else {
            tracing::error!(error = %err, "database error");
            AppError::Internal
        }
    }
}

/// Whether the database could not be reached (down, restarting, the pool exhausted or
/// the connection cut), as opposed to refusing the statement: the same request can be
/// retried once it is back.
#[cfg(feature = "ssr")]
pub fn database_unreachable(err: &sea_orm::DbErr) -> bool {
    use sea_orm::sqlx::Error as Sqlx;
    use sea_orm::{DbErr, RuntimeErr};
    match err {
        DbErr::Conn(_) | DbErr::ConnectionAcquire(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => match e.as_ref() {
            Sqlx::Io(_)
            | Sqlx::Tls(_)
            | Sqlx::Protocol(_)
            | Sqlx::PoolTimedOut
            | Sqlx::PoolClosed
            | Sqlx::WorkerCrashed => true,
            // SQLSTATE class 08 (connection exception) and 57P0x (the server shutting down).
            Sqlx::Database(db) => db.code().is_some_and(|c| c.starts_with("08") || c.starts_with("57P0")),
            _ => false,
        },
        _ => false,
    }
}
