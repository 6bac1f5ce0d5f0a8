//! Admin pages (PRODUCT.md §5): browse, detail and edit with history, trash, sellers,
//! devices, export. Admins only: every server function here checks the role itself.

pub mod api;
mod browse;
mod devices;
mod frame;
mod milestone;
mod record;
mod sellers;
mod trash;

pub use browse::BrowsePage;
pub use devices::DevicesPage;
pub use milestone::MilestonePage;
pub use record::RecordPage;
pub use sellers::SellersPage;
pub use trash::TrashPage;

use chrono::{DateTime, Utc};
use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Records per page of the browse list.
pub const PAGE_SIZE: u64 = 50;

/// The browse filter exactly as it stands in the URL (`/admin?range=week&persona=parent`),
/// so a view can be shared, reloaded and gone back to. Checked on the server.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// `today` (default), `yesterday`, `week`, `all` or `custom`.
    pub range: String,
    /// Booth-local dates `YYYY-MM-DD`, for `custom`.
    pub from: Option<String>,
    pub to: Option<String>,
    /// `engaged`, `walk_by` or `sales`.
    pub kind: Option<String>,
    pub persona: Option<String>,
    pub hook: Option<String>,
    pub outcome: Option<String>,
    pub objection: Option<String>,
    pub lead: Option<String>,
    pub seller: Option<String>,
    pub device: Option<String>,
    pub notes: bool,
    /// `oldest` for oldest first; newest first otherwise.
    pub order: Option<String>,
}

/// The URL parameters of a filter, in the order the form has them.
const PARAMS: [&str; 13] = [
    "range",
    "from",
    "to",
    "type",
    "persona",
    "hook",
    "outcome",
    "objection",
    "lead",
    "seller",
    "device",
    "notes",
    "order",
];

impl Filter {
    pub fn from_query(q: &ParamsMap) -> Filter {
        Filter::from_lookup(|name| q.get(name))
    }

    /// The filter of any set of URL parameters.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Filter {
        let get = |name: &str| lookup(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        Filter {
            range: get("range").unwrap_or_default(),
            from: get("from"),
            to: get("to"),
            kind: get("type"),
            persona: get("persona"),
            hook: get("hook"),
            outcome: get("outcome"),
            objection: get("objection"),
            lead: get("lead"),
            seller: get("seller"),
            device: get("device"),
            notes: get("notes").is_some(),
            order: get("order"),
        }
    }

    /// `range=week&persona=parent…` (empty values left out).
    pub fn to_query(&self) -> String {
        let values = [
            Some(self.range.clone()).filter(|r| !r.is_empty()),
            self.from.clone(),
            self.to.clone(),
            self.kind.clone(),
            self.persona.clone(),
            self.hook.clone(),
            self.outcome.clone(),
            self.objection.clone(),
            self.lead.clone(),
            self.seller.clone(),
            self.device.clone(),
            self.notes.then(|| "1".to_string()),
            self.order.clone(),
        ];
        PARAMS
            .iter()
            .zip(values)
            .filter_map(|(name, value)| value.map(|v| format!("{name}={}", encode(&v))))
            .collect::<Vec<_>>()
            .join("&")
    }

    pub fn oldest_first(&self) -> bool {
        self.order.as_deref() == Some("oldest")
    }
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
    fn filters_round_trip_through_the_url() {
        let mut q = ParamsMap::new();
        for (k, v) in [
            ("range", "week"),
            ("type", "sales"),
            ("seller", "สมชาย-ใจดี"),
            ("notes", "1"),
            ("persona", " "),
        ] {
            q.insert(k.to_string(), v.to_string());
        }
        let filter = Filter::from_query(&q);
        assert_eq!(filter.kind.as_deref(), Some("sales"));
        assert_eq!(filter.persona, None, "blank is unset");
        assert!(filter.notes);
        let query = filter.to_query();
        assert_eq!(
            query,
            "range=week&type=sales&seller=%E0%B8%AA%E0%B8%A1%E0%B8%8A%E0%B8%B2%E0%B8%A2-%E0%B9%83%E0%B8%88%E0%B8%94%E0%B8%B5&notes=1"
        );
    }

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
