//! Types that cross the layers: the repository returns them, server functions send them
//! and the screens show them. They sit below the repository and every screen, hold no
//! I/O, and compile for the server and the browser alike.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Visitors, conversations, sales and revenue over a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub visitors: i64,
    pub conversations: i64,
    pub sales: i64,
    pub revenue: i64,
}

/// A period's counts for the whole booth and, when one is logging, for the seller.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub booth: Counts,
    pub seller: Option<Counts>,
}

/// An event as pickers and headers name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRef {
    pub id: String,
    pub name: String,
}

/// Which event a phone logs for now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CurrentEvent {
    /// The one running today (the only one, or the one this phone chose).
    Running(EventRef),
    /// Several run today and this phone chose none of them: "Which booth?".
    Choose(Vec<EventRef>),
    /// None runs today.
    NoneToday,
}

impl CurrentEvent {
    pub fn running(&self) -> Option<&EventRef> {
        match self {
            CurrentEvent::Running(e) => Some(e),
            _ => None,
        }
    }
}

/// What the hours around a milestone show (the window before and after it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneEffect {
    pub id: i32,
    /// Its time in its event's zone, as shown.
    pub when: String,
    pub description: String,
    pub event: String,
    pub effect: domain::insight::Effect,
}

/// The answer to a recording call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    pub id: Uuid,
    /// The submission had been received before: this is the row it created then.
    pub replayed: bool,
}

/// A record's place in the browse order: its time, then its id. In URLs as
/// `2025-12-19T05:00:00.123456Z~<uuid>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cursor {
    pub at: DateTime<Utc>,
    pub id: Uuid,
}

impl Cursor {
    pub fn encode(&self) -> String {
        format!(
            "{}~{}",
            self.at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            self.id
        )
    }

    pub fn decode(text: &str) -> Option<Cursor> {
        let (at, id) = text.split_once('~')?;
        Some(Cursor {
            at: DateTime::parse_from_rfc3339(at).ok()?.with_timezone(&Utc),
            id: Uuid::parse_str(id).ok()?,
        })
    }

    /// Whether `self` comes after `other` in the browse order.
    pub fn is_after(&self, other: &Cursor, oldest_first: bool) -> bool {
        let later = (self.at, self.id) > (other.at, other.id);
        later == oldest_first
    }
}

/// Percent-encodes a URL query value (Thai seller ids, `+` in times).
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b':' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_keep_full_precision_and_order_both_ways() {
        let a = Cursor {
            at: "2025-12-19T05:00:00.123456789Z".parse().unwrap(),
            id: Uuid::from_u128(1),
        };
        assert_eq!(Cursor::decode(&a.encode()), Some(a));
        assert_eq!(Cursor::decode("nonsense"), None);
        let b = Cursor {
            id: Uuid::from_u128(2),
            ..a
        };
        assert!(
            a.is_after(&b, false),
            "newest first: a smaller id at the same time comes later"
        );
        assert!(b.is_after(&a, true));
    }
}
