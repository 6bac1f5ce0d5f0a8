//! Admin pages (PRODUCT.md §5): browse, detail and edit with history, trash, sellers,
//! devices, export. Admins only: every server function here checks the role itself.

pub mod api;
mod browse;
mod devices;
mod events;
mod frame;
mod milestone;
mod record;
mod sellers;
#[cfg(feature = "ssr")]
pub mod server;
mod trash;
pub mod types;

pub use browse::BrowsePage;
pub use devices::DevicesPage;
pub use events::EventsPage;
pub use milestone::MilestonePage;
pub use record::RecordPage;
pub use sellers::SellersPage;
pub use trash::TrashPage;

use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

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
    /// An event's id; every event when unset.
    pub event: Option<String>,
    pub notes: bool,
    /// `oldest` for oldest first; newest first otherwise.
    pub order: Option<String>,
}

/// The URL parameters of a filter, in the order the form has them.
const PARAMS: [&str; 14] = [
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
    "event",
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
            event: get("event"),
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
            self.event.clone(),
            self.notes.then(|| "1".to_string()),
            self.order.clone(),
        ];
        PARAMS
            .iter()
            .zip(values)
            .filter_map(|(name, value)| value.map(|v| format!("{name}={}", crate::wire::encode(&v))))
            .collect::<Vec<_>>()
            .join("&")
    }

    pub fn oldest_first(&self) -> bool {
        self.order.as_deref() == Some("oldest")
    }
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
}
