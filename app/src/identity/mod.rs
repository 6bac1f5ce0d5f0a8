//! Who is calling: the outcome of the Tailscale identity check (PRODUCT.md §2), shared by
//! the server (which decides) and the pages (which explain).

mod page;

pub use page::IdentityPage;

use domain::{DeviceRole, Text};
use serde::{Deserialize, Serialize};

/// Why a caller is not allowed in. The page never says more than this (no IP echoed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IdentityProblem {
    /// tailscaled does not know the peer: not on the Lumicello tailnet.
    NotOnTailnet,
    /// A tagged node (a server or kiosk): not a person's device.
    TaggedNode,
    /// tailscaled is down, missing or slow: try again shortly.
    TailscaleUnavailable,
    Blocked,
    AwaitingApproval,
}

impl IdentityProblem {
    pub fn status(self) -> u16 {
        match self {
            IdentityProblem::TailscaleUnavailable => 503,
            _ => 403,
        }
    }

    pub fn title(self) -> Text {
        match self {
            IdentityProblem::NotOnTailnet => Text::new(
                "This device isn't recognised on the Lumicello network.",
                "อุปกรณ์นี้ไม่ได้อยู่ในเครือข่าย Lumicello",
            ),
            IdentityProblem::TaggedNode => Text::new(
                "This is a shared or server device, not a staff phone.",
                "อุปกรณ์นี้เป็นเครื่องส่วนกลาง ไม่ใช่โทรศัพท์ของพนักงาน",
            ),
            IdentityProblem::TailscaleUnavailable => Text::new(
                "The network check isn't answering right now.",
                "ตรวจสอบเครือข่ายไม่ได้ในขณะนี้",
            ),
            IdentityProblem::Blocked => {
                Text::new("This device has been blocked by an admin.", "อุปกรณ์นี้ถูกผู้ดูแลระงับการใช้งาน")
            }
            IdentityProblem::AwaitingApproval => Text::new(
                "This device is waiting for an admin to approve it.",
                "อุปกรณ์นี้กำลังรอผู้ดูแลอนุมัติ",
            ),
        }
    }

    pub fn advice(self) -> Text {
        match self {
            IdentityProblem::NotOnTailnet => Text::new(
                "Open the Tailscale app, connect, and try again.",
                "เปิดแอป Tailscale เชื่อมต่อ แล้วลองอีกครั้ง",
            ),
            IdentityProblem::TaggedNode => Text::new(
                "Please use your own phone, signed in to Tailscale.",
                "กรุณาใช้โทรศัพท์ของคุณที่ลงชื่อเข้า Tailscale",
            ),
            IdentityProblem::TailscaleUnavailable => {
                Text::new("Wait a few seconds and try again.", "รอสักครู่แล้วลองอีกครั้ง")
            }
            IdentityProblem::Blocked => Text::new(
                "Ask the shop owner if you think this is a mistake.",
                "หากคิดว่าผิดพลาด กรุณาติดต่อเจ้าของร้าน",
            ),
            IdentityProblem::AwaitingApproval => Text::new(
                "Ask the shop owner to approve this device, then try again.",
                "ขอให้เจ้าของร้านอนุมัติอุปกรณ์นี้ แล้วลองอีกครั้ง",
            ),
        }
    }
}

/// The device (and its active seller) making the request, once identity succeeded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    /// The device's key (`staff.device_name`).
    pub device: String,
    pub device_display: String,
    pub role: DeviceRole,
    pub seller_id: Option<String>,
    pub seller_name: Option<String>,
    /// The event this phone chose (it matters only when several run at once).
    pub chosen_event: Option<String>,
}
