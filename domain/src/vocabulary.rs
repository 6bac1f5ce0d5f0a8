//! The enumerations of PRODUCT.md §3 and of the device registry: stored value, emoji and
//! Thai/English label, all in one table per enum. The database CHECK constraints are
//! generated from `Enum::STORED` (see the migration crate), validation uses `Enum::parse`.

use crate::Text;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident ($field:literal) {
            $( $variant:ident = $value:literal, $emoji:literal, $en:literal, $th:literal; )+
        }
        $( legacy { $( $lvariant:ident = $lvalue:literal, $lemoji:literal, $len:literal, $lth:literal; )+ } )?
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $variant, )+
            $( $( $lvariant, )+ )?
        }

        impl $name {
            /// The column / form field this enum is stored in.
            pub const FIELD: &'static str = $field;
            /// Values a new or edited record may take, in display order.
            pub const CURRENT: &'static [$name] = &[$( $name::$variant ),+];
            /// Every value the database may hold, including ones only older versions wrote.
            pub const STORED: &'static [$name] = &[$( $name::$variant, )+ $( $( $name::$lvariant, )+ )?];

            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $value, )+
                    $( $( $name::$lvariant => $lvalue, )+ )?
                }
            }

            /// Any stored value, legacy ones included (reading never rejects them).
            pub fn parse(value: &str) -> Option<Self> {
                match value {
                    $( $value => Some($name::$variant), )+
                    $( $( $lvalue => Some($name::$lvariant), )+ )?
                    _ => None,
                }
            }

            /// A value a write may use: current values only.
            pub fn parse_current(value: &str) -> Option<Self> {
                Self::parse(value).filter(|v| v.is_current())
            }

            pub fn is_current(self) -> bool {
                Self::CURRENT.contains(&self)
            }

            pub fn emoji(self) -> &'static str {
                match self {
                    $( $name::$variant => $emoji, )+
                    $( $( $name::$lvariant => $lemoji, )+ )?
                }
            }

            pub fn label(self) -> Text {
                match self {
                    $( $name::$variant => Text::new($en, $th), )+
                    $( $( $name::$lvariant => Text::new($len, $lth), )+ )?
                }
            }
        }

        impl Stored for $name {
            const FIELD: &'static str = $field;
            const STORED: &'static [$name] = $name::STORED;
            const CURRENT: &'static [$name] = $name::CURRENT;
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
            fn emoji(self) -> &'static str {
                $name::emoji(self)
            }
            fn label(self) -> Text {
                $name::label(self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                $name::parse(&raw).ok_or_else(|| {
                    serde::de::Error::custom(format!("unknown {} '{}'", $field, raw))
                })
            }
        }
    };
}

/// What every enumeration shares: the column it is stored in and its stored values.
pub trait Stored: Copy + PartialEq + 'static {
    const FIELD: &'static str;
    /// Every value the database may hold. The order is part of the database (see
    /// [`Stored::code`]): new values are only ever appended.
    const STORED: &'static [Self];
    /// The values a new or edited record may take.
    const CURRENT: &'static [Self];
    fn as_str(self) -> &'static str;
    fn emoji(self) -> &'static str;
    fn label(self) -> Text;

    /// 1 + the value's place among the stored values: how `facet_code` stores it.
    fn code(self) -> u8 {
        let index = Self::STORED
            .iter()
            .position(|v| *v == self)
            .expect("every value is stored");
        u8::try_from(index + 1).expect("few values")
    }
}

vocabulary! {
    /// Kept for compatibility with the earlier version; always follows `engaged`.
    InteractionType ("interaction_type") {
        WalkBy = "walk_by", "🚶", "Walk-by", "เดินผ่าน";
        Conversation = "conversation", "💬", "Conversation", "พูดคุย";
    }
}

impl InteractionType {
    pub fn from_engaged(engaged: bool) -> Self {
        if engaged {
            InteractionType::Conversation
        } else {
            InteractionType::WalkBy
        }
    }
}

vocabulary! {
    Persona ("persona") {
        Parent = "parent", "👶", "Parent", "พ่อแม่";
        GiftBuyer = "gift_buyer", "🎁", "Gift Buyer", "ซื้อเป็นของขวัญ";
        Expat = "expat", "🌏", "Expat", "ชาวต่างชาติ";
        FutureParent = "future_parent", "🤰", "Future Parent", "ว่าที่พ่อแม่";
    }
}

vocabulary! {
    Hook ("hook") {
        PhysicalKits = "physical_kits", "📦", "Physical Kits", "ชุดของจริง";
        BigGarden = "big_garden", "📱", "Big Garden Screen", "จอ Big Garden";
        Signage = "signage", "🪧", "Signage / Walk-in", "ป้าย / เดินเข้ามาเอง";
    }
}

vocabulary! {
    SaleType ("sale_type") {
        None = "none", "❌", "No Sale", "ไม่ได้ขาย";
        Single = "single", "1️⃣", "Single Box", "กล่องเดี่ยว";
        Bundle3 = "bundle_3", "3️⃣", "3-Box Bundle", "ชุด 3 กล่อง";
        FullYear = "full_year", "📅", "Full Year", "ชุด 1 ปี";
    }
}

impl SaleType {
    pub fn is_sale(self) -> bool {
        self != SaleType::None
    }
}

