//! Staff logging: the Home screen and the server functions that record visitors.

pub mod api;
mod done;
mod flow;
mod home;
mod milestone;
mod past;

pub use done::DonePage;
pub use flow::LogPage;
pub use home::HomePage;
pub use milestone::MilestonePage;
pub use past::PastPage;

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

/// The answer to a recording call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    pub id: Uuid,
    /// The submission had been received before: this is the row it created then.
    pub replayed: bool,
}
