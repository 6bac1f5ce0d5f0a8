//! Screen labels in Thai and English. Labels of enum values live with the enums in
//! `domain`; this table holds the rest of the words on the screens.

use domain::Text;

pub const APP_NAME: &str = "Lumicello Insights";
pub const TODAY: Text = Text::new("Today", "วันนี้");
pub const VISITORS: Text = Text::new("Visitors", "ผู้เยี่ยมชม");
pub const CONVERSATIONS: Text = Text::new("Conversations", "พูดคุย");
pub const SALES: Text = Text::new("Sales", "ยอดขาย");
pub const REVENUE: Text = Text::new("Revenue", "รายได้");
pub const SAVING: Text = Text::new("Saving…", "กำลังบันทึก…");
pub const WALK_BY_LOGGED: Text = Text::new("Walk-by logged", "บันทึกการเดินผ่านแล้ว");
pub const LOGGING_AS: Text = Text::new("Logging as", "บันทึกในชื่อ");
pub const NO_SELLER: Text = Text::new("No seller chosen", "ยังไม่ได้เลือกผู้ขาย");
pub const DEVICE: Text = Text::new("Device", "อุปกรณ์");
pub const LOADING: Text = Text::new("Loading…", "กำลังโหลด…");
pub const TRY_AGAIN: Text = Text::new("Try again", "ลองอีกครั้ง");
pub const NOT_FOUND: Text = Text::new("This page doesn't exist.", "ไม่พบหน้านี้");
pub const HOME: Text = Text::new("Home", "หน้าหลัก");