vocabulary! {
    Objection ("objection") {
        TooExpensive = "too_expensive", "💰", "Too expensive", "แพงไป";
        HasToys = "has_toys", "🧸", "Has toys", "มีของเล่นแล้ว";
        NeedToThink = "need_to_think", "🤔", "Thinking", "ขอคิดก่อน";
        AgeMismatch = "age_mismatch", "👶", "Age off", "อายุไม่ตรง";
        Other = "other", "❓", "Other", "อื่นๆ";
    }
    legacy {
        NotInterested = "not_interested", "🙅", "Not interested", "ไม่สนใจ";
        NoTime = "no_time", "⏱️", "No time", "ไม่มีเวลา";
        AlreadyHave = "already_have", "📚", "Already have", "มีอยู่แล้ว";
        LanguageBarrier = "language_barrier", "🗣️", "Language barrier", "ติดปัญหาภาษา";
    }
}

vocabulary! {
    LeadType ("lead_type") {
        Line = "line", "💚", "LINE", "LINE";
        Email = "email", "📧", "Email", "อีเมล";
        Instagram = "instagram", "📸", "Instagram", "Instagram";
        None = "none", "➖", "None", "ไม่มี";
    }
}

vocabulary! {
    /// What a device may do: log (staff) or also administer.
    DeviceRole ("role") {
        Staff = "staff", "📱", "Staff", "พนักงาน";
        Admin = "admin", "🔑", "Admin", "ผู้ดูแล";
    }
}

vocabulary! {
    DeviceStatus ("status") {
        Active = "active", "✅", "Active", "ใช้งาน";
        Pending = "pending", "⏳", "Waiting for approval", "รออนุมัติ";
        Blocked = "blocked", "⛔", "Blocked", "ถูกระงับ";
    }
}

vocabulary! {
    /// What an admin may do to a device: one button (or form) each on the devices page,
    /// posted as the form's `action`.
    DeviceAction ("action") {
        Rename = "rename", "✏️", "Rename", "เปลี่ยนชื่อ";
        Seller = "seller", "🧑", "Assign", "กำหนด";
        Approve = "approve", "✅", "Approve", "อนุมัติ";
        Block = "block", "⛔", "Block", "ระงับ";
        Unblock = "unblock", "↩", "Unblock", "ยกเลิกการระงับ";
        Admin = "admin", "🔑", "Make admin", "ให้สิทธิ์ผู้ดูแล";
        Staff = "staff", "📱", "Remove admin", "ถอนสิทธิ์ผู้ดูแล";
    }
}

vocabulary! {
    /// What a row of the history is about (`audit_log.entity`).
    AuditSubject ("entity") {
        Interaction = "interaction", "🧾", "Record", "รายการ";
        Milestone = "milestone", "🚩", "Milestone", "เหตุการณ์";
        Seller = "seller", "🧑", "Seller", "ผู้ขาย";
        Device = "device", "📱", "Device", "อุปกรณ์";
        Setting = "setting", "⚙️", "Setting", "การตั้งค่า";
        Event = "event", "🎪", "Event", "งาน";
    }
}

vocabulary! {
    /// What happened (`audit_log.action`), as the history reads it.
    AuditAction ("action") {
        Create = "create", "➕", "Created", "สร้าง";
        Edit = "edit", "✏️", "Edited", "แก้ไข";
        Delete = "delete", "🗑", "Deleted", "ลบ";
        Restore = "restore", "↩", "Restored", "กู้คืน";
        Undo = "undo", "↩", "Taken back by its device", "ยกเลิกโดยเครื่องที่บันทึก";
        Purge = "purge", "🗑", "Deleted for good", "ลบถาวร";
        Expire = "expire", "⏳", "Deleted for good by automatic emptying", "ลบถาวรโดยการล้างอัตโนมัติ";
    }
}

/// Emoji and label of a stored value of an enumerated column, any enum, legacy values
/// included; `None` for a value no version ever wrote.
pub fn label_of(field: &str, value: &str) -> Option<(&'static str, Text)> {
    macro_rules! lookup {
        ($($e:ty),*) => {
            $(if field == <$e>::FIELD {
                return <$e>::parse(value).map(|v| (v.emoji(), v.label()));
            })*
        };
    }
    lookup!(
        InteractionType,
        Persona,
        Hook,
        SaleType,
        Objection,
        LeadType,
        DeviceRole,
        DeviceStatus
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_legacy_values_read_but_do_not_write() {
        for o in Objection::STORED {
            assert_eq!(Objection::parse(o.as_str()), Some(*o));
        }
        assert_eq!(Objection::parse("no_time"), Some(Objection::NoTime));
        assert_eq!(Objection::parse_current("no_time"), None);
        assert_eq!(Objection::parse_current("too_expensive"), Some(Objection::TooExpensive));
        assert_eq!(Objection::CURRENT.len(), 5);
        assert_eq!(Objection::STORED.len(), 9);
        assert_eq!(Persona::parse("Parent"), None, "values are case-sensitive");
    }

    #[test]
    fn any_stored_value_has_a_label() {
        assert_eq!(label_of("objection", "no_time").map(|(_, l)| l.en), Some("No time"));
        assert_eq!(label_of("persona", "gift_buyer").map(|(e, _)| e), Some("🎁"));
        assert_eq!(label_of("persona", "robot"), None);
        assert_eq!(label_of("colour", "red"), None);
    }

    #[test]
    fn serde_uses_the_stored_value() {
        assert_eq!(serde_json::to_string(&Hook::BigGarden).unwrap(), "\"big_garden\"");
        assert_eq!(
            serde_json::from_str::<Objection>("\"no_time\"").unwrap(),
            Objection::NoTime
        );
        assert!(serde_json::from_str::<Persona>("\"robot\"").is_err());
        assert_eq!(SaleType::Bundle3.label().en, "3-Box Bundle");
        assert_eq!(Objection::TooExpensive.label().th, "แพงไป");
    }
}
